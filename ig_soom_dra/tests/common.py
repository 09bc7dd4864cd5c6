# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user


class IgSoomCommonMixin:
    """Shared records of the addon's tests: the IG broker and two users."""

    @classmethod
    def _setup_ig_soom(cls):
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
