# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import IgSoomCommonMixin, order_documents, sample_bytes

FILE_374 = "KSR202019374.xml"
FILE_362 = "KSR202019362.xml"
FILE_753 = "KSR202019753.xml"
FILE_PHOTOS = "KSR202019900.xml"


@tagged("post_install", "-at_install")
class TestDraImportWizard(IgSoomCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        Partner = cls.env["res.partner"]
        cls.ig_partner = Partner.create(
            {
                "name": "Innovation Group AG",
                "is_company": True,
                "street": "Rotebühlstr. 121",
                "zip": "70178",
                "city": "Stuttgart",
            }
        )
        cls.insurer = Partner.create(
            {
                "name": "Test Versicherung",
                "is_company": True,
                "street": "Teststraße 1",
                "zip": "70178",
                "city": "Stuttgart",
            }
        )

    def _line(self, wizard, role):
        return wizard.party_ids.filtered(lambda line: line.role == role)

    def _counts(self):
        return (
            self.env["repair.order"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["fleet.vehicle"].with_context(active_test=False).search_count([]),
            self.env["ir.attachment"].search_count([("res_model", "=", "repair.order")]),
        )

    def _create_gertrud(self, street="Schillingstraße 122", zip_code="80335"):
        return self.env["res.partner"].create(
            {"name": "Gertrud Müller", "street": street, "zip": zip_code, "city": "München"}
        )

    # ------------------------------------------------------------------
    # Step 1: preview
    # ------------------------------------------------------------------

    def test_preview_shows_order_data_and_documents(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertTrue(wizard.loaded)
        self.assertFalse(wizard.error_message)
        self.assertEqual(wizard.step, "preview")
        self.assertEqual(wizard.preview_mark, "done")
        self.assertEqual(wizard.broker_order_ref, "202019374")
        self.assertEqual(wizard.soom_case_id, "1a941996-cc76-438c-8692-1f96eb89668d")
        self.assertEqual(wizard.cover_type, "partial")
        self.assertEqual(wizard.roadworthy, "no")
        self.assertAlmostEqual(wizard.deductible, 150.0)
        self.assertEqual(str(wizard.damage_date), "2018-03-01")
        # 02.03.2018 14:54 in Germany (CET) is 13:54 UTC
        self.assertEqual(str(wizard.placed_at), "2018-03-02 13:54:00")
        self.assertEqual(len(wizard.party_ids), 8)
        self.assertEqual(
            wizard.attachment_ids.mapped("document_type"),
            ["Leistungsvereinbarung", "Checkliste", "Bild"],
        )
        self.assertEqual(wizard.preview_attachment_id, wizard.attachment_ids[0])
        self.assertEqual(wizard.preview_kind, "pdf")
        self.assertTrue(wizard.preview_pdf.startswith(base64.b64encode(b"%PDF")[:4]))

    def test_preview_of_an_image_can_be_rotated(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        photo = wizard.attachment_ids.filtered(lambda a: a.document_type == "Bild")
        photo.action_preview()
        self.assertEqual(wizard.preview_kind, "image")
        before = wizard.preview_image
        wizard.action_rotate_preview()
        self.assertEqual(photo.rotation, 90)
        self.assertEqual(wizard.preview_rotation, 90)
        # the browser turns the image; the server sends it as it is
        self.assertEqual(wizard.preview_image, before)

    def test_steps_can_be_clicked_and_walked(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        wizard.with_context(dra_step="order").action_goto_step()
        self.assertEqual(wizard.step, "order")
        wizard.action_back()
        self.assertEqual(wizard.step, "vehicle")
        wizard.with_context(dra_step="preview").action_goto_step()
        self.assertEqual(wizard.step, "preview")

    # ------------------------------------------------------------------
    # Step 2: addresses
    # ------------------------------------------------------------------

    def test_address_colours(self):
        self._create_gertrud(street="Dachauer Straße 5")
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        insurer = self._line(wizard, "Versicherung")
        self.assertEqual(insurer.status, "green")
        # the oldest of identical contacts (the demo data may hold one too)
        self.assertEqual(insurer.partner_id.name, "Test Versicherung")
        self.assertLessEqual(insurer.partner_id.id, self.insurer.id)
        self.assertEqual(self._line(wizard, "Schadenvermittler").status, "green")
        self.assertEqual(self._line(wizard, "Kunde").status, "orange")
        self.assertEqual(self._line(wizard, "Gutachter").status, "grey")
        self.assertEqual(self._line(wizard, "Leasinggeber").status, "grey")
        self.assertEqual(wizard.addresses_mark, "missing")

    def test_red_without_contact_and_next_is_refused(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        customer = self._line(wizard, "Kunde")
        self.assertEqual(customer.status, "red")
        wizard.action_next()
        self.assertEqual(wizard.step, "addresses")
        with self.assertRaises(UserError):
            wizard.action_next()
        self.assertEqual(wizard.step, "addresses")

    def test_identical_contact_is_green(self):
        gertrud = self._create_gertrud()
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        customer = self._line(wizard, "Kunde")
        self.assertEqual(customer.status, "green")
        self.assertEqual(customer.partner_id, gertrud)
        self.assertEqual(customer.resolution, "auto")

    def test_assign_candidate_also_resolves_the_same_person(self):
        gertrud = self._create_gertrud(street="Dachauer Straße 5")
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        customer = self._line(wizard, "Kunde")
        keeper = self._line(wizard, "Fahrzeughalter")
        action = customer.action_open_compare()
        self.assertEqual(action["res_id"], customer.id)
        self.assertIn(gertrud, customer.candidate_ids.partner_id)
        verdicts = dict(customer.comparison_ids.mapped(lambda c: (c.field_key, c.verdict)))
        self.assertEqual(verdicts["street"], "different")
        customer.candidate_ids.filtered(lambda c: c.partner_id == gertrud).action_assign()
        self.assertEqual(customer.status, "green")
        self.assertEqual(customer.resolution, "assigned")
        self.assertEqual(keeper.partner_id, gertrud)

    def test_typo_is_offered_as_candidate(self):
        typo = self.env["res.partner"].create(
            {"name": "Gertrud Müler", "street": "Schillingstr. 122", "zip": "80336"}
        )
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        customer = self._line(wizard, "Kunde")
        self.assertEqual(customer.status, "red")
        self.assertIn(typo, customer.candidate_ids.partner_id)

    def test_assign_contact_by_hand(self):
        other = self.env["res.partner"].create({"name": "Gertrud Müller-Lüdenscheidt"})
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        customer = self._line(wizard, "Kunde")
        with Form(customer, view="ig_soom_dra.dra_import_party_view_form") as form:
            form.manual_partner_id = other
        customer.action_assign_manual()
        self.assertEqual(customer.partner_id, other)
        self.assertEqual(customer.status, "green")

    def test_drop_and_reset_a_party(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        driver = self._line(wizard, "Fahrzeugfahrer")
        driver.action_drop()
        self.assertEqual(driver.status, "dropped")
        driver.action_reset()
        self.assertEqual(driver.status, "red")

    # ------------------------------------------------------------------
    # Takeover
    # ------------------------------------------------------------------

    def _resolve_all_by_creating(self, wizard):
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        self.assertEqual(wizard.addresses_mark, "done")

    def _walk_to_finish(self, wizard):
        wizard.with_context(dra_step="addresses").action_goto_step()
        for _step in range(3):
            wizard.action_next()
        self.assertEqual(wizard.step, "finish")

    def test_takeover_new_order_with_new_contacts_and_vehicle(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self._resolve_all_by_creating(wizard)
        self.assertEqual(wizard.vehicle_action, "create")
        self._walk_to_finish(wizard)
        partners_before = self.env["res.partner"].search_count([])
        action = wizard.action_confirm()
        order = self.env["repair.order"].browse(action["res_id"])
        self.assertEqual(order.broker_order_ref, "202019374")
        self.assertEqual(order.broker_id, self.broker_ig)
        self.assertEqual(order.workshop_status, "kv")
        self.assertEqual(order.policy_number, "KT-4471-0815")
        self.assertEqual(order.cover_type, "partial")
        self.assertEqual(order.deductible, 150.0)
        # customer, keeper and driver are one person: one new contact
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before + 1)
        self.assertEqual(order.partner_id, order.keeper_partner_id)
        self.assertEqual(order.partner_id, order.driver_partner_id)
        self.assertEqual(order.partner_id.name, "Gertrud Müller")
        self.assertEqual(order.partner_id.street, "Schillingstraße 122")
        self.assertTrue(order.partner_id.mobile)
        self.assertFalse(order.partner_id.is_company)
        self.assertEqual(order.insurer_partner_id.name, "Test Versicherung")
        self.assertEqual(order.broker_partner_id.name, "Innovation Group AG")
        vehicle = order.vehicle_id
        self.assertEqual(vehicle.vin_sn, "WDD1173421N456789")
        self.assertEqual(vehicle.license_plate, "M-ZZ 44")
        self.assertEqual(vehicle.brand_id.name, "Mercedes-Benz")
        self.assertEqual(vehicle.model_id.name, "CLA")
        self.assertEqual(vehicle.kba_hsn, "1313")
        # fleet's own registration date and odometer log, one reading
        self.assertEqual(vehicle.acquisition_date, date(2016, 5, 12))
        self.assertEqual(vehicle.odometer, 45210)
        self.assertEqual(vehicle.odometer_count, 1)
        self.assertEqual(order.deductible_currency_id, self.env.ref("base.EUR"))
        attachments = order_documents(order)
        self.assertEqual(len(attachments), 3)
        self.assertIn("Leistungsvereinbarung", attachments.mapped("dra_document_type"))
        self.assertTrue(order.dra_file)
        self.assertEqual(order.dra_filename, FILE_374)
        summary = order.message_ids[:1].body
        self.assertIn(FILE_374, summary)
        self.assertIn("Gertrud Müller", summary)

    def test_known_vin_links_vehicle_and_unticked_documents_stay_out(self):
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Fiat"})
        model = self.env["fleet.vehicle.model"].create({"name": "500", "brand_id": brand.id})
        vehicle = self.env["fleet.vehicle"].create(
            {"model_id": model.id, "vin_sn": "zfa31200000753001", "license_plate": "F-JS 753"}
        )
        wizard = self._start_wizard(sample_bytes(FILE_753), FILE_753)
        self.assertEqual(wizard.vehicle_action, "link")
        self.assertEqual(wizard.vehicle_id, vehicle)
        with Form(wizard) as form, form.attachment_ids.edit(1) as line:
            line.selected = False
        self._resolve_all_by_creating(wizard)
        self._walk_to_finish(wizard)
        vehicles_before = self.env["fleet.vehicle"].search_count([])
        order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(order.vehicle_id, vehicle)
        self.assertEqual(self.env["fleet.vehicle"].search_count([]), vehicles_before)
        documents = order_documents(order)
        self.assertEqual(len(documents), 2)

    def test_no_vin_keeps_the_data_on_the_order_and_creates_the_vehicle_later(self):
        wizard = self._start_wizard(sample_bytes(FILE_362), FILE_362)
        self.assertEqual(wizard.vehicle_action, "none")
        self._resolve_all_by_creating(wizard)
        self._walk_to_finish(wizard)
        vehicles_before = self.env["fleet.vehicle"].search_count([])
        order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        self.assertFalse(order.vehicle_id)
        self.assertEqual(order.vehicle_plate, "S-IG 123")
        self.assertEqual(self.env["fleet.vehicle"].search_count([]), vehicles_before)
        with self.assertRaises(UserError):
            order.action_create_vehicle()
        order.vehicle_vin = "WDD1173421N123456"
        order.action_create_vehicle()
        self.assertEqual(order.vehicle_id.vin_sn, "WDD1173421N123456")
        self.assertEqual(order.vehicle_id.model_id.name, "Sonstige")
        self.assertEqual(order.vehicle_id.license_plate, "S-IG 123")

    def test_initial_status_can_be_chosen(self):
        wizard = self._start_wizard(sample_bytes(FILE_362), FILE_362)
        self._resolve_all_by_creating(wizard)
        wizard.with_context(dra_step="order").action_goto_step()
        with Form(wizard) as form:
            form.initial_status = "ab"
        self._walk_to_finish(wizard)
        order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(order.workshop_status, "ab")

    def test_linked_order_found_by_vin_gets_the_chosen_status(self):
        rsd = self.env["repair.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Gertrud Müller"}).id,
                "vehicle_vin": "WDD1173421N456789",
            }
        )
        self.assertFalse(rsd.workshop_status)
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertEqual(wizard.order_mode, "link")
        self.assertEqual(wizard.existing_order_id, rsd)
        self.assertEqual(wizard.initial_status, "kv")
        self._resolve_all_by_creating(wizard)
        wizard.with_context(dra_step="order").action_goto_step()
        with Form(wizard) as form:
            form.initial_status = "ab"
        self._walk_to_finish(wizard)
        self.assertEqual(wizard.action_confirm()["res_id"], rsd.id)
        self.assertEqual(rsd.workshop_status, "ab")
        self.assertEqual(rsd.processing_stage, "released")

    def test_linked_order_keeps_its_status_by_default(self):
        rsd = self.env["repair.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Gertrud Müller"}).id,
                "vehicle_vin": "WDD1173421N456789",
                "workshop_status": "ab",
            }
        )
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertEqual(wizard.existing_order_id, rsd)
        self.assertEqual(wizard.initial_status, "ab")
        # a new order instead starts in KV
        wizard.order_mode = "new"
        self.assertEqual(wizard.initial_status, "kv")
        wizard.order_mode = "link"
        self._resolve_all_by_creating(wizard)
        self._walk_to_finish(wizard)
        wizard.action_confirm()
        self.assertEqual(rsd.workshop_status, "ab")

    def test_deductible_currency_of_the_file_is_kept(self):
        data = sample_bytes(FILE_374).replace(b'Waehrung="EUR"', b'Waehrung="CHF"')
        self.assertIn(b'Waehrung="CHF"', data)
        wizard = self._start_wizard(data, FILE_374)
        chf = self.env.ref("base.CHF")
        self.assertEqual(wizard.deductible_currency_id, chf)
        self._resolve_all_by_creating(wizard)
        self._walk_to_finish(wizard)
        order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(order.deductible, 150.0)
        self.assertEqual(order.deductible_currency_id, chf)

    def test_unknown_deductible_currency_is_warned_about(self):
        data = sample_bytes(FILE_374).replace(b'Waehrung="EUR"', b'Waehrung="XQZ"')
        wizard = self._start_wizard(data, FILE_374)
        self.assertFalse(wizard.deductible_currency_id)
        self.assertIn("XQZ", wizard.warning_message)

    def test_open_order_with_same_plate_is_proposed_and_linked(self):
        customer = self.env["res.partner"].create({"name": "Justin Smith"})
        rsd = self.env["repair.order"].create(
            {"partner_id": customer.id, "vehicle_plate": "F-JS 753"}
        )
        wizard = self._start_wizard(sample_bytes(FILE_753), FILE_753)
        self.assertEqual(wizard.order_mode, "link")
        self.assertEqual(wizard.existing_order_id, rsd)
        self.assertIn(rsd.name, wizard.proposal_reason)
        self.assertIn("202019753", wizard.change_summary)
        self._resolve_all_by_creating(wizard)
        self._walk_to_finish(wizard)
        orders_before = self.env["repair.order"].search_count([])
        order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(order, rsd)
        self.assertEqual(order.broker_order_ref, "202019753")
        self.assertEqual(self.env["repair.order"].search_count([]), orders_before)

    def test_new_order_can_be_chosen_instead_of_the_proposal(self):
        customer = self.env["res.partner"].create({"name": "Justin Smith"})
        rsd = self.env["repair.order"].create(
            {"partner_id": customer.id, "vehicle_plate": "F-JS 753"}
        )
        wizard = self._start_wizard(sample_bytes(FILE_753), FILE_753)
        self._resolve_all_by_creating(wizard)
        wizard.with_context(dra_step="order").action_goto_step()
        with Form(wizard) as form:
            form.order_mode = "new"
        self._walk_to_finish(wizard)
        order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        self.assertNotEqual(order, rsd)

    def test_reimport_updates_the_order_and_creates_no_duplicate(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self._resolve_all_by_creating(wizard)
        self._walk_to_finish(wizard)
        order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        order.policy_number = "CHANGED"
        counts = self._counts()

        again = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertEqual(again.duplicate_order_id, order)
        self.assertEqual(again.order_mode, "link")
        self.assertIn("KT-4471-0815", again.change_summary)
        self.assertIn("CHANGED", again.change_summary)
        # the contacts created by the first import are found now
        self.assertEqual(self._line(again, "Kunde").status, "green")
        self.assertEqual(self._line(again, "Kunde").partner_id, order.partner_id)
        again.with_context(dra_step="order").action_goto_step()
        with Form(again) as form:
            self.assertEqual(form.order_mode, "link")
            self.assertEqual(form.existing_order_id, order)
            # the view shows the choice read-only; a stale client still can't
            with self.assertRaises(AssertionError):
                form.order_mode = "new"
        again.order_mode = "new"
        with self.assertRaises(UserError):
            again.action_next()
        again.order_mode = "link"
        self._walk_to_finish(again)
        self.assertEqual(again.action_confirm()["res_id"], order.id)
        self.assertEqual(order.policy_number, "KT-4471-0815")
        self.assertEqual(self._counts(), counts)
        # the same reading again is no new odometer log
        self.assertEqual(order.vehicle_id.odometer_count, 1)
        self.assertEqual(order.workshop_status, "kv")

    def test_every_sample_goes_through(self):
        for name in (FILE_362, FILE_374, FILE_753, FILE_PHOTOS):
            with self.subTest(name=name):
                wizard = self._start_wizard(sample_bytes(name), name)
                self.assertFalse(wizard.error_message)
                self._resolve_all_by_creating(wizard)
                wizard.with_context(dra_step="order").action_goto_step()
                if wizard.order_mode == "link":
                    with Form(wizard) as form:
                        form.order_mode = "new"
                self._walk_to_finish(wizard)
                order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
                self.assertEqual(order.broker_order_ref, name[3:-4])
                summaries = [body for body in order.message_ids.mapped("body") if name in body]
                self.assertEqual(len(summaries), 1)

    def test_photos_sample_takes_all_photos(self):
        wizard = self._start_wizard(sample_bytes(FILE_PHOTOS), FILE_PHOTOS)
        photos = wizard.attachment_ids.filtered(lambda a: a.document_type == "Bild")
        self.assertGreaterEqual(len(photos), 20)
        self.assertTrue(all(photos.mapped("selected")))

    # ------------------------------------------------------------------
    # Failures
    # ------------------------------------------------------------------

    def test_failure_rolls_back_everything(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self._resolve_all_by_creating(wizard)
        self._walk_to_finish(wizard)
        counts = self._counts()
        RepairOrder = self.env.registry["repair.order"]
        with (
            patch.object(
                RepairOrder, "_ig_log_note", side_effect=UserError("mail server down"), create=True
            ),
            self.assertRaises(UserError),
        ):
            wizard.action_confirm()
        self.assertEqual(self._counts(), counts)

    def test_same_order_taken_over_concurrently_ends_with_one_order(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self._resolve_all_by_creating(wizard)
        self._walk_to_finish(wizard)
        # another user takes the same order over after this assistant checked
        self.env["repair.order"].create(
            {
                "partner_id": self.insurer.id,
                "broker_id": self.broker_ig.id,
                "broker_order_ref": "202019374",
            }
        )
        counts = self._counts()
        with mute_logger("odoo.sql_db"), self.assertRaisesRegex(UserError, "202019374"):
            wizard.action_confirm()
        self.assertEqual(self._counts(), counts)
        self.assertEqual(
            self.env["repair.order"].search_count([("broker_order_ref", "=", "202019374")]), 1
        )

    def test_confirm_refused_until_every_step_is_complete(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertFalse(wizard.can_confirm)
        counts = self._counts()
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(self._counts(), counts)

    def test_order_step_needs_a_broker(self):
        wizard = self._start_wizard(sample_bytes(FILE_362), FILE_362)
        self._resolve_all_by_creating(wizard)
        wizard.with_context(dra_step="order").action_goto_step()
        # the view requires it; without a broker the order number is not unique
        wizard.broker_id = False
        self.assertEqual(wizard.order_mark, "missing")
        with self.assertRaises(UserError):
            wizard.action_next()
        with self.assertRaises(UserError):
            wizard.action_confirm()

    def test_user_of_the_group_can_take_over(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374, user=self.user_workshop)
        self._resolve_all_by_creating(wizard)
        self._walk_to_finish(wizard)
        order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(order.create_uid, self.user_workshop)
