# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.addons.ig_soom_dra.core import matching
from odoo.exceptions import UserError
from odoo.tools import escape_psql

from ..core.customer import normalize_plate

#: States in which a report can become a repair order.
ORDER_STATES = ("reported", "appointment_proposed", "appointment_confirmed", "order_created")
#: Most candidate contacts shown to the user.
SHOWN_CANDIDATES = 10
#: The report's cover -> the repair order's cover (ig_soom_dra).
COVER_TO_ORDER = {"liability": "liability", "comprehensive": "full"}


class DamageReportOrderWizard(models.TransientModel):
    """Reparaturauftrag anlegen: the repair order of a damage report, with
    the customer matched among the contacts as the DRA import does it.

    Green (the contact exists) and red (no such contact) need no choice:
    the order is made at once. Orange (similar contacts) opens this
    assistant, where the user picks a candidate or creates a new contact.
    """

    _name = "damage.report.order.wizard"
    _description = "Repair Order from a Damage Report"

    report_id = fields.Many2one("damage.report", required=True, ondelete="cascade")
    match_status = fields.Selection(
        [("green", "Exists"), ("orange", "Similar"), ("red", "Missing")], readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Matched Contact", readonly=True)
    candidate_ids = fields.One2many(
        "damage.report.order.candidate", "wizard_id", string="Similar Contacts"
    )
    customer_display = fields.Char(string="Customer of the Report", compute="_compute_displays")
    vehicle_note = fields.Char(string="Vehicle", compute="_compute_displays")

    @api.depends("report_id")
    def _compute_displays(self):
        for wizard in self:
            report = wizard.report_id
            street = report.customer_street
            town = " ".join(filter(None, [report.customer_zip, report.customer_city]))
            wizard.customer_display = ", ".join(
                filter(
                    None,
                    [
                        report.customer_name,
                        street,
                        town,
                        report.customer_phone,
                        report.customer_email,
                    ],
                )
            )
            wizard.vehicle_note = wizard._vehicle_plan()

    # ------------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------------

    @api.model
    def _start(self, report):
        """The repair order of ``report``: linked when the report has one
        (requested from that order), else made for the matched contact; or
        the assistant, when the user has to choose the contact."""
        report.ensure_one()
        if report.state not in ORDER_STATES:
            raise UserError(_("Only a reported damage report can become a repair order."))
        wizard = self.create({"report_id": report.id})
        if report.repair_order_id:
            return wizard._make_order(report.repair_order_id.partner_id)
        wizard._match()
        if wizard.match_status == "green":
            return wizard._make_order(wizard.partner_id)
        if wizard.match_status == "red":
            return wizard._make_order(self.env["res.partner"])
        return wizard._get_records_action(name=_("Create Repair Order"), target="new")

    # ------------------------------------------------------------------
    # Matching the customer
    # ------------------------------------------------------------------

    def _party_data(self):
        """The report's customer as the matcher's party."""
        self.ensure_one()
        report = self.report_id
        full_name = " ".join((report.customer_name or "").split())
        name, first_name = full_name, None
        if " " in full_name and not matching.is_company(matching.PartyData(name=full_name)):
            first_name, name = full_name.rsplit(" ", 1)
        return matching.PartyData(
            name=name or None,
            first_name=first_name,
            street=report.customer_street or None,
            zip=report.customer_zip or None,
            city=report.customer_city or None,
            phones=tuple(filter(None, [report.customer_phone])),
            email=report.customer_email or None,
            role="Kunde",
        )

    def _match_result(self):
        """The matcher's verdict on the report's customer, the candidate ids
        to offer and their scores."""
        self.ensure_one()
        data = self._party_data()
        company = self.report_id.company_id
        index = matching.CandidateIndex(
            self.env["res.partner"]._dra_match_candidates(matching.search_keys(data), company)
        )
        result = index.match(data)
        ranked = index.rank(data, limit=SHOWN_CANDIDATES)
        scores = {scored.candidate.id: scored.score for scored in ranked}
        shown = list(dict.fromkeys([*result.same_name_ids, *scores]))[:SHOWN_CANDIDATES]
        return result, shown, scores

    def _match(self):
        """Status and candidates of the report's customer. A contact the
        workshop set on the report (prefilled) is offered first: it is
        never replaced without the user choosing."""
        self.ensure_one()
        result, shown, scores = self._match_result()
        status = result.status.value
        prefilled = self.report_id.partner_id
        if prefilled and not (status == "green" and result.candidate_id == prefilled.id):
            status = "orange"
            shown = [prefilled.id, *(pid for pid in shown if pid != prefilled.id)]
        self.write(
            {
                "match_status": status,
                "partner_id": result.candidate_id if status == "green" else False,
                "candidate_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "partner_id": partner_id,
                            "score": scores.get(partner_id, 0.0),
                            "sequence": position,
                        }
                    )
                    for position, partner_id in enumerate(shown)
                ],
            }
        )

    def _partner_values(self):
        """A new contact made from the report's customer, in its company."""
        self.ensure_one()
        data = self._party_data()
        phones = matching.normalize_phones(data.phones)
        mobiles = [phone for phone in phones if matching.is_mobile(phone)]
        landlines = [phone for phone in phones if phone not in mobiles]
        country = self.env["res.country"].search([("code", "=", "DE")], limit=1)
        return {
            "name": matching.display_name(data),
            "is_company": matching.is_company(data, role=data.role),
            "street": data.street or False,
            "zip": matching.normalize_zip(data.zip) or data.zip or False,
            "city": data.city or False,
            "country_id": country.id or False,
            "phone": matching.format_phone(landlines[0]) if landlines else False,
            "mobile": matching.format_phone(mobiles[0]) if mobiles else False,
            "email": data.email or False,
            "company_id": self.report_id.company_id.id,
        }

    def _create_partner(self):
        """The report's customer as a new contact; matched once more under
        the lock of its identity first, so that a contact made meanwhile (by
        another report or a DRA takeover) is used instead of a second one."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        # as the DRA takeover: one maker of this contact at a time
        Partner._dra_lock_identity(*Partner._dra_identity(self._party_data()))
        result, _shown, _scores = self._match_result()
        if result.status.value == "green":
            return self.env["res.partner"].browse(result.candidate_id)
        return self.env["res.partner"].create(self._partner_values())

    def action_create_partner(self):
        """Neuen Kontakt anlegen: none of the candidates is the customer."""
        self.ensure_one()
        return self._make_order(self.env["res.partner"])

    # ------------------------------------------------------------------
    # The vehicle
    # ------------------------------------------------------------------

    def _vehicle_plan(self):
        """How the vehicle of the order is found, in words for the user."""
        report = self.report_id
        if matching.is_valid_vin(matching.normalize_vin(report.vin)):
            return _("Found by the VIN, or created from the report's data.")
        if report.license_plate and report.vehicle_make and report.vehicle_model:
            return _(
                "No valid VIN: found by the licence plate among the customer's vehicles, "
                "or created from make and model."
            )
        if report.license_plate:
            return _(
                "No valid VIN: found by the licence plate among the customer's vehicles; "
                "without make and model no vehicle is created, the order keeps the "
                "report's vehicle data."
            )
        return _("No VIN and no licence plate: the order keeps the report's vehicle data.")

    def _vehicle(self, partner):
        """The vehicle of the order: by VIN (found or created), else by
        licence plate among the customer's vehicles, else created when
        make and model are known; none otherwise."""
        self.ensure_one()
        report = self.report_id
        Vehicle = self.env["fleet.vehicle"]
        vin = matching.normalize_vin(report.vin)
        if matching.is_valid_vin(vin):
            vehicle, created = Vehicle._ig_find_or_create(
                {
                    "vin": vin,
                    "plate": report.license_plate,
                    "make": report.vehicle_make,
                    "model": report.vehicle_model,
                    "first_registration": report.first_registration,
                    "odometer": report.odometer,
                },
                report.company_id,
            )
            if created and partner:
                vehicle.driver_id = partner
            return vehicle
        plate = normalize_plate(report.license_plate).replace(" ", "")
        if not plate:
            return Vehicle
        if partner:
            known = Vehicle.search(
                [
                    "|",
                    ("driver_id", "=", partner.id),
                    ("repair_order_ids.partner_id", "=", partner.id),
                    ("company_id", "in", [False, report.company_id.id]),
                ]
            ).filtered(
                lambda vehicle: normalize_plate(vehicle.license_plate).replace(" ", "") == plate
            )
            if known:
                return known[:1]
        if not (report.vehicle_make and report.vehicle_model):
            return Vehicle
        values = {
            "model_id": Vehicle._ig_model(report.vehicle_make, report.vehicle_model).id,
            "license_plate": normalize_plate(report.license_plate),
            "driver_id": partner.id or False,
            "company_id": report.company_id.id,
        }
        if report.first_registration:
            values["acquisition_date"] = report.first_registration
        if report.odometer:
            values["odometer"] = report.odometer
        return Vehicle.create(values)

    # ------------------------------------------------------------------
    # The order
    # ------------------------------------------------------------------

    def _insurer(self):
        """The insurer's contact, when one company contact has the report's
        insurer name; none is created from a name typed by the customer."""
        name = (self.report_id.insurer_name or "").strip()
        if not name:
            return self.env["res.partner"]
        insurers = self.env["res.partner"].search(
            [("name", "=ilike", escape_psql(name)), ("is_company", "=", True)], limit=2
        )
        return insurers if len(insurers) == 1 else self.env["res.partner"]

    def _order_values(self, partner, vehicle):
        report = self.report_id
        return {
            "insurer_partner_id": self._insurer().id,
            "partner_id": partner.id,
            "vehicle_id": vehicle.id or False,
            "company_id": report.company_id.id,
            "user_id": report.user_id.id or self.env.user.id,
            "broker_id": report.broker_id.id or False,
            "cover_type": COVER_TO_ORDER.get(report.cover_type, False),
            "claim_number": report.claim_number or False,
            "damage_date": report.damage_date or False,
            "damage_description": report.damage_description or False,
            "vehicle_plate": report.license_plate or False,
            "vehicle_vin": matching.normalize_vin(report.vin) or report.vin or False,
            "vehicle_make": report.vehicle_make or False,
            "vehicle_model": report.vehicle_model or False,
            "vehicle_first_registration": report.first_registration or False,
            "vehicle_odometer": report.odometer or 0,
            "schedule_date": report.appointment_at or fields.Datetime.now(),
        }

    def _attach(self, order):
        """Copies of the report's photos (named by category) and signed PDFs
        on the order; a file the order already has is not attached again."""
        report = self.report_id
        Attachment = self.env["ir.attachment"]
        existing = set(
            Attachment.search(
                [("res_model", "=", "repair.order"), ("res_id", "=", order.id)]
            ).mapped("checksum")
        )
        categories = dict(report.photo_ids._fields["category"]._description_selection(self.env))
        values, counts = [], {}
        for photo in report.photo_ids.filtered("image_data"):
            counts[photo.category] = counts.get(photo.category, 0) + 1
            label = categories.get(photo.category, photo.category)
            values.append(
                {
                    "name": f"{report.name} {label} {counts[photo.category]}.jpg",
                    "datas": photo.image_data,
                    "mimetype": "image/jpeg",
                }
            )
        for form in report.signed_form_ids.filtered("attachment_id"):
            values.append(
                {
                    "name": form.attachment_id.name,
                    "datas": form.attachment_id.datas,
                    "mimetype": "application/pdf",
                }
            )
        new = []
        for vals in values:
            checksum = Attachment._compute_checksum(base64.b64decode(vals["datas"]))
            if checksum in existing:
                continue
            existing.add(checksum)
            new.append({**vals, "res_model": "repair.order", "res_id": order.id})
        return Attachment.create(new)

    def _make_order(self, partner):
        """Make or link the repair order for ``partner`` (a new contact from
        the report when empty), attach the files, link both ways, note it on
        both. Opens the order."""
        self.ensure_one()
        report = self.report_id
        order = report.repair_order_id
        if order:
            # requested from this order (an IG order among them): it stays as it is
            created = False
        else:
            partner = partner or self._create_partner()
            vehicle = self._vehicle(partner)
            order = self.env["repair.order"].create(self._order_values(partner, vehicle))
            created = True
        attachments = self._attach(order)
        report.write(
            {
                "repair_order_id": order.id,
                "partner_id": report.partner_id.id or order.partner_id.id,
                "vehicle_id": report.vehicle_id.id or order.vehicle_id.id,
                "state": "order_created",
            }
        )
        note = (
            _("Repair order %(order)s created (%(count)s files attached).")
            if created
            else _("Linked with the repair order %(order)s (%(count)s files attached).")
        )
        report.message_post(
            body=Markup(note) % {"order": order._get_html_link(), "count": len(attachments)},
            subtype_xmlid="mail.mt_note",
        )
        vehicle_note = self.vehicle_note if created else _("the order's vehicle, unchanged.")
        order.message_post(
            body=Markup(_("From the damage report %(report)s. Vehicle: %(vehicle)s"))
            % {"report": report._get_html_link(), "vehicle": vehicle_note},
            attachment_ids=attachments.ids,
            subtype_xmlid="mail.mt_note",
        )
        return order._get_records_action(name=_("Repair Order"))
