from django.contrib import admin

from .models import Question, ReminderSent, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "label", "required"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "status", "deadline", "anonymous"]
    list_filter = ["status", "anonymous"]
    search_fields = ["title"]
    raw_id_fields = ["people", "body", "created_by"]
    inlines = [QuestionInline]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["survey", "days_before", "sent_at", "recipients"]
