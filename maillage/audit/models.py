"""An append-only log of every change made through a service function."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# What each action means, in French, for the journal.
ACTION_LABELS = {
    "territories.import": "Import des territoires",
    "people.import_rne": "Import du Répertoire national des élus",
    "people.login_link_sent": "Lien de connexion envoyé",
    "people.login_link_used": "Connexion par lien",
    "people.logout_everywhere": "Déconnexion de tous les appareils",
    "people.update_profile": "Profil modifié",
    "spaces.open": "Ouverture de l'espace",
    "spaces.update": "Espace modifié",
    "spaces.add_members": "Membres ajoutés",
    "spaces.end_member": "Membre retiré",
    "spaces.add_person": "Personne ajoutée",
    "spaces.give_role": "Rôle donné",
    "spaces.set_delegation": "Délégation modifiée",
    "spaces.end_role": "Rôle retiré",
    "spaces.invite": "Invitation envoyée",
    "spaces.demo_created": "Espace de démonstration créé",
    "meetings.number_deliberations": "Délibérations numérotées",
    "meetings.update_deliberation": "Délibération modifiée avant publication",
    "meetings.publish_deliberations": "Liste des délibérations publiée",
    "meetings.correct_deliberation": "Délibération rectificative liée à l'acte corrigé",
    "meetings.update_minutes": "Procès-verbal rédigé",
    "meetings.approve_minutes": "Procès-verbal approuvé",
    "meetings.publish_minutes": "Procès-verbal publié",
    "meetings.send_dispatch": "Envoi aux conseillers municipaux (L5211-40-2)",
    "meetings.create_body": "Instance créée",
    "meetings.update_body": "Instance modifiée",
    "meetings.add_seat": "Siège attribué",
    "meetings.end_seat": "Fin d'un siège",
    "meetings.create_sitting": "Séance créée",
    "meetings.update_sitting": "Séance modifiée",
    "meetings.cancel_sitting": "Séance annulée",
    "meetings.add_item": "Point ajouté à l'ordre du jour",
    "meetings.update_item": "Point de l'ordre du jour modifié",
    "meetings.delete_item": "Point retiré de l'ordre du jour",
    "meetings.move_item": "Point déplacé dans l'ordre du jour",
    "meetings.add_annex": "Annexe jointe au dossier",
    "meetings.add_synthesis_note": "Note explicative de synthèse déposée",
    "meetings.send_convocations": "Convocations envoyées",
    "meetings.record_paper_convocation": "Convocation papier enregistrée",
    "meetings.reply": "Réponse à une convocation",
    "meetings.acknowledge": "Accusé de réception d'une convocation",
    "meetings.call_substitute": "Suppléant appelé à siéger",
    "meetings.renew_calendar_feed": "Adresse d'agenda privé renouvelée",
    "meetings.open_sitting": "Séance ouverte",
    "meetings.record_attendance": "Présence enregistrée",
    "meetings.record_withdrawal": "Retrait d'un membre pour un point",
    "meetings.quorum_failure": "Quorum non atteint, seconde séance préparée",
    "meetings.open_vote": "Vote ouvert",
    "meetings.record_counts": "Décompte des voix enregistré",
    "meetings.record_ballot": "Vote nominatif enregistré par le secrétaire",
    "meetings.cast_ballot": "A voté",
    "meetings.close_vote": "Vote clos",
    "meetings.postpone_item": "Point reporté à une séance en présentiel",
    "meetings.close_sitting": "Séance close",
    "opinions.create": "Demande d'avis préparée",
    "opinions.update": "Demande d'avis modifiée",
    "opinions.send": "Demande d'avis envoyée",
    "opinions.record": "Avis enregistré",
    "opinions.correct": "Avis corrigé",
    "opinions.close": "Demande d'avis close à la date limite",
    "polls.create": "Sondage ouvert",
    "polls.answer": "Réponse à un sondage",
    "polls.change_stance": "Réponse à un sondage modifiée",
    "polls.close": "Sondage clos",
    "polls.outcome": "Conclusion d'un sondage publiée",
    "polls.to_sitting": "Séance créée à partir d'un sondage de date",
    "discussions.create_thread": "Échange ouvert dans la conférence des maires",
    "discussions.reply": "Réponse dans la conférence des maires",
    "discussions.support": "« Moi aussi » sur un échange",
    "discussions.withdraw_support": "« Moi aussi » retiré",
    "discussions.mark_solution": "Réponse marquée comme solution",
    "discussions.unmark_solution": "Réponse qui n'est plus la solution",
    "discussions.put_on_agenda": "Échange inscrit à l'ordre du jour de la conférence",
    "discussions.request_meeting": "Demande de réunion de la conférence des maires",
    "discussions.meeting_request_reached": "Seuil d'un tiers des maires atteint (réunion demandée)",
    "discussions.set_openness": "Ouverture de la conférence des maires réglée",
    "discussions.add_theme": "Thème ajouté à la conférence des maires",
    "surveys.create": "Enquête créée",
    "surveys.update": "Enquête modifiée",
    "surveys.add_question": "Question ajoutée à une enquête",
    "surveys.update_question": "Question d'enquête modifiée",
    "surveys.delete_question": "Question d'enquête retirée",
    "surveys.move_question": "Question d'enquête déplacée",
    "surveys.open": "Enquête ouverte et destinataires prévenus",
    "surveys.close": "Enquête close",
    "surveys.answer": "Réponse à une enquête",
    "surveys.change_answer": "Réponse à une enquête modifiée",
    "surveys.answer_anonymous": "Réponse anonyme reçue",
    "surveys.remind": "Relance d'une enquête envoyée",
    "commissions.update_settings": "Ouverture d'une commission aux conseillers municipaux réglée",
    "commissions.ask_to_join": "Demande pour siéger dans une commission",
    "commissions.withdraw_request": "Demande pour siéger retirée",
    "commissions.accept_request": "Demande pour siéger acceptée",
    "commissions.refuse_request": "Demande pour siéger refusée",
    "commissions.follow": "Commission suivie sans siège",
    "commissions.unfollow": "Commission plus suivie",
    "commissions.notify_followers": "Suiveurs d'une commission prévenus d'une séance",
    "commissions.name_replacement": "Remplaçant désigné par le maire pour une séance",
    "commissions.cancel_replacement": "Remplacement pour une séance retiré",
    "notifications.preferences": "Choix des notifications par courriel modifiés",
    "notifications.unsubscribe": "Désabonnement depuis un courriel",
    "notifications.digests_sent": "Résumés de notifications envoyés",
    "comments.create": "Commentaire publié",
    "comments.edit": "Commentaire modifié par son auteur",
    "comments.report": "Commentaire signalé",
    "comments.hide": "Commentaire masqué par la modération",
    "comments.unhide": "Commentaire rétabli par la modération",
    "comments.dismiss_reports": "Signalements d'un commentaire classés sans suite",
    "needs.express": "Besoin exprimé",
    "needs.edit": "Besoin modifié",
    "needs.support": "« Nous aussi » sur un besoin",
    "needs.withdraw_support": "« Nous aussi » retiré",
    "needs.group": "Besoins regroupés",
    "needs.ungroup": "Besoin sorti de son regroupement",
    "needs.status": "État d'un besoin changé",
    "needs.add_theme": "Thème de besoins ajouté",
    "needs.archive_theme": "Thème de besoins retiré de la liste",
    "catalogue.create": "Service partagé ajouté au catalogue",
    "catalogue.edit": "Service partagé modifié",
    "catalogue.open": "Service partagé ouvert aux abonnements",
    "catalogue.close": "Service partagé fermé",
    "catalogue.subscribe": "Abonnement à un service partagé",
    "catalogue.subscribe_epci": "Communes d'un EPCI abonnées par l'EPCI",
    "catalogue.change_units": "Unités d'un abonnement changées",
    "catalogue.end_subscription": "Fin d'un abonnement",
}


class ActionLog(models.Model):
    """One action: who did what, on which object, when, with what details.

    Rows are only ever inserted (see `save` and `delete`): the log is evidence.
    """

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("espace"),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("type d'objet"), max_length=100, blank=True)
    object_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    object_repr = models.CharField(_("objet"), max_length=250, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("action")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="actionlog_object_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Le journal des actions ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Le journal des actions ne se supprime pas.")
