"""Tests of the DRA reader and writer (``ig_soom_dra.core.dra``), without Odoo."""

import base64
import dataclasses
import importlib.util
import io
import random
import struct
import subprocess
import sys
import zlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ig_soom_dra.core import dra
from ig_soom_dra.core.dra import (
    DEFAULT_MAX_SIZE,
    ROLES,
    DraAttachment,
    DraDocument,
    DraError,
    DraHeader,
    DraOrder,
    DraParty,
    DraService,
    DraVehicle,
    parse_dra,
    write_dra,
)
from ig_soom_dra.core.matching import is_valid_vin

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = Path(__file__).parents[1].parent / "shared/dra/examples"
SAMPLES = ROOT / "sample_files"
EXAMPLE_NAMES = ("KSR202019362.xml", "KSR202019374.xml", "KSR202019753.xml")
SAMPLE_NAMES = (*EXAMPLE_NAMES, "KSR202019900.xml")

IG = DraParty(
    role="Absender",
    name="Innovation Group AG",
    street="Rotebühlstraße",
    house_number="121",
    zip="70178",
    city="Stuttgart",
    phones=("490711664900", "49071166491099"),
    phone_type="Arbeit",
    faxes=("4907116649011035",),
    email="motor@de.innovation-group.com",
)
INSURER = DraParty(
    role="Versicherung",
    name="Test Versicherung",
    street="Teststr.",
    house_number="1",
    zip="70178",
    city="Stuttgart",
)


def example(name: str) -> bytes:
    """Return the bytes of a shared example; skip when the folder is missing."""
    if not EXAMPLES.is_dir():
        pytest.skip(f"shared examples not found at {EXAMPLES}")
    return (EXAMPLES / name).read_bytes()


def sample(name: str) -> bytes:
    """Return the bytes of one of the project's sample files."""
    return (SAMPLES / name).read_bytes()


def dra_xml(
    body: str = "<Auftrag><AuftragsNr>1</AuftragsNr></Auftrag>",
    *,
    root: str = '<DRA xmlns="urn:ksr:dra:1" Version="1.0">',
    prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
) -> bytes:
    """Return a small DRA file (UTF-8) with ``body`` inside the root element."""
    return f"{prolog}{root}{body}</DRA>".encode()


def auftrag(inner: str = "") -> str:
    """Return an order element with number 1 and ``inner``."""
    return f"<Auftrag><AuftragsNr>1</AuftragsNr>{inner}</Auftrag>"


def party(inner: str, role: str = "Kunde") -> bytes:
    """Return a DRA file with one party."""
    return dra_xml(
        auftrag() + f'<Beteiligte><Beteiligter Rolle="{role}">{inner}</Beteiligter></Beteiligte>'
    )


def attachment(content: str, name: str = "a.pdf") -> bytes:
    """Return a DRA file with one attachment whose ``Inhalt`` is ``content``."""
    named = f' Dateiname="{name}"' if name else ""
    return dra_xml(
        auftrag() + f'<Anhaenge><Anhang Typ="Bild"{named} MimeType="image/png">'
        f"<Beschreibung>Foto</Beschreibung><Inhalt>{content}</Inhalt></Anhang></Anhaenge>"
    )


def raises(data: bytes, code: str, **kwargs) -> DraError:
    """Assert that parsing ``data`` raises a DraError with ``code``; return it."""
    with pytest.raises(DraError) as info:
        parse_dra(data, **kwargs)
    error = info.value
    assert type(error) is DraError
    assert isinstance(error, ValueError)
    assert error.code == code, str(error)
    assert str(error)
    return error


# --------------------------------------------------------------------------
# The shared examples
# --------------------------------------------------------------------------


def test_example_362_plain_utf8():
    document = parse_dra(example("KSR202019362.xml"))
    assert document.version == "1.0"
    assert document.header == DraHeader(
        created_at=datetime(2018, 2, 28, 9, 12), source="SOOM", filename="KSR202019362.xml"
    )
    assert document.order == DraOrder(
        order_number="202019362",
        soom_case_id="7c0e4f53-2a4b-4f0e-9d0c-5b1d1c7a0362",
        order_kind="Reparatur Komfort",
        damage_kind="Unfall",
        cover_type="Vollkasko",
        policy_number="99-9999799-99",
        damage_date=date(2018, 2, 26),
        deductible=Decimal("300.00"),
        deductible_currency="EUR",
        damage_description="Nicht bekannt",
        roadworthy="unbekannt",
        courtesy_car_class="Gruppe A",
        vehicle_location="Musterstraße 123, 20095 Hamburg",
        placed_at=datetime(2018, 2, 28, 9, 10),
        driver_phone="040 1234567",
        services=(
            DraService(code="HOL", text="Hol- und Bringservice"),
            DraService(code="REI", text="Fahrzeugreinigung"),
        ),
    )
    customer = DraParty(
        role="Kunde",
        name="Musterkunde",
        first_name="Michaela",
        street="Musterstraße",
        house_number="456",
        zip="20095",
        city="Hamburg",
        phones=("040 1234567",),
        phone_type="Privat",
        email="michaela.musterkunde@example.org",
    )
    assert document.parties == {
        "Absender": IG,
        "Kunde": customer,
        "Versicherung": INSURER,
        "Schadenvermittler": dataclasses.replace(IG, role="Schadenvermittler"),
        "Fahrzeughalter": dataclasses.replace(
            customer, role="Fahrzeughalter", phones=(), phone_type=None, email=None
        ),
    }
    assert list(document.parties) == [role for role in ROLES if role in document.parties]
    assert document.vehicle == DraVehicle(
        plate="S-IG 123", make="Sonstige", model="Sonstige", odometer=0
    )
    assert [(a.type, a.filename, a.mimetype, a.description) for a in document.attachments] == [
        (
            "Leistungsvereinbarung",
            "202019362Reparaturauftrag.pdf",
            "application/pdf",
            "Vermittlungsauftrag / Leistungsvereinbarung",
        ),
        ("Checkliste", "202019362Checkliste.pdf", "application/pdf", "IG Checkliste"),
    ]
    assert all(a.content.startswith(b"%PDF-") for a in document.attachments)
    assert all(a.content.rstrip().endswith(b"%%EOF") for a in document.attachments)
    assert document.warnings == ()


def test_example_374_windows_1252_crlf_german_values():
    data = example("KSR202019374.xml")
    assert b"encoding='windows-1252'" in data[:60] and b"\r\n" in data
    document = parse_dra(data)
    assert document.header.created_at == datetime(2018, 3, 2, 14, 55)
    order = document.order
    assert order.placed_at == datetime(2018, 3, 2, 14, 54)
    assert order.damage_date == date(2018, 3, 1)
    assert order.deductible == Decimal("150.00")
    assert order.deductible_currency == "EUR"
    assert order.damage_kind == "Brand, Explosion"
    assert order.roadworthy == "nein"
    assert order.vehicle_location == "Schillingstraße 122, 80335 München"
    assert order.notes == "Kundin ist vormittags erreichbar."
    assert order.services == ()
    customer = document.parties["Kunde"]
    assert (customer.name, customer.first_name) == ("Müller", "Gertrud")
    assert (customer.street, customer.house_number) == ("Schillingstraße", "122")
    assert (customer.zip, customer.city) == ("80335", "München")
    assert (customer.phones, customer.phone_type) == (("0176-4547794",), "Mobil")
    assert document.parties["Fahrzeugfahrer"] == DraParty(
        role="Fahrzeugfahrer",
        name="Müller",
        first_name="Gertrud",
        phones=("0176-4547794",),
        phone_type="Mobil",
    )
    assert list(document.parties) == [
        "Absender",
        "Kunde",
        "Versicherung",
        "Schadenvermittler",
        "Fahrzeughalter",
        "Fahrzeugfahrer",
    ]
    assert document.vehicle == DraVehicle(
        plate="M-ZZ 44",
        vin="WDD1173421N456789",
        hsn="1313",
        tsn="BKF",
        make="Mercedes-Benz",
        model="CLA",
        first_registration=date(2016, 5, 12),
        odometer=45210,
        color="polarsilber",
    )
    photo = document.attachments[2]
    assert (photo.type, photo.filename, photo.mimetype) == ("Bild", "motorraum.jpg", "image/jpeg")
    assert photo.content.startswith(b"\xff\xd8") and photo.content.endswith(b"\xff\xd9")
    assert document.warnings == ()


