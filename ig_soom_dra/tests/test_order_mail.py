# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The broker's order e-mail: raw RFC 822 messages through Odoo's mail gateway."""

import base64
from email.header import Header
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import IgSoomCommonMixin, order_documents, sample_bytes
from .soom_common import SoomStandInMixin

#: SOOM case id of the sample file KSR202019362.xml.
CASE_362 = "7c0e4f53-2a4b-4f0e-9d0c-5b1d1c7a0362"

#: A small PDF, the "order PDF" of IG's e-mail.
ORDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SUBJECT = "Reparaturauftrag von der Innovation Group ARA Nr.{number} Kennzeichen: {plate}"
IG_SENDER = "auftrag@innovation-group.com"


def order_mail(
    *,
    to,
    number="202019362",
    plate="S-IG 123",
    sender=IG_SENDER,
    message_id="<order-202019362@innovation-group.com>",
    subject=None,
    pdf=ORDER_PDF,
):
    """A raw order e-mail as IG sends it: multipart, the subject as an encoded-word
    (UTF-8, so that umlauts survive), a text with the portal link, the order PDF."""
    subject = subject if subject is not None else SUBJECT.format(number=number, plate=plate)
    pdf_part = base64.encodebytes(pdf).decode()
    return f"""Return-Path: <{sender}>
From: Innovation Group <{sender}>
To: {to}
Subject: {Header(subject, "utf-8").encode()}
Date: Mon, 2 Mar 2026 09:10:00 +0100
Message-ID: {message_id}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_IG"

------=_Part_IG
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Sehr geehrte Damen und Herren,

die Innovation Group beauftragt Sie mit der Reparatur (ARA Nr. {number}).
Den Auftrag finden Sie im Portal: https://soom.example.com/OrderTracking/Edit/7c0e4f53

------=_Part_IG
Content-Type: application/pdf; name="Auftrag_{number}.pdf"
Content-Disposition: attachment; filename="Auftrag_{number}.pdf"
Content-Transfer-Encoding: base64

{pdf_part}
------=_Part_IG--
""".encode()


