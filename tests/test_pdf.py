"""Tests of ig_soom_dra.core.pdf: documents followed by a barcode page, without Odoo.

The barcode pages are rendered with pypdfium2 and read back with zxing-cpp,
as a scanner would read the printed page.
"""

import io
import struct
import zlib
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import ExifTags, Image, ImageFilter
from pypdf import PdfReader, PdfWriter
from reportlab.lib.units import mm

from ig_soom_dra.core import pdf
from ig_soom_dra.core.dra import parse_dra

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_files"
REFERENCE = "RO/00012"
LINES = [
    ("Auftrag", REFERENCE),
    ("IG-Auftragsnr.", "202019374"),
    ("Kennzeichen", "M-ZZ 44"),
    ("Kunde", "Gertrud Müller"),
    ("Gedruckt am", "09.03.2018 11:25"),
]
MM_PER_INCH = 25.4


def attachments(sample):
    """Return the attachments of a sample DRA file as (name, data, mimetype)."""
    document = parse_dra((SAMPLES / sample).read_bytes())
    return [(item.filename, item.content, item.mimetype) for item in document.attachments]


#: A two-page PDF of a sample file, and its first three fifths.
SAMPLE_PDF = attachments("KSR202019374.xml")[0][1]
TRUNCATED_PDF = SAMPLE_PDF[: len(SAMPLE_PDF) * 3 // 5]


def page_count(data):
    """Return the number of pages of the PDF ``data``."""
    return len(PdfReader(io.BytesIO(data)).pages)


def page_texts(data):
    """Return the extracted text of each page of the PDF ``data``."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def render(data, index=0, dpi=150):
    """Return page ``index`` of the PDF ``data`` as a greyscale image."""
    document = pypdfium2.PdfDocument(data)
    try:
        return document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def decode(image):
    """Return the texts of the Code 128 barcodes zxing-cpp finds in ``image``."""
    return [
        result.text
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128)
    ]


def image_bytes(image, fmt, **options):
    """Return ``image`` saved in the format ``fmt``."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# The barcode page
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference",
    [
        REFERENCE,
        "WH/RO/2024/00042",
        "202019374",
        # python-barcode 0.16 drops a leading "99" (its issue #251).
        "9912345",
        "99",
        "Ig-Auftrag 7 (neu)",
        "A1b2C3d4e5f6",
        # A long reference: modules of 0.36 mm.
        "WH/RO/2024/00042-Nachtrag-Hagel-0815-A",
    ],
)
def test_barcode_decodes_to_the_reference(reference):
    page = pdf.barcode_page(reference, LINES, title="Unterlagen mit Barcode")
    assert page_count(page) == 1
    assert decode(render(page)) == [reference]


