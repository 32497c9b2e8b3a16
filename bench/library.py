"""The library part of the bench: a search index of 20,000 documents of generated French text
(bulk-indexed through maillage.library.search.index_entries, the same path as
`manage.py reindex_library`), then the search page for a rare word, a common word and three
words at once, as a member and as an anonymous visitor (median, p95, query count). Works on
SQLite (FTS5) and PostgreSQL (french + unaccent, GIN): bench/run.py --database-url.

BENCH_LIBRARY_DOCS sets another size (e.g. 500 for a quick check)."""

import os
import random
import sys
import time

DOCUMENTS = int(os.environ.get("BENCH_LIBRARY_DOCS", "20000"))
WORDS_PER_DOCUMENT = 180

VOCABULARY = """délibération délibérations conseil communautaire communauté commune communes
maire maires élus élu adjoint intercommunalité budget budgets investissement fonctionnement
voirie routes travaux assainissement eau potable déchets collecte tri mobilité transports vélo
pistes cyclables école écoles périscolaire cantine restauration scolaire crèche enfance jeunesse
culture médiathèque bibliothèque sport équipements gymnase piscine tourisme office patrimoine
urbanisme plan local habitat logement logements social aménagement zone activité économique
entreprises emploi formation numérique fibre réseau informatique mutualisation services
service commun agents personnel ressources humaines marché public marchés commande convention
conventions subvention subventions dotation fiscalité taxe redevance tarif tarifs compétence
compétences transfert statuts pacte gouvernance conférence bureau commission commissions avis
rapport rapports étude études diagnostic schéma orientation projet projets territoire
transition énergétique climat biodiversité agriculture forêt rivière inondation prévention
sécurité santé maison médicale social solidarité personnes âgées handicap accessibilité
cimetière église mairie salle des fêtes entretien rénovation construction acquisition terrain
parcelle cession bail location syndicat départemental région état préfecture contrôle légalité
""".split()
RARE = "archéologique"


def _library():
    """A space of its own and DOCUMENTS index entries (a third of them public)."""
    from fixtures import bench_epci

    from maillage.library import search
    from maillage.people.models import User
    from maillage.spaces.models import Space

    organisation = bench_epci("CC du banc d'essai de la bibliothèque")
    space = Space.objects.create(
        slug="bench-bibliotheque", name="Bench bibliothèque", organisation=organisation
    )
    rng = random.Random(8)

    def entries():
        for n in range(DOCUMENTS):
            words = rng.choices(VOCABULARY, k=WORDS_PER_DOCUMENT)
            if n % 1000 == 0:
                words[rng.randrange(len(words))] = RARE  # one document in a thousand
            sentences = [
                " ".join(words[i : i + 12]).capitalize() + "." for i in range(0, len(words), 12)
            ]
            yield search.Entry(
                space_id=space.pk,
                key=f"bench.library:{n}",
                title=" ".join(rng.choices(VOCABULARY, k=6)).capitalize(),
                body=" ".join(sentences),
                url=f"/espaces/{space.slug}/bibliotheque/{n}/",
                kind=rng.choice(["compte-rendu", "etude", "guide", "rapport"]),
                tags=rng.sample(["voirie", "budget", "eau", "école", "mobilité"], 2),
                is_public=n % 3 == 0,
            )

    search.index_entries(entries())
    actor = User.objects.create(username="bench-library", is_superuser=True, is_staff=True)
    return space, actor


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.db import connection
    from django.test import Client

    print(f"Library: {DOCUMENTS} documents of French text, bulk-indexed…", file=sys.stderr)
    start = time.perf_counter()
    space, actor = _library()
    setup_s = time.perf_counter() - start
    member = Client()
    member.force_login(actor)
    anonymous = Client()
    base = f"/espaces/{space.slug}/bibliotheque/recherche/"
    rows = []
    for label, client, query in [
        ("Library search, rare word (1 doc in 1,000)", member, "archeologiques"),
        ("Library search, common word", member, "deliberation"),
        ("Library search, three words", member, "écoles voiries budget"),
        ("Library search, common word, anonymous", anonymous, "délibérations"),
    ]:
        url = f"{base}?q={query}"
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((f"{label}, {DOCUMENTS} docs", url, {}, measure(client, url, repeat, {})))
    lines = [
        f"- Library on {connection.vendor}: {DOCUMENTS} documents of {WORDS_PER_DOCUMENT} "
        f"French words bulk-indexed in {setup_s:.1f} s; search pages of 20 results with the "
        "passage found (below)",
    ]
    return lines, rows


if __name__ == "__main__":
    print("Run through bench/run.py, which sets up a throw-away database.")
