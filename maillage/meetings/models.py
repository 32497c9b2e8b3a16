"""Bodies, their seats, sittings and what happens in them: convocations, answers, attendance,
votes, deliberations and minutes.

The rules (delays, quorum, ballot mode, outcome) are pure functions in `rules.py`; every change
goes through a service function that records it in the action log.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.periods import PeriodQuerySet, ends_after_it_starts


class BodyKind(models.TextChoices):
    CONSEIL_COMMUNAUTAIRE = "conseil_communautaire", _("Conseil communautaire")
    COMITE_SYNDICAL = "comite_syndical", _("Comité syndical")
    BUREAU = "bureau", _("Bureau")
    CONFERENCE_MAIRES = "conference_maires", _("Conférence des maires")
    COMMISSION = "commission", _("Commission thématique")
    COMITE_ORIENTATION = "comite_orientation", _("Comité d'orientation")
    COMITE_TECHNIQUE = "comite_technique", _("Comité technique")
    COMMISSION_DGS = "commission_dgs", _("Commission des DGS")
    GROUPE_TRAVAIL = "groupe_travail", _("Groupe de travail")


# The deliberative assemblies of an EPCI or a syndicat: L5211-11-1 (video) applies to them only.
COUNCIL_KINDS = frozenset({BodyKind.CONSEIL_COMMUNAUTAIRE, BodyKind.COMITE_SYNDICAL})
# Bodies whose acts are deliberations, numbered in the register.
DELIBERATIVE_KINDS = COUNCIL_KINDS | {BodyKind.BUREAU}


class Body(models.Model):
    """A body of a space: the council, the bureau, the conférence des maires, commissions…"""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="bodies", verbose_name=_("espace")
    )
    kind = models.CharField(_("type d'instance"), max_length=32, choices=BodyKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    weighted_votes = models.BooleanField(
        _("votes pondérés"),
        default=False,
        help_text=_("Les statuts pondèrent les voix (chaque siège porte un poids)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instance")
        ordering = ["space", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "name"],
                name="body_unique_name_per_space",
                violation_error_message=_("Une instance de l'espace porte déjà ce nom."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:body", args=[self.space.slug, self.pk])

    @property
    def is_council(self) -> bool:
        return self.kind in COUNCIL_KINDS

    @property
    def is_deliberative(self) -> bool:
        return self.kind in DELIBERATIVE_KINDS


class SeatKind(models.TextChoices):
    TITULAIRE = "titulaire", _("Titulaire")
    SUPPLEANT = "suppleant", _("Suppléant")
    INVITE = "invite", _("Invité sans voix délibérative")


class SeatQuerySet(PeriodQuerySet):
    def voting(self):
        """Seats of members in office: titulaires (vacant seats are simply not there)."""
        return self.filter(kind=SeatKind.TITULAIRE)


class Seat(models.Model):
    """A person's seat in a body, dated; ended, never deleted.

    A suppléant's seat names the titulaire's seat it stands in for (L5211-6). `weight` is the
    number of votes the seat carries when the body's statutes weigh votes.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="seats", verbose_name=_("personne")
    )
    kind = models.CharField(
        _("siège"), max_length=16, choices=SeatKind.choices, default=SeatKind.TITULAIRE
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation représentée"),
    )
    substitute_for = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substitutes",
        verbose_name=_("suppléant de"),
    )
    weight = models.PositiveIntegerField(_("poids de la voix"), default=1)
    is_chair = models.BooleanField(_("préside l'instance"), default=False)
    start_date = models.DateField(_("depuis le"), null=True, blank=True)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("siège")
        ordering = ["body", "kind", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=Q(end_date__isnull=True),
                name="seat_one_current_per_person_and_body",
                violation_error_message=_("Cette personne siège déjà dans cette instance."),
            ),
            models.UniqueConstraint(
                fields=["body"],
                condition=Q(end_date__isnull=True, is_chair=True),
                name="seat_one_current_chair_per_body",
                violation_error_message=_("L'instance a déjà un président."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1),
                name="seat_weight_positive",
                violation_error_message=_("Le poids d'une voix est au moins 1."),
            ),
            ends_after_it_starts("seat_ends_after_it_starts", _("La fin précède le début.")),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_kind_display()} ({self.body})"

    @property
    def votes(self) -> bool:
        return self.kind != SeatKind.INVITE


