"""Write the project's DRA sample files (deterministically) with ``write_dra``.

Run from anywhere: ``python3 sample_files/generate.py``. It writes them here,
for users, and into the addon's test data (``ig_soom_dra/tests/data/``), so
that the addon's tests need nothing outside the addon. The files follow the
shapes of the shared examples (``shared/dra/examples``) with the same order
numbers, parties, plates and VINs; their documents are generated here: small
PDFs with readable text and PNG pictures.

- ``KSR202019362.xml``: UTF-8, ISO values, no VIN, make and model "Sonstige".
- ``KSR202019374.xml``: windows-1252 with CRLF line ends, German dates and
  amounts, the house number inside the street, a driver.
- ``KSR202019753.xml``: UTF-8 with a byte order mark, "Smith Justin" in the
  name without first name, empty parties, a lessor, no SOOM case id.
- ``KSR202019900.xml``: many photos (40 PNG pictures) beside the PDFs.
"""

import random
import re
import struct
import sys
import types
import zlib
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ADDON = HERE.parent / "ig_soom_dra"
# Import the pure core package without executing the Odoo addon's __init__.
if "ig_soom_dra" not in sys.modules:
    _package = types.ModuleType("ig_soom_dra")
    _package.__path__ = [str(ADDON)]
    sys.modules["ig_soom_dra"] = _package

from ig_soom_dra.core.dra import (  # noqa: E402
    DraAttachment,
    DraDocument,
    DraHeader,
    DraOrder,
    DraParty,
    DraService,
    DraVehicle,
    write_dra,
)

# --------------------------------------------------------------------------
# Documents: a minimal PDF writer and a PNG writer
# --------------------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    """Return ``text`` as a PDF literal string in WinAnsi encoding."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(title: str, pages: list[list[str]]) -> bytes:
    """Return a valid PDF with one page per list of lines, in Helvetica.

    The first line of each page is set as a heading. Objects: 1 catalog,
    2 page tree, 3 and 4 fonts, 5 info, then a page and its content stream
    for each page.
    """
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the page numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title " + _pdf_string(title) + b" /Producer (sample_files/generate.py) >>",
    ]
    page_refs = []
    for lines in pages:
        heading, *body = lines
        stream = [b"BT /F2 15 Tf 56 780 Td " + _pdf_string(heading) + b" Tj ET"]
        stream.append(b"BT /F1 11 Tf 15 TL 56 748 Td")
        stream.extend(_pdf_string(line) + b" Tj T*" for line in body)
        stream.append(b"ET")
        content = b"\n".join(stream)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
            b"/Contents %d 0 R >>" % (len(objects) + 2)
        )
        page_refs.append(b"%d 0 R" % len(objects))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(page_refs), len(pages))

    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n" % (len(objects) + 1)
    pdf += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(pdf)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """Return one PNG chunk with its length and checksum."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png(seed: int, width: int = 96, height: int = 64) -> bytes:
    """Return a small RGB PNG: a coloured sky, a car body and two wheels.

    ``seed`` picks the colours and a little noise, so every picture differs
    and is a few kilobytes big.
    """
    rng = random.Random(seed)
    sky = [rng.randrange(90, 230) for _ in range(3)]
    body = [rng.randrange(20, 200) for _ in range(3)]
    rows = []
    for y in range(height):
        row = bytearray(b"\0")  # filter type "none"
        for x in range(width):
            if (x - 28) ** 2 + (y - 48) ** 2 <= 64 or (x - 68) ** 2 + (y - 48) ** 2 <= 64:
                colour = (25, 25, 25)
            elif (14 <= x <= 82 and 30 <= y <= 46) or (30 <= x <= 66 and 18 <= y < 30):
                colour = tuple(body)
            elif y > 54:
                colour = (110, 110, 110)
            else:
                colour = tuple(max(0, channel - y) for channel in sky)
            row += bytes(max(0, min(255, c + rng.randrange(-1, 2))) for c in colour)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


# --------------------------------------------------------------------------
# The orders
# --------------------------------------------------------------------------

IG = {
    "name": "Innovation Group AG",
    "street": "Rotebühlstraße",
    "house_number": "121",
    "zip": "70178",
    "city": "Stuttgart",
    "phones": ("490711664900", "49071166491099"),
    "phone_type": "Arbeit",
    "faxes": ("4907116649011035",),
    "email": "motor@de.innovation-group.com",
}
INSURER = {"name": "Test Versicherung", "street": "Teststr. 1", "zip": "70178", "city": "Stuttgart"}


def _address(party: DraParty | None) -> str:
    """Return a one-line address for the documents."""
    if party is None:
        return "-"
    name = " ".join(filter(None, (party.first_name, party.name)))
    street = " ".join(filter(None, (party.street, party.house_number)))
    return ", ".join(filter(None, (name, street, " ".join(filter(None, (party.zip, party.city))))))


def order_pdf(document: DraDocument) -> bytes:
    """Return the broker's order / service agreement of ``document`` as a PDF."""
    order, vehicle = document.order, document.vehicle or DraVehicle()
    number = order.order_number
    deductible = (
        f"{order.deductible:.2f}".replace(".", ",") + f" {order.deductible_currency}"
        if order.deductible is not None
        else "-"
    )
    page_1 = [
        f"Vermittlungsauftrag / Leistungsvereinbarung – Auftrag {number}",
        "Innovation Group AG, Rotebühlstraße 121, 70178 Stuttgart",
        "",
        f"Auftragsnummer (ARA-Nr.): {number}",
        f"Auftragsart: {order.order_kind or '-'}",
        f"Schadenart: {order.damage_kind or '-'}",
        f"Kunde: {_address(document.parties.get('Kunde'))}",
        f"Fahrzeug: {vehicle.plate or '-'}, {vehicle.make or '-'} {vehicle.model or ''}".rstrip(),
        f"Fahrgestellnummer: {vehicle.vin or 'nicht bekannt'}",
        f"Versicherung: {_address(document.parties.get('Versicherung'))}",
        f"Versicherungsart: {order.cover_type or '-'}, Police {order.policy_number or '-'}",
        f"Selbstbeteiligung: {deductible}",
        f"Fahrzeugstandort: {order.vehicle_location or '-'}",
        "Leistungen: " + (", ".join(s.text for s in order.services if s.text) or "keine"),
    ]
    page_2 = [
        f"Leistungsvereinbarung – Auftrag {number} – Unterschriften",
        "Der Kunde beauftragt die Werkstatt mit der Reparatur des oben genannten Fahrzeugs.",
        "Die Reparaturkosten werden direkt mit der Versicherung abgerechnet.",
        "",
        "Ort, Datum: ______________________________",
        "Unterschrift Kunde: ______________________________",
        "Unterschrift Werkstatt: ______________________________",
    ]
    return make_pdf(f"Leistungsvereinbarung {number}", [page_1, page_2])


