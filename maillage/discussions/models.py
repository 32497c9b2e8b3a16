"""The permanent conference of mayors as a place to exchange between sittings: threads by
theme, replies, attachments, « moi aussi » supports, and requests for a meeting of the
conference by its mayors (L5211-11-3).

Every change goes through `services.py`; the rules are pure functions in `rules.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Openness(models.TextChoices):
    """Who may post besides the mayors, the president and vice-presidents of the space's
    organisation, and the space's agents and admins (always)."""

    MAYORS = "maires", _("Les maires (avec le président, les vice-présidents et les agents)")
    ADJOINTS = "adjoints", _("Les maires et leurs adjoints (et maires délégués)")
    ELUS = "elus", _("Tous les élus de l'espace")
    EVERYONE = "tous", _("Toute personne ayant un rôle dans l'espace (dont les référents)")


class ConferenceSettings(models.Model):
    """A space's settings for its conference of mayors (none: the defaults)."""

    space = models.OneToOneField(
        "spaces.Space", on_delete=models.CASCADE, related_name="conference_settings"
    )
    open_to = models.CharField(
        _("qui peut publier"), max_length=16, choices=Openness.choices, default=Openness.MAYORS
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réglages de la conférence des maires")
        verbose_name_plural = _("réglages de la conférence des maires")

    def __str__(self):
        return f"{self.space} : {self.get_open_to_display()}"


class ThemeQuerySet(models.QuerySet):
    def for_space(self, space):
        """The themes every space has (no space) and those the space's admins added."""
        return self.filter(Q(space__isnull=True) | Q(space=space))


class Theme(models.Model):
    """A theme of threads: the three of every space (no space) or one a space admin added."""

    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conference_themes",
    )
    name = models.CharField(_("thème"), max_length=80)
    position = models.PositiveSmallIntegerField(_("rang"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("thème")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "name"],
                name="theme_unique_name_per_space",
                violation_error_message=_("Ce thème existe déjà dans l'espace."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(space__isnull=True),
                name="theme_unique_common_name",
                violation_error_message=_("Ce thème existe déjà."),
            ),
        ]

    def __str__(self):
        return self.name


class Thread(models.Model):
    """A thread of the conference: a need, a question, a good practice… `reply_count`,
    `support_count` and `last_activity_at` are kept by the services so that the list sorts
    and counts without a join."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="threads")
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="threads", verbose_name=_("thème")
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("message"), max_length=20000)
    author = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    reply_count = models.PositiveIntegerField(default=0)
    support_count = models.PositiveIntegerField(default=0)
    has_solution = models.BooleanField(_("résolu"), default=False)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conference_threads",
        verbose_name=_("point de l'ordre du jour"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_activity_at = models.DateTimeField(_("dernière activité"), db_index=True)

    class Meta:
        verbose_name = _("échange")
        ordering = ["-last_activity_at", "-id"]
        indexes = [
            models.Index(fields=["space", "-last_activity_at"], name="thread_activity_idx"),
            models.Index(fields=["space", "-support_count"], name="thread_support_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:thread", args=[self.space.slug, self.pk])


class Reply(models.Model):
    """A reply in a thread; the thread's author or an admin marks one as the solution."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    body = models.TextField(_("réponse"), max_length=20000)
    is_solution = models.BooleanField(_("solution"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "created_at", "id"], name="reply_order_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=Q(is_solution=True),
                name="reply_one_solution_per_thread",
                violation_error_message=_("Une autre réponse est déjà marquée comme solution."),
            )
        ]

    def __str__(self):
        return f"Réponse de {self.author} à « {self.thread} »"


class Attachment(models.Model):
    """A file joined to a thread (or to one of its replies), served only through a view that
    checks the right."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="attachments")
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to="discussions/%Y/%m/")
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class Support(models.Model):
    """« Moi aussi » : a person shares the need or the question of a thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("soutien « moi aussi »")
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "person"],
                name="support_one_per_person_and_thread",
                violation_error_message=_("Vous soutenez déjà cet échange."),
            )
        ]

    def __str__(self):
        return f"{self.person} soutient « {self.thread} »"


class RequestRound(models.Model):
    """The requests of a meeting of the conference by its mayors (L5211-11-3), gathered in a
    round: it opens with the first request of a calendar year, is "reached" when one third of
    the mayors asked, and lapses at the end of the year otherwise *(choice)*."""

    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="meeting_request_rounds"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    opened_at = models.DateTimeField(_("ouverte le"), auto_now_add=True)
    reached_at = models.DateTimeField(_("seuil atteint le"), null=True, blank=True)
    mayors_at_reach = models.PositiveIntegerField(null=True, blank=True)
    threshold_at_reach = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("série de demandes de réunion")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "year"],
                condition=Q(reached_at__isnull=True),
                name="requestround_one_open_per_space_and_year",
                violation_error_message=_(
                    "Une série de demandes de réunion est déjà ouverte cette année."
                ),
            )
        ]

    def __str__(self):
        return f"Demandes de réunion {self.year} ({self.space})"


class MeetingRequest(models.Model):
    """A mayor's request for a meeting of the conference, with a reason; one per mayor and
    per round."""

    round = models.ForeignKey(RequestRound, on_delete=models.CASCADE, related_name="requests")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        "territories.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("motif"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("demande de réunion")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                name="meetingrequest_one_per_mayor_and_round",
                violation_error_message=_(
                    "Vous avez déjà demandé la réunion de la conférence des maires."
                ),
            )
        ]

    def __str__(self):
        return f"Demande de {self.person} ({self.round})"
