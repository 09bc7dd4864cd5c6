# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
