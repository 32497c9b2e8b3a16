"""Statements (appels de contribution): the chosen scenario produces one statement per paying
member, whose PDF is printed in the background; statements are sent; a sent statement never
changes and a correction is a new statement that references it, with the difference. And the
space's yearly summary. Each change runs in a transaction and is in the action log."""

import csv
import io
from decimal import Decimal
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.notifications.models import Kind
from maillage.notifications.services import notify
from maillage.people.models import Mandate
from maillage.spaces.models import Role, SpaceRole
from maillage.spaces.perms import person_of

from .models import Scenario, ScenarioLine, Statement, StatementStatus
from .perms import HEAD_FUNCTIONS
from .services import MutualisationError
from .templatetags.money import format_euros

CENT = Decimal("0.01")


def _money(value) -> str:
    return format_euros(value)


def _detail(line: ScenarioLine, paid_for: list[ScenarioLine]) -> list[dict]:
    """The lines of a statement: the member's own share, what its payer takes over, and what
    it pays for the members it pays for."""
    rows = []
    if line.is_member:
        rows.append(
            {"label": f"Part de {line.name} dans le coût du service", "amount": str(line.own_share)}
        )
        if line.paid_by_payer:
            rows.append(
                {
                    "label": "Prise en charge par l'organisation qui paie pour elle",
                    "amount": str(-line.paid_by_payer),
                }
            )
    for other in paid_for:
        rows.append(
            {"label": f"Prise en charge pour {other.name}", "amount": str(other.paid_by_payer)}
        )
    return rows


def _next_sequence(space, year) -> int:
    last = Statement.objects.filter(space=space, year=year).aggregate(m=Max("sequence"))["m"]
    return (last or 0) + 1


def _enqueue_pdfs(statement_ids: list[int]) -> None:
    from .tasks import render_statement_pdf

    for pk in statement_ids:
        transaction.on_commit(partial(render_statement_pdf.enqueue, pk))


def generate_statements(*, actor, scenario: Scenario) -> list[Statement]:
    """Produce the statements of the chosen scenario: one per member (or payer) called for a
    positive amount, numbered per space and year; their PDFs are printed in the background,
    all at once. Produced once per scenario."""
    if not scenario.chosen:
        raise MutualisationError(
            "Seul le scénario retenu par les élus produit des appels de contribution."
        )
    lines = list(scenario.lines.all())
    payers = {}
    for line in lines:
        if line.paid_by_id and line.paid_by_payer:
            payers.setdefault(line.paid_by_id, []).append(line)
    with transaction.atomic():
        Scenario.objects.select_for_update().filter(pk=scenario.pk).first()
        if scenario.statements.filter(corrects__isnull=True).exists():
            raise MutualisationError("Les appels de ce scénario sont déjà produits.")
        sequence = _next_sequence(scenario.space, scenario.year)
        rows = []
        for line in lines:
            if line.amount <= 0:
                continue
            rows.append(
                Statement(
                    space=scenario.space,
                    scenario=scenario,
                    organisation_id=line.organisation_id,
                    year=scenario.year,
                    sequence=sequence,
                    amount=line.amount,
                    detail=_detail(line, payers.get(line.organisation_id, [])),
                    explanation=line.explanation,
                )
            )
            sequence += 1
        if not rows:
            raise MutualisationError("Aucun membre n'est appelé pour un montant positif.")
        try:
            with transaction.atomic():
                created = Statement.objects.bulk_create(rows, batch_size=500)
        except IntegrityError:
            raise MutualisationError(
                "Des appels viennent d'être produits par quelqu'un d'autre : rechargez la page."
            ) from None
        ids = [s.pk for s in created]
        log_action(
            actor=actor,
            action="mutualisation.statements_generate",
            obj=scenario,
            space=scenario.space,
            data={"statements": len(rows)},
        )
        _enqueue_pdfs(ids)
    return created