def test_example_753_bom_surname_firstname_empty_parties():
    data = example("KSR202019753.xml")
    assert data.startswith(b"\xef\xbb\xbf")
    document = parse_dra(data)
    assert document.header.filename == "753.xml"
    assert document.order.soom_case_id is None
    assert document.order.deductible == Decimal("300")
    assert document.order.roadworthy == "ja"
    customer = document.parties["Kunde"]
    assert (customer.name, customer.first_name) == ("Smith Justin", None)
    assert (customer.street, customer.house_number) == ("Musterstr.", "99")
    assert customer.phones == ("069/4711-0",)
    assert document.parties["Absender"].street == "Mandantenweg"
    assert document.parties["Leasinggeber"].name == "Test Versicherung"
    assert "Gutachter" not in document.parties
    assert "Fahrzeugfahrer" not in document.parties
    assert document.vehicle.vin == "ZFA31200000753001"
    assert document.vehicle.first_registration == date(2015, 7, 1)
    assert [a.filename for a in document.attachments] == [
        "202019753Reparaturauftrag.pdf",
        "scheibe_vorne.jpg",
        "fahrzeugschein.jpg",
    ]
    assert document.warnings == ()


# --------------------------------------------------------------------------
# The project's sample files
# --------------------------------------------------------------------------


def _load_generator():
    """Import ``sample_files/generate.py`` as a module."""
    spec = importlib.util.spec_from_file_location("dra_sample_generator", SAMPLES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_files_are_what_generate_py_writes():
    assert _load_generator().files() == {name: sample(name) for name in SAMPLE_NAMES}


def test_addon_test_data_are_the_sample_files():
    """The addon's Odoo tests read the same files from inside the addon."""
    data = ROOT / "ig_soom_dra" / "tests" / "data"
    assert sorted(path.name for path in data.iterdir()) == sorted(SAMPLE_NAMES)
    for name in SAMPLE_NAMES:
        assert (data / name).read_bytes() == sample(name), name


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_sample_has_the_data_of_the_shared_example(name):
    """Same order, parties and vehicle as the shared example; own documents."""
    own = parse_dra(sample(name))
    shared = parse_dra(example(name))
    assert dataclasses.replace(own, attachments=()) == dataclasses.replace(shared, attachments=())
    assert [a.type for a in own.attachments] == [a.type for a in shared.attachments]
    assert own.warnings == ()


def test_sample_374_file_shape():
    data = sample("KSR202019374.xml")
    assert data.startswith(b"<?xml version='1.0' encoding='windows-1252'?>\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert "Müller".encode("cp1252") in data
    for raw in (
        b"<ErstelltAm>02.03.2018 14:55</ErstelltAm>",
        b"<VermitteltAm>02.03.2018 14:54</VermitteltAm>",
        b"<Schadentag>01.03.2018</Schadentag>",
        b">150,00</Selbstbeteiligung>",
        "<Strasse>Schillingstraße 122</Strasse>".encode("cp1252"),
        b'<Beteiligter Rolle="Fahrzeugfahrer">',
    ):
        assert raw in data
    document = parse_dra(data)
    assert document.header.created_at == datetime(2018, 3, 2, 14, 55)
    assert document.order.deductible == Decimal("150.00")
    assert document.vehicle.first_registration == date(2016, 5, 12)
    assert document.parties["Kunde"].house_number == "122"


def test_sample_753_file_shape():
    data = sample("KSR202019753.xml")
    assert data.startswith(b"\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?>")
    assert b'<Beteiligter Rolle="Gutachter"/>' in data
    assert b"<Vorname>" not in data.split(b'Rolle="Kunde"')[1].split(b"</Beteiligter>")[0]
    assert b"SoomFallId" not in data
    document = parse_dra(data)
    assert document.parties["Kunde"].name == "Smith Justin"
    assert "Gutachter" not in document.parties


def test_sample_900_many_photos():
    document = parse_dra(sample("KSR202019900.xml"))
    photos = [a for a in document.attachments if a.type == "Bild"]
    assert len(photos) == 40
    assert {a.mimetype for a in photos} == {"image/png"}
    assert len({a.content for a in photos}) == 40
    assert all(1000 < a.size < 20000 for a in photos)
    assert [a.type for a in document.attachments[:2]] == ["Leistungsvereinbarung", "Checkliste"]


def _png_chunks(content: bytes) -> list[tuple[bytes, bytes]]:
    """Return the chunks of a PNG, checking signature and checksums."""
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, position = [], 8
    while position < len(content):
        (length,) = struct.unpack(">I", content[position : position + 4])
        kind = content[position + 4 : position + 8]
        data = content[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", content[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + data) == crc
        chunks.append((kind, data))
        position += 12 + length
    return chunks


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_documents_are_real_files(name):
    pypdf = pytest.importorskip("pypdf")
    document = parse_dra(sample(name))
    number = document.order.order_number
    for item in document.attachments:
        if item.mimetype == "application/pdf":
            reader = pypdf.PdfReader(io.BytesIO(item.content), strict=True)
            text = "\n".join(page.extract_text() for page in reader.pages)
            assert f"Auftrag {number}" in text
            if item.type == "Leistungsvereinbarung":
                assert "Vermittlungsauftrag / Leistungsvereinbarung – Auftrag" in text
                assert document.vehicle.plate in text
                assert len(reader.pages) == 2
        else:
            assert item.mimetype == "image/png"
            chunks = _png_chunks(item.content)
            assert [kind for kind, _data in chunks] == [b"IHDR", b"IDAT", b"IEND"]
            width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
            pixels = zlib.decompress(chunks[1][1])
            assert len(pixels) == height * (1 + width * 3) and (depth, colour) == (8, 2)


# --------------------------------------------------------------------------
# Round trip
# --------------------------------------------------------------------------


ALL_FILES = [
    *(pytest.param(example, name, id=f"example-{name}") for name in EXAMPLE_NAMES),
    *(pytest.param(sample, name, id=f"sample-{name}") for name in SAMPLE_NAMES),
]


@pytest.mark.parametrize(("load", "name"), ALL_FILES)
def test_round_trip(load, name):
    document = parse_dra(load(name))
    written = write_dra(document)
    again = parse_dra(written)
    assert again == document
    assert again.warnings == ()
    assert write_dra(again) == written


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"bom": True},
        {"crlf": True},
        {"encoding": "windows-1252", "crlf": True},
        {"encoding": "ISO-8859-1"},
        {"encoding": "ascii"},
    ],
)
def test_round_trip_in_every_file_variant(options):
    document = parse_dra(sample("KSR202019374.xml"))
    document = dataclasses.replace(
        document,
        order=dataclasses.replace(document.order, notes="Zeile 1: 150 € (bar)\nZeile 2 – Ende"),
    )
    assert parse_dra(write_dra(document, **options)) == document


