"""Pages of the conference of mayors: threads by theme, a thread with its replies, « moi
aussi », solution, agenda item, attachments, meeting requests and the space's settings.

Every write goes through `services.py`; its French refusal is shown as it is, with the form
filled again."""

import functools
import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from maillage.access import deny as _deny
from maillage.access import space_view
from maillage.markup import render_markdown
from maillage.meetings.perms import can_view_sitting
from maillage.people.models import FUNCTION_ORDER, Mandate
from maillage.spaces.perms import can_admin_space, person_of

from . import perms, services
from .forms import (
    AgendaForm,
    MeetingRequestForm,
    OpennessForm,
    ReplyForm,
    ThemeForm,
    ThreadForm,
)
from .models import Attachment, MeetingRequest, Reply, Support, Theme, Thread

PAGE_SIZE = 50
SORTS = {"activite": ("-last_activity_at", "-id"), "soutiens": ("-support_count", "-id")}

NEED_READ = (
    "La conférence des maires est réservée aux personnes qui ont un rôle dans l'espace : "
    "élus des communes membres, agents, référents et administrateurs."
)
NEED_POST = (
    "Publier dans la conférence des maires est réservé aux maires des communes membres, au "
    "président, aux vice-présidents, aux agents et aux administrateurs de l'espace (et à ceux à "
    "qui l'espace l'a ouverte)."
)
NEED_CONFIGURE = "Régler la conférence des maires est réservé aux administrateurs de l'espace."


def thread_view(view):
    """Load `slug` and `thread_id`; the user must be able to read the space's conference."""

    @functools.wraps(view)
    def wrapper(request, slug, thread_id, *args, **kwargs):
        thread = get_object_or_404(
            Thread.objects.select_related(
                "space__organisation", "theme", "author", "agenda_item__sitting__body"
            ),
            pk=thread_id,
            space__slug=slug,
        )
        if not perms.can_read(request.user, thread.space):
            return _deny(request, NEED_READ)
        return view(request, thread, *args, **kwargs)

    return wrapper


def _base(request, space, **extra):
    return {
        "space": space,
        "can_post": perms.can_post(request.user, space),
        "can_configure": perms.can_configure(request.user, space),
        **extra,
    }


# --- Threads ------------------------------------------------------------------------------------


@space_view(perms.can_read, NEED_READ)
def thread_list(request, space):
    themes = list(Theme.objects.for_space(space))
    theme_id = request.GET.get("theme", "")
    theme = next((t for t in themes if str(t.pk) == theme_id), None)
    query = request.GET.get("q", "").strip()[:200]
    sort = request.GET.get("tri", "activite")
    if sort not in SORTS:
        sort = "activite"
    threads = Thread.objects.filter(space=space).select_related("theme", "author")
    if theme is not None:
        threads = threads.filter(theme=theme)
    if query:
        threads = threads.filter(title__icontains=query)
    page = Paginator(threads.order_by(*SORTS[sort]), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "discussions/thread_list.html",
        _base(
            request,
            space,
            page=page,
            themes=themes,
            theme=theme,
            query=query,
            sort=sort,
            filtered=bool(theme or query),
        ),
    )


