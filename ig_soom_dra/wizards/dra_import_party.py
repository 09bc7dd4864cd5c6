# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..core import dra, matching
from .dra_import_comparison import UPDATE_TARGETS

#: Roles of the DRA file, in the order of the address step.
ROLES = list(dra.ROLE_LABELS.items())
#: Most candidates shown to the user for one party.
SHOWN_CANDIDATES = 10


class DraImportParty(models.TransientModel):
    """One party of the DRA file in the address step of the assistant."""

    _name = "dra.import.party"
    _description = "DRA Takeover Assistant: Party"
    _order = "sequence, id"

    wizard_id = fields.Many2one("dra.import.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer()
    role = fields.Selection(ROLES, required=True, readonly=True)
    role_label = fields.Char(compute="_compute_role_label")
    given = fields.Boolean(readonly=True, help="The file has data for this party.")
    name = fields.Char(readonly=True)
    first_name = fields.Char(readonly=True)
    street = fields.Char(readonly=True)
    house_number = fields.Char(readonly=True)
    zip = fields.Char(readonly=True)
    city = fields.Char(readonly=True)
    country_code = fields.Char(readonly=True)
    phone = fields.Char(readonly=True)
    phone_type = fields.Char(readonly=True)
    fax = fields.Char(readonly=True)
    email = fields.Char(readonly=True)
    address_display = fields.Char(string="Imported Address", compute="_compute_address_display")
    identity_key = fields.Char(readonly=True)

    match_status = fields.Selection(
        [("green", "Exists"), ("orange", "Similar"), ("red", "Missing"), ("grey", "No Data")],
        readonly=True,
        help="Result of the automatic matching against the contacts.",
    )
    resolution = fields.Selection(
        [
            ("auto", "Identical contact found"),
            ("assigned", "Contact assigned"),
            ("create", "New contact from the file"),
            ("drop", "Party dropped"),
        ],
        readonly=True,
    )
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    status = fields.Selection(
        [
            ("green", "Exists"),
            ("new", "New Contact"),
            ("orange", "Similar"),
            ("red", "Missing"),
            ("dropped", "Dropped"),
            ("grey", "No Data"),
        ],
        compute="_compute_status",
        help="Green: the contact exists. New Contact: made from the file at the takeover. "
        "Similar (orange): contacts with the same name and postcode differ in first name, "
        "street or house number. Missing (red): no such contact. Dropped: left out of the "
        "order. No Data: the file has nothing for this party.",
    )
    manual_partner_id = fields.Many2one(
        "res.partner",
        string="Other Contact",
        help="Assign a contact that is not among the candidates.",
    )
    candidate_ids = fields.One2many("dra.import.candidate", "party_id", string="Candidates")
    compared_partner_id = fields.Many2one(
        "res.partner",
        string="Compared Contact",
        readonly=True,
        help="The contact beside the file's data: the assigned one, or the best candidate.",
    )
    comparison_ids = fields.One2many("dra.import.comparison", "party_id")
    partner_differs = fields.Boolean(
        compute="_compute_partner_update",
        help="The assigned contact has other data than the file: it can be updated.",
    )
    update_partner = fields.Boolean(
        string="Contact Updated",
        compute="_compute_partner_update",
        help="Values of the file are written onto the assigned contact at the takeover.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    def _compute_role_label(self):
        labels = dict(self._fields["role"]._description_selection(self.env))
        for line in self:
            line.role_label = labels.get(line.role, "")

    @api.depends("given", "street", "house_number", "zip", "city", "name", "first_name")
    def _compute_address_display(self):
        for line in self:
            street = " ".join(filter(None, [line.street, line.house_number]))
            town = " ".join(filter(None, [line.zip, line.city]))
            person = " ".join(filter(None, [line.first_name, line.name]))
            line.address_display = ", ".join(filter(None, [person, street, town]))

    @api.depends("given", "match_status", "resolution", "partner_id")
    def _compute_status(self):
        for line in self:
            if not line.given:
                line.status = "grey"
            elif line.resolution == "drop":
                line.status = "dropped"
            elif line.resolution == "create":
                line.status = "new"
            elif line.resolution in ("auto", "assigned") and line.partner_id:
                line.status = "green"
            else:
                line.status = line.match_status if line.match_status != "green" else "orange"

    @api.depends("comparison_ids.can_apply", "comparison_ids.apply")
    def _compute_partner_update(self):
        for line in self:
            choices = line.comparison_ids.filtered("can_apply")
            line.partner_differs = bool(choices)
            line.update_partner = any(choices.mapped("apply"))

    def _refresh_comparison(self):
        """Compare each party with its contact (or its best candidate), field
        by field, as lines of the comparison; the choices of updates start
        empty."""
        for line in self:
            partner = line.partner_id or line.candidate_ids[:1].partner_id
            if not line.given or line.resolution == "drop":
                partner = self.env["res.partner"]
            verdicts = (
                matching.compare(
                    line._party_data(), partner._dra_as_candidate() if partner else None
                )
                if line.given
                else ()
            )
            # the lines are kept and rewritten: one per compared field
            existing = {compared.field_key: compared for compared in line.comparison_ids}
            seen = set()
            commands = []
            for sequence, verdict in enumerate(verdicts):
                target = UPDATE_TARGETS.get(verdict.field)
                # the choice stands on the first value of the file that differs
                lead = bool(target and verdict.imported and verdict.equal is False)
                values = {
                    "sequence": sequence,
                    "field_key": verdict.field,
                    "imported": verdict.imported or False,
                    "existing": verdict.existing or False,
                    "verdict": {True: "equal", False: "different"}.get(verdict.equal, "empty"),
                    "target": target,
                    "lead": lead and target not in seen,
                    "apply": False,
                }
                if lead:
                    seen.add(target)
                kept = existing.pop(verdict.field, None)
                commands.append(Command.update(kept.id, values) if kept else Command.create(values))
            commands += [Command.delete(gone.id) for gone in existing.values()]
            line.write({"compared_partner_id": partner.id, "comparison_ids": commands})

    def write(self, vals):
        result = super().write(vals)
        if {"partner_id", "resolution", "candidate_ids", "given"} & vals.keys() and not (
            self.env.context.get("ig_soom_dra_no_comparison")
        ):
            self._refresh_comparison()
        return result

    # ------------------------------------------------------------------
    # From the file, to the matcher
    # ------------------------------------------------------------------

    @api.model
    def _values_from_dra(self, role, sequence, party):
        values = {"role": role, "sequence": sequence, "given": bool(party)}
        if not party:
            return values
        values.update(
            {
                "name": party.name,
                "first_name": party.first_name,
                "street": party.street,
                "house_number": party.house_number,
                "zip": party.zip,
                "city": party.city,
                "country_code": party.country,
                "phone": "; ".join(party.phones) or False,
                "phone_type": party.phone_type,
                "fax": "; ".join(party.faxes) or False,
                "email": party.email,
            }
        )
        data = self._party_data_from(values)
        values["identity_key"] = "|".join(
            [
                *self.env["res.partner"]._dra_identity(data),
                matching.normalize_street(data.street) or "",
                matching.normalize_house_number(data.house_number) or "",
            ]
        )
        return values

    @api.model
    def _party_data_from(self, values):
        return matching.PartyData(
            name=values.get("name") or None,
            first_name=values.get("first_name") or None,
            street=values.get("street") or None,
            house_number=values.get("house_number") or None,
            zip=values.get("zip") or None,
            city=values.get("city") or None,
            country=values.get("country_code") or "DE",
            phones=tuple(filter(None, (values.get("phone") or "").split("; "))),
            faxes=tuple(filter(None, (values.get("fax") or "").split("; "))),
            email=values.get("email") or None,
            role=values.get("role") or None,
        )

    def _party_data(self):
        self.ensure_one()
        return self._party_data_from({name: self[name] for name in self._party_field_names()})

    @api.model
    def _party_field_names(self):
        return [
            "name",
            "first_name",
            "street",
            "house_number",
            "zip",
            "city",
            "country_code",
            "phone",
            "fax",
            "email",
        ]

    def _candidate_search(self):
        """Keys of the candidate query of this party (see :func:`matching.search_keys`)."""
        self.ensure_one()
        return matching.search_keys(self._party_data())

    def _match_result(self, found=None):
        """Match this party against the contacts: ``(result, shown, scores)``.

        ``result`` is the matcher's verdict, ``shown`` the candidate ids to
        offer in order, ``scores`` their scores. ``found`` caches candidate
        indexes by query, for the parties of one file.
        """
        self.ensure_one()
        found = {} if found is None else found
        search = self._candidate_search()
        key = repr(sorted(search.items()))
        if key not in found:
            found[key] = matching.CandidateIndex(
                self.env["res.partner"]._dra_match_candidates(
                    search, self.wizard_id.company_id or self.env.company
                )
            )
        index = found[key]
        data = self._party_data()
        result = index.match(data)
        ranked = index.rank(data, limit=SHOWN_CANDIDATES)
        scores = {scored.candidate.id: scored.score for scored in ranked}
        shown = list(dict.fromkeys([*result.same_name_ids, *scores]))[:SHOWN_CANDIDATES]
        return result, shown, scores

    def _match(self):
        """Match every given party against the contacts (status and candidates)."""
        found = {}
        for line in self:
            if not line.given:
                line.write({"match_status": "grey", "resolution": False, "partner_id": False})
                continue
            result, shown, scores = line._match_result(found)
            status = result.status.value
            line.write(
                {
                    "match_status": status,
                    "resolution": "auto" if status == "green" else False,
                    "partner_id": result.candidate_id if status == "green" else False,
                    "candidate_ids": [Command.clear()]
                    + [
                        Command.create(
                            {
                                "partner_id": partner_id,
                                "score": scores.get(partner_id, 0.0),
                                "same_name_zip": partner_id in result.same_name_ids,
                                "sequence": position,
                            }
                        )
                        for position, partner_id in enumerate(shown)
                    ],
                }
            )

    # ------------------------------------------------------------------
    # Actions of the address step
    # ------------------------------------------------------------------

    def _same_identity(self, other):
        """Whether two parties of one file are the same person or company:
        same name, and postcode, street and house number equal where both
        give them (the driver often comes with a name and a phone only)."""
        mine, theirs = self.identity_key.split("|"), other.identity_key.split("|")
        return mine[0] == theirs[0] and all(
            not a or not b or a == b for a, b in zip(mine[1:], theirs[1:], strict=True)
        )

    def _twins(self):
        """Open lines of the same file with the same person or company
        (e.g. customer, registered keeper and driver)."""
        self.ensure_one()
        return self.wizard_id.party_ids.filtered(
            lambda line: (
                line != self
                and line.given
                and line.status in ("orange", "red")
                and self._same_identity(line)
            )
        )

    def _adopt_twins(self):
        """Give an open party the contact that the same person or company
        got elsewhere in the file (e.g. a driver given with name and phone
        only, who is the customer found by the address)."""
        found = self.filtered(lambda line: line.status == "green")
        for line in self.filtered(lambda line: line.status in ("orange", "red")):
            twin = found.filtered(line._same_identity)[:1]
            if twin:
                line.write({"resolution": "auto", "partner_id": twin.partner_id.id})

    def _set_resolution(self, values):
        self.ensure_one()
        (self | self._twins()).write(values)
        return self.wizard_id._reopen()

    def action_open_compare(self):
        """Open the comparison (Adressprüfung/-auswahl) of this party."""
        self.ensure_one()
        return self._get_records_action(
            name=_("DRA Takeover Assistant"),
            views=[(self.env.ref("ig_soom_dra.dra_import_party_view_form").id, "form")],
            target="new",
            context=dict(self.env.context, dialog_size="extra-large"),
        )

    def _assign(self, partner):
        return self._set_resolution({"resolution": "assigned", "partner_id": partner.id})

    def action_assign_manual(self):
        """Assign the contact chosen by hand."""
        self.ensure_one()
        if not self.manual_partner_id:
            raise UserError(_("Choose the contact to assign first."))
        return self._assign(self.manual_partner_id)

    def action_create_partner(self):
        """Create a new contact from the file's data (at the takeover)."""
        return self._set_resolution({"resolution": "create", "partner_id": False})

    def action_drop(self):
        """Leave this party out of the order."""
        self.ensure_one()
        self.write({"resolution": "drop", "partner_id": False})
        return self.wizard_id._reopen()

    def action_offer_update(self):
        """Kontakt aktualisieren: choose every value of the file that differs
        from the assigned contact, and open the comparison, where the user
        unticks what the contact keeps."""
        self.ensure_one()
        self.comparison_ids.filtered("can_apply").apply = True
        return self.action_open_compare()

    def action_reset(self):
        """Undo the user's choice: back to the automatic matching."""
        self.ensure_one()
        self._match()
        return self.wizard_id._reopen()

    def action_back_to_wizard(self):
        self.ensure_one()
        return self.wizard_id._reopen()

    # ------------------------------------------------------------------
    # Takeover
    # ------------------------------------------------------------------

    def _partner_values(self):
        """Values of a new contact made from this party of the file, in the order's company."""
        self.ensure_one()
        data = self._party_data()
        phones = matching.normalize_phones(data.phones)
        mobiles = [phone for phone in phones if matching.is_mobile(phone)]
        landlines = [phone for phone in phones if phone not in mobiles]
        faxes = matching.normalize_phones(data.faxes)
        country = self.env["res.country"].search(
            [("code", "=", (data.country or "DE").upper())], limit=1
        )
        return {
            "name": matching.display_name(data),
            "is_company": matching.is_company(data, role=self.role),
            "street": " ".join(filter(None, [data.street, data.house_number])) or False,
            "zip": matching.normalize_zip(data.zip) or data.zip or False,
            "city": data.city or False,
            "country_id": country.id or False,
            "phone": matching.format_phone(landlines[0]) if landlines else False,
            "mobile": matching.format_phone(mobiles[0]) if mobiles else False,
            "fax": matching.format_phone(faxes[0]) if faxes else False,
            "email": data.email or False,
            "company_id": self.wizard_id.company_id.id,
        }

    def _lock_identity(self):
        """Serialise the creation of a contact with this party's identity
        (normalised name and postcode) across concurrent takeovers.

        The row of the identity in ``ig_soom_dra_partner_identity`` is
        upserted: a concurrent takeover creating the same contact holds it
        until it commits; then, or when that happened after this
        transaction's snapshot, PostgreSQL raises a serialisation failure and
        Odoo runs the request again, in a transaction that sees the new
        contact. A transaction-level advisory lock could not tell that its
        snapshot is older than the other's commit. The identity is kept as a
        hash, never as a name; old rows are deleted (:meth:`_gc_identity_locks`).
        """
        self.ensure_one()
        name_tokens, zip_code = self.identity_key.split("|")[:2]
        self.env["res.partner"]._dra_lock_identity(name_tokens, zip_code)

    @api.autovacuum
    def _gc_identity_locks(self):
        """Forget identity locks older than a day: they matter only while two
        takeovers run at the same moment."""
        self.env.cr.execute(
            """
            DELETE FROM ig_soom_dra_partner_identity
             WHERE locked_at < now() at time zone 'UTC' - interval '1 day'
            """
        )

    def _partner_found_meanwhile(self):
        """Match a party to be created again, just before its contact is made.

        Returns the contact that now matches exactly (another takeover or a
        user made it since the file was loaded), or raises
        :class:`AddressesChanged` when a contact with the same name and
        postcode appeared that the user was not offered when deciding.
        """
        self.ensure_one()
        result, _shown, _scores = self._match_result()
        if result.status.value == "green":
            return self.env["res.partner"].browse(result.candidate_id)
        offered = self.candidate_ids.partner_id
        appeared = self.env["res.partner"].browse(result.same_name_ids) - offered
        if appeared:
            raise AddressesChanged(self, appeared)
        return self.env["res.partner"]

    def _resolve_partners(self):
        """Contact per role for the order; creates the new ones, each once.

        A party to be created is matched again under the lock of its
        identity: the contact another takeover made meanwhile is used
        instead of a second one. Returns ``(partners by role, created
        contacts)``.
        """
        partners, created, made = {}, self.env["res.partner"], []
        creating = self.filtered(lambda line: line.given and line.resolution == "create")
        # the identities locked in one order, so that two takeovers never wait on each other
        for line in creating.sorted("identity_key"):
            line._lock_identity()
        # the line with the most data first, so that its contact is the one made
        creating = creating.sorted(lambda line: -len(line.identity_key.replace("|", "")))
        for line in creating:
            partner = next((p for other, p in made if line._same_identity(other)), None)
            if not partner:
                partner = line._partner_found_meanwhile()
                if not partner:
                    partner = self.env["res.partner"].create(line._partner_values())
                    created |= partner
                made.append((line, partner))
            partners[line.role] = partner
        for line in self.filtered("given"):
            if line.resolution not in ("drop", "create") and line.partner_id:
                partners[line.role] = line.partner_id
        roles = self.sorted("sequence").mapped("role")
        return {role: partners[role] for role in roles if role in partners}, created

    def _partner_update_values(self):
        """Values of the file chosen to be written onto the assigned contact."""
        self.ensure_one()
        chosen = self.comparison_ids.filtered(lambda line: line.can_apply and line.apply)
        targets = set(chosen.mapped("target"))
        if not targets:
            return {}
        values = self._partner_values()
        fields_of = {"phone": ("phone", "mobile")}
        return {
            name: values[name]
            for target in targets
            for name in fields_of.get(target, (target,))
            if values.get(name)
        }

    def _apply_partner_updates(self, order):
        """Write the chosen values of the file onto the assigned contacts, each
        contact once, and note on each what changed and from which file."""
        updates = {}
        assigned = self.filtered(
            lambda line: line.resolution in ("auto", "assigned") and line.partner_id
        )
        for line in assigned:
            values = line._partner_update_values()
            if values:
                updates.setdefault(line.partner_id, {}).update(values)
        for partner, values in updates.items():
            changed = {name: value for name, value in values.items() if partner[name] != value}
            if not changed:
                continue
            changes = [
                {
                    "label": partner._fields[name]._description_string(self.env),
                    "old": partner[name] or "",
                    "new": value,
                }
                for name, value in changed.items()
            ]
            partner.write(changed)
            partner.message_post_with_source(
                "ig_soom_dra.dra_partner_updated_note",
                render_values={
                    "changes": changes,
                    "file_name": self.wizard_id[:1].dra_filename,
                    "order": order,
                },
                subtype_xmlid="mail.mt_note",
            )


class AddressesChanged(Exception):
    """Contacts with a party's name and postcode appeared after the file was loaded."""

    def __init__(self, line, partners):
        super().__init__(line.role)
        self.line = line
        self.partners = partners
