# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DraImportCandidate(models.TransientModel):
    """A contact offered for one party of the DRA file, with its score."""

    _name = "dra.import.candidate"
    _description = "DRA Takeover Assistant: Candidate Contact"
    _order = "sequence, score desc, id"

    party_id = fields.Many2one("dra.import.party", required=True, ondelete="cascade")
    sequence = fields.Integer()
    partner_id = fields.Many2one("res.partner", string="Contact", required=True, readonly=True)
    score = fields.Float(
        digits=(3, 0), readonly=True, help="Similarity to the file's party, 0-100."
    )
    same_name_zip = fields.Boolean(
        string="Same Name and Postcode",
        readonly=True,
    )
    # read with the user's rights: a candidate shows only a contact the user may read
    partner_number = fields.Integer(related="partner_id.id", string="Number", related_sudo=False)
    partner_name = fields.Char(related="partner_id.name", string="Name", related_sudo=False)
    first_name = fields.Char(compute="_compute_first_name")
    street = fields.Char(related="partner_id.street", related_sudo=False)
    zip = fields.Char(related="partner_id.zip", related_sudo=False)
    city = fields.Char(related="partner_id.city", related_sudo=False)
    phone = fields.Char(related="partner_id.phone", related_sudo=False)
    mobile = fields.Char(related="partner_id.mobile", related_sudo=False)
    is_chosen = fields.Boolean(compute="_compute_is_chosen")

    @api.depends("partner_id.name", "partner_id.is_company")
    def _compute_first_name(self):
        for candidate in self:
            tokens = (candidate.partner_id.name or "").split()
            is_person = not candidate.partner_id.is_company and len(tokens) > 1
            candidate.first_name = " ".join(tokens[:-1]) if is_person else False

    @api.depends("party_id.partner_id")
    def _compute_is_chosen(self):
        for candidate in self:
            candidate.is_chosen = candidate.partner_id == candidate.party_id.partner_id

    def action_assign(self):
        """Assign this contact to the party (status green)."""
        self.ensure_one()
        return self.party_id._assign(self.partner_id)
