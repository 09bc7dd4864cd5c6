# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from pathlib import Path

from odoo.tests import Form, new_test_user

#: The project's own DRA sample files (repository folder sample_files/).
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_files"


def sample_bytes(name):
    """Bytes of a DRA sample file of the project."""
    return (SAMPLE_DIR / name).read_bytes()


def order_documents(order):
    """The documents attached to a repair order (not its binary fields)."""
    return order.env["ir.attachment"].search(
        [("res_model", "=", order._name), ("res_id", "=", order.id), ("res_field", "=", False)]
    )


class IgSoomCommonMixin:
    """Shared records of the addon's tests: the IG broker and two users."""

    @classmethod
    def _setup_ig_soom(cls):
        # messages are asserted in English; the German test sets its language
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.broker_ig = cls.env.ref("ig_soom_dra.broker_innovation_group")
        cls.user_workshop = new_test_user(
            cls.env,
            login="ig_workshop_user",
            groups="ig_soom_dra.group_ig_soom_user",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="ig_workshop_manager",
            groups="ig_soom_dra.group_ig_soom_manager",
        )

    def _start_wizard(self, data, filename="KSR.xml", user=None):
        """Open the assistant as a user would: choose the file, press Next.

        The file field's widget writes the file name into ``dra_filename``,
        which the view shows read-only.
        """
        env = self.env(user=user) if user else self.env
        with Form(env["dra.import.wizard"]) as form:
            form.dra_file = base64.b64encode(data)
        wizard = form.record
        wizard.dra_filename = filename
        wizard.action_next()
        return wizard
