"""A stack of signed paper as a scanner returns it, built from the addon's own pages.

The tests and ``bench/bench_scan.py`` print documents with
``core.pdf.documents_with_barcode`` (each followed by its barcode page),
render every page as a 200 dpi greyscale scan (pypdfium2), turn it by up to
5 degrees, add noise (Pillow) and write the pages as JPEG images into one
PDF, as an office scanner does. Imports nothing from Odoo.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

import pypdfium2
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from ..core.pdf import documents_with_barcode

#: Resolution of the scans.
SCAN_DPI = 200
#: Largest angle a page is turned by, in degrees.
MAX_ANGLE = 5.0


def document_pdf(title: str, pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages with ``title``, some text and a signature line."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica-Bold", 18)
        canvas.drawString(60, 780, f"{title} ({number}/{pages})")
        canvas.setFont("Helvetica", 11)
        for line in range(20):
            canvas.drawString(60, 740 - line * 16, f"Zeile {line + 1}: Text des Formulars.")
        canvas.line(60, 200, 260, 200)
        canvas.drawString(60, 185, "Unterschrift")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def printed_pages(reference: str, documents: Sequence[tuple[str, str | None, int]]) -> bytes:
    """The print of ``documents`` of the order ``reference``, as the print wizard makes it.

    ``documents`` are (title, DRA document type, number of pages).
    """
    return documents_with_barcode(
        [
            (f"{title}.pdf", document_pdf(title, pages), "application/pdf")
            for title, _t, pages in documents
        ],
        reference,
        [("Auftrag", reference)],
        title=f"Auftrag {reference}",
        document_types=[kind for _title, kind, _pages in documents],
    )


def scanned(pdfs: Sequence[bytes], *, seed: int = 11, angle: float = MAX_ANGLE) -> bytes:
    """The pages of ``pdfs`` as one scanned PDF: greyscale JPEG images at 200 dpi.

    Every page is turned by a random angle of at most ``angle`` degrees
    (the largest on the first page), and noised.
    """
    rng = random.Random(seed)
    noise = None
    images = []
    for data in pdfs:
        document = pypdfium2.PdfDocument(data)
        try:
            for index in range(len(document)):
                image = document[index].render(scale=SCAN_DPI / 72, grayscale=True).to_pil()
                if noise is None:
                    noise = Image.effect_noise((image.width * 2, image.height * 2), 40)
                images.append(_scan(image.convert("L"), noise, rng, angle, first=not images))
        finally:
            document.close()
    output = io.BytesIO()
    images[0].save(
        output, "PDF", save_all=True, append_images=images[1:], resolution=SCAN_DPI, quality=70
    )
    return output.getvalue()


def _scan(
    image: Image.Image, noise: Image.Image, rng: random.Random, angle: float, *, first: bool
) -> Image.Image:
    """``image`` turned by up to ``angle`` degrees, with a random part of ``noise`` over it."""
    turn = angle if first else rng.uniform(-angle, angle)
    image = image.rotate(turn, resample=Image.Resampling.BILINEAR, fillcolor=255)
    left = rng.randrange(noise.width - image.width)
    top = rng.randrange(noise.height - image.height)
    grain = noise.crop((left, top, left + image.width, top + image.height))
    return Image.blend(image, grain, 0.12)
