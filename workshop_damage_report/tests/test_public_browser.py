# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The app's JavaScript in a browser at a phone's width: a photo chosen on
the phone is compressed, uploaded with progress and shown as done, and sent
again when the connection drops; a form
is signed on the signature pad."""

from odoo.tests import tagged

from .public_common import PublicCase

UPLOAD_A_PHOTO = """
const canvas = document.createElement("canvas");
canvas.width = 3000;
canvas.height = 1500;
const context = canvas.getContext("2d");
context.fillStyle = "#c33";
context.fillRect(0, 0, 3000, 1500);
canvas.toBlob((blob) => {
    const file = new File([blob], "corner.png", {type: "image/png"});
    const input = document.querySelector('.dr-card[data-category="front_left"] .dr-file');
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", {bubbles: true}));
    const check = setInterval(() => {
        const item = document.querySelector("#dr-queue li");
        const thumb = document.querySelector('.dr-card[data-category="front_left"] .dr-thumbs li');
        if (item && item.dataset.state === "done" && thumb) {
            clearInterval(check);
            console.log("test successful");
        } else if (item && item.dataset.state === "failed") {
            clearInterval(check);
            console.error("upload failed: " + item.textContent);
        }
    }, 100);
}, "image/png");
"""

CUT_THE_FIRST_UPLOAD = """
const realSend = XMLHttpRequest.prototype.send;
window.drCut = 0;
XMLHttpRequest.prototype.send = function (body) {
    if (!window.drCut) {
        window.drCut = 1;
        setTimeout(() => this.onerror(), 10);
        return;
    }
    return realSend.call(this, body);
};
"""

SIGN_A_FORM = """
const section = document.querySelector(".dr-sign");
const canvas = section.querySelector(".dr-pad");
const box = canvas.getBoundingClientRect();
const at = (x, y) => ({
    clientX: box.left + x, clientY: box.top + y, buttons: 1, pointerId: 1,
    isPrimary: true, pressure: 0.5, bubbles: true,
});
canvas.dispatchEvent(new PointerEvent("pointerdown", at(20, 20)));
for (let step = 1; step <= 20; step++) {
    canvas.dispatchEvent(new PointerEvent("pointermove", at(20 + step * 12, 20 + step * 5)));
}
canvas.dispatchEvent(new PointerEvent("pointerup", at(260, 120)));
section.querySelector(".dr-pad-sign").click();
const check = setInterval(() => {
    const done = section.querySelector(".dr-signed");
    const error = section.querySelector(".dr-sign-error");
    if (done && !done.hidden) {
        clearInterval(check);
        console.log("test successful");
    } else if (error && !error.hidden) {
        clearInterval(check);
        console.error("signing failed: " + error.textContent);
    }
}, 100);
"""


@tagged("post_install", "-at_install")
class TestPublicBrowser(PublicCase):
    browser_size = "360x740"

    def test_a_photo_is_compressed_and_uploaded(self):
        self.browser_js(
            f"{self.base(self.report)}/photos",
            UPLOAD_A_PHOTO,
            ready="document.readyState === 'complete'",
            timeout=60,
        )
        photo = self.report.photo_ids
        self.assertEqual(len(photo), 1)
        self.assertEqual(photo.category, "front_left")
        self.assertEqual((photo.width, photo.height), (2048, 1024), "compressed on the phone")

    def test_an_upload_cut_off_is_sent_again(self):
        self.browser_js(
            f"{self.base(self.report)}/photos",
            CUT_THE_FIRST_UPLOAD
            + UPLOAD_A_PHOTO.replace(
                'console.log("test successful")',
                'if (window.drCut) { console.log("test successful"); }',
            ),
            ready="document.readyState === 'complete'",
            timeout=60,
        )
        self.assertEqual(len(self.report.photo_ids), 1, "sent once, after the cut")

    def test_a_form_is_signed_on_the_pad(self):
        self.browser_js(
            f"{self.base(self.report)}/forms",
            SIGN_A_FORM,
            ready="document.readyState === 'complete'",
            timeout=60,
        )
        signed = self.report.signed_form_ids
        self.assertEqual(len(signed), 1)
        self.assertEqual(signed.signer_name, "Anna Secret")
