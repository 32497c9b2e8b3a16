"""The governance part of the bench: a pacte de gouvernance of 60 articles with 300
amendments; the amendments page (50 per page, each with its word-level diff) and the
comparison of two versions (every article, 30 of them changed): median, p95, query count."""

import datetime
import random
import sys
import time

ARTICLES = 60
AMENDMENTS = 300
WORDS = (
    "conseil communautaire commune maire bureau conférence délibération compétence projet "
    "territoire mutualisation service avis consultation président vice-président séance "
    "commission réunion budget transport déchets eau voirie numérique école"
).split()


def _sentence(rng, n=40):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _pacte():
    """A space of its own, a pacte of 60 articles in 6 parts (created by the service, as an
    agent would paste it), 300 amendments in bulk, and a second version changing 30 articles."""
    from django.utils import timezone
    from fixtures import bench_epci

    from maillage.governance import services
    from maillage.governance.models import Amendment, Article, Status
    from maillage.people.models import Person, User
    from maillage.spaces.models import Space

    rng = random.Random(8)
    organisation = bench_epci("CC du banc d'essai de la gouvernance")
    space = Space.objects.create(
        slug="bench-gouvernance", name="Bench gouvernance", organisation=organisation
    )
    actor = User.objects.create(username="bench-governance", is_superuser=True, is_staff=True)
    text = []
    for part in range(6):
        text.append(f"# Titre {part + 1} – {rng.choice(WORDS).capitalize()}")
        for _ in range(ARTICLES // 6):
            text.append(f"## Article – {rng.choice(WORDS)}\n\n{_sentence(rng)}\n\n{_sentence(rng)}")
    document = services.create_document(
        actor=actor,
        space=space,
        kind="pacte_gouvernance",
        title="Pacte de gouvernance (bench)",
        source_text="\n\n".join(text),
        renewal_date=timezone.localdate() - datetime.timedelta(days=60),
    )
    document.status = Status.CONTRIBUTIONS
    document.contributions_until = timezone.localdate() + datetime.timedelta(days=30)
    document.save()
    authors = Person.objects.bulk_create(
        Person(first_name="Élu", last_name=f"Bench {n}", is_fictitious=True) for n in range(40)
    )
    articles = list(Article.objects.filter(document=document).order_by("position"))
    Amendment.objects.bulk_create(
        Amendment(
            document=document,
            article=article,
            kind="remplacer",
            text=article.text.replace(rng.choice(WORDS), rng.choice(WORDS))
            + " "
            + _sentence(rng, 8),
            rationale=_sentence(rng, 20),
            author=rng.choice(authors),
            base_revision=1,
            base_text=article.text,
        )
        for article in (rng.choice(articles) for _ in range(AMENDMENTS))
    )
    for article in articles[::2]:
        article.text = article.text.replace(rng.choice(WORDS), rng.choice(WORDS), 2) + " Ajout."
        article.revision += 1
    Article.objects.bulk_update(articles[::2], ["text", "revision"])
    services.record_version(document=document, actor=actor, reason="Relecture (bench)")
    return space, document, actor


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.test import Client

    print(
        f"Governance: a pacte of {ARTICLES} articles with {AMENDMENTS} amendments…",
        file=sys.stderr,
    )
    start = time.perf_counter()
    space, document, actor = _pacte()
    setup_s = time.perf_counter() - start
    client = Client()
    client.force_login(actor)
    base = f"/espaces/{space.slug}/gouvernance/{document.pk}"
    rows = []
    for label, url in [
        (f"Amendments page, {AMENDMENTS} amendments (50 per page)", f"{base}/amendements/"),
        (f"Version diff, {ARTICLES} articles, 30 changed", f"{base}/versions/comparer/?de=1&a=2"),
        (f"Pacte text, {ARTICLES} articles", f"{base}/"),
    ]:
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((label, url, {}, measure(client, url, repeat, {})))
    lines = [
        f"Governance: a pacte of {ARTICLES} articles and {AMENDMENTS} amendments set up in "
        f"{setup_s:.1f} s; the amendments page shows 50 of them with their word-level diffs."
    ]
    return lines, rows
