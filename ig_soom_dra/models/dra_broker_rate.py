# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

#: Kinds of labour a broker agrees an hourly rate for.
RATE_KINDS = [
    ("body", "Body / Mechanics"),
    ("paint", "Paint"),
    ("electrical", "Electrical"),
]


class DraBrokerRate(models.Model):
    """An hourly rate a claims broker agreed with one workshop company.

    The rate applies to the labour lines of an estimate (service products
    sold in hours) whose product is the line's product, or else whose
    product category is the line's category or one of its parents; the most
    specific line wins. Rates belong to a company: a broker shared by the
    companies of a database agrees its rates with each workshop on its own.
    """

    _name = "dra.broker.rate"
    _description = "Agreed Hourly Rate of a Claims Broker"
    _order = "broker_id, company_id, kind, id"
    _check_company_auto = True

    broker_id = fields.Many2one(
        "dra.broker",
        string="Claims Broker",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(RATE_KINDS, string="Labour Kind", required=True, default="body")
    product_categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        help="The rate applies to labour products of this category and its subcategories.",
    )
    product_id = fields.Many2one(
        "product.product",
        check_company=True,
        domain="[('type', '=', 'service')]",
        help="The rate applies to this labour product (before the category).",
    )
    hourly_rate = fields.Monetary(required=True, currency_field="currency_id")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )

    @api.constrains("product_id", "product_categ_id", "hourly_rate")
    def _check_rate(self):
        for rate in self:
            if not rate.product_id and not rate.product_categ_id:
                raise ValidationError(
                    _("An agreed hourly rate needs a product or a product category.")
                )
            if rate.hourly_rate <= 0:
                raise ValidationError(_("An agreed hourly rate must be more than 0."))

    def _specificity(self, product):
        """How closely the rate names ``product``: the product itself, then the
        depth of its category; ``-1`` when it does not apply."""
        self.ensure_one()
        if self.product_id:
            return 1000 if self.product_id == product else -1
        parents = [int(part) for part in (product.categ_id.parent_path or "").split("/") if part]
        if self.product_categ_id.id in parents:
            return parents.index(self.product_categ_id.id) + 1
        return -1