def test_barcode_survives_a_coarse_blurred_scan():
    page = pdf.barcode_page(REFERENCE, LINES)
    image = render(page, dpi=100).filter(ImageFilter.GaussianBlur(1.5))
    image = image.resize((image.width // 2, image.height // 2))
    assert decode(image) == [REFERENCE]


def test_barcode_is_large_with_quiet_zones():
    dpi = 300
    modules = pdf.code128_modules(REFERENCE)
    image = render(pdf.barcode_page(REFERENCE, LINES), dpi=dpi)
    pixels = image.load()

    def px(points):
        return round(points / 72 * dpi)

    top, bottom = px(pdf.MARGIN), px(pdf.MARGIN + pdf.BAR_HEIGHT)
    middle = (top + bottom) // 2
    dark = [x for x in range(image.width) if pixels[x, middle] < 128]
    left, right = dark[0], dark[-1]
    width_mm = (right - left + 1) / dpi * MM_PER_INCH
    assert width_mm >= 100
    height_mm = sum(pixels[left + 1, y] < 128 for y in range(image.height)) / dpi * MM_PER_INCH
    assert height_mm >= 25
    module = (right - left + 1) / len(modules)
    assert left >= 10 * module
    assert image.width - 1 - right >= 10 * module
    band = image.crop((0, top + 2, image.width, bottom - 2))
    assert band.crop((0, 0, left, band.height)).getextrema()[0] >= 128
    assert band.crop((right + 1, 0, image.width, band.height)).getextrema()[0] >= 128


def test_barcode_page_shows_reference_and_key_data():
    text = page_texts(pdf.barcode_page(REFERENCE, LINES, title="Unterlagen mit Barcode"))[0]
    assert "Unterlagen mit Barcode" in text
    assert text.count(REFERENCE) == 2
    for label, value in LINES:
        assert label in text
        assert value in text


def test_umlauts_in_key_data():
    lines = [("Kunde", "Jürgen Weiß, Königstraße 28"), ("Schäden", "Öl, Ämter, Übel")]
    text = page_texts(pdf.barcode_page(REFERENCE, lines, title="Aufträge"))[0]
    assert "Aufträge" in text
    assert "Jürgen Weiß, Königstraße 28" in text
    assert "Schäden" in text
    assert "Öl, Ämter, Übel" in text


def test_letters_helvetica_lacks_become_base_letters():
    lines = [("Kunde", "Łukasz Żółć, Şahin 中\nzweite Zeile")]
    text = page_texts(pdf.barcode_page(REFERENCE, lines))[0]
    assert "Lukasz Zólc, Sahin ? zweite Zeile" in text


def test_long_value_wraps_over_three_lines_at_most():
    value = " ".join(["Hagelschaden an Dach, Motorhaube und Kofferraumdeckel"] * 10)
    text = page_texts(pdf.barcode_page(REFERENCE, [("Schaden", value)]))[0]
    value_lines = [line for line in text.splitlines() if "Hagelschaden" in line]
    assert len(value_lines) == 3
    assert value_lines[-1].endswith("…")


def test_long_label_wraps_in_its_column():
    label = "Versicherungsscheinnummer des Versicherungsnehmers"
    text = page_texts(pdf.barcode_page(REFERENCE, [(label, "KT-4471-0815"), ("Kunde", "Ute")]))[0]
    assert "Versicherungsscheinnummer\n" in text
    assert "KT-4471-0815" in text
    assert "des Versicherungsnehmers" in text


def test_lines_that_do_not_fit_raise():
    with pytest.raises(ValueError, match="do not fit"):
        pdf.barcode_page(REFERENCE, [("Zeile", str(number)) for number in range(60)])


@pytest.mark.parametrize("reference", ["", "RÖ/1", "RO\t1", "X" * 60])
def test_invalid_reference(reference):
    with pytest.raises(pdf.PdfError) as caught:
        pdf.barcode_page(reference, LINES)
    assert caught.value.code == "invalid_reference"
    assert caught.value.details == {"reference": reference}


# --------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------


def test_image_becomes_one_page_fitted_to_a4():
    name, data, _mimetype = attachments("KSR202019374.xml")[2]
    page = PdfReader(io.BytesIO(pdf.image_to_pdf(data, name=name))).pages[0]
    assert len(page.images) == 1
    assert page.images[0].image.size == Image.open(io.BytesIO(data)).size
    # A landscape photo gets a landscape A4 page.
    assert (round(page.mediabox.width / mm), round(page.mediabox.height / mm)) == (297, 210)


def test_jpeg_is_embedded_as_it_is():
    data = image_bytes(Image.new("RGB", (200, 100), "red"), "JPEG")
    page = PdfReader(io.BytesIO(pdf.image_to_pdf(data, name="rot.jpg"))).pages[0]
    assert page.images[0].data == data


def test_exif_orientation_is_respected():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    image = Image.new("RGB", (200, 100), "white")
    image.paste("black", (0, 0, 20, 100))
    data = image_bytes(image, "JPEG", exif=exif)
    result = pdf.image_to_pdf(data, name="hochkant.jpg")
    page = PdfReader(io.BytesIO(result)).pages[0]
    assert page.images[0].image.size == (100, 200)
    assert (round(page.mediabox.width / mm), round(page.mediabox.height / mm)) == (210, 297)
    # Orientation 6: turned clockwise, the black left edge is on top.
    upright = page.images[0].image.convert("L")
    assert upright.getpixel((50, 5)) < 64
    assert upright.getpixel((50, 195)) > 192


def test_transparent_png_is_white():
    data = image_bytes(Image.new("RGBA", (40, 30), (0, 0, 0, 0)), "PNG")
    page = PdfReader(io.BytesIO(pdf.image_to_pdf(data, name="leer.png"))).pages[0]
    assert page.images[0].image.convert("RGB").getpixel((20, 15)) == (255, 255, 255)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"no image at all",
        image_bytes(Image.new("RGB", (20, 20)), "GIF"),
        image_bytes(Image.new("RGB", (200, 200)), "PNG")[:120],
    ],
    ids=["empty", "garbage", "gif", "truncated_png"],
)
def test_unreadable_image(data):
    with pytest.raises(pdf.PdfError) as caught:
        pdf.image_to_pdf(data, name="foto.png")
    assert caught.value.code == "unsupported_image"
    assert caught.value.details["document"] == "foto.png"
    assert "foto.png" in str(caught.value)


# --------------------------------------------------------------------------
# Documents with barcode pages
# --------------------------------------------------------------------------


