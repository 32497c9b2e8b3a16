"""French text for the search index, without the ORM: folding accents, cutting words, French
stems (plurals, feminines, verb endings) and the passage found, shown with the matched words
marked. Used by the SQLite side of `search.py` (FTS5 has no French stemmer) and for turning
anything typed in the search box into plain terms on both databases.

*(choix)* On SQLite the index holds the *stems* of the folded words ("délibérations" →
"deliber"), the original text is kept beside it for the passage; the query goes through the
same function, so "délibération" finds "deliberations" and the reverse.
"""

import html
import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+", re.UNICODE)
# Marks around the matched words inside the database's passage, replaced by <mark> once the
# whole passage is escaped (so that a "<" in a document never becomes markup).
OPEN_MARK, CLOSE_MARK = "\u27e6", "\u27e7"
MAX_QUERY_TERMS = 12
MAX_TERM_LENGTH = 40

# French words too frequent to search for (the PostgreSQL "french" dictionary drops the same
# kind of words); dropped from the index and the query on SQLite.
STOPWORDS = frozenset(
    """a au aux avec ce ces c d dans de des du elle en et eux il ils je j l la le les leur
    leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui
    s sa se ses son sur t ta te tes toi ton tu un une vos votre vous y est sont ete etre""".split()
)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case without accents: "Délibération" → "deliberation"; "œ" → "oe"."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The folded words of a text, in order (underscores count as separators)."""
    return [w for w in WORD.findall(fold(text).replace("_", " "))]


@lru_cache(maxsize=50000)
def stem(word: str) -> str:
    """The French stem of one folded word: "deliberations" → "deliber"."""
    return _stemmer().stemWord(word)


def stems(text: str) -> str:
    """The text as the SQLite index holds it: the stems of its words, stop words left out."""
    return " ".join(stem(w) for w in words(text) if w not in STOPWORDS)


def query_terms(query: str) -> list[str]:
    """Whatever was typed, as plain folded words (no quote, operator, star or dash survives),
    stop words left out, at most MAX_QUERY_TERMS, each cut to MAX_TERM_LENGTH; duplicates
    dropped. An empty list means there is nothing to search for."""
    seen: list[str] = []
    for word in words(query or ""):
        word = word[:MAX_TERM_LENGTH]
        if word in STOPWORDS or word in seen:
            continue
        seen.append(word)
        if len(seen) == MAX_QUERY_TERMS:
            break
    return seen


def fts5_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression requiring every term's stem: each one quoted, so that no
    word can be read as an operator (AND, OR, NOT, NEAR)."""
    return " ".join(f'"{stem(t)}"' for t in terms)


def passage(text: str, terms: list[str], *, width: int = 30) -> SafeString:
    """The passage of `text` (about `width` words) holding the most matched words, escaped,
    with the words whose stem is one of the terms' stems marked <mark>; the start of the text
    if no word matches."""
    wanted = {stem(t) for t in terms}
    tokens = list(WORD.finditer(text))
    if not tokens:
        return mark_safe(html.escape(text[:300]))
    hits = [i for i, m in enumerate(tokens) if stem(fold(m.group()).replace("_", "")) in wanted]
    start = 0
    if hits:
        best = max(hits, key=lambda i: sum(1 for h in hits if i <= h < i + width))
        start = max(0, best - 3)
    end = min(len(tokens), start + width)
    begin_at = tokens[start].start()
    end_at = tokens[end - 1].end()
    marked = set(hits)
    out = ["… " if start > 0 else ""]
    cursor = begin_at
    for i in range(start, end):
        match = tokens[i]
        out.append(html.escape(text[cursor : match.start()]))
        word = html.escape(match.group())
        out.append(f"<mark>{word}</mark>" if i in marked else word)
        cursor = match.end()
    out.append(" …" if end < len(tokens) or end_at < len(text.rstrip()) else "")
    return mark_safe("".join(out))


def marks_to_html(headline: str) -> SafeString:
    """A passage the database marked with OPEN_MARK/CLOSE_MARK, escaped, with <mark> tags."""
    escaped = html.escape(headline)
    return mark_safe(escaped.replace(OPEN_MARK, "<mark>").replace(CLOSE_MARK, "</mark>"))


def clean(text: str) -> str:
    """Text as it is stored for the index: without the two mark characters nor NUL bytes."""
    return text.replace(OPEN_MARK, "").replace(CLOSE_MARK, "").replace("\x00", "")
