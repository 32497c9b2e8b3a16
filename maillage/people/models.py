"""People who log in to Maillage."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An account. Its own model from the start, so that people can be extended later
    (mandates, login by magic link) without swapping the user model of a live database."""

    email = models.EmailField(_("adresse électronique"), blank=True)

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
