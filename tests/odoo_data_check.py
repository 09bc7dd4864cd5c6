"""Data of the backup-and-restore and the upgrade test (tests/run_all.sh).

    python3 tests/odoo_data_check.py seed DATABASE [odoo options]
    python3 tests/odoo_data_check.py fingerprint DATABASE [odoo options]

``seed`` adds, and commits, what a workshop's database holds and a backup
must keep: an IG order with its DRA file, two documents, milestones sent to
SOOM, a transmission log and a portal connection with a password.
``fingerprint`` prints, as JSON, the broker orders with their milestones
sent, their documents (name, type and the SHA-256 of the bytes read back
through Odoo, so from the filestore), the transmission log and the portal
connections (the password as its SHA-256 only). The backup test compares the
fingerprint of a database with that of its restored copy, the upgrade test
the fingerprint under the previous version with that after the upgrade: both
use only fields that every version since 18.0.3.0.0 has.
"""

import base64
import hashlib
import json
import sys

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry


def seed(env):
    broker = env.ref("ig_soom_dra.broker_innovation_group")
    customer = env["res.partner"].create({"name": "Backup Müller", "zip": "70173"})
    order = env["repair.order"].create(
        {
            "partner_id": customer.id,
            "broker_id": broker.id,
            "broker_order_ref": "BACKUP-202019362",
            "soom_case_id": "backup-case-1",
            "vehicle_plate": "S-BK 123",
            "dra_file": base64.b64encode(b"<DRA>backup</DRA>"),
            "dra_filename": "KSR_backup.xml",
            "call_time": fields.Datetime.now(),
        }
    )
    for name, data in (
        ("Gutachten.pdf", b"%PDF-1.4 backup\n" * 200),
        ("Foto.jpg", bytes(range(256)) * 40),
    ):
        env["ir.attachment"].create(
            {"name": name, "raw": data, "res_model": "repair.order", "res_id": order.id}
        )
    connection = env["dra.broker.connection"].search(
        [("broker_id", "=", broker.id), ("company_id", "=", env.company.id)]
    ) or env["dra.broker.connection"].create({"broker_id": broker.id, "company_id": env.company.id})
    # BACKUP_PASSWORD of ig_soom_dra/tests/common.py: no log may hold it
    connection.write(
        {
            "base_url": "http://localhost:8099",
            "username": "werkstatt",
            "password": "Backup-Kennwort-e21f",
        }
    )
    transmission = env["soom.transmission"].create(
        {
            "kind": "status",
            "connection_id": connection.id,
            "order_id": order.id,
            "soom_case_id": order.soom_case_id,
            "values_json": json.dumps({"call_time": "2026-12-02T10:00:00+01:00"}),
            "payload": json.dumps({"Anrufzeitpunkt": "2026-12-02T10:00:00+01:00"}),
            "state": "success",
        }
    )
    order._soom_mark_sent({"call_time": "2026-12-02T10:00:00+01:00"}, transmission)


def fingerprint(env):
    orders = env["repair.order"].search([("broker_id", "!=", False)], order="name")
    result = {"orders": [], "connections": []}
    for order in orders:
        documents = env["ir.attachment"].search(
            [("res_model", "=", "repair.order"), ("res_id", "=", order.id)], order="name, id"
        )
        result["orders"].append(
            {
                "name": order.name,
                "broker_order_ref": order.broker_order_ref,
                "soom_case_id": order.soom_case_id,
                "customer": order.partner_id.name,
                "plate": order.vehicle_plate,
                "dra_file": [
                    order.dra_filename,
                    hashlib.sha256(base64.b64decode(order.dra_file or b"")).hexdigest(),
                ],
                "documents": [
                    [
                        doc.name,
                        doc.res_field,
                        doc.dra_document_type,
                        hashlib.sha256(doc.raw or b"").hexdigest(),
                    ]
                    for doc in documents
                ],
                "sent": [
                    [sent.key, sent.value_json, sent.source]
                    for sent in order.soom_sent_ids.sorted("key")
                ],
                "transmissions": [
                    [t.kind, t.state, t.values_json, t.payload, str(t.sent_at)]
                    for t in order.soom_transmission_ids.sorted("id")
                ],
            }
        )
    for connection in (
        env["dra.broker.connection"].with_context(active_test=False).search([], order="id")
    ):
        result["connections"].append(
            [
                connection.broker_id.code,
                connection.company_id.name,
                connection.base_url,
                connection.username,
                hashlib.sha256((connection.password or "").encode()).hexdigest(),
            ]
        )
    return result


def main(argv):
    command, database, *odoo_args = argv
    odoo.tools.config.parse_config(["-d", database, *odoo_args])
    with Registry(database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if command == "seed":
            seed(env)
        elif command == "fingerprint":
            print(json.dumps(fingerprint(env), indent=1, sort_keys=True))
        else:
            raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
