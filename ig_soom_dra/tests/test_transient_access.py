# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The assistants and dialogs belong to their user, and show only what the user may read."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..core import dra
from .common import IgSoomCommonMixin, sample_bytes
from .test_dra_import_trust import png_bomb, variant

FILE_374 = "KSR202019374.xml"


@tagged("post_install", "-at_install")
class TestTransientAccess(IgSoomCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.company_b = cls.env["res.company"].create({"name": "Fremde Werkstatt"})
        cls.user_b = new_test_user(
            cls.env,
            login="ig_transient_b",
            groups="ig_soom_dra.group_ig_soom_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.colleague = new_test_user(
            cls.env, login="ig_transient_colleague", groups="ig_soom_dra.group_ig_soom_user"
        )
        cls.contact_b = cls.env["res.partner"].create(
            {"name": "Geheime Kundin", "street": "Hinterhof 1", "company_id": cls.company_b.id}
        )
        cls.contact_a = cls.env["res.partner"].create(
            {"name": "Kundin A", "phone": "0711 4711", "company_id": cls.env.company.id}
        )
        cls.order = cls.env["repair.order"].create(
            {
                "partner_id": cls.contact_a.id,
                "broker_id": cls.broker_ig.id,
                "soom_case_id": "case-a",
            }
        )

    def test_an_assistant_is_its_users_own(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374, user=self.user_workshop)
        self.assertTrue(wizard.loaded)
        for intruder in (self.user_b, self.colleague):
            with self.subTest(intruder=intruder.login):
                for model in (
                    "dra.import.wizard",
                    "dra.import.party",
                    "dra.import.candidate",
                    "dra.import.comparison",
                    "dra.import.attachment",
                ):
                    self.assertFalse(self.env[model].with_user(intruder).search([]), model)
                foreign = wizard.with_user(intruder)
                with self.assertRaises(AccessError):
                    foreign.read(["policy_number"])
                with self.assertRaises(AccessError):
                    foreign.write({"policy_number": "HACKED"})
                with self.assertRaises(AccessError):
                    wizard.attachment_ids[:1].with_user(intruder).write({"name": "evil.html"})
                with self.assertRaises(AccessError):
                    foreign.unlink()
                # nor its uploaded file
                with self.assertRaises(AccessError):
                    wizard.dra_attachment_id.with_user(intruder).read(["datas"])
        self.assertNotEqual(wizard.policy_number, "HACKED")

    def test_the_dialogs_are_their_users_own(self):
        self.order.with_user(self.user_workshop).action_soom_send()
        printing = (
            self.env["dra.document.print"]
            .with_user(self.user_workshop)
            .create({"order_id": self.order.id})
        )
        for model in (
            "soom.send.wizard",
            "dra.document.print",
            "soom.fetch.wizard",
            "soom.fetch.wizard.line",
        ):
            self.assertFalse(self.env[model].with_user(self.colleague).search([]), model)
        with self.assertRaises(AccessError):
            printing.with_user(self.colleague).unlink()

    def test_a_candidate_shows_only_a_contact_the_user_may_read(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374, user=self.user_b)
        party = wizard.party_ids[:1]
        candidate = (
            self.env["dra.import.candidate"]
            .with_user(self.user_b)
            .create({"party_id": party.id, "partner_id": self.contact_a.id})
        )
        with self.assertRaises(AccessError):
            candidate.read(["partner_name", "street", "phone"])

    def test_dialogs_of_another_companys_order_show_nothing_of_it(self):
        self.order.broker_order_ref = "202019374"
        attachment = self.env["ir.attachment"].create(
            {
                "name": "intern.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "repair.order",
                "res_id": self.order.id,
            }
        )
        own_order = (
            self.env["repair.order"]
            .with_user(self.user_b)
            .create(
                {
                    "partner_id": self.contact_b.id,
                    "broker_order_ref": "202019375",
                }
            )
        )
        # what each dialog needs besides its order
        dialogs = {
            "soom.send.wizard": {},
            "soom.release.wizard": {
                "repair_start_planned": "2026-03-02 07:00:00",
                "repair_end_expected": "2026-03-04 16:00:00",
            },
            "soom.appointment.wizard": {"customer_reached": "no"},
            "dra.export.wizard": {},
            "dra.document.print": {},
        }
        for model, needs in dialogs.items():
            with self.subTest(model=model):
                Dialog = self.env[model].with_user(self.user_b)
                spec = {"order_id": {"fields": {"display_name": {}}}}
                # the form of a new dialog, its order given or from the context
                with self.assertRaises(AccessError):
                    Dialog.onchange({"order_id": self.order.id}, [], spec)
                with self.assertRaises(AccessError):
                    Dialog.with_context(default_order_id=self.order.id).onchange({}, [], spec)
                # the dialogs opened from the action menu take the active order
                if model in ("dra.export.wizard", "dra.document.print"):
                    with self.assertRaises(AccessError):
                        Dialog.with_context(
                            active_model="repair.order", active_id=self.order.id
                        ).onchange({}, [], spec)
                with self.assertRaises(AccessError):
                    Dialog.create({"order_id": self.order.id, **needs})
                # nor moved there from the user's own order
                dialog = Dialog.create({"order_id": own_order.id, **needs})
                with self.assertRaises(AccessError):
                    dialog.write({"order_id": self.order.id})
                self.assertEqual(dialog.sudo().order_id, own_order)
                # the user's own order opens
                result = Dialog.onchange({"order_id": own_order.id}, [], spec)
                self.assertNotIn("warning", result)
        printing = (
            self.env["dra.document.print"]
            .with_user(self.user_b)
            .create(
                {"order_id": own_order.id, "line_ids": [(0, 0, {"attachment_id": attachment.id})]}
            )
        )
        with self.assertRaises(AccessError):
            printing.line_ids.read(["name"])

    def test_what_a_request_could_change_is_checked_against_the_file(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="finish").action_goto_step()
        other = self.env["repair.order"].create(
            {"partner_id": self.order.partner_id.id, "broker_order_ref": "202019999"}
        )
        # the order number of another order, as a forged request would write it
        wizard.write({"broker_order_ref": "202019999", "order_mode": "new"})
        with self.assertRaisesRegex(UserError, "no longer match its DRA file"):
            wizard.action_confirm()
        self.assertFalse(other.soom_case_id)
        # nor does a file pass for another system's than it says
        wizard.write({"broker_order_ref": "202019374", "file_source": "Odoo"})
        with self.assertRaisesRegex(UserError, "no longer match its DRA file"):
            wizard.action_confirm()

    def test_an_oversized_image_stays_out_whatever_its_line_says(self):
        data = variant(
            attachments=[
                dra.DraAttachment(
                    type="Bild", filename="bombe.png", mimetype="image/png", content=png_bomb()
                )
            ]
        )
        wizard = self._start_wizard(data, FILE_374)
        wizard.attachment_ids.write({"problem": False, "blocked": False, "selected": True})
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="finish").action_goto_step()
        order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "repair.order"), ("res_id", "=", order.id)]
            )
        )
