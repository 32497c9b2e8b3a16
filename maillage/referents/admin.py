from django.contrib import admin

from .models import ServiceReferent


@admin.register(ServiceReferent)
class ServiceReferentAdmin(admin.ModelAdmin):
    list_display = ["role", "service", "start_date", "end_date"]
    raw_id_fields = ["role", "service", "created_by", "ended_by"]

    def has_delete_permission(self, request, obj=None):
        return False  # ended, never deleted
