from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from maillage.people.services import account_for, create_login_link
from maillage.spaces.demo import create_demo_space


class Command(BaseCommand):
    help = (
        "Crée (une fois) l'espace de démonstration : une vraie communauté de communes de "
        "Grand Est et des personnes fictives, puis affiche comment se connecter."
    )

    def handle(self, *args, **options):
        try:
            space, logins = create_demo_space()
        except ValueError as error:
            raise CommandError(f"{error} Importez d'abord les territoires.") from error
        login_url = settings.SITE_URL + reverse("people:login")
        self.stdout.write(self.style.SUCCESS(f"Espace de démonstration : {space.name}"))
        self.stdout.write(f"  {settings.SITE_URL}{space.get_absolute_url()}")
        draft = (
            space.bodies.filter(sittings__status="preparation")
            .values_list("sittings", flat=True)
            .first()
        )
        if draft is not None:
            sitting_url = reverse("meetings:sitting", args=[space.slug, draft])
            self.stdout.write(
                f"  Séance du conseil à convoquer (en tant qu'administratrice) : "
                f"{settings.SITE_URL}{sitting_url}"
            )
        acts_url = reverse("meetings:acts", args=[space.slug])
        self.stdout.write(f"  Actes publiés : {settings.SITE_URL}{acts_url}")
        self.stdout.write(
            f"Pour vous connecter, saisissez l'une de ces adresses sur {login_url} ; le lien "
            f"de connexion arrive dans {settings.EMAIL_FILE_PATH}/ (ou la console si "
            "EMAIL_URL=consolemail://). Ou ouvrez directement un de ces liens, valables "
            f"{settings.LOGIN_LINK_MAX_AGE_MINUTES} minutes et une seule fois :"
        )
        labels = {
            "admin": "administratrice de l'espace (DGS)",
            "maire": "maire d'une commune membre",
            "conseiller": "conseiller municipal",
            "referent": "référent d'une commune membre",
        }
        for key, person in logins.items():
            link = create_login_link(user=account_for(person=person))
            self.stdout.write(f"  {labels[key]:<35} {person.email}\n      {link}")
