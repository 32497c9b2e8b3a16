"""The demo's communication and openness: a référent in each member commune and, for the
operator, référents per shared service; two experience posts (one public with a photo, one for
members with a short video when ffmpeg is there); three processes of the quality plan and an
improvement register at every stage, and the activity report of the year printed as PDF (not
sent: sending it to the mayors is left for the visitor to try); a confirmed subscriber of the
public edition; and a bulletin issue drafted by the bulletin itself, sent through the queue,
with its delivery figures. Everything goes through the capabilities' own services, like a
user would; each part is created once, so that re-running the demo adds nothing.

The portal's map is left out: it needs the communes' real contours (GeoJSON), which are not
available offline, and the demo does not invent geography. The portal shows the table of the
communes instead."""

import datetime
import io
import random
import subprocess
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from maillage.people.models import Function, Person

from .models import Role, Space

DEMO_DOMAIN = "demo.maillage.test"  # .test is reserved: these addresses reach nobody
SUBSCRIBER_EMAIL = f"habitante@{DEMO_DOMAIN}"
BOUNCING_EMAIL = f"referent-2@{DEMO_DOMAIN}"
FIRST_NAMES = ["Ambre", "Basile", "Clémence", "Dorian", "Elsa", "Fanny", "Gabin", "Hélène"]
LAST_NAMES = ["Exemple", "Fictif", "Démo", "Modèle", "Essai", "Maquette", "Esquisse"]
VIDEO_SECONDS = 2
CAPTIONS = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:01.000\nLe bus France services arrive sur la place.\n\n"
    "00:00:01.000 --> 00:00:02.000\nVidéo de démonstration.\n"
).encode()


def create_communication_demo(space: Space) -> None:
    """Add référents, experiences, the quality plan, a subscriber and a sent bulletin issue to
    the demo space — each part once."""
    from maillage.bulletins.models import Issue, Subscriber
    from maillage.experiences.models import Experience
    from maillage.quality.models import ActivityReport, Process
    from maillage.referents.services import current_referent_roles

    admin, mayor, councillor = _people()
    if not current_referent_roles(space).exists():
        with transaction.atomic():
            _referents(space, admin.user)
    if not Experience.objects.filter(space=space).exists():
        with transaction.atomic():
            _experiences(space, admin, mayor, councillor)
    if not Process.objects.filter(space=space).exists():
        with transaction.atomic():
            _quality(space, admin, mayor, councillor)
    if not ActivityReport.objects.filter(space=space).exclude(pdf="").exists():
        _report(space, admin)  # again if an earlier run failed to print it
    if not Subscriber.objects.filter(space=space).exists():
        with transaction.atomic():
            _subscriber(space)
    if not Issue.objects.filter(space=space).exists():
        _bulletin(space, admin.user)


def _people() -> tuple[Person, Person, Person]:
    return tuple(
        Person.objects.select_related("user").get(email=f"{key}@{DEMO_DOMAIN}")
        for key in ("admin", "maire", "conseiller")
    )


# --- Référents ------------------------------------------------------------------------------


