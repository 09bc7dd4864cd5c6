"""Tests of what the DRA export adds to the pure core: the writer in pieces
(``dra.write_dra_chunks``, ``dra.encoded_size``) and the order data mapping
both ways (``ig_soom_dra.core.order_data``), without Odoo."""

import dataclasses
import random
from datetime import datetime
from pathlib import Path

import pytest

from ig_soom_dra.core import dra, order_data
from ig_soom_dra.core.dra import DraAttachment, DraService

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_files").glob("KSR*.xml"))
EXAMPLES = sorted((ROOT.parent / "shared/dra/examples").glob("*.xml"))


def _documents():
    files = SAMPLES + EXAMPLES
    assert len(SAMPLES) >= 4
    return [(path.name, dra.parse_dra(path.read_bytes())) for path in files]


@pytest.mark.parametrize("encoding", ["UTF-8", "windows-1252"])
def test_pieces_are_the_bytes_of_write_dra(encoding):
    for name, document in _documents():
        written = dra.write_dra(document, encoding=encoding)
        assert b"".join(dra.write_dra_chunks(document, encoding=encoding)) == written, name
        bare = dataclasses.replace(document, attachments=())
        assert b"".join(dra.write_dra_chunks(bare, encoding=encoding)) == dra.write_dra(
            bare, encoding=encoding
        ), name


def test_pieces_with_other_attachments_read_back():
    _name, document = _documents()[0]
    extra = (
        DraAttachment(
            type="Rechnung",
            filename="RE-1.pdf",
            mimetype="application/pdf",
            description="Rechnung <1> & Co",
            content=b"%PDF-1.4 " + bytes(range(256)),
        ),
        DraAttachment(type="Bild", filename="leer.png", mimetype="image/png", content=b"\x89PNG"),
    )
    pieces = list(dra.write_dra_chunks(document, iter(extra)))
    again = dra.parse_dra(b"".join(pieces))
    assert again == dataclasses.replace(document, attachments=extra)
    assert b"".join(pieces) == dra.write_dra(dataclasses.replace(document, attachments=extra))


def test_pieces_hold_a_large_content_in_slices():
    _name, document = _documents()[0]
    large = DraAttachment(
        type="Gutachten",
        filename="gross.pdf",
        mimetype="application/pdf",
        description="Gutachten",
        content=random.Random(3).randbytes(3 * 1024 * 1024 + 7),
    )
    pieces = list(dra.write_dra_chunks(document, [large]))
    assert b"".join(pieces) == dra.write_dra(dataclasses.replace(document, attachments=(large,)))
    # no piece holds the whole base64 of the content (4 MiB): slices of about 1.2 MiB
    assert max(len(piece) for piece in pieces) < 1.3 * 1024 * 1024
    assert dra.parse_dra(b"".join(pieces)).attachments == (large,)


def test_pieces_read_each_attachment_only_when_its_turn_comes():
    _name, document = _documents()[0]
    read = []

    def lazily():
        for number in range(3):
            read.append(number)
            yield DraAttachment(type="Sonstiges", filename=f"{number}.txt", content=b"x" * 10)

    pieces = dra.write_dra_chunks(document, lazily())
    seen = []
    for piece in pieces:
        if piece.lstrip().startswith(b"<Anhang "):
            seen.append(list(read))
    # when an attachment's piece comes, no later attachment was read yet
    assert seen == [[0], [0, 1], [0, 1, 2]]


def test_pieces_refuse_an_order_without_number_before_writing():
    _name, document = _documents()[0]
    nameless = dataclasses.replace(
        document, order=dataclasses.replace(document.order, order_number="")
    )
    with pytest.raises(dra.DraError) as error:
        next(dra.write_dra_chunks(nameless))
    assert error.value.code == "missing_order_number"


@pytest.mark.parametrize("size", [0, 1, 2, 3, 56, 57, 58, 100, 1000, 123457])
def test_encoded_size_is_the_size_written(size):
    content = bytes(index % 251 for index in range(size))
    assert dra.encoded_size(size) == len(dra._write_base64(content).encode("ascii"))


def test_cover_types_and_roadworthiness_both_ways():
    for text, key in order_data.COVER_TYPES.items():
        assert order_data.cover_type_key(text) == key
        assert order_data.cover_type_key(f"  {text.upper()} ") == key
        assert order_data.cover_type_text(key) == text
    for text, key in order_data.ROADWORTHINESS.items():
        assert order_data.roadworthy_key(text.capitalize()) == key
        assert order_data.roadworthy_text(key) == text
    assert order_data.cover_type_key("Vollkasko plus") is None
    assert order_data.cover_type_text(False) is None
    assert order_data.roadworthy_key(None) is None
    assert order_data.roadworthy_text("maybe") is None


def test_services_text_both_ways():
    services = (
        DraService(code="HOL", text="Hol- und Bringservice"),
        DraService(code="REI"),
        DraService(text="Fahrzeugreinigung innen"),
        DraService(code="LFZ_A", text="Leihfahrzeug – Gruppe A"),
    )
    text = order_data.services_text(services)
    assert text.splitlines()[0] == "HOL – Hol- und Bringservice"
    assert order_data.services_from_text(text) == services
    # blank lines and blanks do not count; a dash in a text without code stays text
    assert order_data.services_from_text("\n  Lack – nur Stoßfänger \n\n") == (
        DraService(text="Lack – nur Stoßfänger"),
    )
    assert order_data.services_from_text(False) == ()
    assert order_data.services_text(()) == ""


def test_services_of_every_sample_survive_the_order_text():
    for name, document in _documents():
        services = document.order.services
        assert order_data.services_from_text(order_data.services_text(services)) == services, name


def test_local_times_both_ways():
    # winter (CET, UTC+1) and summer (CEST, UTC+2)
    assert order_data.to_utc(datetime(2018, 3, 2, 14, 54)) == datetime(2018, 3, 2, 13, 54)
    assert order_data.to_utc(datetime(2018, 7, 2, 14, 54)) == datetime(2018, 7, 2, 12, 54)
    assert order_data.to_local(datetime(2018, 3, 2, 13, 54)) == datetime(2018, 3, 2, 14, 54)
    assert order_data.to_local(datetime(2018, 7, 2, 12, 54, 3, 500)) == datetime(
        2018, 7, 2, 14, 54, 3
    )
    for name, document in _documents():
        for value in (document.order.placed_at, document.header.created_at):
            assert order_data.to_local(order_data.to_utc(value)) == value, name
    assert order_data.to_utc(None) is None
    assert order_data.to_local(None) is None


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Michaela Musterkunde", ("Musterkunde", "Michaela")),
        ("Hans Peter  Müller", ("Müller", "Hans Peter")),
        ("Maria von der Leyen", ("von der Leyen", "Maria")),
        ("Jan van Dijk", ("van Dijk", "Jan")),
        ("Müller, Hans", ("Müller", "Hans")),
        ("Müller,", ("Müller", None)),
        ("Cher", ("Cher", None)),
        ("  ", (None, None)),
        (None, (None, None)),
        ("Von Trapp", ("Trapp", "Von")),
    ],
)
def test_split_person_name(full, expected):
    assert order_data.split_person_name(full) == expected


def test_split_person_name_joins_back():
    for full in ("Michaela Musterkunde", "Maria von der Leyen", "Smith Justin", "Dr. Eva Roth"):
        name, first = order_data.split_person_name(full)
        assert " ".join(filter(None, [first, name])) == full
