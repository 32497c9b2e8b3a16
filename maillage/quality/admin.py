from django.contrib import admin

from .models import ActivityReport, Improvement, Process, ReportDelivery


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "owner", "next_review_on", "archived_at"]
    search_fields = ["title"]
    raw_id_fields = ["owner", "created_by"]


@admin.register(Improvement)
class ImprovementAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "space", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["submitted_by", "action_owner"]


class DeliveryInline(admin.TabularInline):
    model = ReportDelivery
    extra = 0
    can_delete = False
    readonly_fields = ["person", "organisation", "email", "queued_at", "delivered_at"]


@admin.register(ActivityReport)
class ActivityReportAdmin(admin.ModelAdmin):
    list_display = ["year", "space", "status", "sent_at"]
    inlines = [DeliveryInline]