class SittingMode(models.TextChoices):
    IN_PERSON = "presentiel", _("En présentiel, en un seul lieu")
    MULTI_SITE = "multisite", _("En plusieurs lieux reliés par visioconférence")


class SittingStatus(models.TextChoices):
    DRAFT = "preparation", _("En préparation")
    CONVENED = "convoquee", _("Convoquée")
    OPEN = "ouverte", _("En cours")
    # "Close" alone is in Django's own catalogue, translated as the verb « Fermer ».
    CLOSED = "close", pgettext_lazy("état d'une séance", "Close")
    CANCELLED = "annulee", _("Annulée")


class Sitting(models.Model):
    """A sitting of a body. Convened with the legal delay (or as an urgency, reported at the
    opening); a second sitting after a failed quorum deliberates without quorum on the same
    agenda (L2121-17)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="sittings")
    starts_at = models.DateTimeField(_("date et heure"))
    place = models.CharField(_("lieu"), max_length=300)
    mode = models.CharField(
        _("modalité"), max_length=16, choices=SittingMode.choices, default=SittingMode.IN_PERSON
    )
    video_url = models.URLField(_("lien de la visioconférence"), blank=True)
    status = models.CharField(
        _("état"), max_length=16, choices=SittingStatus.choices, default=SittingStatus.DRAFT
    )
    urgent = models.BooleanField(_("convocation en urgence"), default=False)
    urgency_reason = models.TextField(_("motif de l'urgence"), blank=True, max_length=2000)
    clear_days = models.PositiveSmallIntegerField(_("délai de convocation (jours francs)"))
    quorum_failed_for = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_sitting",
        verbose_name=_("seconde convocation après la séance"),
    )
    synthesis_note = models.FileField(
        _("note explicative de synthèse (PDF)"), upload_to="meetings/notes/", blank=True
    )
    secretary = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secrétaire de séance"),
    )
    convened_at = models.DateTimeField(_("convoquée le"), null=True, blank=True)
    opened_at = models.DateTimeField(_("ouverte le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    quorum_at_opening = models.BooleanField(_("quorum atteint à l'ouverture"), null=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("séance")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mode="presentiel") | ~Q(video_url=""),
                name="sitting_multisite_has_video_url",
                violation_error_message=_(
                    "Une séance en plusieurs lieux reliés demande le lien de la visioconférence."
                ),
            )
        ]

    def __str__(self):
        return f"{self.body} du {self.starts_at:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("meetings:sitting", args=[self.body.space.slug, self.pk])

    @property
    def is_second_convocation(self) -> bool:
        return self.quorum_failed_for_id is not None


class ItemKind(models.TextChoices):
    DELIBERATION = "deliberation", _("Délibération")
    INFORMATION = "information", _("Information")
    OPINION = "opinion", _("Avis")
    APPOINTMENT = "appointment", _("Désignation")
    BUDGET_PRIMITIF = "budget_primitif", _("Budget primitif")
    ELECTION = "election", _("Élection du président ou du bureau")


# Kinds that end in a vote (and, for deliberative bodies, in a deliberation).
VOTED_KINDS = frozenset(
    {
        ItemKind.DELIBERATION,
        ItemKind.OPINION,
        ItemKind.APPOINTMENT,
        ItemKind.BUDGET_PRIMITIF,
        ItemKind.ELECTION,
    }
)


class Matter(models.TextChoices):
    """The first level of the ACTES nomenclature, used by the SCDL « Délibérations » export."""

    COMMANDE_PUBLIQUE = "1", _("Commande publique")
    URBANISME = "2", _("Urbanisme")
    DOMAINE = "3", _("Domaine et patrimoine")
    FONCTION_PUBLIQUE = "4", _("Fonction publique")
    INSTITUTIONS = "5", _("Institutions et vie politique")
    LIBERTES = "6", _("Libertés publiques et pouvoirs de police")
    FINANCES = "7", _("Finances locales")
    COMPETENCES = "8", _("Domaines de compétences par thèmes")
    AUTRES = "9", _("Autres domaines de compétences")


class AgendaItem(models.Model):
    """An item of a sitting's agenda, in order."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("rang"))
    title = models.CharField(_("objet"), max_length=500)
    kind = models.CharField(
        _("nature"), max_length=16, choices=ItemKind.choices, default=ItemKind.DELIBERATION
    )
    rapporteur = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporteur"),
    )
    summary = models.TextField(_("note de synthèse de l'objet"), blank=True, max_length=20000)
    draft_text = models.TextField(_("projet de délibération"), blank=True, max_length=50000)
    matter = models.CharField(
        _("matière (nomenclature ACTES)"), max_length=2, choices=Matter.choices, blank=True
    )
    budget_year = models.PositiveSmallIntegerField(_("exercice budgétaire"), null=True, blank=True)
    budget_name = models.CharField(_("budget"), max_length=200, blank=True)
    postponed = models.BooleanField(
        _("reporté"),
        default=False,
        help_text=_("Un scrutin secret demandé en visioconférence reporte l'objet (L5211-11-1)."),
    )

    class Meta:
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("points de l'ordre du jour")
        ordering = ["sitting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "position"],
                name="agendaitem_unique_position",
                violation_error_message=_("Deux points ne peuvent pas avoir le même rang."),
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def is_voted(self) -> bool:
        return self.kind in VOTED_KINDS


class Annex(models.Model):
    """A PDF sent with the convocation: for the sitting, or for one item."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="annexes")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="annexes"
    )
    title = models.CharField(_("titre"), max_length=300)
    file = models.FileField(_("fichier PDF"), upload_to="meetings/annexes/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("annexe")
        ordering = ["item__position", "title"]

    def __str__(self):
        return self.title


class RecipientReason(models.TextChoices):
    MEMBER = "membre", _("Membre de l'instance")
    SUBSTITUTE = "suppleant", _("Suppléant (L5211-6)")
    INVITED = "invite", _("Invité")
    COPY = "copie", _("Copie aux conseillers municipaux (L5211-40-2)")


class Channel(models.TextChoices):
    EMAIL = "courriel", _("Courriel")
    PAPER = "papier", _("Papier")


class Convocation(models.Model):
    """What one recipient received for one sitting, and when: the sending time is the moment
    that counts (L2121-10), sealed in the proof chain (`SendingProof`)."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="convocations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="convocations"
    )
    reason = models.CharField(_("motif"), max_length=16, choices=RecipientReason.choices)
    channel = models.CharField(_("mode d'envoi"), max_length=16, choices=Channel.choices)
    email = models.EmailField(_("adresse"), blank=True)
    # Only the hash of the dossier link's token is stored; the link itself is in the email.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("remise le"), null=True, blank=True)
    opened_at = models.DateTimeField(_("ouverte le"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("accusé de réception le"), null=True, blank=True)
    paper_note = models.CharField(_("remise en main propre / courrier"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("convocation")
        ordering = ["sitting", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "person"],
                name="convocation_one_per_person_and_sitting",
                violation_error_message=_("Cette personne est déjà convoquée à cette séance."),
            )
        ]

    def __str__(self):
        return f"Convocation de {self.person} — {self.sitting}"


class SendingProof(models.Model):
    """An append-only hash chain over the sending records: each link hashes the record and
    the previous link, so that changing or removing a past sending time breaks the chain
    (`manage.py verify_convocations`)."""

    convocation = models.OneToOneField(Convocation, on_delete=models.PROTECT, related_name="proof")
    payload = models.TextField()  # canonical JSON of the record
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("preuve d'envoi")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["previous_hash"],
                name="sendingproof_linear_chain",
                violation_error_message=_("La chaîne des preuves d'envoi ne peut pas bifurquer."),
            )
        ]

    def __str__(self):
        return f"Preuve d'envoi {self.hash[:12]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Une preuve d'envoi ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Une preuve d'envoi ne se supprime pas.")


