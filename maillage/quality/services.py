"""Every change to the quality plan's processes and continuous-improvement register.

Every function takes keyword-only arguments and the acting user as `actor`, runs in a
transaction, records the action in the log, and raises `QualityError` with a French message
that a screen shows as it is. Nothing is deleted: a process is archived, a line of the
register is closed with its result. The activity report's services are in `reports.py`.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.library.models import Document
from maillage.notifications.models import Kind as NotificationKind
from maillage.notifications.services import notify
from maillage.people.models import Person
from maillage.spaces.perms import person_of

from . import perms, rules
from .models import Improvement, Kind, Process, ProcessDocument, Status

# (choice) No notification kind is dedicated to the quality plan yet: an answer to one's
# suggestion, or a review to do, reads as a reply addressed to the person (sent at once by
# default). A kind « Plan qualité » is asked of the lead.
NOTIFICATION_KIND = NotificationKind.QUALITY


class QualityError(Exception):
    """A refusal, in French, shown as it is; `field` names the form field concerned."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _french(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- Processes ----------------------------------------------------------------------------------


def _check_process(*, space, title, purpose, steps, owner, last_review_on, next_review_on):
    if not title.strip():
        raise QualityError("Donnez un intitulé au processus.", field="title")
    if not purpose.strip():
        raise QualityError("Dites à quoi sert le processus.", field="purpose")
    error = rules.check_steps(steps)
    if error:
        raise QualityError(error, field="steps")
    if owner is None:
        raise QualityError("Choisissez le pilote du processus.", field="owner")
    if next_review_on is None:
        raise QualityError("Fixez la date de la prochaine revue.", field="next_review_on")
    if last_review_on is not None and next_review_on < last_review_on:
        raise QualityError(
            "La prochaine revue ne peut pas précéder la dernière revue.", field="next_review_on"
        )
    if last_review_on is not None and last_review_on > timezone.localdate():
        raise QualityError(
            "La dernière revue ne peut pas être dans le futur.", field="last_review_on"
        )


def _title_taken(space, title, exclude=None) -> bool:
    queryset = Process.objects.current().filter(space=space, title__iexact=title.strip())
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.exists()


