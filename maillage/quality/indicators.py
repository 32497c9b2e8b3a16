"""Activity indicators of a space for a year, computed from the platform's own records.

Each indicator costs one query, whatever the number of sittings, surveys or needs: the counts
are aggregated in SQL (grouped by body, quarter, survey…); where a legal or statistical rule
must be applied row by row (a convocation delay in clear days, a median), one query fetches
the few dated values of the year and the pure functions of `rules.py` do the rest.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Cast, ExtractQuarter
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.bulletins.models import DeliveryStatus, Issue, IssueStatus
from maillage.experiences.models import Experience
from maillage.experiences.models import Status as ExperienceStatus
from maillage.experiences.models import Visibility as ExperienceVisibility
from maillage.meetings.models import PRESENT_STATES, Attendance, Presence, Sitting, SittingStatus
from maillage.needs.models import Need
from maillage.opinions.models import OpinionRequest
from maillage.projects.models import Project, ProjectStatus, StatusChange
from maillage.surveys.models import Survey

from . import rules

QUARTERS = ("T1", "T2", "T3", "T4")


@dataclass
class Indicator:
    """One indicator: its headline value, its definition (shown next to it), a table (header
    and rows of plain values) and the bars of its chart (label, value)."""

    key: str
    title: str
    definition: str
    value: Decimal | int | None
    unit: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    bars: list[tuple[str, Decimal | int | None]] = field(default_factory=list)
    bar_unit: str = ""  # when the bars count something else than the headline (a rate)

    @property
    def unit_one(self) -> str:
        """The unit below 2, as French writes it: « 0 séance », « 1,5 jour »."""
        return _singular(self.unit)

    def chart_options(self) -> dict:
        """How the chart writes its bars' values: the headline's unit and decimals, or the
        bars' own unit (counts, no decimals)."""
        if self.bar_unit:
            return {"unit": self.bar_unit, "unit_one": _singular(self.bar_unit), "places": None}
        return {"unit": self.unit, "unit_one": self.unit_one, "places": self.places}

    @property
    def places(self) -> int | None:
        """Rates and durations are computed to one decimal, and written so everywhere."""
        return 1 if self.unit in ("%", "jours") else None

    @property
    def value_text(self) -> str:
        if self.value is None:
            return "non mesurable (aucune donnée)"
        from maillage.dashboards.charts import number_fr

        unit = self.unit_one if abs(self.value) < 2 else self.unit
        return f"{number_fr(self.value, self.places)} {unit}".strip()


def _singular(unit: str) -> str:
    return unit[:-1] if unit.endswith("s") else unit


