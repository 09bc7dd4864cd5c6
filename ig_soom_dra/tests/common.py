# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from pathlib import Path

from odoo.tests import Form, new_test_user

#: The credentials of the SOOM stand-in in the tests, and every other password
#: the tests configure. They are distinctive, so that the test command can find
#: them: it fails when a log of the run holds one (tests/secrets_in_logs.py).
SOOM_USER = "werkstatt-soom"
SOOM_PASSWORD = "Soom-Kennwort-7c41e9"
CONNECTION_PASSWORD = "Passw0rt-der-Werkstatt-4711"
SECOND_COMPANY_PASSWORD = "Geheim-Zweigstelle-93d1"
VERSION_1_PASSWORD = "Alt-Geheim-Parameter-5b07"
#: The password of the connection that tests/odoo_data_check.py seeds (backup, upgrade).
BACKUP_PASSWORD = "Backup-Kennwort-e21f"
TEST_SECRETS = (
    SOOM_PASSWORD,
    CONNECTION_PASSWORD,
    SECOND_COMPANY_PASSWORD,
    VERSION_1_PASSWORD,
    BACKUP_PASSWORD,
)

#: The DRA files of the tests, inside the addon: the project's sample files
#: (``sample_files/generate.py`` writes both folders, a pure test keeps them equal).
SAMPLE_DIR = Path(__file__).resolve().parent / "data"


def sample_bytes(name):
    """Bytes of a DRA sample file of the tests."""
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

    @classmethod
    def _ig_connection(cls, **values):
        """The IG portal connection of the test company (the demo data has one), with ``values``."""
        Connection = cls.env["dra.broker.connection"].with_context(active_test=False)
        connection = Connection.search(
            [("broker_id", "=", cls.broker_ig.id), ("company_id", "=", cls.env.company.id)]
        )
        if not connection:
            connection = Connection.create(
                {"broker_id": cls.broker_ig.id, "company_id": cls.env.company.id}
            )
        connection.write({"active": True, **values})
        return connection

    def _start_wizard(self, data, filename="KSR.xml", user=None):
        """Open the assistant as a user would: choose the file, press Next.

        The file field's widget uploads the file (``/ig_soom_dra/dra_upload``
        stores it with ``_store_upload``) and sets the attachment.
        """
        env = self.env(user=user) if user else self.env
        Wizard = env["dra.import.wizard"]
        with Form(Wizard) as form:
            form.dra_attachment_id = Wizard._store_upload(filename, data)
        wizard = form.record
        wizard.action_next()
        return wizard
