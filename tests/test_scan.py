"""Tests of ig_soom_dra.core.scan: a scanned stack split at its barcode pages, without Odoo.

The stacks are the addon's own prints (``core.pdf.documents_with_barcode``),
scanned by ``ig_soom_dra/tests/scan_stack.py``: rendered at 200 dpi in
greyscale, turned by up to 5 degrees, noised and written as JPEG pages.
"""

import io

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from ig_soom_dra.core import pdf, scan
from ig_soom_dra.tests import scan_stack

AGREEMENT = "Leistungsvereinbarung"


def old_print(reference, title):
    """A document followed by a barcode page of the reference alone (printed before the codes)."""
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(scan_stack.document_pdf(title))))
    writer.append(PdfReader(io.BytesIO(pdf.barcode_page(reference, []))))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@pytest.fixture(scope="module")
def stack():
    """Two orders' prints, an old print and a loose page, scanned."""
    return scan_stack.scanned(
        [
            scan_stack.printed_pages(
                "WH/RO/00007", [("Leistungsvereinbarung", AGREEMENT, 2), ("RKÜ", None, 1)]
            ),
            scan_stack.printed_pages("WH/RO/00008", [("Gutachten", "Gutachten", 1)]),
            old_print("WH/RO/00009", "Alt"),
            scan_stack.document_pdf("Lose Seite"),
        ],
        angle=scan_stack.MAX_ANGLE,
    )


def page_count(data):
    return len(PdfReader(io.BytesIO(data)).pages)


def test_stack_is_split_at_its_barcode_pages(stack):
    result = scan.split_stack(stack)
    assert result.page_count == page_count(stack) == 10
    assert [
        (part.pages, part.barcode_page, part.reference, part.document_type) for part in result.parts
    ] == [
        ((0, 1), 2, "WH/RO/00007", AGREEMENT),
        ((3,), 4, "WH/RO/00007", None),
        ((5,), 6, "WH/RO/00008", "Gutachten"),
        ((7,), 8, "WH/RO/00009", None),
        ((9,), None, None, None),
    ]
    assert result.parts[0].payload == "WH/RO/00007|LV|2"
    assert [(part.expected_pages, part.problem) for part in result.parts] == [
        (2, None),
        (1, None),
        (1, None),
        (None, None),
        (None, None),
    ]
    assert result.empty_barcode_pages == []
    # every page is in one part or is a barcode page
    pages = sorted(
        [page for part in result.parts for page in part.pages]
        + [part.barcode_page for part in result.parts if part.barcode_page is not None]
    )
    assert pages == list(range(result.page_count))


def test_turned_the_other_way(stack):
    other = scan_stack.scanned(
        [scan_stack.printed_pages("RO/1", [("LV", AGREEMENT, 1)])], angle=-scan_stack.MAX_ANGLE
    )
    result = scan.split_stack(other)
    assert [(part.reference, part.document_type) for part in result.parts] == [("RO/1", AGREEMENT)]


def test_extracted_pages_are_copied_not_rendered(stack):
    part, single = scan.extract_pages(stack, [(0, 1), (9,)])
    assert page_count(single) == 1
    reader = PdfReader(io.BytesIO(part))
    source = PdfReader(io.BytesIO(stack))
    assert len(reader.pages) == 2
    for copied, original in zip(reader.pages, source.pages[:2], strict=True):
        assert [image.data for image in copied.images] == [image.data for image in original.images]


def test_barcode_pages_in_a_row_and_codes_that_are_not_ours():
    result = scan.split_payloads([None, "RO/1|LV", "RO/1|GA", None, "RO/2|XX", None, "  "])
    assert [(p.pages, p.reference, p.document_type) for p in result.parts] == [
        ((0,), "RO/1", AGREEMENT),
        ((3,), "RO/2|XX", None),
        ((5,), None, None),
    ]
    assert result.empty_barcode_pages == [2]


def test_too_large_is_refused_before_reading():
    with pytest.raises(scan.ScanError) as error:
        scan.split_stack(b"not even a pdf" * 10, max_bytes=100)
    assert error.value.code == "too_large"
    assert error.value.details == {"size": 140, "limit": 100}


def test_too_many_pages():
    data = scan_stack.document_pdf("Seite", pages=3)
    with pytest.raises(scan.ScanError) as error:
        scan.split_stack(data, max_pages=2)
    assert error.value.code == "too_many_pages"
    assert error.value.details == {"pages": 3, "limit": 2}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PNG not a pdf", "not_pdf"),
        (scan_stack.document_pdf("Seite")[:300], "damaged"),
    ],
)
def test_unreadable_stack(data, code):
    with pytest.raises(scan.ScanError) as error:
        scan.split_stack(data)
    assert error.value.code == code


def test_encrypted_stack():
    writer = PdfWriter(clone_from=io.BytesIO(scan_stack.document_pdf("Seite")))
    writer.encrypt("geheim")
    output = io.BytesIO()
    writer.write(output)
    with pytest.raises(scan.ScanError) as error:
        scan.split_stack(output.getvalue())
    assert error.value.code == "encrypted"