class Answer(models.TextChoices):
    PRESENT = "present", _("Je serai présent")
    ABSENT = "absent", _("Je serai absent")
    PROXY = "pouvoir", _("Je donne pouvoir")


class Reply(models.Model):
    """A member's answer to the convocation; a proxy names the member who holds it (L2121-20).
    A titulaire's absence without proxy calls the suppléant (L5211-6)."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="replies")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="replies")
    answer = models.CharField(_("réponse"), max_length=16, choices=Answer.choices)
    proxy_holder = models.ForeignKey(
        Seat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proxies_held",
        verbose_name=_("pouvoir donné à"),
    )
    certified_illness = models.BooleanField(_("maladie dûment constatée"), default=False)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse à la convocation")
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "seat"],
                name="reply_one_per_seat_and_sitting",
                violation_error_message=_("Ce membre a déjà répondu pour cette séance."),
            ),
            models.UniqueConstraint(
                fields=["sitting", "proxy_holder"],
                name="reply_one_proxy_held_per_member_and_sitting",
                violation_error_message=_(
                    "Ce membre détient déjà un pouvoir pour cette séance : "
                    "un membre ne peut en détenir qu'un seul (L2121-20)."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(answer="pouvoir") & Q(proxy_holder__isnull=False))
                | (~Q(answer="pouvoir") & Q(proxy_holder__isnull=True)),
                name="reply_proxy_has_a_holder",
                violation_error_message=_("Un pouvoir désigne le membre qui le reçoit."),
            ),
        ]

    def __str__(self):
        return f"{self.seat.person} : {self.get_answer_display()}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Présent")
    REMOTE = "distance", _("Présent à distance")
    EXCUSED = "excuse", _("Excusé")
    ABSENT = "absent", _("Absent")
    REPRESENTED = "represente", _("Représenté (pouvoir)")
    REPLACED = "remplace", _("Remplacé par son suppléant")


# Physically present for the quorum (L2121-17); remote presence counts in a multi-site sitting
# (L5211-11-1), which the services allow only there.
PRESENT_STATES = frozenset({Presence.PRESENT, Presence.REMOTE})


class Attendance(models.Model):
    """Who is there, recorded by the secretary on the day. `arrived_at_item` and
    `left_after_item` are agenda positions: a member who arrives late or leaves early counts
    only for the items in between."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="attendances")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("présence"), max_length=16, choices=Presence.choices)
    replaced_by = models.ForeignKey(
        Seat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacements",
        verbose_name=_("remplacé par"),
    )
    proxy_holder = models.ForeignKey(
        Seat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proxies_exercised",
        verbose_name=_("pouvoir exercé par"),
    )
    arrived_at_item = models.PositiveSmallIntegerField(_("arrivé au point"), null=True, blank=True)
    left_after_item = models.PositiveSmallIntegerField(
        _("parti après le point"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("présence")
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "seat"],
                name="attendance_one_per_seat_and_sitting",
                violation_error_message=_("La présence de ce membre est déjà enregistrée."),
            ),
            models.UniqueConstraint(
                fields=["sitting", "proxy_holder"],
                name="attendance_one_proxy_exercised_per_member",
                violation_error_message=_("Ce membre exerce déjà un pouvoir (L2121-20)."),
            ),
        ]

    def __str__(self):
        return f"{self.seat.person} : {self.get_status_display()}"

    def present_for(self, position: int) -> bool:
        """Whether the member is there for the item at this position."""
        if self.status not in PRESENT_STATES:
            return False
        if self.arrived_at_item is not None and position < self.arrived_at_item:
            return False
        return self.left_after_item is None or position <= self.left_after_item


