"""Issues of the bulletin for tests."""

from django.utils import timezone

from maillage.bulletins.models import Issue, IssueStatus, Section, Subscriber
from maillage.referents.services import set_services
from maillage.spaces.models import Role
from tests.catalogue.factories import make_service
from tests.people.factories import person_with_account
from tests.spaces.factories import give


def make_issue(space, *, number=None, sent=False, sections=None, title="Les nouvelles"):
    number = number or (Issue.objects.filter(space=space).count() + 1)
    issue = Issue.objects.create(
        space=space,
        number=number,
        title=title,
        covers_since=timezone.now() - timezone.timedelta(days=30),
        status=IssueStatus.SENT if sent else IssueStatus.DRAFT,
        sent_at=timezone.now() if sent else None,
    )
    for position, (heading, body, members_only) in enumerate(
        [("Actualité", "Une **bonne** nouvelle.", False)] if sections is None else sections,
        start=1,
    ):
        Section.objects.create(
            issue=issue, position=position, heading=heading, body=body, members_only=members_only
        )
    return issue


def make_subscriber(space, email="citoyen@example.org", confirmed=True):
    return Subscriber.objects.create(
        space=space, email=email, confirmed_at=timezone.now() if confirmed else None
    )


def referents_of_two_services(world):
    """The world's référent answers for the DPO service, a second one for the GIS service."""
    dpo = make_service(world.space, world.admin, name="DPO mutualisé")
    gis = make_service(world.space, world.admin, name="SIG mutualisé")
    second = person_with_account(first_name="Sam", last_name="Second")
    second_role = give(world.space, second, Role.REFERENT, organisation=world.commune)
    first_role = world.referent.space_roles.get(space=world.space)
    set_services(actor=world.admin.user, role=first_role, services=[dpo])
    set_services(actor=world.admin.user, role=second_role, services=[gis])
    return dpo, gis, second
