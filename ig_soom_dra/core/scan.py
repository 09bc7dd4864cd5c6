"""Split a scanned stack of signed paper at its barcode pages.

The workshop prints each document of an order followed by a barcode page
(:mod:`.pdf`), the customer signs, and the day's paper goes through the
scanner as one PDF. :func:`split_stack` reads the Code 128 on every page and
cuts the stack into the documents it holds:

* a document is the run of pages that ends at a barcode page; the barcode
  page closes it and is not part of it (it is the workshop's own cover, not
  the signed paper). The barcode gives the order reference and, on pages
  printed since the codes exist, the document's DRA type and its number of
  pages (:func:`.pdf.parse_payload`); an older page gives the reference
  alone, or with the type;
* where the barcode names the number of pages, the run is checked against
  it. A run longer than that is most likely the pages of an earlier
  document whose barcode page could not be read (that page is among them)
  followed by this document: the document is its last pages, as many as
  named, and the pages before are a part without reference, with the
  problem ``extra_pages``, for a person to assign. A shorter run (a page
  missing, two pages drawn in at once) is the document with the problem
  ``missing_pages``: not to be filed without a person looking at it;
* pages after the last barcode page, and a run whose barcode is not one of
  ours (empty or not printable), are a part without reference: the caller
  lists them for a person to assign. Nothing is dropped: every page of the
  stack is in exactly one part or is a barcode page;
* a barcode page right after another one closes a document without pages;
  it is reported in :attr:`ScanSplit.empty_barcode_pages`.

Each page is read once with pypdfium2. A page that is nothing but one JPEG
image (what a scanner writes) has that image taken from its page object and
decoded by Pillow, in greyscale and, for a scan finer than
:data:`RENDER_DPI`, reduced while decoding (JPEG's own scaling): decoding
the JPEG is what rendering such a page costs, and Pillow does it several
times faster than pdfium's renderer. Any other page (text, vectors, several
images, another image format) is rendered by pdfium in greyscale at
:data:`RENDER_DPI`. 200 dpi is the resolution of the scans the workshop
makes, so a bar of 0.3 mm (the narrowest :mod:`.pdf` prints) is two pixels
wide. zxing-cpp decodes Code 128 only, with its rotation, inversion and
downscaling on (a page turned by a few degrees is read; so is one scanned
upside down, as a Code 128 reads both ways).
:func:`extract_pages` writes each part as a PDF of its own with pypdf: the
pages are copied, not rendered again, so that the scan keeps its quality.

:class:`ScanError` refuses a stack that is too large (checked before it is
read), has too many pages, is no PDF, is encrypted or damaged.

The module imports nothing from Odoo: it runs, and is tested, without it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pypdfium2
import zxingcpp
from PIL import Image
from pypdf import PdfReader, PdfWriter

from .pdf import BarcodeMeaning, parse_payload

#: Largest stack read, in bytes (a 50-page greyscale scan is about 10 MB).
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
#: Most pages of a stack.
DEFAULT_MAX_PAGES = 500
#: Resolution at which every page is rendered to find its barcode.
RENDER_DPI = 200
#: Most pixels of a page's JPEG image decoded directly (larger: rendered by pdfium).
MAX_IMAGE_PIXELS = 60_000_000
#: Where a PDF file may start at the latest (as readers tolerate it).
_PDF_HEADER_WINDOW = 1024


class ScanError(ValueError):
    """A scanned stack cannot be read.

    ``code`` is a short stable identifier of the reason, for the caller to
    pick a translated message; ``details`` holds the values that message may
    need; ``str(error)`` is an English message. Codes and their details:

    ==================  ====================================================
    ``too_large``       more than the size limit; ``size``, ``limit`` (bytes)
    ``too_many_pages``  more pages than the limit; ``pages``, ``limit``
    ``not_pdf``         the data is not a PDF file
    ``encrypted``       the PDF is encrypted (password protected)
    ``damaged``         the PDF cannot be read, or has no page; ``reason``
    ==================  ====================================================
    """

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.details = details or {}


@dataclass(frozen=True)
class ScanPart:
    """A run of pages of the stack: one document, or pages without an order.

    ``pages`` are the 0-based page numbers of the stack, in order, without
    the barcode page; ``barcode_page`` is the page that closed the run (None
    for the pages after the last barcode page); ``payload`` what its barcode
    reads; ``reference`` and ``document_type`` what it means
    (:func:`.pdf.parse_payload`; both None when the run has no barcode of
    ours); ``expected_pages`` the number of pages the barcode names;
    ``problem`` why the part must not be filed without a person.
    """

    pages: tuple[int, ...]
    barcode_page: int | None = None
    payload: str | None = None
    reference: str | None = None
    document_type: str | None = None
    #: The number of pages the barcode names (None: not named).
    expected_pages: int | None = None
    #: "extra_pages", "missing_pages" (see the module) or None.
    problem: str | None = None


@dataclass
class ScanSplit:
    """What :func:`split_stack` found in a stack."""

    page_count: int
    parts: list[ScanPart] = field(default_factory=list)
    #: Barcode pages with no page before them since the previous barcode page.
    empty_barcode_pages: list[int] = field(default_factory=list)
    #: What each page's barcode reads (None: no Code 128 found).
    payloads: list[str | None] = field(default_factory=list)


def check_size(size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Raise :class:`ScanError` ``too_large`` if ``size`` bytes are over the limit."""
    if size > max_bytes:
        raise ScanError(
            "too_large",
            f"The scan has {size} bytes, more than the limit of {max_bytes}.",
            {"size": size, "limit": max_bytes},
        )


