"""Bulletin de liaison: numbered issues of a space's bulletin, made of Markdown sections (some
for members only), sent by email to chosen audiences, each address at most once per issue;
public subscribers with double opt-in; addresses that asked to stop or that bounced."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class IssueStatus(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    SENT = "envoye", _("Envoyé")


class Audience(models.TextChoices):
    """Who receives an issue. Members' audiences get the members' edition (with the sections
    for members only); subscribers get the public edition."""

    ELUS = "elus", _("Tous les élus de l'espace")
    MAYORS = "maires", _("Les maires des communes membres")
    DGS = "dgs", _("Les directeurs généraux des services")
    REFERENTS = "referents", _("Les référents")
    SUBSCRIBERS = "abonnes", _("Les abonnés à l'édition publique")


MEMBER_AUDIENCES = frozenset({Audience.ELUS, Audience.MAYORS, Audience.DGS, Audience.REFERENTS})


class IssueQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=IssueStatus.SENT)


class Issue(models.Model):
    """One issue (numéro) of a space's bulletin. Editable while a draft; frozen once sent.
    `version` grows at each save: a save made on an older version is refused (two people
    editing at once), without losing what was typed — unless that newer version was saved by
    the same editing page (`editor`, a token of the page): its own autosave, which a click on
    « Enregistrer » right after typing overtakes."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="bulletin_issues"
    )
    number = models.PositiveIntegerField(_("numéro"))
    title = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, max_length=10000, help_text=_("En Markdown.")
    )
    status = models.CharField(
        _("état"), max_length=16, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    covers_since = models.DateTimeField(_("événements depuis le"))
    version = models.PositiveIntegerField(default=1)
    editor = models.CharField(max_length=32, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("numéro du bulletin")
        verbose_name_plural = _("numéros du bulletin")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "number"],
                name="bulletin_issue_unique_number",
                violation_error_message=_("Ce numéro du bulletin existe déjà."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=IssueStatus.values),
                name="bulletin_issue_status_known",
                violation_error_message=_("État de numéro inconnu."),
            ),
            models.CheckConstraint(
                condition=Q(status="brouillon") | Q(sent_at__isnull=False),
                name="bulletin_issue_sent_has_date",
                violation_error_message=_("Un numéro envoyé a une date d'envoi."),
            ),
        ]

    def __str__(self):
        return f"Bulletin n° {self.number} : {self.title}"

    def get_absolute_url(self):
        return reverse("bulletins:detail", args=[self.space.slug, self.number])

    @property
    def is_draft(self) -> bool:
        return self.status == IssueStatus.DRAFT


class Section(models.Model):
    """A Markdown section of an issue; `members_only` keeps it out of the public edition."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(_("intertitre"), max_length=200)
    body = models.TextField(_("texte"), blank=True, max_length=20000, help_text=_("En Markdown."))
    members_only = models.BooleanField(_("réservée aux membres de l'espace"), default=False)

    class Meta:
        verbose_name = _("rubrique")
        ordering = ["issue", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "position"],
                name="bulletin_section_unique_position",
                violation_error_message=_("Deux rubriques ne peuvent occuper la même place."),
            )
        ]

    def __str__(self):
        return self.heading


class DeliveryStatus(models.TextChoices):
    QUEUED = "en_file", _("En file d'attente")
    SENDING = "en_cours", _("En cours d'envoi")
    SENT = "envoye", _("Envoyé")
    FAILED = "echec", _("Échec")
    BOUNCED = "rejete", _("Rejeté (adresse en erreur)")


class Delivery(models.Model):
    """One email of one issue to one address: at most one per issue and address."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    address = models.EmailField(_("adresse"))
    audience = models.CharField(_("liste"), max_length=16, choices=Audience.choices)
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("état"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    claim = models.CharField(max_length=32, blank=True, editable=False)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi")
        ordering = ["issue", "address"]
        indexes = [models.Index(fields=["issue", "status"], name="bulletin_delivery_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "address"],
                name="bulletin_delivery_once_per_address",
                violation_error_message=_("Ce numéro a déjà été envoyé à cette adresse."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="bulletin_delivery_status_known",
                violation_error_message=_("État d'envoi inconnu."),
            ),
        ]

    def __str__(self):
        return f"{self.issue} → {self.address}"


class Subscriber(models.Model):
    """Someone who subscribed to the public edition. Receives nothing until `confirmed_at`
    (double opt-in); `unsubscribed_at` when they stopped (history kept)."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("adresse électronique"))
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désabonné le"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonné")
        ordering = ["space", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "space",
                name="bulletin_subscriber_unique_email",
                violation_error_message=_("Cette adresse est déjà abonnée."),
            )
        ]

    def __str__(self):
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class OptOut(models.Model):
    """An address that asked to receive no more issues of a space's bulletin (member or
    subscriber): no issue of that space is ever sent to it again, until it subscribes anew."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    address = models.EmailField(_("adresse"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("désabonnement")
        constraints = [
            models.UniqueConstraint(
                fields=["space", "address"],
                name="bulletin_optout_once",
                violation_error_message=_("Cette adresse est déjà désabonnée."),
            )
        ]

    def __str__(self):
        return self.address


class Bounce(models.Model):
    """An address the mail server reported as undeliverable: nothing is sent to it again."""

    address = models.EmailField(_("adresse"), unique=True)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    first_at = models.DateTimeField(auto_now_add=True)
    last_at = models.DateTimeField(auto_now=True)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("adresse en erreur")
        verbose_name_plural = _("adresses en erreur")

    def __str__(self):
        return self.address