def test_round_trip_of_edge_values():
    document = DraDocument(
        version="1.3",
        order=DraOrder(
            order_number="7",
            deductible=Decimal("1.234"),
            deductible_currency="EUR",
            placed_at=datetime(2018, 3, 2, 14, 54, 7, 250000),
            damage_description="erste Zeile\n\nzweite Zeile",
        ),
        parties={"Kunde": DraParty(role="Kunde", name="A & B <GmbH>", country="AT")},
        attachments=(DraAttachment(filename="leer.txt"),),
    )
    written = write_dra(document)
    assert b'<Selbstbeteiligung Waehrung="EUR">1.2340</Selbstbeteiligung>' in written
    assert b"<Name>A &amp; B &lt;GmbH&gt;</Name>" in written
    assert b'<Anhang Dateiname="leer.txt"/>' in written
    assert parse_dra(written) == document


# --------------------------------------------------------------------------
# Writer
# --------------------------------------------------------------------------


def test_writer_output():
    document = parse_dra(sample("KSR202019362.xml"))
    written = write_dra(document)
    text = written.decode()
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>\n")
    assert '<DRA xmlns="urn:ksr:dra:1" Version="1.0">\n  <Kopf>\n' in text
    assert "<ErstelltAm>2018-02-28T09:12:00</ErstelltAm>" in text
    assert "<Schadentag>2018-02-26</Schadentag>" in text
    assert '<Selbstbeteiligung Waehrung="EUR">300.00</Selbstbeteiligung>' in text
    assert "<SchadenNr>" not in text  # None values are left out
    assert "/>" not in text  # and so are empty elements
    inhalt = text.split("<Inhalt>")[1].split("</Inhalt>")[0]
    lines = inhalt.split("\n")
    assert lines[0] == "" and lines[-1] == ""
    assert {len(line) for line in lines[1:-2]} == {76}
    assert base64.b64decode("".join(lines)) == document.attachments[0].content
    roles = [line.split('"')[1] for line in text.splitlines() if "<Beteiligter " in line]
    assert roles == [role for role in ROLES if role in document.parties]


def test_writer_variants():
    document = parse_dra(sample("KSR202019362.xml"))
    assert write_dra(document, bom=True).startswith(b"\xef\xbb\xbf<?xml")
    crlf = write_dra(document, crlf=True)
    assert crlf.count(b"\r\n") == crlf.count(b"\n")
    latin = write_dra(document, encoding="windows-1252")
    assert latin.startswith(b"<?xml version='1.0' encoding='windows-1252'?>")
    assert "Musterstraße".encode("cp1252") in latin


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"encoding": "UTF-16"}, "ASCII-compatible"),
        ({"encoding": "windows-1252", "bom": True}, "UTF-8 only"),
    ],
)
def test_writer_refuses_bad_options(options, message):
    document = parse_dra(sample("KSR202019362.xml"))
    with pytest.raises(ValueError, match=message):
        write_dra(document, **options)


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (DraDocument(order=DraOrder(order_number="")), "missing_order_number"),
        (DraDocument(version="2.0", order=DraOrder(order_number="1")), "unsupported_version"),
    ],
)
def test_writer_refuses_invalid_documents(document, code):
    with pytest.raises(DraError) as info:
        write_dra(document)
    assert info.value.code == code


# --------------------------------------------------------------------------
# Variants the reader tolerates
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-03-02", date(2018, 3, 2)),
        ("02.03.2018", date(2018, 3, 2)),
        ("2.3.2018", date(2018, 3, 2)),
        (" 02.03.2018 ", date(2018, 3, 2)),
        ("2018-03-02T14:54:00", date(2018, 3, 2)),
        ("02.03.2018 14:54", date(2018, 3, 2)),
    ],
)
def test_dates(text, expected):
    document = parse_dra(dra_xml(auftrag(f"<Schadentag>{text}</Schadentag>")))
    assert document.order.damage_date == expected
    assert document.warnings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-03-02T14:54:00", datetime(2018, 3, 2, 14, 54)),
        ("2018-03-02T14:54", datetime(2018, 3, 2, 14, 54)),
        ("2018-03-02 14:54:30", datetime(2018, 3, 2, 14, 54, 30)),
        ("2018-03-02T14:54:00.25", datetime(2018, 3, 2, 14, 54, 0, 250000)),
        ("02.03.2018 14:54", datetime(2018, 3, 2, 14, 54)),
        ("02.03.2018, 14:54 Uhr", datetime(2018, 3, 2, 14, 54)),
        ("02.03.2018 14:54:30", datetime(2018, 3, 2, 14, 54, 30)),
        ("02.03.2018", datetime(2018, 3, 2)),
        ("2018-03-02", datetime(2018, 3, 2)),
        ("2018-03-02T13:54:00Z", datetime(2018, 3, 2, 14, 54)),  # CET
        ("2018-07-02T12:54:00+00:00", datetime(2018, 7, 2, 14, 54)),  # CEST
        ("2018-07-02T14:54:00+0200", datetime(2018, 7, 2, 14, 54)),
    ],
)
def test_date_times_are_naive_local_times(text, expected):
    document = parse_dra(dra_xml(auftrag(f"<VermitteltAm>{text}</VermitteltAm>")))
    assert document.order.placed_at == expected
    assert document.order.placed_at.tzinfo is None
    assert document.warnings == ()


@pytest.mark.parametrize("text", ["31.02.2018", "2018-13-01", "morgen", "02.03.18", "24:00"])
def test_unreadable_dates_are_left_empty_with_a_warning(text):
    document = parse_dra(dra_xml(auftrag(f"<Schadentag>{text}</Schadentag>")))
    assert document.order.damage_date is None
    assert document.warnings == (f"Auftrag/Schadentag: unreadable date {text!r}, left empty",)
    document = parse_dra(dra_xml(auftrag(f"<VermitteltAm>{text}</VermitteltAm>")))
    assert document.order.placed_at is None
    assert "Auftrag/VermitteltAm: unreadable date-time" in document.warnings[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("300.00", Decimal("300.00")),
        ("300,00", Decimal("300.00")),
        ("300", Decimal("300")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("1.234", Decimal("1234")),
        ("1.234.567,5", Decimal("1234567.5")),
        ("0,5", Decimal("0.5")),
        ("-50,00", Decimal("-50.00")),
        (" 300,00 € ", Decimal("300.00")),
        ("300,00 EUR", Decimal("300.00")),
        ("1 234,56", Decimal("1234.56")),
    ],
)
def test_amounts(text, expected):
    xml = dra_xml(auftrag(f"<Selbstbeteiligung>{text}</Selbstbeteiligung>"))
    order = parse_dra(xml).order
    assert order.deductible == expected
    assert order.deductible_currency == "EUR"


@pytest.mark.parametrize("text", ["zwölf", "1.234.56", "1,234,56", "3.00.0", "--5"])
def test_unreadable_amounts_are_left_empty_with_a_warning(text):
    document = parse_dra(dra_xml(auftrag(f"<Selbstbeteiligung>{text}</Selbstbeteiligung>")))
    assert (document.order.deductible, document.order.deductible_currency) == (None, None)
    assert document.warnings == (
        f"Auftrag/Selbstbeteiligung: unreadable amount {text!r}, left empty",
    )


@pytest.mark.parametrize(
    ("inner", "amount", "currency"),
    [
        ('<Selbstbeteiligung Waehrung="chf">500</Selbstbeteiligung>', Decimal(500), "CHF"),
        ('<Selbstbeteiligung Waehrung="">500</Selbstbeteiligung>', Decimal(500), "EUR"),
        ('<Selbstbeteiligung Waehrung="EUR"/>', None, None),
        ('<Selbstbeteiligung Waehrung="EUR"> </Selbstbeteiligung>', None, None),
        ("", None, None),
    ],
)
def test_deductible_currency(inner, amount, currency):
    order = parse_dra(dra_xml(auftrag(inner))).order
    assert (order.deductible, order.deductible_currency) == (amount, currency)


