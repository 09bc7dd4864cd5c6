# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..core import files

_logger = logging.getLogger(__name__)

QUEUE_STATES = [
    ("waiting", "Waiting"),
    ("ready", "Unambiguous"),
    ("assistant", "Needs the Assistant"),
    ("done", "Taken Over"),
    ("refused", "Refused"),
]
#: Party statuses that need no decision in a batch takeover: the contact
#: exists, the file has no data, or a new contact is made (nothing similar exists).
UNAMBIGUOUS_PARTY_STATUSES = ("green", "grey", "new")


class DraImportQueueLine(models.Model):
    """One DRA file of an import queue, with the outcome of its check.

    The check and the takeover run the takeover assistant
    (``dra.import.wizard``) on the file: the same reader, the same matching,
    the same order rules and the same takeover, locks included. A file is
    unambiguous when every party is green or grey, or red with nothing
    similar among the contacts (a new contact is made), and no existing order
    is proposed: neither an open order of the same plate or VIN, nor the
    order of the same broker order number (a re-import updates an order and
    shows what changes, so it waits for the assistant).
    """

    _name = "dra.import.queue.line"
    _description = "DRA Import Queue Entry"
    _order = "queue_id desc, sequence, id"

    queue_id = fields.Many2one(
        "dra.import.queue", string="Import Queue", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(readonly=True)
    name = fields.Char(string="File Name", required=True, readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    file_size = fields.Integer(related="attachment_id.file_size", string="Size")
    state = fields.Selection(
        QUEUE_STATES, required=True, default="waiting", readonly=True, index=True
    )
    result = fields.Text(readonly=True)
    broker_order_ref = fields.Char(string="Broker Order Number", readonly=True)
    order_id = fields.Many2one("repair.order", readonly=True)
    company_id = fields.Many2one(related="queue_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="queue_id.user_id", store=True)
    wizard_ref = fields.Integer(
        string="Checking Assistant",
        readonly=True,
        help="The takeover assistant that checked the file (kept for its takeover).",
    )

    # ------------------------------------------------------------------
    # Arrival
    # ------------------------------------------------------------------

    @api.model
    def _next_values(self, queue, name, state, result=False):
        self.env.cr.execute(
            "SELECT COALESCE(MAX(sequence), 0) + 1 FROM dra_import_queue_line WHERE queue_id = %s",
            [queue.id],
        )
        return {
            "queue_id": queue.id,
            "sequence": self.env.cr.fetchone()[0],
            "name": files.safe_filename(name or "") or "KSR.xml",
            "state": state,
            "result": result,
        }

    @api.model
    def _waiting(self, queue, name, data):
        """A new entry for the file ``data``, kept as its attachment, waiting for its check."""
        line = self.create(self._next_values(queue, name, "waiting"))
        line.attachment_id = (
            self.env["ir.attachment"]
            .sudo()
            .with_context(ig_soom_dra_no_index=True)
            .create(
                {
                    "name": line.name,
                    "raw": data,
                    "mimetype": "application/xml",
                    "res_model": self._name,
                    "res_id": line.id,
                }
            )
        )
        return line

    @api.model
    def _refused(self, queue, name, message):
        """A new entry for a file refused before its check (too large, not in the zip)."""
        return self.create(self._next_values(queue, name, "refused", message))

    # ------------------------------------------------------------------
    # Check
    # ------------------------------------------------------------------

    def _new_wizard(self):
        """A takeover assistant of the current user, loaded with this entry's file.

        The field-by-field comparisons of the parties, which only the user
        reads, are made when the assistant is opened (:meth:`action_open_assistant`).
        """
        self.ensure_one()
        Wizard = self.env["dra.import.wizard"].with_context(ig_soom_dra_no_comparison=True)
        upload = Wizard._store_upload(self.name, self.attachment_id.sudo().raw or b"")
        wizard = Wizard.create(
            {
                "dra_attachment_id": upload.id,
                "company_id": self.company_id.id,
                "queue_line_id": self.id,
            }
        )
        wizard.action_load_file()
        return wizard

    def _own_wizard(self):
        """The assistant that checked the file, if it is the current user's and still loaded."""
        self.ensure_one()
        if not self.wizard_ref:
            return self.env["dra.import.wizard"]
        wizard = self.env["dra.import.wizard"].search(
            [("id", "=", self.wizard_ref), ("queue_line_id", "=", self.id)]
        )
        return wizard if wizard.loaded and not wizard.error_message else wizard.browse()

    def _blocking_reasons(self, wizard):
        """Why the file needs the assistant; none when it is unambiguous."""
        reasons = []
        statuses = dict(wizard.party_ids._fields["status"]._description_selection(self.env))
        open_parties = wizard.party_ids.filtered(
            lambda party: (
                party.status not in UNAMBIGUOUS_PARTY_STATUSES
                and not (party.status == "red" and not party.candidate_ids)
            )
        )
        if open_parties:
            reasons.append(
                _(
                    "Check the addresses: %s.",
                    ", ".join(
                        f"{party.role_label} ({statuses[party.status]})" for party in open_parties
                    ),
                )
            )
        if wizard.order_mode != "new" or wizard.duplicate_order_id:
            reasons.append(wizard.proposal_reason or _("An existing order is proposed."))
        if not wizard.broker_id:
            reasons.append(_("Choose the claims broker of the order."))
        return reasons

    def _prepare(self, wizard):
        """Decide what needs no decision: parties that nothing is similar to
        become new contacts. Returns the reasons for the assistant."""
        reasons = self._blocking_reasons(wizard)
        if reasons:
            return reasons
        wizard.party_ids.filtered(
            lambda party: party.status == "red" and not party.candidate_ids
        ).write({"resolution": "create", "partner_id": False})
        if not wizard.can_confirm:
            return [_("The assistant has a step that is not complete.")]
        return []

    def _check(self):
        """Check each file with a takeover assistant: refused, unambiguous or
        needs the assistant."""
        for line in self:
            wizard = line._new_wizard()
            values = {"broker_order_ref": wizard.broker_order_ref or False, "wizard_ref": wizard.id}
            if wizard.error_message:
                values.update(state="refused", result=wizard.error_message, wizard_ref=0)
                wizard.unlink()
            else:
                reasons = line._prepare(wizard)
                notes = [*reasons, wizard.warning_message or ""]
                values.update(
                    state="assistant" if reasons else "ready",
                    result="\n".join(filter(None, notes))
                    or _("Unambiguous: it can be taken over with the others."),
                )
            line.sudo().write(values)

    # ------------------------------------------------------------------
    # Takeover
    # ------------------------------------------------------------------

    def _lock_ready(self):
        """Lock this entry while it is unambiguous; False when another request
        holds it or took it over (two users pressing the button at once)."""
        self.ensure_one()
        self.env.cr.execute(
            "SELECT id FROM dra_import_queue_line WHERE id = %s AND state = 'ready'"
            " FOR UPDATE SKIP LOCKED",
            [self.id],
        )
        locked = bool(self.env.cr.fetchone())
        self.invalidate_recordset()
        return locked

    def _take_over(self):
        """Take over each unambiguous file with its assistant, each in its own
        savepoint (the assistant's: it writes nothing outside its own records
        before): a file that fails is left for the assistant with the reason,
        and the others go on."""
        for line in self:
            if not line._lock_ready():
                continue
            try:
                line._take_over_one()
            except UserError as error:
                line.sudo().write({"state": "assistant", "result": error.args[0]})

    def _take_over_one(self):
        self.ensure_one()
        wizard = self._own_wizard().with_context(ig_soom_dra_no_comparison=True)
        if not wizard:
            wizard = self._new_wizard()
            self.sudo().wizard_ref = wizard.id
            if wizard.error_message:
                raise UserError(wizard.error_message)
        # an order of the same number, plate or VIN may have appeared since the check
        wizard._propose_order()
        reasons = self._prepare(wizard)
        if reasons:
            raise UserError("\n".join(reasons))
        action = wizard.action_confirm()
        if self.state != "done":
            # the contacts changed since the check: the assistant shows why
            self.sudo().write({"state": "assistant", "result": wizard.warning_message})
        return action

    def _taken_over(self, order, upload):
        """Called by the assistant's takeover: the entry is done, linked to its
        order. Only an entry the user may read, of the file taken over."""
        for line in self.exists()._filtered_access("read"):
            if line.attachment_id.sudo().checksum != upload.checksum:
                continue
            line.sudo().write(
                {
                    "state": "done",
                    "order_id": order.id,
                    "broker_order_ref": order.broker_order_ref,
                    "result": _("Taken over as order %s.", order.name),
                }
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_assistant(self):
        """Open this file in the takeover assistant (its check's, when still there)."""
        self.ensure_one()
        if self.state not in ("ready", "assistant"):
            raise UserError(_("Only a file that waits for its takeover opens in the assistant."))
        self.queue_id.check_access("write")
        wizard = self._own_wizard()
        if not wizard:
            wizard = self._new_wizard()
            self.sudo().wizard_ref = wizard.id
        wizard = wizard.with_context(ig_soom_dra_no_comparison=False)
        wizard.party_ids._refresh_comparison()
        return wizard._reopen()
