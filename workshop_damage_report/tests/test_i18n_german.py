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

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

MODULE = "workshop_damage_report"
LANG = "de_DE"


@tagged("post_install", "-at_install")
class TestDamageReportGerman(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms([MODULE], [LANG], overwrite=True)
        catalogue = polib.pofile(file_path(f"{MODULE}/i18n/de.po"))
        cls.german = {entry.msgid: entry.msgstr for entry in catalogue if not entry.obsolete}
        #: English terms that German says differently: seen in German, they are a gap.
        cls.english_only = {
            msgid for msgid, msgstr in cls.german.items() if msgstr and msgstr != msgid
        }

    def test_every_exported_term_is_translated(self):
        exported = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, modules=[MODULE]
            )
            if module == MODULE
        }
        self.assertTrue(exported, "Odoo exported no term of the addon")
        missing = sorted(source for source in exported if not self.german.get(source))
        self.assertFalse(
            missing,
            "Terms without German translation in i18n/de.po (export the .pot again and "
            f"translate): {missing}",
        )

    def _addon_fields(self):
        for model_name in sorted(self.env.registry):
            for field in self.env[model_name]._fields.values():
                if field._module == MODULE:
                    yield field

    def test_field_labels_and_choices_read_german(self):
        env = self.env(context=dict(self.env.context, lang=LANG))
        fields = list(self._addon_fields())
        self.assertTrue(fields, "the addon defines no field")
        english = []
        for field in fields:
            texts = [field._description_string(env)]
            if field.type == "selection":
                texts += [label for _value, label in field._description_selection(env)]
            english += [
                f"{field.model_name}.{field.name}: {text!r}"
                for text in texts
                if text in self.english_only
            ]
        self.assertFalse(english, f"Shown in English in a German database: {english}")

    def test_mail_templates_are_german(self):
        templates = self.env["mail.template"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", MODULE), ("model", "=", "mail.template")])
            .mapped("res_id")
        )
        self.assertTrue(templates, "the addon ships no e-mail template")
        for template in templates:
            english = template.with_context(lang="en_US")
            german = template.with_context(lang=LANG)
            with self.subTest(template=template.name):
                self.assertEqual(german.subject, self.german[english.subject])
                self.assertNotEqual(german.body_html, english.body_html)
