# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Nothing the damage reports show stays English in a German database.

Three checks, whatever language the test database was built with:

- every term Odoo exports from the addon (code strings, field labels and
  helps, selection labels, view and page texts, e-mail templates, data
  records) has a German translation in ``i18n/de.po``: a new string that is
  not exported and translated fails here;
- in German, every label and selection choice of the addon's fields (also of
  its assistants) reads German: a label still equal to an English term that
  de.po translates differently was never translated at run time;
- the e-mails to the customer, the workshop and the broker are written in
  German for a German addressee (subject and body).
"""

from odoo.addons.ig_soom_dra.tests import test_i18n_german
from odoo.tests import tagged

LANG = test_i18n_german.LANG


@tagged("post_install", "-at_install")
class TestDamageReportGerman(test_i18n_german.TestGermanEverywhere):
    """The checks of ig_soom_dra's German, on this addon's terms and fields,
    and its e-mails."""

    module = "workshop_damage_report"
    #: Odoo runs only the methods a class defines itself, unless told so.
    allow_inherited_tests_method = True

    def test_mail_templates_are_german(self):
        templates = self.env["mail.template"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", self.module), ("model", "=", "mail.template")])
            .mapped("res_id")
        )
        self.assertTrue(templates, "the addon ships no e-mail template")
        for template in templates:
            english = template.with_context(lang="en_US")
            german = template.with_context(lang=LANG)
            with self.subTest(template=template.name):
                self.assertEqual(german.subject, self.german[english.subject])
                self.assertNotEqual(german.body_html, english.body_html)
