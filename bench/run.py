"""Import and page timings on the full national data, in a throw-away database.

Usage: .venv/bin/python bench/run.py [--repeat N] [--database-url URL]
Prints a Markdown table and writes it to bench/results/latest.md.
"""

import argparse
import math
import os
import platform
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results" / "latest.md"
WARM_UP = 3
# The benches of each capability, in bench/<name>.py, each with run(measure, repeat).
PARTS = [
    "discussions",
    "surveys",
    "notifications",
    "allocation",
    "projects",
    "roadmap",
    "dashboards",
    "governance",
    "library",
    "mutualisation",
    "experiences",
    "bulletins",
    "portal",
    "api",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument(
        "--rne-rows", type=int, default=500_000, help="rows of the generated RNE file"
    )
    parser.add_argument(
        "--only",
        help="comma-separated parts to run alone, without the national import "
        f"(among: {', '.join(PARTS)})",
    )
    parser.add_argument(
        "--territories",
        action="store_true",
        help="with --only: import the national territories and create the demo space first "
        "(about 30 s), so that the parts measure the real largest EPCI and the demo space",
    )
    parser.add_argument(
        "--database-url",
        help="an EMPTY database to use instead of a temporary SQLite file (e.g. PostgreSQL)",
    )
    return parser.parse_args()


def setup(database_url: str | None) -> str:
    """Point the settings at a temporary folder and database, then start Django."""
    tmp = tempfile.mkdtemp(prefix="maillage-bench-")
    os.environ["MAILLAGE_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("API_ANON_RATE", "1000000/min")  # the API throttle would answer 429
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return tmp


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def measure(client, url: str, repeat: int, headers: dict) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            sys.exit(f"GET {url} answered {response.status_code}, not 200.")
        return response

    for _ in range(WARM_UP):
        get()
    with CaptureQueriesContext(connection) as queries:
        response = get()
    # Read them now: the next request clears the connection's query log.
    query_count = len(queries)
    sql_ms = sum(float(query["time"]) for query in queries) * 1000
    times = sorted(timed(get)[1] * 1000 for _ in range(repeat))
    return {
        "median": statistics.median(times),
        "p95": times[math.ceil(0.95 * len(times)) - 1],
        "queries": query_count,
        "sql_ms": sql_ms,
        "kb": len(response.content) / 1024,
    }


def pages() -> list[tuple[str, str, dict]]:
    """(label, URL, headers) of every page measured, picked from the imported data."""
    from django.db.models import Count, Q

    from maillage.territories.models import Kind, Membership, Organisation

    current = Q(member_links__end_date__isnull=True, member_links__nature=Membership.Nature.EPCI)
    epcis = Organisation.objects.filter(kind=Kind.EPCI).annotate(
        n=Count("member_links", filter=current)
    )
    big = epcis.order_by("-n", "siren").first()
    # The EPCI closest to 5 members: same page, far fewer rows.
    small = min(epcis.filter(n__gt=0).order_by("siren"), key=lambda e: abs(e.n - 5))
    htmx = {"HX-Request": "true"}
    return [
        (f"EPCI, {big.n} members", f"/epci/{big.siren}/", {}),
        (f"EPCI, {small.n} members", f"/epci/{small.siren}/", {}),
        ("Commune", "/communes/74042/", {}),
        ("Search by name", "/recherche/?q=saint", {}),
        ("Search by INSEE code", "/recherche/?q=74042", {}),
        ("Search, HTMX partial", "/recherche/?q=saint", htmx),
        (f"API EPCI, {big.n} members", f"/api/v1/organisations/{big.siren}/", {}),
        ("API commune", "/api/v1/organisations/74042/", {}),
        ("API list, kind=epci", "/api/v1/organisations/?kind=epci", {}),
    ]


def database_version(connection) -> str:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    return connection.vendor


def main():
    args = parse_args()
    tmp = setup(args.database_url)
    # A kill still removes the temporary folder (SystemExit runs the `finally`).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Interrupted."))
    try:
        run(args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_parts(names, repeat) -> tuple[list[str], list[tuple]]:
    """Run the benches of `names`; returns their report lines and page rows."""
    import importlib

    lines, rows = [], []
    for name in names:
        print(f"{name.capitalize()}…", file=sys.stderr)
        part_lines, part_rows = importlib.import_module(name).run(measure, repeat)
        lines += part_lines
        rows += part_rows
    return lines, rows


def table(rows) -> list[str]:
    lines = [
        "| Page | URL | Median ms | p95 ms | SQL queries | SQL ms | KB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, url, headers, m in rows:
        shown = f"`{url}`" + (" (HX-Request)" if "HX-Request" in headers else "")
        shown += " (jeton)" if "Authorization" in headers else ""
        lines.append(
            f"| {label} | {shown} | {m['median']:.1f} | {m['p95']:.1f} | {m['queries']} "
            f"| {m['sql_ms']:.1f} | {m['kb']:.1f} |"
        )
    return lines


def import_and_demo(source: Path) -> tuple:
    """The national import, cold then again, and the demo space of `make run` (the portal part
    measures its home). Returns (cold result, cold seconds, re-run result, re-run seconds)."""
    from maillage.spaces.demo import create_demo_space
    from maillage.territories.models import Organisation
    from maillage.territories.services import import_territories

    if not (source / "communes.json").exists():
        sys.exit(f"No national data in {source}: run `make data` first.")
    if Organisation.objects.exists():
        print("Warning: the database is not empty, the first import is not cold.", file=sys.stderr)
    print("Importing (cold)…", file=sys.stderr)
    cold, cold_s = timed(lambda: import_territories(source_dir=source))
    print("Importing again…", file=sys.stderr)
    again, again_s = timed(lambda: import_territories(source_dir=source))
    print("Creating the demo space…", file=sys.stderr)
    create_demo_space()
    return cold, cold_s, again, again_s


def run_only(args):
    """`--only`: the chosen parts alone, on an empty database (no national import unless
    `--territories`)."""
    import django
    from django.core.management import call_command
    from django.db import connection

    names = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(names) - set(PARTS))
    if unknown:
        sys.exit(f"Unknown part(s): {', '.join(unknown)}; choose among {', '.join(PARTS)}.")
    print(f"Migrating {connection.vendor} database…", file=sys.stderr)
    call_command("migrate", verbosity=0)
    imported = []
    if args.territories:
        from django.conf import settings

        cold, cold_s, _, _ = import_and_demo(Path(settings.TERRITORIES_SOURCE_DIR))
        imported = [
            f"- National territories imported first ({cold.changes} changes in {cold_s:.1f} s), "
            "and the demo space of `make run` created"
        ]
    part_lines, rows = run_parts(names, args.repeat)
    lines = [
        f"# Maillage bench ({', '.join(names)}) — {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "",
        f"- Machine: {platform.node()}, {os.cpu_count()} CPU ({platform.machine()}), "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, Django {django.get_version()}, "
        f"database {database_version(connection)}",
        *imported,
        *part_lines,
        f"- Pages: median and p95 of {args.repeat} requests after {WARM_UP} warm-up ones; "
        "SQL queries and their time counted on one request",
        "",
        *table(rows),
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    out = RESULTS.with_name(f"only-{'-'.join(names)}.md")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report)


def run(args):
    if args.only:
        return run_only(args)
    import django
    import meetings
    import rne
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    source = Path(settings.TERRITORIES_SOURCE_DIR)
    if not (source / "communes.json").exists():
        sys.exit(f"No national data in {source}: run `make data` first.")

    print(f"Migrating {connection.vendor} database…", file=sys.stderr)
    call_command("migrate", verbosity=0)
    cold, cold_s, again, again_s = import_and_demo(source)

    print(f"Writing an RNE file of {args.rne_rows} rows…", file=sys.stderr)
    rne_path = Path(os.environ["MAILLAGE_DATA_DIR"]) / "rne-cm.csv"
    rne.write_rne_file(rne_path, args.rne_rows, rne.communes_for_file())
    print("Importing it (cold, then again)…", file=sys.stderr)
    rne_cold = rne.time_import(rne_path)
    rne_again = rne.time_import(rne_path)
    space, space_communes = rne.whos_who_space()

    client = Client()
    rows = []
    whos_who = [
        (f"Who's who, {space_communes} communes", f"/espaces/{space.slug}/annuaire/", {}),
        ("Who's who, mayors and adjoints", f"/espaces/{space.slug}/annuaire/?fonction=maires", {}),
    ]
    for label, url, headers in pages() + whos_who:
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((label, url, headers, measure(client, url, args.repeat, headers)))
    meeting_lines, meeting_rows = meetings.run(space, measure, args.repeat)
    rows += meeting_rows
    part_lines, part_rows = run_parts(PARTS, args.repeat)
    meeting_lines += part_lines
    rows += part_rows

    lines = [
        f"# Maillage bench — {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "",
        f"- Machine: {platform.node()}, {os.cpu_count()} CPU ({platform.machine()}), "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, Django {django.get_version()}, "
        f"database {database_version(connection)}",
        "- Read: " + ", ".join(f"{n} {kind}" for kind, n in cold.read.items()),
        f"- Cold import: {cold_s:.1f} s ({cold.changes} changes); "
        f"re-run: {again_s:.1f} s ({again.changes} changes)",
        f"- RNE import of {args.rne_rows} rows ({rne_path.stat().st_size / 2**20:.0f} MB): "
        f"cold {rne_cold['seconds']:.1f} s ({rne_cold['created']} mandates created, "
        f"{rne_cold['refused']} rows refused), process max RSS +"
        f"{rne_cold['rss_growth_mb']:.0f} MB; re-run {rne_again['seconds']:.1f} s "
        f"({rne_again['changes']} changes)",
        *meeting_lines,
        f"- Pages: median and p95 of {args.repeat} requests after {WARM_UP} warm-up ones; "
        "SQL queries and their time counted on one request",
        "",
        *table(rows),
    ]
    if rows[0][3]["queries"] != rows[1][3]["queries"]:
        lines += ["", "**Warning: the EPCI page's query count grows with its members.**"]
    report = "\n".join(lines) + "\n"
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    if again.changes or rne_again["changes"]:
        sys.exit("A re-run reported changes, expected 0.")


if __name__ == "__main__":
    main()
