"""The email of an issue, in two editions (members, public), rendered once per issue and
edition; each recipient's one-click unsubscribe link (RFC 8058) is put in at send time."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from .models import MEMBER_AUDIENCES

UNSUBSCRIBE_SALT = "bulletins.unsubscribe"
CONFIRM_SALT = "bulletins.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # *(choix)* a confirmation link is valid seven days
PLACEHOLDER = "%%LIEN_DESABONNEMENT%%"
MEMBERS, PUBLIC = "membres", "public"


def edition_of(audience: str) -> str:
    return MEMBERS if audience in MEMBER_AUDIENCES else PUBLIC


def unsubscribe_token(space_id: int, address: str) -> str:
    """A signed token naming the space and the address. *(choix)* It does not expire: an old
    issue found in a mailbox must still let one stop."""
    return signing.dumps({"s": space_id, "a": address}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(space_id: int, address: str) -> str:
    path = reverse("bulletins:unsubscribe", args=[unsubscribe_token(space_id, address)])
    return f"{settings.SITE_URL}{path}"


def confirm_token(subscriber) -> str:
    return signing.dumps({"i": subscriber.pk, "a": subscriber.email}, salt=CONFIRM_SALT)


def sections_for(issue, edition: str) -> list:
    sections = list(issue.sections.all())
    return sections if edition == MEMBERS else [s for s in sections if not s.members_only]


@dataclass
class RenderedIssue:
    subject: str
    text: str
    html: str

    def for_address(self, space_id: int, address: str) -> tuple[str, str, dict]:
        url = unsubscribe_url(space_id, address)
        headers = {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        return self.text.replace(PLACEHOLDER, url), self.html.replace(PLACEHOLDER, url), headers


def render_issue(issue, edition: str) -> RenderedIssue:
    """Subject, text and HTML of one edition, with PLACEHOLDER where the link goes."""
    context = {
        "issue": issue,
        "space": issue.space,
        "sections": sections_for(issue, edition),
        "edition": edition,
        "site_url": settings.SITE_URL,
        "web_url": f"{settings.SITE_URL}{issue.get_absolute_url()}",
        "unsubscribe_url": PLACEHOLDER,
    }
    subject = f"{issue.space.name} · {issue}"
    return RenderedIssue(
        subject=subject,
        text=render_to_string("bulletins/email/issue.txt", context),
        html=render_to_string("bulletins/email/issue.html", context),
    )
