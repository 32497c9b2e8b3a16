from django.contrib import admin

from .models import Action, Axis, Decision, Experiment, Objective, RoadmapItem, RoadmapVersion


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "position", "archived_at"]
    search_fields = ["title"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "axis", "position", "archived_at"]
    search_fields = ["title"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "objective", "position", "archived_at"]
    search_fields = ["title"]
    raw_id_fields = ["objective", "projects"]


@admin.register(RoadmapItem)
class RoadmapItemAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "priority", "year_from", "year_to", "status"]
    list_filter = ["status", "priority"]
    search_fields = ["title"]
    raw_id_fields = ["needs", "projects", "created_by"]


@admin.register(RoadmapVersion)
class RoadmapVersionAdmin(admin.ModelAdmin):
    """Versions are read here; they change only through the pages (logged)."""

    list_display = ["space", "number", "status", "adopted_at"]
    list_filter = ["status"]
    readonly_fields = ["snapshot"]
    raw_id_fields = ["deliberation", "proposed_by", "adopted_by"]


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "start_date", "end_date", "archived_at"]
    search_fields = ["title"]
    raw_id_fields = ["survey", "pilots", "created_by"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["experiment", "outcome", "decided_on"]
    raw_id_fields = ["experiment", "deliberation", "body", "roadmap_item", "supersedes"]
