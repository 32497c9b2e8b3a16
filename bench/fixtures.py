"""The organisations the benches invent. `make bench` runs every bench in one database, after
the national import: each invented EPCI gets a SIREN and each invented commune an INSEE code
that neither the real data nor another bench uses."""

from maillage.territories import rules
from maillage.territories.models import Kind, Organisation

# No real SIREN starts with 2999. No commune of France has an INSEE code starting with 00, 20
# (Corsica is 2A/2B since 1976), 96 or 99 (foreign countries): invented communes take those,
# so that their pages, links and contours look like any commune's.
SIREN_PREFIX = "2999"
INSEE_PREFIXES = ("00", "20", "96", "99")


def bench_epci(name: str, **fields) -> Organisation:
    """A new EPCI (or syndicat) with a SIREN of its own."""
    taken = set(
        Organisation.objects.filter(siren__startswith=SIREN_PREFIX).values_list("siren", flat=True)
    )
    siren = next(
        code for n in range(99_999, -1, -1) if (code := f"{SIREN_PREFIX}{n:05d}") not in taken
    )
    return Organisation.objects.create(kind=Kind.EPCI, name=name, siren=siren, **fields)


def insee_codes(count: int) -> list[str]:
    """`count` INSEE codes no commune has yet."""
    candidates = [f"{prefix}{n:03d}" for prefix in INSEE_PREFIXES for n in range(1000)]
    taken = set(
        Organisation.objects.filter(kind=Kind.COMMUNE, insee_code__in=candidates).values_list(
            "insee_code", flat=True
        )
    )
    free = (code for code in candidates if code not in taken)
    return [next(free) for _ in range(count)]


def bench_communes(name: str, count: int, **fields) -> list[Organisation]:
    """`count` new communes named "<name> 0", "<name> 1"…, each with its own INSEE code;
    `fields` may be a callable of the index for values that differ per commune."""
    return Organisation.objects.bulk_create(
        Organisation(
            kind=Kind.COMMUNE,
            name=f"{name} {n}",
            search_name=rules.normalize(f"{name} {n}"),
            insee_code=code,
            **{key: value(n) if callable(value) else value for key, value in fields.items()},
        )
        for n, code in enumerate(insee_codes(count))
    )
