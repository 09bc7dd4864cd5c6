# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The assistant's steps as the user sees them: the address step's statuses
and contact updates, early warnings, the honest confirm button, the VIN."""

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import IgSoomCommonMixin, sample_bytes

FILE_374 = "KSR202019374.xml"
FILE_362 = "KSR202019362.xml"


@tagged("post_install", "-at_install")
class TestDraImportSteps(IgSoomCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.gertrud = cls.env["res.partner"].create(
            {
                "name": "Gertrud Müller",
                "street": "Dachauer Straße 5",
                "zip": "80335",
                "city": "München",
                "email": "gertrud@example.org",
            }
        )

    def _line(self, wizard, role):
        return wizard.party_ids.filtered(lambda line: line.role == role)

    def _arch(self, model, view=None):
        views = self.env[model].get_views([(self.env.ref(view).id if view else False, "form")])
        return etree.fromstring(views["views"]["form"]["arch"])

    def _assigned_customer(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        customer = self._line(wizard, "Kunde")
        self.assertEqual(customer.status, "orange")
        customer.candidate_ids.filtered(lambda c: c.partner_id == self.gertrud).action_assign()
        self.assertEqual(customer.status, "green")
        return wizard, customer

    def _finish(self, wizard):
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="finish").action_goto_step()
        return self.env["repair.order"].browse(wizard.action_confirm()["res_id"])

    # ------------------------------------------------------------------
    # Address step
    # ------------------------------------------------------------------

    def test_a_dropped_party_keeps_its_data_and_says_dropped(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        customer = self._line(wizard, "Kunde")
        customer.action_drop()
        self.assertEqual(customer.status, "dropped")
        self.assertIn("Schillingstraße 122", customer.address_display)
        self.assertEqual(self._line(wizard, "Gutachter").status, "grey")
        labels = dict(customer._fields["status"]._description_selection(self.env))
        self.assertNotEqual(labels["dropped"], labels["grey"])
        # dropped is decided: it blocks nothing
        self.assertNotIn(customer, wizard.party_ids.filtered(lambda p: p.status == "red"))
        customer.action_reset()
        self.assertEqual(customer.status, "orange")

    def test_the_orange_badge_has_its_own_word(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        arch = self._arch("dra.import.wizard")
        [check] = arch.xpath(
            "//field[@name='party_ids']//button[@name='action_open_compare'][@icon='fa-search']"
        )
        labels = dict(wizard.party_ids._fields["status"]._description_selection(self.env))
        self.assertNotEqual(labels["orange"], check.get("string"))

    def test_the_comparison_is_one_line_per_field(self):
        _wizard, customer = self._assigned_customer()
        lines = {line.field_key: line for line in customer.comparison_ids}
        self.assertEqual(customer.compared_partner_id, self.gertrud)
        self.assertEqual(lines["name"].verdict, "equal")
        self.assertEqual(lines["zip"].verdict, "equal")
        self.assertEqual(lines["street"].verdict, "different")
        self.assertEqual(lines["house_number"].verdict, "different")
        self.assertEqual(lines["street"].imported, "Schillingstraße")
        self.assertIn("Dachauer", lines["street"].existing)
        # one choice per data of the contact: street and house number are one street
        self.assertTrue(lines["street"].can_apply)
        self.assertFalse(lines["house_number"].can_apply)
        self.assertFalse(lines["name"].can_apply)
        self.assertTrue(customer.partner_differs)
        self.assertFalse(customer.update_partner)

    def test_update_contact_writes_the_chosen_values_at_the_takeover(self):
        wizard, customer = self._assigned_customer()
        keeper = self._line(wizard, "Fahrzeughalter")
        self.assertEqual(keeper.partner_id, self.gertrud)
        action = customer.action_offer_update()
        self.assertEqual(action["res_model"], "dra.import.party")
        self.assertEqual(action["res_id"], customer.id)
        self.assertTrue(customer.update_partner)
        chosen = customer.comparison_ids.filtered("apply")
        self.assertIn("street", chosen.mapped("target"))
        # the user keeps the contact's e-mail address
        with Form(customer, view="ig_soom_dra.dra_import_party_view_form") as form:
            for index, line in enumerate(customer.comparison_ids):
                if line.target == "email" and line.can_apply:
                    with form.comparison_ids.edit(index) as row:
                        row.apply = False
        self.assertEqual(self.gertrud.street, "Dachauer Straße 5")
        order = self._finish(wizard)
        self.assertEqual(order.partner_id, self.gertrud)
        self.assertEqual(self.gertrud.street, "Schillingstraße 122")
        self.assertEqual(self.gertrud.email, "gertrud@example.org")
        notes = self.gertrud.message_ids.filtered(lambda message: FILE_374 in message.body)
        self.assertEqual(len(notes), 1, "one note, although customer and keeper chose it")
        self.assertIn(FILE_374, notes.body)
        self.assertIn("Schillingstraße 122", notes.body)
        self.assertIn("Dachauer Straße 5", notes.body)
        # the next file of the same person finds the contact
        again = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertEqual(self._line(again, "Kunde").status, "green")
        self.assertEqual(self._line(again, "Kunde").partner_id, self.gertrud)

    def test_no_update_without_a_choice(self):
        wizard, customer = self._assigned_customer()
        self.assertFalse(customer.update_partner)
        self._finish(wizard)
        self.assertEqual(self.gertrud.street, "Dachauer Straße 5")

    def test_the_update_choice_goes_when_another_contact_is_assigned(self):
        wizard, customer = self._assigned_customer()
        customer.action_offer_update()
        self.assertTrue(customer.update_partner)
        customer.action_create_partner()
        self.assertFalse(customer.update_partner)
        self.assertFalse(customer.partner_differs)
        self._finish(wizard)
        self.assertEqual(self.gertrud.street, "Dachauer Straße 5")

    # ------------------------------------------------------------------
    # Early warnings and the confirm button
    # ------------------------------------------------------------------

    def test_a_reimport_is_announced_on_the_preview(self):
        wizard = self._start_wizard(sample_bytes(FILE_362), FILE_362)
        self.assertFalse(wizard.duplicate_order_id)
        order = self._finish(wizard)
        again = self._start_wizard(sample_bytes(FILE_362), FILE_362)
        self.assertEqual(again.step, "preview")
        self.assertEqual(again.duplicate_order_id, order)
        arch = self._arch("dra.import.wizard")
        [notice] = arch.xpath("//div[@name='page_preview']//div[@name='reimport_notice']")
        self.assertEqual(notice.get("invisible"), "not duplicate_order_id")
        self.assertTrue(notice.xpath(".//field[@name='duplicate_order_id']"))

    def test_the_preview_shows_the_order_details(self):
        arch = self._arch("dra.import.wizard")
        [page] = arch.xpath("//div[@name='page_preview']")
        shown = set(page.xpath(".//field/@name"))
        for name in (
            "roadworthy",
            "courtesy_car_class",
            "vehicle_location",
            "broker_services",
            "broker_notes",
        ):
            self.assertIn(name, shown)
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertEqual(wizard.roadworthy, "no")
        self.assertEqual(wizard.broker_notes, "Kundin ist vormittags erreichbar.")

    def test_confirm_is_disabled_while_a_step_is_red(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        wizard.with_context(dra_step="finish").action_goto_step()
        self.assertEqual(wizard.addresses_mark, "missing")
        self.assertFalse(wizard.can_confirm)
        arch = self._arch("dra.import.wizard")
        buttons = arch.xpath("//footer/button[@name='action_confirm']")
        enabled = [button for button in buttons if not button.get("disabled")]
        disabled = [button for button in buttons if button.get("disabled")]
        self.assertEqual(len(enabled), 1)
        self.assertEqual(len(disabled), 1)
        self.assertIn("not can_confirm", enabled[0].get("invisible"))
        self.assertIn("or can_confirm", disabled[0].get("invisible"))
        # the server still refuses
        with self.assertRaises(UserError):
            wizard.action_confirm()
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        self.assertTrue(wizard.can_confirm)

    def test_one_title_through_all_steps(self):
        action = self.env.ref("ig_soom_dra.dra_import_wizard_action")
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        titles = {action.name, wizard._reopen()["name"]}
        titles.add(self._line(wizard, "Kunde").action_open_compare()["name"])
        titles.add(wizard.action_next()["name"])
        self.assertEqual(len(titles), 1, titles)

    # ------------------------------------------------------------------
    # Vehicle step: the VIN
    # ------------------------------------------------------------------

    def test_the_vin_can_be_entered_and_the_vehicle_is_looked_up(self):
        wizard = self._start_wizard(sample_bytes(FILE_362), FILE_362)
        self.assertEqual(wizard.vehicle_action, "none")
        wizard.with_context(dra_step="vehicle").action_goto_step()
        with Form(wizard) as form:
            form.vehicle_vin = " wdd 117342-1n456789 "
            self.assertEqual(form.vehicle_action, "create")
        self.assertEqual(wizard.vehicle_vin, "WDD1173421N456789")
        self.assertEqual(wizard.vehicle_action, "create")
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Mercedes-Benz"})
        model = self.env["fleet.vehicle.model"].create({"name": "CLA", "brand_id": brand.id})
        known = self.env["fleet.vehicle"].create(
            {"model_id": model.id, "vin_sn": "WDD1173421N999999"}
        )
        # written by the web client: the server looks the vehicle up itself
        wizard.write({"vehicle_vin": "wdd1173421n999999"})
        self.assertEqual(wizard.vehicle_id, known)
        self.assertEqual(wizard.vehicle_action, "link")
        order = self._finish(wizard)
        self.assertEqual(order.vehicle_id, known)
        self.assertEqual(order.vehicle_vin, "WDD1173421N999999")

    def test_an_invalid_vin_is_refused_for_the_vehicle(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        self.assertEqual(wizard.vehicle_action, "create")
        self.assertFalse(wizard.vin_invalid)
        wizard.with_context(dra_step="vehicle").action_goto_step()
        with (
            self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs,
            Form(wizard) as form,
        ):
            form.vehicle_vin = "WDD1173421N45678O"
            self.assertEqual(form.vehicle_action, "none")
        self.assertIn("WDD1173421N45678O", logs.output[0])
        self.assertTrue(wizard.vin_invalid)
        self.assertEqual(wizard.vehicle_action, "none")
        self.assertFalse(wizard.vehicle_id)