@tagged("post_install", "-at_install")
class TestOrderMail(IgSoomCommonMixin, TransactionCase):
    """The alias of the broker creates or finds the order of an order e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.company = cls.env.company
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "werkstatt.example"})
        cls.company.alias_domain_id = cls.alias_domain
        cls.broker_ig.write(
            {
                "alias_name": "ig-auftrag",
                "alias_domain_id": cls.alias_domain.id,
                "order_mail_company_id": cls.company.id,
                "order_mail_sender_addresses": f"{IG_SENDER}\n@innovation.group",
            }
        )
        cls.alias_email = "ig-auftrag@werkstatt.example"

    def _process(self, raw):
        return self.env["mail.thread"].message_process(False, raw)

    def _orders(self, number="202019362", company=None):
        return self.env["repair.order"].search(
            [
                ("broker_order_ref", "=", number),
                ("company_id", "=", (company or self.company).id),
            ]
        )

    def _messages(self, record):
        return self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )

    # ------------------------------------------------------------------
    # The alias on the broker
    # ------------------------------------------------------------------

    def test_alias_of_the_broker(self):
        alias = self.broker_ig.alias_id
        self.assertEqual(self.broker_ig.alias_email, self.alias_email)
        self.assertEqual(alias.alias_model_id.model, "repair.order")
        self.assertEqual(alias.alias_parent_model_id.model, "dra.broker")
        self.assertEqual(alias.alias_parent_thread_id, self.broker_ig.id)
        self.assertEqual(
            alias.alias_defaults,
            repr({"broker_id": self.broker_ig.id, "company_id": self.company.id}),
        )
        # the company of e-mailed orders follows into the alias
        other = self.env["res.company"].create({"name": "Karosserie Zweigstelle"})
        self.broker_ig.order_mail_company_id = other
        self.assertIn(f"'company_id': {other.id}", alias.alias_defaults)
        # the defaults are the broker's own, not written from outside
        self.broker_ig.write({"alias_defaults": "{'partner_id': 1}"})
        self.assertNotIn("partner_id", alias.alias_defaults)

    def test_company_of_a_broker_of_one_company(self):
        other = self.env["res.company"].create({"name": "Karosserie Zweigstelle"})
        broker = self.env["dra.broker"].create(
            {"name": "DMS", "code": "DMS", "company_id": other.id}
        )
        self.assertEqual(broker.order_mail_company_id, other)
        with self.assertRaises(ValidationError):
            broker.order_mail_company_id = self.company

    def test_subject_pattern_and_senders_are_checked_on_save(self):
        broker = self.broker_ig
        for pattern in (
            "(?P<number>\\d+",
            "ARA Nr (\\d+)",
            "(?P<number>\\d+) (?P<x>.)",
            "(?P<number>(a|aa)+)b",
            "",
        ):
            with self.subTest(pattern=pattern), self.assertRaises(ValidationError):
                broker.order_mail_subject_pattern = pattern
        with self.assertRaises(ValidationError):
            broker.order_mail_subject_pattern = "(?P<number>\\d+)" + "x" * 500
        with self.assertRaises(ValidationError):
            broker.order_mail_sender_addresses = "auftrag@innovation-group.com\ninnovation group"
        broker.order_mail_subject_pattern = "Auftrag (?P<number>\\d+)"
        self.assertEqual(broker._order_mail_subject("Neuer Auftrag 4711").number, "4711")

    def test_only_managers_change_the_order_mail_settings(self):
        plain = new_test_user(self.env, login="ig_plain_internal", groups="base.group_user")
        for user in (plain, self.user_workshop):
            for values in (
                {"alias_name": "anders"},
                {"order_mail_sender_addresses": "@example.com"},
                {"order_mail_subject_pattern": "(?P<number>.+)"},
            ):
                with self.subTest(user=user.login, values=values), self.assertRaises(AccessError):
                    self.broker_ig.with_user(user).write(values)
        self.assertEqual(self.broker_ig.alias_name, "ig-auftrag")
        # the workshop reads them
        self.assertEqual(self.broker_ig.with_user(self.user_workshop).alias_email, self.alias_email)
        self.broker_ig.with_user(self.user_manager).write(
            {"order_mail_sender_addresses": "@innovation.group"}
        )
        self.assertEqual(self.broker_ig.order_mail_sender_addresses, "@innovation.group")

    # ------------------------------------------------------------------
    # E-mails
    # ------------------------------------------------------------------

    def test_unknown_number_creates_the_draft_order(self):
        self._process(order_mail(to=self.alias_email))
        order = self._orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.broker_id, self.broker_ig)
        self.assertEqual(order.vehicle_plate, "S-IG 123")
        self.assertFalse(order.partner_id)
        self.assertFalse(order.dra_filename)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.processing_stage, "dra_missing")
        documents = order_documents(order)
        self.assertEqual(documents.mapped("name"), ["Auftrag_202019362.pdf"])
        self.assertEqual(documents.dra_document_type, "Auftragsformular")
        self.assertEqual(documents.raw, ORDER_PDF)
        message = self._messages(order).filtered(lambda msg: msg.message_type == "email")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.attachment_ids, documents)
        self.assertIn("OrderTracking/Edit", message.body)
        self.assertEqual(message.subject, SUBJECT.format(number="202019362", plate="S-IG 123"))

    def test_known_number_lands_on_the_order(self):
        order = self.env["repair.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Gertrud Müller"}).id,
                "broker_id": self.broker_ig.id,
                "broker_order_ref": "202019362",
                "dra_filename": "KSR202019362.xml",
            }
        )
        count = self.env["repair.order"].search_count([])
        self._process(order_mail(to=self.alias_email, plate="S-XY 999"))
        self.assertEqual(self.env["repair.order"].search_count([]), count)
        message = self._messages(order).filtered(lambda msg: msg.message_type == "email")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.attachment_ids.mapped("name"), ["Auftrag_202019362.pdf"])
        self.assertEqual(message.attachment_ids.dra_document_type, "Auftragsformular")
        # the mail changes nothing of the order
        self.assertFalse(order.vehicle_plate)
        self.assertEqual(order.processing_stage, "new")

    def test_the_same_mail_twice_creates_nothing_more(self):
        raw = order_mail(to=self.alias_email)
        self._process(raw)
        order = self._orders()
        messages = self._messages(order)
        self._process(raw)
        self.assertEqual(self._orders(), order)
        self.assertEqual(self._messages(order), messages)
        self.assertEqual(len(order_documents(order)), 1)
        # a copy sent again with a new Message-Id: its text on the order, the same
        # PDF not a second time; another PDF is attached
        self._process(order_mail(to=self.alias_email, message_id="<again-1@innovation-group.com>"))
        self.assertEqual(self._orders(), order)
        emails = self._messages(order).filtered(lambda msg: msg.message_type == "email")
        self.assertEqual(len(emails), 2)
        self.assertEqual(len(order_documents(order)), 1)
        self._process(
            order_mail(
                to=self.alias_email,
                message_id="<again-2@innovation-group.com>",
                pdf=ORDER_PDF + b"% corrected\n",
            )
        )
        self.assertEqual(self._orders(), order)
        self.assertEqual(len(order_documents(order)), 2)

    def test_plate_with_umlauts(self):
        self._process(order_mail(to=self.alias_email, number="202019999", plate="M-ÄÖ 12"))
        order = self._orders("202019999")
        self.assertEqual(order.vehicle_plate, "M-ÄÖ 12")
        self.assertEqual(order.processing_stage, "dra_missing")

    def test_mail_from_another_sender_creates_no_order(self):
        count = self.env["repair.order"].search_count([])
        broker_messages = self._messages(self.broker_ig)
        MailThread = self.registry["mail.thread"]
        for sender in (
            "betrug@example.com",
            "auftrag@innovation-group.com.example.com",
            "someone@sub.innovation.group",
        ):
            with (
                self.subTest(sender=sender),
                patch.object(MailThread, "_routing_create_bounce_email", autospec=True) as bounce,
                mute_logger("odoo.addons.mail.models.mail_thread"),
            ):
                self._process(
                    order_mail(
                        to=self.alias_email,
                        sender=sender,
                        message_id=f"<{sender}-1@example.com>",
                    )
                )
                self.assertEqual(bounce.call_count, 1)
                self.assertIn(f"<{sender}>", bounce.call_args.args[1])
        self.assertEqual(self.env["repair.order"].search_count([]), count)
        self.assertFalse(self._orders())
        self.assertEqual(self._messages(self.broker_ig), broker_messages)
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "Auftrag_202019362.pdf")]))
        # a sender of the domain is one of the broker's
        self._process(
            order_mail(
                to=self.alias_email,
                sender="disposition@innovation.group",
                message_id="<d-1@innovation.group>",
            )
        )
        self.assertEqual(len(self._orders()), 1)

    def test_no_sender_addresses_admit_nobody(self):
        self.broker_ig.order_mail_sender_addresses = False
        with (
            patch.object(
                self.registry["mail.thread"], "_routing_create_bounce_email", autospec=True
            ) as bounce,
            mute_logger("odoo.addons.mail.models.mail_thread"),
        ):
            self._process(order_mail(to=self.alias_email))
        self.assertEqual(bounce.call_count, 1)
        self.assertFalse(self._orders())

    def test_subject_without_order_number_is_filed_on_the_broker(self):
        count = self.env["repair.order"].search_count([])
        with patch.object(
            self.registry["mail.thread"], "_routing_create_bounce_email", autospec=True
        ) as bounce:
            self._process(
                order_mail(to=self.alias_email, subject="Erinnerung: offene Aufträge im Portal")
            )
        # nothing goes back to the broker, no order is created
        self.assertFalse(bounce.called)
        self.assertEqual(self.env["repair.order"].search_count([]), count)
        messages = self._messages(self.broker_ig)
        email = messages.filtered(lambda msg: msg.message_type == "email")
        self.assertEqual(email.subject, "Erinnerung: offene Aufträge im Portal")
        self.assertEqual(email.attachment_ids.res_model, "dra.broker")
        note = messages.filtered(lambda msg: msg.message_type == "notification")
        self.assertIn("names no order", note.body)

    def test_alias_of_another_company(self):
        other = self.env["res.company"].create({"name": "Karosserie Zweigstelle"})
        domain = self.env["mail.alias.domain"].create({"name": "zweigstelle.example"})
        other.alias_domain_id = domain
        broker = self.env["dra.broker"].create(
            {
                "name": "Innovation Group",
                "code": "IG",
                "company_id": other.id,
                "alias_name": "ig-auftrag",
                "alias_domain_id": domain.id,
                "order_mail_sender_addresses": IG_SENDER,
            }
        )
        # the number is known in the first company: the other company's mail is its own
        known = self.env["repair.order"].create(
            {"broker_id": self.broker_ig.id, "broker_order_ref": "202019362"}
        )
        self._process(order_mail(to="ig-auftrag@zweigstelle.example"))
        order = self._orders(company=other)
        self.assertEqual(len(order), 1)
        self.assertEqual(order.broker_id, broker)
        self.assertEqual(order.picking_type_id.company_id, other)
        self.assertFalse(self._messages(known).filtered(lambda msg: msg.message_type == "email"))
        # a user of the first company does not see it
        self.assertFalse(
            self.env["repair.order"]
            .with_user(self.user_workshop)
            .search([("broker_order_ref", "=", "202019362"), ("company_id", "=", other.id)])
        )
        self.assertEqual(
            self.env["repair.order"]
            .with_user(self.user_workshop)
            .search([("broker_order_ref", "=", "202019362")]),
            known,
        )

    # ------------------------------------------------------------------
    # The draft takes its DRA file
    # ------------------------------------------------------------------

    def test_upload_the_dra_file_updates_the_draft(self):
        self._process(order_mail(to=self.alias_email))
        draft = self._orders()
        draft = draft.with_user(self.user_workshop)
        action = draft.action_ig_upload_dra()
        self.assertEqual(action["res_model"], "dra.import.wizard")
        Wizard = self.env["dra.import.wizard"].with_user(self.user_workshop)
        wizard = Wizard.browse(action["res_id"])
        self.assertEqual(wizard.company_id, draft.company_id)
        self.assertEqual(wizard.broker_id, draft.broker_id)
        wizard.dra_attachment_id = wizard._store_upload(
            "KSR202019362.xml", sample_bytes("KSR202019362.xml")
        )
        wizard.action_next()
        self.assertFalse(wizard.error_message)
        self.assertEqual(wizard.duplicate_order_id, draft)
        self.assertEqual(wizard.existing_order_id, draft)
        self.assertEqual(wizard.order_mode, "link")
        for line in wizard.party_ids.filtered(lambda line: line.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="addresses").action_goto_step()
        for _step in range(3):
            wizard.action_next()
        self.assertEqual(wizard.step, "finish")
        result = wizard.action_confirm()
        self.assertEqual(result["res_id"], draft.id)
        self.assertEqual(self._orders(), draft)
        self.assertEqual(draft.dra_filename, "KSR202019362.xml")
        self.assertEqual(draft.soom_case_id, "7c0e4f53-2a4b-4f0e-9d0c-5b1d1c7a0362")
        self.assertTrue(draft.partner_id)
        self.assertEqual(draft.workshop_status, "kv")
        self.assertNotEqual(draft.processing_stage, "dra_missing")
        # the order PDF of the e-mail stays, beside the file's documents
        self.assertIn("Auftrag_202019362.pdf", order_documents(draft).mapped("name"))
        # a second takeover as a new order is refused
        wizard = self._start_wizard(sample_bytes("KSR202019362.xml"))
        self.assertEqual(wizard.duplicate_order_id, draft)

    def test_buttons_only_for_users_who_may_change_the_order(self):
        self._process(order_mail(to=self.alias_email))
        draft = self._orders()
        other = self.env["res.company"].create({"name": "Karosserie Zweigstelle"})
        outsiders = (
            new_test_user(self.env, login="ig_plain_internal", groups="base.group_user"),
            new_test_user(self.env, login="ig_portal_user", groups="base.group_portal"),
            new_test_user(
                self.env,
                login="ig_other_company",
                groups="ig_soom_dra.group_ig_soom_user",
                company_id=other.id,
                company_ids=[other.id],
            ),
        )
        for user in outsiders:
            for method in ("action_ig_upload_dra", "action_ig_fetch_dra"):
                with self.subTest(user=user.login, method=method), self.assertRaises(AccessError):
                    getattr(draft.with_user(user), method)()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                draft.with_user(user).read(["broker_order_ref", "vehicle_plate"])
        # a workshop user of the company opens the assistant for the draft
        action = draft.with_user(self.user_workshop).action_ig_upload_dra()
        self.assertEqual(action["res_model"], "dra.import.wizard")


@tagged("post_install", "-at_install")
class TestOrderMailFetch(SoomStandInMixin, TransactionCase):
    """ "DRA-Datei von SOOM holen" on the draft of an order e-mail, against the stand-in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_soom()
        cls.draft = cls.env["repair.order"].create(
            {
                "broker_id": cls.broker_ig.id,
                "broker_order_ref": "202019362",
                "vehicle_plate": "S-IG 123",
            }
        )

    def _takeover(self, wizard):
        """Resolve the addresses, walk to the end and take over; the order taken over."""
        for line in wizard.party_ids.filtered(lambda line: line.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="addresses").action_goto_step()
        for _step in range(3):
            wizard.action_next()
        return self.env["repair.order"].browse(wizard.action_confirm()["res_id"])

    def _downloads(self):
        return self.env["soom.transmission"].search(
            [("kind", "=", "download"), ("soom_case_id", "=", CASE_362)]
        )

    def test_an_order_new_in_the_portal_is_accepted_by_the_person(self):
        draft = self.draft.with_user(self.user_workshop)
        self.assertEqual(draft.processing_stage, "dra_missing")
        action = draft.action_ig_fetch_dra()
        # nothing was accepted or downloaded: the list of new orders shows it
        self.assertEqual(action["res_model"], "soom.fetch.wizard")
        self.assertFalse(self._downloads())
        with self._client() as client:
            self.assertEqual(client.find_order("202019362").status, "new")
        wizard = self.env["soom.fetch.wizard"].with_user(self.user_workshop)
        line = wizard.browse(action["res_id"]).line_ids
        self.assertEqual(line.mapped("order_number"), ["202019362"])
        self.assertEqual(line.case_id, CASE_362)
        self.assertEqual(line.order_id, self.draft)
        # the person accepts: the file comes, the assistant proposes the draft
        takeover = (
            self.env["dra.import.wizard"]
            .with_user(self.user_workshop)
            .browse(line.action_accept()["res_id"])
        )
        self.assertEqual(takeover.duplicate_order_id, self.draft)
        self.assertEqual(self._takeover(takeover), self.draft)
        self.assertEqual(
            self.env["repair.order"].search([("broker_order_ref", "=", "202019362")]), self.draft
        )
        self.assertEqual(self.draft.soom_case_id, CASE_362)
        self.assertEqual(self.draft.dra_filename, "KSR202019362.xml")

    def test_an_accepted_order_brings_its_file(self):
        with self._client() as client:
            client.accept_order(CASE_362)
        action = self.draft.with_user(self.user_workshop).action_ig_fetch_dra()
        self.assertEqual(action["res_model"], "dra.import.wizard")
        takeover = (
            self.env["dra.import.wizard"].with_user(self.user_workshop).browse(action["res_id"])
        )
        self.assertTrue(takeover.loaded)
        self.assertEqual(takeover.broker_order_ref, "202019362")
        self.assertEqual(takeover.existing_order_id, self.draft)
        download = self._downloads()
        self.assertEqual(download.state, "success")
        self.assertEqual(download.user_id, self.user_workshop)
        self.assertEqual(self._takeover(takeover), self.draft)
        self.assertNotEqual(self.draft.processing_stage, "dra_missing")

    def test_unknown_and_declined_orders(self):
        unknown = self.env["repair.order"].create(
            {"broker_id": self.broker_ig.id, "broker_order_ref": "999999999"}
        )
        with self.assertRaises(UserError) as caught:
            unknown.action_ig_fetch_dra()
        self.assertIn("999999999", str(caught.exception))
        with self._client() as client:
            client.decline_order(CASE_362, "keine Kapazität")
        with self.assertRaises(UserError):
            self.draft.action_ig_fetch_dra()
        self.assertFalse(self._downloads())

    def test_portal_failure_says_why(self):
        self.standin.set_mode("unauthorized")
        with self.assertRaises(UserError):
            self.draft.action_ig_fetch_dra()
        self.assertFalse(self._downloads())
