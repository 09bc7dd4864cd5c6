# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import zipfile

from odoo.tests import HttpCase, new_test_user, tagged

from .test_workshop_link import _jpeg
from .workshop_common import WorkshopCommonMixin


@tagged("post_install", "-at_install")
class TestWorkshopPhotosZip(WorkshopCommonMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_workshop()
        for category in ("front_left", "damage_close", "damage_close"):
            cls.report._add_photo(category, _jpeg())
        company_b = cls.env["res.company"].create({"name": "Karosserie Zweigstelle"})
        new_test_user(
            cls.env,
            login="dr_branch_zip",
            password="dr_branch_zip",
            company_id=company_b.id,
            company_ids=[company_b.id],
            groups="base.group_user,workshop_damage_report.group_damage_report_user",
        )
        new_test_user(
            cls.env, login="dr_plain_zip", password="dr_plain_zip", groups="base.group_user"
        )
        cls.user_workshop.password = "dr_workshop"

    def _url(self):
        return self.report.action_download_photos()["url"]

    def test_zip_of_the_photos(self):
        self.authenticate("dr_workshop", "dr_workshop")
        response = self.url_open(self._url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            names = archive.namelist()
            self.assertEqual(len(names), 3)
            self.assertEqual(len(set(names)), 3)
            for name in names:
                self.assertTrue(name.endswith(".jpg"))
                self.assertEqual(archive.read(name)[:2], b"\xff\xd8")

    def test_no_zip_for_another_company_or_a_plain_user(self):
        for login in ("dr_branch_zip", "dr_plain_zip"):
            self.authenticate(login, login)
            response = self.url_open(self._url())
            self.assertEqual(response.status_code, 403, login)

    def test_no_zip_without_login(self):
        self.authenticate(None, None)
        response = self.url_open(self._url(), allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)

    def test_export_download(self):
        self.authenticate("dr_workshop", "dr_workshop")
        response = self.url_open((self.report.action_export_xlsx())["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK")
