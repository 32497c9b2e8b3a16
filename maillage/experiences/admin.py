from django.contrib import admin

from .models import Experience, Helpful, Photo


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    readonly_fields = ["file", "content_type", "position", "original_name", "removed_at"]
    can_delete = False


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "author", "visibility", "status", "poster_status"]
    list_filter = ["status", "visibility", "poster_status"]
    search_fields = ["title"]
    raw_id_fields = ["author", "space", "created_by", "archived_by"]
    filter_horizontal = ["organisations"]
    inlines = [PhotoInline]

    def has_delete_permission(self, request, obj=None):
        return False  # archived, never deleted


@admin.register(Helpful)
class HelpfulAdmin(admin.ModelAdmin):
    list_display = ["experience", "person", "created_at", "withdrawn_at"]
    raw_id_fields = ["experience", "person"]
