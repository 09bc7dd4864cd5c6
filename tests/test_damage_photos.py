"""Pure tests of workshop_damage_report/core/photos.py: the server's checks
and re-encoding of a customer's photo (no Odoo)."""

import importlib.util
import io
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
_SPEC = importlib.util.spec_from_file_location(
    "damage_report_photos", ROOT / "workshop_damage_report" / "core" / "photos.py"
)
photos = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(photos)

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(width=300, height=200, orientation=6):
    """A JPEG with a GPS position and an orientation tag (turned 90° clockwise)."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 1.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(width, height, colour=(255, 255, 255)):
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG", optimize=True)
    return out.getvalue()


def bomb():
    """A small PNG of 20000 x 20000 px of one colour (400 megapixels)."""
    out = io.BytesIO()
    Image.new("1", (20000, 20000), 0).save(out, "PNG", optimize=True)
    return out.getvalue()


def test_a_good_photo_comes_out_upright_without_metadata():
    data = jpeg_with_gps()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(GPS_IFD)
    photo = photos.normalize(data)
    with Image.open(io.BytesIO(photo.data)) as image:
        assert image.format == "JPEG"
        assert (image.width, image.height) == (200, 300), "turned upright by its orientation"
        assert not image.getexif(), "no EXIF at all: no position, no orientation, no maker"
        assert "exif" not in image.info
        assert "icc_profile" not in image.info
    assert (photo.width, photo.height) == (200, 300)


def test_a_large_photo_is_reduced_to_the_longest_side():
    photo = photos.normalize(png(4000, 1000))
    assert max(photo.width, photo.height) == photos.MAX_SIDE
    assert photo.height == 512


def test_not_an_image_is_refused():
    with pytest.raises(photos.PhotoError) as caught:
        photos.normalize(b"%PDF-1.4 this is no photo")
    assert caught.value.code == "not_image"


def test_an_empty_file_is_refused():
    with pytest.raises(photos.PhotoError) as caught:
        photos.normalize(b"")
    assert caught.value.code == "empty"


def test_a_decompression_bomb_is_refused_before_decoding():
    data = bomb()
    assert len(data) < 200_000, "a small file..."
    with pytest.raises(photos.PhotoError) as caught:
        photos.normalize(data)
    assert caught.value.code == "too_many_pixels"


def test_a_too_large_file_is_refused_by_its_size():
    with pytest.raises(photos.PhotoError) as caught:
        photos.normalize(png(10, 10), max_bytes=50)
    assert caught.value.code == "too_large"
    assert caught.value.params["limit"] == 50


def test_a_format_not_taken_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(photos.PhotoError) as caught:
        photos.normalize(out.getvalue())
    assert caught.value.code == "format"


def test_a_truncated_photo_is_refused():
    data = jpeg_with_gps(800, 600)
    with pytest.raises(photos.PhotoError) as caught:
        photos.normalize(data[: len(data) // 2])
    assert caught.value.code == "broken"


def test_the_thumbnail_is_small():
    photo = photos.normalize(png(2000, 1000))
    with Image.open(io.BytesIO(photos.thumbnail(photo.data))) as small:
        assert max(small.size) == photos.THUMBNAIL_SIDE
        assert small.format == "JPEG"
