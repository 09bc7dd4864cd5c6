# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re

from odoo import _, api, fields, models
from odoo.addons.mail.tools.alias_error import AliasError
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

from ..core import order_mail

_logger = logging.getLogger(__name__)

#: A colour as the web client's colour picker writes it: #RRGGBB.
HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def readable_text_color(background):
    """Return ``#000000`` or ``#FFFFFF``, whichever reads better on ``background``.

    ``background`` is a ``#RRGGBB`` colour; the text is black when the
    background's relative luminance (WCAG 2) is above 0.179, where black and
    white have the same contrast ratio, and white otherwise or when the
    colour cannot be read.
    """
    if not background or not HEX_COLOR.match(background):
        return "#FFFFFF"

    def channel(hex_pair):
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(background[index : index + 2]) for index in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if luminance > 0.179 else "#FFFFFF"


class DraBroker(models.Model):
    """A claims broker that places repair orders with the workshop.

    Innovation Group is the first one; others (Eurogarant, DMS, lessors) are
    records of the same model, never constants in code.
    """

    _name = "dra.broker"
    _description = "Claims Broker"
    _inherit = ["mail.thread", "mail.alias.mixin.optional"]
    _order = "sequence, name"
    #: The alias's defaults are the broker's own (``_alias_get_creation_values``),
    #: never written from outside.
    ALIAS_WRITEABLE_FIELDS = ["alias_domain_id", "alias_name", "alias_bounced_content"]

    name = fields.Char(required=True, tracking=True, translate=False)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short technical code of the broker, e.g. IG.",
    )
    short_label = fields.Char(
        help="Short label shown on the broker's orders, e.g. IG.",
    )
    color = fields.Char(
        default="#00508C",
        help="Colour of the broker's orders in lists, kanban and forms (hex).",
    )
    text_color = fields.Char(
        compute="_compute_text_color",
        help="Black or white, whichever reads better on the broker's colour.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        ondelete="restrict",
        help="The broker's contact (address, phones) for orders and documents.",
    )
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the broker between all companies.",
    )
    repair_order_ids = fields.One2many("repair.order", "broker_id", string="Orders")
    rate_ids = fields.One2many(
        "dra.broker.rate",
        "broker_id",
        string="Agreed Hourly Rates",
        help="The hourly rates agreed with the broker; the SOOM dialog checks the "
        "estimate's labour lines against them before anything is sent.",
    )
    connection_ids = fields.One2many(
        "dra.broker.connection", "broker_id", string="Portal Connections"
    )
    repair_order_count = fields.Integer(
        compute="_compute_repair_order_count", string="Orders Count"
    )

    # The broker's order e-mail (alias, senders, subject): see README, "Order e-mail"
    alias_id = fields.Many2one(
        help="The e-mail address of the broker's order e-mails, e.g. ig-auftrag@…: each "
        "e-mail from a sender address of the broker files itself on the order its "
        "subject names, or creates that order as a draft."
    )
    order_mail_sender_addresses = fields.Text(
        string="Order E-mail Senders",
        help="The addresses the broker sends its order e-mails from, one a line: a full "
        "address (auftrag@innovation-group.com) or a domain with a leading @ "
        "(@innovation.group). E-mail from any other sender creates no order and is "
        "bounced. While the list is empty, every e-mail is bounced.",
    )
    order_mail_subject_pattern = fields.Char(
        string="Order E-mail Subject Pattern",
        default=order_mail.DEFAULT_SUBJECT_PATTERN,
        help="A regular expression that finds the order number in the subject of the "
        "broker's order e-mail, in the named group (?P<number>…), and optionally the "
        "licence plate in (?P<plate>…). An e-mail whose subject does not match creates "
        "no order: it is filed in the chatter of the claims broker.",
    )
    order_mail_company_id = fields.Many2one(
        "res.company",
        string="Company of E-mailed Orders",
        compute="_compute_order_mail_company_id",
        store=True,
        readonly=False,
        help="The company whose order an e-mail to the broker's alias files itself on or "
        "creates: the broker's company, or for a broker shared between companies the one "
        "chosen here (each company can have an alias of its own on a broker of its own).",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A broker with this code already exists in this company.",
        ),
    ]

    @api.depends("color")
    def _compute_text_color(self):
        for broker in self:
            broker.text_color = readable_text_color(broker.color)

    @api.depends("company_id")
    def _compute_order_mail_company_id(self):
        for broker in self:
            broker.order_mail_company_id = (
                broker.company_id or broker.order_mail_company_id or self.env.company
            )

    @api.constrains("order_mail_company_id", "company_id")
    def _check_order_mail_company(self):
        for broker in self:
            if broker.company_id and broker.order_mail_company_id != broker.company_id:
                raise ValidationError(
                    _(
                        "The orders e-mailed to the claims broker %(broker)s belong to its "
                        "company %(company)s.",
                        broker=broker.name,
                        company=broker.company_id.name,
                    )
                )

    @api.constrains("order_mail_subject_pattern")
    def _check_order_mail_subject_pattern(self):
        for broker in self:
            try:
                order_mail.compile_pattern(broker.order_mail_subject_pattern)
            except order_mail.OrderMailError as error:
                raise ValidationError(broker._order_mail_pattern_message(error)) from error

    @api.constrains("order_mail_sender_addresses")
    def _check_order_mail_sender_addresses(self):
        for broker in self:
            try:
                order_mail.sender_entries(broker.order_mail_sender_addresses)
            except order_mail.OrderMailError as error:
                raise ValidationError(
                    _(
                        "The sender address %(entry)s of the claims broker %(broker)s is "
                        "neither an e-mail address (auftrag@innovation-group.com) nor a "
                        "domain with a leading @ (@innovation.group).",
                        entry=error.detail,
                        broker=broker.name,
                    )
                ) from error

    @api.constrains("color")
    def _check_color(self):
        for broker in self:
            if broker.color and not HEX_COLOR.match(broker.color):
                raise ValidationError(
                    _(
                        "The colour of the claims broker %(broker)s must be a hex colour "
                        "such as #00508C, not %(color)s.",
                        broker=broker.name,
                        color=broker.color,
                    )
                )

    @api.depends("repair_order_ids")
    def _compute_repair_order_count(self):
        counts = {
            broker.id: count
            for broker, count in self.env["repair.order"]._read_group(
                [("broker_id", "in", self.ids)], ["broker_id"], ["__count"]
            )
        }
        for broker in self:
            broker.repair_order_count = counts.get(broker.id, 0)

    # ------------------------------------------------------------------
    # ORM and alias methods
    # ------------------------------------------------------------------

    def write(self, vals):
        # the alias mixin writes the alias with superuser rights: check first
        self.check_access("write")
        result = super().write(vals)
        if {"order_mail_company_id", "company_id"} & set(vals):
            for broker in self.filtered("alias_id"):
                broker.alias_id.sudo().write(
                    {"alias_defaults": broker._alias_get_creation_values()["alias_defaults"]}
                )
        return result

    def _alias_get_creation_values(self):
        """The alias creates repair orders of this broker, for its company of e-mailed orders."""
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("repair.order")
        values["alias_contact"] = "everyone"
        values["alias_defaults"] = repr(
            {"broker_id": self.id, "company_id": self.order_mail_company_id.id} if self.id else {}
        )
        return values

    def _alias_get_error(self, message, message_dict, alias):
        """Only the broker's sender addresses reach its alias; others are bounced."""
        error = super()._alias_get_error(message, message_dict, alias)
        if error or alias != self.alias_id:
            return error
        sender = email_normalize(message_dict.get("email_from") or "")
        if not order_mail.sender_allowed(self.order_mail_sender_addresses, sender):
            _logger.info(
                "Order e-mail to %s from %s refused: not a sender of the claims broker %s",
                alias.display_name,
                sender,
                self.code,
            )
            return AliasError(
                "ig_soom_dra_sender", _("not a sender address of the claims broker %s", self.name)
            )
        return False

    def _order_mail_pattern_message(self, error):
        """The German (user's language) message of an unusable subject pattern."""
        messages = {
            "empty": _("Enter the subject pattern of the order e-mail."),
            "too_long": _("The subject pattern is too long: at most %s characters.", error.detail),
            "invalid": _("The subject pattern is no valid regular expression: %s", error.detail),
            "nested": _(
                "The subject pattern repeats a group that itself repeats or has "
                "alternatives, such as (a+)+ or (a|b)*: such a pattern can take very long "
                "on a crafted subject. Write it without the nested repetition."
            ),
            "no_number": _(
                "The subject pattern needs the group (?P<number>…) for the order number."
            ),
            "unknown_group": _(
                "The subject pattern may only have the groups (?P<number>…) and "
                "(?P<plate>…), not %s.",
                error.detail,
            ),
        }
        return _(
            "Claims broker %(broker)s: %(message)s",
            broker=self.name,
            message=messages[error.code],
        )

    def _order_mail_subject(self, subject):
        """The order number and plate the subject of an order e-mail names, or ``None``."""
        self.ensure_one()
        return order_mail.parse_subject(self.order_mail_subject_pattern, subject)

    def _order_mail_sender_allowed(self, email_from):
        """Whether ``email_from`` (an address as a header gives it) is a sender of the broker."""
        self.ensure_one()
        return order_mail.sender_allowed(
            self.order_mail_sender_addresses, email_normalize(email_from or "")
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_repair_orders(self):
        """Open the orders placed by this broker."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("broker_id", "=", self.id)]
        action["context"] = {"default_broker_id": self.id}
        return action