def split_stack(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> ScanSplit:
    """Read the barcodes of the stack ``data`` (PDF bytes) and split it.

    Raises :class:`ScanError` (``too_large`` before anything is read,
    ``too_many_pages``, ``not_pdf``, ``encrypted``, ``damaged``).
    """
    document = _open(data, max_bytes=max_bytes, max_pages=max_pages)
    try:
        payloads = [_read_page(document[index]) for index in range(len(document))]
    finally:
        document.close()
    return split_payloads(payloads)


def split_payloads(payloads: Sequence[str | None]) -> ScanSplit:
    """Split a stack whose pages' barcodes read ``payloads`` (None: no barcode)."""
    result = ScanSplit(page_count=len(payloads), payloads=list(payloads))
    run: list[int] = []
    for index, payload in enumerate(payloads):
        if payload is None:
            run.append(index)
            continue
        if not run:
            result.empty_barcode_pages.append(index)
            continue
        meaning = _meaning(payload)
        expected = meaning.page_count if meaning else None
        if expected and len(run) > expected:
            result.parts.append(ScanPart(pages=tuple(run[:-expected]), problem="extra_pages"))
            run = run[-expected:]
        result.parts.append(
            ScanPart(
                pages=tuple(run),
                barcode_page=index,
                payload=payload,
                reference=meaning.reference if meaning else None,
                document_type=meaning.document_type if meaning else None,
                expected_pages=expected,
                problem="missing_pages" if expected and len(run) < expected else None,
            )
        )
        run = []
    if run:
        result.parts.append(ScanPart(pages=tuple(run)))
    return result


def extract_pages(data: bytes, runs: Sequence[Sequence[int]]) -> list[bytes]:
    """Return a PDF for each run of page numbers (0-based) of the PDF ``data``.

    The pages are copied as they are, not rendered again; the stack is
    parsed once for all the runs.
    """
    reader = PdfReader(io.BytesIO(data), strict=False)
    results = []
    for pages in runs:
        writer = PdfWriter()
        for index in pages:
            writer.add_page(reader.pages[index])
        output = io.BytesIO()
        writer.write(output)
        results.append(output.getvalue())
    return results


def concatenate(stacks: Sequence[bytes], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return one PDF of the PDFs ``stacks``, in order, pages copied as they are.

    Raises :class:`ScanError` as :func:`split_stack` does for each of them
    (the limit is on their sum).
    """
    check_size(sum(len(stack) for stack in stacks), max_bytes)
    writer = PdfWriter()
    for stack in stacks:
        _open(stack, max_bytes=max_bytes, max_pages=DEFAULT_MAX_PAGES).close()
        writer.append(PdfReader(io.BytesIO(stack), strict=False), import_outline=False)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _open(data: bytes, *, max_bytes: int, max_pages: int) -> pypdfium2.PdfDocument:
    """Return the pdfium document of ``data`` once its size and pages are checked."""
    check_size(len(data), max_bytes)
    if b"%PDF-" not in data[:_PDF_HEADER_WINDOW]:
        raise ScanError("not_pdf", "The scan is not a PDF file.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    # pypdf raises errors of many types on a damaged file, not only PyPdfError.
    except Exception as error:
        raise _damaged(error) from error
    if encrypted:
        raise ScanError("encrypted", "The scan is an encrypted PDF file.")
    if not pages:
        raise _damaged(ValueError("the PDF has no page"))
    if pages > max_pages:
        raise ScanError(
            "too_many_pages",
            f"The scan has {pages} pages, more than the limit of {max_pages}.",
            {"pages": pages, "limit": max_pages},
        )
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise _damaged(error) from error
    if len(document) != pages:
        document.close()
        raise _damaged(ValueError("the page count is not the same for every reader"))
    return document


def _damaged(error: Exception) -> ScanError:
    return ScanError("damaged", f"The scan is a damaged PDF file: {error}.", {"reason": str(error)})


def _read_page(page: pypdfium2.PdfPage) -> str | None:
    """What the Code 128 of ``page`` reads, or None."""
    try:
        image = _scanned_image(page)
        if image is None:
            image = page.render(scale=RENDER_DPI / 72, grayscale=True).to_pil()
        return _decode(image)
    finally:
        page.close()


def _scanned_image(page: pypdfium2.PdfPage) -> Image.Image | None:
    """The page's JPEG image in greyscale, if the page is nothing else; else None.

    The image's size is read from its header first: one of more than
    :data:`MAX_IMAGE_PIXELS` pixels is left to pdfium, whose rendering has
    the page's size whatever the image's.
    """
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pypdfium2.raw.FPDF_PAGEOBJ_IMAGE:
        return None
    image_object = objects[0]
    if image_object.get_filters() != ["DCTDecode"]:
        return None
    try:
        image = Image.open(
            io.BytesIO(bytes(image_object.get_data(decode_simple=False))), formats=("JPEG",)
        )
        if image.width * image.height > MAX_IMAGE_PIXELS:
            return None
        page_width = page.get_width() or 1
        scale = max(1, int(image.width / (page_width / 72 * RENDER_DPI)))
        image.draft("L", (image.width // scale, image.height // scale))
        return image.convert("L")
    # Pillow's decoders raise errors of many types on a damaged image.
    except Exception:
        return None


def _decode(image) -> str | None:
    """The text of the first Code 128 of printable ASCII in ``image``, or None."""
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128):
        text = result.text
        if text and all(" " <= char <= "~" for char in text):
            return text
    return None


def _meaning(payload: str) -> BarcodeMeaning | None:
    """What a barcode says (:func:`.pdf.parse_payload`), None if it is not ours."""
    meaning = parse_payload(payload.strip())
    return meaning if meaning.reference else None