def _local(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def sittings_held(space, year: int) -> Indicator:
    rows = (
        Sitting.objects.filter(body__space=space, status=SittingStatus.CLOSED, starts_at__year=year)
        .annotate(quarter=ExtractQuarter("starts_at"))
        .values("body_id", "body__name", "quarter")
        .annotate(n=Count("pk"))
        .order_by("body__name", "body_id", "quarter")
    )
    per_body: dict[int, list] = {}
    for row in rows:
        line = per_body.setdefault(row["body_id"], [row["body__name"], 0, 0, 0, 0, 0])
        line[row["quarter"]] += row["n"]
        line[5] += row["n"]
    table = list(per_body.values())
    total = sum(line[5] for line in table)
    return Indicator(
        key="seances",
        title="Séances tenues par instance",
        definition=(
            "Nombre de séances closes (tenues) de chaque instance de l'espace dont la date "
            "tombe dans l'année, par trimestre. Les séances annulées ou en préparation ne "
            "comptent pas."
        ),
        value=total,
        unit="séances",
        header=["Instance", *QUARTERS, "Total"],
        rows=table,
        bars=[(line[0], line[5]) for line in table],
    )


def convocation_delays(space, year: int) -> Indicator:
    sittings = (
        Sitting.objects.filter(body__space=space, starts_at__year=year, convened_at__isnull=False)
        .exclude(status=SittingStatus.CANCELLED)
        .values_list("starts_at", "convened_at", "clear_days")
    )
    counts = {q: [0, 0] for q in range(1, 5)}
    for starts_at, convened_at, clear_days in sittings:
        day = _local(starts_at)
        line = counts[rules.quarter_of(day)]
        line[1] += 1
        if rules.convened_in_time(_local(convened_at), day, clear_days):
            line[0] += 1
    in_time = sum(line[0] for line in counts.values())
    convened = sum(line[1] for line in counts.values())
    table = [
        [QUARTERS[q - 1], line[1], line[0], rules.rate(line[0], line[1])]
        for q, line in counts.items()
    ]
    return Indicator(
        key="convocations",
        title="Délais de convocation respectés",
        definition=(
            "Part des séances de l'année (hors séances annulées) dont les convocations sont "
            "parties au plus tard la veille des jours francs requis : 5 jours francs pour un "
            "EPCI, 3 pour une commune de moins de 3 500 habitants, le délai abrégé fixé par "
            "le président en cas d'urgence (articles L2121-11, L2121-12 et L5211-1 du CGCT). "
            "La date d'envoi est celle de la convocation de la séance sur la plateforme."
        ),
        value=rules.rate(in_time, convened),
        unit="%",
        header=["Trimestre", "Séances convoquées", "Dans le délai", "Taux (%)"],
        rows=table,
        bars=[(line[0], line[3]) for line in table],
    )


def attendance(space, year: int) -> Indicator:
    present = Q(status__in=list(PRESENT_STATES))
    rows = (
        Attendance.objects.filter(
            sitting__body__space=space,
            sitting__status=SittingStatus.CLOSED,
            sitting__starts_at__year=year,
        )
        .annotate(quarter=ExtractQuarter("sitting__starts_at"))
        .values("quarter")
        .annotate(
            total=Count("pk"),
            present=Count("pk", filter=present),
            represented=Count("pk", filter=Q(status=Presence.REPRESENTED)),
            replaced=Count("pk", filter=Q(status=Presence.REPLACED)),
        )
        .order_by("quarter")
    )
    by_quarter = {row["quarter"]: row for row in rows}
    table = []
    for q in range(1, 5):
        row = by_quarter.get(q, {"total": 0, "present": 0, "represented": 0, "replaced": 0})
        table.append(
            [
                QUARTERS[q - 1],
                row["total"],
                row["present"],
                row["represented"],
                row["replaced"],
                rules.rate(row["present"], row["total"]),
            ]
        )
    total = sum(line[1] for line in table)
    present_total = sum(line[2] for line in table)
    return Indicator(
        key="assiduite",
        title="Assiduité aux séances",
        definition=(
            "Part des membres présents (sur place ou à distance dans une séance en plusieurs "
            "lieux) parmi les présences relevées lors des séances closes de l'année. Les "
            "membres représentés (pouvoir) ou remplacés par leur suppléant sont comptés à "
            "part et ne sont pas présents."
        ),
        value=rules.rate(present_total, total),
        unit="%",
        header=[
            "Trimestre",
            "Présences relevées",
            "Présents",
            "Représentés",
            "Remplacés",
            "Taux (%)",
        ],
        rows=table,
        bars=[(line[0], line[5]) for line in table],
    )


def survey_responses(space, year: int) -> Indicator:
    """Two queries: the surveys opened in the year with their participations, and the number of
    people notified at the opening, read from the action log."""
    surveys = list(
        Survey.objects.filter(space=space, opened_at__year=year)
        .annotate(answers=Count("participations"))
        .values_list("pk", "title", "answers")
        .order_by("opened_at", "pk")
    )
    notified = (
        dict(
            ActionLog.objects.filter(
                action="surveys.open",
                object_type="surveys.survey",
                object_id__in=[str(pk) for pk, _, _ in surveys],
            ).values_list("object_id", "data__notified")
        )
        if surveys
        else {}
    )
    table = []
    for pk, title, answers in surveys:
        asked = int(notified.get(str(pk)) or 0)
        answers = min(answers, asked) if asked else answers
        table.append([title, asked, answers, rules.rate(answers, asked) if asked else None])
    asked_total = sum(line[1] for line in table)
    answered_total = sum(line[2] for line in table if line[1])
    return Indicator(
        key="enquetes",
        title="Taux de réponse aux enquêtes",
        definition=(
            "Réponses reçues rapportées aux personnes sollicitées à l'ouverture de chaque "
            "enquête ouverte dans l'année (nombre relevé dans le journal des actions). Pour "
            "une enquête à une réponse par organisation, chaque organisation compte une fois "
            "dans les réponses."
        ),
        value=rules.rate(answered_total, asked_total),
        unit="%",
        header=["Enquête", "Personnes sollicitées", "Réponses", "Taux (%)"],
        rows=table,
        bars=[(line[0], line[3]) for line in table],
    )


def opinion_responses(space, year: int) -> Indicator:
    rows = list(
        OpinionRequest.objects.filter(space=space, sent_on__year=year)
        .annotate(
            asked=Count("targets", distinct=True),
            answered=Count("targets", filter=Q(targets__opinions__isnull=False), distinct=True),
        )
        .values_list("title", "asked", "answered")
        .order_by("sent_on", "pk")
    )
    table = [
        [title, asked, answered, rules.rate(answered, asked)] for title, asked, answered in rows
    ]
    return Indicator(
        key="avis",
        title="Taux de réponse aux demandes d'avis",
        definition=(
            "Destinataires (conseils municipaux, organisations ou membres d'une instance) qui "
            "ont rendu un avis exprès, rapportés aux destinataires des demandes d'avis "
            "envoyées dans l'année. Un silence réputé favorable n'est pas une réponse."
        ),
        value=rules.rate(sum(r[2] for r in table), sum(r[1] for r in table)),
        unit="%",
        header=["Demande d'avis", "Destinataires", "Avis rendus", "Taux (%)"],
        rows=table,
        bars=[(line[0], line[3]) for line in table],
    )


def projects_on_time(space, year: int) -> Indicator:
    done_at = (
        StatusChange.objects.filter(project=OuterRef("pk"), to_status=ProjectStatus.DONE)
        .order_by()
        .values("project")
        .annotate(last=Max("changed_at"))
        .values("last")
    )
    projects = (
        Project.objects.active()
        .filter(space=space, status=ProjectStatus.DONE)
        .annotate(done_at=Subquery(done_at))
        .filter(done_at__year=year)
        .values_list("title", "end_date", "done_at")
        .order_by("done_at", "pk")
    )
    table = []
    for title, end_date, when in projects:
        done_on = _local(when)
        on_time = None if end_date is None else rules.delivered_on_time(done_on, end_date)
        verdict = {True: "oui", False: "non", None: "sans date de fin prévue"}[on_time]
        table.append([title, end_date, done_on, verdict])
    judged = [line for line in table if line[3] != "sans date de fin prévue"]
    on_time_count = sum(1 for line in judged if line[3] == "oui")
    return Indicator(
        key="projets",
        title="Projets livrés dans les délais",
        definition=(
            "Parmi les projets passés à l'état « Terminé » dans l'année et qui avaient une "
            "date de fin prévue, part de ceux terminés au plus tard à cette date (date du "
            "dernier passage à « Terminé »). Les projets archivés ne comptent pas."
        ),
        value=rules.rate(on_time_count, len(judged)),
        unit="%",
        header=["Projet", "Fin prévue", "Terminé le", "Dans les délais"],
        rows=table,
        bars=[("Dans les délais", on_time_count), ("En retard", len(judged) - on_time_count)],
        bar_unit="projets",
    )


def need_answer_time(space, year: int) -> Indicator:
    """The first change of status out of « ouvert » is read from the action log
    (`needs.status`), the need having no date of its own for it."""
    first_answer = (
        ActionLog.objects.filter(
            action="needs.status",
            object_type="needs.need",
            object_id=Cast(OuterRef("pk"), CharField()),
            data__from="ouvert",
        )
        .order_by()
        .values("object_id")
        .annotate(first=Min("at"))
        .values("first")
    )
    needs = (
        Need.objects.filter(space=space)
        .annotate(answered_at=Subquery(first_answer))
        .filter(answered_at__year=year)
        .values_list("created_at", "answered_at")
    )
    by_quarter: dict[int, list[Decimal]] = {q: [] for q in range(1, 5)}
    for created_at, answered_at in needs:
        days = rules.days_between(created_at, answered_at)
        by_quarter[rules.quarter_of(_local(answered_at))].append(max(days, Decimal(0)))
    everything = [d for values in by_quarter.values() for d in values]
    table = [
        [QUARTERS[q - 1], len(values), rules.median(values)] for q, values in by_quarter.items()
    ]
    return Indicator(
        key="besoins",
        title="Délai médian de réponse à un besoin",
        definition=(
            "Pour les besoins exprimés par les membres et qui ont reçu une première réponse "
            "dans l'année (passage de l'état « Ouvert » à « À l'étude », « Couvert par un "
            "service » ou « Sans suite »), durée médiane en jours entre l'expression du "
            "besoin et cette réponse, lue dans le journal des actions."
        ),
        value=rules.median(everything),
        unit="jours",
        header=["Trimestre", "Besoins ayant reçu réponse", "Délai médian (jours)"],
        rows=table,
        bars=[(line[0], line[2]) for line in table],
    )


def _counted_per_quarter(rows, **described) -> Indicator:
    """An indicator of counts per quarter: `rows` are (quarter, count, more counts…) as SQL
    grouped them; every quarter gets a line (zeros where nothing happened), the headline
    value and the bars are the first count."""
    columns = len(described["header"]) - 1
    counts = {q: [0] * columns for q in range(1, 5)}
    for quarter, *values in rows:
        counts[quarter] = values
    table = [[QUARTERS[q - 1], *line] for q, line in counts.items()]
    return Indicator(
        value=sum(line[1] for line in table),
        rows=table,
        bars=[(line[0], line[1]) for line in table],
        **described,
    )


def bulletins_sent(space, year: int) -> Indicator:
    rows = (
        Issue.objects.filter(space=space, status=IssueStatus.SENT, sent_at__year=year)
        .annotate(quarter=ExtractQuarter("sent_at"))
        .values("quarter")
        .annotate(
            issues=Count("pk", distinct=True),
            sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
            bounced=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.BOUNCED)),
        )
        .order_by("quarter")
        .values_list("quarter", "issues", "sent", "bounced")
    )
    return _counted_per_quarter(
        rows,
        key="bulletins",
        title="Bulletins de liaison envoyés",
        definition=(
            "Numéros du bulletin de liaison envoyés dans l'année, par trimestre de leur envoi, "
            "avec les courriels partis et ceux rejetés (adresse en erreur) pour ces numéros. "
            "Les brouillons ne comptent pas."
        ),
        unit="numéros",
        header=["Trimestre", "Numéros envoyés", "Courriels partis", "Courriels rejetés"],
    )


