# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the tests of the forms, consents and sending share: a workshop, a
report the customer filled in, a drawn signature and a photo."""

import io

from PIL import Image, ImageDraw
from pypdf import PdfReader


def signature_png(width=600, height=200):
    """A signature as the signature pad draws it: a stroke on transparent."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line(
        [(20, height - 40), (width // 3, 30), (width // 2, height - 50), (width - 30, 40)],
        fill=(20, 20, 90, 255),
        width=6,
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def photo_jpeg():
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (150, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def pdf_text(data):
    """The text of every page of a PDF, words separated by single spaces."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


class FormsCommonMixin:
    """Class set-up: the workshop's company, a report with the customer's
    data, the two current forms."""

    @classmethod
    def _setup_forms(cls):
        cls.company = cls.env.company
        cls.company.write(
            {
                "name": "Karosserie Muster GmbH",
                "street": "Werkstattweg 7",
                "zip": "80939",
                "city": "München",
                "email": "service@karosserie-muster.example",
                "phone": "+49 89 1234567",
            }
        )
        cls.company.partner_id.tz = "Europe/Berlin"
        cls.Template = cls.env["damage.report.form.template"]
        cls.rku = cls.env.ref("workshop_damage_report.form_template_rku_2024_01")
        cls.agreement = cls.env.ref("workshop_damage_report.form_template_service_agreement_1_0")
        cls.report = cls.env["damage.report"].create(cls._report_values())

    @classmethod
    def _report_values(cls, **values):
        return {
            "company_id": cls.company.id,
            "state": "link_sent",
            "customer_name": "Erika Mustermann",
            "customer_phone": "+49 170 1234567",
            "customer_email": "erika.mustermann@example.com",
            "license_plate": "M-EM 4711",
            "vin": "WVWZZZ1KZAW000001",
            "insurer_name": "Beispiel Versicherung AG",
            "claim_number": "KS-2026-0815",
            "cover_type": "liability",
            "damage_description": "Kratzer und Delle an der Fahrertür",
            **values,
        }

    def _complete(self, report):
        """Everything the customer gives before sending: a photo, the
        consents, both forms signed."""
        report._add_photo("damage_close", photo_jpeg())
        report._record_consents(True, True, False, False)
        for template in self.Template._current_forms(report.company_id):
            report._sign_form(template, report.customer_name, signature_png())
