"""Experiences and test files (images, a real video made by ffmpeg, captions)."""

import io
import os
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from maillage.experiences import services
from maillage.experiences.models import Theme, Visibility

FFMPEG = "/usr/bin/ffmpeg"
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBonjour à tous\n".encode()

needs_ffmpeg = pytest.mark.skipif(not os.path.exists(FFMPEG), reason="ffmpeg absent")


def image(name="photo.jpg", fmt="JPEG", size=(32, 24)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, fmt)
    mime = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=mime)


_VIDEO_CACHE = {}


def video_bytes(fmt="mp4") -> bytes:
    """A one-second test video made by ffmpeg (cached for the session)."""
    if fmt not in _VIDEO_CACHE:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            out = os.path.join(folder, f"test.{fmt}")
            codec = ["-c:v", "libvpx"] if fmt == "webm" else ["-pix_fmt", "yuv420p"]
            subprocess.run(
                [FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i",
                 "testsrc=duration=1:size=160x120:rate=10", *codec, out],
                check=True, timeout=60,
            )  # fmt: skip
            with open(out, "rb") as handle:
                _VIDEO_CACHE[fmt] = handle.read()
    return _VIDEO_CACHE[fmt]


def video(name="film.mp4", fmt="mp4"):
    return SimpleUploadedFile(name, video_bytes(fmt), content_type="video/mp4")


def captions(content=VTT, name="sous-titres.vtt"):
    return SimpleUploadedFile(name, content, content_type="text/vtt")


def make_experience(space, person, *, title="Un secrétariat de mairie partagé", text="Récit.",
                    themes=(Theme.SHARING,), organisations=(), visibility=Visibility.MEMBERS,
                    **files):  # fmt: skip
    return services.post_experience(
        actor=getattr(person, "user", person),
        space=space,
        title=title,
        text=text,
        themes=list(themes),
        organisations=list(organisations),
        visibility=visibility,
        **files,
    )
