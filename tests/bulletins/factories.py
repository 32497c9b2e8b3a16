"""Issues of the bulletin for tests."""

from django.utils import timezone

from maillage.bulletins.models import Issue, IssueStatus, Section, Subscriber


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