def checklist_pdf(document: DraDocument) -> bytes:
    """Return Innovation Group's checklist for ``document`` as a PDF."""
    number = document.order.order_number
    return make_pdf(
        f"IG Checkliste {number}",
        [
            [
                f"IG Checkliste – Auftrag {number}",
                "[ ] Kunde innerhalb von 24 Stunden kontaktiert",
                "[ ] Besichtigungstermin vereinbart und an SOOM gemeldet",
                "[ ] Leistungsvereinbarung vom Kunden unterschrieben",
                "[ ] Reparaturkostenübernahme (RKÜ) unterschrieben",
                "[ ] Kostenvoranschlag an die Versicherung gesendet",
                "[ ] Reparaturbeginn und erwartetes Reparaturende an SOOM gemeldet",
                "[ ] Fahrzeug gereinigt übergeben",
            ]
        ],
    )


def with_documents(
    document: DraDocument,
    photos: tuple[DraAttachment, ...] = (),
    *,
    checklist: bool = True,
    description: str = "Vermittlungsauftrag / Leistungsvereinbarung",
) -> DraDocument:
    """Return ``document`` with the broker's order form (described so), its
    checklist when asked for, and ``photos`` attached."""
    number = document.order.order_number
    attachments = [
        DraAttachment(
            type="Leistungsvereinbarung",
            filename=f"{number}Reparaturauftrag.pdf",
            mimetype="application/pdf",
            description=description,
            content=order_pdf(document),
        )
    ]
    if checklist:
        attachments.append(
            DraAttachment(
                type="Checkliste",
                filename=f"{number}Checkliste.pdf",
                mimetype="application/pdf",
                description="IG Checkliste",
                content=checklist_pdf(document),
            )
        )
    return replace(document, attachments=(*attachments, *photos))


def photo(filename: str, description: str, seed: int) -> DraAttachment:
    """Return a PNG photo attachment."""
    return DraAttachment(
        type="Bild",
        filename=filename,
        mimetype="image/png",
        description=description,
        content=make_png(seed),
    )


