from django.contrib import admin

from .models import ConferenceSettings, MeetingRequest, RequestRound, Theme, Thread


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "space", "position"]
    list_filter = ["space"]


@admin.register(ConferenceSettings)
class ConferenceSettingsAdmin(admin.ModelAdmin):
    list_display = ["space", "open_to"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    """Read-only: threads change through the conference's pages (and their log)."""

    list_display = ["title", "space", "theme", "author", "reply_count", "support_count"]
    list_filter = ["space", "theme"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RequestRound)
class RequestRoundAdmin(admin.ModelAdmin):
    list_display = ["space", "year", "opened_at", "reached_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["person", "commune", "round", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False
