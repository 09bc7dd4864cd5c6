"""The check of a drawn signature (``workshop_damage_report.core.signature``)."""

import io

import pytest
from PIL import Image, ImageDraw, ImageFile

from workshop_damage_report.core import signature


def png(width=600, height=200, mode="RGBA", **save):
    image = Image.new(mode, (width, height))
    ImageDraw.Draw(image).line([(10, 10), (width - 10, height - 10)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG", **save)
    return out.getvalue()


def test_accepts_a_signature_pad_png():
    assert signature.check_png(png()) == (600, 200)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"GIF89a...", "not_png"),
        (png()[:100], "broken"),
        (png(10, 10), "size"),
        (png(5000, 300), "size"),
    ],
)
def test_refuses(data, code):
    with pytest.raises(signature.SignatureError) as error:
        signature.check_png(data)
    assert error.value.code == code


def test_refuses_a_truncated_png_even_when_truncated_images_load(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = png()
    for size in (100, len(data) // 2, len(data) - 12):
        with pytest.raises(signature.SignatureError) as error:
            signature.check_png(data[:size])
        assert error.value.code == "broken"


def test_refuses_a_jpeg_even_named_png():
    out = io.BytesIO()
    Image.new("RGB", (400, 150), "white").save(out, "JPEG")
    with pytest.raises(signature.SignatureError) as error:
        signature.check_png(out.getvalue())
    assert error.value.code == "not_png"


def test_refuses_more_than_a_megabyte():
    noise = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11719 + bytes(236))
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=0)
    assert len(out.getvalue()) > signature.MAX_BYTES
    with pytest.raises(signature.SignatureError) as error:
        signature.check_png(out.getvalue())
    assert error.value.code == "too_large"
