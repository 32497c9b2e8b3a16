"""Pure rules of experiences: what files are accepted, WebVTT captions, and HTTP byte ranges
(RFC 9110 § 14) so that a phone's player can seek in a video without downloading it all."""

import re
from dataclasses import dataclass

# The limits are module constants *(choix)*; the lead may move them to settings read from the
# environment.
VIDEO_MAX_BYTES = 200 * 1024 * 1024
PHOTO_MAX_BYTES = 10 * 1024 * 1024
CAPTIONS_MAX_BYTES = 512 * 1024
MAX_PHOTOS = 12
FFMPEG = "/usr/bin/ffmpeg"
FFMPEG_TIMEOUT_SECONDS = 120

# By the real type read from the file's first bytes, never from its name.
VIDEO_TYPES = {
    "video/mp4": "MP4",
    "video/x-m4v": "MP4",
    "video/webm": "WebM",
    "video/quicktime": "QuickTime (iPhone)",
}
PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} Mo"


def check_video(mime: str | None, size: int) -> str | None:
    """The French refusal of a video file, or None if it is accepted."""
    if mime not in VIDEO_TYPES:
        return (
            "Ce fichier n'est pas une vidéo MP4, WebM ou QuickTime (son contenu a été vérifié, "
            "pas seulement son nom) : la vidéo n'a pas été enregistrée."
        )
    if size > VIDEO_MAX_BYTES:
        return (
            f"La vidéo pèse {megabytes(size)} : la limite est de {megabytes(VIDEO_MAX_BYTES)}. "
            "Filmez en qualité « HD 720p » ou raccourcissez-la."
        )
    return None


def check_photo(mime: str | None, size: int, name: str = "") -> str | None:
    label = f"« {name} »" if name else "Une photo"
    if mime not in PHOTO_TYPES:
        return f"{label} n'est pas une image JPEG, PNG ou WebP : aucune photo n'a été enregistrée."
    if size > PHOTO_MAX_BYTES:
        return (
            f"{label} pèse {megabytes(size)} : la limite est de "
            f"{megabytes(PHOTO_MAX_BYTES)} par photo."
        )
    return None


def check_captions(content: bytes) -> str | None:
    """A WebVTT file is UTF-8 text whose first line starts with "WEBVTT" (an optional byte
    order mark before it), followed by a space, a tab or the end of the line (W3C WebVTT
    § 4.1)."""
    if len(content) > CAPTIONS_MAX_BYTES:
        return (
            f"Le fichier de sous-titres dépasse {CAPTIONS_MAX_BYTES // 1024} Ko : "
            "ce n'est pas un fichier WebVTT ordinaire."
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return "Le fichier de sous-titres n'est pas encodé en UTF-8 : enregistrez-le en UTF-8."
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", first_line):
        return (
            "Ce fichier n'est pas un fichier de sous-titres WebVTT : il doit commencer par "
            "la ligne « WEBVTT » (les fichiers .srt se convertissent en .vtt)."
        )
    if "\x00" in text:
        return "Le fichier de sous-titres contient des caractères invalides."
    return None


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


class Unsatisfiable(ValueError):
    """No byte of the range is in the file: answer 416 with `Content-Range: bytes */size`."""


RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one byte range asked by a `Range` header, clipped to the file; None when the
    whole file is to be sent (no header, a header we do not understand, or several ranges —
    a server may always answer 200 with the whole file). Raises `Unsatisfiable` when the
    range starts past the end of the file (or the file is empty)."""
    if not header or "," in header:
        return None
    match = RANGE.match(header)
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":  # a suffix: the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable(header)
        return ByteRange(max(0, size - suffix), size - 1)
    start = int(first)
    if last != "" and int(last) < start:
        return None  # invalid: ignored, as RFC 9110 says
    if start >= size:
        raise Unsatisfiable(header)
    end = int(last) if last != "" else size - 1
    return ByteRange(start, min(end, size - 1))
