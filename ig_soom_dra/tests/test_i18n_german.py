# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Nothing the addon shows stays English in a German database.

Two checks, whatever language the test database was built with:

- every term Odoo exports from the addon (code strings, field labels and
  helps, selection labels, view texts, data records) has a German
  translation in ``i18n/de.po``: a new string that is not exported and
  translated fails here;
- in German, every label and selection choice of the addon's fields (also
  of its assistants, whose choices may be copied from other fields) reads
  German: a label still equal to an English term that de.po translates
  differently was never translated at run time.
"""

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

MODULE = "ig_soom_dra"
LANG = "de_DE"


@tagged("post_install", "-at_install")
class TestGermanEverywhere(TransactionCase):
    #: The addon whose terms are checked (workshop_damage_report checks its own
    #: with a subclass).
    module = MODULE

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms([cls.module], [LANG], overwrite=True)
        catalogue = polib.pofile(file_path(f"{cls.module}/i18n/de.po"))
        cls.german = {entry.msgid: entry.msgstr for entry in catalogue if not entry.obsolete}
        #: English terms that German says differently: seen in German, they are a gap.
        cls.english_only = {
            msgid for msgid, msgstr in cls.german.items() if msgstr and msgstr != msgid
        }

    def test_every_exported_term_is_translated(self):
        exported = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, modules=[self.module]
            )
            if module == self.module
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
                if field._module == self.module:
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


@tagged("post_install", "-at_install")
class TestNoInstallNotes(TransactionCase):
    def test_data_records_have_no_note_frozen_at_install(self):
        """A note logged while the module installs keeps the install's mixed language
        ("Claims Broker erstellt"): the addon's own records log none."""
        broker = self.env.ref("ig_soom_dra.broker_innovation_group")
        self.assertFalse(broker.message_ids)
        connection = self.env.ref(
            "ig_soom_dra.connection_innovation_group_demo", raise_if_not_found=False
        )
        if connection:
            self.assertFalse(connection.message_ids)
