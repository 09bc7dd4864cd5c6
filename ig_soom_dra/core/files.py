"""Checks of the documents embedded in a DRA file, before they are stored.

An attachment of a DRA file comes with a file name, a MIME type and bytes
that the producing program chose; none of them can be trusted:

* :func:`safe_filename` turns the name into one that may be stored and
  offered for download (no directories, no control characters, bounded
  length);
* :func:`looks_like_pdf` tells whether bytes start like a PDF;
* :func:`is_active_content` tells whether a browser would render or execute
  the content (HTML, SVG, XML, JavaScript), by MIME type or by extension;
* :func:`inspect_image` reads the size of an image from its header only, so
  that a decompression bomb is recognised without decoding a pixel.

Pillow's global settings (such as ``Image.MAX_IMAGE_PIXELS``) are left as
they are, and its decompression bomb check is not used: the caller states
its own limit.

This module must not import Odoo: it is used and tested without it.
"""

import io
import re
import struct
import unicodedata
from dataclasses import dataclass

from PIL import Image

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "ImageInfo",
    "inspect_image",
    "is_active_content",
    "looks_like_pdf",
    "safe_filename",
]

#: Largest image :func:`inspect_image` accepts unless told otherwise
#: (40 megapixels).
DEFAULT_MAX_PIXELS = 40_000_000

# --------------------------------------------------------------------------
# File names
# --------------------------------------------------------------------------

_DIRECTORY_SEPARATORS = re.compile(r"[/\\]")
# Control, format (e.g. right-to-left override) and surrogate characters.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
# An extension kept when a name is shortened: up to 16 characters, no blank.
_EXTENSION = re.compile(r"\.[^.\s]{1,16}\Z")


def safe_filename(name: str | None, max_length: int = 255) -> str | None:
    """Return the file name of an embedded document as it may be stored.

    Directory parts are dropped, for ``/`` and ``\\`` alike
    ("../../etc/passwd" -> "passwd", "C:\\x\\y.pdf" -> "y.pdf"); control
    and other invisible characters (NUL, right-to-left override) are
    removed; white space becomes single blanks; leading dots and blanks are
    stripped, so the name is never hidden nor "." or "..". A name longer
    than ``max_length`` characters is cut, keeping its extension when it
    has one. Returns None when nothing is left.
    """
    if not name:
        return None
    base = _DIRECTORY_SEPARATORS.split(name)[-1]
    visible = "".join(
        char
        for char in base
        if char.isspace() or unicodedata.category(char) not in _INVISIBLE_CATEGORIES
    )
    text = " ".join(visible.split()).lstrip(". ")
    if len(text) > max_length:
        extension = _EXTENSION.search(text)
        suffix = extension.group() if extension and len(extension.group()) < max_length else ""
        text = text[: max_length - len(suffix)].rstrip() + suffix
    return text or None


# --------------------------------------------------------------------------
# Content types
# --------------------------------------------------------------------------

_PDF_HEADER = b"%PDF-"
# Where a PDF reader looks for the header.
_PDF_HEADER_WINDOW = 1024

_ACTIVE_MIMETYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/xsl",
        "application/xslt+xml",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "text/ecmascript",
        "application/ecmascript",
        "text/x-javascript",
        "application/x-shockwave-flash",
        "multipart/related",
        "application/x-mimearchive",
        "application/hta",
    }
)
_ACTIVE_EXTENSIONS = frozenset(
    {
        "html",
        "htm",
        "xhtml",
        "xht",
        "shtml",
        "shtm",
        "mht",
        "mhtml",
        "hta",
        "svg",
        "svgz",
        "xml",
        "xsl",
        "xslt",
        "rss",
        "atom",
        "js",
        "mjs",
        "cjs",
        "swf",
    }
)


def looks_like_pdf(content: bytes) -> bool:
    """Tell whether ``content`` has the PDF header ``%PDF-`` within its first
    1024 bytes, where PDF readers look for it."""
    return _PDF_HEADER in content[:_PDF_HEADER_WINDOW]


def is_active_content(mimetype: str | None, filename: str | None) -> bool:
    """Tell whether a browser would render or execute the content as a page
    or a script: HTML, XHTML, SVG, XML and XSL, JavaScript, web archives,
    Flash.

    By the MIME type (case and parameters such as ``charset`` ignored; any
    ``+xml`` type counts) or by the extension of the file name (case,
    trailing dots and blanks ignored): either one suffices.
    """
    kind = (mimetype or "").split(";")[0].strip().lower()
    if kind in _ACTIVE_MIMETYPES or kind.endswith("+xml"):
        return True
    name = (filename or "").rstrip(". ")
    return "." in name and name.rpartition(".")[2].lower() in _ACTIVE_EXTENSIONS


