# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RepairOrder(models.Model):
    _inherit = "repair.order"

    damage_report_ids = fields.One2many("damage.report", "repair_order_id", string="Damage Reports")
    damage_report_count = fields.Integer(compute="_compute_damage_report_count")

    @api.depends("damage_report_ids")
    def _compute_damage_report_count(self):
        for order in self:
            order.damage_report_count = len(order.damage_report_ids)

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "done":
            self._close_damage_reports()
        return result

    def _close_damage_reports(self):
        """A repair order done closes its damage reports (as the superuser: the
        repair user need not be a damage-report user)."""
        self.sudo().damage_report_ids.action_close()

    def _damage_report_values(self):
        """A damage report prefilled with this order's customer, vehicle,
        insurer and broker."""
        self.ensure_one()
        partner = self.partner_id
        vehicle = self.vehicle_id
        model = vehicle.model_id
        return {
            "company_id": self.company_id.id,
            "user_id": self.user_id.id or self.env.user.id,
            "repair_order_id": self.id,
            "partner_id": partner.id or False,
            "customer_name": partner.name or False,
            "customer_phone": partner.mobile or partner.phone or False,
            "customer_email": partner.email or False,
            "customer_street": partner.street or False,
            "customer_zip": partner.zip or False,
            "customer_city": partner.city or False,
            "license_plate": self.vehicle_plate or vehicle.license_plate or False,
            "vin": self.vehicle_vin or vehicle.vin_sn or False,
            "vehicle_make": self.vehicle_make or model.brand_id.name or False,
            "vehicle_model": self.vehicle_model or model.name or False,
            "first_registration": self.vehicle_first_registration
            or vehicle.acquisition_date
            or False,
            "odometer": self.vehicle_odometer or int(vehicle.odometer) or 0,
            "vehicle_id": vehicle.id or False,
            "insurer_name": self.insurer_partner_id.name or False,
            "claim_number": self.claim_number or False,
            "cover_type": {"liability": "liability", "full": "comprehensive"}.get(
                self.cover_type, False
            ),
            "broker_id": self.broker_id.id or False,
        }

    def action_request_damage_report(self):
        """Schadenmeldung anfordern: a damage report of this order, prefilled,
        opened for the workshop to send the link."""
        self.ensure_one()
        if self.state in ("done", "cancel"):
            raise UserError(
                _("The repair order %s is done or cancelled: it needs no damage report.", self.name)
            )
        report = self.env["damage.report"].create(self._damage_report_values())
        self.message_post(
            body=_("Damage report %s requested.", report.name), subtype_xmlid="mail.mt_note"
        )
        return report._get_records_action(name=_("Damage Report"))

    def action_view_damage_reports(self):
        self.ensure_one()
        return self.damage_report_ids._get_records_action(name=_("Damage Reports"))