class Withdrawal(models.Model):
    """A member who does not take part in an item (conflict of interest): not counted in the
    quorum of that item, nor in its vote (L2121-17, L2131-11)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="withdrawals")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="withdrawals")
    reason = models.CharField(_("motif"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("retrait")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "seat"],
                name="withdrawal_once_per_item",
                violation_error_message=_("Ce membre s'est déjà retiré de ce point."),
            )
        ]

    def __str__(self):
        return f"{self.seat.person} se retire de « {self.item.title} »"


class BallotMode(models.TextChoices):
    ORDINARY = "ordinary", _("À main levée")
    PUBLIC = "public", _("Public (noms inscrits au procès-verbal)")
    SECRET = "secret", _("Au scrutin secret")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adoptée")
    REJECTED = "rejected", _("Rejetée")


class Choice(models.TextChoices):
    FOR = "for", _("Pour")
    AGAINST = "against", _("Contre")
    ABSTAIN = "abstain", _("Abstention")
    BLANK = "blank", _("Blanc ou nul")


class Vote(models.Model):
    """The vote on an item (an appointment may need up to three rounds).

    Counted by the secretary (show of hands) or cast by the members from their phones
    (`electronic`). Totals are weighted when the body weighs votes.
    """

    class Status(models.TextChoices):
        OPEN = "ouvert", _("Ouvert")
        CLOSED = "clos", _("Clos")

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="votes")
    round_number = models.PositiveSmallIntegerField(_("tour"), default=1)
    mode = models.CharField(_("mode de scrutin"), max_length=16, choices=BallotMode.choices)
    public_requests = models.PositiveSmallIntegerField(_("demandes de vote public"), default=0)
    secret_requests = models.PositiveSmallIntegerField(_("demandes de scrutin secret"), default=0)
    electronic = models.BooleanField(_("vote depuis les téléphones"), default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    members_in_office = models.PositiveIntegerField(_("membres en exercice"), default=0)
    present = models.PositiveIntegerField(_("présents"), default=0)
    represented = models.PositiveIntegerField(_("représentés"), default=0)
    votes_for = models.PositiveIntegerField(_("pour"), default=0)
    votes_against = models.PositiveIntegerField(_("contre"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    blank = models.PositiveIntegerField(_("blancs et nuls"), default=0)
    president_vote = models.CharField(
        _("voix du président"), max_length=8, choices=Choice.choices, blank=True
    )
    outcome = models.CharField(_("résultat"), max_length=16, choices=Outcome.choices, blank=True)
    elected = models.CharField(_("élu(e)"), max_length=300, blank=True)
    # An appointment's candidates, named when the vote opens: [{"name", "birth_date" (ISO, the
    # eldest wins a round-3 tie, L2121-21), "votes" (once counted)}].
    candidates = models.JSONField(_("candidats"), default=list, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vote")
        ordering = ["item", "round_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "round_number"],
                name="vote_one_per_item_and_round",
                violation_error_message=_("Ce vote est déjà ouvert ou enregistré."),
            ),
            models.CheckConstraint(
                condition=Q(round_number__gte=1, round_number__lte=3),
                name="vote_round_between_1_and_3",
                violation_error_message=_("Une désignation se fait en trois tours au plus."),
            ),
        ]

    def __str__(self):
        return f"Vote sur « {self.item.title} » (tour {self.round_number})"

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against


class Ballot(models.Model):
    """A named ballot (ordinary or public vote, cast from a phone or recorded by the
    secretary): one per voter and per proxy, changeable until the vote closes."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="ballots")
    # The member the voter votes for by proxy; null for the voter's own vote.
    on_behalf_of = models.ForeignKey(
        Seat, on_delete=models.PROTECT, null=True, blank=True, related_name="ballots_by_proxy"
    )
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    candidate = models.CharField(_("candidat"), max_length=300, blank=True)
    weight = models.PositiveIntegerField(default=1)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bulletin nominatif")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "voter"],
                condition=Q(on_behalf_of__isnull=True),
                name="ballot_one_own_vote_per_voter",
                violation_error_message=_("Vous avez déjà voté : votre vote a été modifié."),
            ),
            models.UniqueConstraint(
                fields=["vote", "on_behalf_of"],
                condition=Q(on_behalf_of__isnull=False),
                name="ballot_one_vote_per_proxy",
                violation_error_message=_("Le vote de ce pouvoir est déjà enregistré."),
            ),
        ]

    def __str__(self):
        return f"Bulletin de {self.voter.person}"


