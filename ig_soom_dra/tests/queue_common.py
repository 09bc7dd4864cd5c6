# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""DRA files and zip archives for the tests of the import of many files."""

import io
import zipfile

from ..core import dra


def party(role, name, **values):
    return dra.DraParty(role=role, name=name, **values)


def dra_file(number, customer=None, plate=None, vin=None, parties=()):
    """A DRA file of order ``number`` with the given customer (a DraParty)."""
    roles = {item.role: item for item in ((customer,) if customer else ()) + tuple(parties)}
    vehicle = dra.DraVehicle(plate=plate, vin=vin) if (plate or vin) else None
    return dra.write_dra(
        dra.DraDocument(order=dra.DraOrder(order_number=number), parties=roles, vehicle=vehicle)
    )


def zip_of(members):
    """A zip archive of ``(name, bytes)``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def bad_files(good):
    """A DTD, a truncated file and a file that is no XML, named as DRA files."""
    dtd = good.replace(b"<DRA ", b'<!DOCTYPE DRA [<!ENTITY x "y">]>\n<DRA ', 1)
    return [
        ("KSR_dtd.xml", dtd),
        ("KSR_truncated.xml", good[: len(good) // 2]),
        ("KSR_text.xml", b"This is no XML file, but a note.\n"),
    ]
