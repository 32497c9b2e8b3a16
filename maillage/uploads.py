"""What a file really is, read from its first bytes (never from its name), for every upload
check of the project; each app keeps its own allowed types, limit and French message."""

import filetype

SNIFF_BYTES = 262  # what `filetype` needs to recognise every type it knows


def real_type(upload, *, sniff_bytes: int = SNIFF_BYTES) -> str | None:
    """The MIME type found in the file's content (None if unknown); the file is left at its
    start for whoever reads it next. Office documents (zip containers) need more bytes."""
    head = upload.read(sniff_bytes)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind is not None else None
