from django.apps import AppConfig


class ExperiencesConfig(AppConfig):
    name = "maillage.experiences"
    verbose_name = "Retours d'expérience"

    def ready(self):
        from maillage.comments.registry import register

        from . import perms
        from .models import Experience

        # Comments are between the people of the space; the author is told of each one.
        register(
            Experience,
            can_read=perms.can_read_comments,
            can_comment=perms.can_comment,
            space_of=lambda experience: experience.space,
            url_of=lambda experience: experience.get_absolute_url(),
            followers=lambda experience: [experience.author],
            label_of=lambda experience: f"le retour d'expérience « {experience.title} »",
        )
