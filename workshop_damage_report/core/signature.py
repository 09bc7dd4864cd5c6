"""Checks a signature the customer drew on screen.

The signature pad of the web app sends a PNG. Before it goes into a signed
form's PDF it is checked here: a PNG (by its content, not its name), at most
:data:`MAX_BYTES`, with a pixel size a signature pad produces, and whole: every chunk with
its checksum up to the end chunk (a truncated file is refused even where
Pillow is told to load truncated images, as Odoo does).
"""

import io

from PIL import Image, UnidentifiedImageError

#: Largest signature accepted, in bytes.
MAX_BYTES = 1024 * 1024
#: Smallest side of a signature, in pixels (a pad is never smaller).
MIN_SIDE = 20
#: Largest side of a signature, in pixels (a phone screen at 4x).
MAX_SIDE = 4096

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class SignatureError(ValueError):
    """A signature that cannot be accepted. ``code`` says why: ``empty``,
    ``too_large``, ``not_png``, ``size``, ``broken``."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def check_png(data: bytes) -> tuple[int, int]:
    """The (width, height) of the signature ``data``, or :class:`SignatureError`."""
    if not data:
        raise SignatureError("empty")
    if len(data) > MAX_BYTES:
        raise SignatureError("too_large", limit=MAX_BYTES)
    if not data.startswith(PNG_MAGIC):
        raise SignatureError("not_png")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise SignatureError("not_png")
            width, height = image.size
            if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
                raise SignatureError("size", width=width, height=height)
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except SignatureError:
        raise
    except UnidentifiedImageError as error:
        raise SignatureError("not_png") from error
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise SignatureError("broken") from error
    return width, height
