# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class IgOrderDialogMixin(models.AbstractModel):
    """A dialog of one repair order (``order_id``): opened, created or
    changed only for an order the user may access as the dialog needs
    (``_ig_order_access``). Whatever the request (``create``, ``write``,
    the form's ``onchange``), another company's order or one the user may
    not see is refused with Odoo's access error, before anything of it is
    computed or shown."""

    _name = "ig.order.dialog.mixin"
    _description = "Dialog of a Repair Order"

    #: What the dialog does with its order: "read" or "write".
    _ig_order_access = "write"

    def _ig_check_order_access(self, order_ids):
        orders = self.env["repair.order"].browse(order_id for order_id in order_ids if order_id)
        orders.check_access(self._ig_order_access)

    @api.model_create_multi
    def create(self, vals_list):
        self._ig_check_order_access({vals.get("order_id") for vals in vals_list})
        return super().create(vals_list)

    def write(self, vals):
        if "order_id" in vals:
            self._ig_check_order_access({vals["order_id"]})
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        order_id = values.get("order_id")
        if not order_id and not self and "order_id" in fields_spec:
            order_id = self.default_get(["order_id"]).get("order_id")
        if isinstance(order_id, dict):
            order_id = order_id.get("id")
        if order_id:
            self._ig_check_order_access({order_id})
        return super().onchange(values, field_names, fields_spec)
