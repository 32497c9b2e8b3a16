"""CSV exports of the dashboards: one file with sections, each section a title line, a header
line and its rows, an empty line between sections (separator ";", UTF-8 with a BOM so that
spreadsheets read the accents; amounts with a decimal comma). The whole tables, not only the
page shown: late milestones and members are streamed in batches."""

import csv

from django.utils import timezone

from . import agenda, member, participation, steering

BATCH = 500


class _Echo:
    def write(self, value):
        return value


def _money(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def _stream(sections):
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    first = True
    for title, header, rows in sections:
        if not first:
            yield writer.writerow([])
        first = False
        yield writer.writerow([title])
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)


def _late_rows(projects, today):
    for milestone in steering.late_milestones(projects, today).iterator(chunk_size=BATCH):
        yield [
            milestone.project.title,
            milestone.title,
            f"{milestone.due_date:%d/%m/%Y}",
            (today - milestone.due_date).days,
        ]


def _participation_rows(space, today, surveys):
    members = list(member.members(space))
    for start in range(0, len(members), BATCH):
        chunk = members[start : start + BATCH]
        figures = participation.member_participation(
            space, [m.organisation_id for m in chunk], today
        )
        for m in chunk:
            row = figures[m.organisation_id]
            yield [
                m.organisation.name,
                m.organisation.code,
                row.surveys_answered,
                surveys,
                row.opinions_asked,
                row.opinions_given,
            ]


def territory_lines(user, space, figures, today):
    projects = figures["projects"]
    budget = figures["budget"]
    roadmap = figures["roadmap"]
    sections = [
        ("Projets par état", ["État", "Projets"], figures["status_rows"]),
        ("Météo des projets en cours", ["Météo", "Projets"], figures["weather_rows"]),
        (
            "Budget des projets (euros)",
            ["Prévu", "Engagé", "Dépensé"],
            [[_money(budget.planned), _money(budget.committed), _money(budget.spent)]],
        ),
        (
            "Jalons en retard",
            ["Projet", "Jalon", "Échéance", "Jours de retard"],
            _late_rows(projects, today),
        ),
        (
            "Projet de territoire",
            ["Axe", "Avancement (%)"],
            [[f"{number}. {title}", percent] for number, title, percent in roadmap.axes],
        ),
        ("Feuille de route", ["État", "Éléments"], roadmap.rows),
        (
            "Prochaines séances",
            ["Instance", "Date", "État"],
            [
                [
                    s.body.name,
                    f"{timezone.localtime(s.starts_at):%d/%m/%Y %H:%M}",
                    s.get_status_display(),
                ]
                for s in agenda.upcoming_sittings(user, space)
            ],
        ),
        (
            "Échéances",
            ["Nature", "Objet", "Date"],
            [[d.kind, d.title, f"{d.day:%d/%m/%Y}"] for d in agenda.deadlines(user, space)],
        ),
        (
            "Présence par instance (12 derniers mois)",
            ["Instance", "Séances", "Présences attendues", "Présents", "Taux (%)"],
            [[r.name, r.sittings, r.expected, r.present, r.rate] for r in figures["attendance"]],
        ),
        (
            "Participation des organisations membres (12 derniers mois)",
            [
                "Organisation",
                "Code",
                "Enquêtes répondues",
                "Enquêtes ouvertes",
                "Avis demandés",
                "Avis rendus",
            ],
            _participation_rows(space, today, figures["surveys_in_window"]),
        ),
    ]
    return _stream(sections)


def member_lines(user, space, organisation, today):
    def projects():
        queryset = member.projects_of(user, space, organisation)
        for start in range(0, queryset.count(), BATCH):
            chunk = steering.with_progress(list(queryset[start : start + BATCH]))
            for p in chunk:
                yield [
                    p.title,
                    p.get_status_display(),
                    p.get_weather_display() or steering.NO_WEATHER,
                    p.progress,
                    f"{p.start_date:%d/%m/%Y}" if p.start_date else "",
                    f"{p.end_date:%d/%m/%Y}" if p.end_date else "",
                ]

    seats = participation.seats_of_member(space, organisation, today)
    needs, shared = member.needs_of(space, organisation)
    figures = participation.member_participation(space, [organisation.pk], today)[organisation.pk]
    sections = [
        (
            f"Projets qui concernent {organisation.name}",
            ["Projet", "État", "Météo", "Avancement (%)", "Début", "Fin prévue"],
            projects(),
        ),
        (
            "Sièges des élus et présence (12 derniers mois)",
            ["Élu", "Instance", "Siège", "Séances", "Présent", "Taux (%)"],
            [
                [
                    str(s.person),
                    s.body.name,
                    s.get_kind_display(),
                    s.expected,
                    s.present,
                    "" if s.rate is None else s.rate,
                ]
                for s in seats
            ],
        ),
        (
            "Besoins exprimés",
            ["Besoin", "Thème", "État", "« Nous aussi »", "Exprimé le"],
            (
                [
                    n.title,
                    n.theme,
                    n.get_status_display(),
                    n.support_count,
                    f"{n.created_at:%d/%m/%Y}",
                ]
                for n in needs.iterator(chunk_size=BATCH)
            ),
        ),
        (
            "Besoins d'autres membres partagés (« nous aussi »)",
            ["Besoin", "Exprimé par", "« Nous aussi »"],
            (
                [n.title, n.organisation.name, n.support_count]
                for n in shared.iterator(chunk_size=BATCH)
            ),
        ),
        (
            "Services utilisés",
            ["Service", "Depuis le", "Unités", "Payé par"],
            [
                [
                    s.service.name,
                    f"{s.start_date:%d/%m/%Y}",
                    _money(s.units),
                    s.paid_by.name if s.paid_by else organisation.name,
                ]
                for s in member.subscriptions_of(space, organisation, today)
            ],
        ),
        (
            "Contributions appelées",
            ["Année", "Service", "Montant (euros)"],
            [
                [s.year, s.scenario.service.name if s.scenario.service else "", _money(s.amount)]
                for s in member.statements_of(space, organisation)
            ],
        ),
        (
            "Participation (12 derniers mois)",
            ["Enquêtes répondues", "Enquêtes ouvertes", "Avis demandés", "Avis rendus"],
            [
                [
                    figures.surveys_answered,
                    participation.surveys_in_window(space, today).count(),
                    figures.opinions_asked,
                    figures.opinions_given,
                ]
            ],
        ),
    ]
    return _stream(sections)