def spokespeople(space, organisation_ids) -> dict[int, list]:
    """Who speaks for each organisation in the space: its mayor (or president) and the space's
    référents for it — those who read its sent statements. Two queries, whatever the number."""
    people: dict[int, list] = {pk: [] for pk in organisation_ids}
    heads = (
        Mandate.objects.current()
        .filter(organisation_id__in=people, function__in=HEAD_FUNCTIONS)
        .select_related("person")
    )
    referents = (
        SpaceRole.objects.current()
        .filter(space=space, role=Role.REFERENT, organisation_id__in=people)
        .select_related("person")
    )
    for link in [*heads, *referents]:
        people[link.organisation_id].append(link.person)
    return people


def _tell_members(*, actor, statements: list[Statement], scenario: Scenario) -> None:
    """Notify the mayor (or president) and référents of each member called (kind « Besoins des
    communes et services partagés »), once per statement."""
    space = scenario.space
    people = spokespeople(space, {s.organisation_id for s in statements})
    author = person_of(actor) if actor is not None else None
    for statement in statements:
        recipients = people.get(statement.organisation_id)
        if not recipients:
            continue
        correction = (
            f" (correction de l'appel n° {statement.corrects.number})"
            if statement.corrects_id
            else ""
        )
        notify(
            recipients=recipients,
            kind=Kind.NEED,
            title=f"Appel de contribution n° {statement.number}{correction} : "
            f"{scenario.service.name} {statement.year}, {_money(statement.amount)}",
            url=reverse("mutualisation:statement", args=[space.slug, statement.pk]),
            body=f"L'appel de contribution de votre organisation pour « {scenario.service.name} »"
            f" en {statement.year} est envoyé : {_money(statement.amount)}. Il se lit et se "
            "télécharge (PDF, CSV) dans l'espace.",
            space=space,
            exclude=author,
        )


def send_statement(*, actor, statement: Statement) -> Statement:
    """Send one statement: from now on it is what the member received and never changes."""
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        if locked.status == StatementStatus.SENT:
            raise MutualisationError(f"L'appel n° {statement.number} est déjà envoyé.")
        now = timezone.now()
        Statement.objects.filter(pk=statement.pk).update(
            status=StatementStatus.SENT, sent_at=now, sent_by=actor
        )
        statement.status, statement.sent_at, statement.sent_by = StatementStatus.SENT, now, actor
        log_action(
            actor=actor,
            action="mutualisation.statement_send",
            obj=statement,
            space=statement.space,
            data={"amount": str(statement.amount)},
        )
        _tell_members(actor=actor, statements=[statement], scenario=statement.scenario)
    return statement


def send_statements(*, actor, scenario: Scenario) -> int:
    """Send every statement of the scenario still in preparation, at once."""
    with transaction.atomic():
        drafts = list(
            Statement.objects.select_for_update(of=("self",))
            .filter(scenario=scenario, status=StatementStatus.DRAFT)
            .select_related("corrects")
        )
        count = Statement.objects.filter(pk__in=[s.pk for s in drafts]).update(
            status=StatementStatus.SENT, sent_at=timezone.now(), sent_by=actor
        )
        if not count:
            raise MutualisationError("Aucun appel de ce scénario n'attend d'être envoyé.")
        log_action(
            actor=actor,
            action="mutualisation.statements_send",
            obj=scenario,
            space=scenario.space,
            data={"statements": count},
        )
        for statement in drafts:
            statement.status = StatementStatus.SENT
        _tell_members(actor=actor, statements=drafts, scenario=scenario)
    return count