@pytest.mark.parametrize("text", ["-50,00", "-0,01", " - 300 € "])
def test_negative_deductible_is_kept_with_a_warning(text):
    document = parse_dra(dra_xml(auftrag(f"<Selbstbeteiligung>{text}</Selbstbeteiligung>")))
    assert document.order.deductible < 0
    assert document.order.deductible_currency == "EUR"
    assert document.warnings == (
        f"Auftrag/Selbstbeteiligung: negative amount {' '.join(text.split())!r}, kept as written",
    )
    assert parse_dra(write_dra(document)).order == document.order


@pytest.mark.parametrize("text", ["0,00", "-0,00", "300,00"])
def test_deductible_that_is_not_negative_gives_no_warning(text):
    document = parse_dra(dra_xml(auftrag(f"<Selbstbeteiligung>{text}</Selbstbeteiligung>")))
    assert document.warnings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("45210", 45210), ("45.210", 45210), ("45 210 km", 45210), ("1.045.210", 1045210), ("0", 0)],
)
def test_odometer(text, expected):
    xml = dra_xml(auftrag() + f"<Fahrzeug><Kilometerstand>{text}</Kilometerstand></Fahrzeug>")
    document = parse_dra(xml)
    assert document.vehicle.odometer == expected
    assert document.warnings == ()


@pytest.mark.parametrize("text", ["viel", "45210,5", "-3"])
def test_unreadable_odometer(text):
    xml = dra_xml(auftrag() + f"<Fahrzeug><Kilometerstand>{text}</Kilometerstand></Fahrzeug>")
    document = parse_dra(xml)
    assert document.vehicle is None
    assert document.warnings == (
        f"Fahrzeug/Kilometerstand: unreadable kilometre reading {text!r}, left empty",
    )


@pytest.mark.parametrize(
    ("text", "vin", "warned"),
    [
        ("WDD1173421N456789", "WDD1173421N456789", False),
        (" wdd 1173421n 456789 ", "WDD1173421N456789", False),
        ("WDD117342", "WDD117342", True),
        ("WDD1173421O456789", "WDD1173421O456789", True),  # letter O
        ("WDD1173421N4567890", "WDD1173421N4567890", True),
        ("WDD-117342-1N-456789", "WDD-117342-1N-456789", False),  # separators
        ("DR0PTABLEFLEETVEH1CLEBXBÄÖÜ", "DR0PTABLEFLEETVEH1CLEBXBÄÖÜ", True),
        ("dr0ptablefleetveh1clebxbäöü", "DR0PTABLEFLEETVEH1CLEBXBäöü", True),
        ("WDD1173421N4567ß", "WDD1173421N4567ß", True),  # not "SS"
    ],
)
def test_vin(text, vin, warned):
    xml = dra_xml(auftrag() + f"<Fahrzeug><FahrgestellNr>{text}</FahrgestellNr></Fahrzeug>")
    document = parse_dra(xml)
    assert document.vehicle.vin == vin
    assert is_valid_vin(vin) is not warned
    if warned:
        assert document.warnings == (
            f"Fahrzeug/FahrgestellNr: {vin!r} is not a valid VIN (17 characters, no I, O or Q); "
            "kept as written, no vehicle record is created from it",
        )
    else:
        assert document.warnings == ()


def test_the_vin_pattern_is_defined_once():
    """The reader tells a valid VIN by the predicate of the matcher."""
    source = (ROOT / "ig_soom_dra/core/dra.py").read_text()
    assert "A-HJ-NPR-Z" not in source
    assert dra.is_valid_vin is is_valid_vin


@pytest.mark.parametrize(
    ("street", "number", "expected"),
    [
        ("Schillingstraße 122", None, ("Schillingstraße", "122")),
        ("Musterstr. 99", None, ("Musterstr.", "99")),
        ("Hauptstr. 13/1", None, ("Hauptstr.", "13/1")),
        ("Am Markt 12 a", None, ("Am Markt", "12a")),
        ("Am Markt 12a", None, ("Am Markt", "12a")),
        ("Industriestraße 12-14", None, ("Industriestraße", "12-14")),
        ("Straße des 17. Juni", None, ("Straße des 17. Juni", None)),
        ("Straße des 17. Juni 5", None, ("Straße des 17. Juni", "5")),
        ("  Rotebühlstraße   121 ", None, ("Rotebühlstraße", "121")),
        ("Rotebühlstraße", "121", ("Rotebühlstraße", "121")),
        ("Rotebühlstraße 121", "7", ("Rotebühlstraße 121", "7")),
        ("Rotebühlstraße", " 12 a ", ("Rotebühlstraße", "12a")),
        ("Marktplatz", None, ("Marktplatz", None)),
        ("12345", None, ("12345", None)),
    ],
)
def test_street_and_house_number(street, number, expected):
    inner = f"<Name>X</Name><Strasse>{street}</Strasse>"
    if number is not None:
        inner += f"<Hausnummer>{number}</Hausnummer>"
    customer = parse_dra(party(inner)).parties["Kunde"]
    assert (customer.street, customer.house_number) == expected


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        # "Surname Firstname" in Name is kept as written.
        ("<Name>Smith Justin</Name>", {"name": "Smith Justin", "first_name": None}),
        ("<Name>  Innovation   Group\tAG </Name>", {"name": "Innovation Group AG"}),
        ("<Name>Müller</Name><Vorname/>", {"first_name": None}),
        ("<Name>Müller</Name><Vorname>  </Vorname>", {"first_name": None}),
        ("<Name><![CDATA[Müller & Söhne]]></Name>", {"name": "Müller & Söhne"}),
        ("<Name>Mül<!-- typo -->ler</Name>", {"name": "Müller"}),
        ("<Name>X</Name><PLZ>01067</PLZ><Ort>Dresden</Ort>", {"zip": "01067", "city": "Dresden"}),
        ("<Name>X</Name>", {"country": "DE"}),
        ("<Name>X</Name><Land> at </Land>", {"country": "AT"}),
        (
            '<Name>X</Name><Telefon Typ="Arbeit">490711664900;49071166491099</Telefon>',
            {"phones": ("490711664900", "49071166491099"), "phone_type": "Arbeit"},
        ),
        (
            "<Name>X</Name><Telefon> 0711 66490-0 ; +49 711  664900 ;; </Telefon>",
            {"phones": ("0711 66490-0", "+49 711 664900"), "phone_type": None},
        ),
        ('<Name>X</Name><Telefon Typ="Mobil"/><Fax/>', {"phones": (), "phone_type": None}),
        ("<Name>X</Name><Fax>0711 1;0711 2</Fax>", {"faxes": ("0711 1", "0711 2")}),
        ("<Name>X</Name><EMail> a@example.org </EMail>", {"email": "a@example.org"}),
        ("<Name>X</Name><Unbekannt>y</Unbekannt>", {"name": "X"}),
    ],
)
def test_party_values(inner, expected):
    customer = parse_dra(party(inner)).parties["Kunde"]
    assert {key: getattr(customer, key) for key in expected} == expected


