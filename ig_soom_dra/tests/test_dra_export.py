# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Als DRA exportieren: the order as a DRA file, and the file taken over again."""

import dataclasses
import html
import re
from contextlib import closing, contextmanager

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

from ..core import dra, matching, order_data
from ..models.ir_attachment import DRA_DOCUMENT_TYPES
from ..models.repair_order import PARTY_ROLE_FIELDS
from .common import SAMPLE_DIR, IgSoomCommonMixin, order_documents, sample_bytes
from .test_dra_import_tour import SHARED_EXAMPLES

FILE_374 = "KSR202019374.xml"
FILE_PHOTOS = "KSR202019900.xml"


def dra_files():
    """The project's samples and, when they lie beside the repository, the shared examples."""
    files = sorted(SAMPLE_DIR.glob("KSR*.xml"))
    if SHARED_EXAMPLES.is_dir():
        files += sorted(SHARED_EXAMPLES.glob("*.xml"))
    return files


class DraExportMixin(IgSoomCommonMixin):
    """Take files over and export orders as a workshop user does."""

    @classmethod
    def _setup_export(cls):
        cls._setup_ig_soom()
        # Contacts like the files' parties (the demo data has some) are archived:
        # the takeover makes each contact from the file, so that the order holds
        # the file's data and the round trip can be compared with the file.
        names = {
            matching.display_name(party)
            for path in dra_files()
            for party in dra.parse_dra(path.read_bytes()).parties.values()
        }
        cls.env["res.partner"].search(
            [("name", "in", list(names)), ("user_ids", "=", False)]
        ).active = False

    def _take_over(self, data, filename, user=None):
        """The order the assistant makes of ``data``: new contacts for the parties
        it does not know, everything ticked that it ticks."""
        wizard = self._start_wizard(data, filename, user=user)
        self.assertTrue(wizard.loaded, wizard.error_message)
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="finish").action_goto_step()
        self.assertTrue(wizard.can_confirm)
        return wizard.env["repair.order"].browse(wizard.action_confirm()["res_id"])

    def _export_wizard(self, order, user=None):
        env = self.env(user=user) if user else self.env
        context = {"active_model": "repair.order", "active_id": order.id}
        with Form(env["dra.export.wizard"].with_context(**context)) as form:
            pass
        return form.record

    def _exported(self, wizard):
        """The bytes of the file the wizard wrote."""
        wizard.action_export()
        self.assertEqual(wizard.state, "done")
        stored = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", wizard._name),
                    ("res_field", "=", "dra_file"),
                    ("res_id", "=", wizard.id),
                ]
            )
        )
        self.assertEqual(len(stored), 1)
        return stored.raw

    def _export(self, order, user=None):
        return self._exported(self._export_wizard(order, user=user))

    @contextmanager
    def _undone(self):
        """Run the block, then undo what it wrote: each file on its own (a shared
        example has the order number of a sample and would update its order)."""
        with closing(self.env.cr.savepoint()):
            yield
        self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestDraExportRoundTrip(DraExportMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_export()

    # ------------------------------------------------------------------
    # What an order holds of a file, as the export writes it
    # ------------------------------------------------------------------

    @staticmethod
    def _held_order(order):
        """The file's order data as the order keeps them: the words of cover type and
        roadworthiness it knows, a deductible only when there is one, whole seconds."""
        deductible = order.deductible or None
        placed_at = order.placed_at.replace(microsecond=0) if order.placed_at else None
        return dataclasses.replace(
            order,
            cover_type=order_data.cover_type_text(order_data.cover_type_key(order.cover_type)),
            roadworthy=order_data.roadworthy_text(order_data.roadworthy_key(order.roadworthy)),
            deductible=deductible,
            deductible_currency=order.deductible_currency if deductible is not None else None,
            placed_at=placed_at,
        )

    @staticmethod
    def _held_party(party):
        """A party as a contact keeps it: the name with the first name, the address,
        the first landline and the first mobile number, the first fax, the e-mail."""
        phones = matching.normalize_phones(party.phones)
        mobiles = [phone for phone in phones if matching.is_mobile(phone)]
        landlines = [phone for phone in phones if phone not in mobiles]
        return {
            "name": matching.display_name(party),
            "street": (party.street, party.house_number),
            "zip": matching.normalize_zip(party.zip) or party.zip,
            "city": party.city,
            "country": party.country,
            "phones": landlines[:1] + mobiles[:1],
            "faxes": list(matching.normalize_phones(party.faxes)[:1]),
            "email": party.email,
        }

    @staticmethod
    def _held_vehicle(vehicle):
        if vehicle is None:
            return None
        held = dataclasses.replace(
            vehicle,
            vin=matching.normalize_vin(vehicle.vin) or vehicle.vin,
            odometer=vehicle.odometer or None,
        )
        return held if any(dataclasses.astuple(held)) else None

    def _held_attachments(self, document, order):
        """The file's documents that the takeover put on the order (each content
        once), with the type the order knows."""
        on_order = {attachment.checksum for attachment in order_documents(order)}
        known = dict(DRA_DOCUMENT_TYPES)
        held, seen = [], set()
        Attachment = self.env["ir.attachment"]
        for attachment in document.attachments:
            checksum = Attachment._compute_checksum(attachment.content)
            if checksum not in on_order or checksum in seen:
                continue
            seen.add(checksum)
            held.append(
                dataclasses.replace(
                    attachment, type=attachment.type if attachment.type in known else "Sonstiges"
                )
            )
        return tuple(held)

    def _source_party(self, document, order, role):
        """The file's party a contact of the order was made of: the first role of the
        file that has this contact (the customer for a keeper who is the customer)."""
        partner = order[PARTY_ROLE_FIELDS[role]]
        for other in dra.ROLES:
            if other in document.parties and order[PARTY_ROLE_FIELDS[other]] == partner:
                return document.parties[other]
        return document.parties[role]

    # ------------------------------------------------------------------
    # Order -> DRA file: the same document
    # ------------------------------------------------------------------

    def test_export_of_each_sample_reads_back_as_the_file(self):
        files = dra_files()
        self.assertGreaterEqual(len(files), 4)
        for path in files:
            with self.subTest(file=path.name), self._undone():
                original = dra.parse_dra(path.read_bytes())
                order = self._take_over(path.read_bytes(), path.name)
                exported = dra.parse_dra(self._export(order))
                self.assertFalse(exported.warnings)
                self.assertEqual(exported.version, "1.0")
                self.assertEqual(exported.header.source, "Odoo")
                self.assertEqual(exported.header.filename, f"DRA_{original.order.order_number}.xml")
                # the order data, field by field
                held = self._held_order(original.order)
                for name in (field.name for field in dataclasses.fields(dra.DraOrder)):
                    self.assertEqual(
                        getattr(exported.order, name), getattr(held, name), f"order {name}"
                    )
                # every party of the file, none more
                self.assertEqual(list(exported.parties), list(original.parties))
                for role, party in exported.parties.items():
                    source = self._source_party(original, order, role)
                    self.assertEqual(
                        self._held_party(party), self._held_party(source), f"party {role}"
                    )
                    self.assertEqual(party.role, role)
                self.assertEqual(exported.vehicle, self._held_vehicle(original.vehicle))
                self.assertEqual(exported.attachments, self._held_attachments(original, order))
                self.assertTrue(exported.attachments)

    # ------------------------------------------------------------------
    # DRA file -> order -> DRA file -> order: the same order
    # ------------------------------------------------------------------

    def _snapshot(self, order, same_records=True):
        """What the takeover makes of a file, as comparable values: the order data,
        the workshop status, the contacts by role, the vehicle and the documents."""
        values = {}
        for name in order._ig_order_data_fields():
            value = order[name]
            values[name] = value.id if hasattr(value, "_name") else value
        values["workshop_status"] = order.workshop_status
        for role, field_name in PARTY_ROLE_FIELDS.items():
            partner = order[field_name]
            values[role] = (
                partner.id
                if same_records
                else partner
                and (
                    partner.name,
                    partner.is_company,
                    partner.street,
                    partner.zip,
                    partner.city,
                    partner.country_id.code,
                    partner.phone,
                    partner.mobile,
                    partner.fax,
                    partner.email,
                )
            )
        vehicle = order.vehicle_id
        values["vehicle"] = (
            vehicle.id
            if same_records
            else vehicle
            and (
                vehicle.vin_sn,
                vehicle.license_plate,
                vehicle.brand_id.name,
                vehicle.model_id.name,
                vehicle.kba_hsn,
                vehicle.kba_tsn,
                vehicle.acquisition_date,
                vehicle.odometer,
                vehicle.color,
            )
        )
        values["documents"] = sorted(
            (
                attachment.name,
                attachment.dra_document_type,
                attachment.mimetype,
                attachment.description or False,
                attachment.raw,
            )
            for attachment in order_documents(order)
        )
        return values

    def test_exported_file_taken_over_after_deleting_the_order_gives_the_same_order(self):
        for path in dra_files():
            with self.subTest(file=path.name), self._undone():
                order = self._take_over(path.read_bytes(), path.name)
                before = self._snapshot(order)
                data = self._export(order)
                partners = self.env["res.partner"].search_count([])
                order.unlink()
                again = self._take_over(data, f"DRA_{before['broker_order_ref']}.xml")
                self.assertNotEqual(again, order)
                # the same contacts and vehicle found again: none created
                self.assertEqual(self.env["res.partner"].search_count([]), partners)
                self.assertEqual(self._snapshot(again), before)
                # Odoo wrote this file, not SOOM: nothing of it counts as held by SOOM
                self.assertFalse(
                    self.env["soom.milestone.sent"].search(
                        [("order_id", "=", again.id), ("source", "=", "dra_file")]
                    )
                )

    def test_exported_file_taken_over_in_another_company_gives_the_same_order(self):
        company_b = self.env["res.company"].create({"name": "Zweite Werkstatt"})
        user_b = new_test_user(
            self.env,
            login="ig_export_company_b",
            groups="ig_soom_dra.group_ig_soom_user",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        for path in dra_files():
            with self.subTest(file=path.name), self._undone():
                order = self._take_over(path.read_bytes(), path.name)
                data = self._export(order)
                copy = self._take_over(data, "DRA.xml", user=user_b)
                self.assertEqual(copy.company_id, company_b)
                self.assertEqual(copy.partner_id.company_id, company_b)
                if order.vehicle_id:
                    self.assertEqual(copy.vehicle_id.company_id, company_b)
                self.assertEqual(
                    self._snapshot(copy.sudo(), same_records=False),
                    self._snapshot(order, same_records=False),
                )

    # ------------------------------------------------------------------
    # The documents chosen
    # ------------------------------------------------------------------

    def test_documents_are_listed_preselected_and_only_the_ticked_ones_go(self):
        order = self._take_over(sample_bytes(FILE_PHOTOS), FILE_PHOTOS)
        note = self.env["ir.attachment"].create(
            {
                "name": "notiz.txt",
                "raw": b"intern",
                "mimetype": "text/plain",
                "res_model": "repair.order",
                "res_id": order.id,
            }
        )
        scan = self.env["ir.attachment"].create(
            {
                "name": "scan.jpg",
                "raw": b"\xff\xd8\xff\xe0 scan",
                "mimetype": "image/jpeg",
                "res_model": "repair.order",
                "res_id": order.id,
            }
        )
        wizard = self._export_wizard(order)
        self.assertEqual(wizard.line_ids.attachment_id, order_documents(order))
        by_attachment = {line.attachment_id: line for line in wizard.line_ids}
        # PDFs and images ticked, anything else not
        self.assertFalse(by_attachment[note].selected)
        self.assertTrue(by_attachment[scan].selected)
        self.assertEqual(by_attachment[scan].document_type, "Bild")
        self.assertEqual(by_attachment[note].document_type, "Sonstiges")
        pdfs = wizard.line_ids.filtered(lambda line: line.mimetype == "application/pdf")
        self.assertTrue(pdfs)
        self.assertTrue(all(pdfs.mapped("selected")))
        dropped = wizard.line_ids.filtered("selected")[0]
        with Form(wizard) as form:
            with form.line_ids.edit(list(wizard.line_ids).index(dropped)) as line:
                line.selected = False
            with form.line_ids.edit(list(wizard.line_ids).index(by_attachment[note])) as line:
                line.selected = True
            with form.line_ids.edit(list(wizard.line_ids).index(by_attachment[scan])) as line:
                line.document_type = "Gutachten"
        exported = dra.parse_dra(self._exported(wizard))
        names = [attachment.filename for attachment in exported.attachments]
        self.assertNotIn(dropped.name, names)
        self.assertIn("notiz.txt", names)
        self.assertEqual(len(names), len(wizard.line_ids) - 1)
        photo = next(item for item in exported.attachments if item.filename == "scan.jpg")
        self.assertEqual(photo.type, "Gutachten")
        self.assertEqual(photo.content, scan.raw)
        self.assertEqual(photo.mimetype, "image/jpeg")

    def test_exporting_again_replaces_the_file(self):
        order = self._take_over(sample_bytes(FILE_374), FILE_374)
        wizard = self._export_wizard(order)
        first = self._exported(wizard)
        wizard.action_back()
        self.assertEqual(wizard.state, "choose")
        wizard.line_ids.selected = False
        second = self._exported(wizard)
        self.assertFalse(dra.parse_dra(second).attachments)
        self.assertLess(len(second), len(first))
        self.assertIn(f"/web/content/dra.export.wizard/{wizard.id}/dra_file/", wizard.download_link)
        self.assertIn("download=true", wizard.download_link)
        self.assertEqual(wizard.dra_filename, "DRA_202019374.xml")

    def test_order_built_by_hand_exports_its_vehicle_record_and_contacts(self):
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Opel"})
        model = self.env["fleet.vehicle.model"].create({"name": "Astra", "brand_id": brand.id})
        vehicle = self.env["fleet.vehicle"].create(
            {
                "model_id": model.id,
                "vin_sn": "W0L0AHL3555000001",
                "license_plate": "B-AB 12",
                "kba_hsn": "0035",
                "kba_tsn": "ABC",
                "color": "blau",
            }
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Maria von der Leyen",
                "street": "Am Markt 12 a",
                "zip": "01067",
                "city": "Dresden",
                "mobile": "0176 4547794",
                "email": "maria@example.org",
            }
        )
        order = self.env["repair.order"].create(
            {
                "partner_id": customer.id,
                "vehicle_id": vehicle.id,
                "broker_id": self.broker_ig.id,
                "broker_order_ref": "RSD-4711",
                "cover_type": "liability",
                "roadworthy": "no",
                "broker_services": "HOL – Hol- und Bringservice\nAufbereitung",
                "placed_at": "2026-07-01 08:30:00",
            }
        )
        exported = dra.parse_dra(self._export(order))
        self.assertEqual(exported.order.order_number, "RSD-4711")
        self.assertEqual(exported.order.cover_type, "Haftpflicht")
        self.assertEqual(exported.order.roadworthy, "nein")
        self.assertIsNone(exported.order.deductible)
        self.assertEqual(
            exported.order.services,
            (
                dra.DraService(code="HOL", text="Hol- und Bringservice"),
                dra.DraService(text="Aufbereitung"),
            ),
        )
        # 08:30 UTC in July is 10:30 in Germany
        self.assertEqual(str(exported.order.placed_at), "2026-07-01 10:30:00")
        customer_party = exported.parties["Kunde"]
        self.assertEqual(
            (customer_party.name, customer_party.first_name), ("von der Leyen", "Maria")
        )
        self.assertEqual((customer_party.street, customer_party.house_number), ("Am Markt", "12a"))
        self.assertEqual(customer_party.zip, "01067")
        self.assertEqual(customer_party.phones, (customer.mobile,))
        self.assertEqual(list(exported.parties), ["Kunde"])
        self.assertEqual(
            exported.vehicle,
            dra.DraVehicle(
                plate="B-AB 12",
                vin="W0L0AHL3555000001",
                hsn="0035",
                tsn="ABC",
                make="Opel",
                model="Astra",
                first_registration=vehicle.acquisition_date,
                color="blau",
            ),
        )


@tagged("post_install", "-at_install")
class TestDraExportLimits(DraExportMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_export()
        cls.company_b = cls.env["res.company"].create({"name": "Fremde Werkstatt"})
        cls.user_b = new_test_user(
            cls.env,
            login="ig_export_b",
            groups="ig_soom_dra.group_ig_soom_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.plain_user = new_test_user(cls.env, login="ig_export_plain", groups="base.group_user")
        cls.portal_user = new_test_user(
            cls.env, login="ig_export_portal", groups="base.group_portal"
        )
        cls.colleague = new_test_user(
            cls.env, login="ig_export_colleague", groups="ig_soom_dra.group_ig_soom_user"
        )
        cls.customer = cls.env["res.partner"].create({"name": "Kundin A"})
        cls.order = cls.env["repair.order"].create(
            {"partner_id": cls.customer.id, "broker_order_ref": "202099001"}
        )
        cls.pdf = cls.env["ir.attachment"].create(
            {
                "name": "leistungsvereinbarung.pdf",
                "raw": b"%PDF-1.4 signed",
                "mimetype": "application/pdf",
                "dra_document_type": "Leistungsvereinbarung",
                "res_model": "repair.order",
                "res_id": cls.order.id,
            }
        )

    def _context(self, order=None):
        return {"active_model": "repair.order", "active_id": (order or self.order).id}

    def _limit_mb(self, megabytes):
        self.env["ir.config_parameter"].sudo().set_param(
            "ig_soom_dra.max_file_size_mb", str(megabytes)
        )

    def _attach(self, size, name="gross.pdf"):
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": b"%PDF-1.4\n" + b"0" * (size - 9),
                "mimetype": "application/pdf",
                "res_model": "repair.order",
                "res_id": self.order.id,
            }
        )

    def test_a_file_the_import_would_refuse_is_not_exported(self):
        self._limit_mb(1)
        self._attach(900 * 1024)
        wizard = self._export_wizard(self.order)
        # 900 KB are 1.2 MB in base64: refused from the sizes, before anything is read
        with self.assertRaises(UserError) as refused:
            wizard.action_export()
        self.assertIn("1 MB", str(refused.exception))
        self.assertFalse(wizard.dra_file)
        self.assertEqual(wizard.state, "choose")
        # unticked, the file is small enough
        wizard.line_ids.filtered(lambda line: line.name == "gross.pdf").selected = False
        self.assertTrue(dra.parse_dra(self._exported(wizard), max_size=1024 * 1024).attachments)

    def test_the_written_size_counts_not_only_the_documents(self):
        self._limit_mb(1)
        # the largest content whose base64 fits the limit: the XML around it does not
        size = 1024 * 1024 * 3 // 4
        while dra.encoded_size(size) > 1024 * 1024:
            size -= 1
        self._attach(size)
        wizard = self._export_wizard(self.order)
        with self.assertRaisesRegex(UserError, "1 MB"):
            wizard.action_export()
        self.assertFalse(wizard.dra_file)

    def test_at_most_as_many_documents_as_the_import_reads(self):
        Attachment = self.env["ir.attachment"]
        Attachment.create(
            [
                {
                    "name": f"bild_{number}.png",
                    "raw": b"\x89PNG %d" % number,
                    "mimetype": "image/png",
                    "res_model": "repair.order",
                    "res_id": self.order.id,
                }
                for number in range(dra.MAX_ATTACHMENTS)
            ]
        )
        wizard = self._export_wizard(self.order)
        self.assertEqual(len(wizard.line_ids.filtered("selected")), dra.MAX_ATTACHMENTS + 1)
        with self.assertRaisesRegex(UserError, str(dra.MAX_ATTACHMENTS)):
            wizard.action_export()
        wizard.line_ids[:1].selected = False
        self.assertEqual(
            len(dra.parse_dra(self._exported(wizard)).attachments), dra.MAX_ATTACHMENTS
        )

    def test_an_order_without_broker_order_number_cannot_be_exported(self):
        order = self.env["repair.order"].create({"partner_id": self.customer.id})
        with self.assertRaisesRegex(UserError, "broker order number"):
            self.env["dra.export.wizard"].with_context(**self._context(order)).default_get(
                ["order_id"]
            )
        with self.assertRaisesRegex(UserError, "broker order number"):
            self.env["dra.export.wizard"].create({"order_id": order.id})

    # ------------------------------------------------------------------
    # Who may export what
    # ------------------------------------------------------------------

    def test_action_is_for_claims_broker_users_in_the_order_menu(self):
        action = self.env.ref("ig_soom_dra.dra_export_wizard_action")
        self.assertEqual(action.binding_model_id.model, "repair.order")
        self.assertEqual(action.groups_id, self.env.ref("ig_soom_dra.group_ig_soom_user"))
        self.assertIn(
            action.id,
            [
                item["id"]
                for item in self.env["ir.actions.actions"]
                .with_user(self.user_workshop)
                .get_bindings("repair.order")["action"]
            ],
        )
        self.assertNotIn(
            action.id,
            [
                item["id"]
                for item in self.env["ir.actions.actions"]
                .with_user(self.plain_user)
                .get_bindings("repair.order")
                .get("action", [])
            ],
        )

    def test_users_without_the_group_cannot_open_or_create_the_wizard(self):
        for user in (self.plain_user, self.portal_user):
            with self.subTest(user=user.login):
                Wizard = self.env["dra.export.wizard"].with_user(user)
                with self.assertRaises(AccessError):
                    Wizard.with_context(**self._context()).default_get(["order_id", "line_ids"])
                with self.assertRaises(AccessError):
                    Wizard.create({"order_id": self.order.id})
                with self.assertRaises(AccessError):
                    self.env["dra.export.wizard.line"].with_user(user).search([])

    def test_another_companys_user_cannot_export_the_order(self):
        Wizard = self.env["dra.export.wizard"].with_user(self.user_b)
        with self.assertRaises(AccessError):
            Wizard.with_context(**self._context()).default_get(["order_id", "line_ids"])
        with self.assertRaises(AccessError):
            Wizard.with_context(**self._context()).onchange(
                {}, [], {"order_id": {}, "line_ids": {}}
            )
        with self.assertRaises(AccessError):
            Wizard.create({"order_id": self.order.id})
        # a wizard made for the user's own order cannot carry the other order's document
        own = (
            self.env["repair.order"]
            .with_user(self.user_b)
            .create(
                {
                    "partner_id": self.env["res.partner"]
                    .with_user(self.user_b)
                    .create({"name": "B"})
                    .id,
                    "broker_order_ref": "202099002",
                }
            )
        )
        wizard = Wizard.create({"order_id": own.id})
        wizard.write(
            {"line_ids": [(0, 0, {"attachment_id": self.pdf.id, "selected": True, "sequence": 9})]}
        )
        with self.assertRaises(AccessError):
            wizard.action_export()
        self.assertFalse(wizard.sudo().dra_file)

    def test_a_document_of_another_order_cannot_be_slipped_in(self):
        other = self.env["repair.order"].create(
            {"partner_id": self.customer.id, "broker_order_ref": "202099003"}
        )
        wizard = self._export_wizard(other, user=self.user_workshop)
        wizard.write(
            {"line_ids": [(0, 0, {"attachment_id": self.pdf.id, "selected": True, "sequence": 9})]}
        )
        with self.assertRaisesRegex(AccessError, "Only documents of this order"):
            wizard.action_export()
        self.assertFalse(wizard.dra_file)

    def test_the_file_is_its_users_own(self):
        wizard = self._export_wizard(self.order, user=self.user_workshop)
        self.assertTrue(dra.parse_dra(self._exported(wizard)).attachments)
        for intruder in (self.colleague, self.user_b):
            with self.subTest(intruder=intruder.login):
                self.assertFalse(self.env["dra.export.wizard"].with_user(intruder).search([]))
                with self.assertRaises(AccessError):
                    wizard.with_user(intruder).read(["dra_file"])
                with self.assertRaises(AccessError):
                    wizard.with_user(intruder).web_read({"dra_file": {}, "download_link": {}})
                # with the right to export, the record rule still keeps the wizard out
                intruder.groups_id |= self.env.ref("base.group_allow_export")
                with self.assertRaises(AccessError):
                    wizard.with_user(intruder).export_data(["dra_filename", "line_ids/name"])
                with self.assertRaises(AccessError):
                    wizard.line_ids.with_user(intruder).read(["name"])
                with self.assertRaises(AccessError):
                    wizard.with_user(intruder).action_export()


@tagged("post_install", "-at_install")
class TestDraExportTour(DraExportMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_export()

    def test_export_in_the_browser_in_english(self):
        self._export_in_the_browser("en_US")

    def test_export_in_the_browser_in_german(self):
        self._export_in_the_browser("de_DE")

    def _export_in_the_browser(self, lang):
        """The tour as the admin working in ``lang``, then the file through its link."""
        self.env["res.lang"]._activate_lang(lang)
        admin = self.env.ref("base.user_admin")
        admin.write(
            {"lang": lang, "groups_id": [(4, self.env.ref("ig_soom_dra.group_ig_soom_user").id)]}
        )
        order = self._take_over(sample_bytes(FILE_374), FILE_374)
        documents = order_documents(order)
        self.assertEqual(len(documents), 3)
        self.start_tour(
            f"/odoo/action-ig_soom_dra.repair_order_action_broker/{order.id}",
            "ig_soom_dra_export_tour",
            login="admin",
            timeout=120,
        )
        wizard = self.env["dra.export.wizard"].search(
            [("create_uid", "=", admin.id), ("order_id", "=", order.id)]
        )
        self.assertEqual(len(wizard), 1)
        self.assertEqual(wizard.state, "done")
        url = re.search(r'href="([^"]+)"', wizard.download_link).group(1)
        self.authenticate("admin", "admin")
        response = self.url_open(html.unescape(url))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers.get("Content-Disposition", ""))
        self.assertIn("DRA_202019374.xml", response.headers.get("Content-Disposition", ""))
        exported = dra.parse_dra(response.content)
        self.assertEqual(exported.order.order_number, "202019374")
        shipped = {attachment.filename: attachment.content for attachment in exported.attachments}
        unticked = documents.filtered(lambda document: document.dra_document_type == "Checkliste")
        self.assertEqual(
            shipped, {document.name: document.raw for document in documents - unticked}
        )
        # nobody else gets the file through the link
        self.authenticate(self.user_workshop.login, self.user_workshop.login)
        self.assertNotEqual(self.url_open(html.unescape(url)).status_code, 200)
