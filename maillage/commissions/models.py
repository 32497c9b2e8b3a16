"""Commissions open to municipal councillors (L5211-40-1), built on the bodies and sittings of
`maillage.meetings`: the settings of a commission (opened or not, seats per commune), the
requests to join it, following it without a seat, and the one-sitting replacement of a member
by a municipal councillor of the same commune named by the mayor."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.meetings.models import BodyKind

# Bodies a councillor sees in the commissions list: the commissions thématiques always, these
# other kinds once the space admin opens them *(choice)*.
OPENABLE_KINDS = frozenset(
    {
        BodyKind.COMMISSION,
        BodyKind.COMITE_ORIENTATION,
        BodyKind.COMITE_TECHNIQUE,
        BodyKind.GROUPE_TRAVAIL,
    }
)
DEFAULT_MAX_SEATS_PER_COMMUNE = 1


class CommissionSettings(models.Model):
    """How a body is open to municipal councillors, set by the space admin. Without a row, a
    commission is listed but not open to requests, with one seat per commune *(choice)*."""

    body = models.OneToOneField(
        "meetings.Body", on_delete=models.CASCADE, related_name="commission_settings"
    )
    open_to_councillors = models.BooleanField(
        _("ouverte aux conseillers municipaux"),
        default=False,
        help_text=_(
            "Les conseillers municipaux des communes membres peuvent demander à y siéger "
            "(L5211-40-1)."
        ),
    )
    max_seats_per_commune = models.PositiveSmallIntegerField(
        _("sièges au plus par commune"),
        default=DEFAULT_MAX_SEATS_PER_COMMUNE,
        help_text=_(
            "Nombre de membres titulaires qu'une même commune peut avoir dans cette instance."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ouverture d'une commission")
        verbose_name_plural = _("ouvertures des commissions")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_seats_per_commune__gte=1),
                name="commissionsettings_at_least_one_seat",
                violation_error_message=_("Une commune a au moins un siège."),
            )
        ]

    def __str__(self):
        return f"Ouverture de {self.body}"


class RequestStatus(models.TextChoices):
    PENDING = "en_attente", _("En attente")
    ACCEPTED = "acceptee", _("Acceptée")
    REFUSED = "refusee", _("Refusée")
    WITHDRAWN = "retiree", _("Retirée")


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RequestStatus.PENDING)


class JoinRequest(models.Model):
    """A municipal councillor asks to sit in a commission, for their commune."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="commission_requests"
    )
    body = models.ForeignKey(
        "meetings.Body", on_delete=models.CASCADE, related_name="join_requests"
    )
    commune = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune représentée"),
    )
    message = models.TextField(_("message"), blank=True, max_length=3000)
    status = models.CharField(
        _("état"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    reason = models.TextField(_("motif"), blank=True, max_length=3000)
    seat = models.ForeignKey(
        "meetings.Seat", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande pour siéger")
        verbose_name_plural = _("demandes pour siéger")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "body"],
                condition=Q(status="en_attente"),
                name="joinrequest_one_pending_per_person_and_body",
                violation_error_message=_(
                    "Vous avez déjà une demande en attente pour cette commission."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="en_attente") | Q(decided_at__isnull=False),
                name="joinrequest_decided_has_a_date",
                violation_error_message=_("Une demande tranchée porte sa date."),
            ),
        ]

    def __str__(self):
        return f"Demande de {self.person} pour {self.body}"


class Follow(models.Model):
    """A councillor follows a commission without a seat: they receive its documents and the
    remote link of its sittings, with no vote."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="commission_follows"
    )
    body = models.ForeignKey("meetings.Body", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suivi d'une commission")
        verbose_name_plural = _("suivis des commissions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "body"],
                name="follow_one_per_person_and_body",
                violation_error_message=_("Vous suivez déjà cette commission."),
            )
        ]

    def __str__(self):
        return f"{self.person} suit {self.body}"


class Replacement(models.Model):
    """For one sitting, a member of a commission is replaced by a municipal councillor of the
    same commune, named by the mayor (L5211-40-1)."""

    sitting = models.ForeignKey(
        "meetings.Sitting", on_delete=models.PROTECT, related_name="commission_replacements"
    )
    replaced_seat = models.ForeignKey(
        "meetings.Seat",
        on_delete=models.PROTECT,
        related_name="commission_replacements",
        verbose_name=_("membre remplacé"),
    )
    replacement = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="commission_replacements_made",
        verbose_name=_("remplaçant"),
    )
    commune = models.ForeignKey(
        "territories.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    named_by_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("désigné le"), auto_now_add=True)

    class Meta:
        verbose_name = _("remplacement pour une séance")
        verbose_name_plural = _("remplacements pour une séance")
        ordering = ["sitting", "replaced_seat__person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "replaced_seat"],
                name="replacement_one_per_seat_and_sitting",
                violation_error_message=_(
                    "Ce membre a déjà un remplaçant pour cette séance (L5211-40-1)."
                ),
            ),
            models.UniqueConstraint(
                fields=["sitting", "replacement"],
                name="replacement_one_member_per_replacement_and_sitting",
                violation_error_message=_(
                    "Cette personne remplace déjà un autre membre à cette séance."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.replacement} remplace {self.replaced_seat.person} ({self.sitting})"


class SittingNotice(models.Model):
    """That a follower was told about a convened sitting: each is told once."""

    sitting = models.ForeignKey("meetings.Sitting", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("avis de convocation à un suiveur")
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "person"],
                name="sittingnotice_once_per_person",
                violation_error_message=_("Cette personne a déjà été prévenue."),
            )
        ]

    def __str__(self):
        return f"{self.person} prévenu de {self.sitting}"
