from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "maillage.needs"
    verbose_name = "Besoins des communes"

    def ready(self):
        from maillage.comments.registry import register
        from maillage.people.models import Person

        from . import perms
        from .models import Need

        register(
            Need,
            can_read=perms.can_view_need,
            can_comment=perms.can_view_need,
            space_of=lambda need: need.space,
            url_of=lambda need: need.get_absolute_url(),
            followers=lambda need: (
                Person.objects.filter(user_id=need.created_by_id) if need.created_by_id else []
            ),
            label_of=lambda need: f"le besoin « {need.title} »",
        )
