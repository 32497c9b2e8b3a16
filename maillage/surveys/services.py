"""Every change to surveys: building, opening and closing, answering, reminders."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from maillage.audit.services import log_action
from maillage.notifications.models import Kind
from maillage.notifications.services import notify

from . import rules, targets
from .models import (
    Answer,
    AnswerUnit,
    Participation,
    Question,
    QuestionKind,
    ReminderSent,
    Response,
    Status,
    Survey,
    Target,
)


class SurveyError(Exception):
    """A change refused; the message is in French and shown as it is."""


class AnswerErrors(SurveyError):
    """Answers refused question by question: `errors` maps a question id to its message."""

    def __init__(self, errors: dict[int, str]):
        self.errors = errors
        count = len(errors)
        super().__init__(
            f"{count} réponse{'s' if count > 1 else ''} à compléter ou corriger : rien n'a été "
            "enregistré."
        )


def spec_of(question: Question) -> rules.QuestionSpec:
    return rules.QuestionSpec(
        id=question.pk,
        kind=question.kind,
        label=question.label,
        required=question.required,
        options=tuple(question.options or ()),
        rows=tuple(question.rows or ()),
        columns=tuple(question.columns or ()),
        scale_min=question.scale_min,
        scale_max=question.scale_max,
        condition_question=question.condition_question_id,
        condition_values=tuple(question.condition_values or ()),
    )


def _deadline_text(survey: Survey) -> str:
    return date_format(timezone.localtime(survey.deadline), "j F Y à H\\hi")


# --- Building --------------------------------------------------------------------------------


def _check_settings(*, space, target, body, people, deadline, answer_unit, now=None):
    if target == Target.BODY and (body is None or body.space_id != space.pk):
        raise SurveyError("Choisissez l'instance de l'espace dont les membres répondent.")
    if target == Target.LIST and not people:
        raise SurveyError("Choisissez au moins une personne à interroger.")
    if answer_unit not in AnswerUnit.values:
        raise SurveyError("Unité de réponse inconnue.")
    if deadline <= (now or timezone.now()):
        raise SurveyError("La date limite doit être dans le futur.")


def create_survey(
    *,
    actor,
    space,
    title: str,
    deadline,
    target: str,
    description: str = "",
    body=None,
    people=(),
    answer_unit: str = AnswerUnit.PERSON,
    anonymous: bool = False,
    results_shared: bool = False,
) -> Survey:
    """A new survey, as a draft: its questions are added before it opens."""
    _check_settings(
        space=space,
        target=target,
        body=body,
        people=people,
        deadline=deadline,
        answer_unit=answer_unit,
    )
    with transaction.atomic():
        survey = Survey.objects.create(
            space=space,
            title=title.strip(),
            description=description.strip(),
            deadline=deadline,
            target=target,
            body=body if target == Target.BODY else None,
            answer_unit=answer_unit,
            anonymous=anonymous,
            results_shared=results_shared,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        if target == Target.LIST:
            survey.people.set(people)
        log_action(actor=actor, action="surveys.create", obj=survey, space=space)
    return survey


def _lock_draft(survey: Survey) -> Survey:
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.status != Status.DRAFT:
        raise SurveyError(
            "Cette enquête est ouverte ou close : elle ne se modifie plus (les réponses déjà "
            "reçues porteraient sur d'autres questions)."
        )
    return locked


def update_survey(
    *,
    actor,
    survey: Survey,
    title: str,
    deadline,
    target: str,
    description: str = "",
    body=None,
    people=(),
    answer_unit: str = AnswerUnit.PERSON,
    anonymous: bool = False,
    results_shared: bool = False,
) -> Survey:
    """Change a draft survey's settings."""
    _check_settings(
        space=survey.space,
        target=target,
        body=body,
        people=people,
        deadline=deadline,
        answer_unit=answer_unit,
    )
    with transaction.atomic():
        _lock_draft(survey)
        survey.title = title.strip()
        survey.description = description.strip()
        survey.deadline = deadline
        survey.target = target
        survey.body = body if target == Target.BODY else None
        survey.answer_unit = answer_unit
        survey.anonymous = anonymous
        survey.results_shared = results_shared
        survey.save()
        survey.people.set(people if target == Target.LIST else [])
        log_action(actor=actor, action="surveys.update", obj=survey, space=survey.space)
    return survey


