"""Word-level differences between two texts, as HTML a person reads and a screen reader says:
`<del>` and `<ins>` carry visually hidden markers ("[supprimé : …]", "[ajouté : …]"), so the
difference is never told by colour or strike-through alone."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words (letters, digits, apostrophes inside words), runs of spaces, and single signs.
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    """The text cut into words, spaces and signs; joined back they give the text."""
    return _TOKEN.findall(text or "")


def _deleted(words: str) -> str:
    return (
        f'<del><span class="visually-hidden">[supprimé : </span>{escape(words)}'
        '<span class="visually-hidden">]</span></del>'
    )


def _inserted(words: str) -> str:
    return (
        f'<ins><span class="visually-hidden">[ajouté : </span>{escape(words)}'
        '<span class="visually-hidden">]</span></ins>'
    )


@dataclass(frozen=True)
class WordDiff:
    html: SafeString
    inserted: int  # words added
    deleted: int  # words removed

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.deleted)


def word_diff(old: str, new: str) -> WordDiff:
    """The new text with what it removes from the old one in `<del>` and what it adds in
    `<ins>`, word by word. Line breaks stay (the template shows it with `white-space:
    pre-wrap`); the markup of the texts is shown as written, never interpreted."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # (removed, added) or (kept, None) chunks; a run of spaces alone between two changes joins
    # them, so that "La réunion" → "Tout nouveau" reads as one change, not two.
    chunks: list[list] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            chunks.append([a[i1:i2], None])
        else:
            chunks.append([a[i1:i2], b[j1:j2]])
    merged: list[list] = []
    for index, chunk in enumerate(chunks):
        is_gap = (
            chunk[1] is None
            and all(t.isspace() for t in chunk[0])
            and 0 < index < len(chunks) - 1
            and chunks[index + 1][1] is not None
        )
        if is_gap and merged and merged[-1][1] is not None:
            merged[-1][0] = merged[-1][0] + chunk[0]
            merged[-1][1] = merged[-1][1] + chunk[0]
        elif chunk[1] is not None and merged and merged[-1][1] is not None:
            merged[-1][0] = merged[-1][0] + chunk[0]
            merged[-1][1] = merged[-1][1] + chunk[1]
        else:
            merged.append([list(chunk[0]), None if chunk[1] is None else list(chunk[1])])
    parts, inserted, deleted = [], 0, 0
    for removed, added in merged:
        if added is None:
            parts.append(escape("".join(removed)))
            continue
        if removed:
            parts.append(_deleted("".join(removed)))
            deleted += sum(1 for t in removed if not t.isspace())
        if added:
            parts.append(_inserted("".join(added)))
            inserted += sum(1 for t in added if not t.isspace())
    return WordDiff(mark_safe("".join(parts)), inserted, deleted)  # noqa: S308 — escaped above


@dataclass(frozen=True)
class ArticleChange:
    """One article compared between two versions: "ajoute", "supprime", "modifie" or
    "identique", with its numbers and titles on each side."""

    key: str
    change: str
    old_number: int | None
    new_number: int | None
    old_title: str
    new_title: str
    diff: WordDiff | None

    @property
    def label(self) -> str:
        return {
            "ajoute": "Article ajouté",
            "supprime": "Article supprimé",
            "modifie": "Article modifié",
            "identique": "Sans changement",
        }[self.change]


def compare_snapshots(old: dict, new: dict) -> list[ArticleChange]:
    """Article by article (matched by their identity, not their number), in the order of the
    newer text, the removed ones at the place they had."""
    old_articles = {str(a["id"]): (n, a) for n, a in enumerate(old.get("articles", []), 1)}
    new_articles = {str(a["id"]): (n, a) for n, a in enumerate(new.get("articles", []), 1)}
    keys = [str(a["id"]) for a in new.get("articles", [])]
    for key, (number, _article) in old_articles.items():
        if key not in new_articles:
            # Insert a removed article after the last kept article that preceded it.
            at = 0
            for index, other in enumerate(keys):
                if other in old_articles and old_articles[other][0] < number:
                    at = index + 1
            keys.insert(at, key)
    rows = []
    for key in keys:
        before, after = old_articles.get(key), new_articles.get(key)
        old_text = before[1]["text"] if before else ""
        new_text = after[1]["text"] if after else ""
        old_title = before[1].get("title", "") if before else ""
        new_title = after[1].get("title", "") if after else ""
        if before is None:
            change = "ajoute"
        elif after is None:
            change = "supprime"
        elif old_text != new_text or old_title != new_title:
            change = "modifie"
        else:
            change = "identique"
        rows.append(
            ArticleChange(
                key=key,
                change=change,
                old_number=before[0] if before else None,
                new_number=after[0] if after else None,
                old_title=old_title,
                new_title=new_title,
                diff=word_diff(old_text, new_text) if change != "identique" else None,
            )
        )
    return rows
