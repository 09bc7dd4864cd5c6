# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..core.dra import DraError
from .common import IgSoomCommonMixin, sample_bytes

NS = 'xmlns="urn:ksr:dra:1"'
ORDER = "<Auftrag><AuftragsNr>4711</AuftragsNr></Auftrag>"
BAD_FILES = {
    "empty": b"",
    "not_xml": b"%PDF-1.4 this is not xml",
    "truncated": f'<?xml version="1.0"?><DRA {NS} Version="1.0"><Auftrag><AuftragsNr>47'.encode(),
    "dtd": f'<?xml version="1.0"?><!DOCTYPE DRA><DRA {NS} Version="1.0">{ORDER}</DRA>'.encode(),
    "billion_laughs": (
        '<?xml version="1.0"?><!DOCTYPE DRA [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<DRA {NS} Version="1.0"><Auftrag><AuftragsNr>&b;</AuftragsNr></Auftrag></DRA>'
    ).encode(),
    "external_entity": (
        '<?xml version="1.0"?><!DOCTYPE DRA [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<DRA {NS} Version="1.0"><Auftrag><AuftragsNr>&x;</AuftragsNr></Auftrag></DRA>'
    ).encode(),
    "wrong_root": f'<?xml version="1.0"?><Order {NS}>{ORDER}</Order>'.encode(),
    "unsupported_version": f'<?xml version="1.0"?><DRA {NS} Version="2.0">{ORDER}</DRA>'.encode(),
    "missing_order_number": (
        f'<?xml version="1.0"?><DRA {NS} Version="1.0"><Auftrag><PolicenNr>1</PolicenNr>'
        "</Auftrag></DRA>"
    ).encode(),
    "bad_encoding": (
        f'<?xml version="1.0" encoding="UTF-8"?><DRA {NS} Version="1.0"><Auftrag>'
        "<AuftragsNr>4711</AuftragsNr><Bemerkung>M\xfcller</Bemerkung></Auftrag></DRA>"
    ).encode("latin-1"),
    "too_deep": f'<DRA {NS} Version="1.0">'.encode() + b"<a>" * 1_000_000,
    "too_complex": (
        f'<DRA {NS} Version="1.0">{ORDER}<Notiz '.encode()
        + b" ".join(b'a%d="x"' % number for number in range(300_000))
        + b"/></DRA>"
    ),
    "invalid_base64": (
        f'<?xml version="1.0"?><DRA {NS} Version="1.0">{ORDER}<Anhaenge>'
        '<Anhang Typ="Bild" Dateiname="kaputt.jpg" MimeType="image/jpeg">'
        "<Inhalt>@@@ not base64 @@@</Inhalt></Anhang></Anhaenge></DRA>"
    ).encode(),
}


@tagged("post_install", "-at_install")
class TestDraImportBadFiles(IgSoomCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()

    def _counts(self):
        return (
            self.env["repair.order"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["fleet.vehicle"].with_context(active_test=False).search_count([]),
        )

    def _assert_refused(self, data, expected):
        counts = self._counts()
        wizard = self._start_wizard(data, "KSR.xml")
        self.assertEqual(wizard.step, "preview")
        self.assertFalse(wizard.loaded)
        self.assertIn(expected, wizard.error_message)
        self.assertFalse(wizard.party_ids or wizard.attachment_ids)
        self.assertEqual(wizard.preview_mark, "missing")
        self.assertFalse(wizard.can_confirm)
        self.assertEqual(self._counts(), counts)
        return wizard

    def test_every_bad_file_is_refused_with_a_reason(self):
        expected = {
            "empty": "empty",
            "not_xml": "not an XML file",
            "truncated": "incomplete",
            "dtd": "DTD",
            "billion_laughs": "DTD",
            "external_entity": "DTD",
            "wrong_root": "not a DRA file",
            "unsupported_version": "2.0",
            "missing_order_number": "AuftragsNr",
            "invalid_base64": "kaputt.jpg",
            "bad_encoding": "not valid in its declared encoding UTF-8 (line 1)",
            "too_deep": "more than 32 levels deep",
            "too_complex": "more attributes in one element than the 32 allowed",
        }
        for case, data in BAD_FILES.items():
            with self.subTest(case=case):
                self._assert_refused(data, expected[case])

    def test_file_over_the_size_limit_is_refused(self):
        data = sample_bytes("KSR202019374.xml") + b" " * (1024 * 1024)
        upload = self.env["dra.import.wizard"]._store_upload("KSR.xml", data)
        self.env["ir.config_parameter"].set_param("ig_soom_dra.max_file_size_mb", "1")
        counts = self._counts()
        with self.assertRaisesRegex(UserError, "1 MB"):
            self.env["dra.import.wizard"]._store_upload("KSR.xml", data)
        # an upload made under a higher limit is refused by its size, before it is read
        wizard = self.env["dra.import.wizard"].create({"dra_attachment_id": upload.id})
        with patch.object(type(upload), "_compute_raw", side_effect=AssertionError("read")):
            wizard.action_next()
        self.assertFalse(wizard.loaded)
        self.assertIn("1 MB", wizard.error_message)
        self.assertEqual(self._counts(), counts)

    def test_message_is_german_for_a_german_user(self):
        self.env.ref("base.lang_de").active = True
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["ig_soom_dra"], ["de_DE"], overwrite=True)
        wizard = self._start_wizard(BAD_FILES["empty"], "KSR.xml")
        german = wizard.with_context(lang="de_DE")._error_text(DraError("empty", "Empty."))
        self.assertEqual(german, "Die Datei ist leer.")
        self.assertTrue(wizard.error_message)

    def test_choosing_a_good_file_after_a_bad_one_loads_it(self):
        wizard = self._assert_refused(BAD_FILES["not_xml"], "not an XML file")
        wizard.dra_attachment_id = wizard._store_upload(
            "KSR202019374.xml", sample_bytes("KSR202019374.xml")
        )
        wizard.action_next()
        self.assertEqual(wizard.dra_filename, "KSR202019374.xml")
        self.assertTrue(wizard.loaded)
        self.assertFalse(wizard.error_message)
        self.assertEqual(wizard.broker_order_ref, "202019374")
