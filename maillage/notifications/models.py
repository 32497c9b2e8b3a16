"""Notifications: what happened that concerns a person, shown in the app and sent by email
as each person chooses (immediately, in a daily or weekly digest, or never), per kind."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    THREAD = "fil", _("Nouveaux échanges de la conférence des maires")
    REPLY = "reponse", _("Réponses à mes échanges")
    MENTION = "mention", _("Mentions de mon nom")
    MEETING_REQUEST = "demande_reunion", _("Demandes de réunion de la conférence des maires")
    COMMISSION = "commission", _("Commissions que je suis")
    SURVEY = "enquete", _("Enquêtes")
    POLL = "sondage", _("Sondages et choix de date")
    OPINION = "avis", _("Demandes d'avis")
    COMMENT = "commentaire", _("Commentaires")
    MODERATION = "moderation", _("Modération")
    SITTING = "seance", _("Séances et convocations")
    PROJECT = "projet", _("Projets que je suis")
    NEED = "besoin", _("Besoins des communes et services partagés")
    GOVERNANCE = "gouvernance", _("Documents de gouvernance")
    QUALITY = "qualite", _("Plan qualité")
    EXPERIENCE = "experience", _("Retours d'expérience")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediat", _("Tout de suite")
    DAILY = "quotidien", _("Résumé quotidien")
    WEEKLY = "hebdomadaire", _("Résumé hebdomadaire")
    NEVER = "jamais", _("Jamais par courriel")


class Notification(models.Model):
    """One thing to tell one person. `emailed_at` is set once it went out, alone or in a
    digest, so that nothing is sent twice."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="notifications"
    )
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=300)
    body = models.TextField(_("texte"), blank=True, max_length=5000)
    url = models.CharField(_("lien"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["person", "created_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_to_email_idx",
            ),
            # "My notifications", newest first, and the unread count in the header.
            models.Index(fields=["person", "-created_at", "-id"], name="notification_list_idx"),
            models.Index(
                fields=["person"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
        ]

    def __str__(self):
        return f"{self.person} : {self.title}"


class Preference(models.Model):
    """How a person wants to receive one kind of notification by email (default: see
    `services.DEFAULT_FREQUENCY`)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    frequency = models.CharField(_("fréquence"), max_length=16, choices=Frequency.choices)

    class Meta:
        verbose_name = _("préférence de notification")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                name="preference_one_per_person_and_kind",
                violation_error_message=_("Une préférence existe déjà pour ce type."),
            )
        ]

    def __str__(self):
        return f"{self.person} : {self.get_kind_display()} → {self.get_frequency_display()}"