def order_362() -> DraDocument:
    """Order 202019362: the plain UTF-8 shape."""
    customer = {
        "name": "Musterkunde",
        "first_name": "Michaela",
        "street": "Musterstraße",
        "house_number": "456",
        "zip": "20095",
        "city": "Hamburg",
    }
    document = DraDocument(
        header=DraHeader(
            created_at=datetime(2018, 2, 28, 9, 12), source="SOOM", filename="KSR202019362.xml"
        ),
        order=DraOrder(
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
        ),
        parties={
            "Absender": DraParty(role="Absender", **IG),
            "Kunde": DraParty(
                role="Kunde",
                **customer,
                phones=("040 1234567",),
                phone_type="Privat",
                email="michaela.musterkunde@example.org",
            ),
            "Versicherung": DraParty(role="Versicherung", **INSURER),
            "Schadenvermittler": DraParty(role="Schadenvermittler", **IG),
            "Fahrzeughalter": DraParty(role="Fahrzeughalter", **customer),
        },
        vehicle=DraVehicle(plate="S-IG 123", make="Sonstige", model="Sonstige", odometer=0),
    )
    return with_documents(document)


def order_374() -> DraDocument:
    """Order 202019374: written as windows-1252 with German values."""
    customer = {
        "name": "Müller",
        "first_name": "Gertrud",
        "street": "Schillingstraße 122",
        "zip": "80335",
        "city": "München",
    }
    mobile = {"phones": ("0176-4547794",), "phone_type": "Mobil"}
    document = DraDocument(
        header=DraHeader(
            created_at=datetime(2018, 3, 2, 14, 55), source="SOOM", filename="KSR202019374.xml"
        ),
        order=DraOrder(
            order_number="202019374",
            soom_case_id="1a941996-cc76-438c-8692-1f96eb89668d",
            order_kind="Reparatur Komfort",
            damage_kind="Brand, Explosion",
            cover_type="Teilkasko",
            policy_number="KT-4471-0815",
            claim_number="S-2018-000374",
            damage_date=date(2018, 3, 1),
            deductible=Decimal("150.00"),
            deductible_currency="EUR",
            damage_description="Kabelbrand im Motorraum, Motorhaube verzogen",
            roadworthy="nein",
            courtesy_car_class="Nicht erforderlich",
            vehicle_location="Schillingstraße 122, 80335 München",
            placed_at=datetime(2018, 3, 2, 14, 54),
            driver_phone="0176-4547794",
            notes="Kundin ist vormittags erreichbar.",
        ),
        parties={
            "Absender": DraParty(role="Absender", **IG),
            "Kunde": DraParty(role="Kunde", **customer, **mobile),
            "Versicherung": DraParty(role="Versicherung", **INSURER),
            "Schadenvermittler": DraParty(role="Schadenvermittler", **IG),
            "Fahrzeughalter": DraParty(role="Fahrzeughalter", **customer),
            "Fahrzeugfahrer": DraParty(
                role="Fahrzeugfahrer", name="Müller", first_name="Gertrud", **mobile
            ),
        },
        vehicle=DraVehicle(
            plate="M-ZZ 44",
            vin="WDD1173421N456789",
            hsn="1313",
            tsn="BKF",
            make="Mercedes-Benz",
            model="CLA",
            first_registration=date(2016, 5, 12),
            odometer=45210,
            color="polarsilber",
        ),
    )
    return with_documents(document, (photo("motorraum.png", "Foto Motorraum", 374),))


def order_753() -> DraDocument:
    """Order 202019753: "Smith Justin", a lessor, no SOOM case id."""
    customer = {
        "name": "Smith Justin",
        "street": "Musterstr. 99",
        "zip": "60386",
        "city": "Frankfurt am Main",
    }
    document = DraDocument(
        header=DraHeader(created_at=datetime(2018, 3, 5, 8, 0), source="SOOM", filename="753.xml"),
        order=DraOrder(
            order_number="202019753",
            order_kind="Reparatur Direkt",
            damage_kind="Glasbruch",
            cover_type="Vollkasko",
            policy_number="99-9999799-99",
            deductible=Decimal("300"),
            deductible_currency="EUR",
            roadworthy="ja",
            courtesy_car_class="Gruppe A",
            vehicle_location="Musterstr. 99, 60386 Frankfurt am Main",
        ),
        parties={
            "Absender": DraParty(
                role="Absender",
                name="Mustermann",
                street="Mandantenweg 12",
                zip="89346",
                city="Bibertal",
            ),
            "Kunde": DraParty(
                role="Kunde", **customer, phones=("069/4711-0",), phone_type="Arbeit"
            ),
            "Versicherung": DraParty(role="Versicherung", **INSURER),
            "Schadenvermittler": DraParty(role="Schadenvermittler", **IG),
            "Leasinggeber": DraParty(role="Leasinggeber", **INSURER),
            "Fahrzeughalter": DraParty(role="Fahrzeughalter", **customer),
        },
        vehicle=DraVehicle(
            plate="F-JS 753",
            vin="ZFA31200000753001",
            make="Fiat",
            model="500",
            first_registration=date(2015, 7, 1),
            odometer=88012,
        ),
    )
    photos = (
        photo("scheibe_vorne.png", "Frontscheibe", 7531),
        photo("fahrzeugschein.png", "Fahrzeugschein", 7532),
    )
    return with_documents(document, photos, checklist=False, description="Vermittlungsauftrag")


