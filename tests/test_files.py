"""Tests of ig_soom_dra.core.files: checks of embedded documents, without Odoo."""

import io
import random
import struct
import tracemalloc
import warnings
import zlib
from pathlib import Path

import pytest
from PIL import Image

from ig_soom_dra.core.dra import parse_dra
from ig_soom_dra.core.files import (
    DEFAULT_MAX_PIXELS,
    ImageInfo,
    inspect_image,
    is_active_content,
    looks_like_pdf,
    may_show_inline,
    safe_filename,
)

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------
# safe_filename
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("202019362Reparaturauftrag.pdf", "202019362Reparaturauftrag.pdf"),
        ("Foto vom Schaden (1).jpg", "Foto vom Schaden (1).jpg"),
        ("Müller – Gutachten.pdf", "Müller – Gutachten.pdf"),
        ("../../etc/passwd", "passwd"),
        ("/etc/passwd", "passwd"),
        ("C:\\x\\y.pdf", "y.pdf"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("a/b\\c/d.png", "d.png"),
        ("bilder/", None),
        ("..", None),
        (".", None),
        ("...", None),
        (".htaccess", "htaccess"),
        ("  . . name.pdf", "name.pdf"),
        ("name.pdf  ", "name.pdf"),
        ("a\x00b.pdf", "ab.pdf"),
        ("a\r\nb.pdf", "a b.pdf"),
        ("a\t\tb   c.pdf", "a b c.pdf"),
        ("\x1b[31mrot.pdf", "[31mrot.pdf"),
        ("a\x7f\x85\x9fb.pdf", "a b.pdf"),  # DEL, NEL (a line break) and C1
        ("rechnung\u202efdp.exe", "rechnungfdp.exe"),  # right-to-left override
        ("zero\u200bwidth.pdf", "zerowidth.pdf"),
        ("a \x00 b.pdf", "a b.pdf"),
        ("\ud800.pdf", "pdf"),  # a lone surrogate, then the leading dot
        ("", None),
        (None, None),
        ("   ", None),
        ("\x00\x01", None),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


@pytest.mark.parametrize(
    ("name", "max_length", "expected"),
    [
        ("x" * 300 + ".pdf", 255, "x" * 251 + ".pdf"),
        ("x" * 255, 255, "x" * 255),
        ("x" * 256, 255, "x" * 255),
        ("abcdefghijkl.pdf", 10, "abcdef.pdf"),
        ("abc def ghi.jpeg", 9, "abc.jpeg"),  # no blank before the extension
        ("abcdef.pdf", 4, "abcd"),  # no room for the extension
        ("abcdef.pdf", 5, "a.pdf"),
        ("name.with a blank", 8, "name.wit"),  # not an extension
        ("a." + "b" * 20, 10, "a.bbbbbbbb"),  # too long for an extension
        ("short.pdf", 255, "short.pdf"),
    ],
)
def test_safe_filename_is_cut_keeping_the_extension(name, max_length, expected):
    assert safe_filename(name, max_length) == expected


def test_safe_filename_of_random_names():
    alphabet = "ab.-_ /\\\x00\x01\n\r\t\x7f\x85\u202e\u200bäß€:"
    rng = random.Random(7)
    for _ in range(2000):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        max_length = rng.randrange(1, 30)
        safe = safe_filename(name, max_length)
        if safe is None:
            continue
        assert 0 < len(safe) <= max_length
        assert not {"/", "\\", "\x00", "\x01", "\n", "\r", "\t", "\x7f", "\x85", "\u202e"} & set(
            safe
        )
        assert not safe.startswith((".", " ")) and not safe.endswith(" ")
        assert "  " not in safe
        assert safe_filename(safe, max_length) == safe


# --------------------------------------------------------------------------
# looks_like_pdf, is_active_content
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", True),
        (b"\xef\xbb\xbf\r\n%PDF-1.7", True),
        (b"x" * 1019 + b"%PDF-", True),
        (b"x" * 1020 + b"%PDF-", False),
        (b"%PDF", False),
        (b"%pdf-1.4", False),
        (b"", False),
        (b"\x89PNG\r\n\x1a\n", False),
        (b"<html>%PDF-1.4</html>", True),  # within the header window
    ],
)
def test_looks_like_pdf(content, expected):
    assert looks_like_pdf(content) is expected


