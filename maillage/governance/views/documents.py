"""The list of documents, creating one, its page (text by article), its workflow, and the
editing of sections and articles."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import space_view
from maillage.comments.models import Comment

from .. import perms, rules, services
from ..forms import (
    AdoptionForm,
    ArticleEditForm,
    ArticleForm,
    ConsultationForm,
    ContributionsForm,
    DebateForm,
    DocumentEditForm,
    DocumentForm,
    InForceForm,
    RevisionForm,
    SectionForm,
)
from ..models import Amendment, AmendmentStatus, Article, Document, Paragraph
from ..pdf import numbered
from .common import document_view, show_error
from .paragraphs import earlier_paragraphs, paragraph_rows

PAGE_SIZE = 50


def _may_manage(user, document):
    return perms.can_manage_documents(user, document.space)


@space_view()
def document_list(request, space):
    """Everyone sees the adopted documents; the space's people see those in preparation, and
    the archived ones on demand (`?archives=1`)."""
    sees_drafts = perms.can_see_drafts(request.user, space)
    archives = sees_drafts and request.GET.get("archives") == "1"
    queryset = Document.objects.filter(space=space, archived_at__isnull=not archives)
    if not sees_drafts:
        queryset = queryset.filter(published_version__isnull=False)
    queryset = (
        queryset.annotate(
            open_amendments=Count(
                "amendments", filter=Q(amendments__status=AmendmentStatus.PROPOSED)
            )
        )
        .select_related("published_version")
        .order_by("-created_at", "-id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/document_list.html",
        {
            "space": space,
            "page": page,
            "sees_drafts": sees_drafts,
            "archives": archives,
            "can_manage": perms.can_manage_documents(request.user, space),
        },
    )


@space_view(perms.can_manage_documents, need=perms.NEED_MANAGE)
def document_new(request, space):
    form = DocumentForm(request.POST or None, request.FILES or None, space=space)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.create_document(
                actor=request.user,
                space=space,
                kind=data["kind"],
                title=data["title"],
                summary=data["summary"],
                renewal_date=data["renewal_date"],
                rapporteur=data["rapporteur"],
                source=data["source"],
                source_text=data["source_text"],
            )
        except services.GovernanceError as error:
            show_error(form, error)
        else:
            messages.success(request, "Le document est créé : relisez ses articles.")
            return redirect(document)
    return render(request, "governance/document_form.html", {"space": space, "form": form})


def _comment_counts(articles_qs):
    """Each article's visible comments: on the whole article and on its paragraphs (of any
    wording), in the same query whatever the number of articles."""
    article_type = ContentType.objects.get_for_model(Article)
    paragraph_type = ContentType.objects.get_for_model(Paragraph)
    on_article = (
        Comment.objects.filter(
            content_type=article_type, object_id=OuterRef("pk"), hidden_at__isnull=True
        )
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    on_paragraphs = (
        Comment.objects.filter(
            content_type=paragraph_type,
            object_id__in=Paragraph.objects.filter(article=OuterRef(OuterRef("pk"))).values("pk"),
            hidden_at__isnull=True,
        )
        .order_by()
        .values("content_type")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return articles_qs.annotate(
        comment_count=Coalesce(Subquery(on_article, output_field=IntegerField()), 0)
        + Coalesce(Subquery(on_paragraphs, output_field=IntegerField()), 0)
    )


@document_view(perms.can_view_document, perms.NEED_VIEW)
def document_detail(request, document):
    articles = _comment_counts(
        Article.objects.in_force()
        .filter(document=document)
        .select_related("section", "document__space")
        .annotate(
            open_amendments=Count(
                "amendments", filter=Q(amendments__status=AmendmentStatus.PROPOSED)
            )
        )
    )
    rows, previous = [], None
    for number, article in enumerate(articles, 1):
        article.number = number
        article.starts_section = article.section if article.section_id != previous else None
        previous = article.section_id
        rows.append(article)
    return render(
        request,
        "governance/document_detail.html",
        {
            "space": document.space,
            "document": document,
            "articles": rows,
            "workflow": _workflow_steps(document),
            "dates": rules.pacte_dates(document.renewal_date) if document.renewal_date else None,
            "can_manage": perms.can_manage_documents(request.user, document.space),
            "can_archive": perms.can_archive(request.user, document),
            "can_edit": perms.can_edit_text(request.user, document),
            "can_propose": perms.can_propose(request.user, document),
            "contributions_open": rules.contributions_open(
                document.status, document.contributions_until, timezone.localdate()
            ),
            "version_count": document.versions.count(),
        },
    )


def _workflow_steps(document):
    current = rules.WORKFLOW.index(rules.Stage(document.status))
    return [
        {"label": label, "done": index < current, "current": index == current}
        for index, label in enumerate(rules.STAGE_LABELS.values())
    ]


@document_view(_may_manage, perms.NEED_MANAGE)
def document_edit(request, document):
    initial = {
        "title": document.title,
        "summary": document.summary,
        "rapporteur": document.rapporteur,
        "renewal_date": document.renewal_date,
        "debate_held_on": document.debate_held_on,
    }
    form = DocumentEditForm(request.POST or None, initial=initial, space=document.space)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(actor=request.user, document=document, **form.cleaned_data)
        except services.GovernanceError as error:
            show_error(form, error)
        else:
            messages.success(request, "Le document est modifié.")
            return redirect(document)
    return render(
        request,
        "governance/simple_form.html",
        {
            "space": document.space,
            "document": document,
            "form": form,
            "title": "Modifier le document",
            "button": "Enregistrer",
        },
    )


STEPS = {
    "contributions": (ContributionsForm, "Ouvrir les contributions"),
    "consultation": (ConsultationForm, "Soumettre à l'avis des conseils municipaux"),
    "finale": (None, "Passer à la version finale"),
    "adoption": (AdoptionForm, "Enregistrer l'adoption"),
    "vigueur": (InForceForm, "Enregistrer l'entrée en vigueur"),
    "revision": (RevisionForm, "Ouvrir une révision"),
    "debat": (DebateForm, "Enregistrer le débat"),
}


def _step_forms(document, data=None, posted=""):
    if document.archived_at is not None:
        return {}
    stage = rules.Stage(document.status)
    allowed = {
        "contributions": rules.Stage.CONTRIBUTIONS in rules.TRANSITIONS[stage],
        "consultation": rules.Stage.CONSULTATION in rules.TRANSITIONS[stage],
        "finale": rules.Stage.FINAL in rules.TRANSITIONS[stage],
        "adoption": stage == rules.Stage.FINAL,
        "vigueur": stage == rules.Stage.ADOPTED,
        "revision": stage in (rules.Stage.ADOPTED, rules.Stage.IN_FORCE),
        "debat": document.is_pacte and not document.published_version_id,
    }
    forms = {}
    for name, (form_class, button) in STEPS.items():
        if not allowed[name]:
            continue
        bound = data if name == posted else None
        kwargs = {"space": document.space} if form_class is AdoptionForm else {}
        form = form_class(bound, prefix=name, **kwargs) if form_class else None
        forms[name] = {"form": form, "button": button}
    return forms


@document_view(_may_manage, perms.NEED_MANAGE)
def workflow(request, document):
    posted = request.POST.get("step", "") if request.method == "POST" else ""
    forms = _step_forms(document, request.POST or None, posted)
    if posted in forms:
        form = forms[posted]["form"]
        if form is None or form.is_valid():
            data = form.cleaned_data if form else {}
            try:
                _perform(request.user, document, posted, data)
            except services.GovernanceError as error:
                if form is None:
                    messages.error(request, str(error))
                else:
                    show_error(form, error)
            else:
                messages.success(request, "L'étape est enregistrée.")
                return redirect("governance:workflow", document.space.slug, document.pk)
    elif posted:
        messages.error(request, "Cette étape n'est pas possible maintenant.")
    document.refresh_from_db()
    dates = rules.pacte_dates(document.renewal_date) if document.renewal_date else None
    return render(
        request,
        "governance/workflow.html",
        {
            "space": document.space,
            "document": document,
            "forms": forms,
            "dates": dates,
            "workflow": _workflow_steps(document),
            "consultation_required": rules.consultation_required(document.kind),
            "today": timezone.localdate(),
        },
    )


def _perform(user, document, step, data):
    if step == "contributions":
        services.open_contributions(actor=user, document=document, until=data["until"])
    elif step == "consultation":
        services.send_for_opinion(actor=user, document=document, deadline=data["deadline"])
    elif step == "finale":
        services.finalise(actor=user, document=document)
    elif step == "adoption":
        services.adopt(actor=user, document=document, deliberation=data["deliberation"])
    elif step == "vigueur":
        services.bring_into_force(actor=user, document=document, on=data["on"])
    elif step == "revision":
        services.start_revision(actor=user, document=document, reason=data["reason"])
    elif step == "debat":
        services.record_debate(actor=user, document=document, held_on=data["held_on"])


@require_POST
@document_view(perms.can_archive, perms.NEED_ARCHIVE)
def document_archive(request, document):
    """Archive: the document leaves the lists and the public page; nothing is deleted."""
    try:
        services.archive_document(actor=request.user, document=document)
    except services.GovernanceError as error:
        messages.error(request, str(error))
        return redirect(document)
    messages.success(
        request,
        "Le document est archivé : il quitte les listes et la page publique ; son texte, ses "
        "versions et ses amendements restent lisibles dans les archives.",
    )
    return redirect("governance:list", document.space.slug)


@document_view(perms.can_edit_text, perms.NEED_EDIT)
def section_new(request, document):
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_section(actor=request.user, document=document, **form.cleaned_data)
        except services.GovernanceError as error:
            show_error(form, error)
        else:
            messages.success(request, "La partie est ajoutée : les articles suivants y vont.")
            return redirect(document)
    return render(
        request,
        "governance/simple_form.html",
        {
            "space": document.space,
            "document": document,
            "form": form,
            "title": "Ajouter une partie",
            "button": "Ajouter la partie",
        },
    )


@document_view(perms.can_edit_text, perms.NEED_EDIT)
def article_new(request, document):
    form = ArticleForm(request.POST or None, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.add_article(
                actor=request.user, document=document, **form.cleaned_data
            )
        except services.GovernanceError as error:
            show_error(form, error)
        else:
            messages.success(request, "L'article est ajouté ; une nouvelle version est créée.")
            return redirect(article)
    return render(
        request,
        "governance/simple_form.html",
        {
            "space": document.space,
            "document": document,
            "form": form,
            "title": "Ajouter un article",
            "button": "Ajouter l'article",
        },
    )


def _article(document, article_id):
    return get_object_or_404(
        Article.objects.select_related("section"), pk=article_id, document=document
    )


@document_view(perms.can_view_document, perms.NEED_VIEW)
def article_detail(request, document, article_id):
    article = _article(document, article_id)
    numbers = {a["id"]: a["number"] for a in numbered(services.snapshot(document))}
    article.number = numbers.get(article.pk)
    amendments = (
        Amendment.objects.filter(article=article)
        .select_related("author", "article", "document__space")
        .order_by("-created_at", "-id")
    )
    return render(
        request,
        "governance/article_detail.html",
        {
            "space": document.space,
            "document": document,
            "article": article,
            "amendments": amendments,
            "can_edit": perms.can_edit_text(request.user, document),
            "can_propose": perms.can_propose(request.user, document) and article.removed_at is None,
            "paragraphs": paragraph_rows(request.user, document, article),
            "earlier_paragraphs": earlier_paragraphs(article),
        },
    )


@document_view(perms.can_edit_text, perms.NEED_EDIT)
def article_edit(request, document, article_id):
    article = _article(document, article_id)
    initial = {"title": article.title, "text": article.text, "revision": article.revision}
    form = ArticleEditForm(request.POST or None, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_article(
                actor=request.user,
                article=article,
                title=data["title"],
                text=data["text"],
                expected_revision=data["revision"],
                reason=data["reason"],
            )
        except services.GovernanceError as error:
            show_error(form, error)
            article.refresh_from_db()
            if article.revision != data["revision"]:
                # The editor keeps their text; the form now starts from the current revision
                # only if they submit again on purpose.
                current = article
                form.data = form.data.copy()
                form.data["revision"] = article.revision
        else:
            messages.success(request, "L'article est modifié ; une nouvelle version est créée.")
            return redirect(article)
    return render(
        request,
        "governance/article_form.html",
        {
            "space": document.space,
            "document": document,
            "article": article,
            "form": form,
            "current": current,
        },
    )