@pytest.mark.parametrize(
    ("beteiligte", "roles", "warnings"),
    [
        ('<Beteiligter Rolle="Gutachter"/>', [], []),
        ('<Beteiligter Rolle="Gutachter"><Name> </Name><Ort>Ulm</Ort></Beteiligter>', [], []),
        ('<Beteiligter Rolle="kunde"><Name>A</Name></Beteiligter>', ["Kunde"], []),
        (
            '<Beteiligter Rolle="Werkstatt"><Name>A</Name></Beteiligter>',
            [],
            ["Beteiligter[1]: party 'A' with unknown role 'Werkstatt' ignored."],
        ),
        (
            "<Beteiligter><Name>A</Name></Beteiligter>",
            [],
            ["Beteiligter[1]: party 'A' with unknown role None ignored."],
        ),
        (
            '<Beteiligter Rolle="Kunde"><Name>A</Name></Beteiligter>'
            '<Beteiligter Rolle="Kunde"><Name>B</Name></Beteiligter>',
            ["Kunde"],
            ["Beteiligter[2]: second party in role Kunde ignored."],
        ),
        (
            "".join(
                f'<Beteiligter Rolle="{r}"><Name>{r}</Name></Beteiligter>' for r in ROLES[::-1]
            ),
            list(ROLES),
            [],
        ),
    ],
)
def test_parties_given_unknown_and_repeated(beteiligte, roles, warnings):
    document = parse_dra(dra_xml(auftrag() + f"<Beteiligte>{beteiligte}</Beteiligte>"))
    assert list(document.parties) == roles
    assert list(document.warnings) == warnings
    if len(roles) == 1:
        assert document.parties[roles[0]].name == "A"


@pytest.mark.parametrize(
    ("inner", "field", "expected"),
    [
        ("<Fahrbereit> JA </Fahrbereit>", "roadworthy", "ja"),
        ("<Hinweise>  Zeile   1  \r\n\r\n Zeile 2 \n </Hinweise>", "notes", "Zeile 1\n\nZeile 2"),
        ("<Hinweise>\n  \n</Hinweise>", "notes", None),
        ("<Auftragsart>Reparatur   Komfort</Auftragsart>", "order_kind", "Reparatur Komfort"),
        ("<SchadenNr/>", "claim_number", None),
        (
            '<Leistungen><Leistung Code="HOL"> Hol- und  Bringservice </Leistung><Leistung/>'
            '<Leistung Code="X"/></Leistungen>',
            "services",
            (DraService(code="HOL", text="Hol- und Bringservice"), DraService(code="X")),
        ),
        ("<Leistungen/>", "services", ()),
    ],
)
def test_order_values(inner, field, expected):
    assert getattr(parse_dra(dra_xml(auftrag(inner))).order, field) == expected


@pytest.mark.parametrize(
    "body",
    [
        auftrag(),
        auftrag() + "<Fahrzeug/>",
        auftrag() + "<Fahrzeug><Kennzeichen> </Kennzeichen><Farbe/></Fahrzeug>",
    ],
)
def test_vehicle_not_given(body):
    assert parse_dra(dra_xml(body)).vehicle is None


def test_missing_header_and_unknown_elements():
    document = parse_dra(dra_xml("<Neu>x</Neu>" + auftrag("<Neu/>")))
    assert document.header == DraHeader()
    assert document.order == DraOrder(order_number="1")
    assert (document.parties, document.vehicle, document.attachments) == ({}, None, ())


@pytest.mark.parametrize(
    "content",
    [
        "QUJD",
        "\nQUJD\n",
        "\r\n  QU\r\n  JD  \r\n",
        "Q\nU\nJ\nD",
    ],
)
def test_base64_wrapping(content):
    assert parse_dra(attachment(content)).attachments[0].content == b"ABC"


def test_base64_long_lines_and_padding():
    payload = bytes(range(256)) * 40 + b"x"
    wrapped = base64.encodebytes(payload).decode().replace("\n", "\r\n")
    single = base64.b64encode(payload).decode()
    assert parse_dra(attachment(wrapped)).attachments[0].content == payload
    assert parse_dra(attachment(single)).attachments[0].content == payload


def test_attachment_values():
    item = parse_dra(attachment("\nQUJD\n")).attachments[0]
    assert item == DraAttachment(
        type="Bild", filename="a.pdf", mimetype="image/png", description="Foto", content=b"ABC"
    )
    assert item.size == 3


@pytest.mark.parametrize("content", ["", "  \n  "])
def test_attachment_without_content(content):
    document = parse_dra(attachment(content))
    assert document.attachments[0].content == b""
    assert document.warnings == ("Anhang[1]: no content",)


def test_attachment_outside_its_container_is_ignored():
    xml = dra_xml(auftrag("<Anhang><Inhalt>!!</Inhalt></Anhang>"))
    assert parse_dra(xml).attachments == ()


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("202019362Checkliste.pdf", "202019362Checkliste.pdf"),
        ("Foto vom Schaden.jpg", "Foto vom Schaden.jpg"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Bilder\\front.jpg", "front.jpg"),
        (".htaccess", "htaccess"),
        ("a\u202egpj.exe", "agpj.exe"),  # right-to-left override: "aexe.jpg"
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
        ("../..", None),
    ],
)
def test_attachment_file_names_are_made_safe(name, stored):
    document = parse_dra(attachment("QUJD", name=name))
    assert document.attachments[0].filename == stored
    if stored is None:
        assert document.warnings == (f"Anhang[1]: unusable file name {name!r} left empty",)
    elif stored != name:
        assert document.warnings == (f"Anhang[1]: file name {name!r} changed to {stored!r}",)
    else:
        assert document.warnings == ()
    again = parse_dra(write_dra(document))
    assert again == document
    assert again.warnings == ()


DOCUMENT_TEXT = (
    '<DRA xmlns="urn:ksr:dra:1" Version="1.0">\r\n'
    "<Auftrag><AuftragsNr>202019374</AuftragsNr>"
    "<Hinweise>Selbstbeteiligung 150 €, Kundin Müller</Hinweise></Auftrag>\r\n"
    '<Beteiligte><Beteiligter Rolle="Kunde"><Name>Müller</Name>'
    "<Strasse>Schillingstraße 122</Strasse></Beteiligter></Beteiligte>\r\n"
    "</DRA>\r\n"
)


@pytest.mark.parametrize(
    ("declared", "codec", "bom"),
    [
        ("UTF-8", "utf-8", b""),
        ("UTF-8", "utf-8", b"\xef\xbb\xbf"),
        (None, "utf-8", b"\xef\xbb\xbf"),
        ("windows-1252", "cp1252", b""),
        ("ISO-8859-1", "cp1252", b""),  # declared Latin-1, written by Windows
        ("iso-8859-15", "iso-8859-15", b""),
        ("UTF-16", "utf-16", b""),  # the codec writes the byte order mark
        ("UTF-16", "utf-16-le", b""),
    ],
)
def test_encodings(declared, codec, bom):
    declaration = f"<?xml version='1.0' encoding='{declared}'?>\r\n" if declared else ""
    document = parse_dra(bom + (declaration + DOCUMENT_TEXT).encode(codec))
    assert document.order.notes == "Selbstbeteiligung 150 €, Kundin Müller"
    assert document.parties["Kunde"].name == "Müller"
    assert document.parties["Kunde"].street == "Schillingstraße"


def test_version_attribute():
    document = parse_dra(dra_xml(root='<DRA xmlns="urn:ksr:dra:1" Version=" 1.5 ">'))
    assert (document.version, document.warnings) == ("1.5", ())
    document = parse_dra(dra_xml(root='<DRA xmlns="urn:ksr:dra:1">'))
    assert document.version == "1.0"
    assert document.warnings == ("DRA: no Version attribute, read as 1.0.",)


NAMESPACE_BODY = (
    "<Auftrag><AuftragsNr>7</AuftragsNr><Hinweise>da</Hinweise></Auftrag>"
    '<Beteiligte><Beteiligter Rolle="Kunde"><Name>Müller</Name></Beteiligter></Beteiligte>'
    "<Fahrzeug><Kennzeichen>S-IG 123</Kennzeichen></Fahrzeug>"
    '<Anhaenge><Anhang Dateiname="a.pdf"><Inhalt>QUJD</Inhalt></Anhang></Anhaenge>'
)