def correct_statement(*, actor, statement: Statement, amount: Decimal, reason: str) -> Statement:
    """Correct a sent statement: a new statement (in preparation, with its own number) that
    references it and states the difference; the corrected one is never changed. A statement
    is corrected once: a further correction corrects the correction."""
    reason = (reason or "").strip()
    statement.refresh_from_db(fields=["status", "amount"])
    if not statement.is_sent:
        raise MutualisationError("Cet appel n'est pas encore envoyé : il n'a pas à être corrigé.")
    if amount is None or amount < 0 or amount != amount.quantize(CENT):
        raise MutualisationError("Le montant corrigé est positif, au centime près.", field="amount")
    if amount == statement.amount:
        raise MutualisationError("Le montant corrigé est celui de l'appel.", field="amount")
    if not reason:
        raise MutualisationError("Expliquez la correction au membre.", field="reason")
    with transaction.atomic():
        Statement.objects.select_for_update().filter(pk=statement.pk).first()
        later = statement.corrections.first()
        if later is not None:
            raise MutualisationError(
                f"Cet appel est déjà corrigé par l'appel n° {later.number} : corrigez celui-ci."
            )
        difference = amount - statement.amount
        correction = Statement(
            space=statement.space,
            scenario=statement.scenario,
            organisation=statement.organisation,
            year=statement.year,
            sequence=_next_sequence(statement.space, statement.year),
            amount=amount,
            corrects=statement,
            difference=difference,
            detail=statement.detail
            + [
                {"label": f"Correction de l'appel n° {statement.number}", "amount": str(difference)}
            ],
            explanation=f"Correction de l'appel n° {statement.number} ({_money(statement.amount)}"
            f") : {reason}",
        )
        try:
            with transaction.atomic():
                correction.save()
        except IntegrityError:
            raise MutualisationError("Un autre appel vient d'être numéroté : réessayez.") from None
        log_action(
            actor=actor,
            action="mutualisation.statement_correct",
            obj=correction,
            space=statement.space,
            data={"corrects": statement.number, "difference": str(difference)},
        )
        _enqueue_pdfs([correction.pk])
    return correction


# --- Reading --------------------------------------------------------------------------------


def statement_rows(statement: Statement) -> list[dict]:
    return [{"label": row["label"], "amount": Decimal(row["amount"])} for row in statement.detail]


def statement_csv(statement: Statement) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Appel", "Membre", "Service", "Année", "Ligne", "Montant (€)"])
    head = [
        statement.number,
        statement.organisation.name,
        statement.scenario.service.name,
        statement.year,
    ]
    for row in statement_rows(statement):
        writer.writerow(head + [row["label"], f"{row['amount']:.2f}"])
    writer.writerow(head + ["Total appelé", f"{statement.amount:.2f}"])
    if statement.corrects_id:
        writer.writerow(
            head
            + [f"Écart avec l'appel n° {statement.corrects.number}", f"{statement.difference:.2f}"]
        )
    return "\ufeff" + buffer.getvalue()


def yearly_summary(space, year: int):
    """The space's year: for each service whose scenario is chosen, the total and each
    member's amount (from the chosen scenario's lines); with what statements called so far.
    Two queries, whatever the number of members."""
    lines = (
        ScenarioLine.objects.filter(
            scenario__space=space, scenario__year=year, scenario__chosen=True, amount__gt=0
        )
        .select_related("scenario__service")
        .order_by("scenario__service__name", "scenario_id", "name", "pk")
    )
    called = dict(
        Statement.objects.filter(space=space, year=year, status=StatementStatus.SENT)
        .values("scenario_id")
        .annotate(total=Sum("amount"))
        .values_list("scenario_id", "total")
    )
    services, by_member = {}, {}
    for line in lines:
        scenario = line.scenario
        entry = services.setdefault(
            scenario.pk,
            {
                "scenario": scenario,
                "service": scenario.service,
                "total": Decimal(0),
                "members": 0,
                "called": called.get(scenario.pk) or Decimal(0),
            },
        )
        entry["total"] += line.amount
        entry["members"] += 1
        member = by_member.setdefault(
            line.organisation_id, {"name": line.name, "total": Decimal(0), "amounts": {}}
        )
        member["amounts"][scenario.pk] = line.amount
        member["total"] += line.amount
    members = sorted(by_member.values(), key=lambda m: m["name"])
    return {
        "services": list(services.values()),
        "members": members,
        "total": sum((s["total"] for s in services.values()), Decimal(0)),
    }


def yearly_summary_csv(space, year: int) -> str:
    summary = yearly_summary(space, year)
    services = summary["services"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Membre"] + [s["service"].name for s in services] + ["Total (€)"])
    for member in summary["members"]:
        writer.writerow(
            [member["name"]]
            + [f"{member['amounts'].get(s['scenario'].pk, Decimal(0)):.2f}" for s in services]
            + [f"{member['total']:.2f}"]
        )
    writer.writerow(
        ["Total"] + [f"{s['total']:.2f}" for s in services] + [f"{summary['total']:.2f}"]
    )
    return "\ufeff" + buffer.getvalue()
