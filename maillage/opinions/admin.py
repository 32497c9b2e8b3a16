from django.contrib import admin

from .models import Opinion, OpinionRequest, OpinionTarget


@admin.register(OpinionRequest)
class OpinionRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "status", "rule", "sent_on", "deadline"]
    list_filter = ["status", "rule"]
    search_fields = ["title"]
    raw_id_fields = ["space", "body", "created_by"]


@admin.register(OpinionTarget)
class OpinionTargetAdmin(admin.ModelAdmin):
    list_display = ["name", "request", "received_on"]
    search_fields = ["name"]
    raw_id_fields = ["request", "organisation", "person"]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["target", "value", "recorded_by_name", "recorded_at", "corrections"]
    list_filter = ["value"]
    raw_id_fields = ["target", "recorded_by"]
    readonly_fields = ["recorded_at", "corrected_at", "corrections"]