def _clean_lines(values) -> list[str]:
    seen = []
    for value in values or ():
        value = str(value).strip()
        if value:
            seen.append(value[:200])
    return seen


def _question_values(
    *,
    kind,
    label,
    help_text,
    required,
    options,
    rows,
    columns,
    scale_min,
    scale_max,
    min_label,
    max_label,
    condition_question,
    condition_values,
):
    if kind not in QuestionKind.values:
        raise SurveyError("Type de question inconnu.")
    if not (label or "").strip():
        raise SurveyError("Écrivez la question.")
    with_options = kind in rules.KINDS_WITH_OPTIONS
    return {
        "kind": kind,
        "label": label.strip()[:500],
        "help_text": (help_text or "").strip()[:500],
        "required": bool(required),
        "options": _clean_lines(options) if with_options else [],
        "rows": _clean_lines(rows) if kind == QuestionKind.MATRIX else [],
        "columns": _clean_lines(columns) if kind == QuestionKind.MATRIX else [],
        "scale_min": scale_min if kind == QuestionKind.SCALE else None,
        "scale_max": scale_max if kind == QuestionKind.SCALE else None,
        "min_label": (min_label or "").strip()[:100] if kind == QuestionKind.SCALE else "",
        "max_label": (max_label or "").strip()[:100] if kind == QuestionKind.SCALE else "",
        "condition_question": condition_question,
        "condition_values": _clean_lines(condition_values) if condition_question else [],
    }


def _check_question(question: Question, survey: Survey) -> None:
    earlier = [
        spec_of(q)
        for q in survey.questions.exclude(pk=question.pk)
        if (q.position, q.pk) < (question.position, question.pk or 10**12)
    ]
    errors = rules.check_question(spec_of(question), earlier)
    if errors:
        raise SurveyError(" ".join(errors))


def add_question(*, actor, survey: Survey, **values) -> Question:
    """Add a question at the end of a draft survey (see `rules.check_question`)."""
    fields = _question_values(**values)
    with transaction.atomic():
        _lock_draft(survey)
        position = (survey.questions.aggregate(m=Max("position"))["m"] or 0) + 1
        question = Question(survey=survey, position=position, **fields)
        _check_question(question, survey)
        question.save()
        log_action(
            actor=actor,
            action="surveys.add_question",
            obj=survey,
            space=survey.space,
            data={"question": question.pk, "kind": question.kind},
        )
    return question


def update_question(*, actor, question: Question, **values) -> Question:
    """Change a question of a draft survey. A question others depend on keeps its type."""
    fields = _question_values(**values)
    survey = question.survey
    with transaction.atomic():
        _lock_draft(survey)
        dependents = list(question.dependents.all())
        for name, value in fields.items():
            setattr(question, name, value)
        _check_question(question, survey)
        for dependent in dependents:
            errors = rules.check_question(spec_of(dependent), [spec_of(question)])
            if errors:
                raise SurveyError(
                    f"La question « {dependent.label} » dépend de celle-ci : ses réponses de "
                    "condition doivent rester des options de cette question. Changez d'abord "
                    "sa condition."
                )
        question.save()
        log_action(
            actor=actor,
            action="surveys.update_question",
            obj=survey,
            space=survey.space,
            data={"question": question.pk},
        )
    return question


def delete_question(*, actor, question: Question) -> None:
    """Remove a question of a draft survey, unless another question depends on it."""
    survey = question.survey
    with transaction.atomic():
        _lock_draft(survey)
        dependent = question.dependents.first()
        if dependent is not None:
            raise SurveyError(
                f"La question « {dependent.label} » ne s'affiche que selon la réponse à celle-ci "
                ": retirez d'abord sa condition."
            )
        log_action(
            actor=actor,
            action="surveys.delete_question",
            obj=survey,
            space=survey.space,
            data={"question": question.pk, "label": question.label},
        )
        question.delete()


