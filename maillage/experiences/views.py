"""Pages of experiences: the space's list (filters by theme and commune, the most helpful),
posting, the experience page (photos, video, « ça m'a aidé », comments), editing, archiving;
and the views that serve the files, each checking the right to see the experience — the
video one answers HTTP Range requests (206) so that phones can seek."""

import datetime
import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import deny, space_view
from maillage.spaces.perms import person_of

from . import perms, rules, services
from .forms import ExperienceForm, FilterForm
from .models import Experience, ExperienceTheme, Photo, Status
from .services import ExperienceError

PAGE_SIZE = 50
BEST_PERIOD_DAYS = 90
CHUNK = 64 * 1024


def experience_view(permission, need=""):
    """Load `slug` and `experience_id` from the URL; `permission(user, experience)` must hold
    (seeing it comes first: someone who may not see it learns nothing more)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, experience_id, *args, **kwargs):
            experience = get_object_or_404(
                Experience.objects.select_related("space__organisation", "author"),
                pk=experience_id,
                space__slug=slug,
            )
            if not perms.can_view_experience(request.user, experience):
                return deny(request, perms.NEED_VIEW)
            if not permission(request.user, experience):
                return deny(request, need)
            return view(request, experience, *args, **kwargs)

        return wrapper

    return decorator


# --- List ---------------------------------------------------------------------------------------


def list_queryset(space, *, theme="", commune=None, best=False):
    queryset = (
        Experience.objects.published()
        .in_space(space)
        .select_related("author", "space")
        .prefetch_related(
            Prefetch("themes", queryset=ExperienceTheme.objects.order_by("theme")),
            "organisations",
        )
    )
    if theme:
        queryset = queryset.filter(
            Exists(ExperienceTheme.objects.filter(experience=OuterRef("pk"), theme=theme))
        )
    if commune is not None:
        tagged = Experience.organisations.through.objects.filter(
            experience_id=OuterRef("pk"), organisation_id=commune.pk
        )
        queryset = queryset.filter(Exists(tagged))
    if best:
        since = timezone.now() - datetime.timedelta(days=BEST_PERIOD_DAYS)
        return queryset.with_helpful_counts(since=since).order_by(
            "-helpful_count", "-created_at", "-pk"
        )
    return queryset.with_helpful_counts().order_by("-created_at", "-pk")


@space_view(perms.can_view_experiences, need=perms.NEED_VIEW)
def experience_list(request, space):
    organisations = services.member_organisations(space)
    form = FilterForm(request.GET or None, organisations=organisations)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = list_queryset(
        space,
        theme=data.get("theme", ""),
        commune=data.get("commune"),
        best=data.get("tri") == "utiles",
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "experiences/experience_list.html",
        {
            "space": space,
            "page": page,
            "form": form,
            "filtered": bool(data.get("theme") or data.get("commune")),
            "can_post": perms.can_post_experience(request.user, space),
            "best_period": BEST_PERIOD_DAYS,
        },
    )


# --- Posting and editing ------------------------------------------------------------------------


def _form_values(form, request):
    data = form.cleaned_data
    return {
        "title": data["title"],
        "text": data["text"],
        "themes": data["themes"],
        "organisations": list(data["organisations"]),
        "visibility": data["visibility"],
        "video": request.FILES.get("video") or request.FILES.get("video_file"),
        "captions": request.FILES.get("captions"),
        "photos": request.FILES.getlist("photos"),
    }


@space_view(perms.can_post_experience, need=perms.NEED_POST)
def experience_create(request, space):
    form = ExperienceForm(
        request.POST or None,
        request.FILES or None,
        organisations=services.member_organisations(space),
    )
    if request.method == "POST" and form.is_valid():
        try:
            experience = services.post_experience(
                actor=request.user, space=space, **_form_values(form, request)
            )
        except ExperienceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _posted_message(experience, "publié"))
            return redirect(experience)
    return render(
        request,
        "experiences/experience_form.html",
        {"space": space, "form": form, "files_lost": request.method == "POST"},
    )


def _posted_message(experience, verb):
    message = f"Votre retour d'expérience est {verb}."
    if experience.poster_status == "en_cours":
        message += " L'image d'aperçu de la vidéo est en préparation."
    elif experience.poster_status == "echec":
        message += (
            " L'image d'aperçu de la vidéo n'a pas pu être créée : la vidéo se lit sans elle."
        )
    return message


@experience_view(perms.can_edit_experience, need=perms.NEED_EDIT)
def experience_edit(request, experience):
    photos = list(experience.photos.filter(removed_at__isnull=True))
    initial = {
        "title": experience.title,
        "text": experience.text,
        "themes": list(experience.themes.values_list("theme", flat=True)),
        "organisations": list(experience.organisations.all()),
        "visibility": experience.visibility,
    }
    form = ExperienceForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        organisations=services.member_organisations(experience.space),
        photos=photos,
        has_captions=bool(experience.captions),
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.update_experience(
                actor=request.user,
                experience=experience,
                remove_photos=form.cleaned_data.get("remove_photos", []),
                remove_captions=form.cleaned_data.get("remove_captions", False),
                **_form_values(form, request),
            )
        except ExperienceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _posted_message(updated, "modifié"))
            return redirect(updated)
    return render(
        request,
        "experiences/experience_form.html",
        {
            "space": experience.space,
            "experience": experience,
            "form": form,
            "files_lost": request.method == "POST",
        },
    )


# --- The experience page ------------------------------------------------------------------------


def _helpful_context(request, experience):
    person = person_of(request.user)
    count = experience.helpful_marks.filter(withdrawn_at__isnull=True).count()
    return {
        "experience": experience,
        "helpful_count": count,
        "said_helpful": services.has_said_helpful(person, experience),
        "can_say_helpful": perms.can_say_helpful(request.user, experience),
    }


@experience_view(lambda user, experience: True)
def experience_detail(request, experience):
    context = {
        "space": experience.space,
        "photos": list(experience.photos.filter(removed_at__isnull=True)),
        "themes": list(experience.themes.all()),
        "organisations": list(experience.organisations.order_by("name")),
        "is_author": perms.is_author(request.user, experience),
        "can_edit": perms.can_edit_experience(request.user, experience),
        "can_archive": perms.can_archive_experience(request.user, experience)
        and experience.status == Status.PUBLISHED,
        "is_member": perms.can_view_experiences(request.user, experience.space),
        **_helpful_context(request, experience),
    }
    return render(request, "experiences/experience_detail.html", context)


@experience_view(perms.can_say_helpful, need=perms.NEED_HELPFUL)
@require_POST
def experience_helpful(request, experience):
    try:
        if request.POST.get("retirer"):
            services.withdraw_helpful(actor=request.user, experience=experience)
            done = "Votre « ça m'a aidé » est retiré."
        else:
            services.say_helpful(actor=request.user, experience=experience)
            done = "Merci : l'auteur saura que son retour vous a aidé."
    except ExperienceError as error:
        if request.htmx:
            return render(
                request,
                "experiences/_helpful.html",
                {**_helpful_context(request, experience), "error": str(error)},
            )
        messages.error(request, str(error))
    else:
        if request.htmx:
            return render(
                request,
                "experiences/_helpful.html",
                {**_helpful_context(request, experience), "done": done},
            )
        messages.success(request, done)
    return redirect(experience)


@experience_view(perms.can_archive_experience, need=perms.NEED_ARCHIVE)
@require_POST
def experience_archive(request, experience):
    try:
        services.archive_experience(actor=request.user, experience=experience)
    except ExperienceError as error:
        messages.error(request, str(error))
        return redirect(experience)
    messages.success(
        request,
        "Le retour d'expérience est archivé : il n'apparaît plus dans les listes, le portail ni "
        "le bulletin. Vous et les administrateurs pouvez encore l'ouvrir.",
    )
    return redirect("experiences:list", experience.space.slug)


# --- Files --------------------------------------------------------------------------------------


def _chunks(handle, start, length):
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def serve_file(request, fieldfile, content_type, *, ranges=False, public=False):
    """Send a stored file; with `ranges`, answer a `Range: bytes=…` request with 206 and the
    part asked, 416 if it lies past the end."""
    if not fieldfile:
        raise Http404("Pas de fichier.")
    try:
        size = fieldfile.size
        handle = fieldfile.open("rb")
    except FileNotFoundError as error:
        raise Http404("Fichier introuvable.") from error
    cache = "public, max-age=3600" if public else "private, max-age=3600"
    wanted = None
    if ranges:
        try:
            wanted = rules.parse_range(request.headers.get("Range"), size)
        except rules.Unsatisfiable:
            handle.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            response["Accept-Ranges"] = "bytes"
            return response
    if wanted is not None:
        response = StreamingHttpResponse(
            _chunks(handle, wanted.start, wanted.length), status=206, content_type=content_type
        )
        response["Content-Range"] = wanted.content_range(size)
        response["Content-Length"] = str(wanted.length)
    else:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    if ranges:
        response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _can_view(user, experience):
    return True  # the decorator already checked `can_view_experience`


@experience_view(_can_view)
def experience_video(request, experience):
    return serve_file(
        request, experience.video, experience.video_type or "video/mp4", ranges=True,
        public=experience.is_public,
    )  # fmt: skip


@experience_view(_can_view)
def experience_poster(request, experience):
    return serve_file(request, experience.poster, "image/jpeg", public=experience.is_public)


@experience_view(_can_view)
def experience_captions(request, experience):
    return serve_file(
        request, experience.captions, "text/vtt; charset=utf-8", public=experience.is_public
    )


@experience_view(_can_view)
def experience_photo(request, experience, photo_id):
    photo = get_object_or_404(Photo, pk=photo_id, experience=experience, removed_at__isnull=True)
    return serve_file(request, photo.file, photo.content_type, public=experience.is_public)


prefix = "espaces/<slug:slug>/retours-experience/"
urlpatterns = [
    path(prefix, experience_list, name="list"),
    path(f"{prefix}nouveau/", experience_create, name="create"),
    path(f"{prefix}<int:experience_id>/", experience_detail, name="detail"),
    path(f"{prefix}<int:experience_id>/modifier/", experience_edit, name="edit"),
    path(f"{prefix}<int:experience_id>/archiver/", experience_archive, name="archive"),
    path(f"{prefix}<int:experience_id>/ca-m-a-aide/", experience_helpful, name="helpful"),
    path(f"{prefix}<int:experience_id>/video/", experience_video, name="video"),
    path(f"{prefix}<int:experience_id>/apercu.jpg", experience_poster, name="poster"),
    path(f"{prefix}<int:experience_id>/sous-titres.vtt", experience_captions, name="captions"),
    path(f"{prefix}<int:experience_id>/photos/<int:photo_id>/", experience_photo, name="photo"),
]
