# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..core.matching import normalize_vin

#: Make and model of a vehicle the file does not name, as the DRA files call it.
UNKNOWN_MAKE_MODEL = "Sonstige"
#: Workshop status of an order (KV, AB, RE), also offered by the DRA assistant.
WORKSHOP_STATUSES = [
    ("kv", "KV – Cost Estimate"),
    ("ab", "AB – Order Confirmed"),
    ("re", "RE – Invoiced"),
]
#: Insurance cover of the damage.
COVER_TYPES = [
    ("full", "Comprehensive (Vollkasko)"),
    ("partial", "Partial Cover (Teilkasko)"),
    ("liability", "Liability (Haftpflicht)"),
]
#: Whether the damaged vehicle can still be driven.
ROADWORTHINESS = [("yes", "Yes"), ("no", "No"), ("unknown", "Unknown")]
#: Party role of the DRA file -> field of the repair order holding its contact.
#: The customer is the order's own ``partner_id``.
PARTY_ROLE_FIELDS = {
    "Absender": "sender_partner_id",
    "Kunde": "partner_id",
    "Versicherung": "insurer_partner_id",
    "Schadenvermittler": "broker_partner_id",
    "Gutachter": "assessor_partner_id",
    "Leasinggeber": "lessor_partner_id",
    "Fahrzeughalter": "keeper_partner_id",
    "Fahrzeugfahrer": "driver_partner_id",
}


class RepairOrder(models.Model):
    _inherit = "repair.order"

    # Broker and order data of the DRA file
    broker_id = fields.Many2one(
        "dra.broker",
        string="Claims Broker",
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    broker_color = fields.Char(related="broker_id.color")
    broker_order_ref = fields.Char(
        string="Broker Order No.",
        index=True,
        copy=False,
        tracking=True,
        help="Order number of the claims broker (Innovation Group: ARA no.).",
    )
    soom_case_id = fields.Char(
        string="SOOM Case ID",
        copy=False,
        help="Identifier of the case in the SOOM portal of Innovation Group.",
    )
    workshop_status = fields.Selection(
        WORKSHOP_STATUSES,
        tracking=True,
        copy=False,
        help="KV: cost estimate stage, the first status of an imported order. "
        "AB: repair released, order confirmed. RE: invoiced.",
    )
    order_kind = fields.Char(help="Kind of order, e.g. Reparatur Komfort.")
    damage_kind = fields.Char(help="Cause of the damage, e.g. accident or glass breakage.")
    cover_type = fields.Selection(COVER_TYPES, tracking=True)
    policy_number = fields.Char(tracking=True)
    claim_number = fields.Char(tracking=True)
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

    # Parties by role (the customer is partner_id)
    sender_partner_id = fields.Many2one("res.partner", string="Sender", check_company=True)
    insurer_partner_id = fields.Many2one("res.partner", string="Insurer", check_company=True)
    broker_partner_id = fields.Many2one(
        "res.partner", string="Claims Broker Contact", check_company=True
    )
    assessor_partner_id = fields.Many2one("res.partner", string="Assessor", check_company=True)
    lessor_partner_id = fields.Many2one("res.partner", string="Lessor", check_company=True)
    keeper_partner_id = fields.Many2one(
        "res.partner", string="Registered Keeper", check_company=True
    )
    driver_partner_id = fields.Many2one("res.partner", string="Driver", check_company=True)

    # Vehicle: the record, or the imported data while there is none
    vehicle_id = fields.Many2one("fleet.vehicle", index=True, tracking=True, check_company=True)
    vehicle_plate = fields.Char(string="Licence Plate")
    vehicle_vin = fields.Char(string="VIN")
    vehicle_make = fields.Char(string="Make")
    vehicle_model = fields.Char(string="Model")
    vehicle_hsn = fields.Char(string="HSN")
    vehicle_tsn = fields.Char(string="TSN")
    vehicle_first_registration = fields.Date(string="First Registration")
    vehicle_odometer = fields.Integer(string="Odometer (km)")
    vehicle_color = fields.Char(string="Vehicle Colour")

    # The source file
    dra_file = fields.Binary(string="DRA File", attachment=True, copy=False)
    dra_filename = fields.Char(string="DRA File Name", copy=False)

    _sql_constraints = [
        (
            "broker_order_ref_uniq",
            "unique(company_id, broker_id, broker_order_ref)",
            "An order of this claims broker with this order number already exists.",
        ),
    ]

    @api.model
    def _vehicle_values(
        self, *, plate, vin, make, model, hsn, tsn, first_registration, color, company
    ):
        """Values of a new fleet vehicle from DRA vehicle data.

        Make and model are found by name or created; an unknown one is
        "Sonstige", as the DRA files call it.
        """
        Brand = self.env["fleet.vehicle.model.brand"]
        Model = self.env["fleet.vehicle.model"]
        make_name = (make or "").strip() or UNKNOWN_MAKE_MODEL
        model_name = (model or "").strip() or UNKNOWN_MAKE_MODEL
        brand = Brand.search([("name", "=ilike", make_name)], limit=1) or Brand.create(
            {"name": make_name}
        )
        vehicle_model = Model.search(
            [("name", "=ilike", model_name), ("brand_id", "=", brand.id)], limit=1
        ) or Model.create({"name": model_name, "brand_id": brand.id, "vehicle_type": "car"})
        return {
            "model_id": vehicle_model.id,
            "license_plate": plate or False,
            "vin_sn": vin or False,
            "kba_hsn": hsn or False,
            "kba_tsn": tsn or False,
            "first_registration_date": first_registration or False,
            "color": color or False,
            "company_id": company.id,
            "acquisition_date": first_registration or False,
        }

    def action_create_vehicle(self):
        """Create (or link, when the VIN is known) the vehicle from the order's data."""
        self.ensure_one()
        if self.vehicle_id:
            raise UserError(_("The order already has a vehicle."))
        vin = normalize_vin(self.vehicle_vin)
        if not vin:
            raise UserError(_("Enter the VIN (Fgst.-Nr.) in the vehicle data of the order first."))
        Vehicle = self.env["fleet.vehicle"]
        vehicle = Vehicle._find_by_vin(vin, self.company_id)
        if not vehicle:
            vehicle = Vehicle.create(
                self._vehicle_values(
                    plate=self.vehicle_plate,
                    vin=vin,
                    make=self.vehicle_make,
                    model=self.vehicle_model,
                    hsn=self.vehicle_hsn,
                    tsn=self.vehicle_tsn,
                    first_registration=self.vehicle_first_registration,
                    color=self.vehicle_color,
                    company=self.company_id,
                )
            )
        if self.vehicle_odometer:
            vehicle._record_dra_odometer(self.vehicle_odometer)
        self.vehicle_id = vehicle
        self.message_post(body=_("Vehicle %s linked to the order.", vehicle.display_name))
        return True
