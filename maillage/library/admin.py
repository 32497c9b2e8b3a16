from django.contrib import admin

from .models import Document, DocumentVersion, SearchEntry, Tag


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "original_name", "mime_type", "size", "extraction", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "category", "visibility", "dated", "archived_at"]
    list_filter = ["category", "visibility"]
    search_fields = ["title"]
    raw_id_fields = ["space", "current_version", "created_by", "archived_by"]
    inlines = [VersionInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "space"]
    search_fields = ["name"]


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    """Read only: the index is written by the apps through maillage.library.search."""

    list_display = ["title", "space", "kind", "is_public", "updated_at"]
    list_filter = ["kind", "is_public"]
    search_fields = ["key", "title"]
    readonly_fields = ["space", "key", "kind", "title", "body", "url", "tags", "is_public"]
    exclude = ["search_vector"]

    def has_add_permission(self, request):
        return False
