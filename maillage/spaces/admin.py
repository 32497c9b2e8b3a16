from django.contrib import admin

from .models import RneImport, Space, SpaceMember, SpaceRole


class SpaceRoleInline(admin.TabularInline):
    model = SpaceRole
    extra = 0
    raw_id_fields = ["person", "organisation"]


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "organisation"]
    raw_id_fields = ["organisation"]
    search_fields = ["name", "slug"]
    inlines = [SpaceRoleInline]


@admin.register(SpaceMember)
class SpaceMemberAdmin(admin.ModelAdmin):
    list_display = ["space", "organisation", "start_date", "end_date"]
    raw_id_fields = ["organisation"]
    list_select_related = ["space", "organisation"]


@admin.register(RneImport)
class RneImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "space", "status", "created_at"]
    readonly_fields = ["report"]