def experiences_shared(space, year: int) -> Indicator:
    rows = (
        Experience.objects.filter(
            space=space, status=ExperienceStatus.PUBLISHED, created_at__year=year
        )
        .annotate(quarter=ExtractQuarter("created_at"))
        .values("quarter")
        .annotate(
            posted=Count("pk", distinct=True),
            public=Count("pk", distinct=True, filter=Q(visibility=ExperienceVisibility.PUBLIC)),
            helped=Count("helpful_marks", filter=Q(helpful_marks__withdrawn_at__isnull=True)),
        )
        .order_by("quarter")
        .values_list("quarter", "posted", "public", "helped")
    )
    return _counted_per_quarter(
        rows,
        key="experiences",
        title="Retours d'expérience partagés",
        definition=(
            "Retours d'expérience publiés dans l'année et toujours en ligne (les archivés ne "
            "comptent pas), par trimestre de leur publication : combien, dont combien ouverts "
            "à tous sur le portail public, et combien de « ça m'a aidé » ils ont reçus à ce "
            "jour (hors marques retirées)."
        ),
        unit="retours",
        header=["Trimestre", "Publiés", "Dont publics", "« Ça m'a aidé » reçus"],
    )


BUILDERS = (
    sittings_held,
    convocation_delays,
    attendance,
    survey_responses,
    opinion_responses,
    projects_on_time,
    need_answer_time,
    bulletins_sent,
    experiences_shared,
)


def indicators_for(space, year: int) -> list[Indicator]:
    """Every indicator of the space for the year, in a fixed number of queries (ten)."""
    return [build(space, year) for build in BUILDERS]
