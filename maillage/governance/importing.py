"""Reading an imported text (Markdown, DOCX, ODT) into sections and articles, with the
standard library only (zipfile + ElementTree). A file that cannot be read raises
`ImportRefused` with the reason; nothing is stored before the whole file is read.

How headings become sections and articles *(choice, see docs/gouvernance-documents.md)*:
1. a heading that starts with "Article" (or "Art.") is an article;
2. a heading that starts with "Titre", "Chapitre", "Section" or "Partie" is a section;
3. any other heading: of the heading levels the file uses, the highest (`#`, Titre 1) makes
   sections and the deeper ones articles; if the file uses one level only, articles;
4. paragraphs are the text of the article above them; text before the first article becomes
   an article titled "Préambule"; a file without any heading is one article.
The "Article 3 –" prefix of a heading is dropped: articles are numbered by their place.
"""

import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from maillage.uploads import real_type

MAX_BYTES = 5 * 1024 * 1024
MAX_XML_BYTES = 30 * 1024 * 1024  # the unpacked text of an office file (zip bombs)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"

_ARTICLE = re.compile(
    r"^\s*(article|art\.)\s*(premier|1er|[0-9ivxlc]+(?:[.-][0-9]+)*)?\s*[.:–—-]?\s*", re.I
)
_SECTION = re.compile(r"^\s*(titre|chapitre|section|partie)\b", re.I)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


class ImportRefused(Exception):
    """The file cannot be read; the message says why, in French."""


@dataclass
class ParsedArticle:
    title: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p for p in self.paragraphs if p.strip())


@dataclass
class ParsedSection:
    title: str
    articles: list[ParsedArticle] = field(default_factory=list)


@dataclass
class ParsedDocument:
    sections: list[ParsedSection]  # a section titled "" holds the articles before any section

    @property
    def article_count(self) -> int:
        return sum(len(s.articles) for s in self.sections)


def structure(blocks: list[tuple[int, str]]) -> ParsedDocument:
    """(level, text) blocks — level 0 for a paragraph, 1..6 for a heading — into sections and
    articles, by the rules of the module's docstring."""
    blocks = [(level, text.strip()) for level, text in blocks if text and text.strip()]
    levels = sorted(
        {
            lvl
            for lvl, text in blocks
            if lvl and not _ARTICLE.match(text) and not _SECTION.match(text)
        }
    )
    section_level = levels[0] if len(levels) > 1 else None
    sections = [ParsedSection("")]
    current: ParsedArticle | None = None
    for level, text in blocks:
        if level == 0:
            if current is None:
                current = ParsedArticle("Préambule")
                sections[-1].articles.append(current)
            current.paragraphs.append(text)
            continue
        if _ARTICLE.match(text):
            is_section = False
        elif _SECTION.match(text):
            is_section = True
        else:
            is_section = level == section_level
        if is_section:
            sections.append(ParsedSection(text[:300]))
            current = None
        else:
            title = _ARTICLE.sub("", text, count=1).strip() if _ARTICLE.match(text) else text
            current = ParsedArticle(title[:300])
            sections[-1].articles.append(current)
    sections = [s for s in sections if s.articles or s.title]
    for section in sections:
        section.articles = [a for a in section.articles if a.text or a.title]
    if not any(s.articles for s in sections):
        raise ImportRefused("Le fichier ne contient aucun texte à reprendre.")
    return ParsedDocument(sections)


def markdown_blocks(text: str) -> list[tuple[int, str]]:
    """Markdown: `#` headings, paragraphs separated by blank lines (lists and other lines are
    kept as written inside their paragraph)."""
    blocks, lines = [], []

    def flush():
        if lines:
            blocks.append((0, "\n".join(lines)))
            lines.clear()

    for line in text.splitlines():
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            blocks.append((len(heading[1]), heading[2]))
        elif not line.strip():
            flush()
        else:
            lines.append(line.rstrip())
    flush()
    return blocks


def _heading_level(style: str) -> int:
    """ "Heading1", "Titre2", "heading 3", "Title" → 1, 2, 3, 1; anything else → 0."""
    match = re.match(r"^(heading|titre|title)\s*([1-6])?$", style.strip(), re.I)
    if not match:
        return 0
    return int(match[2] or 1)