def move_question(*, actor, question: Question, up: bool) -> None:
    """Move a question of a draft survey one place up or down. A question cannot pass before
    the question its display depends on (nor that one after it)."""
    survey = question.survey
    with transaction.atomic():
        _lock_draft(survey)
        questions = list(survey.questions.order_by("position", "pk"))
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(questions):
            return
        questions[index], questions[other] = questions[other], questions[index]
        broken = rules.broken_conditions([spec_of(q) for q in questions])
        if broken:
            raise SurveyError(
                f"La question « {broken[0].label} » doit rester après la question dont dépend "
                "son affichage."
            )
        for position, item in enumerate(questions, start=1):
            if item.position != position:
                Question.objects.filter(pk=item.pk).update(position=position)
        log_action(
            actor=actor,
            action="surveys.move_question",
            obj=survey,
            space=survey.space,
            data={"question": question.pk, "up": up},
        )


def open_survey(*, actor, survey: Survey, now=None) -> int:
    """Open a draft survey and notify its target. Returns how many people were notified."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = _lock_draft(survey)
        error = rules.check_opening(
            questions=survey.questions.count(), deadline=survey.deadline, now=now
        )
        if error:
            raise SurveyError(error)
        if rules.broken_conditions([spec_of(q) for q in survey.questions.all()]):
            raise SurveyError("Une condition d'affichage porte sur une question placée après.")
        survey.status = Status.OPEN
        survey.opened_at = now
        survey.save(update_fields=["status", "opened_at"])
        recipients = list(targets.target_people(survey))
        notify(
            recipients=recipients,
            kind=Kind.SURVEY,
            title=f"Enquête : {survey.title}",
            body=f"Répondez avant le {_deadline_text(survey)}.",
            url=reverse("surveys:answer", args=[survey.space.slug, survey.pk]),
            space=survey.space,
        )
        log_action(
            actor=actor,
            action="surveys.open",
            obj=survey,
            space=survey.space,
            data={"notified": len(recipients)},
        )
    return len(recipients)


def close_survey(*, actor, survey: Survey, now=None) -> Survey:
    """Close an open survey before (or after) its deadline: no answer is accepted any more."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != Status.OPEN:
            raise SurveyError("Seule une enquête ouverte peut être close.")
        survey.status = Status.CLOSED
        survey.closed_at = now or timezone.now()
        survey.save(update_fields=["status", "closed_at"])
        log_action(actor=actor, action="surveys.close", obj=survey, space=survey.space)
    return survey


# --- Answering -------------------------------------------------------------------------------


def existing_participation(survey: Survey, person, organisation=None) -> Participation | None:
    """The participation that blocks a new answer: the person's (unit: person), or the
    organisation's (unit: organisation)."""
    if survey.answer_unit == AnswerUnit.ORGANISATION:
        if organisation is None:
            return None
        return (
            Participation.objects.filter(survey=survey, organisation=organisation)
            .select_related("person", "organisation")
            .first()
        )
    return Participation.objects.filter(
        survey=survey, person=person, organisation__isnull=True
    ).first()


def own_response(survey: Survey, person) -> Response | None:
    """The named response the person sent (None for an anonymous survey: nothing ties it)."""
    if survey.anonymous:
        return None
    return Response.objects.filter(survey=survey, person=person).first()


