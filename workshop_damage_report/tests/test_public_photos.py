# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Photos the customer uploads: checked, re-encoded, counted, size-limited."""

import base64
import io
from unittest.mock import patch

from PIL import Image

from odoo.tests import tagged
from odoo.tools import mute_logger

from ..core import photos
from .public_common import PublicCase, jpeg, png_bomb


@tagged("post_install", "-at_install")
class TestPublicPhotos(PublicCase):
    def test_a_good_photo_is_stored_upright_without_exif(self):
        response = self.upload(self.report, jpeg(300, 200, orientation=6, gps=True), "damage_close")
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        photo = self.report.photo_ids
        self.assertEqual(answer["id"], photo.id)
        self.assertEqual(answer["category"], "damage_close")
        self.assertEqual(photo.category, "damage_close")
        with Image.open(io.BytesIO(base64.b64decode(photo.image_data))) as image:
            self.assertEqual(image.format, "JPEG")
            self.assertEqual(image.size, (200, 300), "turned upright")
            self.assertFalse(image.getexif(), "no EXIF: no GPS position")
        thumbnail = self.url_open(answer["url"])
        self.assertEqual(thumbnail.status_code, 200)
        self.assertEqual(thumbnail.headers["Content-Type"], "image/jpeg")

    def test_an_unknown_category_is_stored_as_other(self):
        response = self.upload(self.report, jpeg(), "../../etc")
        self.assertEqual(response.json()["category"], "other")

    def test_not_an_image_is_refused(self):
        response = self.upload(self.report, b"%PDF-1.7 not a photo", name="bill.pdf")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.json()["error"])
        self.assertFalse(self.report.photo_ids)

    def test_a_decompression_bomb_is_refused(self):
        data = png_bomb()
        self.assertLess(len(data), 200_000)
        response = self.upload(self.report, data, name="bomb.png")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.json()["error"])
        self.assertFalse(self.report.photo_ids)

    def test_too_many_photos_are_refused(self):
        self.company.damage_report_max_photos = 2
        for _index in range(2):
            self.assertEqual(self.upload(self.report, jpeg()).status_code, 200)
        response = self.upload(self.report, jpeg())
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.json()["error"])
        self.assertEqual(len(self.report.photo_ids), 2)

    def test_a_too_large_photo_is_refused_by_its_size(self):
        big = jpeg(600, 600) + b"\0" * 20_000
        with patch.object(photos, "MAX_BYTES", 10_000):
            response = self.upload(self.report, big)
            self.assertEqual(response.status_code, 413)
            self.assertTrue(response.json()["error"])
            # a request larger than the limit and its envelope: refused before it is read
            with mute_logger("odoo.http", "werkzeug"):
                huge = self.upload(self.report, b"\0" * 200_000)
            self.assertEqual(huge.status_code, 413)
        self.assertFalse(self.report.photo_ids)

    def test_the_customer_removes_an_own_photo(self):
        photo_id = self.upload(self.report, jpeg()).json()["id"]
        token = self.csrf(f"{self.base(self.report)}/photos")
        response = self.url_open(
            f"{self.base(self.report)}/photo/{photo_id}/delete", data={"csrf_token": token}
        )
        self.assertEqual(response.json(), {"id": photo_id, "deleted": True})
        self.assertFalse(self.report.photo_ids)

    def test_the_photos_step_lists_requested_categories_first(self):
        self.report.requested_categories = "odometer,vin_plate"
        page = self.url_open(f"{self.base(self.report)}/photos").text
        self.assertIn('id="dr-requested"', page)
        self.assertLess(
            page.index('data-category="odometer"'), page.index('data-category="front_left"')
        )
        self.assertLess(
            page.index('data-category="vin_plate"'), page.index('data-category="front_left"')
        )
