from django.contrib import admin

from .models import Amendment, Document, Version


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "kind", "status", "cycle"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    readonly_fields = ["opinion_request", "deliberation", "published_version", "rapporteur"]


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ["pk", "document", "kind", "status", "support_count"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["document", "article", "author"]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "reason", "author_name", "created_at", "frozen_at"]
    raw_id_fields = ["document", "amendment"]
