"""Every change to people and their mandates."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.mail import send_email
from maillage.territories.models import Kind, Organisation
from maillage.territories.rules import normalize

from .models import Function, LoginToken, Mandate, Person, User
from .rne import RneFile, RneFileError, RneRow, RowError, read_rne

BATCH_SIZE = 2000
MUNICIPAL_FUNCTIONS = {
    Function.CONSEILLER_MUNICIPAL,
    Function.MAIRE,
    Function.ADJOINT,
    Function.MAIRE_DELEGUE,
}
COMMUNITY_FUNCTIONS = {
    Function.CONSEILLER_COMMUNAUTAIRE,
    Function.PRESIDENT,
    Function.VICE_PRESIDENT,
    Function.MEMBRE_BUREAU,
}


class PeopleError(Exception):
    """A change refused; the message is in French and shown as it is."""


def identity_key(last_name: str, first_name: str, birth_date: datetime.date | None) -> str:
    if birth_date is None:
        return ""
    return f"{normalize(last_name)}|{normalize(first_name)}|{birth_date.isoformat()}"


# SQLite accepts at most 32,766 parameters in one statement: look-ups by a long list go in
# chunks.
IN_CHUNK = 10_000


def _chunks(values) -> list[list]:
    values = list(values)
    return [values[i : i + IN_CHUNK] for i in range(0, len(values), IN_CHUNK)]


def _lookup(queryset, field: str, values, key: str, value: str = "id") -> dict:
    """{key: value} for the rows whose `field` is in `values`, fetched in chunks."""
    result = {}
    for chunk in _chunks(values):
        result.update(queryset.filter(**{f"{field}__in": chunk}).values_list(key, value))
    return result


def _row_key(row: RneRow) -> str:
    """A person's key: names and birth date; without a birth date, names and commune, since
    namesakes could not be told apart otherwise."""
    return identity_key(row.last_name, row.first_name, row.birth_date) or (
        f"{normalize(row.last_name)}|{normalize(row.first_name)}|commune {row.commune_code}"
    )


@dataclass
class RneReport:
    filename: str = ""
    rows_read: int = 0
    errors: list[RowError] = field(default_factory=list)
    people_created: int = 0
    mandates_created: int = 0
    mandates_updated: int = 0
    mandates_ended: int = 0

    @property
    def changes(self) -> int:
        return (
            self.people_created
            + self.mandates_created
            + self.mandates_updated
            + self.mandates_ended
        )

    def lines(self) -> list[str]:
        return [
            f"{self.filename} : {self.rows_read} ligne(s) lue(s), {len(self.errors)} refusée(s).",
            f"Personnes créées : {self.people_created}.",
            f"Mandats : {self.mandates_created} créé(s), {self.mandates_updated} modifié(s), "
            f"{self.mandates_ended} terminé(s).",
        ]


def preview_rne(raw: bytes) -> RneFile:
    """Read a file against the registry without writing anything (the upload screen's preview)."""
    communes = set(Organisation.objects.active().communes().values_list("insee_code", flat=True))
    try:
        parsed = read_rne(raw, known_communes=communes)
    except RneFileError as error:
        raise PeopleError(str(error)) from error
    if parsed.is_community:
        epcis = set(Organisation.objects.epcis().values_list("siren", flat=True))
        kept = []
        for row in parsed.rows:
            if row.siren in epcis:
                kept.append(row)
            else:
                parsed.errors.append(RowError(row.line, f"EPCI inconnu du registre : {row.siren}"))
        parsed.rows = kept
        parsed.errors.sort(key=lambda e: e.line)
    return parsed


def import_rne(
    *,
    raw: bytes,
    filename: str,
    actor=None,
    space=None,
    effective_date: datetime.date | None = None,
) -> RneReport:
    """Import one RNE file: valid rows are imported, refused rows reported with their line.

    Idempotent: the same file twice changes nothing. A newer file ends, on `effective_date`
    (default: today), the RNE mandates it no longer lists — only in the organisations it
    covers and for the kind of mandates it carries (municipal or community), so that a
    file for one département leaves the others alone. Mandates entered by hand are never
    ended by an import. Everything is written in one transaction.
    """
    parsed = preview_rne(raw)
    report = RneReport(
        filename=filename, rows_read=len(parsed.rows) + len(parsed.errors), errors=parsed.errors
    )
    effective_date = effective_date or timezone.localdate()
    with transaction.atomic():
        _RneImporter(parsed, report, effective_date).run()
        log_action(
            actor=actor,
            action="people.import_rne",
            space=space,
            data={"file": filename, "changes": report.changes, "refused": len(report.errors)},
        )
    return report


class _RneImporter:
    def __init__(self, parsed: RneFile, report: RneReport, effective_date):
        self.parsed, self.report, self.effective_date = parsed, report, effective_date

    def run(self):
        rows = self.parsed.rows
        people = self._people(rows)
        communes = _lookup(
            Organisation.objects.filter(kind=Kind.COMMUNE),
            "insee_code",
            {r.commune_code for r in rows},
            key="insee_code",
        )
        epcis = _lookup(
            Organisation.objects.all(), "siren", {r.siren for r in rows if r.siren}, key="siren"
        )
        wanted: dict[tuple, dict] = {}
        for row in rows:
            person_id = people[_row_key(row)]
            commune_id = communes[row.commune_code]
            if self.parsed.is_community:
                base = (person_id, epcis[row.siren], Function.CONSEILLER_COMMUNAUTAIRE)
                wanted[base] = {
                    "rank": None,
                    "represents_id": commune_id,
                    "start_date": row.mandate_start,
                }
                organisation_id = epcis[row.siren]
            else:
                base = (person_id, commune_id, Function.CONSEILLER_MUNICIPAL)
                wanted[base] = {
                    "rank": None,
                    "represents_id": None,
                    "start_date": row.mandate_start,
                }
                organisation_id = commune_id
            if row.function:
                wanted[(person_id, organisation_id, row.function)] = {
                    "rank": row.rank,
                    "represents_id": commune_id if self.parsed.is_community else None,
                    "start_date": row.function_start or row.mandate_start,
                }
        self._sync_mandates(wanted, scope_organisations={key[1] for key in wanted})

    def _people(self, rows: list[RneRow]) -> dict[str, int]:
        """Find or create the person of each row; return row key → person id."""
        keys = {}
        for row in rows:
            keys.setdefault(_row_key(row), row)
        existing = _lookup(Person.objects.all(), "identity_key", keys, key="identity_key")
        new = [
            Person(
                identity_key=key,
                last_name=row.last_name,
                first_name=row.first_name,
                sex=row.sex,
                birth_date=row.birth_date,
                profession=row.profession,
            )
            for key, row in keys.items()
            if key not in existing
        ]
        for start in range(0, len(new), BATCH_SIZE):
            Person.objects.bulk_create(new[start : start + BATCH_SIZE])
        self.report.people_created += len(new)
        if new:
            existing = _lookup(Person.objects.all(), "identity_key", keys, key="identity_key")
        return existing

    def _sync_mandates(self, wanted: dict[tuple, dict], scope_organisations: set[int]):
        functions = COMMUNITY_FUNCTIONS if self.parsed.is_community else MUNICIPAL_FUNCTIONS
        # The file of mayors lists mayors only: it creates their mandates but must not end
        # the other councillors' ones.
        ending = {Function.MAIRE} if self._is_mayors_file() else functions
        current = {}
        for chunk in _chunks(scope_organisations):
            for m in (
                Mandate.objects.current()
                .filter(source=Mandate.Source.RNE, organisation_id__in=chunk)
                .filter(function__in=functions)
                .values(
                    "id",
                    "person_id",
                    "organisation_id",
                    "function",
                    "rank",
                    "represents_id",
                    "start_date",
                )
            ):
                current[(m["person_id"], m["organisation_id"], m["function"])] = m
        to_create, to_update = [], []
        for key, values in wanted.items():
            existing = current.get(key)
            if existing is None:
                to_create.append(
                    Mandate(
                        person_id=key[0],
                        organisation_id=key[1],
                        function=key[2],
                        source=Mandate.Source.RNE,
                        **values,
                    )
                )
            elif any(existing[name] != value for name, value in values.items()):
                to_update.append(Mandate(id=existing["id"], **values))
        gone = [m["id"] for key, m in current.items() if key not in wanted and key[2] in ending]
        for chunk in _chunks(gone):
            Mandate.objects.filter(id__in=chunk).update(
                end_date=self.effective_date, updated_at=timezone.now()
            )
        if to_update:
            Mandate.objects.bulk_update(
                to_update, ["rank", "represents_id", "start_date"], batch_size=500
            )
        Mandate.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        self.report.mandates_created += len(to_create)
        self.report.mandates_updated += len(to_update)
        self.report.mandates_ended += len(gone)

    def _is_mayors_file(self) -> bool:
        rows = self.parsed.rows
        return bool(rows) and all(row.function == Function.MAIRE for row in rows)


# --- Accounts and login -------------------------------------------------------------------


def account_for(*, person: Person) -> User:
    """The person's account, made on first need (login by link, invitation, ProConnect)."""
    if person.user_id:
        return person.user
    if not person.email:
        raise PeopleError(
            "Cette personne n'a pas d'adresse électronique : impossible de l'inviter."
        )
    with transaction.atomic():
        user = User.objects.filter(email__iexact=person.email).first()
        if user is None:
            user = User(
                username=f"p{person.pk}-{secrets.token_hex(4)}",
                email=person.email.lower(),
                first_name=person.first_name[:150],
                last_name=person.last_name[:150],
            )
            user.set_unusable_password()
            user.save()
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    return user


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_login_link(*, user: User) -> str:
    """A new single-use link for `user`; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    LoginToken.objects.create(
        user=user,
        token_hash=_hash(token),
        expires_at=timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LINK_MAX_AGE_MINUTES),
    )
    return settings.SITE_URL + reverse("people:login_link", args=[token])


def request_login_link(*, email: str) -> bool:
    """Send a login link to `email` if it belongs to someone with an account or a mandate or
    role on record. Returns whether a link was sent; the page never tells the visitor, so
    that nobody can probe which addresses are known."""
    email = (email or "").strip()
    if not email:
        return False
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        person = Person.objects.filter(email__iexact=email).first()
        if person is None or not (
            person.mandates.current().exists() or person.space_roles.current().exists()
        ):
            return False
        user = account_for(person=person)
    link = create_login_link(user=user)
    send_email(
        to=user.email,
        subject="Votre lien de connexion à Maillage",
        template="people/email/login_link",
        context={"link": link, "minutes": settings.LOGIN_LINK_MAX_AGE_MINUTES, "user": user},
    )
    log_action(actor=user, action="people.login_link_sent", obj=user)
    return True


def use_login_link(*, token: str) -> User:
    """The user a link logs in, once; a French PeopleError if it is unknown, used or expired."""
    with transaction.atomic():
        login_token = (
            LoginToken.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=_hash(token))
            .first()
        )
        if login_token is None or not login_token.user.is_active:
            raise PeopleError(
                "Ce lien de connexion n'est pas valide. Vérifiez que vous avez copié l'adresse "
                "entière, ou demandez un nouveau lien."
            )
        if login_token.used_at is not None:
            raise PeopleError(
                "Ce lien de connexion a déjà servi : chaque lien ne fonctionne qu'une fois. "
                "Demandez un nouveau lien."
            )
        if login_token.expires_at <= timezone.now():
            raise PeopleError(
                f"Ce lien de connexion a expiré (il était valable "
                f"{settings.LOGIN_LINK_MAX_AGE_MINUTES} minutes). Demandez un nouveau lien."
            )
        login_token.used_at = timezone.now()
        login_token.save(update_fields=["used_at"])
        log_action(actor=login_token.user, action="people.login_link_used", obj=login_token.user)
        return login_token.user


def logout_everywhere(*, user: User) -> None:
    """End every session of `user`, on every device: their signature no longer matches."""
    with transaction.atomic():
        user.session_salt = secrets.token_hex(16)
        user.save(update_fields=["session_salt"])
        LoginToken.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
        log_action(actor=user, action="people.logout_everywhere", obj=user)


def update_profile(*, actor, person: Person, email: str, show_email: bool) -> Person:
    with transaction.atomic():
        person.email = email.strip().lower()
        person.show_email = show_email
        person.save(update_fields=["email", "show_email", "updated_at"])
        log_action(actor=actor, action="people.update_profile", obj=person)
    return person