def _read_member(archive: zipfile.ZipFile, name: str, what: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ImportRefused(
            f"Ce fichier {what} ne contient pas de texte ({name} manque)."
        ) from None
    if info.file_size > MAX_XML_BYTES:
        raise ImportRefused(
            f"Le texte de ce fichier {what} est trop volumineux une fois décompressé."
        )
    return archive.read(name)


def _parse_xml(data: bytes, what: str):
    try:
        return ElementTree.fromstring(data)  # noqa: S314 — no entity expansion in ElementTree
    except ElementTree.ParseError:
        raise ImportRefused(f"Le texte de ce fichier {what} est illisible (XML abîmé).") from None


def docx_blocks(archive: zipfile.ZipFile) -> list[tuple[int, str]]:
    """`word/document.xml`: each w:p is a block; its w:pStyle gives the heading level."""
    root = _parse_xml(_read_member(archive, "word/document.xml", "DOCX"), "DOCX")
    blocks = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        level = _heading_level(style.get(f"{W}val", "")) if style is not None else 0
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.tag == f"{W}tab":
                parts.append(" ")
            elif node.tag == f"{W}br":
                parts.append("\n")
        blocks.append((level, "".join(parts)))
    return blocks


def odt_blocks(archive: zipfile.ZipFile) -> list[tuple[int, str]]:
    """`content.xml`: text:h (with text:outline-level) are headings, text:p paragraphs."""
    root = _parse_xml(_read_member(archive, "content.xml", "ODT"), "ODT")
    blocks = []
    for node in root.iter():
        if node.tag == f"{TEXT}h":
            level = int(node.get(f"{TEXT}outline-level", "1") or 1)
            blocks.append((min(max(level, 1), 6), "".join(node.itertext())))
        elif node.tag == f"{TEXT}p":
            blocks.append((0, "".join(node.itertext())))
    return blocks


def read_upload(upload) -> ParsedDocument:
    """Read an uploaded file by its real content (never its name alone)."""
    if upload is None:
        raise ImportRefused("Aucun fichier n'a été déposé.")
    if upload.size > MAX_BYTES:
        raise ImportRefused("Le fichier dépasse 5 Mo : importez le texte seul, sans images.")
    name = (getattr(upload, "name", "") or "").lower()
    mime = real_type(upload, sniff_bytes=8192)
    if mime in (DOCX, ODT) or name.endswith((".docx", ".odt")):
        what = "ODT" if (mime == ODT or (mime is None and name.endswith(".odt"))) else "DOCX"
        if mime not in (DOCX, ODT, "application/zip"):
            raise ImportRefused(
                f"Ce fichier porte le nom d'un fichier {what} mais n'en est pas un "
                "(son contenu a été vérifié)."
            )
        try:
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" in archive.namelist():
                    blocks = docx_blocks(archive)
                elif "content.xml" in archive.namelist():
                    blocks = odt_blocks(archive)
                else:
                    raise ImportRefused(
                        "Ce fichier n'est ni un document Word (DOCX) ni un document OpenDocument "
                        "(ODT) lisible."
                    )
        except zipfile.BadZipFile:
            raise ImportRefused(f"Ce fichier {what} est abîmé : il ne s'ouvre pas.") from None
        return structure(blocks)
    if mime is not None:
        raise ImportRefused(
            "Seuls les fichiers Markdown (.md, .txt), Word (.docx) et OpenDocument (.odt) "
            f"s'importent ; celui-ci est de type {mime}."
        )
    raw = upload.read()
    upload.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            "Ce fichier texte n'est pas encodé en UTF-8 : enregistrez-le en UTF-8 et recommencez."
        ) from None
    if "\x00" in text:
        raise ImportRefused("Ce fichier n'est pas un texte lisible.")
    return structure(markdown_blocks(text))


def read_text(text: str) -> ParsedDocument:
    """A text typed or pasted in Markdown."""
    return structure(markdown_blocks(text))
