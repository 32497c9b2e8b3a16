from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    name = "maillage.commissions"
    verbose_name = "Commissions ouvertes"

    def ready(self):
        from maillage.meetings import perms as meetings_perms
        from maillage.meetings.signals import sitting_convened

        from . import perms, services

        # Followers and one-sitting replacements read the dossier on the sitting page too.
        if perms.can_view_commission_sitting not in meetings_perms.DOSSIER_READERS:
            meetings_perms.DOSSIER_READERS.append(perms.can_view_commission_sitting)

        def tell_followers(sender, sitting, **kwargs):
            services.notify_followers(sitting=sitting)

        sitting_convened.connect(
            tell_followers, weak=False, dispatch_uid="commissions.tell_followers"
        )
