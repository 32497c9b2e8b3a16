"""DOCX and ODT files built in the tests with zipfile, as the office suites write them."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(paragraphs, name="pacte.docx") -> SimpleUploadedFile:
    """paragraphs: (style or "", text) pairs."""
    body = []
    for style, text in paragraphs:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        body.append(f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')
    xml = (
        f'<?xml version="1.0"?><w:document xmlns:w="{W}">'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", xml)
    return SimpleUploadedFile(name, buffer.getvalue())


def odt(blocks, name="charte.odt") -> SimpleUploadedFile:
    """blocks: (level, text) pairs; 0 is a paragraph."""
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    parts = []
    for level, text in blocks:
        if level:
            parts.append(f'<text:h text:outline-level="{level}">{text}</text:h>')
        else:
            parts.append(f"<text:p>{text}</text:p>")
    xml = (
        f'<?xml version="1.0"?><office:document-content xmlns:office="{office_ns}" '
        f'xmlns:text="{text_ns}"><office:body><office:text>{"".join(parts)}'
        "</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", xml)
    return SimpleUploadedFile(name, buffer.getvalue())
