# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from .common import IgSoomCommonMixin, order_documents, sample_bytes

FILE_374 = "KSR202019374.xml"
FILE_753 = "KSR202019753.xml"


@tagged("post_install", "-at_install")
class TestRendering(IgSoomCommonMixin, TransactionCase):
    """Issue 9, A.2 and B.9: the takeover note and the change summary of a
    re-import are QWeb templates that read in the user's language: choices by
    their translated label, amounts, dates and numbers in its format."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        # German as a German database has it, whatever this database's languages
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"]._load_module_terms(["ig_soom_dra"], ["de_DE"])
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE", tz="Europe/Berlin"))

    def _take_over(self, wizard):
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="addresses").action_goto_step()
        for _step in range(3):
            wizard.action_next()
        return self.env["repair.order"].browse(wizard.action_confirm()["res_id"])

    def _linked_753(self):
        """A re-import of KSR202019753.xml proposed for an order opened before the file came."""
        customer = self.env["res.partner"].create({"name": "Justin Smith"})
        order = self.env["repair.order"].create(
            {"partner_id": customer.id, "vehicle_plate": "F-JS 753"}
        )
        wizard = self._start_wizard(sample_bytes(FILE_753), FILE_753)
        self.assertEqual((wizard.order_mode, wizard.existing_order_id), ("link", order))
        return wizard, order

    def test_takeover_note_names_document_types_by_their_label(self):
        order = self._take_over(self._start_wizard(sample_bytes(FILE_374), FILE_374))
        note = order.message_ids.filtered(lambda message: FILE_374 in (message.body or ""))
        self.assertEqual(len(note), 1)
        types = dict(
            self.env["ir.attachment"]._fields["dra_document_type"]._description_selection(self.env)
        )
        documents = order_documents(order)
        self.assertEqual(
            set(documents.mapped("dra_document_type")),
            {"Leistungsvereinbarung", "Checkliste", "Bild"},
        )
        for document in documents:
            self.assertIn(f"{document.name} ({types[document.dra_document_type]})", note.body)
        # the labels of the selection list as written in the code are English
        for english in ("(Service Agreement)", "(Checklist)", "(Photo)"):
            self.assertNotIn(english, note.body)
        roles = dict(self.env["dra.import.party"]._fields["role"]._description_selection(self.env))
        self.assertIn(f"{roles['Kunde']}: {order.partner_id.display_name}", note.body)

    def test_change_summary_formats_amounts_dates_and_numbers(self):
        wizard, _order = self._linked_753()
        summary = wizard.change_summary
        self.assertIn("300,00\N{NO-BREAK SPACE}€", summary)
        self.assertIn("01.07.2015", summary)
        self.assertIn("88.012", summary)
        for raw in ("300.0", "2015-07-01", "88012"):
            self.assertNotIn(raw, summary)

    def test_change_summary_follows_the_file_and_the_order(self):
        wizard, order = self._linked_753()
        label = order._fields["policy_number"]._description_string(self.env)
        self.assertTrue(wizard.policy_number)
        self.assertIn(label, wizard.change_summary)
        # the file's value changes: the summary follows at once
        wizard.policy_number = "VS-NEU-1"
        self.assertIn("VS-NEU-1", wizard.change_summary)
        wizard.vehicle_odometer = 123456
        self.assertIn("123.456", wizard.change_summary)
        wizard.policy_number = False
        self.assertNotIn(label, wizard.change_summary)
        # the order gets the file's value: the next request shows no change of it
        order.vehicle_odometer = 123456
        self.env.invalidate_all()
        self.assertNotIn("123.456", wizard.change_summary)
