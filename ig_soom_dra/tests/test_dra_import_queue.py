# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..core import dra
from ..wizards.dra_import_wizard import DraImportWizard
from .common import IgSoomCommonMixin
from .queue_common import bad_files, dra_file, party, zip_of


@tagged("post_install", "-at_install")
class TestDraImportQueue(IgSoomCommonMixin, TransactionCase):
    """The import of many files: entries, their check, the batch takeover."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.known = cls.env["res.partner"].create(
            {
                "name": "Anton Zwirbelmeier",
                "street": "Lindenweg 5",
                "zip": "70173",
                "city": "Stuttgart",
            }
        )

    def _queue(self, user=None):
        env = self.env(user=user or self.user_workshop)
        return env["dra.import.queue"].create({})

    def _add(self, queue, files):
        return queue._add_files([(name, io.BytesIO(data)) for name, data in files])

    def _new_customer(self, key):
        return party(
            "Kunde",
            f"Quellenreuther{key}",
            first_name="Berta",
            street=f"Ufergasse{key}",
            house_number="3",
            zip="01067",
            city="Dresden",
        )

    def _known_customer(self):
        return party(
            "Kunde",
            "Zwirbelmeier",
            first_name="Anton",
            street="Lindenweg",
            house_number="5",
            zip="70173",
            city="Stuttgart",
        )

    def _error_text(self, data):
        try:
            dra.parse_dra(data)
        except dra.DraError as error:
            return self.env["dra.import.wizard"]._error_text(error)
        self.fail("the file is not bad")

    def test_zip_with_bad_files_refuses_each_alone(self):
        good = [
            (f"KSR9100{n}.xml", dra_file(f"9100{n}", self._new_customer(f"q{n}x")))
            for n in range(3)
        ]
        bad = bad_files(good[0][1])
        queue = self._queue()
        archive = zip_of([*good[:2], *bad, ("photo.jpg", b"\xff\xd8\xff"), good[2]])
        lines = self._add(queue, [("batch.zip", archive)])
        self.assertEqual(
            lines.mapped("name"),
            [
                "KSR91000.xml",
                "KSR91001.xml",
                *(name for name, _data in bad),
                "photo.jpg",
                "KSR91002.xml",
            ],
        )
        photo = lines.filtered(lambda line: line.name == "photo.jpg")
        self.assertEqual(photo.state, "refused")
        self.assertIn("batch.zip", photo.result)
        self.assertEqual(set((lines - photo).mapped("state")), {"waiting"})

        queue.action_check_all()
        by_name = {line.name: line for line in lines}
        for name, data in bad:
            self.assertEqual(by_name[name].state, "refused", name)
            self.assertEqual(by_name[name].result, self._error_text(data), name)
        ready = lines.filtered(lambda line: line.state == "ready")
        self.assertEqual(sorted(ready.mapped("name")), [name for name, _data in good])
        self.assertEqual(queue.ready_count, 3)
        self.assertEqual(queue.refused_count, 4)

        queue.action_take_over_ready()
        self.assertEqual(set(ready.mapped("state")), {"done"})
        self.assertEqual(
            sorted(ready.order_id.mapped("broker_order_ref")), ["91000", "91001", "91002"]
        )
        for line in ready:
            self.assertEqual(line.order_id.broker_order_ref, line.broker_order_ref)
            self.assertEqual(line.order_id.dra_filename, line.name)
            self.assertTrue(line.order_id.partner_id.name.startswith("Berta Quellenreuther"))
            self.assertEqual(line.order_id.company_id, queue.company_id)
        self.assertEqual(queue.done_count, 3)
        self.assertEqual(queue.refused_count, 4)

    def test_unambiguous_rule(self):
        self.env["repair.order"].create(
            {
                "partner_id": self.known.id,
                "broker_id": self.broker_ig.id,
                "broker_order_ref": "92000",
            }
        )
        open_order = self.env["repair.order"].create(
            {"partner_id": self.known.id, "vehicle_plate": "S-QU 77"}
        )
        similar = party(
            "Kunde",
            "Zwirbelmeier",
            first_name="Anton",
            street="Birkenallee",
            house_number="9",
            zip="70173",
        )
        files = {
            "known.xml": dra_file("92001", self._known_customer()),
            "new.xml": dra_file("92002", self._new_customer("n")),
            "empty.xml": dra_file("92003"),
            "similar.xml": dra_file("92004", similar),
            "reimport.xml": dra_file("92000", self._known_customer()),
            "plate.xml": dra_file("92005", self._known_customer(), plate="S-QU 77"),
        }
        queue = self._queue()
        lines = self._add(queue, files.items())
        queue.action_check_all()
        states = {line.name: line.state for line in lines}
        self.assertEqual(
            states,
            {
                "known.xml": "ready",
                "new.xml": "ready",
                "empty.xml": "ready",
                "similar.xml": "assistant",
                "reimport.xml": "assistant",
                "plate.xml": "assistant",
            },
        )
        by_name = {line.name: line for line in lines}
        self.assertIn(open_order.name, by_name["plate.xml"].result)
        self.assertTrue(by_name["reimport.xml"].result)
        roles = dict(self.env["dra.import.party"]._fields["role"]._description_selection(self.env))
        self.assertIn(roles["Kunde"], by_name["similar.xml"].result)

        queue.action_take_over_ready()
        known = by_name["known.xml"].order_id
        self.assertEqual(known.partner_id, self.known, "the known contact is used, none created")
        self.assertEqual(self.env["res.partner"].search_count([("name", "=", self.known.name)]), 1)
        self.assertEqual(by_name["similar.xml"].state, "assistant")
        self.assertFalse(by_name["similar.xml"].order_id)

    def test_one_failure_at_takeover_leaves_the_others(self):
        files = [
            (f"KSR930{n}.xml", dra_file(f"930{n}", self._new_customer(f"f{n}k"))) for n in range(4)
        ]
        queue = self._queue()
        lines = self._add(queue, files)
        queue.action_check_all()
        self.assertEqual(set(lines.mapped("state")), {"ready"})
        # someone else imported the file of the third entry since the check
        self.env["repair.order"].create(
            {
                "partner_id": self.known.id,
                "broker_id": self.broker_ig.id,
                "broker_order_ref": "9302",
            }
        )
        original = DraImportWizard._post_summary

        def failing(wizard, order, **kwargs):
            if wizard.broker_order_ref == "9301":
                raise UserError(wizard._too_large_message())
            return original(wizard, order, **kwargs)

        with patch.object(DraImportWizard, "_post_summary", failing):
            queue.take_over_lines(lines.ids)
        states = {line.broker_order_ref: line.state for line in lines}
        self.assertEqual(
            states, {"9300": "done", "9301": "assistant", "9302": "assistant", "9303": "done"}
        )
        failed = lines.filtered(lambda line: line.broker_order_ref == "9301")
        self.assertEqual(failed.result, self.env["dra.import.wizard"]._too_large_message())
        self.assertFalse(
            self.env["repair.order"].search([("broker_order_ref", "=", "9301")]),
            "the failed takeover left nothing behind",
        )
        self.assertFalse(
            self.env["res.partner"].search([("name", "like", "Quellenreutherf1k")]),
            "nor its new contact",
        )
        self.assertEqual(
            self.env["repair.order"].search_count([("broker_order_ref", "=", "9302")]), 1
        )
        self.assertEqual(queue.done_count, 2)
        # taken over entries are not taken over again
        queue.take_over_lines(lines.ids)
        self.assertEqual(
            self.env["repair.order"].search_count([("broker_order_ref", "=", "9300")]), 1
        )

    def test_entry_waits_for_the_assistant_and_is_linked_by_it(self):
        similar = party(
            "Kunde",
            "Zwirbelmeier",
            first_name="Anton",
            street="Birkenallee",
            house_number="9",
            zip="70173",
        )
        queue = self._queue()
        line = self._add(queue, [("KSR94000.xml", dra_file("94000", similar))])
        queue.action_check_all()
        self.assertEqual(line.state, "assistant")
        action = line.action_open_assistant()
        self.assertEqual(action["res_model"], "dra.import.wizard")
        wizard = (
            self.env["dra.import.wizard"].with_user(self.user_workshop).browse(action["res_id"])
        )
        self.assertEqual(wizard.queue_line_id, line)
        self.assertTrue(wizard.loaded)
        customer = wizard.party_ids.filtered(lambda p: p.role == "Kunde")
        self.assertEqual(customer.status, "orange")
        self.assertTrue(customer.comparison_ids, "the comparison is there for the user")
        customer._assign(self.known)
        result = wizard.action_confirm()
        self.assertEqual(result["res_model"], "repair.order")
        self.assertEqual(line.state, "done")
        self.assertEqual(line.order_id.id, result["res_id"])
        self.assertEqual(line.order_id.partner_id, self.known)
        with self.assertRaises(UserError):
            line.action_open_assistant()

    def test_assistant_of_another_file_does_not_mark_the_entry(self):
        queue = self._queue()
        line = self._add(queue, [("KSR95000.xml", dra_file("95000", self._known_customer()))])
        other = dra_file("95001", self._known_customer())
        wizard = self._start_wizard(other, user=self.user_workshop)
        wizard.queue_line_id = line
        wizard.action_confirm()
        self.assertEqual(line.state, "waiting")
        self.assertFalse(line.order_id)

    def test_too_large_file_and_bad_archive_are_refused_entries(self):
        self.env["ir.config_parameter"].sudo().set_param("ig_soom_dra.max_file_size_mb", "1")
        queue = self._queue()
        big = b"<DRA>" + b" " * (1024 * 1024 + 10)
        lines = self._add(
            queue,
            [
                ("big.xml", big),
                ("broken.zip", b"PK\x03\x04 no archive"),
                ("bigzip.zip", zip_of([("KSR.xml", big)])),
            ],
        )
        self.assertEqual(lines.mapped("state"), ["refused"] * 3)
        too_large = self.env["dra.import.wizard"]._too_large_message()
        self.assertEqual(lines[0].result, too_large)
        self.assertIn("broken.zip", lines[1].result)
        self.assertEqual((lines[2].name, lines[2].result), ("KSR.xml", too_large))

    def test_progress_of_chunks(self):
        queue = self._queue()
        self._add(queue, [(f"{n}.xml", dra_file(f"9600{n}")) for n in range(7)])
        progress = queue.check_waiting()
        self.assertEqual(progress["waiting"], 2)
        self.assertEqual(progress["ready"], 5)
        progress = queue.check_waiting()
        self.assertEqual((progress["waiting"], progress["ready"]), (0, 7))
        ids = queue.ready_line_ids()
        self.assertEqual(len(ids), 7)
        progress = queue.take_over_lines(ids[:3])
        self.assertEqual((progress["ready"], progress["done"]), (4, 3))


@tagged("post_install", "-at_install")
class TestDraImportQueueSecurity(IgSoomCommonMixin, TransactionCase):
    """Entries are the company's: nobody else reads, checks or takes them over."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.company_b = cls.env["res.company"].create({"name": "Karosserie Zweigstelle"})
        cls.user_b = new_test_user(
            cls.env,
            login="ig_queue_user_b",
            groups="ig_soom_dra.group_ig_soom_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.user_plain = new_test_user(cls.env, login="ig_queue_plain", groups="base.group_user")
        cls.user_portal = new_test_user(
            cls.env, login="ig_queue_portal", groups="base.group_portal"
        )
        cls.queue = cls.env["dra.import.queue"].with_user(cls.user_workshop).create({})
        cls.line = cls.queue._add_files([("KSR.xml", io.BytesIO(dra_file("97000")))])
        cls.queue.action_check_all()

    def test_state_is_ready(self):
        self.assertEqual(self.line.state, "ready")

    def test_other_company_sees_nothing_and_cannot_take_over(self):
        Queue = self.env["dra.import.queue"].with_user(self.user_b)
        Line = self.env["dra.import.queue.line"].with_user(self.user_b)
        self.assertFalse(Queue.search([]))
        self.assertFalse(Line.search([]))
        self.assertFalse(Line.search_read([], ["name", "result"]))
        with self.assertRaises(AccessError):
            Queue.browse(self.queue.id).read(["name"])
        with self.assertRaises(AccessError):
            Line.browse(self.line.id).web_read({"result": {}})
        with self.assertRaises(AccessError):
            Queue.browse(self.queue.id).take_over_lines(self.line.ids)
        with self.assertRaises(AccessError):
            Queue.browse(self.queue.id).check_waiting()
        with self.assertRaises(AccessError):
            Queue.browse(self.queue.id)._add_files([("x.xml", io.BytesIO(b"<x/>"))])
        with self.assertRaises(AccessError):
            Line.browse(self.line.id).action_open_assistant()
        self.assertEqual(self.line.state, "ready")

    def test_plain_and_portal_users_have_no_access(self):
        for user in (self.user_plain, self.user_portal):
            with self.assertRaises(AccessError):
                self.env["dra.import.queue"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["dra.import.queue.line"].with_user(user).browse(self.line.id).read(
                    ["name"]
                )
            with self.assertRaises(AccessError):
                self.env["dra.import.queue"].with_user(user).create({})

    def test_entries_cannot_be_changed_by_hand(self):
        line = self.line.with_user(self.user_workshop)
        with self.assertRaises(AccessError):
            line.write({"state": "ready"})
        with self.assertRaises(AccessError):
            self.env["dra.import.queue.line"].with_user(self.user_workshop).create(
                {"queue_id": self.queue.id, "name": "x.xml"}
            )

    def test_colleague_takes_over_with_own_assistant(self):
        colleague = new_test_user(
            self.env, login="ig_queue_colleague", groups="ig_soom_dra.group_ig_soom_user"
        )
        queue = self.queue.with_user(colleague)
        queue.take_over_lines(self.line.ids)
        self.assertEqual(self.line.state, "done")
        self.assertEqual(self.line.order_id.create_uid, colleague)
