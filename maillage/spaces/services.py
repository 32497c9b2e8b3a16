"""Every change to spaces, their members and the roles given in them."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.audit.services import log_action
from maillage.mail import send_email
from maillage.people.models import AGENT_FUNCTIONS, Function, Mandate, Person
from maillage.people.services import PeopleError, account_for, create_login_link
from maillage.territories.models import Kind, Membership, Organisation
from maillage.uploads import real_type

from .models import Role, Space, SpaceMember, SpaceRole

LOGO_MAX_BYTES = 1024 * 1024
LOGO_TYPES = {"image/png", "image/jpeg", "image/webp"}
OPERATOR_KINDS = {
    Kind.SYNDICAT_COMMUNES,
    Kind.SYNDICAT_MIXTE_FERME,
    Kind.SYNDICAT_MIXTE_OUVERT,
    Kind.SPL,
    Kind.DEPARTEMENT,
    Kind.OTHER,
}


class SpaceError(Exception):
    """A change refused; the message is in French and shown as it is."""


def person_for_user(user) -> Person:
    """The person behind an account, made from the account when there is none yet."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(
            user=user,
            first_name=user.first_name or user.get_username(),
            last_name=user.last_name,
            email=user.email,
        )
    return person


def check_logo(logo) -> None:
    """A logo is a PNG, JPEG or WebP image (checked by content, not name) of at most 1 Mo."""
    if logo is None:
        return
    if logo.size > LOGO_MAX_BYTES:
        raise SpaceError("Le logo dépasse 1 Mo : choisissez une image plus légère.")
    if real_type(logo) not in LOGO_TYPES:
        raise SpaceError("Le logo doit être une image PNG, JPEG ou WebP.")


def open_space(
    *,
    actor,
    organisation: Organisation,
    name: str,
    slug: str = "",
    presentation: str = "",
    logo=None,
) -> Space:
    """Open a space for an EPCI (its current communes become the members) or an operator
    (members added afterwards). The person who opens it becomes its first admin."""
    if organisation.kind not in ({Kind.EPCI} | OPERATOR_KINDS):
        raise SpaceError(
            "Un espace s'ouvre pour une intercommunalité ou un opérateur mutualisé "
            "(syndicat, SPL…), pas pour une commune."
        )
    check_logo(logo)
    slug = slugify(slug or name)[:60]
    if not slug:
        raise SpaceError("Choisissez une adresse courte faite de lettres et de chiffres.")
    if Space.objects.filter(slug=slug).exists():
        raise SpaceError(f"L'adresse courte « {slug} » est déjà prise : choisissez-en une autre.")
    try:
        with transaction.atomic():
            space = Space(
                organisation=organisation,
                name=name.strip(),
                slug=slug,
                presentation=presentation.strip(),
            )
            if logo is not None:
                space.logo = logo
            space.save()
            if organisation.kind == Kind.EPCI:
                communes = (
                    Membership.objects.current()
                    .filter(group=organisation, nature=Membership.Nature.EPCI)
                    .values_list("member_id", flat=True)
                )
                today = timezone.localdate()
                SpaceMember.objects.bulk_create(
                    SpaceMember(space=space, organisation_id=pk, start_date=today)
                    for pk in communes
                )
            SpaceRole.objects.create(space=space, person=person_for_user(actor), role=Role.ADMIN)
            log_action(actor=actor, action="spaces.open", obj=space, space=space)
    except IntegrityError as error:
        raise SpaceError("Cet espace n'a pas pu être ouvert : réessayez.") from error
    return space


def update_space(*, actor, space: Space, name: str, presentation: str, logo=None) -> Space:
    check_logo(logo)
    with transaction.atomic():
        space.name = name.strip()
        space.presentation = presentation.strip()
        if logo is not None:
            space.logo = logo
        space.save()
        log_action(actor=actor, action="spaces.update", obj=space, space=space)
    return space


def add_members(*, actor, space: Space, codes: list[str]) -> tuple[int, list[str]]:
    """Add member organisations by INSEE code or SIREN (an operator's members).

    Returns how many were added and the codes that match no organisation; nothing is added
    when a code is unknown, so that the admin can correct the list and try again.
    """
    wanted = [c.strip().upper() for c in codes if c.strip()]
    found, unknown = {}, []
    for code in wanted:
        organisation = Organisation.objects.active().by_code(code).first()
        if organisation is None:
            unknown.append(code)
        else:
            found[organisation.pk] = organisation
    if unknown:
        return 0, unknown
    with transaction.atomic():
        already = set(
            space.members.current()
            .filter(organisation_id__in=found)
            .values_list("organisation_id", flat=True)
        )
        new = [pk for pk in found if pk not in already and pk != space.organisation_id]
        today = timezone.localdate()
        SpaceMember.objects.bulk_create(
            SpaceMember(space=space, organisation_id=pk, start_date=today) for pk in new
        )
        log_action(
            actor=actor,
            action="spaces.add_members",
            obj=space,
            space=space,
            data={"added": len(new)},
        )
    return len(new), []


