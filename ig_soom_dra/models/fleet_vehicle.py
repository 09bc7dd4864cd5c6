# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import escape_psql

from ..core.matching import is_valid_vin

#: Make and model of a vehicle the file does not name, as the DRA files call it.
UNKNOWN_MAKE_MODEL = "Sonstige"


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
    repair_order_ids = fields.One2many("repair.order", "vehicle_id", string="Repair Orders")

    @api.model
    def _find_by_vin(self, vin, company):
        """The vehicle with this (normalised) VIN visible to the company."""
        if not vin:
            return self.browse()
        return self.search(
            [("vin_sn", "=ilike", escape_psql(vin)), ("company_id", "in", [False, company.id])],
            limit=1,
        )

    @api.model
    def _ig_find_or_create(self, data, company):
        """The vehicle with the VIN of ``data``, or a new one made from ``data``.

        ``data`` holds a broker's vehicle data as ``ig.repair.order.data``
        gives them (``_ig_vehicle_data``): VIN, plate, make, model, HSN, TSN,
        first registration, odometer and colour. Make and model are found by
        name or created; an unknown one is "Sonstige", as the DRA files call
        it. The first registration is fleet's registration date; the odometer
        reading goes through fleet's odometer log, once, and only when it is
        above the last reading known. Returns ``(vehicle, created)``.
        """
        vin = data["vin"]
        if not is_valid_vin(vin):
            raise UserError(
                _(
                    "%s is not a valid VIN (17 letters and digits, without I, O and Q): "
                    "no vehicle is created from it. Correct the VIN in the vehicle data of "
                    "the order first.",
                    vin,
                )
            )
        vehicle = self._find_by_vin(vin, company)
        odometer = data.get("odometer") or 0
        if vehicle:
            # writing fleet's odometer logs a reading: only a newer (higher) one
            vehicle.filtered(lambda known: odometer > known.odometer).odometer = odometer
            return vehicle, False
        values = {
            "model_id": self._ig_model(data.get("make"), data.get("model")).id,
            "license_plate": data.get("plate") or False,
            "vin_sn": vin,
            "kba_hsn": data.get("hsn") or False,
            "kba_tsn": data.get("tsn") or False,
            "color": data.get("color") or False,
            "company_id": company.id,
        }
        if data.get("first_registration"):
            values["acquisition_date"] = data["first_registration"]
        if odometer:
            values["odometer"] = odometer
        return self.create(values), True

    @api.model
    def _ig_model(self, make, model):
        """The vehicle model of this make and model name, found by name or created."""
        Brand = self.env["fleet.vehicle.model.brand"]
        Model = self.env["fleet.vehicle.model"]
        make_name = (make or "").strip() or UNKNOWN_MAKE_MODEL
        model_name = (model or "").strip() or UNKNOWN_MAKE_MODEL
        brand = Brand.search([("name", "=ilike", escape_psql(make_name))], limit=1) or Brand.create(
            {"name": make_name}
        )
        return Model.search(
            [("name", "=ilike", escape_psql(model_name)), ("brand_id", "=", brand.id)], limit=1
        ) or Model.create({"name": model_name, "brand_id": brand.id, "vehicle_type": "car"})
