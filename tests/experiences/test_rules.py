"""Pure rules: byte ranges (RFC 9110 § 14), WebVTT captions, accepted file types."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.experiences import rules
from maillage.experiences.rules import ByteRange, Unsatisfiable, parse_range


@pytest.mark.parametrize(
    "header, size, expected",
    [
        (None, 10, None),
        ("", 10, None),
        ("bytes=0-3", 10, ByteRange(0, 3)),
        ("bytes=4-", 10, ByteRange(4, 9)),
        ("bytes=-3", 10, ByteRange(7, 9)),
        ("bytes=-30", 10, ByteRange(0, 9)),
        ("bytes=5-500", 10, ByteRange(5, 9)),
        ("bytes=0-0", 1, ByteRange(0, 0)),
        ("bytes=0-1,4-5", 10, None),  # several ranges: the whole file
        ("bytes=5-2", 10, None),  # invalid: ignored
        ("items=0-3", 10, None),
        ("bytes=-", 10, None),
    ],
)
def test_a_range_header_gives_the_part_to_send(header, size, expected):
    assert parse_range(header, size) == expected


@pytest.mark.parametrize("header, size", [("bytes=10-", 10), ("bytes=-0", 10), ("bytes=0-", 0)])
def test_a_range_past_the_end_is_unsatisfiable(header, size):
    with pytest.raises(Unsatisfiable):
        parse_range(header, size)


@settings(deadline=None)  # a pure function; the machine may be busy
@given(size=st.integers(1, 10**9), a=st.integers(0, 2 * 10**9), b=st.integers(0, 2 * 10**9))
def test_a_satisfiable_range_always_lies_inside_the_file(size, a, b):
    try:
        wanted = parse_range(f"bytes={a}-{b}", size)
    except Unsatisfiable:
        assert a >= size
        return
    if wanted is not None:
        assert 0 <= wanted.start <= wanted.end < size
        assert wanted.length == wanted.end - wanted.start + 1
        assert wanted.content_range(size).endswith(f"/{size}")


@pytest.mark.parametrize(
    "content, accepted",
    [
        (b"WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n", True),
        (b"WEBVTT - Conseil du 3 mars\r\n\r\n", True),
        ("\ufeffWEBVTT\n".encode(), True),
        (b"WEBVTT", True),
        (b"WEBVTTX\n", False),
        (b"webvtt\n", False),
        (b"1\n00:00:00,000 --> 00:00:01,000\nSRT\n", False),
        ("WEBVTT\n\nÉté".encode("latin-1"), False),
        (b"WEBVTT\n\x00", False),
        (b"", False),
    ],
)
def test_only_webvtt_in_utf8_is_accepted_as_captions(content, accepted):
    assert (rules.check_captions(content) is None) is accepted


def test_captions_over_the_limit_are_refused():
    assert "dépasse" in rules.check_captions(b"WEBVTT\n" + b"a" * rules.CAPTIONS_MAX_BYTES)


@pytest.mark.parametrize(
    "mime, size, accepted",
    [
        ("video/mp4", 1000, True),
        ("video/quicktime", 1000, True),
        ("video/webm", rules.VIDEO_MAX_BYTES, True),
        ("video/webm", rules.VIDEO_MAX_BYTES + 1, False),
        ("video/x-msvideo", 1000, False),
        ("application/pdf", 1000, False),
        (None, 1000, False),
    ],
)
def test_videos_are_accepted_by_real_type_and_size(mime, size, accepted):
    assert (rules.check_video(mime, size) is None) is accepted


@pytest.mark.parametrize(
    "mime, size, accepted",
    [
        ("image/jpeg", 1000, True),
        ("image/webp", rules.PHOTO_MAX_BYTES + 1, False),
        ("image/gif", 1000, False),
        ("image/svg+xml", 1000, False),
    ],
)
def test_photos_are_accepted_by_real_type_and_size(mime, size, accepted):
    assert (rules.check_photo(mime, size) is None) is accepted