def test_concatenate_keeps_every_page():
    first = scan_stack.document_pdf("A", pages=2)
    second = scan_stack.document_pdf("B", pages=3)
    assert page_count(scan.concatenate([first, second])) == 5
    with pytest.raises(scan.ScanError) as error:
        scan.concatenate([first, second], max_bytes=len(first))
    assert error.value.code == "too_large"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("WH/RO/00012|LV|2", ("WH/RO/00012", AGREEMENT, 2)),
        ("WH/RO/00012||12", ("WH/RO/00012", None, 12)),
        ("A|B|KV|3", ("A|B", "Kostenvoranschlag", 3)),
        # printed before the page count, and before the codes
        ("WH/RO/00012|LV", ("WH/RO/00012", AGREEMENT, None)),
        ("WH/RO/00012|RE", ("WH/RO/00012", "Rechnung", None)),
        ("WH/RO/00012", ("WH/RO/00012", None, None)),
        ("A|B|KV", ("A|B", "Kostenvoranschlag", None)),
        # what is no code or page count belongs to the reference
        ("A|ZZ", ("A|ZZ", None, None)),
        ("A|ZZ|2", ("A|ZZ|2", None, None)),
        ("RO|12", ("RO|12", None, None)),
        ("A|LV|0", ("A|LV|0", None, None)),
        ("A|LV|02", ("A|LV|02", None, None)),
        ("A|LV|12345", ("A|LV|12345", None, None)),
        ("|LV", ("|LV", None, None)),
        ("|LV|2", ("|LV|2", None, None)),
    ],
)
def test_parse_payload(payload, expected):
    assert pdf.parse_payload(payload) == expected


def test_every_document_type_has_a_code_that_reads_back():
    for document_type in pdf.DOCUMENT_CODES:
        payload = pdf.barcode_payload("RO/5", document_type, 3)
        assert pdf.parse_payload(payload) == ("RO/5", document_type, 3)
        assert pdf.parse_payload(pdf.barcode_payload("RO/5", document_type)) == (
            "RO/5",
            document_type,
            None,
        )
    assert pdf.barcode_payload("RO/5", None, 1) == "RO/5||1"
    assert pdf.barcode_payload("RO/5", "Unbekannt", 1) == "RO/5||1"
    assert pdf.barcode_payload("RO/5", None) == "RO/5"
    assert pdf.barcode_payload("RO/5", "Unbekannt") == "RO/5"


def test_the_print_names_each_documents_pages():
    printed = scan_stack.printed_pages("RO/3", [("LV", AGREEMENT, 3), ("Foto", None, 1)])
    result = scan.split_stack(printed)
    assert [(part.payload, part.pages, part.problem) for part in result.parts] == [
        ("RO/3|LV|3", (0, 1, 2), None),
        ("RO/3||1", (4,), None),
    ]


def test_a_barcode_page_not_read_leaves_its_pages_to_a_person():
    # the barcode page of RO/1's agreement is lost (here: scanned as a plain
    # page); its pages and that page must not go to RO/2's report
    agreement = scan_stack.printed_pages("RO/1", [("LV", AGREEMENT, 2)])
    reader = PdfReader(io.BytesIO(agreement))
    writer = PdfWriter()
    for page in reader.pages[:2]:
        writer.add_page(page)
    writer.append(PdfReader(io.BytesIO(scan_stack.document_pdf("Deckblatt ohne Code"))))
    lost = io.BytesIO()
    writer.write(lost)
    stack = scan_stack.scanned(
        [lost.getvalue(), scan_stack.printed_pages("RO/2", [("Gutachten", "Gutachten", 1)])]
    )
    result = scan.split_stack(stack)
    assert [
        (part.pages, part.reference, part.document_type, part.expected_pages, part.problem)
        for part in result.parts
    ] == [
        ((0, 1, 2), None, None, None, "extra_pages"),
        ((3,), "RO/2", "Gutachten", 1, None),
    ]


def test_pages_are_checked_against_the_count_of_the_barcode():
    result = scan.split_payloads(
        [None, None, None, "RO/1|LV|2", None, "RO/2||3", None, "RO/3|GA", "RO/4|KV|1"]
    )
    assert [(p.pages, p.reference, p.expected_pages, p.problem) for p in result.parts] == [
        ((0,), None, None, "extra_pages"),
        ((1, 2), "RO/1", 2, None),
        ((4,), "RO/2", 3, "missing_pages"),
        ((6,), "RO/3", None, None),
    ]
    assert result.empty_barcode_pages == [8]


def test_one_type_per_document():
    document = ("a.pdf", scan_stack.document_pdf("A"), "application/pdf")
    with pytest.raises(ValueError):
        pdf.documents_with_barcode([document], "RO/1", [], document_types=[None, None])


def test_code_counts_towards_the_length_of_the_barcode():
    document = ("a.pdf", scan_stack.document_pdf("A"), "application/pdf")
    reference = "R" * 42
    pdf.documents_with_barcode([document], reference, [])
    with pytest.raises(pdf.PdfError) as error:
        pdf.documents_with_barcode([document], reference, [], document_types=[AGREEMENT])
    assert error.value.code == "invalid_reference"


def test_pages_that_are_not_one_jpeg_are_rendered():
    # the print itself (text and vector bars) and a scan saved as PNG pages
    printed = scan_stack.printed_pages("RO/2", [("Gutachten", "Gutachten", 1)])
    assert [(p.pages, p.reference, p.document_type) for p in scan.split_stack(printed).parts] == [
        ((0,), "RO/2", "Gutachten")
    ]
    png_scan = io.BytesIO()
    page = PdfReader(io.BytesIO(scan_stack.scanned([printed])))
    images = [Image.open(io.BytesIO(p.images[0].data)).convert("1") for p in page.pages]
    images[0].save(png_scan, "PDF", save_all=True, append_images=images[1:], resolution=200)
    assert [(p.pages, p.reference) for p in scan.split_stack(png_scan.getvalue()).parts] == [
        ((0,), "RO/2")
    ]
