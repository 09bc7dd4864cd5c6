"""Checks and re-encodes a photo a customer uploads.

Every photo is decoded and written again as a JPEG of at most
:data:`MAX_SIDE` pixels on its longest side, turned upright by its EXIF
orientation and stored without any metadata: no location, no camera serial.
Before decoding, the byte size and the pixel size (read from the header) are
checked, so that a small file that would expand to gigabytes of pixels (a
decompression bomb) is refused without being decoded.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

#: Longest side of a stored photo, in pixels (the phone sends this already).
MAX_SIDE = 2048
#: Largest upload accepted, in bytes, checked before decoding.
MAX_BYTES = 15 * 1024 * 1024
#: Most pixels of an upload (width x height), checked before decoding.
MAX_PIXELS = 50_000_000
#: Most photos of one report.
MAX_PHOTOS = 40
#: Formats accepted from a phone or a camera.
FORMATS = ("JPEG", "PNG", "WEBP", "MPO")
JPEG_QUALITY = 85


class PhotoError(ValueError):
    """An upload that is not an acceptable photo. ``code`` says why:
    ``empty``, ``too_large``, ``not_image``, ``format``, ``too_many_pixels``,
    ``broken``, ``too_many``."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Photo:
    data: bytes
    width: int
    height: int


def normalize(data: bytes, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> Photo:
    """The upload ``data`` as a clean JPEG, or :class:`PhotoError`."""
    if not data:
        raise PhotoError("empty")
    if len(data) > max_bytes:
        raise PhotoError("too_large", limit=max_bytes)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS:
                raise PhotoError("format", format=image.format)
            width, height = image.size
            if width * height > max_pixels or not width or not height:
                raise PhotoError("too_many_pixels", limit=max_pixels)
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright = upright.convert("RGB")
    except PhotoError:
        raise
    except UnidentifiedImageError as error:
        raise PhotoError("not_image") from error
    except Image.DecompressionBombError as error:
        # Pillow's own limit, met when opening a header of far too many pixels
        raise PhotoError("too_many_pixels", limit=max_pixels) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoError("broken") from error
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # no exif=, no icc_profile=: nothing of the original's metadata is written
    upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return Photo(out.getvalue(), upright.width, upright.height)


#: Longest side of the thumbnail the customer sees of an uploaded photo.
THUMBNAIL_SIDE = 320


def thumbnail(data: bytes) -> bytes:
    """A small JPEG of a stored photo (one :func:`normalize` wrote)."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        small = image.convert("RGB")
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    out = io.BytesIO()
    small.save(out, "JPEG", quality=75)
    return out.getvalue()
