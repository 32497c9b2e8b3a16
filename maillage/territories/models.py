"""The territory registry: organisations of every kind, their memberships and competences."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.periods import PeriodQuerySet, ends_after_it_starts

from . import rules


class Kind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("EPCI à fiscalité propre")
    SYNDICAT_COMMUNES = "syndicat_communes", _("Syndicat de communes")
    SYNDICAT_MIXTE_FERME = "syndicat_mixte_ferme", _("Syndicat mixte fermé")
    SYNDICAT_MIXTE_OUVERT = "syndicat_mixte_ouvert", _("Syndicat mixte ouvert")
    CCAS = "ccas", _("CCAS")
    CIAS = "cias", _("CIAS")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Région")
    SPL = "spl", _("Société publique locale")
    OTHER = "autre", _("Autre organisation")


class EpciType(models.TextChoices):
    CC = "CC", _("Communauté de communes")
    CA = "CA", _("Communauté d'agglomération")
    CU = "CU", _("Communauté urbaine")
    METRO = "METRO", _("Métropole")
    # The Métropole de Lyon is a collectivité à statut particulier, not an EPCI in law, but the
    # national files list it with the EPCI because its communes belong to no other.
    MET69 = "MET69", _("Métropole de Lyon")


class FinancingMode(models.TextChoices):
    FPU = "FPU", _("Fiscalité professionnelle unique")
    FA = "FA", _("Fiscalité additionnelle")


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(dissolved_on__isnull=True)

    def communes(self):
        return self.filter(kind=Kind.COMMUNE)

    def epcis(self):
        return self.filter(kind=Kind.EPCI)

    def by_code(self, code: str):
        """An organisation by SIREN (any kind), INSEE code (a commune) or COG code (a
        département: "74", "2A", "974"; a région when no département has it)."""
        code = (code or "").strip().upper()
        if rules.SIREN_RE.match(code):
            return self.filter(siren=code)
        if rules.INSEE_CODE_RE.match(code):
            return self.filter(kind=Kind.COMMUNE, insee_code=code)
        if rules.AREA_CODE_RE.match(code):
            return self.filter(kind__in=[Kind.DEPARTEMENT, Kind.REGION], insee_code=code).order_by(
                "kind"
            )
        return self.none()

    def search(self, raw_query: str):
        """Organisations matching a name, an INSEE code, a postcode or a SIREN.

        Names match anywhere, without regard to accents, case or hyphens; exact names come
        first, then names that start with the query, then the most populated.
        """
        query = rules.parse_query(raw_query)
        if query.is_empty:
            return self.none()
        self = self.active()
        if query.siren:
            return self.filter(siren=query.siren)
        if query.insee_code:
            # Two indexed look-ups; an OR across the join would scan the whole table.
            by_insee = self.filter(kind=Kind.COMMUNE, insee_code=query.insee_code).values("pk")
            if not query.postcode:
                return self.filter(pk__in=by_insee).order_by("name")
            by_postcode = PostalCode.objects.filter(code=query.postcode).values("commune_id")
            return self.filter(Q(pk__in=by_insee) | Q(pk__in=by_postcode)).order_by("name")
        name = query.name
        return (
            self.filter(search_name__contains=name)
            .annotate(
                rank=models.Case(
                    models.When(search_name=name, then=0),
                    models.When(search_name__startswith=name, then=1),
                    default=2,
                    output_field=models.IntegerField(),
                )
            )
            .order_by("rank", models.F("population_totale").desc(nulls_last=True), "name")
        )


class Organisation(models.Model):
    """A public body: a commune, an EPCI, a syndicat, a département, a CCAS…

    Communes are identified by their INSEE code (COG), every other organisation by its SIREN
    when it has one. Both populations are kept: the *population totale* is the legal default,
    the *population municipale* counts for elections and seat allocation.
    """

    kind = models.CharField(_("nature"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True, default="")
    siren = models.CharField(_("SIREN"), max_length=9, null=True, blank=True, unique=True)
    epci_type = models.CharField(
        _("type d'EPCI"), max_length=8, choices=EpciType.choices, blank=True, default=""
    )
    financing_mode = models.CharField(
        _("régime fiscal"), max_length=4, choices=FinancingMode.choices, blank=True, default=""
    )
    population_municipale = models.PositiveIntegerField(
        _("population municipale"), null=True, blank=True
    )
    population_totale = models.PositiveIntegerField(_("population totale"), null=True, blank=True)
    departement = models.ForeignKey(
        "self",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Kind.DEPARTEMENT},
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Kind.REGION},
    )
    dissolved_on = models.DateField(
        _("disparue le"),
        null=True,
        blank=True,
        help_text=_("Date à laquelle l'organisation a disparu des fichiers officiels (fusion…)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        ordering = ["name"]
        indexes = [
            # The partial unique index below cannot serve `insee_code = …` look-ups on SQLite.
            models.Index(fields=["kind", "insee_code"], name="organisation_kind_insee_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "insee_code"],
                condition=~Q(insee_code=""),
                name="organisation_unique_insee_code_per_kind",
                violation_error_message=_("Une organisation de cette nature a déjà ce code."),
            ),
            models.CheckConstraint(
                condition=Q(siren__isnull=True) | Q(siren__regex=r"^[0-9]{9}$"),
                name="organisation_siren_has_nine_digits",
                violation_error_message=_("Un SIREN compte exactement neuf chiffres."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.COMMUNE) | ~Q(insee_code=""),
                name="organisation_commune_has_insee_code",
                violation_error_message=_("Une commune a toujours un code INSEE."),
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.EPCI) | Q(epci_type=""),
                name="organisation_only_epci_has_epci_type",
                violation_error_message=_("Seul un EPCI a un type d'EPCI."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = rules.normalize(self.name)
        super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        """The code users know it by: the INSEE code of a commune, the SIREN otherwise."""
        if self.kind == Kind.COMMUNE:
            return self.insee_code
        return self.siren or self.insee_code

    @property
    def type_label(self) -> str:
        if self.kind == Kind.EPCI and self.epci_type:
            return self.get_epci_type_display()
        return self.get_kind_display()

    def get_absolute_url(self):
        if self.kind == Kind.COMMUNE:
            return reverse("territories:commune", args=[self.insee_code])
        if self.kind == Kind.EPCI:
            return reverse("territories:epci", args=[self.siren])
        return ""


class PostalCode(models.Model):
    """A postcode serving a commune: a commune may have several, a postcode several communes."""

    code = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "code"],
                name="postalcode_unique_per_commune",
                violation_error_message=_("Ce code postal est déjà enregistré pour la commune."),
            )
        ]

    def __str__(self):
        return self.code


class MembershipQuerySet(PeriodQuerySet):
    pass


class Membership(models.Model):
    """An organisation's membership of a grouping, dated; a member that leaves is ended.

    `nature=epci` is the membership of a commune in its EPCI à fiscalité propre: a commune
    belongs to one at a time (L5210-2 CGCT). Other groupings (syndicats, operators) may
    share members.
    """

    class Nature(models.TextChoices):
        EPCI = "epci", _("Commune membre de l'EPCI à fiscalité propre")
        MEMBER = "membre", _("Adhésion")

    member = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("membre")
    )
    group = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="member_links",
        verbose_name=_("groupement"),
    )
    nature = models.CharField(_("nature"), max_length=8, choices=Nature.choices)
    start_date = models.DateField(_("depuis le"), null=True, blank=True)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhésion")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(nature="epci", end_date__isnull=True),
                name="membership_one_current_epci_per_commune",
                violation_error_message=_(
                    "Une commune ne peut être membre que d'un seul EPCI à fiscalité propre."
                ),
            ),
            models.UniqueConstraint(
                fields=["member", "group"],
                condition=Q(end_date__isnull=True),
                name="membership_one_current_per_member_and_group",
                violation_error_message=_("Cette organisation est déjà membre de ce groupement."),
            ),
            ends_after_it_starts(
                "membership_ends_after_it_starts", _("La fin de l'adhésion précède son début.")
            ),
            models.CheckConstraint(
                condition=~Q(member=models.F("group")),
                name="membership_not_member_of_itself",
                violation_error_message=_("Une organisation ne peut être membre d'elle-même."),
            ),
        ]

    def __str__(self):
        return f"{self.member} → {self.group}"


class CompetenceCategory(models.TextChoices):
    MANDATORY = "obligatoire", _("Obligatoire")
    # Loi n° 2019-1461 (Engagement et proximité) removed the "optional" class for communautés
    # de communes and d'agglomération; statutes adopted before still use the word.
    OPTIONAL = "optionnelle", _("Optionnelle")
    FACULTATIVE = "facultative", _("Facultative (supplémentaire)")


class Competence(models.Model):
    """An intercommunal competence of the catalogue (CGCT, L5214-16 to L5217-2)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("intitulé"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("compétence")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class CompetenceRule(models.Model):
    """Which class of competence the CGCT gives a competence for one type of EPCI."""

    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="rules")
    epci_type = models.CharField(_("type d'EPCI"), max_length=8, choices=EpciType.choices)
    category = models.CharField(_("catégorie"), max_length=16, choices=CompetenceCategory.choices)
    legal_reference = models.CharField(_("article"), max_length=60)

    class Meta:
        verbose_name = _("règle de compétence")
        verbose_name_plural = _("règles de compétence")
        constraints = [
            models.UniqueConstraint(
                fields=["competence", "epci_type"],
                name="competencerule_one_per_epci_type",
                violation_error_message=_("Cette compétence a déjà une règle pour ce type."),
            )
        ]

    def __str__(self):
        return f"{self.competence} — {self.epci_type} : {self.get_category_display()}"


class ExercisedCompetenceQuerySet(PeriodQuerySet):
    pass


class ExercisedCompetence(models.Model):
    """A competence an EPCI exercises, since a date, in the class its statutes give it."""

    epci = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="exercised_competences",
        limit_choices_to={"kind": Kind.EPCI},
        verbose_name=_("EPCI"),
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="+", verbose_name=_("compétence")
    )
    category = models.CharField(_("catégorie"), max_length=16, choices=CompetenceCategory.choices)
    start_date = models.DateField(_("depuis le"), null=True, blank=True)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)
    note = models.CharField(_("précision"), max_length=500, blank=True)

    objects = ExercisedCompetenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("compétence exercée")
        verbose_name_plural = _("compétences exercées")
        ordering = ["competence__position", "competence__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["epci", "competence"],
                condition=Q(end_date__isnull=True),
                name="exercisedcompetence_one_current_per_epci",
                violation_error_message=_("Cet EPCI exerce déjà cette compétence."),
            ),
            ends_after_it_starts(
                "exercisedcompetence_ends_after_it_starts", _("La fin précède le début.")
            ),
        ]

    def __str__(self):
        return f"{self.epci} — {self.competence}"
