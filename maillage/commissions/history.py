"""A councillor's attendance history in the commissions: every sitting they were convened to
(a seat in office that day, or a convocation), followed, or attended as a replacement named by
the mayor, with their attendance as the secretary recorded it. Read in a fixed number of
queries whatever the number of rows."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from maillage.meetings.models import Attendance, Convocation, Seat, Sitting, SittingStatus

from . import queries
from .models import Follow, Replacement


def sittings_of(person, space):
    """The sittings of the space's listed bodies that concern the person, latest first."""
    if person is None:
        return Sitting.objects.none()
    seated = Seat.objects.filter(body=OuterRef("body"), person=person).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=OuterRef("starts_at__date")),
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("starts_at__date")),
    )
    return (
        Sitting.objects.filter(body__in=queries.listed_bodies(space))
        .exclude(status=SittingStatus.DRAFT)
        .filter(
            Exists(seated)
            | Q(pk__in=Convocation.objects.filter(person=person).values("sitting_id"))
            | Q(body_id__in=Follow.objects.filter(person=person).values("body_id"))
            | Q(pk__in=Replacement.objects.filter(replacement=person).values("sitting_id"))
        )
        .select_related("body")
        .order_by("-starts_at", "-pk")
    )


@dataclass
class Row:
    sitting: Sitting
    role: str  # « Membre titulaire », « Suivie sans siège », « Remplaçant »…
    status: str  # the attendance, in French
    detail: str = ""
    can_open: bool = False  # the person may open the sitting's dossier page


def _seat_on(seats, body_id, day):
    for seat in seats.get(body_id, []):
        if (seat.start_date is None or seat.start_date <= day) and (
            seat.end_date is None or seat.end_date >= day
        ):
            return seat
    return None


def rows(person, sittings: list[Sitting]) -> list[Row]:
    """One row per sitting, in five queries whatever their number."""
    if person is None or not sittings:
        return []
    ids = [s.pk for s in sittings]
    body_ids = {s.body_id for s in sittings}
    seats: dict[int, list[Seat]] = {}
    for seat in Seat.objects.filter(person=person, body_id__in=body_ids):
        seats.setdefault(seat.body_id, []).append(seat)
    attendances = {
        (a.sitting_id, a.seat_id): a
        for a in Attendance.objects.filter(sitting_id__in=ids, seat__person=person).select_related(
            "replaced_by__person"
        )
    }
    replaced = {
        (r.sitting_id, r.replaced_seat_id): r
        for r in Replacement.objects.filter(
            sitting_id__in=ids, replaced_seat__person=person
        ).select_related("replacement")
    }
    replacing = {
        r.sitting_id: r
        for r in Replacement.objects.filter(sitting_id__in=ids, replacement=person).select_related(
            "replaced_seat__person", "commune"
        )
    }
    followed = set(
        Follow.objects.filter(person=person, body_id__in=body_ids).values_list("body_id", flat=True)
    )
    result = []
    for sitting in sittings:
        day = timezone.localdate(sitting.starts_at)
        seat = _seat_on(seats, sitting.body_id, day)
        closed = sitting.status in (SittingStatus.CLOSED, SittingStatus.OPEN)
        cancelled = sitting.status == SittingStatus.CANCELLED
        can_open = (seat is not None and seat.end_date is None) or sitting.body_id in followed
        if sitting.pk in replacing:
            made = replacing[sitting.pk]
            row = Row(
                sitting,
                "Remplaçant",
                "Séance annulée" if cancelled else "Remplacement",
                f"Remplace {made.replaced_seat.person.full_name} ({made.commune.name}), "
                "désigné par le maire",
                True,
            )
        elif seat is not None:
            attendance = attendances.get((sitting.pk, seat.pk))
            replacement = replaced.get((sitting.pk, seat.pk))
            detail = ""
            if cancelled:
                status = "Séance annulée"
            elif attendance is not None:
                status = attendance.get_status_display()
                if attendance.replaced_by_id:
                    detail = f"Par {attendance.replaced_by.person.full_name}"
            elif replacement is not None:
                status = "Remplacé"
                detail = f"Par {replacement.replacement.full_name}, désigné par le maire"
            else:
                status = "Non renseignée" if closed else "À venir"
            row = Row(sitting, seat.get_kind_display(), status, detail, can_open)
        else:
            row = Row(
                sitting,
                "Suivie sans siège",
                "Séance annulée" if cancelled else "Sans voix délibérative",
                "",
                can_open,
            )
        result.append(row)
    return result
