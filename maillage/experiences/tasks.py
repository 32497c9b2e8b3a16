"""Background work of experiences: the poster image of a video, made with ffmpeg. If ffmpeg
is missing or fails, the experience stays, without a poster, and its author is told."""

import os
import subprocess
import tempfile

from django_tasks import task

from . import rules


def grab_frame(video_path: str, *, ffmpeg: str = rules.FFMPEG) -> tuple[bytes | None, str]:
    """A JPEG image of the video (at 1 s, or its first frame if it is shorter), at most
    1280 pixels wide. Returns (image, "") or (None, the reason)."""
    if not os.path.exists(ffmpeg):
        return None, f"ffmpeg est introuvable ({ffmpeg})."
    with tempfile.TemporaryDirectory() as folder:
        output = os.path.join(folder, "poster.jpg")
        error = ""
        for at in ("1", "0"):
            command = [
                ffmpeg, "-nostdin", "-v", "error", "-y", "-ss", at, "-i", video_path,
                "-frames:v", "1", "-vf", "scale='min(1280,iw)':-2", "-q:v", "3", output,
            ]  # fmt: skip
            try:
                result = subprocess.run(
                    command, capture_output=True, timeout=rules.FFMPEG_TIMEOUT_SECONDS, check=False
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                return None, f"ffmpeg n'a pas abouti : {exc}"
            if result.returncode == 0 and os.path.exists(output) and os.path.getsize(output):
                with open(output, "rb") as handle:
                    return handle.read(), ""
            error = result.stderr.decode("utf-8", "replace")[-500:] or "aucune image produite"
        return None, error


@task()
def make_poster(experience_id: int) -> None:
    from .models import Experience
    from .services import record_poster

    experience = Experience.objects.filter(pk=experience_id).first()
    if experience is None or not experience.video:
        return
    try:
        path = experience.video.path
    except NotImplementedError:  # a storage without local paths: copy the video first
        with tempfile.NamedTemporaryFile(suffix=".video", delete=False) as copy:
            with experience.video.open("rb") as source:
                for chunk in source.chunks():
                    copy.write(chunk)
            path = copy.name
    image, error = grab_frame(path)
    record_poster(experience_id=experience_id, image=image, error=error)
