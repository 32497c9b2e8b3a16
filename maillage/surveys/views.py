"""Survey pages: the list, the builder (settings, questions, opening and closing), the answer
page, the live results, the CSV export and the download of answered files."""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import deny as _deny
from maillage.access import space_view
from maillage.spaces.perms import person_of

from . import perms, services, targets
from .answer_form import answer_items
from .forms import QuestionForm, SurveyForm, question_initial
from .models import Answer, AnswerUnit, Participation, Question, Status, Survey

PAGE_SIZE = 50


def survey_view(permission, need=""):
    """Load `slug` and `survey_id` from the URL; `permission(user, survey)` must hold."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, survey_id, *args, **kwargs):
            survey = get_object_or_404(
                Survey.objects.select_related("space__organisation", "body"),
                pk=survey_id,
                space__slug=slug,
            )
            if not permission(request.user, survey):
                return _deny(request, need)
            return view(request, survey, *args, **kwargs)

        return wrapper

    return decorator


def _context(request, survey, **extra):
    return {
        "space": survey.space,
        "survey": survey,
        "can_build": perms.can_build_surveys(request.user, survey.space),
        "can_results": perms.can_view_results(request.user, survey),
        **extra,
    }


# --- List ------------------------------------------------------------------------------------


@space_view(perms.can_list_surveys, need="Les enquêtes sont réservées aux membres connectés.")
def survey_list(request, space):
    """The surveys I am asked to answer, with my status; for agents and admins, every survey."""
    can_build = perms.can_build_surveys(request.user, space)
    person = person_of(request.user)
    queryset = Survey.objects.filter(space=space)
    if person is not None:
        mine = targets.targeted_filter(space, person)
        organisations = targets.member_organisation_ids(space, person)
        queryset = queryset.annotate(
            answered_by_me=Exists(
                Participation.objects.filter(survey=OuterRef("pk"), person=person)
            ),
            answered_by_my_organisation=Exists(
                Participation.objects.filter(
                    survey=OuterRef("pk"), organisation_id__in=organisations
                )
            ),
            targeted=Exists(Survey.objects.filter(mine, pk=OuterRef("pk"))),
        )
        if not can_build:
            queryset = queryset.filter(mine).exclude(status=Status.DRAFT)
    elif not can_build:
        queryset = queryset.none()
    if can_build:
        queryset = queryset.annotate(response_count=Count("participations", distinct=True))
    page = Paginator(queryset.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/list.html",
        {"space": space, "page": page, "can_build": can_build, "now": timezone.now()},
    )


# --- Builder ---------------------------------------------------------------------------------

BUILD_NEED = "Préparer une enquête est réservé aux agents et aux administrateurs de l'espace."


def _survey_values(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "deadline": data["deadline"],
        "target": data["target"],
        "body": data["body"],
        "people": list(data["people"]),
        "answer_unit": data["answer_unit"],
        "anonymous": data["anonymous"],
        "results_shared": data["results_shared"],
    }


@space_view(perms.can_build_surveys, need=BUILD_NEED)
def survey_create(request, space):
    form = SurveyForm(request.POST or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(actor=request.user, space=space, **_survey_values(form))
        except services.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "L'enquête est créée : ajoutez ses questions.")
            return redirect(survey)
    return render(request, "surveys/survey_form.html", {"space": space, "form": form})


@survey_view(perms.can_edit_survey, need=BUILD_NEED)
def survey_edit(request, survey):
    initial = {
        "title": survey.title,
        "description": survey.description,
        "deadline": timezone.localtime(survey.deadline),
        "target": survey.target,
        "body": survey.body_id,
        "people": list(survey.people.values_list("pk", flat=True)),
        "answer_unit": survey.answer_unit,
        "anonymous": survey.anonymous,
        "results_shared": survey.results_shared,
    }
    form = SurveyForm(request.POST or None, space=survey.space, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(actor=request.user, survey=survey, **_survey_values(form))
        except services.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "L'enquête est enregistrée.")
            return redirect(survey)
    return render(request, "surveys/survey_form.html", _context(request, survey, form=form))


@survey_view(perms.can_view_survey, need="Cette enquête ne vous est pas adressée.")
def survey_detail(request, survey):
    """The builder's page (settings, questions, opening) or, for a respondent, the
    survey's presentation with a link to answer."""
    questions = list(
        survey.questions.select_related("condition_question").order_by("position", "pk")
    )
    context = _context(
        request,
        survey,
        questions=questions,
        participations=survey.participations.count(),
        target_count=targets.target_people(survey).count()
        if perms.can_build_surveys(request.user, survey.space)
        else None,
        can_answer=perms.can_answer(request.user, survey),
        is_draft=survey.status == Status.DRAFT,
    )
    return render(request, "surveys/detail.html", context)


@survey_view(perms.can_edit_survey, need=BUILD_NEED)
def question_add(request, survey):
    form = QuestionForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(actor=request.user, survey=survey, **form.service_values())
        except services.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La question est ajoutée.")
            return redirect(survey)
    return render(request, "surveys/question_form.html", _context(request, survey, form=form))


def _question(survey, question_id) -> Question:
    return get_object_or_404(Question, pk=question_id, survey=survey)


@survey_view(perms.can_edit_survey, need=BUILD_NEED)
def question_edit(request, survey, question_id):
    question = _question(survey, question_id)
    form = QuestionForm(
        request.POST or None, survey=survey, question=question, initial=question_initial(question)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(actor=request.user, question=question, **form.service_values())
        except services.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La question est enregistrée.")
            return redirect(survey)
    return render(
        request,
        "surveys/question_form.html",
        _context(request, survey, form=form, question=question),
    )


@survey_view(perms.can_edit_survey, need=BUILD_NEED)
@require_POST
def question_delete(request, survey, question_id):
    question = _question(survey, question_id)
    try:
        services.delete_question(actor=request.user, question=question)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "La question est retirée.")
    return redirect(survey)


