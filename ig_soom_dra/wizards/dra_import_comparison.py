# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

#: Compared fields of the file (``matching.compare``) -> the contact's data they
#: update: the name covers the first name, the street its house number.
UPDATE_TARGETS = {
    "name": "name",
    "first_name": "name",
    "street": "street",
    "house_number": "street",
    "zip": "zip",
    "city": "city",
    "phone": "phone",
    "fax": "fax",
    "email": "email",
}


class DraImportComparison(models.TransientModel):
    """One field of a party of the DRA file beside the chosen contact
    ("Adressprüfung/-auswahl"), and whether the file's value goes onto it."""

    _name = "dra.import.comparison"
    _description = "DRA Takeover Assistant: Compared Field"
    _order = "sequence, id"

    party_id = fields.Many2one("dra.import.party", required=True, ondelete="cascade")
    sequence = fields.Integer()
    field_key = fields.Char(required=True, readonly=True)
    label = fields.Char(string="Field", compute="_compute_label")
    imported = fields.Char(string="From the File", readonly=True)
    existing = fields.Char(string="On the Contact", readonly=True)
    verdict = fields.Selection(
        [("equal", "equal"), ("different", "different"), ("empty", "")],
        readonly=True,
    )
    target = fields.Char(readonly=True, help="The contact's data that this line updates.")
    lead = fields.Boolean(
        readonly=True,
        help="First value of the file that differs for its target: the line holds the choice.",
    )
    can_apply = fields.Boolean(
        compute="_compute_can_apply",
        help="The file's value can be written onto the assigned contact.",
    )
    apply = fields.Boolean(
        string="Update Contact",
        help="Write the file's value onto the contact at the takeover.",
    )

    def _compute_label(self):
        labels = {
            "name": _("Name"),
            "first_name": _("First Name"),
            "street": _("Street"),
            "house_number": _("House No."),
            "zip": _("Postcode"),
            "city": _("Town"),
            "phone": _("Phone"),
            "fax": _("Fax"),
            "email": _("Email"),
        }
        for line in self:
            line.label = labels.get(line.field_key, line.field_key)

    @api.depends("lead", "party_id.partner_id", "party_id.resolution")
    def _compute_can_apply(self):
        for line in self:
            party = line.party_id
            line.can_apply = bool(
                line.lead and party.partner_id and party.resolution in ("auto", "assigned")
            )
