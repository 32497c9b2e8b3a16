"""Comment threads (shown by `{% comments_for obj %}`), their forms, the moderation queue of
a space, and the comments page of a sitting's agenda item."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from maillage.access import deny as _deny
from maillage.meetings.models import AgendaItem
from maillage.spaces.models import Space
from maillage.spaces.perms import person_of

from . import perms, services
from .forms import CommentForm, HideForm, ReportForm
from .models import Comment, Report
from .registry import entry_by_key, entry_for, target_of

PAGE_SIZE = 50
PAGE_PARAM = "commentaires"


def thread_id(obj) -> str:
    return f"commentaires-{obj._meta.label_lower.replace('.', '-')}-{obj.pk}"


def thread_context(request, obj, *, form=None, page_number=None) -> dict:
    """What `comments/_thread.html` needs; a constant number of queries whatever the length
    of the page."""
    entry = entry_for(obj)
    user = request.user
    if entry is None or not entry.can_read(user, obj):
        return {"visible": False}
    person = person_of(user)
    queryset = (
        Comment.objects.on(obj)
        .select_related("author")
        .annotate(open_reports=Count("reports", filter=Q(reports__handled_at__isnull=True)))
    )
    paginator = Paginator(queryset, PAGE_SIZE)
    number = page_number or request.GET.get(PAGE_PARAM)
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    reported = set()
    if person is not None and page.object_list:
        reported = set(
            Report.objects.filter(person=person, comment__in=[c.pk for c in page]).values_list(
                "comment_id", flat=True
            )
        )
    can_post = perms.can_comment(user, obj)
    anchor = thread_id(obj)
    return {
        "visible": True,
        "request": request,
        "obj": obj,
        "key": entry.key,
        "thread_id": anchor,
        "page": page,
        "base_url": request.path if request.method == "GET" else entry.url_of(obj),
        "person": person,
        "reported": reported,
        "can_comment": can_post,
        "can_moderate": perms.can_moderate(user, entry.space_of(obj)),
        "form": form if form is not None else (CommentForm(prefix_id=anchor) if can_post else None),
    }


def _target(key, object_id):
    entry = entry_by_key(key)
    if entry is None:
        raise Http404("On ne peut pas commenter ce type de contenu.")
    obj = entry.model._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise Http404("Ce contenu n'existe pas.")
    return entry, obj


@require_POST
def post_comment(request, key, object_id):
    entry, obj = _target(key, object_id)
    if not perms.can_comment(request.user, obj):
        return _deny(
            request,
            "Pour commenter, il faut pouvoir consulter ce contenu et avoir une fiche de personne "
            "(élu, agent ou référent de l'espace).",
        )
    anchor = thread_id(obj)
    form = CommentForm(request.POST, prefix_id=anchor)
    if form.is_valid():
        try:
            comment = services.post_comment(
                actor=request.user, obj=obj, text=form.cleaned_data["text"]
            )
        except services.CommentError as error:
            form.add_error("text", str(error))
        else:
            if request.htmx:
                context = thread_context(request, obj, page_number="last")
                context["posted"] = comment
                return render(request, "comments/_thread.html", context)
            messages.success(request, "Votre commentaire est publié.")
            return redirect(services.thread_url(comment, obj))
    if request.htmx:
        return render(request, "comments/_thread.html", thread_context(request, obj, form=form))
    return render(
        request,
        "comments/comment_form.html",
        {"form": form, "back_url": entry.url_of(obj), "label": entry.label_of(obj)},
    )


def _load(request, comment_id):
    """The comment, its registration and its object; 404 if the object is gone."""
    comment = get_object_or_404(Comment.objects.select_related("author", "space"), pk=comment_id)
    entry, obj = target_of(comment)
    if entry is None or obj is None:
        raise Http404("Ce commentaire porte sur un contenu qui n'existe plus.")
    return comment, entry, obj


def _readable(request, entry, obj):
    return entry.can_read(request.user, obj)


def show_comment(request, comment_id):
    """A link to a comment in its thread (from the moderation queue or a notification)."""
    comment, entry, obj = _load(request, comment_id)
    if not (_readable(request, entry, obj) or perms.can_moderate(request.user, comment.space)):
        return _deny(request, "Ce commentaire porte sur un contenu que vous ne pouvez pas voir.")
    position = (
        Comment.objects.on(obj)
        .filter(
            Q(created_at__lt=comment.created_at)
            | Q(created_at=comment.created_at, id__lt=comment.pk)
        )
        .count()
    )
    page = position // PAGE_SIZE + 1
    return redirect(f"{entry.url_of(obj)}?{PAGE_PARAM}={page}#commentaire-{comment.pk}")


def edit_comment(request, comment_id):
    comment, entry, obj = _load(request, comment_id)
    if not (_readable(request, entry, obj) and perms.can_edit_comment(request.user, comment)):
        return _deny(
            request, "Seul l'auteur d'un commentaire le modifie, tant qu'il n'est pas masqué."
        )
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(
                actor=request.user, comment=comment, text=form.cleaned_data["text"]
            )
        except services.CommentError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, "Votre commentaire est modifié.")
            return redirect("comments:show", comment.pk)
    return render(
        request,
        "comments/edit.html",
        {"form": form, "comment": comment, "back_url": entry.url_of(obj)},
    )


def report_comment(request, comment_id):
    comment, entry, obj = _load(request, comment_id)
    if not _readable(request, entry, obj):
        return _deny(request, "Ce commentaire porte sur un contenu que vous ne pouvez pas voir.")
    if not perms.can_report_comment(request.user, comment):
        return _deny(
            request,
            "On signale le commentaire visible d'un autre que soi, avec une fiche de personne.",
        )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_comment(
                actor=request.user, comment=comment, reason=form.cleaned_data["reason"]
            )
        except services.CommentError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(
                request, "Merci : les administrateurs de l'espace examineront ce commentaire."
            )
            return redirect("comments:show", comment.pk)
    return render(
        request,
        "comments/report.html",
        {"form": form, "comment": comment, "back_url": entry.url_of(obj)},
    )


MODERATORS_ONLY = "La modération des commentaires est réservée aux administrateurs de l'espace."


def hide_comment(request, comment_id):
    comment, entry, obj = _load(request, comment_id)
    if not perms.can_moderate(request.user, comment.space):
        return _deny(request, MODERATORS_ONLY)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hide_comment(
                actor=request.user, comment=comment, reason=form.cleaned_data["reason"]
            )
        except services.CommentError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, "Le commentaire est masqué ; son auteur est prévenu.")
            return redirect(_next(request, comment))
    reports = comment.reports.filter(handled_at__isnull=True).select_related("person")
    return render(
        request,
        "comments/hide.html",
        {
            "form": form,
            "comment": comment,
            "reports": reports,
            "back_url": entry.url_of(obj),
            "next": request.GET.get("next", ""),
        },
    )


def _next(request, comment):
    """Back to the moderation queue when the action came from it, else to the thread."""
    if request.POST.get("next") == "file":
        return redirect("comments:moderation", comment.space.slug).url
    return services.thread_url(comment) or "/"


@require_POST
def unhide_comment(request, comment_id):
    comment, _entry, _obj = _load(request, comment_id)
    if not perms.can_moderate(request.user, comment.space):
        return _deny(request, MODERATORS_ONLY)
    try:
        services.unhide_comment(actor=request.user, comment=comment)
    except services.CommentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Le commentaire est de nouveau visible ; son auteur est prévenu.")
    return redirect(_next(request, comment))


@require_POST
def dismiss_reports(request, comment_id):
    comment, _entry, _obj = _load(request, comment_id)
    if not perms.can_moderate(request.user, comment.space):
        return _deny(request, MODERATORS_ONLY)
    try:
        count = services.dismiss_reports(actor=request.user, comment=comment)
    except services.CommentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Commentaire conservé : {count} signalement(s) classé(s).")
    return redirect(_next(request, comment))


def moderation_queue(request, slug):
    space = get_object_or_404(Space.objects.select_related("organisation"), slug=slug)
    if not perms.can_moderate(request.user, space):
        return _deny(request, MODERATORS_ONLY)
    open_reports = Report.objects.filter(handled_at__isnull=True).select_related("person")
    queryset = (
        Comment.objects.filter(space=space)
        .annotate(open_reports=Count("reports", filter=Q(reports__handled_at__isnull=True)))
        .filter(open_reports__gt=0)
        .select_related("author", "content_type")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="pending"))
        .order_by("-open_reports", "created_at", "id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "comments/moderation.html",
        {"space": space, "page": page, "can_admin": True},
    )


def agenda_item_comments(request, slug, sitting_id, item_id):
    item = get_object_or_404(
        AgendaItem.objects.select_related("sitting__body__space__organisation", "rapporteur"),
        pk=item_id,
        sitting_id=sitting_id,
        sitting__body__space__slug=slug,
    )
    if not perms.can_read_comments(request.user, item):
        return _deny(
            request,
            "Les commentaires d'un point sont réservés à ceux qui reçoivent le dossier de la "
            "séance : membres de l'instance, personnes convoquées ou destinataires d'une copie, "
            "agents et administrateurs de l'espace.",
        )
    return render(
        request,
        "comments/agenda_item.html",
        {"item": item, "sitting": item.sitting, "space": item.sitting.body.space},
    )


urlpatterns = [
    path("commentaires/<str:key>/<int:object_id>/nouveau/", post_comment, name="post"),
    path("commentaires/<int:comment_id>/", show_comment, name="show"),
    path("commentaires/<int:comment_id>/modifier/", edit_comment, name="edit"),
    path("commentaires/<int:comment_id>/signaler/", report_comment, name="report"),
    path("commentaires/<int:comment_id>/masquer/", hide_comment, name="hide"),
    path("commentaires/<int:comment_id>/afficher/", unhide_comment, name="unhide"),
    path("commentaires/<int:comment_id>/conserver/", dismiss_reports, name="dismiss"),
    path("espaces/<slug:slug>/moderation/", moderation_queue, name="moderation"),
    path(
        "espaces/<slug:slug>/seances/<int:sitting_id>/points/<int:item_id>/commentaires/",
        agenda_item_comments,
        name="agenda_item",
    ),
]