@space_view(perms.can_post, NEED_POST)
def thread_new(request, space):
    initial = {}
    wanted = request.GET.get("theme", "")
    if wanted.isdigit():
        initial["theme"] = int(wanted)
    form = ThreadForm(request.POST or None, request.FILES or None, space=space, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.create_thread(
                actor=request.user,
                space=space,
                theme=data["theme"],
                title=data["title"],
                body=data["body"],
                files=data["files"],
            )
        except services.DiscussionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Votre échange est publié.")
            return redirect(thread)
    return render(request, "discussions/thread_form.html", _base(request, space, form=form))


def _author_labels(space, person_ids) -> dict[int, str]:
    """« Maire de Bonneville »: each author's first current function in the space."""
    labels: dict[int, tuple[int, str]] = {}
    mandates = (
        Mandate.objects.current()
        .in_space(space)
        .filter(person_id__in=person_ids)
        .select_related("organisation")
    )
    for mandate in mandates:
        rank = FUNCTION_ORDER[mandate.function]
        if mandate.person_id not in labels or rank < labels[mandate.person_id][0]:
            labels[mandate.person_id] = (rank, f"{mandate.label}, {mandate.organisation.name}")
    return {person_id: label for person_id, (_, label) in labels.items()}


RENDER_CACHE_SECONDS = 24 * 3600


def rendered_markdown(texts: list[str]) -> list[str]:
    """The sanitised HTML of each text (`maillage.markup.render_markdown`, the `|markdown`
    filter's own function), kept in the cache under the hash of the text: a page of 50
    replies reads it in one call instead of parsing 50 Markdown texts."""
    keys = ["discussions:md:" + hashlib.sha256(t.encode()).hexdigest() for t in texts]
    found = cache.get_many(keys)
    missing = {}
    result = []
    for key, text in zip(keys, texts, strict=True):
        html = found.get(key)
        if html is None:
            html = missing[key] = str(render_markdown(text))
        result.append(mark_safe(html))  # noqa: S308 — sanitised by render_markdown
    if missing:
        cache.set_many(missing, RENDER_CACHE_SECONDS)
    return result


def _replies_page(thread, number):
    replies = (
        Reply.objects.filter(thread=thread)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )
    paginator = Paginator(replies, PAGE_SIZE)
    if number == "derniere":
        number = paginator.num_pages
    return paginator.get_page(number)


def _thread_context(request, thread, reply_form=None, agenda_form=None):
    space = thread.space
    person = person_of(request.user)
    page = _replies_page(thread, request.GET.get("page"))
    replies = list(page.object_list)
    labels = _author_labels(space, {thread.author_id} | {r.author_id for r in replies})
    for answer, html in zip(replies, rendered_markdown([r.body for r in replies]), strict=True):
        answer.author_label = labels.get(answer.author_id, "")
        answer.body_html = html
    can_post = perms.can_post(request.user, space)
    body = services.conference_body(space)
    can_agenda = thread.agenda_item_id is None and perms.can_put_on_agenda(
        request.user, space, body
    )
    item = thread.agenda_item
    return _base(
        request,
        space,
        thread=thread,
        page=page,
        replies=replies,
        author_label=labels.get(thread.author_id, ""),
        attachments=list(thread.attachments.filter(reply__isnull=True)),
        supported=person is not None
        and Support.objects.filter(thread=thread, person=person).exists(),
        can_mark_solution=perms.can_mark_solution(request.user, thread),
        reply_form=reply_form or (ReplyForm() if can_post else None),
        can_agenda=can_agenda,
        agenda_form=agenda_form or (AgendaForm() if can_agenda else None),
        next_sitting=services.next_conference_sitting(space, body) if can_agenda else None,
        conference=body,
        item=item,
        can_view_item=item is not None and can_view_sitting(request.user, item.sitting),
    )


@thread_view
def thread_detail(request, thread):
    if request.method == "POST":
        if not perms.can_post(request.user, thread.space):
            raise PermissionDenied(NEED_POST)
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                answer = services.reply(
                    actor=request.user,
                    thread=thread,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["files"],
                )
            except services.DiscussionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Votre réponse est publiée.")
                return redirect(_reply_url(thread, answer))
        return render(
            request, "discussions/thread_detail.html", _thread_context(request, thread, form)
        )
    return render(request, "discussions/thread_detail.html", _thread_context(request, thread))


def _reply_url(thread, answer) -> str:
    before = Reply.objects.filter(thread=thread, pk__lt=answer.pk).count()
    number = before // PAGE_SIZE + 1
    suffix = f"?page={number}" if number > 1 else ""
    return f"{thread.get_absolute_url()}{suffix}#reponse-{answer.pk}"


@thread_view
@require_POST
def support(request, thread):
    if not perms.can_post(request.user, thread.space):
        raise PermissionDenied(NEED_POST)
    error = ""
    try:
        supported = services.toggle_support(actor=request.user, thread=thread)
    except services.DiscussionError as refusal:
        error = str(refusal)
        supported = Support.objects.filter(thread=thread, person=person_of(request.user)).exists()
        thread.refresh_from_db(fields=["support_count"])
    if request.htmx:
        return render(
            request,
            "discussions/_support.html",
            {"thread": thread, "supported": supported, "can_post": True, "error": error},
        )
    if error:
        messages.error(request, error)
    elif supported:
        messages.success(request, "Votre « moi aussi » est compté.")
    else:
        messages.success(request, "Votre « moi aussi » est retiré.")
    return redirect(thread)


@thread_view
@require_POST
def solution(request, thread, reply_id):
    answer = get_object_or_404(Reply.objects.select_related("thread"), pk=reply_id, thread=thread)
    answer.thread = thread
    if not perms.can_mark_solution(request.user, thread):
        raise PermissionDenied(
            "Seul l'auteur de l'échange ou un administrateur de l'espace marque la solution."
        )
    try:
        services.mark_solution(actor=request.user, answer=answer)
    except services.DiscussionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "La réponse est marquée comme solution."
            if answer.is_solution
            else "La réponse n'est plus marquée comme solution.",
        )
    return redirect(_reply_url(thread, answer))


