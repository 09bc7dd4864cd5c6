# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user


class WorkshopCommonMixin:
    """Users, a broker and a report of the workshop's side."""

    @classmethod
    def _setup_workshop(cls):
        cls.company = cls.env.company
        cls.company.partner_id.write(
            {
                "email": "werkstatt@example.com",
                "tz": "Europe/Berlin",
                "country_id": cls.env.ref("base.de").id,
            }
        )
        cls.user_workshop = new_test_user(
            cls.env,
            login="dr_workshop",
            email="meister@example.com",
            tz="Europe/Berlin",
            groups="base.group_user,workshop_damage_report.group_damage_report_user",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="dr_manager",
            email="chef@example.com",
            groups="base.group_user,workshop_damage_report.group_damage_report_manager",
        )
        cls.broker = cls.env["dra.broker"].create({"name": "Schadenlotse", "code": "SLT"})
        cls.report = cls.env["damage.report"].create(
            {
                "user_id": cls.user_workshop.id,
                "customer_name": "Erika Mustermann",
                "customer_email": "erika@example.com",
                "customer_phone": "0176 4547794",
                "license_plate": "S-EM 123",
                "broker_id": cls.broker.id,
            }
        )

    def _mails_to(self, email=None, partner=None):
        domain = [("model", "=", "damage.report")]
        if email:
            domain.append(("email_to", "ilike", email))
        if partner:
            domain.append(("recipient_ids", "in", partner.ids))
        return self.env["mail.mail"].search(domain)
