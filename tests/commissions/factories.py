"""Commissions for the tests: a commission opened to councillors in the `world` space."""

from django.core.files.base import ContentFile

from maillage.commissions.models import CommissionSettings, Follow, JoinRequest, Replacement
from maillage.meetings.models import Annex, BodyKind, SittingStatus
from maillage.people.models import Function
from maillage.territories.models import Organisation
from tests.meetings.factories import AgendaItemFactory, BodyFactory, SeatFactory, SittingFactory
from tests.people.factories import MandateFactory, person_with_account

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def councillor(commune, function=Function.CONSEILLER_MUNICIPAL, **names):
    """A person with an account and a current municipal mandate in `commune`."""
    person = person_with_account(**names)
    MandateFactory(person=person, organisation=commune, function=function)
    return person


def commission(space, *, name="Commission mobilités", opened=True, max_seats=1, **kwargs):
    body = BodyFactory(space=space, kind=kwargs.pop("kind", BodyKind.COMMISSION), name=name)
    if opened is not None:
        CommissionSettings.objects.create(
            body=body, open_to_councillors=opened, max_seats_per_commune=max_seats
        )
    return body


def marignier():
    return Organisation.objects.get(insee_code="74164")


def commission_world(w):
    """For the permission matrix and the view tests, built once per test: in the world's space,
    « Commission mobilités » (opened, one seat per commune) where Marc Membre sits for
    Bonneville and Claire Présidente chairs for Marignier, with a convened sitting (item, note,
    annex); the élu (mayor of Bonneville) follows it and named Rose Remplaçante (councillor of
    Bonneville) to replace Marc at that sitting. « Commission finances » (opened) has a pending
    request of the élu."""
    if getattr(w, "_commissions", None) is None:
        body = commission(w.space)
        member = councillor(w.commune, first_name="Marc", last_name="Membre")
        chair = councillor(marignier(), first_name="Claire", last_name="Présidente")
        rose = councillor(w.commune, first_name="Rose", last_name="Remplaçante")
        member_seat = SeatFactory(body=body, person=member, organisation=w.commune)
        SeatFactory(body=body, person=chair, organisation=marignier(), is_chair=True)
        sitting = SittingFactory(body=body, status=SittingStatus.CONVENED)
        AgendaItemFactory(sitting=sitting, position=1, title="Plan vélo")
        sitting.synthesis_note.save("note.pdf", ContentFile(PDF))
        annex = Annex(sitting=sitting, title="Carte des pistes")
        annex.file.save("carte.pdf", ContentFile(PDF))
        Follow.objects.create(person=w.elu, body=body)
        replacement = Replacement.objects.create(
            sitting=sitting,
            replaced_seat=member_seat,
            replacement=rose,
            commune=w.commune,
            named_by=w.elu.user,
            named_by_person=w.elu,
        )
        finances = commission(w.space, name="Commission finances")
        pending = JoinRequest.objects.create(person=w.elu, body=finances, commune=w.commune)
        w._commissions = {
            "body": body,
            "member": member,
            "member_seat": member_seat,
            "chair": chair,
            "rose": rose,
            "sitting": sitting,
            "annex": annex,
            "replacement": replacement,
            "finances": finances,
            "pending": pending,
        }
    return w._commissions
