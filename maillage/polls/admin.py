from django.contrib import admin

from .models import Option, Poll


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "kind", "status", "closes_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    inlines = [OptionInline]
    raw_id_fields = ["author", "body", "sitting", "chosen_option", "created_by", "closed_by"]