def choose_organisation(survey: Survey, person, organisation_id=None):
    """The member organisation the person answers for (unit: organisation)."""
    if survey.answer_unit != AnswerUnit.ORGANISATION:
        return None
    choices = targets.organisations_for(survey, person)
    if not choices:
        raise SurveyError(
            "Cette enquête attend une réponse par organisation membre, et vous n'êtes rattaché "
            "à aucune organisation membre de l'espace pour y répondre."
        )
    if organisation_id:
        chosen = next((o for o in choices if str(o.pk) == str(organisation_id)), None)
        if chosen is None:
            raise SurveyError("Vous ne pouvez pas répondre pour cette organisation.")
        return chosen
    if len(choices) == 1:
        return choices[0]
    raise SurveyError("Choisissez l'organisation pour laquelle vous répondez.")


def submit_answers(
    *,
    actor,
    survey: Survey,
    person,
    getlist,
    uploads=None,
    organisation_id=None,
    now=None,
) -> Response | None:
    """Record a person's answers (returns the named response, None for an anonymous survey).

    Refused in French: outside the target, after the deadline or the close, a second answer
    (of the person, or of their organisation when the unit is the organisation), an anonymous
    answer already sent; required questions unanswered, invalid values and files (type, size)
    are refused question by question (`AnswerErrors`). A hidden question's answer is ignored.
    A named answer is changed by its author until the deadline (choice)."""
    now = now or timezone.now()
    uploads = uploads or {}
    if not survey.is_accepting(now):
        raise SurveyError(
            f"Cette enquête est close depuis le {_deadline_text(survey)} : les réponses ne sont "
            "plus acceptées."
            if survey.status == Status.OPEN
            else "Cette enquête est close : les réponses ne sont plus acceptées."
        )
    if not targets.in_target(survey, person):
        raise SurveyError("Vous ne faites pas partie des personnes interrogées par cette enquête.")
    organisation = choose_organisation(survey, person, organisation_id)
    previous = existing_participation(survey, person, organisation)
    response = None
    if previous is not None:
        if survey.anonymous:
            raise SurveyError(
                "Une réponse a déjà été envoyée"
                + (f" pour {organisation.name}" if organisation else "")
                + " ; une réponse anonyme ne se modifie pas."
            )
        if previous.person_id != person.pk:
            raise SurveyError(
                f"{previous.person.full_name} a déjà répondu pour {organisation.name} : une seule "
                "réponse par organisation."
            )
        response = Response.objects.filter(
            survey=survey, person=person, organisation=organisation
        ).first()
    questions = list(survey.questions.order_by("position", "pk"))
    kept = frozenset()
    if response is not None:
        kept = frozenset(response.answers.exclude(file="").values_list("question_id", flat=True))
    parsed = rules.parse_answers(
        [spec_of(q) for q in questions],
        getlist,
        {qid: rules.UploadInfo(f.name, f.size, _head(f)) for qid, f in uploads.items() if f},
        kept_files=kept,
    )
    if parsed.errors:
        raise AnswerErrors(parsed.errors)
    try:
        with transaction.atomic():
            # Lock the survey row: a close at the same moment waits, then we check again.
            locked = Survey.objects.select_for_update().get(pk=survey.pk)
            if not locked.is_accepting(now):
                raise SurveyError(
                    "Cette enquête vient d'être close : la réponse n'est pas enregistrée."
                )
            if response is None:
                Participation.objects.create(
                    survey=survey, person=person, organisation=organisation
                )
                response = Response.objects.create(
                    survey=survey,
                    anonymous=survey.anonymous,
                    person=None if survey.anonymous else person,
                    organisation=None if survey.anonymous else organisation,
                    submitted_on=timezone.localdate(now),
                )
                action = "surveys.answer"
            else:
                kept_answers = {
                    a.question_id: a
                    for a in response.answers.exclude(file="")
                    if a.question_id not in parsed.files
                }
                response.answers.exclude(pk__in=[a.pk for a in kept_answers.values()]).delete()
                # A kept file whose question is now hidden goes too.
                visible = {q.pk for q in questions if rules.is_visible(spec_of(q), parsed.values)}
                for question_id, answer in kept_answers.items():
                    if question_id not in visible:
                        answer.delete()
                response.updated_at = now
                response.save(update_fields=["updated_at"])
                action = "surveys.change_answer"
            Answer.objects.bulk_create(
                Answer(response=response, question_id=question_id, value=value)
                for question_id, value in parsed.values.items()
            )
            for question_id, upload in uploads.items():
                if question_id in parsed.files:
                    upload.seek(0)
                    name = (
                        f"fichier.{upload.name.rsplit('.', 1)[-1].lower()[:8]}"
                        if survey.anonymous
                        else upload.name[:255]
                    )
                    answer = Answer(response=response, question_id=question_id, file_name=name)
                    answer.file.save(upload.name, upload, save=False)
                    answer.save()
            if survey.anonymous:
                # Nothing that ties the answer to its author: no actor, no response id.
                log_action(
                    actor=None, action="surveys.answer_anonymous", obj=survey, space=survey.space
                )
            else:
                log_action(
                    actor=actor,
                    action=action,
                    obj=survey,
                    space=survey.space,
                    data={"response": str(response.pk)},
                )
    except IntegrityError as error:
        raise SurveyError(
            "Une réponse vient d'être enregistrée"
            + (f" pour {organisation.name}" if organisation else "")
            + " : une seule réponse est acceptée."
        ) from error
    return None if survey.anonymous else response


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(rules.FILE_HEAD_BYTES)
    upload.seek(0)
    return head