@pytest.mark.parametrize(
    ("mimetype", "filename", "expected"),
    [
        ("application/pdf", "vereinbarung.pdf", True),
        ("image/jpeg; charset=binary", "foto.JPG", True),
        ("text/plain", "notiz.txt", True),
        ("text/plain", "KSR202019362.xml", False),
        ("text/html", "seite.txt", False),
        ("text/html,", "seite.txt", False),
        ("image/svg+xml", "bild.png", False),
        ("application/octet-stream", "daten.bin", False),
        ("image/png", "bild.svg", False),
        (None, "foto.png", False),
    ],
)
def test_may_show_inline(mimetype, filename, expected):
    assert may_show_inline(mimetype, filename) is expected


def test_the_sample_pdfs_look_like_pdfs():
    document = parse_dra((ROOT / "sample_files/KSR202019362.xml").read_bytes())
    assert all(looks_like_pdf(item.content) for item in document.attachments)


@pytest.mark.parametrize(
    ("mimetype", "filename", "expected"),
    [
        ("text/html", None, True),
        ("Text/HTML; charset=utf-8", "seite.txt", True),
        ("application/xhtml+xml", None, True),
        ("image/svg+xml", "bild.png", True),
        ("application/rss+xml", None, True),
        ("text/xml", None, True),
        ("application/xml", None, True),
        ("text/xsl", None, True),
        ("text/javascript", None, True),
        ("application/javascript", None, True),
        ("application/x-javascript", None, True),
        ("application/ecmascript", None, True),
        ("application/x-shockwave-flash", None, True),
        ("multipart/related", None, True),
        (None, "seite.html", True),
        ("application/octet-stream", "SEITE.HTM", True),
        ("application/pdf", "bild.svg", True),
        ("image/png", "bild.svgz", True),
        (None, "a.xhtml", True),
        (None, "a.shtml", True),
        (None, "a.xml", True),
        (None, "a.xsl", True),
        (None, "a.js", True),
        (None, "a.mjs", True),
        (None, "a.mht", True),
        (None, "a.html.", True),  # Windows drops the trailing dot
        (None, "a.html ", True),
        ("application/pdf", "gutachten.pdf", False),
        ("image/jpeg", "foto.jpg", False),
        ("image/png", "svg.png", False),
        ("text/plain", "html", False),
        ("text/plain", "a.html.txt", False),
        ("application/octet-stream", None, False),
        (None, None, False),
        ("", "", False),
    ],
)
def test_is_active_content(mimetype, filename, expected):
    assert is_active_content(mimetype, filename) is expected


# --------------------------------------------------------------------------
# inspect_image
# --------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_of_zeros(width: int, height: int) -> bytes:
    """Return a black 1-bit PNG, compressed row by row: never the whole image
    in memory, however large."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A 15000 x 15000 PNG of 27 KB: 225 megapixels once decoded."""
    data = png_of_zeros(15000, 15000)
    assert len(data) < 30_000
    return data


def gif(screen: tuple[int, int], frame: tuple[int, int], *, palette: bool = False) -> bytes:
    """Return a GIF with one frame (of one pixel of data) in a comment."""
    flags = 0x80 if palette else 0
    return (
        b"GIF89a"
        + struct.pack("<HHBBB", *screen, flags, 0, 0)
        + (b"\0" * 6 if palette else b"")
        + b"!\xfe\x03abc\x00"  # a comment extension
        + b","
        + struct.pack("<HHHHB", 0, 0, *frame, 0)
        + b"\x02\x02\x4c\x01\x00;"
    )