def _referents(space, actor) -> None:
    """One référent per member commune (an agent of the commune); for the operator (the
    EPCI), two agents who answer for the shared services of the catalogue, half each."""
    from maillage.referents.services import set_services
    from maillage.spaces import services as spaces

    rng = random.Random(2029)
    communes = [
        member.organisation
        for member in space.members.current()
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    created = []
    for number, commune in enumerate(communes, start=1):
        created.append(
            spaces.add_person(
                actor=actor,
                space=space,
                first_name=rng.choice(FIRST_NAMES),
                last_name=f"{rng.choice(LAST_NAMES)}-R{number}",
                email=f"referent-{number}@{DEMO_DOMAIN}",
                function=Function.REFERENT,
                organisation=commune,
                role=Role.REFERENT,
            )
        )
    services = list(space.services.order_by("name"))
    halves = [services[::2], services[1::2]] if services else []
    for number, chosen in enumerate(halves, start=1):
        person = spaces.add_person(
            actor=actor,
            space=space,
            first_name=rng.choice(FIRST_NAMES),
            last_name=f"{rng.choice(LAST_NAMES)}-S{number}",
            email=f"referent-services-{number}@{DEMO_DOMAIN}",
            function=Function.REFERENT,
            role=Role.REFERENT,
        )
        created.append(person)
        role = space.roles.current().get(person=person, role=Role.REFERENT)
        if chosen:
            set_services(actor=actor, role=role, services=chosen)
    # The people are invented like the demo's others: say so on their record.
    Person.objects.filter(pk__in=[p.pk for p in created]).update(is_fictitious=True)


# --- Experiences ----------------------------------------------------------------------------


def _photo() -> SimpleUploadedFile:
    """A small generated picture (a bus at a stop), PNG: no file ships with the demo."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 270), (214, 234, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 200, 480, 270), fill=(120, 120, 120))  # the road
    draw.rounded_rectangle((90, 110, 370, 205), radius=14, fill=(0, 85, 164))  # the bus
    for left in range(110, 330, 52):
        draw.rectangle((left, 125, left + 38, 155), fill=(230, 240, 250))  # its windows
    for centre in (150, 310):
        draw.ellipse((centre - 18, 190, centre + 18, 226), fill=(40, 40, 40))  # its wheels
    draw.rectangle((400, 80, 406, 205), fill=(80, 80, 80))  # the stop's post
    draw.rectangle((385, 60, 421, 90), fill=(226, 0, 26))  # its sign
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("bus-france-services.png", buffer.getvalue(), "image/png")


def _video() -> SimpleUploadedFile | None:
    """A two-second test pattern made by ffmpeg, or None when ffmpeg is absent or fails: the
    experience is then posted without a video. The ffmpeg that makes the posters is used, so
    that a video is posted only where its poster can be made."""
    from maillage.experiences.rules import FFMPEG as ffmpeg

    if not Path(ffmpeg).exists():
        return None
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "demo.mp4"
        command = [
            ffmpeg, "-nostdin", "-v", "error", "-y", "-f", "lavfi",
            "-i", f"testsrc=duration={VIDEO_SECONDS}:size=320x180:rate=10",
            "-pix_fmt", "yuv420p", str(output),
        ]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=30, check=True)
            content = output.read_bytes()
        except (OSError, subprocess.SubprocessError):
            return None
    return SimpleUploadedFile("tournee-du-bus.mp4", content, "video/mp4") if content else None


def _experiences(space, admin, mayor, councillor) -> None:
    from maillage.experiences import services
    from maillage.experiences.models import Theme, Visibility

    mayor_commune = mayor.mandates.get(function=Function.MAIRE).organisation
    public = services.post_experience(
        actor=mayor.user,
        space=space,
        title="Un bus France services sur la place du village",
        text=(
            "Depuis le printemps, le bus France services s'arrête chaque mardi matin devant la "
            "mairie. Les habitants y font leurs démarches (carte grise, retraite, impôts) sans "
            "aller jusqu'à la ville.\n\n"
            "**Ce qui a marché** : annoncer la tournée dans le bulletin municipal et sur le "
            "panneau de la mairie ; réserver la place la veille.\n\n"
            "**À prévoir** : une prise électrique accessible et une salle au chaud pour "
            "l'attente en hiver.\n\n*Retour d'expérience de démonstration.*"
        ),
        themes=[Theme.DIGITAL, Theme.SOCIAL],
        organisations=[mayor_commune],
        visibility=Visibility.PUBLIC,
        photos=[_photo()],
    )
    video = _video()
    services.post_experience(
        actor=admin.user,
        space=space,
        title="Partager une secrétaire de mairie entre trois communes",
        text=(
            "Trois communes de moins de 500 habitants partagent une secrétaire de mairie à "
            "temps plein : deux jours chacune, un planning affiché, un seul logiciel.\n\n"
            "- les remplacements pendant les congés sont assurés par le service commun ;\n"
            "- les maires se réunissent chaque trimestre pour ajuster le planning.\n\n"
            "*Retour d'expérience de démonstration, réservé aux membres de l'espace.*"
        ),
        themes=[Theme.SHARING],
        organisations=[mayor_commune],
        visibility=Visibility.MEMBERS,
        video=video,
        captions=SimpleUploadedFile("sous-titres.vtt", CAPTIONS, "text/vtt") if video else None,
    )
    # « Ça m'a aidé »: the public post is among the best ones, so the bulletin proposes it.
    services.say_helpful(actor=admin.user, experience=public)
    services.say_helpful(actor=councillor.user, experience=public)


# --- Quality plan ---------------------------------------------------------------------------

CGCT_URL = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070633/"
PROCESSES = [
    # title, purpose, steps, last review (days ago), next review (days from today)
    (
        "Préparer et convoquer une séance du conseil communautaire",
        "Que chaque conseiller reçoive à temps un ordre du jour complet et la note de synthèse.",
        [
            "Arrêter l'ordre du jour avec le président",
            "Rédiger la note de synthèse et les projets de délibération",
            "Envoyer les convocations dans le délai légal (jours francs)",
            "Publier l'ordre du jour et afficher la convocation",
        ],
        200,
        165,
    ),
    (
        "Publier les actes et le bulletin de liaison",
        "Rendre publiques les décisions dans la semaine et en informer les communes.",
        [
            "Numéroter et signer les délibérations",
            "Publier les actes sous forme électronique",
            "Annoncer les décisions dans le bulletin de liaison",
        ],
        400,
        -35,  # overdue: the list shows it « En retard »
    ),
    (
        "Accueillir une commune dans un service partagé",
        "Qu'une commune qui adhère à un service sache ce qu'elle paie et qui appeler.",
        [
            "Recevoir la demande d'adhésion",
            "Présenter le barème et la convention",
            "Désigner le référent du service pour la commune",
        ],
        None,
        60,
    ),
]
IMPROVEMENTS = [
    # who submits (key), kind, title, description, how far it goes
    (
        "maire",
        "irritant",
        "Les annexes des convocations sont trop lourdes pour nos messageries",
        "Certaines mairies ne reçoivent pas les pièces jointes de plus de 10 Mo.",
        "submitted",
    ),
    (
        "conseiller",
        "suggestion",
        "Un rappel la veille des commissions",
        "Un court message la veille éviterait des absences.",
        "analysed",
    ),
    (
        "maire",
        "suggestion",
        "Publier l'ordre du jour sur le portail des habitants",
        "Les habitants nous demandent quand et de quoi parle le conseil.",
        "action",
    ),
    (
        "conseiller",
        "irritant",
        "Le lien de connexion expire trop vite",
        "Entre l'ouverture du courriel et le clic, le lien avait expiré.",
        "done",
    ),
]


def _quality(space, admin, mayor, councillor) -> None:
    from maillage.quality import services

    actor = admin.user
    today = timezone.localdate()
    processes = []
    for title, purpose, steps, last, following in PROCESSES:
        processes.append(
            services.create_process(
                actor=actor,
                space=space,
                title=title,
                purpose=purpose,
                steps=steps,
                owner=admin,
                last_review_on=today - datetime.timedelta(days=last) if last else None,
                next_review_on=today + datetime.timedelta(days=following),
            )
        )
    services.add_process_document(
        actor=actor,
        process=processes[0],
        url=CGCT_URL,
        label="Code général des collectivités territoriales (Légifrance)",
    )
    services.review_process(
        actor=actor,
        process=processes[2],
        next_review_on=today + datetime.timedelta(days=365),
        note="Première revue : le processus est appliqué.",
    )
    people = {"maire": mayor, "conseiller": councillor}
    for key, kind, title, description, stage in IMPROVEMENTS:
        improvement = services.submit_improvement(
            actor=people[key].user, space=space, kind=kind, title=title, description=description
        )
        if stage == "submitted":
            continue
        services.analyse_improvement(
            actor=actor,
            improvement=improvement,
            analysis="Le constat est partagé par plusieurs communes ; la solution est simple.",
        )
        if stage == "analysed":
            continue
        services.decide_action(
            actor=actor,
            improvement=improvement,
            action="Mettre en place la solution proposée et l'annoncer aux communes.",
            owner=admin,
            due_on=today + datetime.timedelta(days=45),
        )
        if stage == "action":
            continue
        services.record_result(
            actor=actor,
            improvement=improvement,
            result="Fait : plus aucun signalement depuis la mise en place.",
        )


def _report(space, admin) -> None:
    """The activity report (article L5211-39 of the CGCT) of the year in progress: its
    introduction written, its PDF printed here as the background task would do it (the
    indicators, deliberations and projects of the demo year are in it)."""
    from maillage.quality import reports

    report = reports.save_introduction(
        actor=admin.user,
        space=space,
        year=timezone.localdate().year,
        introduction=(
            "La communauté a tenu ses instances, conduit ses projets et partagé ses services "
            "avec les communes membres. *(Rapport de démonstration.)*"
        ),
    )
    reports.produce_pdf(report)


# --- Bulletin -------------------------------------------------------------------------------


def _subscriber(space) -> None:
    """A citizen subscribed to the public edition and confirmed it, as from the link of the
    confirmation email (double opt-in)."""
    from maillage.bulletins import services
    from maillage.bulletins.emails import confirm_token

    subscriber = services.subscribe(space=space, email=SUBSCRIBER_EMAIL)
    services.confirm_subscription(token=confirm_token(subscriber))


def _bulletin(space, actor) -> None:
    """Issue no. 1: drafted by the bulletin from what happened (deliberations, sittings to
    come, projects, experiences), given an introduction, sent to the mayors, DGS, référents and
    subscribers. The queued batches are sent here, as the worker would, so that the issue shows
    its delivery figures even before the worker runs (a batch sends nothing twice); then the
    mail server reports one référent's address as undeliverable."""
    from maillage.bulletins import services
    from maillage.bulletins.models import Audience, Delivery, DeliveryStatus
    from maillage.bulletins.tasks import send_deliveries

    with transaction.atomic():
        issue = services.create_issue(actor=actor, space=space)
        sections = [
            {"heading": s.heading, "body": s.body, "members_only": s.members_only}
            for s in issue.sections.order_by("position")
        ]
        if not sections:
            sections = [{"heading": "Nouvelles", "body": "Le premier numéro du bulletin."}]
        issue = services.save_issue(
            actor=actor,
            issue=issue,
            version=issue.version,
            title=issue.title,
            introduction=(
                "Bienvenue dans le premier numéro du bulletin de liaison de la communauté. "
                "*(Bulletin de démonstration.)*"
            ),
            sections=sections,
        )
        services.send_issue(
            actor=actor,
            issue=issue,
            audiences=[Audience.MAYORS, Audience.DGS, Audience.REFERENTS, Audience.SUBSCRIBERS],
        )
    queued = Delivery.objects.filter(issue=issue, status=DeliveryStatus.QUEUED)
    send_deliveries(list(queued.values_list("pk", flat=True)))
    if Delivery.objects.filter(issue=issue, address=BOUNCING_EMAIL).exists():
        services.record_bounces(
            addresses=[BOUNCING_EMAIL], reason="Boîte aux lettres inexistante (démonstration)"
        )