# --- Reminders -------------------------------------------------------------------------------


def not_answered(survey: Survey) -> list:
    """The people of the target who still have to answer: those without a participation and,
    when the unit is the organisation, whose organisations have not all answered."""
    people = targets.target_people(survey).exclude(
        pk__in=Participation.objects.filter(survey=survey).values("person_id")
    )
    people = list(people)
    if survey.answer_unit != AnswerUnit.ORGANISATION or not people:
        return people
    answered = set(
        Participation.objects.filter(survey=survey).values_list("organisation_id", flat=True)
    )
    organisations = targets.organisations_of_people(survey, [p.pk for p in people])
    return [p for p in people if not organisations.get(p.pk) or organisations[p.pk] - answered]


def send_reminders(*, now=None) -> list[tuple[Survey, int, int]]:
    """Remind, once per survey and per step (3 and 1 days before the deadline), the people of
    the target who have not answered. Returns (survey, step, people reminded) for each step
    sent. Steps recorded in ReminderSent are never sent again."""
    now = now or timezone.now()
    sent = []
    for survey in Survey.objects.accepting(now).select_related("space"):
        done = set(survey.reminders.values_list("days_before", flat=True))
        step, record = rules.due_reminder(survey.deadline, now, done)
        if step is None:
            continue
        try:
            with transaction.atomic():
                people = not_answered(survey)
                for days in record:
                    ReminderSent.objects.create(
                        survey=survey,
                        days_before=days,
                        recipients=len(people) if days == step else 0,
                    )
                notify(
                    recipients=people,
                    kind=Kind.SURVEY,
                    title=f"Rappel : l'enquête « {survey.title} » se termine le "
                    f"{_deadline_text(survey)}",
                    body="Vous n'y avez pas encore répondu.",
                    url=reverse("surveys:answer", args=[survey.space.slug, survey.pk]),
                    space=survey.space,
                )
                log_action(
                    actor=None,
                    action="surveys.remind",
                    obj=survey,
                    space=survey.space,
                    data={"days_before": step, "recipients": len(people)},
                )
        except IntegrityError:
            continue  # another run sent it at the same moment: never twice
        sent.append((survey, step, len(people)))
    return sent


def participations_for(survey: Survey, person, organisations=()) -> list[Participation]:
    """The participations that concern the person on the answer page: their own (unit:
    person), or those of their member organisations (unit: organisation)."""
    queryset = Participation.objects.filter(survey=survey).select_related("person", "organisation")
    if survey.answer_unit == AnswerUnit.ORGANISATION:
        return list(queryset.filter(organisation_id__in=[o.pk for o in organisations]))
    return list(queryset.filter(person=person, organisation__isnull=True))
