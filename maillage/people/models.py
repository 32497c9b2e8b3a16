"""People who log in to Maillage."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from maillage.periods import PeriodQuerySet, ends_after_it_starts


class User(AbstractUser):
    """An account. Its own model from the start, so that people can be extended later
    (mandates, login by magic link) without swapping the user model of a live database."""

    email = models.EmailField(_("adresse électronique"), blank=True)
    # Changed by "se déconnecter partout": every session signed with the old value ends.
    session_salt = models.CharField(max_length=32, default="", blank=True, editable=False)

    class Meta:
        verbose_name = _("compte")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_unique_email",
                violation_error_message=_("Un compte utilise déjà cette adresse électronique."),
            )
        ]

    def get_session_auth_hash(self):
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "maillage.people.User.session",
            f"{self.password}|{self.session_salt}",
            algorithm="sha256",
        ).hexdigest()


class LoginToken(models.Model):
    """A single-use login link sent by email. Only the token's hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lien de connexion")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"


class Function(models.TextChoices):
    """The closed list of functions a person holds in an organisation."""

    # Élus
    MAIRE = "maire", _("Maire")
    ADJOINT = "adjoint", _("Adjoint au maire")
    MAIRE_DELEGUE = "maire_delegue", _("Maire délégué")
    CONSEILLER_MUNICIPAL = "conseiller_municipal", _("Conseiller municipal")
    PRESIDENT = "president", _("Président")
    VICE_PRESIDENT = "vice_president", _("Vice-président")
    MEMBRE_BUREAU = "membre_bureau", _("Membre du bureau")
    CONSEILLER_COMMUNAUTAIRE = "conseiller_communautaire", _("Conseiller communautaire titulaire")
    CONSEILLER_COMMUNAUTAIRE_SUPPLEANT = (
        "conseiller_communautaire_suppleant",
        _("Conseiller communautaire suppléant"),
    )
    DELEGUE_SYNDICAL = "delegue_syndical", _("Délégué au comité syndical")
    # Agents
    DGS = "dgs", _("Directeur général des services")
    DSI = "dsi", _("Directeur des systèmes d'information")
    SECRETAIRE_MAIRIE = "secretaire_mairie", _("Secrétaire de mairie")
    REFERENT = "referent", _("Référent")
    AGENT = "agent", _("Agent")


ELECTED_FUNCTIONS = frozenset(
    {
        Function.MAIRE,
        Function.ADJOINT,
        Function.MAIRE_DELEGUE,
        Function.CONSEILLER_MUNICIPAL,
        Function.PRESIDENT,
        Function.VICE_PRESIDENT,
        Function.MEMBRE_BUREAU,
        Function.CONSEILLER_COMMUNAUTAIRE,
        Function.CONSEILLER_COMMUNAUTAIRE_SUPPLEANT,
        Function.DELEGUE_SYNDICAL,
    }
)
AGENT_FUNCTIONS = frozenset(set(Function) - ELECTED_FUNCTIONS)
# The order in which a who's who lists functions.
FUNCTION_ORDER = {value: index for index, value in enumerate(Function.values)}


class PersonQuerySet(models.QuerySet):
    def in_space(self, space):
        """People with a current role in the space or a current mandate in its organisation
        or one of its current member organisations."""
        return self.filter(
            models.Q(pk__in=Mandate.objects.current().in_space(space).values("person_id"))
            | models.Q(space_roles__space=space, space_roles__end_date__isnull=True)
        ).distinct()

    def with_current_mandates(self):
        return self.prefetch_related(
            models.Prefetch(
                "mandates",
                queryset=Mandate.objects.current().select_related("organisation", "represents"),
                to_attr="current_mandates",
            )
        )


class Person(models.Model):
    """Someone who holds a mandate or a role: an élu, an agent, a référent.

    The birth date only serves to tell namesakes apart in the RNE import; it is never shown.
    The email is shown to others only if the person chose so.
    """

    class Sex(models.TextChoices):
        FEMALE = "F", _("Femme")
        MALE = "M", _("Homme")

    last_name = models.CharField(_("nom"), max_length=150)
    first_name = models.CharField(_("prénom"), max_length=150)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    profession = models.CharField(_("catégorie socio-professionnelle"), max_length=200, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    show_email = models.BooleanField(_("montrer mon adresse sur mon profil public"), default=False)
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("compte"),
    )
    identity_key = models.CharField(max_length=400, editable=False, db_index=True)
    is_fictitious = models.BooleanField(
        _("personne fictive (démonstration)"), default=False, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["identity_key"],
                condition=~models.Q(identity_key=""),
                name="person_unique_identity",
                violation_error_message=_("Cette personne existe déjà (même nom et naissance)."),
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("people:profile", args=[self.pk])


class MandateQuerySet(PeriodQuerySet):
    def in_space(self, space):
        """Mandates in the space's organisation or one of its current member organisations."""
        members = space.members.current().values("organisation_id")
        return self.filter(
            models.Q(organisation_id__in=members) | models.Q(organisation_id=space.organisation_id)
        )

    def elected(self):
        return self.filter(function__in=ELECTED_FUNCTIONS)

    def with_function_order(self):
        """Alias `function_order`: maire before adjoints before councillors, and so on."""
        return self.alias(
            function_order=models.Case(
                *[models.When(function=value, then=i) for value, i in FUNCTION_ORDER.items()],
                output_field=models.IntegerField(),
            )
        )


class Mandate(models.Model):
    """A function a person holds in an organisation, from a date; ended, never deleted.

    `represents` is the commune a community councillor represents in the EPCI council.
    `rank` orders adjoints and vice-presidents (1 for the first).
    """

    class Source(models.TextChoices):
        RNE = "rne", _("Répertoire national des élus")
        MANUAL = "manuel", _("Saisie")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("personne")
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("organisation"),
    )
    function = models.CharField(_("fonction"), max_length=40, choices=Function.choices)
    rank = models.PositiveSmallIntegerField(_("rang"), null=True, blank=True)
    represents = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune représentée"),
    )
    delegation = models.CharField(_("délégation"), max_length=300, blank=True)
    start_date = models.DateField(_("depuis le"), null=True, blank=True)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandat ou fonction")
        verbose_name_plural = _("mandats et fonctions")
        ordering = ["organisation__name", "function", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "function"],
                condition=models.Q(end_date__isnull=True),
                name="mandate_one_current_per_person_organisation_function",
                violation_error_message=_("Cette personne exerce déjà cette fonction ici."),
            ),
            ends_after_it_starts(
                "mandate_ends_after_it_starts", _("La fin du mandat précède son début.")
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.label} ({self.organisation})"

    @property
    def is_elected(self) -> bool:
        return self.function in ELECTED_FUNCTIONS

    @property
    def label(self) -> str:
        """ "1er vice-président", "2e adjoint au maire", "Maire"…"""
        base = self.get_function_display()
        if self.rank and self.function in (Function.ADJOINT, Function.VICE_PRESIDENT):
            ordinal = "1er" if self.rank == 1 else f"{self.rank}e"
            return f"{ordinal} {base[0].lower()}{base[1:]}"
        return base
