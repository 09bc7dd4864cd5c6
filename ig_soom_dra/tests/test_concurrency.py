# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Races and rollbacks with real, committed transactions.

Unlike the other tests, these open their own database cursors, as two
users' requests do, commit what they do, and run them in threads at the same
moment. What they create is deleted at the end.
"""

import dataclasses
import io
import logging
import sys
import threading
import time
import traceback
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, new_test_user, tagged
from odoo.tools import mute_logger

from ..core import dra
from .common import SAMPLE_DIR, SOOM_PASSWORD, SOOM_USER, sample_bytes
from .queue_common import dra_file, party
from .soom_common import CASE_374
from .soom_standin import SoomStandIn

_logger = logging.getLogger(__name__)

#: How many times each race is run.
ROUNDS = 5
#: Seconds an e-mail waits in its transaction for the takeover to commit first.
LATE_MAIL_DELAY = 3


@tagged("post_install", "-at_install")
class TestConcurrency(BaseCase):
    """Two users at the same moment, and a user's transaction that fails late."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        # Post-install tests run while the thread that loaded the registry
        # holds its lock, which every new environment takes: the threads of
        # these tests would wait for it forever. Odoo's HTTP tests swap it
        # for a dummy lock (Registry.enter_test_mode) so that request threads
        # run; these do the same, but keep real cursors.
        cls.addClassCleanup(setattr, Registry, "_lock", Registry._lock)
        Registry._lock = DummyRLock()
        cls.tag = uuid.uuid4().hex[:8]
        cls.standin = SoomStandIn(
            SAMPLE_DIR, host="127.0.0.1", port=0, user=SOOM_USER, password=SOOM_PASSWORD
        )
        cls.standin.start()
        cls.addClassCleanup(cls.standin.stop)
        with cls._env() as env:
            broker = env.ref("ig_soom_dra.broker_innovation_group")
            company = env.ref("base.main_company")
            Connection = env["dra.broker.connection"].with_context(
                active_test=False, tracking_disable=True
            )
            connection = Connection.search(
                [("broker_id", "=", broker.id), ("company_id", "=", company.id)]
            )
            cls.saved_connection = connection.read(
                ["base_url", "username", "password", "timeout", "retries", "deadline", "active"]
            )
            # a password change notes itself on it (untracked): removed at the end
            cls.saved_message_ids = connection.message_ids.ids
            values = {
                "base_url": cls.standin.base_url,
                "username": SOOM_USER,
                "password": SOOM_PASSWORD,
                "timeout": 5,
                "retries": 0,
                "deadline": 10,
                "active": True,
            }
            if connection:
                connection.write(values)
            else:
                connection = Connection.create(
                    {**values, "broker_id": broker.id, "company_id": company.id}
                )
            cls.connection_id = connection.id
            users = [
                new_test_user(
                    env,
                    login=f"ig_race_{name}_{cls.tag}",
                    groups="ig_soom_dra.group_ig_soom_user",
                    email=email,
                    company_id=company.id,
                    company_ids=[company.id],
                    tz="Europe/Berlin",
                )
                for name, email in (("anna", False), ("bernd", "bernd@example.com"))
            ]
            cls.user_ids = [user.id for user in users]
            cls.broker_id = broker.id
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    @contextmanager
    def _env(cls, uid=SUPERUSER_ID):
        """An environment on a cursor of its own, committed at the end."""
        with cls.registry.cursor() as cr:
            yield api.Environment(cr, uid, {"lang": "en_US", "tz": "Europe/Berlin"})

    @classmethod
    def _cleanup(cls):
        """Delete what the tests made: orders, contacts, uploads, assistants, users."""
        with cls._env() as env:
            made_by_them = [("create_uid", "in", cls.user_ids)]
            env["dra.import.queue"].search(made_by_them).unlink()
            env["dra.import.wizard"].search(made_by_them).unlink()
            env["ir.attachment"].search(made_by_them).unlink()
            env["repair.order"].search([("broker_order_ref", "like", f"%{cls.tag}")]).unlink()
            env["res.partner"].with_context(active_test=False).search(
                [("user_ids", "=", False), "|", ("name", "like", f"%{cls.tag}%"), *made_by_them]
            ).unlink()
            users = env["res.users"].browse(cls.user_ids)
            user_partners = users.partner_id
            users.unlink()
            user_partners.unlink()
            connection = (
                env["dra.broker.connection"]
                .with_context(tracking_disable=True)
                .browse(cls.connection_id)
            )
            if cls.saved_connection:
                saved = dict(cls.saved_connection[0])
                saved.pop("id")
                connection.write(saved)
                notes = connection.message_ids.filtered(
                    lambda message: message.id not in cls.saved_message_ids
                )
                notes.unlink()
            else:
                connection.unlink()

    def _run_at_once(self, *calls):
        """Run each call ``(uid, function of env)`` in a thread of its own, on a
        cursor of its own, all starting at the same moment; each call is
        retried on a serialisation failure, as Odoo retries a request.
        Returns what each returned, or the exception it raised."""
        barrier = threading.Barrier(len(calls))
        results = [None] * len(calls)

        def run(index, uid, function):
            try:
                with self._env(uid) as env:
                    barrier.wait(timeout=10)
                    results[index] = retrying(lambda: function(env), env)
            except Exception as error:  # pylint: disable=broad-except
                results[index] = error

        threads = [
            threading.Thread(target=run, args=(index, uid, function))
            for index, (uid, function) in enumerate(calls)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        hanging = [thread for thread in threads if thread.is_alive()]
        if hanging:
            frames = sys._current_frames()
            self.fail(
                "Threads hang:\n"
                + "\n".join("".join(traceback.format_stack(frames[t.ident])) for t in hanging)
            )
        return results

    # ------------------------------------------------------------------
    # SOOM: the log survives, every value is applied once
    # ------------------------------------------------------------------

    def _new_order(self):
        number = uuid.uuid4().hex[:6]
        with self._env() as env:
            order = env["repair.order"].create(
                {
                    "partner_id": env["res.partner"].create({"name": f"Kundin {self.tag}"}).id,
                    "broker_id": self.broker_id,
                    "broker_order_ref": f"202019374-{number}-{self.tag}",
                    "soom_case_id": CASE_374,
                }
            )
            return order.id

    def _open_dialog(self, uid, order_id, values):
        """As ``uid``: enter ``values`` on the order and open the SOOM dialog (committed)."""
        with self._env(uid) as env:
            order = env["repair.order"].browse(order_id)
            order.write(values)
            return order.action_soom_send()["res_id"]

    def _order_state(self, order_id):
        with self._env() as env:
            order = env["repair.order"].browse(order_id)
            transmissions = order.soom_transmission_ids
            return {
                "states": sorted(transmissions.mapped("state")),
                "keys": set(transmissions.mapped("idempotency_key")),
                "pending": order._soom_pending_values(),
                "sent_by": order.soom_sent_ids.sent_by_id.ids,
                "notes": [
                    message.author_id.id
                    for message in order.message_ids
                    if "Sent to SOOM" in (message.body or "")
                ],
            }

    def _reset_standin(self):
        """The stand-in as new, with the case of the orders accepted."""
        self.standin.reset()
        with self._client() as client:
            client.accept_order(CASE_374)

    def test_log_and_marks_survive_a_failure_of_the_users_transaction(self):
        self._reset_standin()
        order_id = self._new_order()
        anna = self.user_ids[0]  # no e-mail address
        wizard_id = self._open_dialog(anna, order_id, {"call_time": datetime(2026, 3, 2, 8, 15)})
        with (
            patch.object(
                self.registry["repair.order"],
                "_ig_log_note",
                side_effect=UserError("the chatter failed"),
            ),
            self.assertRaises(UserError),
            self._env(anna) as env,
        ):
            env["soom.send.wizard"].browse(wizard_id).action_send()
        # the user's transaction was rolled back; the exchange is logged and marked
        state = self._order_state(order_id)
        self.assertEqual(state["states"], ["success"])
        self.assertEqual(state["pending"], {})
        self.assertEqual(state["sent_by"], [anna])
        self.assertEqual([entry["outcome"] for entry in self.standin.received()], ["applied"])
        # nothing is offered again: SOOM never gets the values twice
        with self._env(anna) as env:
            wizard = env["soom.send.wizard"].browse(
                env["repair.order"].browse(order_id).action_soom_send()["res_id"]
            )
            self.assertFalse(wizard.line_ids)

    def test_a_user_without_email_sends_and_the_chatter_names_her(self):
        self._reset_standin()
        order_id = self._new_order()
        anna = self.user_ids[0]
        wizard_id = self._open_dialog(anna, order_id, {"call_time": datetime(2026, 3, 2, 9, 0)})
        with self._env(anna) as env:
            result = env["soom.send.wizard"].browse(wizard_id).action_send()
        self.assertEqual(result["tag"], "display_notification")
        with self._env() as env:
            anna_partner = env["res.users"].browse(anna).partner_id.id
        state = self._order_state(order_id)
        self.assertEqual(state["states"], ["success"])
        self.assertEqual(state["notes"], [anna_partner])

    def test_two_users_press_send_at_the_same_moment(self):
        """Each round: both users open the dialog with the same new value and press
        Send together; SOOM answers slowly, so that the requests overlap."""
        anna, bernd = self.user_ids
        applied_total, refused = 0, []
        order_id = self._new_order()
        for round_number in range(ROUNDS):
            self._reset_standin()
            inspection = datetime(2026, 3, 4, 8, 0) + timedelta(days=round_number)
            dialogs = [
                self._open_dialog(uid, order_id, {"inspection_at": inspection})
                for uid in (anna, bernd)
            ]
            self.standin.set_mode("slow", count=2, delay=0.5)
            with mute_logger("odoo.sql_db"):
                results = self._run_at_once(
                    *[
                        (uid, lambda env, wizard_id=wizard_id: self._press_send(env, wizard_id))
                        for uid, wizard_id in zip((anna, bernd), dialogs, strict=True)
                    ]
                )
            outcomes = [entry["outcome"] for entry in self.standin.received()]
            applied = outcomes.count("applied")
            applied_total += applied
            refused += [result for result in results if result != "sent"]
            state = self._order_state(order_id)
            with self.subTest(round=round_number):
                self.assertEqual(applied, 1, outcomes)
                self.assertEqual(results.count("sent"), 1, results)
                self.assertNotIn("pending", state["states"])
                self.assertEqual(state["pending"], {})
        _logger.info(
            "Send race: %s rounds, %s status updates applied by the stand-in, "
            "second presses answered: %s",
            ROUNDS,
            applied_total,
            sorted({str(reason)[:60] for reason in refused}),
        )
        self.assertEqual(applied_total, ROUNDS)

    def _client(self):
        with self._env() as env:
            connection = env["dra.broker.connection"].browse(self.connection_id)
            return connection._portal_client()

    @staticmethod
    def _press_send(env, wizard_id):
        """Press Send; "sent", or what the dialog or the error says."""
        wizard = env["soom.send.wizard"].browse(wizard_id)
        try:
            result = wizard.action_send()
        except UserError as error:
            return error
        if result.get("tag") == "display_notification":
            return "sent"
        return wizard.message

    # ------------------------------------------------------------------
    # Takeover: one contact per person
    # ------------------------------------------------------------------

    def _file(self, order_number, customer):
        """Sample 374 with another order number and a new customer."""
        document = dra.parse_dra(sample_bytes("KSR202019374.xml"))
        parties = dict(document.parties)
        parties["Kunde"] = dataclasses.replace(parties["Kunde"], **customer)
        for role in ("Fahrzeughalter", "Fahrzeugfahrer"):
            parties.pop(role, None)
        return dra.write_dra(
            dataclasses.replace(
                document,
                order=dataclasses.replace(
                    document.order, order_number=order_number, soom_case_id=None
                ),
                vehicle=dataclasses.replace(document.vehicle, vin=None, plate=None),
                parties=parties,
            )
        )

    def _load(self, uid, order_number, customer):
        """As ``uid``: load a file, create every missing contact; the assistant's id."""
        with self._env(uid) as env:
            Wizard = env["dra.import.wizard"]
            wizard = Wizard.create(
                {
                    "dra_attachment_id": Wizard._store_upload(
                        f"KSR{order_number}.xml", self._file(order_number, customer)
                    ).id
                }
            )
            wizard.action_next()
            for line in wizard.party_ids.filtered(lambda line: line.status in ("orange", "red")):
                line.action_create_partner()
            self.assertTrue(wizard.can_confirm, wizard.party_ids.mapped("status"))
            return wizard.id

    def _confirm(self, env, wizard_id):
        action = env["dra.import.wizard"].browse(wizard_id).action_confirm()
        return action.get("res_model")

    def _customer(self, round_number):
        return {
            "name": f"Racekundin{round_number}{self.tag}",
            "first_name": "Renate",
            "street": "Rennweg",
            "house_number": str(round_number + 1),
            "zip": "80335",
            "city": "München",
        }

    def _count_customers(self, customer):
        with self._env() as env:
            return (
                env["res.partner"]
                .with_context(active_test=False)
                .search_count([("name", "ilike", customer["name"])])
            )

    def test_two_takeovers_with_the_same_new_customer_at_the_same_moment(self):
        anna, bernd = self.user_ids
        contacts, orders = [], 0
        for round_number in range(ROUNDS):
            customer = self._customer(round_number)
            wizards = [
                (uid, self._load(uid, f"9{round_number}{index}-{self.tag}", customer))
                for index, uid in enumerate((anna, bernd))
            ]
            with mute_logger("odoo.sql_db", "odoo.service.model"):
                results = self._run_at_once(
                    *[
                        (uid, lambda env, wizard_id=wizard_id: self._confirm(env, wizard_id))
                        for uid, wizard_id in wizards
                    ]
                )
            self.assertEqual(results, ["repair.order", "repair.order"])
            contacts.append(self._count_customers(customer))
            with self._env() as env:
                orders += env["repair.order"].search_count(
                    [("broker_order_ref", "=like", f"9{round_number}_-{self.tag}")]
                )
        _logger.info(
            "Contact race: %s rounds, contacts per new customer %s, orders %s",
            ROUNDS,
            contacts,
            orders,
        )
        self.assertEqual(contacts, [1] * ROUNDS)
        self.assertEqual(orders, 2 * ROUNDS)

    def test_two_takeovers_with_the_same_new_customer_one_after_the_other(self):
        anna, bernd = self.user_ids
        customer = self._customer(ROUNDS + 1)
        first = self._load(anna, f"81-{self.tag}", customer)
        second = self._load(bernd, f"82-{self.tag}", customer)
        with self._env(anna) as env:
            self._confirm(env, first)
        with self._env(bernd) as env:
            self._confirm(env, second)
        self.assertEqual(self._count_customers(customer), 1)
        with self._env() as env:
            orders = env["repair.order"].search(
                [("broker_order_ref", "in", [f"81-{self.tag}", f"82-{self.tag}"])]
            )
            self.assertEqual(len(orders), 2)
            self.assertEqual(len(orders.partner_id), 1)
            self.assertEqual(orders.partner_id.company_id, env.ref("base.main_company"))

    # ------------------------------------------------------------------
    # Import of many files: each file taken over once
    # ------------------------------------------------------------------

    def test_two_users_take_over_all_unambiguous_at_the_same_moment(self):
        anna, bernd = self.user_ids
        numbers = [f"98{index}-{self.tag}" for index in range(8)]
        # files with a new customer only, each in another street and town (a
        # contact in the same street, or with the same phone, is a candidate:
        # that file waits for the assistant); the last two bring the same one
        names = ["Ahlers", "Brinkmann", "Czerny", "Dietrich", "Eisele", "Fuchsberger", "Gotthardt"]
        streets = [
            "Ahornweg",
            "Buchenallee",
            "Zedernplatz",
            "Dornenstieg",
            "Eschenring",
            "Fliederhof",
            "Ginsterpfad",
        ]
        customers = [
            dict(
                self._customer(20 + index),
                name=f"{name}{self.tag}",
                first_name=first_name,
                street=street,
                zip=str(10115 + 1111 * index),
            )
            for index, (name, first_name, street) in enumerate(
                zip(names, ["Ute", "Kai", "Ida", "Olaf", "Pia", "Tom", "Eva"], streets, strict=True)
            )
        ]
        customers.append(customers[-1])
        with self._env(anna) as env:
            queue = env["dra.import.queue"].create({})
            queue._add_files(
                [
                    (f"KSR{number}.xml", io.BytesIO(dra_file(number, party("Kunde", **customer))))
                    for number, customer in zip(numbers, customers, strict=True)
                ]
            )
            queue.action_check_all()
            self.assertEqual(set(queue.line_ids.mapped("state")), {"ready"})
            queue_id, line_ids = queue.id, queue.line_ids.ids

        def take_over_all(env):
            return env["dra.import.queue"].browse(queue_id).take_over_lines(line_ids)

        with mute_logger("odoo.sql_db", "odoo.service.model"):
            results = self._run_at_once((anna, take_over_all), (bernd, take_over_all))
        self.assertTrue(all(isinstance(result, dict) for result in results), results)
        with self._env() as env:
            lines = env["dra.import.queue.line"].browse(line_ids)
            self.assertEqual(set(lines.mapped("state")), {"done"}, lines.mapped("result"))
            orders = env["repair.order"].search([("broker_order_ref", "in", numbers)])
            per_number = {
                number: orders.filtered_domain([("broker_order_ref", "=", number)])
                for number in numbers
            }
            self.assertEqual(
                {number: len(found) for number, found in per_number.items()},
                dict.fromkeys(numbers, 1),
            )
            self.assertEqual(lines.order_id, orders)
            takeover_notes = [
                len(
                    order.message_ids.filtered(
                        lambda message, name=order.dra_filename: name in (message.body or "")
                    )
                )
                for order in orders
            ]
            self.assertEqual(takeover_notes, [1] * len(orders))
            takers = set(orders.mapped("create_uid.id"))
        contacts = [self._count_customers(customer) for customer in customers[:7]]
        _logger.info(
            "Batch race: %s files, orders per file 1, taken over by %s users, contacts %s",
            len(numbers),
            len(takers),
            contacts,
        )
        self.assertEqual(contacts, [1] * 7)

    # ------------------------------------------------------------------
    # The broker's order e-mail and a takeover of the same new number
    # ------------------------------------------------------------------

    @contextmanager
    def _race_broker(self):
        """A broker of its own with a mail alias, deleted at the end with its orders.

        The alias matches its name in any domain (``alias_incoming_local``), so
        that no alias domain of the database is created or changed.
        """
        with self._env() as env:
            broker = env["dra.broker"].create(
                {
                    "name": f"Race Broker {self.tag}",
                    "code": f"R{self.tag}",
                    "alias_name": f"race-{self.tag}",
                    "order_mail_company_id": env.ref("base.main_company").id,
                    "order_mail_sender_addresses": "@race.example",
                    "order_mail_subject_pattern": r"Auftrag (?P<number>\S+)",
                }
            )
            broker.alias_id.alias_incoming_local = True
            broker_id = broker.id
        try:
            yield broker_id
        finally:
            with self._env() as env:
                env["repair.order"].search([("broker_id", "=", broker_id)]).unlink()
                env["dra.broker"].browse(broker_id).unlink()

    def _mail(self, number):
        return (
            "From: Race <auftrag@race.example>\n"
            f"To: race-{self.tag}@werkstatt.example\n"
            f"Subject: Auftrag {number}\n"
            f"Message-ID: <{number}@race.example>\n"
            "Content-Type: text/plain; charset=utf-8\n\nDer Auftrag.\n"
        ).encode()

    @staticmethod
    def _receive(env, raw, late):
        """The mail gateway receives ``raw``; ``late``: its transaction starts now,
        but the e-mail is read a moment later, after the takeover committed."""
        if late:
            env.cr.execute("SELECT 1")  # the transaction's snapshot is taken here
            time.sleep(LATE_MAIL_DELAY)
        return env["mail.thread"].message_process(False, raw)

    def test_an_order_email_and_a_takeover_of_the_same_number_at_the_same_moment(self):
        """Each round: the order e-mail of a new number arrives while a user takes
        over the file of that number as a new order. One order is created; the
        e-mail is kept (on the order, or on the broker when it lost the race) and
        the takeover that lost is refused with a message. In every other round
        the e-mail is read late, so that the takeover commits first."""
        anna = self.user_ids[0]
        outcomes = []
        with self._race_broker() as broker_id:
            for round_number in range(ROUNDS):
                number = f"7{round_number}-{self.tag}"
                customer = self._customer(10 + round_number)
                wizard_id = self._load(anna, number, customer)
                with self._env(anna) as env:
                    env["dra.import.wizard"].browse(wizard_id).broker_id = broker_id
                raw = self._mail(number)
                with mute_logger("odoo.sql_db", "odoo.service.model"):
                    took_over, mailed = self._run_at_once(
                        (anna, lambda env, wizard_id=wizard_id: self._confirm(env, wizard_id)),
                        (
                            SUPERUSER_ID,
                            lambda env, raw=raw, late=round_number % 2: self._receive(
                                env, raw, late
                            ),
                        ),
                    )
                with self._env() as env:
                    orders = env["repair.order"].search([("broker_order_ref", "=", number)])
                    kept = env["mail.message"].search(
                        [("message_id", "=", f"<{number}@race.example>")]
                    )
                    with self.subTest(round=round_number):
                        self.assertEqual(len(orders), 1, (took_over, mailed))
                        self.assertIsInstance(mailed, int, mailed)
                        self.assertEqual(len(kept), 1)
                        if took_over == "repair.order":
                            self.assertEqual(orders.dra_filename, f"KSR{number}.xml")
                            # the e-mail lost: it waits on the broker, with a note
                            self.assertEqual((kept.model, kept.res_id), ("dra.broker", broker_id))
                            outcomes.append("takeover first")
                        else:
                            self.assertIsInstance(took_over, UserError)
                            self.assertIn(number, str(took_over))
                            self.assertEqual((kept.model, kept.res_id), ("repair.order", orders.id))
                            self.assertFalse(orders.dra_filename)
                            outcomes.append("e-mail first")
        _logger.info("E-mail and takeover race: %s rounds: %s", ROUNDS, outcomes)
        self.assertEqual(set(outcomes), {"takeover first", "e-mail first"})
