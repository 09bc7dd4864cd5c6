# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The takeover assistant against collisions and hostile files."""

import dataclasses
import struct
import zlib

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from ..core import dra
from .common import IgSoomCommonMixin, order_documents, sample_bytes

FILE_374 = "KSR202019374.xml"
FILE_753 = "KSR202019753.xml"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bomb(width=15000, height=15000, depth=1):
    """A grey PNG of ``width`` × ``height`` black pixels of ``depth`` bits: the
    15000 × 15000 one is a decompression bomb of about 27 KB."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (width * depth + 7) // 8)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, depth, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def variant(name=FILE_374, *, order=None, vehicle=None, attachments=None):
    """A sample file with other order data, vehicle data or attachments."""
    document = dra.parse_dra(sample_bytes(name))
    changes = {}
    if order:
        changes["order"] = dataclasses.replace(document.order, **order)
    if vehicle:
        changes["vehicle"] = dataclasses.replace(document.vehicle, **vehicle)
    if attachments is not None:
        changes["attachments"] = tuple(attachments)
    return dra.write_dra(dataclasses.replace(document, **changes))


@tagged("post_install", "-at_install")
class TestDraImportTrust(IgSoomCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.customer = cls.env["res.partner"].create({"name": "Kundin Kollision"})

    def _take_over(self, wizard):
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="finish").action_goto_step()
        return self.env["repair.order"].browse(wizard.action_confirm()["res_id"])

    def _order(self, **values):
        return self.env["repair.order"].create({"partner_id": self.customer.id, **values})

    # ------------------------------------------------------------------
    # Linking never rewrites another order
    # ------------------------------------------------------------------

    def test_order_of_another_broker_order_is_never_proposed_by_vin_or_plate(self):
        other = self._order(
            broker_id=self.broker_ig.id,
            broker_order_ref="202019999",
            soom_case_id="case-of-202019999",
            vehicle_vin="WDD1173421N456789",
            vehicle_plate="M-ZZ 44",
        )
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertEqual(wizard.vehicle_vin, "WDD1173421N456789")
        self.assertEqual(wizard.order_mode, "new")
        self.assertFalse(wizard.existing_order_id)
        self.assertFalse(wizard.proposal_reason)
        # chosen by hand anyway: refused, and the other order keeps its data
        wizard.write({"order_mode": "link", "existing_order_id": other.id})
        wizard.with_context(dra_step="order").action_goto_step()
        with self.assertRaisesRegex(UserError, "202019999"):
            wizard.action_next()
        with self.assertRaisesRegex(UserError, "202019999"):
            self._take_over(wizard)
        self.assertEqual(other.broker_order_ref, "202019999")
        self.assertEqual(other.soom_case_id, "case-of-202019999")

    def test_order_with_the_number_of_another_broker_is_not_linked(self):
        dms = self.env["dra.broker"].create({"name": "DMS", "code": "DMS"})
        other = self._order(broker_id=dms.id, broker_order_ref="202019374")
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertFalse(wizard.duplicate_order_id)
        self.assertNotEqual(wizard.existing_order_id, other)
        wizard.write({"order_mode": "link", "existing_order_id": other.id})
        with self.assertRaisesRegex(UserError, "cannot be linked"):
            self._take_over(wizard)
        self.assertEqual(other.broker_id, dms)

    def test_order_of_another_soom_case_is_not_linked(self):
        other = self._order(soom_case_id="another-case", vehicle_plate="M-ZZ 44")
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertNotEqual(wizard.existing_order_id, other)
        wizard.write({"order_mode": "link", "existing_order_id": other.id})
        with self.assertRaisesRegex(UserError, "another SOOM case"):
            self._take_over(wizard)
        self.assertEqual(other.soom_case_id, "another-case")

    def test_an_order_taken_by_another_file_meanwhile_is_refused(self):
        rsd = self._order(vehicle_plate="M-ZZ 44")
        first = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        second = self._start_wizard(
            variant(order={"order_number": "202019375", "soom_case_id": None}), "KSR2.xml"
        )
        self.assertEqual((first.existing_order_id, second.existing_order_id), (rsd, rsd))
        self.assertEqual(self._take_over(first), rsd)
        with self.assertRaisesRegex(UserError, "202019374"):
            self._take_over(second)
        self.assertEqual(rsd.broker_order_ref, "202019374")

    def test_like_wildcards_in_plate_and_vin_match_nothing_else(self):
        unrelated = self._order(vehicle_plate="S-IG 123", vehicle_vin="WDD1173421N456789")
        for vehicle in ({"plate": "%", "vin": None}, {"plate": "S-IG _23", "vin": None}):
            with self.subTest(vehicle=vehicle):
                wizard = self._start_wizard(variant(vehicle=vehicle), FILE_374)
                self.assertEqual(wizard.vehicle_plate, vehicle["plate"])
                self.assertNotEqual(wizard.existing_order_id, unrelated)
        vehicle = self.env["fleet.vehicle"].create(
            {
                "model_id": self.env["fleet.vehicle.model"]
                .create(
                    {
                        "name": "CLA",
                        "brand_id": self.env["fleet.vehicle.model.brand"]
                        .create({"name": "Mercedes"})
                        .id,
                    }
                )
                .id,
                "vin_sn": "WDD1173421N456789",
            }
        )
        self.assertFalse(vehicle._find_by_vin("WDD1173421N45678_", self.env.company))
        self.assertEqual(vehicle._find_by_vin("wdd1173421n456789", self.env.company), vehicle)

    def test_a_free_order_with_the_same_vin_is_proposed(self):
        rsd = self._order(vehicle_vin="WDD1173421N456789")
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertEqual(wizard.existing_order_id, rsd)
        self.assertIn("VIN", wizard.proposal_reason)

    # ------------------------------------------------------------------
    # One contact per person
    # ------------------------------------------------------------------

    def test_a_contact_created_since_loading_is_used_not_duplicated(self):
        first = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        second = self._start_wizard(
            variant(order={"order_number": "202019376", "soom_case_id": None}), "KSR3.xml"
        )
        customer_line = second.party_ids.filtered(lambda line: line.role == "Kunde")
        self.assertEqual(customer_line.status, "red")
        order_one = self._take_over(first)
        order_two = self._take_over(second)
        self.assertEqual(order_two.partner_id, order_one.partner_id)
        self.assertEqual(
            self.env["res.partner"].search_count([("name", "=", order_one.partner_id.name)]), 1
        )
        self.assertEqual(order_one.partner_id.company_id, self.env.company)

    def test_a_similar_contact_created_since_loading_sends_the_user_back(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        customer_line = wizard.party_ids.filtered(lambda line: line.role == "Kunde")
        self.assertIn(customer_line.status, ("red", "orange"))
        data = customer_line._party_data()
        # a colleague creates the customer by hand, with another house number
        self.env["res.partner"].create(
            {
                "name": f"{data.first_name} {data.name}",
                "street": f"{data.street} 999",
                "zip": data.zip,
                "city": data.city,
            }
        )
        orders = self.env["repair.order"].search_count([])
        customer_line.action_create_partner()
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        action = wizard.action_confirm()
        self.assertEqual((action["res_model"], action["res_id"]), (wizard._name, wizard.id))
        self.assertEqual(wizard.step, "addresses")
        self.assertIn("Since the file was loaded", wizard.warning_message)
        self.assertEqual(customer_line.status, "orange")
        self.assertEqual(self.env["repair.order"].search_count([]), orders)

    def test_a_user_without_email_takes_over_and_the_chatter_names_him(self):
        self.user_workshop.partner_id.email = False
        wizard = self._start_wizard(sample_bytes(FILE_753), FILE_753, user=self.user_workshop)
        order = self._take_over(wizard)
        note = order.message_ids.filtered(lambda message: FILE_753 in (message.body or ""))
        self.assertEqual(note.author_id, self.user_workshop.partner_id)

    # ------------------------------------------------------------------
    # Hostile and odd files
    # ------------------------------------------------------------------

    def test_decompression_bomb_is_flagged_and_never_decoded(self):
        bomb = png_bomb()
        self.assertLess(len(bomb), 40_000)
        data = variant(
            attachments=[
                dra.DraAttachment(
                    type="Bild", filename="bombe.png", mimetype="image/png", content=bomb
                ),
                dra.DraAttachment(
                    type="Leistungsvereinbarung",
                    filename="vereinbarung.pdf",
                    mimetype="application/pdf",
                    content=PDF,
                ),
            ]
        )
        wizard = self._start_wizard(data, FILE_374)
        self.assertTrue(wizard.loaded, wizard.error_message)
        line = wizard.attachment_ids.filtered(lambda line: line.name == "bombe.png")
        self.assertIn("too large (225 megapixels", line.problem)
        self.assertTrue(line.blocked)
        self.assertFalse(line.selected)
        self.assertEqual(line.kind, "other")
        self.assertFalse(line.preview_image)
        line.action_preview()
        self.assertFalse(wizard.preview_image)
        order = self._take_over(wizard)
        self.assertEqual(order_documents(order).mapped("name"), ["vereinbarung.pdf"])

    def test_the_bomb_message_is_german_for_a_german_user(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["ig_soom_dra"], ["de_DE"], overwrite=True)
        self.env = self.env(context=dict(self.env.context, lang="de_DE"))
        data = variant(
            attachments=[
                dra.DraAttachment(
                    type="Bild", filename="bombe.png", mimetype="image/png", content=png_bomb()
                )
            ]
        )
        wizard = self._start_wizard(data, FILE_374, user=self.user_workshop)
        self.assertIn("Das Bild ist zu groß (225 Megapixel", wizard.attachment_ids.problem)

    def test_big_image_is_kept_as_it_is(self):
        photo = png_bomb(width=2500, height=2000, depth=8)
        wizard = self._start_wizard(
            variant(
                attachments=[
                    dra.DraAttachment(
                        type="Bild", filename="foto.png", mimetype="image/png", content=photo
                    )
                ]
            ),
            FILE_374,
        )
        self.assertFalse(wizard.attachment_ids.problem)
        order = self._take_over(wizard)
        self.assertEqual(order_documents(order).raw, photo, "not resized by Odoo")

    def test_a_pdf_that_is_not_a_pdf_is_flagged(self):
        wizard = self._start_wizard(
            variant(
                attachments=[
                    dra.DraAttachment(
                        type="Gutachten",
                        filename="gutachten.pdf",
                        mimetype="application/pdf",
                        content=b"<html>no pdf</html>",
                    )
                ]
            ),
            FILE_374,
        )
        line = wizard.attachment_ids
        self.assertIn("Not a PDF file", line.problem)
        self.assertFalse(line.selected)
        self.assertEqual(line.kind, "other")
        self.assertFalse(line.blocked)

    def test_attachment_names_lose_path_parts_and_are_cut(self):
        long_name = "x" * 300 + ".pdf"
        wizard = self._start_wizard(
            variant(
                attachments=[
                    dra.DraAttachment(filename="../../etc/passwd", content=b"root:x:0:0"),
                    dra.DraAttachment(filename=long_name, mimetype="application/pdf", content=PDF),
                ]
            ),
            FILE_374,
        )
        names = wizard.attachment_ids.mapped("name")
        self.assertEqual(names[0], "passwd")
        self.assertEqual(len(names[1]), 255)
        self.assertTrue(names[1].endswith(".pdf"))
        self.assertIn("changed to 'passwd'", wizard.warning_message)

    def test_invalid_vin_stays_on_the_order_and_makes_no_vehicle(self):
        vehicles = self.env["fleet.vehicle"].search_count([])
        wizard = self._start_wizard(
            variant(vehicle={"vin": "DR0PTABLEFLEETVEH1CLEBXBÄÖÜ"}), FILE_374
        )
        self.assertEqual(wizard.vehicle_vin, "DR0PTABLEFLEETVEH1CLEBXBÄÖÜ")
        self.assertEqual(wizard.vehicle_action, "none")
        self.assertIn("no vehicle record is created", wizard.warning_message)
        order = self._take_over(wizard)
        self.assertEqual(order.vehicle_vin, "DR0PTABLEFLEETVEH1CLEBXBÄÖÜ")
        self.assertFalse(order.vehicle_id)
        self.assertEqual(self.env["fleet.vehicle"].search_count([]), vehicles)
        self.assertIn("is not valid", order.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "not a valid VIN"):
            order.action_create_vehicle()
        self.assertEqual(self.env["fleet.vehicle"].search_count([]), vehicles)

    def test_dra_without_namespace_is_read_with_a_warning(self):
        data = sample_bytes(FILE_374).replace(b' xmlns="urn:ksr:dra:1"', b"", 1)
        self.assertNotIn(b"urn:ksr:dra:1", data)
        wizard = self._start_wizard(data, FILE_374)
        self.assertTrue(wizard.loaded, wizard.error_message)
        self.assertEqual(wizard.broker_order_ref, "202019374")
        self.assertIn("no namespace", wizard.warning_message)

    def test_negative_deductible_is_warned_about(self):
        data = sample_bytes(FILE_374).replace(b"150,00", b"-150,00", 1)
        self.assertIn(b"-150,00", data)
        wizard = self._start_wizard(data, FILE_374)
        self.assertIn("negative amount", wizard.warning_message)

    # ------------------------------------------------------------------
    # The upload belongs to its user
    # ------------------------------------------------------------------

    def test_an_upload_of_somebody_else_cannot_be_read(self):
        other = new_test_user(
            self.env, login="ig_trust_other", groups="ig_soom_dra.group_ig_soom_user"
        )
        Wizard = self.env["dra.import.wizard"]
        foreign = Wizard.with_user(other)._store_upload("KSR.xml", sample_bytes(FILE_374))
        order = self._order()
        order_file = self.env["ir.attachment"].create(
            {"name": "intern.xml", "raw": b"<x/>", "res_model": "repair.order", "res_id": order.id}
        )
        for attachment in (foreign, order_file):
            with self.subTest(attachment=attachment.name):
                wizard = Wizard.with_user(self.user_workshop).create({})
                wizard.sudo().dra_attachment_id = attachment
                with self.assertRaisesRegex(UserError, "no longer available"):
                    wizard.action_next()
                self.assertFalse(wizard.loaded)

    def test_the_assistant_works_only_for_the_users_companies(self):
        company_b = self.env["res.company"].create({"name": "Fremdbetrieb"})
        wizard = self.env["dra.import.wizard"].with_user(self.user_workshop).create({})
        wizard.dra_attachment_id = wizard._store_upload(FILE_374, sample_bytes(FILE_374))
        wizard.company_id = company_b
        with self.assertRaises(AccessError):
            wizard.action_next()
        self.assertFalse(wizard.party_ids)

    def test_the_upload_becomes_the_dra_file_of_the_order(self):
        wizard = self._start_wizard(sample_bytes(FILE_753), FILE_753)
        upload = wizard.dra_attachment_id
        order = self._take_over(wizard)
        self.assertEqual(upload.res_model, "repair.order")
        self.assertEqual(upload.res_field, "dra_file")
        self.assertEqual(order.with_context(bin_size=False).dra_file, upload.datas)
        self.assertEqual(order.dra_filename, FILE_753)
        # a re-import replaces it
        again = self._start_wizard(sample_bytes(FILE_753), FILE_753)
        with Form(again) as form:
            self.assertEqual(form.order_mode, "link")
        self._take_over(again)
        self.assertFalse(upload.exists())
        files = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "repair.order"),
                ("res_field", "=", "dra_file"),
                ("res_id", "=", order.id),
            ]
        )
        self.assertEqual(len(files), 1)