def order_900() -> DraDocument:
    """Order 202019900: many photos."""
    customer = {
        "name": "Schneider",
        "first_name": "Thomas",
        "street": "Königstraße",
        "house_number": "28",
        "zip": "70173",
        "city": "Stuttgart",
    }
    document = DraDocument(
        header=DraHeader(
            created_at=datetime(2018, 3, 9, 11, 30), source="SOOM", filename="KSR202019900.xml"
        ),
        order=DraOrder(
            order_number="202019900",
            soom_case_id="5f3d2a10-8b7e-4c1a-9e55-0c2b9d7a0900",
            order_kind="Reparatur Komfort",
            damage_kind="Hagel",
            cover_type="Teilkasko",
            policy_number="TK-9900-4711",
            claim_number="S-2018-000900",
            damage_date=date(2018, 3, 7),
            deductible=Decimal("150.00"),
            deductible_currency="EUR",
            damage_description="Hagelschaden an Dach, Motorhaube und Kofferraumdeckel",
            roadworthy="ja",
            courtesy_car_class="Gruppe B",
            vehicle_location="Königstraße 28, 70173 Stuttgart",
            placed_at=datetime(2018, 3, 9, 11, 25),
            driver_phone="0711 2345678",
            services=(DraService(code="HOL", text="Hol- und Bringservice"),),
        ),
        parties={
            "Absender": DraParty(role="Absender", **IG),
            "Kunde": DraParty(
                role="Kunde",
                **customer,
                phones=("0711 2345678", "0171 9876543"),
                phone_type="Privat",
                email="thomas.schneider@example.org",
            ),
            "Versicherung": DraParty(role="Versicherung", **INSURER),
            "Schadenvermittler": DraParty(role="Schadenvermittler", **IG),
            "Fahrzeughalter": DraParty(role="Fahrzeughalter", **customer),
        },
        vehicle=DraVehicle(
            plate="S-TS 900",
            vin="WVWZZZ1KZ6W000900",
            hsn="0603",
            tsn="AHU",
            make="Volkswagen",
            model="Golf",
            first_registration=date(2017, 4, 3),
            odometer=31250,
            color="tornadorot",
        ),
    )
    photos = tuple(
        photo(f"hagel_{index:02d}.png", f"Hagelschaden Foto {index}", 9000 + index)
        for index in range(1, 41)
    )
    return with_documents(document, photos)


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------

_GERMAN_DATETIME_ELEMENTS = re.compile(
    rb"<(ErstelltAm|VermitteltAm)>(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):00</"
)
_GERMAN_DATE_ELEMENTS = re.compile(rb"<(Schadentag|Erstzulassung)>(\d{4})-(\d\d)-(\d\d)</")
_GERMAN_AMOUNT_ELEMENTS = re.compile(rb"(<Selbstbeteiligung[^>]*>)(\d+)\.(\d\d)</")


def germanise(xml: bytes) -> bytes:
    """Rewrite the ISO dates and amounts of ``xml`` in German notation."""
    xml = _GERMAN_DATETIME_ELEMENTS.sub(rb"<\1>\4.\3.\2 \5:\6</", xml)
    xml = _GERMAN_DATE_ELEMENTS.sub(rb"<\1>\4.\3.\2</", xml)
    return _GERMAN_AMOUNT_ELEMENTS.sub(rb"\1\2,\3</", xml)


def add_empty_parties(xml: bytes, *roles: str) -> bytes:
    """Add an empty party element for each role (a producer's "not given")."""
    empty = b"".join(b'  <Beteiligter Rolle="%s"/>\n  ' % role.encode() for role in roles)
    return xml.replace(b"</Beteiligte>", empty + b"</Beteiligte>")


def files() -> dict[str, bytes]:
    """Return the sample files by name."""
    return {
        "KSR202019362.xml": write_dra(order_362()),
        "KSR202019374.xml": germanise(write_dra(order_374(), encoding="windows-1252", crlf=True)),
        "KSR202019753.xml": add_empty_parties(
            write_dra(order_753(), bom=True), "Gutachter", "Fahrzeugfahrer"
        ),
        "KSR202019900.xml": write_dra(order_900()),
    }


#: The folders the files are written to: this one and the addon's test data.
TARGETS = (HERE, ADDON / "tests" / "data")


def main() -> None:
    """Write the sample files next to this script and into the addon's test data."""
    for name, data in files().items():
        for folder in TARGETS:
            (folder / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