@thread_view
@require_POST
def to_agenda(request, thread):
    space = thread.space
    if not perms.can_put_on_agenda(request.user, space, services.conference_body(space)):
        raise PermissionDenied(
            "Inscrire un échange à l'ordre du jour est réservé au président, à qui préside la "
            "conférence des maires, aux agents et aux administrateurs de l'espace."
        )
    form = AgendaForm(request.POST)
    if form.is_valid():
        try:
            item = services.put_on_agenda(
                actor=request.user, thread=thread, kind=form.cleaned_data["kind"]
            )
        except services.DiscussionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"L'échange est inscrit à l'ordre du jour de la conférence du "
                f"{_date(item.sitting.starts_at)} (point {item.position}).",
            )
            return redirect(thread)
    return render(
        request,
        "discussions/thread_detail.html",
        _thread_context(request, thread, agenda_form=form),
        status=200,
    )


def _date(moment) -> str:
    from django.utils import timezone

    from maillage.templatetags.french import date_fr

    return date_fr(timezone.localtime(moment))


@space_view(perms.can_read, NEED_READ)
def attachment(request, space, attachment_id):
    item = get_object_or_404(Attachment, pk=attachment_id, thread__space=space)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("Ce fichier est introuvable.") from None
    inline = item.content_type == "application/pdf" or item.content_type.startswith("image/")
    return FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=not inline,
        filename=item.original_name,
    )


# --- Meeting requests (L5211-11-3) --------------------------------------------------------------


@space_view(perms.can_read, NEED_READ)
def meeting_requests(request, space):
    can_request = perms.can_request_meeting(request.user, space)
    form = MeetingRequestForm(request.POST or None) if can_request else None
    if request.method == "POST":
        if not can_request:
            raise PermissionDenied(
                "Seuls les maires des communes membres demandent la réunion de la conférence "
                "des maires (article L5211-11-3 du CGCT)."
            )
        if form.is_valid():
            try:
                services.request_meeting(
                    actor=request.user, space=space, reason=form.cleaned_data["reason"]
                )
            except services.DiscussionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Votre demande de réunion est enregistrée.")
                return redirect("discussions:meeting_requests", space.slug)
    figures = services.year_figures(space)
    current = figures["round"]
    person = person_of(request.user)
    requests = (
        list(MeetingRequest.objects.filter(round=current).select_related("person", "commune"))
        if current
        else []
    )
    already = person is not None and any(r.person_id == person.pk for r in requests)
    reached = list(services.reached_rounds(space, figures["year"]).order_by("reached_at"))
    return render(
        request,
        "discussions/meeting_requests.html",
        _base(
            request,
            space,
            figures=figures,
            requests=requests,
            already=already,
            form=form if can_request and not already and not figures["refusal"] else None,
            can_request=can_request,
            reached_rounds=reached,
            conference=services.conference_body(space),
        ),
    )


# --- Settings -----------------------------------------------------------------------------------


@space_view(perms.can_configure, NEED_CONFIGURE)
def conference_settings(request, space):
    openness_form = OpennessForm(initial={"open_to": perms.openness(space)})
    theme_form = ThemeForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "openness":
            openness_form = OpennessForm(request.POST)
            if openness_form.is_valid():
                try:
                    services.set_openness(
                        actor=request.user, space=space, **openness_form.cleaned_data
                    )
                except services.DiscussionError as error:
                    openness_form.add_error(None, str(error))
                else:
                    messages.success(request, "Les réglages sont enregistrés.")
                    return redirect("discussions:settings", space.slug)
        elif action == "theme":
            theme_form = ThemeForm(request.POST)
            if theme_form.is_valid():
                try:
                    theme = services.add_theme(
                        actor=request.user, space=space, **theme_form.cleaned_data
                    )
                except services.DiscussionError as error:
                    theme_form.add_error(None, str(error))
                else:
                    messages.success(request, f"Le thème « {theme.name} » est ajouté.")
                    return redirect("discussions:settings", space.slug)
    return render(
        request,
        "discussions/settings.html",
        _base(
            request,
            space,
            openness_form=openness_form,
            theme_form=theme_form,
            themes=list(Theme.objects.for_space(space)),
            is_admin=can_admin_space(request.user, space),
            list_url=reverse("discussions:threads", args=[space.slug]),
        ),
    )
