"""Full-text search in French for every app, one wrapper over two databases.

- SQLite: an FTS5 table `library_fts` (tokenizer `unicode61 remove_diacritics 2`) holds the
  French stems of the folded title and body (`text.stems`); the query is folded and stemmed
  the same way; ranking by bm25 (title weighs 4); the passage is cut in Python from the
  original text (`text.passage`).
- PostgreSQL: `search_vector` (title weight A, body weight B) with the text search
  configuration `maillage_french` — the `french` configuration with `unaccent` before the
  French stemmer (created by the migration) — under a GIN index; `SearchRank` orders,
  `SearchHeadline` cuts the passage.

Accents and plurals do not matter on either: "délibération" finds "deliberations".
Anything typed is reduced to plain words first (`text.query_terms`), so no input is an error.

Other apps call `index_entry` / `remove_entry` when what they show changes (create or
replace by key) and `search` to read; nothing else touches the index.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, Window
from django.utils.safestring import SafeString
from django.utils.text import slugify

from . import text
from .models import Category, SearchEntry

PG_CONFIG = "maillage_french"
FTS_TABLE = "library_fts"
DEFAULT_LIMIT = 20
# The passage is cut from the first characters of a long text only (a 300-page PDF).
PASSAGE_SCAN_CHARS = 200_000

KIND_LABELS = {
    "deliberation": "Délibération",
    "gouvernance": "Document de gouvernance",
    **{value: str(label) for value, label in Category.choices},
}


def kind_label(kind: str) -> str:
    """The French name of a kind of entry (its own value, capitalised, if unknown)."""
    return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())


def tag_slug(tag: str) -> str:
    return slugify(text.fold(tag))[:60]


def _tags_field(tags: Iterable[str]) -> str:
    slugs = sorted({tag_slug(t) for t in tags if tag_slug(t)})
    return f"|{'|'.join(slugs)}|" if slugs else ""


@dataclass(frozen=True)
class Entry:
    """What `index_entries` takes for a bulk index (same fields as `index_entry`)."""

    space_id: int
    key: str
    title: str
    body: str
    url: str
    kind: str
    tags: tuple = ()
    is_public: bool = False


@dataclass(frozen=True)
class Result:
    key: str
    title: str
    url: str
    kind: str
    is_public: bool
    tags: tuple[str, ...]
    passage: SafeString  # safe HTML: escaped text, matched words in <mark>

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


class Results(list):
    """One page of results (a list of `Result`), with `total` (all matches) and the `terms`
    actually searched for."""

    def __init__(self, items=(), *, total: int = 0, terms: list[str] | None = None):
        super().__init__(items)
        self.total = total
        self.terms = terms or []


@dataclass
class _Rows:
    ids: list[int] = field(default_factory=list)
    headlines: dict[int, str] = field(default_factory=dict)
    total: int = 0


# --- Writing --------------------------------------------------------------------------------


def _write_fts(entries: list[SearchEntry]) -> None:
    """Keep the database's own index in step with `entries` (already saved)."""
    if not entries:
        return
    ids = [e.pk for e in entries]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",
                [(e.pk, text.stems(e.title), text.stems(e.body)) for e in entries],
            )
    elif connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk__in=ids).update(
            search_vector=SearchVector("title", weight="A", config=PG_CONFIG)
            + SearchVector("body", weight="B", config=PG_CONFIG)
        )


def index_entry(
    *,
    space,
    key: str,
    title: str,
    body: str,
    url: str,
    kind: str,
    tags=(),
    is_public: bool = False,
) -> None:
    """Put one thing in the index, or replace what was indexed under `key` (a string the
    caller chooses and keeps, e.g. "governance.document:12"). `body` is plain text (Markdown
    is fine); `url` is where a result leads; `is_public` lets anonymous visitors find it."""
    values = {
        "space": space,
        "title": text.clean(title)[:500],
        "body": text.clean(body or ""),
        "url": url[:500],
        "kind": kind[:40],
        "tags": _tags_field(tags),
        "is_public": bool(is_public),
    }
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                entry, _ = SearchEntry.objects.select_for_update().update_or_create(
                    key=key, defaults=values
                )
                _write_fts([entry])
            return
        except IntegrityError:
            # Two writers created the same key at once: the second one replaces it.
            if attempt == 2:
                raise


def index_entries(entries: Iterable[Entry], *, batch_size: int = 500) -> int:
    """Index many things at once (a reindex, a benchmark): replaces by key; returns the count."""
    count = 0
    batch: list[Entry] = []

    def flush():
        nonlocal count
        keys = [e.key for e in batch]
        with transaction.atomic():
            remove_entries(keys)
            rows = SearchEntry.objects.bulk_create(
                [
                    SearchEntry(
                        space_id=e.space_id,
                        key=e.key,
                        title=text.clean(e.title)[:500],
                        body=text.clean(e.body or ""),
                        url=e.url[:500],
                        kind=e.kind[:40],
                        tags=_tags_field(e.tags),
                        is_public=e.is_public,
                    )
                    for e in batch
                ]
            )
            if any(r.pk is None for r in rows):  # backends without RETURNING
                rows = list(SearchEntry.objects.filter(key__in=keys))
            _write_fts(rows)
        count += len(batch)
        batch.clear()

    for entry in entries:
        batch.append(entry)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return count


def remove_entries(keys: list[str]) -> None:
    with transaction.atomic():
        ids = list(SearchEntry.objects.filter(key__in=keys).values_list("pk", flat=True))
        if not ids:
            return
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    marks = ",".join(["%s"] * len(chunk))
                    cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
        SearchEntry.objects.filter(pk__in=ids).delete()