@pytest.mark.parametrize(
    ("root", "warnings"),
    [
        (
            '<DRA Version="1.0">',
            ("DRA: no namespace, read as layout 1 (urn:ksr:dra:1).",),
        ),
        (
            '<DRA xmlns="urn:other" Version="1.2">',
            ("DRA: unexpected namespace 'urn:other', read as layout 1 (urn:ksr:dra:1).",),
        ),
        (
            '<x:DRA xmlns:x="urn:other" xmlns="urn:other" Version="1.0">',
            ("DRA: unexpected namespace 'urn:other', read as layout 1 (urn:ksr:dra:1).",),
        ),
        (
            '<DRA xmlns="urn:ksr:dra:2" Version="1.0">',
            ("DRA: unexpected namespace 'urn:ksr:dra:2', read as layout 1 (urn:ksr:dra:1).",),
        ),
        (
            "<DRA>",
            (
                "DRA: no Version attribute, read as 1.0.",
                "DRA: no namespace, read as layout 1 (urn:ksr:dra:1).",
            ),
        ),
        (
            '<DRA xmlns="urn:other">',
            (
                "DRA: no Version attribute, read as 1.0.",
                "DRA: unexpected namespace 'urn:other', read as layout 1 (urn:ksr:dra:1).",
            ),
        ),
    ],
)
def test_root_in_another_namespace_is_read_as_layout_1(root, warnings):
    closing = "</x:DRA>" if root.startswith("<x:") else "</DRA>"
    document = parse_dra(f"{root}{NAMESPACE_BODY}{closing}".encode())
    expected = parse_dra(dra_xml(NAMESPACE_BODY))
    assert document == dataclasses.replace(expected, version=document.version)
    assert document.order.notes == "da"
    assert document.parties["Kunde"].name == "Müller"
    assert document.vehicle.plate == "S-IG 123"
    assert document.attachments[0].content == b"ABC"
    assert document.warnings == warnings


def test_elements_of_another_namespace_than_the_root_are_not_read():
    xml = (
        b'<DRA Version="1.0"><Auftrag xmlns="urn:ksr:dra:1">'
        b"<AuftragsNr>7</AuftragsNr></Auftrag></DRA>"
    )
    raises(xml, "missing_order")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<Foo/>", "The root element is Foo, not DRA."),
        (
            b'<x:Foo xmlns:x="urn:ksr:dra:1"/>',
            "The root element is Foo (namespace urn:ksr:dra:1), not DRA.",
        ),
    ],
)
def test_wrong_root_message(data, message):
    assert str(raises(data, "wrong_root")) == message


