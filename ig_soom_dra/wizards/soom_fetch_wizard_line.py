# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

from ..core.portal import PortalError


class SoomFetchWizardLine(models.TransientModel):
    """One new order of a broker's portal, with the buttons to accept or decline it."""

    _name = "soom.fetch.wizard.line"
    _description = "New SOOM Order"
    _order = "placed_at desc, id"

    wizard_id = fields.Many2one("soom.fetch.wizard", required=True, ondelete="cascade")
    connection_id = fields.Many2one(
        "dra.broker.connection", string="Portal Connection", required=True, readonly=True
    )
    company_id = fields.Many2one(related="connection_id.company_id", related_sudo=False)
    order_number = fields.Char(string="Order No.", readonly=True)
    case_id = fields.Char(string="SOOM Case ID", required=True, readonly=True)
    plate = fields.Char(string="Licence Plate", readonly=True)
    customer_name = fields.Char(string="Customer", readonly=True)
    order_kind = fields.Char(readonly=True)
    placed_at = fields.Datetime(readonly=True)
    order_id = fields.Many2one(
        "repair.order",
        string="Order in Odoo",
        readonly=True,
        help="The repair order that already holds this order (same SOOM case or broker "
        "order number), e.g. from a DRA file imported by hand.",
    )
    decline_reason = fields.Text(help="Why the workshop declines the order; SOOM requires it.")

    def _connection(self):
        """The line's connection, if the user may use it (its company's users only)."""
        self.ensure_one()
        self.connection_id.check_access("read")
        return self.connection_id

    def action_accept(self):
        """Accept the order in the portal, download its DRA file and open the takeover assistant.

        Both requests are logged before they leave and after their answer.
        """
        self.ensure_one()
        connection = self._connection()
        Transmission = self.env["soom.transmission"]
        Takeover = self.env["dra.import.wizard"]
        try:
            with connection._portal_client() as client:
                Transmission._exchange(
                    connection,
                    "accept",
                    self.case_id,
                    lambda: client.accept_order(self.case_id),
                    summary=self.order_number,
                )
                data = Transmission._exchange(
                    connection,
                    "download",
                    self.case_id,
                    lambda: client.download_dra(self.case_id, max_size=Takeover._max_file_size()),
                    summary=self.order_number,
                )
        except PortalError as error:
            raise self.wizard_id._portal_failure(error, connection) from error
        takeover = Takeover.create(
            {
                "company_id": connection.company_id.id,
                "broker_id": connection.broker_id.id,
                "dra_attachment_id": Takeover._store_upload(
                    f"KSR{self.order_number or self.case_id}.xml", data
                ).id,
            }
        )
        takeover.action_load_file()
        return takeover._reopen()

    def action_open_decline(self):
        """Ablehnen: ask for the reason first, in a dialog of its own."""
        self.ensure_one()
        return self._get_records_action(
            name=_("Decline Order %s", self.order_number or self.case_id),
            views=[
                (self.env.ref("ig_soom_dra.soom_fetch_wizard_line_view_form_decline").id, "form")
            ],
            target="new",
        )

    def action_back(self):
        """Back to the list of new orders, without declining."""
        self.ensure_one()
        return self.wizard_id._reopen()

    def action_decline(self):
        """Decline the order in the portal with the reason given, and show the list again.

        An order already in Odoo notes the refusal in its chatter.
        """
        self.ensure_one()
        reason = (self.decline_reason or "").strip()
        if not reason:
            raise UserError(_("Enter the reason for declining order %s.", self.order_number))
        connection = self._connection()
        wizard = self.wizard_id
        try:
            with connection._portal_client() as client:
                self.env["soom.transmission"]._exchange(
                    connection,
                    "decline",
                    self.case_id,
                    lambda: client.decline_order(self.case_id, reason),
                    summary=_("%(number)s: %(reason)s", number=self.order_number, reason=reason),
                )
        except PortalError as error:
            raise wizard._portal_failure(error, connection) from error
        if self.order_id:
            self.order_id._ig_log_note(
                _(
                    "Order declined in the portal %(portal)s. Reason: %(reason)s",
                    portal=connection.display_name,
                    reason=reason,
                )
            )
        self.unlink()
        return wizard._reopen()
