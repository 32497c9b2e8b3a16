from django.contrib import admin

from .models import CommissionSettings, Follow, JoinRequest, Replacement


@admin.register(CommissionSettings)
class CommissionSettingsAdmin(admin.ModelAdmin):
    list_display = ["body", "open_to_councillors", "max_seats_per_commune"]
    raw_id_fields = ["body"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "commune", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["person", "body", "commune", "seat"]
    readonly_fields = ["decided_by", "decided_at"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "created_at"]
    raw_id_fields = ["person", "body"]


@admin.register(Replacement)
class ReplacementAdmin(admin.ModelAdmin):
    list_display = ["sitting", "replaced_seat", "replacement", "commune", "at"]
    raw_id_fields = ["sitting", "replaced_seat", "replacement", "commune", "named_by_person"]
    readonly_fields = ["named_by"]
