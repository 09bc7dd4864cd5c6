# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

from PIL import Image

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

VIN = "WDD1173421N456789"


def _jpeg(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestOrderFromReport(TransactionCase):
    """Issue 10, point 6 and point 2 ("Schadenmeldung anfordern"): the
    repair order of a damage report, the customer matched as the DRA import
    matches, the vehicle by VIN, the files attached, both linked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.write({"email": "werkstatt@example.com"})
        cls.user = new_test_user(
            cls.env,
            login="damage_order_maker",
            email="meister@example.com",
            groups="base.group_user,workshop_damage_report.group_damage_report_user",
        )
        cls.Partner = cls.env["res.partner"]
        cls.gertrud = cls.Partner.create(
            {
                "name": "Gertrud Müller",
                "street": "Hauptstraße 5",
                "zip": "70178",
                "city": "Stuttgart",
                "email": "gertrud@example.com",
                "country_id": cls.env.ref("base.de").id,
            }
        )

    def _report(self, **values):
        return (
            self.env["damage.report"]
            .with_user(self.user)
            .create(
                {
                    "customer_name": "Gertrud Müller",
                    "customer_street": "Hauptstraße 5",
                    "customer_zip": "70178",
                    "customer_city": "Stuttgart",
                    "customer_email": "gertrud@example.com",
                    "license_plate": "S-GM 123",
                    "vin": VIN,
                    "vehicle_make": "Mercedes-Benz",
                    "vehicle_model": "C 200",
                    "state": "reported",
                    **values,
                }
            )
        )

    def _customers_named(self, name):
        return self.Partner.search_count([("name", "=", name)])

    def _open_wizard(self, action):
        self.assertEqual(action["res_model"], "damage.report.order.wizard")
        return self.env["damage.report.order.wizard"].with_user(self.user).browse(action["res_id"])

    # ------------------------------------------------------------------
    # The customer
    # ------------------------------------------------------------------

    def test_green_links_the_existing_contact_and_changes_nothing(self):
        self.gertrud.phone = "0711 111111"
        report = self._report(customer_phone="0711 999999")
        action = report.action_create_repair_order()
        self.assertEqual(action["res_model"], "repair.order")
        order = report.repair_order_id
        self.assertEqual(action["res_id"], order.id)
        self.assertEqual(order.partner_id, self.gertrud)
        self.assertEqual(report.partner_id, self.gertrud)
        self.assertEqual(report.state, "order_created")
        self.assertEqual(order.damage_report_ids, report)
        self.assertEqual(order.damage_report_count, 1)
        self.assertEqual(self.gertrud.phone, "0711 111111")
        self.assertEqual(self._customers_named("Gertrud Müller"), 1)

    def test_orange_the_user_chooses_a_candidate(self):
        report = self._report(customer_street="Hauptstraße 7")
        wizard = self._open_wizard(report.action_create_repair_order())
        self.assertEqual(wizard.match_status, "orange")
        self.assertFalse(report.repair_order_id)
        self.assertIn(self.gertrud, wizard.candidate_ids.partner_id)
        line = wizard.candidate_ids.filtered(lambda line: line.partner_id == self.gertrud)
        self.assertEqual(line.street, "Hauptstraße 5")
        with Form(wizard, view="workshop_damage_report.damage_report_order_wizard_view_form"):
            pass
        line.action_choose()
        self.assertEqual(report.repair_order_id.partner_id, self.gertrud)
        self.assertEqual(self.gertrud.street, "Hauptstraße 5")
        self.assertEqual(self._customers_named("Gertrud Müller"), 1)

    def test_orange_the_user_creates_a_new_contact(self):
        report = self._report(customer_street="Lindenweg 2", customer_phone="0176 4547794")
        wizard = self._open_wizard(report.action_create_repair_order())
        self.assertEqual(wizard.match_status, "orange")
        wizard.action_create_partner()
        partner = report.repair_order_id.partner_id
        self.assertNotEqual(partner, self.gertrud)
        self.assertEqual(partner.street, "Lindenweg 2")
        self.assertTrue(partner.mobile)
        self.assertEqual(self._customers_named("Gertrud Müller"), 2)

    def test_red_creates_the_contact_once(self):
        values = {
            "customer_name": "Hannelore Kowalski",
            "customer_street": "Am Markt 1",
            "customer_zip": "10115",
            "customer_city": "Berlin",
            "customer_email": "hannelore@example.com",
            "vin": False,
            "license_plate": "B-HK 1",
        }
        first = self._report(**values)
        first.action_create_repair_order()
        partner = first.repair_order_id.partner_id
        self.assertEqual(partner.name, "Hannelore Kowalski")
        self.assertEqual(partner.zip, "10115")
        self.assertEqual(partner.email, "hannelore@example.com")
        # the same customer again: found (green), never a duplicate
        second = self._report(**values)
        second.action_create_repair_order()
        self.assertEqual(second.repair_order_id.partner_id, partner)
        self.assertNotEqual(second.repair_order_id, first.repair_order_id)
        self.assertEqual(self._customers_named("Hannelore Kowalski"), 1)

    def test_the_insurer_is_linked_when_its_contact_is_known(self):
        insurer = self.Partner.create({"name": "HUK-COBURG", "is_company": True})
        report = self._report(
            insurer_name="huk-coburg", claim_number="KS-1", cover_type="comprehensive"
        )
        report.action_create_repair_order()
        order = report.repair_order_id
        self.assertEqual(order.insurer_partner_id, insurer)
        self.assertEqual(order.claim_number, "KS-1")
        self.assertEqual(order.cover_type, "full")

    def test_a_prefilled_contact_is_offered_not_replaced(self):
        other = self.Partner.create({"name": "Firma Müller GmbH", "zip": "70178"})
        report = self._report(partner_id=other.id)
        wizard = self._open_wizard(report.action_create_repair_order())
        self.assertEqual(wizard.match_status, "orange")
        self.assertEqual(wizard.candidate_ids[:1].partner_id, other)

    # ------------------------------------------------------------------
    # The vehicle
    # ------------------------------------------------------------------

    def test_vehicle_found_by_vin(self):
        vehicle, _created = self.env["fleet.vehicle"]._ig_find_or_create(
            {"vin": VIN, "plate": "S-GM 123", "make": "Mercedes-Benz", "model": "C 200"},
            self.env.company,
        )
        report = self._report(vin=VIN.lower())
        report.action_create_repair_order()
        self.assertEqual(report.repair_order_id.vehicle_id, vehicle)
        self.assertEqual(report.vehicle_id, vehicle)
        self.assertEqual(self.env["fleet.vehicle"].search_count([("vin_sn", "=", VIN)]), 1)

    def test_vehicle_created_by_vin_for_the_customer(self):
        report = self._report()
        report.action_create_repair_order()
        vehicle = report.repair_order_id.vehicle_id
        self.assertEqual(vehicle.vin_sn, VIN)
        self.assertEqual(vehicle.driver_id, self.gertrud)
        self.assertEqual(vehicle.model_id.name, "C 200")

    def test_without_vin_the_plate_among_the_customer_vehicles(self):
        model = self.env["fleet.vehicle"]._ig_model("VW", "Golf")
        known = self.env["fleet.vehicle"].create(
            {"model_id": model.id, "license_plate": "S GM 123", "driver_id": self.gertrud.id}
        )
        report = self._report(vin=False, license_plate="s-gm 123")
        report.action_create_repair_order()
        self.assertEqual(report.repair_order_id.vehicle_id, known)

    def test_without_vin_nor_make_no_vehicle_is_created(self):
        report = self._report(vin=False, vehicle_make=False, vehicle_model=False)
        count = self.env["fleet.vehicle"].search_count([])
        report.action_create_repair_order()
        order = report.repair_order_id
        self.assertFalse(order.vehicle_id)
        self.assertEqual(order.vehicle_plate, "S-GM 123")
        self.assertEqual(self.env["fleet.vehicle"].search_count([]), count)

    # ------------------------------------------------------------------
    # Files and links
    # ------------------------------------------------------------------

    def test_photos_and_signed_forms_are_attached_once(self):
        report = self._report()
        photos = self.env["damage.report.photo"].create(
            [
                {"report_id": report.id, "category": "front_left", "image_data": _jpeg("red")},
                {"report_id": report.id, "category": "damage_close", "image_data": _jpeg("blue")},
            ]
        )
        template = self.env.ref("workshop_damage_report.form_template_rku_2024_01")
        pdf = self.env["ir.attachment"].create(
            {
                "name": "RKÜ signed.pdf",
                "raw": b"%PDF-1.4 signed",
                "res_model": "damage.report",
                "res_id": report.id,
            }
        )
        self.env["damage.report.signed.form"].create(
            {
                "report_id": report.id,
                "template_id": template.id,
                "version": "01/2024",
                "signer_name": "Gertrud Müller",
                "signed_at": "2026-12-01 10:00:00",
                "attachment_id": pdf.id,
            }
        )
        report.action_create_repair_order()
        order = report.repair_order_id
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "repair.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(len(attachments), 3)
        labels = dict(photos._fields["category"]._description_selection(self.env))
        names = attachments.mapped("name")
        self.assertIn(f"{report.name} {labels['front_left']} 1.jpg", names)
        self.assertIn("RKÜ signed.pdf", names)
        # linked again (the button pressed twice): nothing attached twice
        self.env["damage.report.order.wizard"]._start(report)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "repair.order"), ("res_id", "=", order.id)]
            ),
            3,
        )
        self.assertTrue(order.message_ids.filtered(lambda m: report.name in (m.body or "")))
        self.assertTrue(report.message_ids.filtered(lambda m: order.name in (m.body or "")))

    # ------------------------------------------------------------------
    # Requested from an order
    # ------------------------------------------------------------------

    def _ig_order(self):
        broker = self.env.ref("ig_soom_dra.broker_innovation_group")
        insurer = self.Partner.create({"name": "HUK-COBURG", "is_company": True})
        return self.env["repair.order"].create(
            {
                "partner_id": self.gertrud.id,
                "broker_id": broker.id,
                "broker_order_ref": "202019374",
                "insurer_partner_id": insurer.id,
                "claim_number": "KS-4711",
                "cover_type": "full",
                "vehicle_plate": "S-GM 123",
                "vehicle_vin": VIN,
                "vehicle_make": "Mercedes-Benz",
                "vehicle_model": "C 200",
                "vehicle_odometer": 42000,
            }
        )

    def test_request_a_report_from_an_order(self):
        order = self._ig_order()
        action = order.with_user(self.user).action_request_damage_report()
        report = self.env["damage.report"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "damage.report")
        self.assertEqual(report.repair_order_id, order)
        self.assertEqual(report.partner_id, self.gertrud)
        self.assertEqual(report.customer_name, "Gertrud Müller")
        self.assertEqual(report.customer_email, "gertrud@example.com")
        self.assertEqual(report.license_plate, "S-GM 123")
        self.assertEqual(report.vin, VIN)
        self.assertEqual(report.vehicle_make, "Mercedes-Benz")
        self.assertEqual(report.odometer, 42000)
        self.assertEqual(report.insurer_name, "HUK-COBURG")
        self.assertEqual(report.claim_number, "KS-4711")
        self.assertEqual(report.cover_type, "comprehensive")
        self.assertEqual(report.broker_id, order.broker_id)
        self.assertEqual(report.state, "draft")
        self.assertEqual(order.damage_report_count, 1)

    def test_request_from_the_action_menu_and_not_from_a_finished_order(self):
        order = self._ig_order()
        menu = self.env.ref("workshop_damage_report.repair_order_action_request_damage_report")
        bound = self.env["ir.actions.actions"].with_user(self.user).get_bindings("repair.order")
        self.assertIn(menu.id, [action["id"] for action in bound["action"]])
        action = (
            menu.with_user(self.user)
            .with_context(active_model="repair.order", active_id=order.id, active_ids=order.ids)
            .run()
        )
        self.assertEqual(self.env["damage.report"].browse(action["res_id"]).repair_order_id, order)
        order.state = "cancel"
        with self.assertRaises(UserError):
            order.with_user(self.user).action_request_damage_report()
        self.assertEqual(order.damage_report_count, 1)

    def test_a_report_requested_from_an_ig_order_stays_on_that_order(self):
        order = self._ig_order()
        action = order.with_user(self.user).action_request_damage_report()
        report = self.env["damage.report"].with_user(self.user).browse(action["res_id"])
        report.write(
            {"state": "reported", "customer_name": "G. Müller", "customer_street": "Neuweg 1"}
        )
        self.env["damage.report.photo"].create(
            {"report_id": report.id, "category": "odometer", "image_data": _jpeg("green")}
        )
        orders = self.env["repair.order"].search_count([])
        partners = self.Partner.search_count([])
        result = report.action_create_repair_order()
        self.assertEqual(result["res_id"], order.id)
        self.assertEqual(report.repair_order_id, order)
        self.assertEqual(report.state, "order_created")
        self.assertEqual(order.partner_id, self.gertrud)
        self.assertEqual(order.broker_order_ref, "202019374")
        self.assertEqual(self.env["repair.order"].search_count([]), orders)
        self.assertEqual(self.Partner.search_count([]), partners)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "repair.order"), ("res_id", "=", order.id)]
            ),
            1,
        )

    def test_the_forms_open_for_a_repair_user_without_damage_reports(self):
        order = self._ig_order()
        order.with_user(self.user).action_request_damage_report()
        repair_user = new_test_user(
            self.env, login="repair_only", groups="base.group_user,stock.group_stock_user"
        )
        with Form(order.with_user(repair_user)) as form:
            self.assertEqual(form.partner_id, self.gertrud)
        with Form(order.with_user(self.user)) as form:
            self.assertEqual(form.damage_report_count, 1)
        with Form(order.damage_report_ids.with_user(self.user)) as form:
            self.assertEqual(form.repair_order_id, order)