#: Types a browser may show inline from the workshop's server: documents and
#: images that run nothing. Everything else is served as a download.
INLINE_MIMETYPES = frozenset(
    {
        "application/pdf",
        "image/bmp",
        "image/gif",
        "image/jpeg",
        "image/png",
        "image/tiff",
        "image/webp",
        "text/plain",
    }
)


def may_show_inline(mimetype: str | None, filename: str | None) -> bool:
    """Tell whether a document may be shown in the browser rather than downloaded.

    Only the types of :data:`INLINE_MIMETYPES`, exactly (parameters such as
    ``charset`` ignored), and never a file whose name says it is active
    content (:func:`is_active_content`).
    """
    kind = (mimetype or "").split(";")[0].strip().lower()
    return kind in INLINE_MIMETYPES and not is_active_content(None, filename)


# --------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What :func:`inspect_image` found in the header of an image.

    ``width``, ``height`` and ``pixels`` are None when unknown; ``readable``
    says whether the header of a known format was read whole; ``too_large``
    whether the image has more pixels than allowed.
    """

    width: int | None = None
    height: int | None = None
    pixels: int | None = None
    readable: bool = False
    too_large: bool = False


# Formats whose header Pillow reads without decoding the pixels (it decodes
# an ICO or a WebP image as soon as it opens it).
_IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF")
_GIF_SIGNATURES = (b"GIF87a", b"GIF89a")
_GIF_EXTENSION = 0x21
_GIF_IMAGE = 0x2C
_GIF_END = 0x3B


def _gif_grown_size(content: bytes) -> tuple[int, int] | None:
    """Return the size of a GIF whose first frame reaches beyond its screen.

    Pillow grows such an image to hold the frame and checks the grown size
    against its global limit when it opens it, so this module reads it
    itself, as Pillow does. None for any other data.
    """
    if not content.startswith(_GIF_SIGNATURES) or len(content) < 13:
        return None
    width, height, flags = struct.unpack_from("<HHB", content, 6)
    position = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while position < len(content):
        block = content[position]
        if block == _GIF_END:
            return None
        if block == _GIF_EXTENSION:  # label, then sub-blocks up to an empty one
            position += 2
            while position < len(content) and content[position]:
                position += content[position] + 1
        elif block == _GIF_IMAGE:
            if position + 9 > len(content):
                return None
            left, top, frame_width, frame_height = struct.unpack_from("<4H", content, position + 1)
            grown = max(width, left + frame_width), max(height, top + frame_height)
            return grown if grown != (width, height) else None
        position += 1
    return None


def _open_header(content: bytes) -> Image.Image | None:
    """Open the image with the first format of ``_IMAGE_FORMATS`` that
    accepts it, reading its header only; None when none does.

    Does what ``Image.open`` does, without its decompression bomb check,
    which warns or raises by the global ``Image.MAX_IMAGE_PIXELS``: the
    caller compares the size with its own limit.
    """
    Image.init()
    prefix = content[:16]
    for name in _IMAGE_FORMATS:
        factory, accept = Image.OPEN[name]
        try:
            if accept(prefix):
                return factory(io.BytesIO(content), "")
        except Exception:  # any failure means "not this format"
            continue
    return None


def _verified(image: Image.Image) -> bool:
    """Tell whether the image passes Pillow's check of its file, which reads
    the chunks and checksums of a PNG without inflating them (and checks
    nothing in the other formats)."""
    try:
        image.verify()
    except Exception:  # any failure means "damaged"
        return False
    return True


def inspect_image(content: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageInfo:
    """Read the size of an image from its header, never decoding its pixels.

    ``readable`` is True for a PNG, JPEG, GIF, BMP or TIFF image whose header
    is complete; for a PNG, its chunks must also be complete and their
    checksums right. Other formats, WebP and ICO among them, are not read:
    Pillow would decode them to tell their size. ``too_large`` is True for
    an image of more than ``max_pixels`` pixels, such as a decompression
    bomb: a small file that would take gigabytes once decoded. Pillow's
    ``DecompressionBombError`` and ``DecompressionBombWarning`` never
    occur: its limit is not consulted.
    """
    grown = _gif_grown_size(content)
    if grown:
        (width, height), readable = grown, True
    else:
        image = _open_header(content)
        if image is None:
            return ImageInfo()
        with image:
            width, height = image.size
            readable = _verified(image)
    pixels = width * height
    return ImageInfo(
        width=width,
        height=height,
        pixels=pixels,
        readable=readable,
        too_large=pixels > max_pixels,
    )
