"""The text of an uploaded file, for the search index: PDF with pypdf, DOCX and ODT read as the
zip + XML they are, plain text and Markdown as they are; images have no text to read.
Nothing here touches the database."""

import io
import zipfile
from xml.etree import ElementTree

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TEXT = "text/plain"
MARKDOWN = "text/markdown"
IMAGES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
OTHER_OFFICE = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.presentation",
}
READABLE = {PDF, DOCX, ODT, TEXT, MARKDOWN}
ALLOWED = READABLE | IMAGES | OTHER_OFFICE
MAX_TEXT_CHARS = 2_000_000  # a very long document is indexed on its first 2 million characters
MAX_XML_BYTES = 50 * 1024 * 1024  # a zip bomb is refused before it is read

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class ExtractionError(Exception):
    """The file's text could not be read; the message is in French."""


def _zip_member(data: bytes, member: str) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo(member)
    except (zipfile.BadZipFile, KeyError) as error:
        raise ExtractionError("Le document est abîmé : son contenu est introuvable.") from error
    if info.file_size > MAX_XML_BYTES:
        raise ExtractionError("Le texte du document est trop volumineux pour être lu.")
    return archive.read(member)


def _parse(xml: bytes):
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise ExtractionError("Le document est abîmé : son texte est illisible.") from error


def docx_text(data: bytes) -> str:
    """Paragraphs of word/document.xml, one per line (tabs and line breaks kept as spaces)."""
    root = _parse(_zip_member(data, "word/document.xml"))
    lines = []
    for paragraph in root.iter(f"{W_NS}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W_NS}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{W_NS}tab", f"{W_NS}br"):
                parts.append(" ")
        lines.append("".join(parts))
    return "\n".join(line for line in lines if line.strip())


def odt_text(data: bytes) -> str:
    """Headings and paragraphs of content.xml, one per line."""
    root = _parse(_zip_member(data, "content.xml"))
    lines = []
    for node in root.iter():
        if node.tag in (f"{TEXT_NS}p", f"{TEXT_NS}h"):
            lines.append("".join(node.itertext()))
    return "\n".join(line for line in lines if line.strip())


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionError(
                "Le PDF est protégé par un mot de passe : son texte est illisible."
            )
        pages = []
        size = 0
        for page in reader.pages:
            content = page.extract_text() or ""
            pages.append(content)
            size += len(content)
            if size > MAX_TEXT_CHARS:
                break
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ExtractionError("Le PDF est abîmé : son texte n'a pas pu être lu.") from error
    return "\n".join(pages)


def plain_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def text_of(data: bytes, mime: str) -> str:
    """The text of a file of type `mime` ("" for a type without text, like an image)."""
    readers = {PDF: pdf_text, DOCX: docx_text, ODT: odt_text, TEXT: plain_text}
    reader = readers.get(mime) or (plain_text if mime == MARKDOWN else None)
    if reader is None:
        return ""
    return reader(data).replace("\x00", "")[:MAX_TEXT_CHARS]


def looks_like_text(head: bytes) -> bool:
    """Plain text (UTF-8 or Windows-1252, no NUL byte, few control characters)."""
    if b"\x00" in head:
        return False
    sample = plain_text(head)
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n\f")
    return controls <= len(sample) // 100
