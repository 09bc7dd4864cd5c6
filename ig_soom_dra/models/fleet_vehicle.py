# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import escape_psql


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    kba_hsn = fields.Char(
        string="HSN",
        size=4,
        tracking=True,
        help="Manufacturer key number (Herstellerschlüsselnummer) of the German "
        "registration document, field 2.1.",
    )
    kba_tsn = fields.Char(
        string="TSN",
        size=3,
        tracking=True,
        help="Type key number (Typschlüsselnummer) of the German registration document, field 2.2.",
    )
    first_registration_date = fields.Date(
        string="First Registration",
        tracking=True,
        help="Date of the vehicle's first registration (Erstzulassung).",
    )
    repair_order_ids = fields.One2many("repair.order", "vehicle_id", string="Repair Orders")

    def _record_dra_odometer(self, value):
        """Record the odometer reading of a DRA file, unless already known."""
        self.ensure_one()
        Odometer = self.env["fleet.vehicle.odometer"]
        if Odometer.search_count([("vehicle_id", "=", self.id), ("value", "=", value)]):
            return Odometer
        return Odometer.create(
            {"vehicle_id": self.id, "value": value, "date": fields.Date.context_today(self)}
        )

    @api.model
    def _find_by_vin(self, vin, company):
        """The vehicle with this (normalised) VIN visible to the company."""
        if not vin:
            return self.browse()
        return self.search(
            [("vin_sn", "=ilike", escape_psql(vin)), ("company_id", "in", [False, company.id])],
            limit=1,
        )
