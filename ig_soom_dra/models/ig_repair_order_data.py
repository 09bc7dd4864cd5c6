# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

#: Insurance cover of the damage.
COVER_TYPES = [
    ("full", "Comprehensive (Vollkasko)"),
    ("partial", "Partial Cover (Teilkasko)"),
    ("liability", "Liability (Haftpflicht)"),
]
#: Whether the damaged vehicle can still be driven.
ROADWORTHINESS = [("yes", "Yes"), ("no", "No"), ("unknown", "Unknown")]


class IgRepairOrderData(models.AbstractModel):
    """The order data of a claims broker's order: what the DRA takeover
    assistant reads from the file and the repair order keeps.

    Both inherit this model. Every field declared here is copied from the
    assistant onto the order at the takeover (:meth:`_ig_order_data_fields`),
    with no other code; the vehicle data stay on the order while it has no
    vehicle record.
    """

    _name = "ig.repair.order.data"
    _description = "Order Data of a Claims Broker"

    broker_id = fields.Many2one("dra.broker", string="Claims Broker")
    broker_order_ref = fields.Char(
        string="Broker Order No.",
        copy=False,
        help="Order number of the claims broker (Innovation Group: ARA no.).",
    )
    soom_case_id = fields.Char(
        string="SOOM Case ID",
        copy=False,
        help="Identifier of the case in the SOOM portal of Innovation Group.",
    )
    order_kind = fields.Char(help="Kind of order, e.g. Reparatur Komfort.")
    damage_kind = fields.Char(help="Cause of the damage, e.g. accident or glass breakage.")
    cover_type = fields.Selection(COVER_TYPES)
    policy_number = fields.Char()
    claim_number = fields.Char()
    damage_date = fields.Date()
    damage_description = fields.Text()
    deductible = fields.Monetary(currency_field="deductible_currency_id")
    deductible_currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.ref("base.EUR", raise_if_not_found=False),
    )
    roadworthy = fields.Selection(ROADWORTHINESS)
    courtesy_car_class = fields.Char(help="Courtesy car class requested by the broker.")
    vehicle_location = fields.Char(help="Where the vehicle is, as given by the broker.")
    placed_at = fields.Datetime(help="When the broker placed the order.")
    driver_phone = fields.Char()
    broker_services = fields.Text(help="Extra services agreed with the broker.")
    broker_notes = fields.Text(help="Notes of the broker on the order.")

    # The vehicle as the broker describes it
    vehicle_plate = fields.Char(string="Licence Plate")
    vehicle_vin = fields.Char(string="VIN")
    vehicle_make = fields.Char(string="Make")
    vehicle_model = fields.Char(string="Model")
    vehicle_hsn = fields.Char(string="HSN")
    vehicle_tsn = fields.Char(string="TSN")
    vehicle_first_registration = fields.Date(string="First Registration")
    vehicle_odometer = fields.Integer(string="Odometer (km)")
    vehicle_color = fields.Char(string="Vehicle Colour")

    @api.model
    def _ig_order_data_fields(self):
        """The names of the order data fields, in the order of their declaration."""
        return [
            name
            for name, field in self.env["ig.repair.order.data"]._fields.items()
            if field.store and not field.automatic
        ]

    def _ig_vehicle_data(self):
        """The vehicle data as ``fleet.vehicle._ig_find_or_create`` takes them."""
        self.ensure_one()
        return {
            "vin": self.vehicle_vin,
            "plate": self.vehicle_plate,
            "make": self.vehicle_make,
            "model": self.vehicle_model,
            "hsn": self.vehicle_hsn,
            "tsn": self.vehicle_tsn,
            "first_registration": self.vehicle_first_registration,
            "odometer": self.vehicle_odometer,
            "color": self.vehicle_color,
        }