@survey_view(perms.can_edit_survey, need=BUILD_NEED)
@require_POST
def question_move(request, survey, question_id):
    question = _question(survey, question_id)
    try:
        services.move_question(
            actor=request.user, question=question, up=request.POST.get("direction") != "bas"
        )
    except services.SurveyError as error:
        messages.error(request, str(error))
    return redirect(f"{survey.get_absolute_url()}#question-{question.pk}")


@survey_view(perms.can_edit_survey, need=BUILD_NEED)
@require_POST
def survey_open(request, survey):
    try:
        count = services.open_survey(actor=request.user, survey=survey)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"L'enquête est ouverte : {count} personne(s) prévenue(s).")
    return redirect(survey)


@survey_view(perms.can_edit_survey, need=BUILD_NEED)
@require_POST
def survey_close(request, survey):
    try:
        services.close_survey(actor=request.user, survey=survey)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "L'enquête est close : plus aucune réponse n'est acceptée.")
    return redirect(survey)


# --- Answering -------------------------------------------------------------------------------


@survey_view(
    perms.can_answer,
    need="Cette enquête ne vous est pas adressée : seules les personnes interrogées y répondent.",
)
def answer(request, survey):
    person = person_of(request.user)
    questions = list(survey.questions.order_by("position", "pk"))
    organisations = targets.organisations_for(survey, person)
    accepting = survey.is_accepting()
    own = services.own_response(survey, person)
    errors, refusal, values = {}, "", None
    lost_files = False
    if request.method == "POST":
        uploads = {q.pk: request.FILES.get(q.field_name) for q in questions if q.kind == "fichier"}
        try:
            services.submit_answers(
                actor=request.user,
                survey=survey,
                person=person,
                getlist=request.POST.getlist,
                uploads={k: v for k, v in uploads.items() if v},
                organisation_id=request.POST.get("organisation"),
            )
        except services.AnswerErrors as error:
            errors, refusal = error.errors, str(error)
            lost_files = any(uploads.values())
        except services.SurveyError as error:
            refusal = str(error)
            lost_files = any(uploads.values())
        else:
            messages.success(
                request,
                "Merci : votre réponse anonyme est enregistrée."
                if survey.anonymous
                else "Merci : votre réponse est enregistrée.",
            )
            if perms.can_view_results(request.user, survey):
                return redirect("surveys:results", survey.space.slug, survey.pk)
            return redirect("surveys:list", survey.space.slug)
        getlist = request.POST.getlist
    else:
        getlist = None
        if own is not None:
            values = {a.question_id: a for a in own.answers.all()}
    previous = services.participations_for(survey, person, organisations)
    mine = [p for p in previous if p.person_id == person.pk]
    if survey.answer_unit == AnswerUnit.ORGANISATION:
        answered = {p.organisation_id for p in previous}
        editable = set() if survey.anonymous else {p.organisation_id for p in mine}
        organisations = [o for o in organisations if o.pk not in answered or o.pk in editable]
        can_fill = bool(organisations)
    else:
        can_fill = not previous or not survey.anonymous
    items = answer_items(questions, getlist=getlist, stored=values, errors=errors)
    return render(
        request,
        "surveys/answer.html",
        _context(
            request,
            survey,
            items=items,
            errors=errors,
            refusal=refusal,
            accepting=accepting,
            own=own,
            previous=previous,
            can_fill=can_fill,
            organisations=organisations,
            chosen_organisation=request.POST.get("organisation")
            or (str(organisations[0].pk) if len(organisations) == 1 else ""),
            lost_files=lost_files,
        ),
        status=200,
    )


# --- Results, export, files ------------------------------------------------------------------

RESULTS_NEED = (
    "Les résultats sont réservés aux agents et aux administrateurs de l'espace, et aux "
    "répondants quand l'enquête les partage."
)


@survey_view(perms.can_view_results, need=RESULTS_NEED)
def results(request, survey):
    from .reports import results_context

    return render(
        request,
        "surveys/results.html",
        _context(request, survey, **results_context(survey, request.user)),
    )


@survey_view(perms.can_view_results, need=RESULTS_NEED)
def question_texts(request, survey, question_id):
    question = _question(survey, question_id)
    if question.kind not in ("texte_court", "texte_long"):
        raise Http404("Cette question n'appelle pas de texte.")
    answers = Answer.objects.filter(question=question).order_by("id").only("value")
    page = Paginator(answers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "surveys/texts.html", _context(request, survey, question=question, page=page)
    )


@survey_view(
    perms.can_export, need="L'export des réponses est réservé aux agents et aux administrateurs."
)
def export(request, survey):
    from .reports import csv_response

    return csv_response(survey)


def answer_file(request, slug, survey_id, answer_id):
    answer = get_object_or_404(
        Answer.objects.select_related("response__survey__space").exclude(file=""),
        pk=answer_id,
        response__survey_id=survey_id,
        response__survey__space__slug=slug,
    )
    if not perms.can_download_file(request.user, answer):
        return _deny(
            request, "Les fichiers des réponses sont réservés aux agents et aux administrateurs."
        )
    return FileResponse(
        answer.file.open("rb"), as_attachment=True, filename=answer.file_name or "fichier"
    )