def test_prolog_comments_and_processing_instructions():
    prolog = "<?xml version='1.0'?>\n<!-- <!DOCTYPE in a comment --><?producer SOOM?>\n"
    assert parse_dra(dra_xml(prolog=prolog)).order.order_number == "1"


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE DRA [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<DRA xmlns="urn:ksr:dra:1" Version="1.0" Quelle="&lol9;">
<Auftrag><AuftragsNr>&lol9;</AuftragsNr></Auftrag></DRA>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE DRA [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<DRA xmlns="urn:ksr:dra:1" Version="1.0"><Auftrag><AuftragsNr>&x;</AuftragsNr></Auftrag></DRA>
"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE DRA [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<DRA xmlns="urn:ksr:dra:1" Version="1.0"><Auftrag><AuftragsNr>1</AuftragsNr></Auftrag></DRA>
"""

TRUNCATED_362 = b"""<?xml version='1.0' encoding='UTF-8'?>
<DRA xmlns="urn:ksr:dra:1" Version="1.0">
  <Auftrag>
    <AuftragsNr>202019362</AuftragsNr>
  </Auftrag>
  <Anhaenge>
    <Anhang Typ="Leistungsvereinbarung" Dateiname="202019362Reparaturauftrag.pdf">
      <Inhalt>
JVBERi0xLjMKJZOMi54gUmVwb3J0TGFiIEdlbmVyYXRlZCBQREYgZG9jdW1"""


@pytest.mark.parametrize(
    ("data", "code", "details"),
    [
        pytest.param(b"", "empty", {}, id="empty"),
        pytest.param(b" \r\n\t ", "empty", {}, id="blanks"),
        pytest.param(b"\xef\xbb\xbf\n", "empty", {}, id="bom-only"),
        pytest.param(b"%PDF-1.4\n%...", "not_xml", {"line": 1}, id="pdf"),
        pytest.param(b'{"AuftragsNr": 1}', "not_xml", {"line": 1}, id="json"),
        pytest.param(b"AuftragsNr;Kennzeichen\n1;S-IG 123\n", "not_xml", {"line": 1}, id="csv"),
        pytest.param(b"\x00\x01\x02\x03", "not_xml", {"line": 1}, id="binary"),
        pytest.param(
            dra_xml(auftrag("<Name>x</Hinweise>")),
            "not_xml",
            {"line": 2, "reason": "Opening and ending tag mismatch: Name line 2 and Hinweise"},
            id="tag-mismatch",
        ),
        pytest.param(
            dra_xml(auftrag("<Hinweise>M\xfcller</Hinweise>")).replace(b"\xc3\xbc", b"\xfc"),
            "bad_encoding",
            {"line": 2, "encoding": "UTF-8"},
            id="invalid-utf8",
        ),
        pytest.param(
            dra_xml(auftrag("<Hinweise>&nbsp;</Hinweise>")),
            "not_xml",
            {"line": 2, "reason": "undefined or malformed entity reference at '&nbsp;'"},
            id="undefined-entity",
        ),
        pytest.param(dra_xml() + b"<DRA/>", "not_xml", {"line": 2}, id="two-roots"),
        pytest.param(dra_xml() + b"junk", "not_xml", {"line": 2}, id="text-after-root"),
        pytest.param(TRUNCATED_362, "truncated", {"line": 9}, id="truncated-in-base64"),
        pytest.param(dra_xml()[:-3], "truncated", {"line": 2}, id="truncated-end-tag"),
        pytest.param(b'<?xml version="1.0"?>\n', "truncated", {}, id="declaration-only"),
        pytest.param(b'<?xml version="1.0"?><!-- x', "truncated", {}, id="open-comment"),
        pytest.param(b"<", "truncated", {}, id="one-bracket"),
        pytest.param(BILLION_LAUGHS, "dtd_forbidden", {}, id="billion-laughs"),
        pytest.param(EXTERNAL_ENTITY, "dtd_forbidden", {}, id="external-entity"),
        pytest.param(PARAMETER_ENTITY, "dtd_forbidden", {}, id="parameter-entity"),
        pytest.param(
            dra_xml(prolog="<!DOCTYPE DRA>\n"), "dtd_forbidden", {}, id="doctype-without-entities"
        ),
        pytest.param(
            dra_xml(prolog='<!DOCTYPE DRA SYSTEM "http://127.0.0.1:9/dra.dtd">'),
            "dtd_forbidden",
            {},
            id="external-dtd",
        ),
        pytest.param(
            dra_xml(prolog="<?xml version='1.0'?><!-- c -->\n<?pi x?><!DOCTYPE DRA []>"),
            "dtd_forbidden",
            {},
            id="doctype-after-comment",
        ),
        pytest.param(dra_xml(prolog='<!ENTITY x "y">'), "dtd_forbidden", {}, id="bare-entity"),
        pytest.param(dra_xml(prolog="<!doctype DRA>"), "dtd_forbidden", {}, id="lower-case"),
        pytest.param(
            ("<!DOCTYPE DRA [<!ENTITY x 'y'>]>" + dra_xml().decode()).encode("utf-16"),
            "dtd_forbidden",
            {},
            id="doctype-utf16",
        ),
        pytest.param(
            b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\r\n<!DOCTYPE DRA>' + dra_xml(),
            "dtd_forbidden",
            {},
            id="doctype-bom-crlf",
        ),
        pytest.param(b"<Foo/>", "wrong_root", {"root": "Foo"}, id="other-root"),
        pytest.param(
            b'<Foo xmlns="urn:other" Version="1.0"/>',
            "wrong_root",
            {"root": "{urn:other}Foo"},
            id="other-root-other-namespace",
        ),
        pytest.param(
            b'<x:Foo xmlns:x="urn:ksr:dra:1"/>',
            "wrong_root",
            {"root": "{urn:ksr:dra:1}Foo"},
            id="other-name",
        ),
        pytest.param(
            dra_xml(root='<DRA xmlns="urn:ksr:dra:1" Version="2.0">'),
            "unsupported_version",
            {"version": "2.0"},
            id="version-2",
        ),
        pytest.param(
            dra_xml(root='<DRA xmlns="urn:ksr:dra:1" Version="0.9">'),
            "unsupported_version",
            {"version": "0.9"},
            id="version-0",
        ),
        pytest.param(
            dra_xml(root='<DRA xmlns="urn:ksr:dra:1" Version="eins">'),
            "unsupported_version",
            {"version": "eins"},
            id="version-text",
        ),
        pytest.param(
            b'<DRA xmlns="urn:ksr:dra:2" Version="2.0"/>',
            "unsupported_version",
            {"version": "2.0"},
            id="namespace-2",
        ),
        pytest.param(
            b'<DRA xmlns="urn:ksr:dra:2"/>',
            "unsupported_version",
            {"version": "urn:ksr:dra:2"},
            id="namespace-2-without-version",
        ),
        pytest.param(
            b'<DRA Version="2.0"/>',
            "unsupported_version",
            {"version": "2.0"},
            id="no-namespace-version-2",
        ),
        pytest.param(
            b'<DRA xmlns="urn:other" Version="2.1"/>',
            "unsupported_version",
            {"version": "2.1"},
            id="other-namespace-version-2",
        ),
        pytest.param(dra_xml("<Kopf/>"), "missing_order", {}, id="no-order"),
        pytest.param(
            dra_xml("<Auftrag><SchadenNr>1</SchadenNr></Auftrag>"),
            "missing_order_number",
            {},
            id="no-order-number",
        ),
        pytest.param(
            dra_xml("<Auftrag><AuftragsNr> \n </AuftragsNr></Auftrag>"),
            "missing_order_number",
            {},
            id="blank-order-number",
        ),
        pytest.param(
            attachment("QUJD!"),
            "invalid_base64",
            {"attachment": "a.pdf", "number": 1},
            id="base64-character",
        ),
        pytest.param(
            attachment("QUJDä"),
            "invalid_base64",
            {"attachment": "a.pdf", "number": 1},
            id="base64-non-ascii",
        ),
        pytest.param(
            attachment("QQ==QUJD"),
            "invalid_base64",
            {"attachment": "a.pdf", "number": 1},
            id="base64-after-padding",
        ),
        pytest.param(
            attachment("QQ==\n="),
            "invalid_base64",
            {"attachment": "a.pdf", "number": 1},
            id="base64-too-much-padding",
        ),
        pytest.param(
            attachment("QUJDR"),
            "invalid_base64",
            {"attachment": "a.pdf", "number": 1},
            id="base64-length",
        ),
        pytest.param(
            attachment("QQ"), "invalid_base64", {"attachment": "a.pdf"}, id="base64-padding"
        ),
        pytest.param(
            attachment("QUJD!", name=""),
            "invalid_base64",
            {"attachment": "#1", "number": 1},
            id="base64-unnamed",
        ),
    ],
)
def test_bad_input(data, code, details):
    error = raises(data, code)
    assert {key: error.details.get(key) for key in details} == details


def test_bad_base64_names_the_attachment_among_several():
    good = '<Anhang Dateiname="ok.pdf"><Inhalt>QUJD</Inhalt></Anhang>'
    bad = '<Anhang Dateiname="kaputt.pdf"><Inhalt>QU*JD</Inhalt></Anhang>'
    error = raises(dra_xml(auftrag() + f"<Anhaenge>{good}{bad}</Anhaenge>"), "invalid_base64")
    assert error.details == {"attachment": "kaputt.pdf", "number": 2}
    assert "kaputt.pdf" in str(error)


def test_external_entity_is_never_read():
    error = raises(EXTERNAL_ENTITY, "dtd_forbidden")
    assert "root:" not in str(error) and "root:" not in repr(error.details)


def test_too_large():
    data = sample("KSR202019362.xml")
    error = raises(data, "too_large", max_size=1000)
    assert error.details == {"size": len(data), "max_size": 1000}
    assert parse_dra(data, max_size=len(data)).order.order_number == "202019362"
    assert DEFAULT_MAX_SIZE == 100 * 1024 * 1024
    raises(b" " * (DEFAULT_MAX_SIZE + 1), "too_large")


def _deep(levels: int) -> bytes:
    """Return a DRA file whose order holds ``levels`` nested elements."""
    return (
        b'<DRA xmlns="urn:ksr:dra:1" Version="1.0"><Auftrag><AuftragsNr>1</AuftragsNr>'
        + b"<a>" * levels
        + b"</a>" * levels
        + b"</Auftrag></DRA>"
    )


def test_nesting_up_to_max_depth_is_read():
    assert dra.MAX_DEPTH == 32
    assert parse_dra(_deep(dra.MAX_DEPTH - 2)).order.order_number == "1"
    error = raises(_deep(dra.MAX_DEPTH - 1), "too_deep")
    assert error.details == {"max_depth": 32}
    assert str(error) == "The file nests its elements more than 32 levels deep."


def test_a_million_levels_are_refused_in_little_memory():
    code = (
        "import resource, sys, types\n"
        "package = types.ModuleType('ig_soom_dra')\n"
        f"package.__path__ = [{str(ROOT / 'ig_soom_dra')!r}]\n"
        "sys.modules['ig_soom_dra'] = package\n"
        "from ig_soom_dra.core.dra import DraError, parse_dra\n"
        "data = (b'<DRA xmlns=\"urn:ksr:dra:1\" Version=\"1.0\">' + b'<a>' * 1_000_000"
        " + b'</a>' * 1_000_000 + b'</DRA>')\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    parse_dra(data)\n"
        "except DraError as error:\n"
        "    assert error.code == 'too_deep', error\n"
        "else:\n"
        "    raise AssertionError('read')\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    assert int(result.stdout) < 20 * 1024  # KiB


HEAD = b'<DRA xmlns="urn:ksr:dra:1" Version="1.0"><Auftrag><AuftragsNr>1</AuftragsNr></Auftrag>'


def test_an_element_with_many_attributes_is_refused_before_the_parser_sees_it():
    """libxml2 2.10 checks attributes against each other: 40 000 of them took 15 s."""
    attributes = b" ".join(b'a%d="x"' % number for number in range(300_000))
    error = raises(HEAD + b"<Notiz " + attributes + b"/></DRA>", "too_complex")
    assert error.details == {"what": "attributes", "limit": dra.MAX_ATTRIBUTES}
    # a ">" inside a value does not end the tag
    tricky = b" ".join(b'a%d=">"' % number for number in range(1000))
    raises(HEAD + b"<Notiz " + tricky + b"/></DRA>", "too_complex")
    # as many as allowed are read (and a "<" in a comment or CDATA is no tag)
    allowed = b" ".join(b'a%d="x"' % number for number in range(dra.MAX_ATTRIBUTES))
    document = parse_dra(
        HEAD[: -len(b"</Auftrag>")]
        + b"<!-- <a b='1' c='2'> --><Bemerkung><![CDATA[<x y='1'>]]></Bemerkung></Auftrag>"
        + b"<Notiz "
        + allowed
        + b"/></DRA>"
    )
    assert document.order.order_number == "1"


def test_too_many_elements_or_attachments_are_refused():
    error = raises(HEAD + b"<a/>" * 1_000_000 + b"</DRA>", "too_complex")
    assert error.details == {"what": "elements", "limit": dra.MAX_ELEMENTS}
    attachment = b'<Anhang Typ="Bild" Dateiname="x.png"><Inhalt>AAAA</Inhalt></Anhang>'
    many = HEAD + b"<Anhaenge>" + attachment * (dra.MAX_ATTACHMENTS + 1) + b"</Anhaenge></DRA>"
    error = raises(many, "too_complex")
    assert error.details == {"what": "attachments", "limit": dra.MAX_ATTACHMENTS}
    enough = HEAD + b"<Anhaenge>" + attachment * dra.MAX_ATTACHMENTS + b"</Anhaenge></DRA>"
    assert len(parse_dra(enough).attachments) == dra.MAX_ATTACHMENTS


def test_libxml2_depth_limit_is_too_deep(monkeypatch):
    """Without huge_tree libxml2 stops at 256 levels (at 2048 with it, from
    libxml2 2.11 on); its error is reported as too_deep too."""
    monkeypatch.setattr(dra, "MAX_DEPTH", 100_000)
    monkeypatch.setitem(dra._PARSER_OPTIONS, "huge_tree", False)
    error = raises(_deep(300), "too_deep")
    assert error.details == {"max_depth": 100_000}


@pytest.mark.parametrize(
    ("data", "details"),
    [
        pytest.param(
            dra_xml(prolog="")[:-6] + b"<Hinweise>M\xfcller</Hinweise></DRA>",
            {"encoding": "UTF-8", "line": 1},
            id="latin-1-without-declaration",
        ),
        pytest.param(
            b"\xef\xbb\xbf"
            + dra_xml(auftrag("<Hinweise>M\xfcller</Hinweise>"), prolog="").replace(
                b"\xc3\xbc", b"\xfc"
            ),
            {"encoding": "UTF-8", "line": 1},
            id="latin-1-after-utf-8-bom",
        ),
        pytest.param(
            dra_xml(
                auftrag("<Hinweise>\nM\xfcller</Hinweise>"),
                prolog="<?xml version='1.0' encoding='utf-8'?>\r\n",
            ).replace(b"\xc3\xbc", b"\xfc"),
            {"encoding": "utf-8", "line": 3},
            id="declared-lower-case",
        ),
        pytest.param(
            dra_xml(auftrag("<Hinweise>M\xfcller</Hinweise>")).replace(
                b"\xc3\xbc", b"\xed\xa0\x80"
            ),
            {"encoding": "UTF-8", "line": 2},
            id="utf-8-surrogate",
        ),
        pytest.param(
            dra_xml(
                auftrag("<Hinweise>M\xfcller</Hinweise>"),
                prolog='<?xml version="1.0" encoding="US-ASCII"?>\n',
            ).replace(b"\xc3\xbc", b"\xfc"),
            {"encoding": "US-ASCII", "line": 2},
            id="not-ascii",
        ),
        pytest.param(
            dra_xml(prolog='<?xml version="1.0" encoding="UTF-16"?>\n'),
            {"encoding": "UTF-16", "line": 1},
            id="declared-utf-16-written-utf-8",
        ),
        pytest.param(
            dra_xml(prolog='<?xml version="1.0" encoding="x-unknown"?>\n'),
            {"encoding": "x-unknown", "line": 1},
            id="unknown-encoding",
        ),
        pytest.param(
            ("\ufeff\n" + dra_xml(prolog="").decode()).encode("utf-16-le")[:-1],
            {"encoding": "UTF-16", "line": 2},
            id="utf-16-odd-length",
        ),
        pytest.param(
            dra_xml(auftrag("<Hinweise>\n\nü</Hinweise>"), prolog="")
            .decode()
            .encode("utf-16-be")
            .replace("ü".encode("utf-16-be"), b"\xd8\x00"),
            {"encoding": "UTF-16BE", "line": 3},
            id="utf-16-lone-surrogate",
        ),
        pytest.param(
            ("\ufeff" + dra_xml(prolog="").decode()).encode("utf-32-le")[:-2],
            {"encoding": "UTF-32", "line": 1},
            id="utf-32-cut",
        ),
    ],
)
def test_bytes_not_valid_in_the_encoding(data, details):
    error = raises(data, "bad_encoding")
    assert {key: error.details[key] for key in details} == details
    assert str(error).startswith(
        f"The file is not valid {details['encoding']} (line {details['line']}): "
    )


def test_malformed_xml_in_a_valid_encoding_is_not_xml():
    latin = dra_xml(
        auftrag("<Name>M\xfcller</Hinweise>"),
        prolog="<?xml version='1.0' encoding='ISO-8859-1'?>\n",
    ).replace(b"\xc3\xbc", b"\xfc")
    assert raises(latin, "not_xml").details["line"] == 2
    # The bad byte comes after the error: the error is the one reported.
    later = dra_xml(auftrag("<Name>x</Hinweise>\n<Hinweise>M\xfcller</Hinweise>"))
    raises(later.replace(b"\xc3\xbc", b"\xfc"), "not_xml")


def test_every_truncation_is_reported_as_such():
    data = sample("KSR202019753.xml")
    for cut in range(1, len(data) - 3, 7):
        raises(data[:cut], "truncated")


def test_damaged_files_raise_only_dra_errors():
    """Random byte changes give a document or a DraError, nothing else."""
    data = sample("KSR202019374.xml")
    rng = random.Random(374)
    codes = set()
    for _ in range(300):
        damaged = bytearray(data)
        for _ in range(rng.randrange(1, 4)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            parse_dra(bytes(damaged))
        except DraError as error:
            codes.add(error.code)
    assert codes <= {
        "not_xml",
        "bad_encoding",
        "truncated",
        "dtd_forbidden",
        "wrong_root",
        "unsupported_version",
        "missing_order",
        "missing_order_number",
        "invalid_base64",
    }


# --------------------------------------------------------------------------
# Model and module
# --------------------------------------------------------------------------


def test_model():
    assert ROLES == (
        "Absender",
        "Kunde",
        "Versicherung",
        "Schadenvermittler",
        "Gutachter",
        "Leasinggeber",
        "Fahrzeughalter",
        "Fahrzeugfahrer",
    )
    document = DraDocument(order=DraOrder(order_number="1"), warnings=("x",))
    assert document == DraDocument(order=DraOrder(order_number="1"))
    assert DraParty(role="Kunde").country == "DE"
    assert DraAttachment(content=b"12345").size == 5
    error = DraError("invalid_base64", "bad", {"attachment": "a.pdf"})
    assert (error.code, error.details, str(error)) == (
        "invalid_base64",
        {"attachment": "a.pdf"},
        "bad",
    )
    assert DraError("empty", "The file is empty.").details == {}


def test_layout_maps_every_model_field():
    """Reader and writer share one mapping; it covers every field of the model."""
    layout = dra._LAYOUT_V1
    sections = (
        layout.header,
        layout.order,
        *(spec.section for spec in layout.order.values if isinstance(spec, dra._Items)),
        layout.parties.section,
        layout.vehicle,
        layout.attachments.section,
    )
    for section in sections:
        names = [spec.name for spec in section.values]
        assert sorted(names) == sorted(f.name for f in dataclasses.fields(section.model))
