"""Pages of the library: the list (filters by tag and nature), the search with the passage
found, a document's page with its versions, upload and edit, a new version, archive and
restore, and the file itself (served only after the right is checked).

Anonymous visitors see the public documents only; every form works without JavaScript."""

import functools
import math

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from maillage.access import deny, space_view

from . import perms, search, services
from .forms import DocumentForm, SearchForm, VersionForm
from .models import Category, Document, DocumentVersion, Tag, Visibility

PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 20
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


def document_view(permission, need=""):
    """Load the document of the URL (`slug`, `document_id`); the visitor must be allowed to
    read it, then `permission(user, space)` must hold."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, document_id, *args, **kwargs):
            document = get_object_or_404(
                Document.objects.select_related(
                    "space__organisation", "current_version", "created_by"
                ),
                pk=document_id,
                space__slug=slug,
            )
            if not perms.can_view_document(request.user, document):
                return deny(request, perms.NEED_VIEW)
            if permission is not None and not permission(request.user, document.space):
                return deny(request, need)
            return view(request, document, *args, **kwargs)

        return wrapper

    return decorator


def _shown_error(form, error: services.LibraryError):
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


# --- List and search ----------------------------------------------------------------------


@space_view(perms.can_see_library)
def library_list(request, space):
    members = perms.can_see_members_documents(request.user, space)
    documents = (
        Document.objects.current()
        .filter(space=space)
        .select_related("current_version", "space")
        .prefetch_related("tags")
    )
    if not members:
        documents = documents.visible_to_public()
    tag = Tag.objects.filter(space=space, slug=request.GET.get("etiquette", "")).first()
    if tag is not None:
        documents = documents.filter(tags=tag)
    category = request.GET.get("nature", "")
    if category in Category.values:
        documents = documents.filter(category=category)
    else:
        category = ""
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/document_list.html",
        {
            "space": space,
            "page": page,
            "tags": Tag.objects.filter(space=space),
            "categories": Category.choices,
            "tag": tag,
            "category": category,
            "members": members,
            "can_manage": perms.can_manage_library(request.user, space),
        },
    )


class SearchPage:
    """One page of search results, shaped for `_pagination.html`."""

    def __init__(self, results: search.Results, number: int, size: int):
        self.results, self.number = results, number
        self.paginator = self
        self.count = results.total
        self.num_pages = max(1, math.ceil(results.total / size))

    def __iter__(self):
        return iter(self.results)

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


@space_view(perms.can_see_library)
def search_view(request, space):
    form = SearchForm(request.GET or None)
    page = None
    query = kind = tag = ""
    if form.is_valid():
        query, kind, tag = (form.cleaned_data[k] for k in ("q", "kind", "tag"))
    try:
        number = max(1, min(int(request.GET.get("page", 1)), 1000))
    except ValueError:
        number = 1
    if query:
        results = search.search(
            space=space,
            query=query,
            user=request.user,
            kind=kind or None,
            tag=tag or None,
            limit=SEARCH_PAGE_SIZE,
            offset=(number - 1) * SEARCH_PAGE_SIZE,
        )
        page = SearchPage(results, number, SEARCH_PAGE_SIZE)
    kinds = [("deliberation", "Délibérations"), *Category.choices]
    return render(
        request,
        "library/search.html",
        {
            "space": space,
            "form": form,
            "query": query,
            "kind": kind,
            "tag": tag,
            "kinds": kinds,
            "page": page,
            "members": perms.can_see_members_documents(request.user, space),
        },
    )


# --- A document ---------------------------------------------------------------------------


@document_view(None)
def document_detail(request, document):
    versions = document.versions.select_related("uploaded_by").order_by("-number")
    return render(
        request,
        "library/document_detail.html",
        {
            "space": document.space,
            "document": document,
            "versions": versions,
            "tags": document.tags.all(),
            "can_manage": perms.can_manage_library(request.user, document.space),
        },
    )


def _form_values(data) -> dict:
    return {
        "title": data["title"],
        "description": data["description"],
        "category": data["category"],
        "tags": services.tags_from(data["tags"]),
        "dated": data["dated"],
        "visibility": data["visibility"],
    }


@space_view(perms.can_manage_library, perms.NEED_MANAGE)
def document_create(request, space):
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(
                actor=request.user,
                space=space,
                upload=form.cleaned_data["file"],
                **_form_values(form.cleaned_data),
            )
        except services.LibraryError as error:
            _shown_error(form, error)
        else:
            messages.success(
                request, "Document déposé : son texte sera lu pour la recherche dans un instant."
            )
            return redirect(document)
    return render(
        request, "library/document_form.html", {"space": space, "form": form, "document": None}
    )


@document_view(perms.can_manage_library, perms.NEED_MANAGE)
def document_edit(request, document):
    initial = {
        "title": document.title,
        "description": document.description,
        "category": document.category,
        "tags": ", ".join(t.name for t in document.tags.all()),
        "dated": document.dated,
        "visibility": document.visibility,
    }
    form = DocumentForm(request.POST or None, initial=initial, with_file=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(
                actor=request.user, document=document, **_form_values(form.cleaned_data)
            )
        except services.LibraryError as error:
            _shown_error(form, error)
        else:
            messages.success(request, "Document modifié.")
            return redirect(document)
    return render(
        request,
        "library/document_form.html",
        {"space": document.space, "form": form, "document": document},
    )


@document_view(perms.can_manage_library, perms.NEED_MANAGE)
def document_new_version(request, document):
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.replace_file(
                actor=request.user,
                document=document,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except services.LibraryError as error:
            _shown_error(form, error)
        else:
            messages.success(request, f"Version {version.number} déposée.")
            return redirect(document)
    return render(
        request,
        "library/version_form.html",
        {"space": document.space, "form": form, "document": document},
    )


@require_POST
@document_view(perms.can_manage_library, perms.NEED_MANAGE)
def document_archive(request, document):
    try:
        services.archive_document(actor=request.user, document=document)
    except services.LibraryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Document archivé : il ne paraît plus dans la bibliothèque.")
    return redirect(document)


@require_POST
@document_view(perms.can_manage_library, perms.NEED_MANAGE)
def document_restore(request, document):
    try:
        services.restore_document(actor=request.user, document=document)
    except services.LibraryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Document restauré dans la bibliothèque.")
    return redirect(document)


@document_view(None)
def document_download(request, document, number):
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("Le fichier est introuvable sur le serveur.") from error
    response = FileResponse(
        handle,
        as_attachment=version.mime_type not in INLINE_TYPES,
        filename=version.original_name,
        content_type=version.mime_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if document.visibility != Visibility.PUBLIC:
        response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("espaces/<slug:slug>/bibliotheque/", library_list, name="list"),
    path("espaces/<slug:slug>/bibliotheque/recherche/", search_view, name="search"),
    path("espaces/<slug:slug>/bibliotheque/deposer/", document_create, name="create"),
    path("espaces/<slug:slug>/bibliotheque/<int:document_id>/", document_detail, name="detail"),
    path(
        "espaces/<slug:slug>/bibliotheque/<int:document_id>/modifier/",
        document_edit,
        name="edit",
    ),
    path(
        "espaces/<slug:slug>/bibliotheque/<int:document_id>/nouvelle-version/",
        document_new_version,
        name="new_version",
    ),
    path(
        "espaces/<slug:slug>/bibliotheque/<int:document_id>/archiver/",
        document_archive,
        name="archive",
    ),
    path(
        "espaces/<slug:slug>/bibliotheque/<int:document_id>/restaurer/",
        document_restore,
        name="restore",
    ),
    path(
        "espaces/<slug:slug>/bibliotheque/<int:document_id>/versions/<int:number>/",
        document_download,
        name="download",
    ),
]