def purge_orphans() -> None:
    """Drop from SQLite's FTS table the rows whose entry is gone (deleted by hand)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM library_searchentry)"
            )


def remove_entry(key: str) -> None:
    """Take one thing out of the index (nothing happens if it is not there)."""
    remove_entries([key])


# --- Reading --------------------------------------------------------------------------------


def sees_members_entries(user, space) -> bool:
    from .perms import can_see_members_documents

    return user is not None and can_see_members_documents(user, space)


def _scope(space, public_only, kind, tag) -> Q:
    scope = Q(space=space)
    if public_only:
        scope &= Q(is_public=True)
    if kind:
        scope &= Q(kind=kind)
    if tag:
        scope &= Q(tags__contains=f"|{tag_slug(tag)}|")
    return scope


def _sqlite_rows(terms, space, public_only, kind, tag, limit, offset) -> _Rows:
    where = ["e.space_id = %s"]
    params: list = [space.pk]
    if public_only:
        where.append("e.is_public")
    if kind:
        where.append("e.kind = %s")
        params.append(kind)
    if tag:
        where.append("instr(e.tags, %s) > 0")
        params.append(f"|{tag_slug(tag)}|")
    # The FTS matches are read first (materialised), then their entries fetched by id: the
    # other way round, SQLite would run the MATCH once per entry of the space.
    sql = (
        f"WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25({FTS_TABLE}, 4.0, 1.0) AS rank "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
        "SELECT e.id, count(*) OVER () FROM hits CROSS JOIN library_searchentry e "
        f"ON e.id = hits.id WHERE {' AND '.join(where)} "
    )
    params = [text.fts5_query(terms), *params]
    with connection.cursor() as cursor:
        cursor.execute(
            sql + "ORDER BY hits.rank, e.id DESC LIMIT %s OFFSET %s", [*params, limit, offset]
        )
        rows = cursor.fetchall()
        if rows:
            ids, total = [row[0] for row in rows], rows[0][1]
        elif offset:  # past the last page: the total alone
            cursor.execute(f"SELECT count(*) FROM ({sql})", params)
            ids, total = [], cursor.fetchone()[0]
        else:
            ids, total = [], 0
    return _Rows(ids=ids, total=total)


def _postgresql_rows(terms, space, public_only, kind, tag, limit, offset) -> _Rows:
    query = SearchQuery(" ".join(terms), config=PG_CONFIG, search_type="plain")
    matches = SearchEntry.objects.filter(_scope(space, public_only, kind, tag), search_vector=query)
    page = (
        matches.annotate(
            rank=SearchRank(F("search_vector"), query),
            total=Window(Count("pk")),  # the count in the same pass as the ranking
            headline=SearchHeadline(
                "body",
                query,
                config=PG_CONFIG,
                start_sel=text.OPEN_MARK,
                stop_sel=text.CLOSE_MARK,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-id")
        .values_list("id", "headline", "total")[offset : offset + limit]
    )
    rows = list(page)
    if not rows:
        return _Rows(total=matches.count() if offset else 0)
    return _Rows(ids=[r[0] for r in rows], headlines={r[0]: r[1] for r in rows}, total=rows[0][2])


def _other_rows(terms, space, public_only, kind, tag, limit, offset) -> _Rows:
    """Databases without a French full-text index: every word somewhere, no stemming."""
    matches = SearchEntry.objects.filter(_scope(space, public_only, kind, tag))
    for term in terms:
        matches = matches.filter(Q(title__icontains=term) | Q(body__icontains=term))
    total = matches.count()
    ids = list(matches.order_by("-id").values_list("id", flat=True)[offset : offset + limit])
    return _Rows(ids=ids, total=total)


def search(
    *,
    space,
    query: str,
    user=None,
    public_only: bool = False,
    kind: str | None = None,
    tag: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Results:
    """The entries of `space` matching every word of `query` (accents, plurals and anything
    that is not a word ignored), best first, one page (`limit`, `offset`), with the passage
    found. Members' entries are searched only if `user` may read them (a member of the space
    or a superuser) and `public_only` is false: with no user, public entries only."""
    terms = text.query_terms(query)
    if not terms:
        return Results(terms=terms)
    public_only = public_only or not sees_members_entries(user, space)
    limit = max(1, min(int(limit), 100))
    offset = max(0, int(offset))
    reader = {"sqlite": _sqlite_rows, "postgresql": _postgresql_rows}.get(
        connection.vendor, _other_rows
    )
    rows = reader(terms, space, public_only, kind, tag, limit, offset)
    if not rows.ids:
        return Results(total=rows.total, terms=terms)
    found = {
        e.pk: e
        for e in SearchEntry.objects.filter(pk__in=rows.ids).only(
            "key", "title", "url", "kind", "is_public", "tags", "body"
        )
    }
    results = []
    for pk in rows.ids:
        entry = found.get(pk)
        if entry is None:  # removed meanwhile
            continue
        if pk in rows.headlines and text.OPEN_MARK in (rows.headlines[pk] or ""):
            passage = text.marks_to_html(rows.headlines[pk])
        else:
            passage = text.passage(entry.body[:PASSAGE_SCAN_CHARS], terms)
        results.append(
            Result(
                key=entry.key,
                title=entry.title,
                url=entry.url,
                kind=entry.kind,
                is_public=entry.is_public,
                tags=tuple(t for t in entry.tags.split("|") if t),
                passage=passage,
            )
        )
    return Results(results, total=rows.total, terms=terms)
