# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..core.soom import SoomError


class SoomFetchWizardLine(models.TransientModel):
    """One new order of SOOM, with the buttons to accept or decline it."""

    _name = "soom.fetch.wizard.line"
    _description = "New SOOM Order"
    _order = "placed_at desc, id"

    wizard_id = fields.Many2one("soom.fetch.wizard", required=True, ondelete="cascade")
    order_number = fields.Char(string="Order No.", readonly=True)
    case_id = fields.Char(string="SOOM Case ID", required=True, readonly=True)
    plate = fields.Char(string="Licence Plate", readonly=True)
    customer_name = fields.Char(string="Customer", readonly=True)
    order_kind = fields.Char(readonly=True)
    placed_at = fields.Datetime(readonly=True)
    decline_reason = fields.Char(help="Why the workshop declines the order; SOOM requires it.")

    def action_accept(self):
        """Accept the order in SOOM, download its DRA file and open the takeover assistant."""
        self.ensure_one()
        Wizard = self.env["soom.fetch.wizard"]
        client = self.env["res.config.settings"]._ig_soom_client()
        try:
            with client:
                client.accept_order(self.case_id)
                data = client.download_dra(self.case_id)
        except SoomError as error:
            raise Wizard._soom_failure(error) from error
        takeover = self.env["dra.import.wizard"].create(
            {
                "dra_file": base64.b64encode(data),
                "dra_filename": f"KSR{self.order_number or self.case_id}.xml",
            }
        )
        takeover.action_load_file()
        return takeover._reopen()

    def action_decline(self):
        """Decline the order in SOOM with the reason given, and show the list again."""
        self.ensure_one()
        reason = (self.decline_reason or "").strip()
        if not reason:
            raise UserError(_("Enter the reason for declining order %s.", self.order_number))
        wizard = self.wizard_id
        client = self.env["res.config.settings"]._ig_soom_client()
        try:
            with client:
                client.decline_order(self.case_id, reason)
        except SoomError as error:
            raise wizard._soom_failure(error) from error
        self.unlink()
        return wizard._reopen()
