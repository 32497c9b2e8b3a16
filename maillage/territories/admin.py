from django.contrib import admin

from .models import (
    Competence,
    CompetenceRule,
    ExercisedCompetence,
    Membership,
    Organisation,
    PostalCode,
)
from .rules import normalize


class ExercisedCompetenceInline(admin.TabularInline):
    model = ExercisedCompetence
    extra = 1
    autocomplete_fields = ["competence"]


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "epci_type", "insee_code", "siren", "population_totale"]
    list_filter = ["kind", "epci_type", "dissolved_on"]
    search_fields = ["search_name", "insee_code", "siren"]
    list_select_related = True
    raw_id_fields = ["departement", "region"]
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind == "epci":
            return [ExercisedCompetenceInline]
        if obj is not None and obj.kind == "commune":
            return [PostalCodeInline]
        return []

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize(search_term) or search_term)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "group", "nature", "start_date", "end_date"]
    list_filter = ["nature"]
    raw_id_fields = ["member", "group"]
    list_select_related = ["member", "group"]
    search_fields = ["member__search_name", "group__search_name", "member__insee_code"]
    show_full_result_count = False


class CompetenceRuleInline(admin.TabularInline):
    model = CompetenceRule
    extra = 0


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name", "code"]
    inlines = [CompetenceRuleInline]


@admin.register(ExercisedCompetence)
class ExercisedCompetenceAdmin(admin.ModelAdmin):
    list_display = ["epci", "competence", "category", "start_date", "end_date"]
    list_filter = ["category", "competence"]
    raw_id_fields = ["epci"]
    list_select_related = ["epci", "competence"]
    search_fields = ["epci__search_name", "epci__siren"]
