"""Photos as they are kept: re-encoded on upload, upright (the phone's EXIF orientation
applied), at most 2,048 pixels on their longer side, and without their metadata — a phone's
photo carries the place where it was taken (GPS), the phone's model and the time, which a
public experience would otherwise show to anyone on the portal. The colour profile, which
says nothing about anyone, is kept so that colours stay right."""

import contextlib
import io
import struct
import threading
import warnings

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_SIDE = 2048
# Decoding cost grows with pixels, not bytes: a 10 MB file may hold a huge, nearly blank
# image. A JPEG is decoded at a reduced scale (its « draft » mode), so it may be larger.
MAX_PIXELS = {"image/jpeg": 120_000_000, "image/png": 50_000_000, "image/webp": 50_000_000}


class PhotoError(Exception):
    pass


_STRICT = threading.Lock()


@contextlib.contextmanager
def _truncation_refused():
    """WeasyPrint, once imported (the PDFs), tells Pillow to decode truncated images, a grey
    band in place of what is missing; a cut photo is refused here instead. The switch is
    process-wide: it is set and restored under a lock."""
    with _STRICT:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _too_many_pixels(label: str, pixels: int | None, mime: str) -> PhotoError:
    limit = MAX_PIXELS[mime] // 1_000_000
    counted = "compte trop de pixels"
    if pixels:
        counted = f"compte {pixels / 1_000_000:.1f} millions de pixels".replace(".", ",")
    return PhotoError(
        f"{label} {counted} : la limite est de {limit} millions. Réduisez-la avant de l'envoyer."
    )


def prepare(upload, mime: str, label: str) -> bytes:
    """The photo to keep, or PhotoError with the French reason. `mime` is the real type,
    already checked (JPEG, PNG or WebP)."""
    upload.seek(0)
    try:
        with _truncation_refused(), warnings.catch_warnings():
            # Our own limits below replace Pillow's warning (from 89 million pixels).
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                pixels = image.width * image.height
                if pixels > MAX_PIXELS[mime]:
                    raise _too_many_pixels(label, pixels, mime)
                if mime == "image/jpeg":
                    image.draft("RGB", (MAX_SIDE, MAX_SIDE))
                image.thumbnail((MAX_SIDE, MAX_SIDE))  # a square box: before or after turning
                upright = ImageOps.exif_transpose(image)
                return _encode(upright, mime, image.info.get("icc_profile"))
    except PhotoError:
        raise
    except Image.DecompressionBombError as error:  # past twice Pillow's limit, at opening
        raise _too_many_pixels(label, None, mime) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
            struct.error) as error:  # fmt: skip
        raise PhotoError(
            f"{label} ne peut pas être lue comme une image (fichier abîmé ou incomplet) : "
            "aucune photo n'a été enregistrée."
        ) from error
    finally:
        upload.seek(0)


def _encode(image: Image.Image, mime: str, icc_profile: bytes | None) -> bytes:
    """Saved without the EXIF and XMP blocks of the original (Pillow writes none unless
    asked); JPEG in RGB, the others keep their transparency."""
    buffer = io.BytesIO()
    profile = {"icc_profile": icc_profile} if icc_profile else {}
    if mime == "image/jpeg":
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=85, optimize=True, **profile)
    elif mime == "image/png":
        image.save(buffer, "PNG", optimize=True, **profile)
    else:
        image.save(buffer, "WEBP", quality=85, **profile)
    return buffer.getvalue()
