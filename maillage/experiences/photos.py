"""Photos as they are kept: re-encoded on upload, upright (the phone's EXIF orientation
applied), at most 2,048 pixels on their longer side, and without any metadata — a phone's
photo carries the place where it was taken (GPS), the phone's model and the time, which a
public experience would otherwise show to anyone on the portal."""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 2048
# Decoding cost grows with pixels, not bytes: a 10 MB file may hold a huge, nearly blank
# image. A JPEG is decoded at a reduced scale (its « draft » mode), so it may be larger.
MAX_PIXELS = {"image/jpeg": 120_000_000, "image/png": 50_000_000, "image/webp": 50_000_000}
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


class PhotoError(ValueError):
    pass


def prepare(upload, mime: str, label: str) -> bytes:
    """The photo to keep, or PhotoError with the French reason. `mime` is the real type,
    already checked (JPEG, PNG or WebP)."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                pixels = image.width * image.height
                if pixels > MAX_PIXELS[mime]:
                    raise PhotoError(
                        f"{label} compte {pixels / 1_000_000:.0f} millions de pixels : la limite "
                        f"est de {MAX_PIXELS[mime] // 1_000_000} millions. Réduisez-la avant de "
                        "l'envoyer."
                    )
                if mime == "image/jpeg":
                    image.draft("RGB", (MAX_SIDE, MAX_SIDE))
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((MAX_SIDE, MAX_SIDE))
                return _encode(upright, mime)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as error:  # fmt: skip
        raise PhotoError(
            f"{label} ne peut pas être lue comme une image (fichier abîmé ou incomplet) : "
            "aucune photo n'a été enregistrée."
        ) from error
    finally:
        upload.seek(0)


def _encode(image: Image.Image, mime: str) -> bytes:
    """Saved without the EXIF, XMP or ICC blocks of the original (Pillow writes none unless
    asked); JPEG in RGB, the others keep their transparency."""
    buffer = io.BytesIO()
    if mime == "image/jpeg":
        image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    elif mime == "image/png":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=85)
    return buffer.getvalue()
