"""Print an order's documents, each followed by a page with the order's barcode.

The workshop prints the service agreement and the other documents of an IG
order, the customer signs them, and the signed paper is scanned back. The
page after each document carries a Code 128 barcode, the order reference in
plain text and the order's key data, so that the scan can be filed to the
right order, by :mod:`.scan` or by a person.

What the barcode encodes (:func:`barcode_payload`): the order reference, then
:data:`CODE_SEPARATOR` and the short code of the document's DRA type
(:data:`DOCUMENT_CODES`, "LV" for the service agreement; empty for a
document without a type), then :data:`CODE_SEPARATOR` and the number of
pages of the document, e.g. ``WH/RO/00012|LV|2``: the scan finds by it the
pages of a document whose barcode page could not be read. Pages printed
before the page count carry ``WH/RO/00012|LV`` (or the reference alone for a
document without a type), pages printed before the codes the reference
alone; they are read as documents of unknown length, the latter of unknown
type too. :func:`parse_payload` reads all three.

* :func:`barcode_page`: the barcode page alone, a one-page PDF;
* :func:`image_to_pdf`: a PNG or JPEG image as a one-page PDF, for photos
  attached to the order;
* :func:`documents_with_barcode`: the documents (PDFs and images) in order,
  each followed by its barcode page, as one PDF.

The bars come from python-barcode (the Code 128 module pattern) and are drawn
as vector rectangles with ReportLab's canvas; pypdf reads the documents and
writes the result. Text is set in the PDF standard font Helvetica, which
covers the German letters (ä ö ü ß); characters outside its encoding are
replaced by their base letter ("ś" by "s") or by "?".

The module imports nothing from Odoo: it runs, and is tested, without it.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from typing import Any, NamedTuple

from barcode.charsets import code128 as code128_charset
from barcode.codex import Code128
from barcode.errors import BarcodeError
from PIL import ExifTags, Image, ImageOps
from pypdf import PageObject, PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from .files import inspect_image

#: Mimetypes of the images :func:`image_to_pdf` converts, with their Pillow format.
IMAGE_MIMETYPES = {"image/png": "PNG", "image/jpeg": "JPEG"}
#: Mimetype of the PDF documents :func:`documents_with_barcode` appends.
PDF_MIMETYPE = "application/pdf"

#: Light margins ("quiet zones") left and right of the bars, in modules.
QUIET_ZONE_MODULES = 10
#: Height of the bars.
BAR_HEIGHT = 30 * mm
#: Narrowest module (bar unit) that is still printed and scanned reliably.
MIN_MODULE_WIDTH = 0.3 * mm
#: Page margin of the barcode page and of the image pages.
MARGIN = 20 * mm

_FONT = "Helvetica"
_BOLD_FONT = "Helvetica-Bold"
_TITLE_SIZE = 18
_REFERENCE_SIZE = 22
_TEXT_SIZE = 11
_LEADING = 15
_LABEL_WIDTH = 55 * mm
_GUTTER = 4 * mm
_MAX_VALUE_LINES = 3
#: Where a PDF file may start at the latest (as readers tolerate it).
_PDF_HEADER_WINDOW = 1024
#: Letters without a Unicode decomposition and their base letter.
_BASE_LETTERS = str.maketrans("ŁłĐđıĦħ", "LlDdiHh")

#: Between the order reference and the document code in a barcode.
CODE_SEPARATOR = "|"
#: Short code of each DRA document type in a barcode, and back.
DOCUMENT_CODES = {
    "Leistungsvereinbarung": "LV",
    "Checkliste": "CL",
    "Auftragsformular": "AF",
    "Bild": "BI",
    "Gutachten": "GA",
    "Kostenvoranschlag": "KV",
    "Rechnung": "RE",
    "Sonstiges": "SO",
}
DOCUMENT_TYPES_BY_CODE = {code: kind for kind, code in DOCUMENT_CODES.items()}


class PdfError(ValueError):
    """A document cannot be printed with a barcode page.

    ``code`` is a short stable identifier of the reason, for the caller to
    pick a translated message; ``details`` holds the values that message may
    need; ``str(error)`` is an English message. Codes and their details:

    =====================  =================================================
    ``not_pdf``            the data is not a PDF file; ``document``
    ``encrypted``          the PDF is encrypted (password protected);
                           ``document``
    ``damaged``            the PDF cannot be read, or has no page;
                           ``document``, ``reason`` (pypdf's words)
    ``unsupported_image``  the data is not a PNG or JPEG image that can be
                           read; ``document``, ``reason``
    ``invalid_reference``  the reference cannot be a Code 128 barcode on one
                           page (empty, not printable ASCII, or too long);
                           ``reference``
    =====================  =================================================
    """

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.details = details or {}


class _Code128(Code128):
    """python-barcode's Code 128 without the loss of a leading "99".

    python-barcode (0.16 and older) folds "start in charset C, switch to
    charset A or B" into one start code, but also folds a leading data pair
    "99", whose code doubles as the switch to charset C: "9912" became a
    barcode of "12" (python-barcode issue #251). Only a real switch is
    folded here.
    """

    def _try_to_optimize(self, encoded: list[int]) -> list[int]:
        if encoded[1] in (code128_charset.C["TO_A"], code128_charset.C["TO_B"]):
            encoded[:2] = [code128_charset.TO[encoded[1]]]
        return encoded


def code128_modules(reference: str) -> str:
    """Return the Code 128 module pattern of ``reference``.

    One character per module, "1" for a bar and "0" for a space, from the
    start code to the stop pattern, check symbol included and quiet zones
    excluded. Raises :class:`PdfError` ``invalid_reference`` if
    ``reference`` is empty or not printable ASCII.
    """
    if not reference or not all(" " <= char <= "~" for char in reference):
        raise PdfError(
            "invalid_reference",
            f"The reference {reference!r} cannot be a barcode: it must be printable ASCII.",
            {"reference": reference},
        )
    try:
        return _Code128(reference).build()[0]
    except BarcodeError as error:
        raise PdfError(
            "invalid_reference",
            f"The reference {reference!r} cannot be a barcode: {error}.",
            {"reference": reference},
        ) from error


def barcode_payload(
    reference: str, document_type: str | None = None, page_count: int | None = None
) -> str:
    """Return what the barcode after a document of ``document_type`` encodes.

    The order ``reference``, :data:`CODE_SEPARATOR`, the document type's code
    in :data:`DOCUMENT_CODES` (empty for a type without one), and, when
    ``page_count`` (the document's pages) is given, :data:`CODE_SEPARATOR`
    and that number. Without ``page_count``, the payload of the earlier
    prints: the reference and the code, or the reference alone.
    """
    code = DOCUMENT_CODES.get(document_type or "", "")
    if page_count:
        return f"{reference}{CODE_SEPARATOR}{code}{CODE_SEPARATOR}{page_count}"
    return f"{reference}{CODE_SEPARATOR}{code}" if code else reference


class BarcodeMeaning(NamedTuple):
    """What a barcode of :func:`barcode_payload` says (:func:`parse_payload`)."""

    reference: str
    #: The DRA document type; None when the barcode names none.
    document_type: str | None = None
    #: The number of pages of the document; None on pages printed before it.
    page_count: int | None = None


#: A page count in a barcode: 1 to 9999, no leading zero.
_PAGE_COUNT = re.compile(r"[1-9][0-9]{0,3}")


def parse_payload(payload: str) -> BarcodeMeaning:
    """Return the order reference, DRA document type and page count a barcode encodes.

    The inverse of :func:`barcode_payload`, for the prints of every version:
    ``reference|code|pages`` (code possibly empty), ``reference|code`` and
    ``reference`` alone. A suffix that is no known code or page count is
    part of the reference.
    """
    head, separator, count = payload.rpartition(CODE_SEPARATOR)
    if separator and _PAGE_COUNT.fullmatch(count):
        reference, separator, code = head.rpartition(CODE_SEPARATOR)
        if separator and reference and (not code or code in DOCUMENT_TYPES_BY_CODE):
            return BarcodeMeaning(reference, DOCUMENT_TYPES_BY_CODE.get(code), int(count))
    reference, separator, code = payload.rpartition(CODE_SEPARATOR)
    if separator and reference and code in DOCUMENT_TYPES_BY_CODE:
        return BarcodeMeaning(reference, DOCUMENT_TYPES_BY_CODE[code])
    return BarcodeMeaning(payload)


def barcode_page(
    reference: str,
    lines: Sequence[tuple[str, str]],
    *,
    title: str | None = None,
    page_size: tuple[float, float] = A4,
    payload: str | None = None,
) -> bytes:
    """Return a one-page PDF with a Code 128 barcode of ``payload``.

    ``payload`` defaults to ``reference``, which is shown in plain text.

    From the top: ``title`` (if given); the barcode across the width of the
    page between the margins, quiet zones of :data:`QUIET_ZONE_MODULES`
    modules included, :data:`BAR_HEIGHT` high; ``reference`` in large plain
    text (smaller if needed to fit the width); then ``lines``, (label,
    value) pairs in two columns, in the caller's language. A value longer
    than its column wraps over up to three lines, a line break in a value
    becomes a blank, and an empty (or false) value shows as nothing.

    Raises :class:`PdfError` ``invalid_reference`` if ``payload`` cannot
    be a barcode, or has so many characters that its modules would be
    narrower than :data:`MIN_MODULE_WIDTH`; ValueError if ``lines`` do not
    fit on the page.
    """
    width, height = page_size
    usable_width = width - 2 * MARGIN
    modules, module_width = _barcode_modules(payload or reference, usable_width)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page_size, invariant=True, pageCompression=1)
    canvas.setTitle(reference)
    top = height - MARGIN
    if title:
        top -= _TITLE_SIZE
        canvas.setFont(_BOLD_FONT, _TITLE_SIZE)
        canvas.drawString(MARGIN, top, _printable(title))
        top -= 12 * mm
    bars_left = MARGIN + QUIET_ZONE_MODULES * module_width
    bars_bottom = top - BAR_HEIGHT
    _draw_bars(canvas, modules, bars_left, bars_bottom, module_width)
    reference_baseline = bars_bottom - 6 * mm - _REFERENCE_SIZE
    reference_size = min(
        _REFERENCE_SIZE, usable_width / canvas.stringWidth(reference, _BOLD_FONT, 1)
    )
    canvas.setFont(_BOLD_FONT, reference_size)
    canvas.drawCentredString(width / 2, reference_baseline, reference)
    rule = reference_baseline - 8 * mm
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, rule, width - MARGIN, rule)
    _draw_lines(canvas, lines, rule - 6 * mm - _TEXT_SIZE, usable_width)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def image_to_pdf(data: bytes, *, name: str) -> bytes:
    """Return a one-page PDF showing the PNG or JPEG image ``data``.

    The page is A4, in landscape for a landscape image; the image is turned
    upright by its EXIF orientation, scaled to fit the page within
    :data:`MARGIN` and centred. Transparent parts are shown white. A JPEG
    that needs no turning is embedded as it is, neither decoded again nor
    recompressed.

    Raises :class:`PdfError` ``unsupported_image`` (naming ``name``) if
    ``data`` is not a PNG or JPEG image that can be read, or has more than
    :data:`~.files.DEFAULT_MAX_PIXELS` pixels (it is not decoded then).
    """
    if inspect_image(data).too_large:
        raise PdfError(
            "unsupported_image",
            f"Document {name} is an image too large to be printed.",
            {"document": name, "reason": "too large"},
        )
    try:
        image = Image.open(io.BytesIO(data), formats=tuple(IMAGE_MIMETYPES.values()))
        image.load()
    # Pillow's decoders raise errors of many types on a damaged image.
    except Exception as error:
        raise PdfError(
            "unsupported_image",
            f"Document {name} is not a PNG or JPEG image that can be read: {error}.",
            {"document": name, "reason": str(error)},
        ) from error
    if image.getexif().get(ExifTags.Base.Orientation, 1) != 1:
        image = ImageOps.exif_transpose(image)
        source = ImageReader(_opaque(image))
    elif image.format == "JPEG" and image.mode in ("RGB", "L"):
        source = ImageReader(io.BytesIO(data))
    else:
        source = ImageReader(_opaque(image))
    image_width, image_height = image.size
    page_size = landscape(A4) if image_width > image_height else A4
    scale = min(
        (page_size[0] - 2 * MARGIN) / image_width, (page_size[1] - 2 * MARGIN) / image_height
    )
    shown_width, shown_height = image_width * scale, image_height * scale
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page_size, invariant=True, pageCompression=1)
    canvas.setTitle(_printable(name))
    canvas.drawImage(
        source,
        (page_size[0] - shown_width) / 2,
        (page_size[1] - shown_height) / 2,
        shown_width,
        shown_height,
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def documents_with_barcode(
    documents: Sequence[tuple[str, bytes, str]],
    reference: str,
    lines: Sequence[tuple[str, str]],
    *,
    title: str | None = None,
    document_label: str = "Document",
    document_types: Sequence[str | None] | None = None,
) -> bytes:
    """Return one PDF: each document, followed by a barcode page.

    ``documents`` are (name, data, mimetype) triples, in print order. A
    document with an image mimetype (:data:`IMAGE_MIMETYPES`) becomes a page
    with :func:`image_to_pdf`; any other document must be a PDF and is
    appended page by page. After each document comes a :func:`barcode_page`
    of ``reference`` with ``title``, whose lines are (``document_label``,
    the document's name) followed by ``lines``; its barcode is the
    :func:`barcode_payload` of ``reference``, the document's DRA type
    (``document_types``, one per document, in the same order; none given:
    no type) and the document's number of pages.

    Every document is read and checked before the result is built: the
    first one that cannot be printed raises :class:`PdfError` (``not_pdf``,
    ``encrypted``, ``damaged`` or ``unsupported_image``, with the document's
    name in ``details["document"]``), and nothing is returned. Raises
    ValueError if ``documents`` is empty.
    """
    if not documents:
        raise ValueError("There are no documents to print.")
    types = list(document_types or [None] * len(documents))
    if len(types) != len(documents):
        raise ValueError("There must be one document type per document.")
    # the reference first, with the shortest page count; then with the real ones
    for kind in types:
        _barcode_modules(barcode_payload(reference, kind, 1), A4[0] - 2 * MARGIN)
    readers = []
    for name, data, mimetype in documents:
        if (mimetype or "").split(";")[0].strip().lower() in IMAGE_MIMETYPES:
            readers.append(PdfReader(io.BytesIO(image_to_pdf(data, name=name))))
        else:
            readers.append(_read_pdf(data, name=name))
    payloads = [
        barcode_payload(reference, kind, len(reader.pages))
        for kind, reader in zip(types, readers, strict=True)
    ]
    for payload in payloads:
        _barcode_modules(payload, A4[0] - 2 * MARGIN)
    writer = PdfWriter()
    for (name, _data, _mimetype), reader, payload in zip(documents, readers, payloads, strict=True):
        writer.append(reader, import_outline=False)
        page = barcode_page(
            reference, [(document_label, name), *lines], title=title, payload=payload
        )
        writer.append(PdfReader(io.BytesIO(page)))
    writer.add_metadata({"/Title": reference})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _barcode_modules(reference: str, usable_width: float) -> tuple[str, float]:
    """Return the module pattern of ``reference`` and its module width.

    The bars and their quiet zones take ``usable_width``. Raises
    :class:`PdfError` ``invalid_reference`` if ``reference`` cannot be a
    barcode, or if its modules would be narrower than
    :data:`MIN_MODULE_WIDTH`.
    """
    modules = code128_modules(reference)
    module_width = usable_width / (len(modules) + 2 * QUIET_ZONE_MODULES)
    if module_width < MIN_MODULE_WIDTH:
        raise PdfError(
            "invalid_reference",
            f"The reference {reference!r} is too long for a barcode on one page.",
            {"reference": reference},
        )
    return modules, module_width


def _read_pdf(data: bytes, *, name: str) -> PdfReader:
    """Return a reader of the PDF ``data`` once every page has been read.

    Raises :class:`PdfError` ``not_pdf``, ``encrypted`` or ``damaged``.
    """
    if b"%PDF-" not in data[:_PDF_HEADER_WINDOW]:
        raise PdfError("not_pdf", f"Document {name} is not a PDF file.", {"document": name})
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    # pypdf raises errors of many types on a damaged file, not only PyPdfError.
    except Exception as error:
        raise _damaged(name, error) from error
    if reader.is_encrypted:
        raise PdfError(
            "encrypted", f"Document {name} is an encrypted PDF file.", {"document": name}
        )
    try:
        if not reader.pages:
            raise ValueError("the PDF has no page")
        for page in reader.pages:
            _check_page(page)
    except Exception as error:
        raise _damaged(name, error) from error
    return reader


def _damaged(name: str, error: Exception) -> PdfError:
    """Return the error for the document ``name`` that pypdf cannot read."""
    return PdfError(
        "damaged",
        f"Document {name} is a damaged PDF file: {error}.",
        {"document": name, "reason": str(error)},
    )


def _check_page(page: PageObject) -> None:
    """Read the page box and decode the content of the pypdf ``page``.

    A damaged file fails here (with an error of pypdf's choosing) rather
    than in the middle of writing the result.
    """
    _ = page.mediabox
    contents = page.get_contents()
    if contents is not None:
        contents.get_data()


def _draw_bars(canvas: Canvas, modules: str, left: float, bottom: float, module_width: float):
    """Draw the bars of the module pattern ``modules`` as filled rectangles."""
    canvas.setFillColorRGB(0, 0, 0)
    start = None
    for index, module in enumerate(f"{modules}0"):
        if module == "1" and start is None:
            start = index
        elif module == "0" and start is not None:
            canvas.rect(
                left + start * module_width,
                bottom,
                (index - start) * module_width,
                BAR_HEIGHT,
                stroke=0,
                fill=1,
            )
            start = None


def _draw_lines(
    canvas: Canvas, lines: Sequence[tuple[str, str]], baseline: float, usable_width: float
):
    """Draw the (label, value) ``lines`` in two columns from ``baseline`` down.

    A label wraps within its column, in a smaller font if one word is wider.
    """
    for label, value in lines:
        labels = simpleSplit(_printable(label), _BOLD_FONT, _TEXT_SIZE, _LABEL_WIDTH - _GUTTER)
        widest = max((canvas.stringWidth(text, _BOLD_FONT, 1) for text in labels), default=0)
        label_size = min(_TEXT_SIZE, (_LABEL_WIDTH - _GUTTER) / widest) if widest else _TEXT_SIZE
        values = simpleSplit(_printable(value), _FONT, _TEXT_SIZE, usable_width - _LABEL_WIDTH)
        if len(values) > _MAX_VALUE_LINES:
            values = [*values[: _MAX_VALUE_LINES - 1], f"{values[_MAX_VALUE_LINES - 1]} …"]
        rows = max(len(labels), len(values), 1)
        if baseline - (rows - 1) * _LEADING < MARGIN:
            raise ValueError("The lines do not fit on the barcode page.")
        canvas.setFont(_BOLD_FONT, label_size)
        for row, text in enumerate(labels):
            canvas.drawString(MARGIN, baseline - row * _LEADING, text)
        canvas.setFont(_FONT, _TEXT_SIZE)
        for row, text in enumerate(values):
            canvas.drawString(MARGIN + _LABEL_WIDTH, baseline - row * _LEADING, text)
        baseline -= rows * _LEADING + _LEADING / 3


def _opaque(image: Image.Image) -> Image.Image:
    """Return ``image`` in RGB or greyscale, with transparent parts white."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("1", "I", "I;16", "F"):
        return image.convert("L")
    return image.convert("RGB")


def _printable(text: str) -> str:
    """Return ``text`` with the characters Helvetica cannot show replaced.

    Helvetica shows Windows-1252 ("WinAnsi"): German and Western European
    letters. Any other letter becomes its base letter ("ś" becomes "s", "Ł"
    "L") where there is one, any other character "?"; control characters
    (line breaks) become blanks.
    """
    result = []
    for char in unicodedata.normalize("NFC", text or ""):
        if unicodedata.category(char) == "Cc":
            result.append(" ")
            continue
        if _encodable(char):
            result.append(char)
            continue
        base = "".join(
            part
            for part in unicodedata.normalize("NFKD", char.translate(_BASE_LETTERS))
            if not unicodedata.combining(part)
        )
        result.append(base if base and _encodable(base) else "?")
    return "".join(result)


def _encodable(text: str) -> bool:
    """Tell whether Helvetica (Windows-1252) can show ``text``."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True
