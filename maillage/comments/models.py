"""Comments: a thread attachable to any registered object (see `registry`), with reports
by readers and moderation by the space admins."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CommentQuerySet(models.QuerySet):
    def on(self, obj):
        """The comments of one object, oldest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("created_at", "id")

    def reported(self):
        """Comments with at least one report not yet dealt with."""
        return self.filter(reports__handled_at__isnull=True).distinct()


class Comment(models.Model):
    """One comment on one object. Edited by its author (`edited_at`); hidden by a space
    admin with a reason shown in its place, never deleted."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, related_name="comments", verbose_name=_("espace")
    )
    author = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="comments", verbose_name=_("auteur")
    )
    text = models.TextField(_("commentaire"), max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        "people.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "created_at"], name="comment_thread_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="comment_hidden_has_a_reason",
                violation_error_message=_("Un commentaire masqué doit avoir un motif."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="comment_not_empty",
                violation_error_message=_("Un commentaire ne peut pas être vide."),
            ),
        ]

    def __str__(self):
        return f"Commentaire de {self.author} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Report(models.Model):
    """A reader reports a comment to the space admins, with a reason; once per person and
    comment. `handled_at` is set when a moderator hides the comment or keeps it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(_("motif du signalement"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "person"],
                name="report_one_per_person_and_comment",
                violation_error_message=_("Vous avez déjà signalé ce commentaire."),
            )
        ]

    def __str__(self):
        return f"Signalement de {self.person} sur {self.comment_id}"
