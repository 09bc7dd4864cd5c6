"""Tests of ig_soom_dra.core.archive: many DRA files in one zip, read safely."""

import io
import struct
import zipfile

import pytest

from ig_soom_dra.core.archive import (
    ArchiveError,
    ArchiveMember,
    SkippedMember,
    is_zip,
    read_zip,
)

XML = b'<?xml version="1.0"?><DRA xmlns="urn:ksr:dra:1" Version="1.0"/>'
MB = 1024 * 1024


def make_zip(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def results(data, **limits):
    limits.setdefault("max_member_size", 10 * MB)
    return list(read_zip(data, **limits))


def test_takes_xml_members_and_reports_the_others():
    data = make_zip(
        [
            ("KSR1.xml", XML),
            ("folder/KSR2.XML", XML + b" "),
            ("photo.jpg", b"\xff\xd8"),
            ("inner.zip", make_zip([("KSR3.xml", XML)])),
        ]
    )
    found = results(data)
    assert found[:2] == [ArchiveMember("KSR1.xml", XML), ArchiveMember("KSR2.XML", XML + b" ")]
    assert [(item.name, item.reason) for item in found[2:]] == [
        ("photo.jpg", "not_xml"),
        ("inner.zip", "not_xml"),
    ]


def test_folders_are_passed_over():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.mkdir("orders")
        archive.writestr("orders/KSR1.xml", XML)
    assert results(buffer.getvalue()) == [ArchiveMember("KSR1.xml", XML)]


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.xml", "/abs/KSR.xml", "C:\\x\\KSR.xml", "a/../../KSR.xml"]
)
def test_path_traversal_is_skipped(name):
    found = results(make_zip([(name, XML), ("ok.xml", XML)]))
    assert isinstance(found[0], SkippedMember)
    assert found[0].reason == "unsafe_name"
    assert found[1] == ArchiveMember("ok.xml", XML)


def test_not_a_zip_is_refused():
    with pytest.raises(ArchiveError) as caught:
        results(b"PK\x03\x04 this is no archive at all")
    assert caught.value.code == "not_zip"


def test_too_many_members_refused_before_reading():
    data = make_zip([(f"KSR{number}.xml", XML) for number in range(11)])
    with pytest.raises(ArchiveError) as caught:
        results(data, max_members=10)
    assert caught.value.code == "too_many_members"
    assert caught.value.details == {"count": 11, "limit": 10}
    assert len(results(data, max_members=11)) == 11


def test_member_over_the_size_limit_is_skipped_from_its_declared_size():
    big = b"<a>" + b" " * (2 * MB) + b"</a>"
    found = results(make_zip([("big.xml", big), ("ok.xml", XML)]), max_member_size=MB)
    assert found[0] == SkippedMember("big.xml", "too_large", {"size": len(big)})
    assert found[1] == ArchiveMember("ok.xml", XML)


def test_bomb_refused_by_declared_total():
    # 20 members of 5 MB of blanks: the archive is tiny, the total is 100 MB
    data = make_zip([(f"KSR{n}.xml", b" " * (5 * MB)) for n in range(20)])
    assert len(data) < MB
    with pytest.raises(ArchiveError) as caught:
        results(data, max_total_size=50 * MB)
    assert caught.value.code == "too_large"
    assert caught.value.details["size"] == 100 * MB


def _lying_zip(real, declared):
    """A zip whose directory declares ``declared`` bytes for a member of ``real``
    (a zip bomb that lies about its size)."""
    data = bytearray(make_zip([("KSR.xml", real)]))
    packed_real = struct.pack("<I", len(real))
    packed_declared = struct.pack("<I", declared)
    # local header (offset 22) and central directory (offset 24 of its entry)
    local = data.index(b"PK\x03\x04")
    assert data[local + 22 : local + 26] == packed_real
    data[local + 22 : local + 26] = packed_declared
    central = data.index(b"PK\x01\x02")
    assert data[central + 24 : central + 28] == packed_real
    data[central + 24 : central + 28] = packed_declared
    return bytes(data)


def test_bomb_refused_by_real_size():
    real = b" " * (4 * MB)
    found = results(_lying_zip(real, 1000), max_member_size=MB)
    assert found == [SkippedMember("KSR.xml", "damaged")]


def test_damaged_member_is_skipped_alone():
    data = bytearray(make_zip([("bad.xml", XML * 50), ("ok.xml", XML)]))
    start = data.index(b"bad.xml") + len(b"bad.xml")
    data[start + 5 : start + 15] = b"\x00" * 10
    found = results(bytes(data))
    assert found[0] == SkippedMember("bad.xml", "damaged")
    assert found[1] == ArchiveMember("ok.xml", XML)


def test_encrypted_member_is_skipped():
    data = bytearray(make_zip([("KSR.xml", XML)], compression=zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        flags = struct.unpack("<H", data[at : at + 2])[0] | 0x1
        data[at : at + 2] = struct.pack("<H", flags)
    assert results(bytes(data)) == [SkippedMember("KSR.xml", "encrypted", {"size": len(XML)})]


def test_reads_a_file_object_and_is_zip():
    data = make_zip([("KSR.xml", XML)])
    assert results(io.BytesIO(data)) == [ArchiveMember("KSR.xml", XML)]
    assert is_zip("x.zip", data[:4])
    assert not is_zip("KSR.xml", XML[:4])
