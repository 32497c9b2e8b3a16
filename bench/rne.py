"""The RNE part of the bench: a large file in the real format, its import, the who's who."""

import random
import resource
import time
from pathlib import Path

FIRST = "Marie Jean Nathalie Pierre Sophie Michel Isabelle Philippe Catherine Alain Sylvie".split()
LAST = "MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LEFÈVRE ROUX".split()
HEADER = (
    "Code du département;Libellé du département;Code de la collectivité à statut particulier;"
    "Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;"
    "Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;"
    "Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;"
    "Date de début du mandat;Libellé de la fonction;Date de début de la fonction;"
    "Code nationalité"
)
FUNCTIONS = ["Maire", "Premier adjoint au maire", "Deuxième adjoint au maire"]


def write_rne_file(path: Path, rows: int, communes: list[tuple[str, str, str]]) -> None:
    """`rows` municipal councillors spread over `communes` (code, name, département), with a
    mayor and two adjoints in each commune first; seeded, so every run writes the same file."""
    rng = random.Random(2026)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for n in range(rows):
            code, name, departement = communes[n % len(communes)]
            seat = n // len(communes)
            function = FUNCTIONS[seat] if seat < len(FUNCTIONS) else ""
            born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2000)}"
            out.write(
                f"{departement};;;;{code};{name};{rng.choice(LAST)}-{n};{rng.choice(FIRST)};"
                f"{rng.choice('FM')};{born};23;Cadres;23/05/2020;{function};"
                f"{'26/05/2020' if function else ''};FR\n"
            )


def communes_for_file():
    from maillage.territories.models import Organisation

    return list(
        Organisation.objects.active()
        .communes()
        .order_by("insee_code")
        .values_list("insee_code", "name", "departement__insee_code")
    )


def time_import(path: Path) -> dict:
    """Import the file once: wall time, and how much the process's maximum resident size
    (ru_maxrss) grew — the memory the import needed beyond what the process already held.
    (tracemalloc would slow the import several times over, so it is not used.)"""
    from maillage.people.services import import_rne

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    report = import_rne(raw=path.read_bytes(), filename=path.name)
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
        "changes": report.changes,
        "refused": len(report.errors),
        "created": report.mandates_created,
    }


def whos_who_space():
    """A space for the EPCI with the most communes, whose élus the file filled."""
    from django.db.models import Count, Q

    from maillage.spaces.models import Space, SpaceMember
    from maillage.territories.models import Kind, Membership, Organisation

    current = Q(member_links__end_date__isnull=True, member_links__nature=Membership.Nature.EPCI)
    epci = (
        Organisation.objects.filter(kind=Kind.EPCI)
        .annotate(n=Count("member_links", filter=current))
        .order_by("-n", "siren")
        .first()
    )
    space = Space.objects.create(slug="bench", name=epci.name, organisation=epci)
    members = Membership.objects.current().filter(group=epci).values_list("member_id", flat=True)
    SpaceMember.objects.bulk_create(SpaceMember(space=space, organisation_id=m) for m in members)
    return space, epci.n
