from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Mandate, Person, User

admin.site.register(User, UserAdmin)


class MandateInline(admin.TabularInline):
    model = Mandate
    fk_name = "person"
    extra = 0
    raw_id_fields = ["organisation", "represents"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "user"]
    search_fields = ["last_name", "first_name", "email"]
    raw_id_fields = ["user"]
    exclude = ["birth_date"]
    inlines = [MandateInline]
    show_full_result_count = False


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["person", "function", "organisation", "start_date", "end_date", "source"]
    list_filter = ["function", "source"]
    raw_id_fields = ["person", "organisation", "represents"]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__last_name", "organisation__search_name"]
    show_full_result_count = False
