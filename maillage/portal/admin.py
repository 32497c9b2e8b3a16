from django.contrib import admin

from .models import CommuneMap


@admin.register(CommuneMap)
class CommuneMapAdmin(admin.ModelAdmin):
    list_display = ["space", "original_name", "uploaded_at", "archived_at"]
    list_filter = ["archived_at"]
    raw_id_fields = ["space", "uploaded_by"]
    readonly_fields = ["shapes", "ignored_codes", "width", "height"]