def saved(format_name: str, size=(30, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format_name)
    return buffer.getvalue()


@pytest.mark.parametrize("format_name", ["PNG", "JPEG", "GIF", "BMP", "TIFF"])
def test_inspect_image(format_name):
    assert inspect_image(saved(format_name)) == ImageInfo(
        width=30, height=20, pixels=600, readable=True, too_large=False
    )


def test_inspect_image_limit():
    assert DEFAULT_MAX_PIXELS == 40_000_000
    assert inspect_image(saved("PNG"), max_pixels=600).too_large is False
    assert inspect_image(saved("PNG"), max_pixels=599) == ImageInfo(
        width=30, height=20, pixels=600, readable=True, too_large=True
    )


def test_the_sample_photos_are_readable_images():
    document = parse_dra((ROOT / "sample_files/KSR202019900.xml").read_bytes())
    photos = [item for item in document.attachments if item.type == "Bild"]
    for photo in photos:
        info = inspect_image(photo.content)
        assert info.readable and not info.too_large and info.pixels > 0


def test_decompression_bomb_is_too_large_in_little_memory(bomb):
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(bomb))  # what Pillow itself does with it
    limit = Image.MAX_IMAGE_PIXELS
    tracemalloc.start()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        info = inspect_image(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert info == ImageInfo(
        width=15000, height=15000, pixels=225_000_000, readable=True, too_large=True
    )
    assert peak < 2_000_000
    assert limit == Image.MAX_IMAGE_PIXELS


def test_no_decompression_bomb_warning(recwarn):
    """100 megapixels: more than Pillow's own limit, less than twice it."""
    data = png_of_zeros(10000, 10000)
    assert inspect_image(data).too_large
    assert inspect_image(data, max_pixels=200_000_000) == ImageInfo(
        width=10000, height=10000, pixels=100_000_000, readable=True, too_large=False
    )
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


@pytest.mark.parametrize("frame", [(10000, 10000), (20000, 20000)])
@pytest.mark.parametrize("palette", [False, True])
def test_gif_frame_beyond_its_screen(frame, palette, recwarn):
    """Pillow grows such a GIF to its frame and checks it by its own limit."""
    data = gif((1, 1), frame, palette=palette)
    assert inspect_image(data) == ImageInfo(
        width=frame[0],
        height=frame[1],
        pixels=frame[0] * frame[1],
        readable=True,
        too_large=True,
    )
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


def test_gif_frame_within_its_screen():
    assert inspect_image(gif((40, 30), (10, 10), palette=True)) == ImageInfo(
        width=40, height=30, pixels=1200, readable=True, too_large=False
    )


def test_damaged_png_is_not_readable(bomb):
    png = saved("PNG")
    assert inspect_image(png[:20]) == ImageInfo()  # header cut
    cut = inspect_image(png[:-20])  # pixel data cut
    assert (cut.width, cut.height, cut.readable) == (30, 20, False)
    broken = bytearray(bomb)
    broken[100] ^= 0xFF  # checksum of the pixel data wrong
    assert inspect_image(bytes(broken)).readable is False


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"garbage" * 100,
        b"%PDF-1.4\n" + b"x" * 100,
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff",
        b"GIF89a\x01",
        b"BM" + b"\0" * 10,
    ],
)
def test_garbage_is_not_readable(content):
    assert inspect_image(content) == ImageInfo()


def test_random_bytes_are_not_readable():
    rng = random.Random(11)
    for _ in range(300):
        content = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 200)))
        assert inspect_image(content).readable is False


@pytest.mark.parametrize("format_name", ["WEBP", "ICO", "PPM"])
def test_other_formats_are_not_read(format_name):
    """Pillow decodes WebP and ICO images to open them."""
    assert inspect_image(saved(format_name, (16, 16))) == ImageInfo()