def end_member(*, actor, space: Space, member: SpaceMember) -> None:
    with transaction.atomic():
        member.end_date = timezone.localdate()
        member.save(update_fields=["end_date"])
        log_action(actor=actor, action="spaces.end_member", obj=member, space=space)


def add_person(
    *,
    actor,
    space: Space,
    first_name: str,
    last_name: str,
    email: str,
    function: str,
    organisation: Organisation | None = None,
    role: str = "",
) -> Person:
    """Record an agent (DGS, DSI, secrétaire de mairie, référent, agent) of the space's
    organisation or of a member organisation, optionally with a role in the space; or a
    *conseiller communautaire suppléant*, whom the RNE does not list, for a member commune
    (L5211-6: a commune with a single seat has one)."""
    organisation = organisation or space.organisation
    represents = None
    if function == Function.CONSEILLER_COMMUNAUTAIRE_SUPPLEANT:
        if organisation.pk == space.organisation_id or organisation.kind != Kind.COMMUNE:
            raise SpaceError("Un suppléant représente une commune membre : indiquez son code.")
        represents, organisation = organisation, space.organisation
    elif function not in AGENT_FUNCTIONS:
        raise SpaceError(
            "Les élus s'importent du Répertoire national des élus ; ici, des agents ou des "
            "suppléants."
        )
    checked = represents or organisation
    if (
        checked.pk != space.organisation_id
        and not space.members.current().filter(organisation=checked).exists()
    ):
        raise SpaceError("Cette organisation n'est pas membre de l'espace.")
    email = email.strip().lower()
    # The same address is the same person: an agent of two organisations has one profile.
    person = Person.objects.filter(email__iexact=email).first() if email else None
    with transaction.atomic():
        if person is None:
            person = Person.objects.create(
                first_name=first_name.strip(), last_name=last_name.strip(), email=email
            )
        if (
            not person.mandates.current()
            .filter(organisation=organisation, function=function)
            .exists()
        ):
            Mandate.objects.create(
                person=person,
                organisation=organisation,
                function=function,
                represents=represents,
                start_date=timezone.localdate(),
                source=Mandate.Source.MANUAL,
            )
        if role:
            give_role(actor=actor, space=space, person=person, role=role, organisation=organisation)
        log_action(
            actor=actor,
            action="spaces.add_person",
            obj=person,
            space=space,
            data={"function": function, "organisation": organisation.code},
        )
    return person


def set_delegation(*, actor, space: Space, mandate: Mandate, delegation: str) -> Mandate:
    """Record what a vice-president (or any élu) is in charge of; the RNE does not say."""
    in_space = mandate.organisation_id == space.organisation_id or (
        space.members.current().filter(organisation_id=mandate.organisation_id).exists()
    )
    if mandate.end_date is not None or not in_space:
        raise SpaceError("Ce mandat n'est pas un mandat en cours de l'espace.")
    with transaction.atomic():
        mandate.delegation = delegation.strip()
        mandate.save(update_fields=["delegation", "updated_at"])
        log_action(
            actor=actor,
            action="spaces.set_delegation",
            obj=mandate.person,
            space=space,
            data={"mandate": mandate.pk, "delegation": mandate.delegation},
        )
    return mandate


def give_role(
    *, actor, space: Space, person: Person, role: str, organisation: Organisation | None = None
) -> SpaceRole:
    if role not in Role.values:
        raise SpaceError("Rôle inconnu.")
    existing = space.roles.current().filter(person=person, role=role).first()
    if existing:
        return existing
    with transaction.atomic():
        space_role = SpaceRole.objects.create(
            space=space, person=person, role=role, organisation=organisation
        )
        log_action(
            actor=actor, action="spaces.give_role", obj=person, space=space, data={"role": role}
        )
    return space_role


def end_role(*, actor, space: Space, space_role: SpaceRole) -> None:
    """End a role; the last admin of a space cannot leave it without a successor."""
    if space_role.role == Role.ADMIN and space.roles.current().filter(role=Role.ADMIN).count() == 1:
        raise SpaceError("C'est le dernier administrateur de l'espace : nommez-en un autre avant.")
    with transaction.atomic():
        space_role.end_date = timezone.localdate()
        space_role.save(update_fields=["end_date"])
        log_action(
            actor=actor,
            action="spaces.end_role",
            obj=space_role.person,
            space=space,
            data={"role": space_role.role},
        )


def invite(*, actor, space: Space, person: Person) -> None:
    """Email the person an invitation to the space with a single-use login link."""
    try:
        user = account_for(person=person)
    except PeopleError as error:
        raise SpaceError(str(error)) from error
    with transaction.atomic():
        send_email(
            to=user.email,
            subject=f"Invitation à rejoindre l'espace {space.name} sur Maillage",
            template="spaces/email/invitation",
            context={
                "space": space,
                "person": person,
                "link": create_login_link(user=user),
                "inviter": actor,
            },  # fmt: skip
        )
        log_action(actor=actor, action="spaces.invite", obj=person, space=space)