def test_one_barcode_page_after_each_document():
    documents = attachments("KSR202019374.xml")
    result = pdf.documents_with_barcode(documents, REFERENCE, LINES, document_label="Dokument")
    counts = [
        page_count(data) if mimetype == pdf.PDF_MIMETYPE else 1
        for _name, data, mimetype in documents
    ]
    assert counts == [2, 1, 1]
    assert page_count(result) == sum(counts) + len(documents)

    texts = page_texts(result)
    position = 0
    for (name, data, mimetype), count in zip(documents, counts, strict=True):
        if mimetype == pdf.PDF_MIMETYPE:
            assert texts[position : position + count] == page_texts(data)
        position += count
        barcode_text = texts[position]
        assert f"Dokument\n{name}" in barcode_text
        assert "Kennzeichen\nM-ZZ 44" in barcode_text
        # the reference, no type (none given) and the document's pages
        assert decode(render(result, position)) == [f"{REFERENCE}||{count}"]
        position += 1
    assert position == len(texts)


def test_many_photos():
    documents = attachments("KSR202019900.xml")
    result = pdf.documents_with_barcode(documents, REFERENCE, LINES)
    photos = sum(mimetype == "image/png" for _name, _data, mimetype in documents)
    assert photos > 20
    assert page_count(result) == (2 + 1) + (1 + 1) + 2 * photos


def test_mimetype_is_compared_loosely():
    name, data, _mimetype = attachments("KSR202019374.xml")[2]
    result = pdf.documents_with_barcode([(name, data, "IMAGE/PNG; x=y")], REFERENCE, LINES)
    assert page_count(result) == 2


def _png_bomb(size=15000):
    """A grey 1-bit PNG of ``size`` × ``size`` pixels, about 27 KB."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (size + 7) // 8)
    body = b"".join(compressor.compress(row) for _ in range(size)) + compressor.flush()
    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (("notiz.txt", b"Hallo", "text/plain"), "not_pdf"),
        (("leer.pdf", b"", "application/pdf"), "not_pdf"),
        (("foto.pdf", image_bytes(Image.new("RGB", (9, 9)), "PNG"), "application/pdf"), "not_pdf"),
        (("abgeschnitten.pdf", TRUNCATED_PDF, "application/pdf"), "damaged"),
        (("kaputt.pdf", b"%PDF-1.4\n" + b"x" * 200, "application/pdf"), "damaged"),
        (("bild.png", b"%PDF-1.4", "image/png"), "unsupported_image"),
        (("bombe.png", _png_bomb(), "image/png"), "unsupported_image"),
    ],
    ids=[
        "text",
        "empty",
        "png_as_pdf",
        "truncated",
        "garbage_after_header",
        "pdf_as_png",
        "decompression_bomb",
    ],
)
def test_invalid_document_is_named_and_nothing_is_built(monkeypatch, document, code):
    built = []
    monkeypatch.setattr(pdf, "barcode_page", lambda *args, **kwargs: built.append(args))
    documents = [*attachments("KSR202019374.xml"), document]
    with pytest.raises(pdf.PdfError) as caught:
        pdf.documents_with_barcode(documents, REFERENCE, LINES)
    assert caught.value.code == code
    assert caught.value.details["document"] == document[0]
    assert document[0] in str(caught.value)
    assert built == []


def test_pdf_without_pages_is_damaged():
    buffer = io.BytesIO()
    PdfWriter().write(buffer)
    with pytest.raises(pdf.PdfError) as caught:
        pdf.documents_with_barcode([("leer.pdf", buffer.getvalue(), "application/pdf")], "R", [])
    assert caught.value.code == "damaged"
    assert caught.value.details == {"document": "leer.pdf", "reason": "the PDF has no page"}


def test_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(SAMPLE_PDF)))
    writer.encrypt(user_password="", owner_password="geheim", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(pdf.PdfError) as caught:
        pdf.documents_with_barcode(
            [("geschuetzt.pdf", buffer.getvalue(), "application/pdf")], REFERENCE, LINES
        )
    assert caught.value.code == "encrypted"
    assert caught.value.details == {"document": "geschuetzt.pdf"}


@pytest.mark.parametrize("reference", ["RÖ", "X" * 60])
def test_invalid_reference_is_refused_before_reading_documents(reference):
    with pytest.raises(pdf.PdfError) as caught:
        pdf.documents_with_barcode([("x.txt", b"x", "text/plain")], reference, LINES)
    assert caught.value.code == "invalid_reference"


def test_no_documents():
    with pytest.raises(ValueError, match="no documents"):
        pdf.documents_with_barcode([], REFERENCE, LINES)