def create_process(
    *,
    actor,
    space,
    title: str,
    purpose: str,
    steps: list[str],
    owner: Person,
    next_review_on: datetime.date,
    last_review_on: datetime.date | None = None,
) -> Process:
    """Document a process of the space. Its owner is told."""
    if not perms.can_manage_quality(actor, space):
        raise QualityError(perms.NEED_MANAGE)
    _check_process(
        space=space,
        title=title,
        purpose=purpose,
        steps=steps,
        owner=owner,
        last_review_on=last_review_on,
        next_review_on=next_review_on,
    )
    if _title_taken(space, title):
        raise QualityError("Un processus de l'espace porte déjà cet intitulé.", field="title")
    try:
        with transaction.atomic():
            process = Process.objects.create(
                space=space,
                title=title.strip(),
                purpose=purpose,
                steps=list(steps),
                owner=owner,
                last_review_on=last_review_on,
                next_review_on=next_review_on,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            log_action(actor=actor, action="quality.process_create", obj=process, space=space)
            notify(
                recipients=[owner],
                kind=NOTIFICATION_KIND,
                title=f"Vous pilotez le processus « {process.title} »",
                body=f"Prochaine revue prévue le {_french(next_review_on)}.",
                url=process.get_absolute_url(),
                space=space,
                exclude=person_of(actor),
            )
    except IntegrityError as error:
        raise QualityError(
            "Un processus de l'espace porte déjà cet intitulé.", field="title"
        ) from error
    return process


def update_process(
    *,
    actor,
    process: Process,
    title: str,
    purpose: str,
    steps: list[str],
    owner: Person,
    next_review_on: datetime.date,
    last_review_on: datetime.date | None = None,
) -> Process:
    """Change a current process; the previous values stay in the action log."""
    if process.archived_at is not None:
        raise QualityError("Ce processus est archivé : il ne se modifie plus.")
    if not perms.can_edit_process(actor, process):
        raise QualityError(perms.NEED_MANAGE)
    _check_process(
        space=process.space,
        title=title,
        purpose=purpose,
        steps=steps,
        owner=owner,
        last_review_on=last_review_on,
        next_review_on=next_review_on,
    )
    if _title_taken(process.space, title, exclude=process):
        raise QualityError("Un processus de l'espace porte déjà cet intitulé.", field="title")
    before = {
        "title": process.title,
        "purpose": process.purpose,
        "steps": process.steps,
        "owner": process.owner_id,
        "next_review_on": str(process.next_review_on),
    }
    try:
        with transaction.atomic():
            process.title, process.purpose, process.steps = title.strip(), purpose, list(steps)
            process.owner, process.next_review_on = owner, next_review_on
            process.last_review_on = last_review_on
            process.save()
            log_action(
                actor=actor,
                action="quality.process_edit",
                obj=process,
                space=process.space,
                data={"before": before},
            )
    except IntegrityError as error:
        raise QualityError(
            "Un processus de l'espace porte déjà cet intitulé.", field="title"
        ) from error
    return process


def review_process(
    *,
    actor,
    process: Process,
    next_review_on: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> Process:
    """Record that the process was reviewed today, and when the next review is due."""
    today = today or timezone.localdate()
    if process.archived_at is not None:
        raise QualityError("Ce processus est archivé : il ne se revoit plus.")
    if not perms.can_review_process(actor, process):
        raise QualityError(perms.NEED_REVIEW)
    if next_review_on is None or next_review_on <= today:
        raise QualityError("La prochaine revue se place après aujourd'hui.", field="next_review_on")
    with transaction.atomic():
        process.last_review_on, process.next_review_on = today, next_review_on
        process.reminded_on = None
        process.save(
            update_fields=["last_review_on", "next_review_on", "reminded_on", "updated_at"]
        )
        log_action(
            actor=actor,
            action="quality.process_review",
            obj=process,
            space=process.space,
            data={"reviewed_on": str(today), "next": str(next_review_on), "note": note[:2000]},
        )
    return process


def archive_process(*, actor, process: Process) -> Process:
    """Archive a process: it leaves the lists but stays readable with its history."""
    if process.archived_at is not None:
        raise QualityError("Ce processus est déjà archivé.")
    if not perms.can_edit_process(actor, process):
        raise QualityError(perms.NEED_MANAGE)
    with transaction.atomic():
        process.archived_at = timezone.now()
        process.save(update_fields=["archived_at", "updated_at"])
        log_action(actor=actor, action="quality.process_archive", obj=process, space=process.space)
    return process


def add_process_document(
    *, actor, process: Process, document: Document | None = None, url: str = "", label: str = ""
) -> ProcessDocument:
    """Link a file of the space's library, or a web link, to a process."""
    if process.archived_at is not None:
        raise QualityError("Ce processus est archivé : il ne se modifie plus.")
    if not perms.can_edit_process(actor, process):
        raise QualityError(perms.NEED_MANAGE)
    url = (url or "").strip()
    if document is None and not url:
        raise QualityError("Choisissez un document de la bibliothèque, ou donnez un lien.")
    if document is not None and url:
        raise QualityError(
            "Choisissez un document de la bibliothèque ou donnez un lien, pas les deux."
        )
    if document is not None and (
        document.space_id != process.space_id or document.archived_at is not None
    ):
        raise QualityError("Ce document n'est pas dans la bibliothèque de l'espace.")
    if url and not url.lower().startswith(("https://", "http://")):
        raise QualityError("Un lien commence par https:// ou http://.", field="url")
    try:
        with transaction.atomic():
            link = ProcessDocument.objects.create(
                process=process, document=document, url=url, label=label.strip()[:200]
            )
            log_action(
                actor=actor,
                action="quality.process_document",
                obj=process,
                space=process.space,
                data={"document": document.pk if document else None, "url": url},
            )
    except IntegrityError as error:
        raise QualityError("Ce document est déjà lié au processus.") from error
    return link


def remind_overdue_reviews(*, today: datetime.date | None = None) -> list[Process]:
    """Tell the owner of every current process whose review is overdue — once a week at most
    *(choice)*, so that a daily run does not nag. Returns the processes reminded."""
    today = today or timezone.localdate()
    quiet_since = today - datetime.timedelta(days=6)
    reminded = []
    overdue = (
        Process.objects.overdue(today)
        .exclude(reminded_on__gte=quiet_since)
        .select_related("owner", "space")
    )
    for process in overdue:
        with transaction.atomic():
            notify(
                recipients=[process.owner],
                kind=NOTIFICATION_KIND,
                title=f"Revue en retard : processus « {process.title} »",
                body=f"La revue était prévue le {_french(process.next_review_on)}.",
                url=process.get_absolute_url(),
                space=process.space,
            )
            Process.objects.filter(pk=process.pk).update(reminded_on=today)
            log_action(
                actor=None,
                action="quality.process_remind",
                obj=process,
                space=process.space,
                data={"due": str(process.next_review_on)},
            )
        reminded.append(process)
    return reminded


# --- The continuous-improvement register ------------------------------------------------------


def _tell_submitter(improvement: Improvement, actor, what: str) -> None:
    notify(
        recipients=[improvement.submitted_by],
        kind=NOTIFICATION_KIND,
        title=f"Votre {improvement.get_kind_display().lower()} n° {improvement.number} : {what}",
        body=improvement.title,
        url=reverse("quality:improvement", args=[improvement.space.slug, improvement.pk]),
        space=improvement.space,
        exclude=person_of(actor),
    )


def submit_improvement(*, actor, space, kind: str, title: str, description: str) -> Improvement:
    """A member of the space writes a suggestion or an irritant in the register; it takes the
    next number of the space."""
    if not perms.can_submit_improvement(actor, space):
        raise QualityError(perms.NEED_SUBMIT)
    person = person_of(actor)
    if person is None:
        raise QualityError("Seule une personne de l'espace signe une proposition.")
    if kind not in Kind.values:
        raise QualityError("Dites s'il s'agit d'une suggestion ou d'un irritant.", field="kind")
    if not title.strip():
        raise QualityError("Donnez un intitulé à votre proposition.", field="title")
    if not description.strip():
        raise QualityError("Décrivez votre proposition.", field="description")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = Improvement.objects.filter(space=space).aggregate(n=Max("number"))["n"]
                improvement = Improvement.objects.create(
                    space=space,
                    number=(last or 0) + 1,
                    kind=kind,
                    title=title.strip(),
                    description=description,
                    submitted_by=person,
                )
                log_action(
                    actor=actor,
                    action="quality.improvement_submit",
                    obj=improvement,
                    space=space,
                    data={"kind": kind},
                )
                return improvement
        except IntegrityError:
            continue  # two submissions at once took the same number: take the next one
    raise QualityError("Le registre est très sollicité : envoyez votre proposition à nouveau.")


def _lock(improvement: Improvement) -> Improvement:
    locked = Improvement.objects.select_for_update().get(pk=improvement.pk)
    improvement.status = locked.status
    return improvement


def _check_move(improvement: Improvement, target: str) -> None:
    if not rules.can_move(improvement.status, target):
        if improvement.is_closed:
            raise QualityError("Cette ligne du registre est close : elle ne change plus.")
        raise QualityError(
            f"Une amélioration « {improvement.get_status_display().lower()} » ne peut pas "
            f"passer à « {Status(target).label.lower()} »."
        )


def analyse_improvement(*, actor, improvement: Improvement, analysis: str) -> Improvement:
    """An agent writes (or rewrites, before deciding) the analysis; the submitter is told."""
    if not perms.can_manage_quality(actor, improvement.space):
        raise QualityError(perms.NEED_MANAGE)
    if not analysis.strip():
        raise QualityError("Rédigez l'analyse.", field="analysis")
    with transaction.atomic():
        _lock(improvement)
        _check_move(improvement, Status.ANALYSED)
        improvement.analysis = analysis
        improvement.status = Status.ANALYSED
        improvement.analysed_at = timezone.now()
        improvement.save(update_fields=["analysis", "status", "analysed_at", "updated_at"])
        log_action(
            actor=actor,
            action="quality.improvement_analyse",
            obj=improvement,
            space=improvement.space,
        )
        _tell_submitter(improvement, actor, "analyse rédigée")
    return improvement


def decide_action(
    *,
    actor,
    improvement: Improvement,
    action: str,
    owner: Person,
    due_on: datetime.date,
    today: datetime.date | None = None,
) -> Improvement:
    """Once analysed, an agent decides the action, its owner and its due date; the submitter
    and the owner are told."""
    if not perms.can_manage_quality(actor, improvement.space):
        raise QualityError(perms.NEED_MANAGE)
    today = today or timezone.localdate()
    if not action.strip():
        raise QualityError("Décrivez l'action décidée.", field="action")
    if owner is None:
        raise QualityError("Choisissez le responsable de l'action.", field="owner")
    if due_on is None or due_on < today:
        raise QualityError("L'échéance de l'action ne peut pas être passée.", field="due_on")
    with transaction.atomic():
        _lock(improvement)
        _check_move(improvement, Status.ACTION)
        improvement.action, improvement.action_owner, improvement.action_due_on = (
            action,
            owner,
            due_on,
        )
        improvement.status = Status.ACTION
        improvement.decided_at = timezone.now()
        improvement.save(
            update_fields=[
                "action",
                "action_owner",
                "action_due_on",
                "status",
                "decided_at",
                "updated_at",
            ]
        )
        log_action(
            actor=actor,
            action="quality.improvement_decide",
            obj=improvement,
            space=improvement.space,
            data={"owner": owner.pk, "due_on": str(due_on)},
        )
        _tell_submitter(improvement, actor, f"action décidée, échéance le {_french(due_on)}")
        if owner.pk != improvement.submitted_by_id:
            notify(
                recipients=[owner],
                kind=NOTIFICATION_KIND,
                title=f"Action d'amélioration à mener avant le {_french(due_on)}",
                body=improvement.title,
                url=improvement.get_absolute_url(),
                space=improvement.space,
                exclude=person_of(actor),
            )
    return improvement


def record_result(*, actor, improvement: Improvement, result: str) -> Improvement:
    """Once the action is done, an agent records its result: the line is closed."""
    if not perms.can_manage_quality(actor, improvement.space):
        raise QualityError(perms.NEED_MANAGE)
    if not result.strip():
        raise QualityError("Décrivez le résultat de l'action.", field="result")
    with transaction.atomic():
        _lock(improvement)
        _check_move(improvement, Status.DONE)
        improvement.result = result
        improvement.status = Status.DONE
        improvement.closed_at = timezone.now()
        improvement.save(update_fields=["result", "status", "closed_at", "updated_at"])
        log_action(
            actor=actor,
            action="quality.improvement_result",
            obj=improvement,
            space=improvement.space,
        )
        _tell_submitter(improvement, actor, "résultat constaté")
    return improvement


def close_without_action(*, actor, improvement: Improvement, reason: str) -> Improvement:
    """An agent closes a line without action, saying why (the reason is the analysis)."""
    if not perms.can_manage_quality(actor, improvement.space):
        raise QualityError(perms.NEED_MANAGE)
    if not reason.strip():
        raise QualityError("Dites pourquoi aucune action n'est retenue.", field="reason")
    with transaction.atomic():
        _lock(improvement)
        _check_move(improvement, Status.NO_ACTION)
        now = timezone.now()
        improvement.analysis = reason
        improvement.analysed_at = improvement.analysed_at or now
        improvement.status = Status.NO_ACTION
        improvement.closed_at = now
        improvement.save(
            update_fields=["analysis", "analysed_at", "status", "closed_at", "updated_at"]
        )
        log_action(
            actor=actor,
            action="quality.improvement_no_action",
            obj=improvement,
            space=improvement.space,
        )
        _tell_submitter(improvement, actor, "classée sans suite")
    return improvement