class SecretBallot(models.Model):
    """A secret ballot in the urn: no voter, no time, a random key. Nothing links it to who
    cast it; `SecretTurnout` records only that a voter has voted. A secret ballot cannot be
    changed once cast, like a paper ballot in the urn *(choice)*."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="secret_ballots")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    candidate = models.CharField(max_length=300, blank=True)
    weight = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("bulletin secret")

    def __str__(self):
        return "Bulletin secret"


class SecretTurnout(models.Model):
    """That a voter (or a proxy) has voted in a secret ballot: prevents voting twice."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="turnout")
    voter = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(
        Seat, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("émargement")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "voter"],
                condition=Q(on_behalf_of__isnull=True),
                name="secretturnout_once_per_voter",
                violation_error_message=_("Vous avez déjà voté à ce scrutin secret."),
            ),
            models.UniqueConstraint(
                fields=["vote", "on_behalf_of"],
                condition=Q(on_behalf_of__isnull=False),
                name="secretturnout_once_per_proxy",
                violation_error_message=_("Le vote de ce pouvoir est déjà dans l'urne."),
            ),
        ]

    def __str__(self):
        return f"Émargement de {self.voter.person}"


class DeliberationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class Deliberation(models.Model):
    """An act of a deliberative body, numbered per space and year (`2026-042`). Once
    published it is never edited: a correction is a new act that references it."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.PROTECT, related_name="deliberations"
    )
    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="deliberation")
    year = models.PositiveSmallIntegerField(_("année"))
    sequence = models.PositiveIntegerField(_("numéro d'ordre"))
    title = models.CharField(_("objet"), max_length=500)
    text = models.TextField(_("texte"), max_length=100000)
    decided_on = models.DateField(_("date de la séance"))
    outcome = models.CharField(_("résultat"), max_length=16, choices=Outcome.choices)
    matter = models.CharField(_("matière"), max_length=2, choices=Matter.choices, blank=True)
    members_in_office = models.PositiveIntegerField(_("membres en exercice"))
    present = models.PositiveIntegerField(_("présents"))
    represented = models.PositiveIntegerField(_("représentés"))
    votes_for = models.PositiveIntegerField(_("pour"))
    votes_against = models.PositiveIntegerField(_("contre"))
    abstentions = models.PositiveIntegerField(_("abstentions"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrige l'acte"),
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeliberationQuerySet.as_manager()

    class Meta:
        verbose_name = _("délibération")
        ordering = ["-year", "-sequence"]
        # The open API's list of every space's acts, newest first (-year, -sequence, -id):
        # read in index order instead of sorting 100,000 rows for each page.
        indexes = [models.Index(fields=["year", "sequence", "id"], name="deliberation_list_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "year", "sequence"],
                name="deliberation_unique_number",
                violation_error_message=_("Ce numéro de délibération est déjà pris."),
            )
        ]

    def __str__(self):
        return f"Délibération n° {self.number} — {self.title}"

    @property
    def number(self) -> str:
        return f"{self.year}-{self.sequence:03d}"

    def get_absolute_url(self):
        return reverse("meetings:deliberation", args=[self.space.slug, self.number])


class Minutes(models.Model):
    """The procès-verbal of a sitting (L2121-15): drafted from the recorded facts plus the
    secretary's summary of the debates, approved at the next sitting, then published."""

    sitting = models.OneToOneField(Sitting, on_delete=models.PROTECT, related_name="minutes")
    debates_summary = models.TextField(_("synthèse des débats"), blank=True, max_length=100000)
    approved_at_sitting = models.ForeignKey(
        Sitting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approuvé lors de la séance"),
    )
    approved_on = models.DateField(_("approuvé le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("procès-verbal")
        verbose_name_plural = _("procès-verbaux")

    def __str__(self):
        return f"Procès-verbal — {self.sitting}"


class Dispatch(models.Model):
    """A document sent to the municipal councillors who are not community councillors
    (L5211-40-2): the list of deliberations, the approved minutes; within one month."""

    class Document(models.TextChoices):
        LIST = "liste", _("Liste des délibérations")
        MINUTES = "pv", _("Procès-verbal approuvé")

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="dispatches")
    document = models.CharField(max_length=8, choices=Document.choices)
    due_on = models.DateField(_("à envoyer avant le"))
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("destinataires"), default=0)

    class Meta:
        verbose_name = _("envoi aux conseillers municipaux")
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "document"],
                name="dispatch_once_per_document",
                violation_error_message=_("Ce document a déjà été envoyé."),
            )
        ]

    def __str__(self):
        return f"{self.get_document_display()} — {self.sitting}"


class CalendarFeed(models.Model):
    """A person's private iCal feed of their sittings: the URL's secret is the only key, and
    the person can replace it (the old address then stops working)."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda privé")

    def __str__(self):
        return f"Agenda de {self.person}"
