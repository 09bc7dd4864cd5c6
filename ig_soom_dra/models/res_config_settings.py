# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core.soom import SoomClient, validate_base_url

PARAM_BASE_URL = "ig_soom_dra.soom_base_url"
PARAM_USERNAME = "ig_soom_dra.soom_username"
PARAM_PASSWORD = "ig_soom_dra.soom_password"
PARAM_TIMEOUT = "ig_soom_dra.soom_timeout"
PARAM_RETRIES = "ig_soom_dra.soom_retries"
PARAM_BACKOFF = "ig_soom_dra.soom_backoff"
DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5


class ResConfigSettings(models.TransientModel):
    """Settings of the SOOM connection and of IG's parts service."""

    _inherit = "res.config.settings"

    ig_soom_base_url = fields.Char(
        string="SOOM Base URL",
        config_parameter=PARAM_BASE_URL,
        groups="base.group_system",
        help="Address of the SOOM portal, e.g. https://soom.example.com",
    )
    ig_soom_username = fields.Char(
        string="SOOM User Name",
        config_parameter=PARAM_USERNAME,
        groups="base.group_system",
    )
    ig_soom_password = fields.Char(
        string="SOOM Password",
        config_parameter=PARAM_PASSWORD,
        groups="base.group_system",
    )
    ig_parts_service_email = fields.Char(
        string="Parts Service E-mail",
        config_parameter="ig_soom_dra.parts_service_email",
        help="E-mail address of Innovation Group's parts service (parts order form).",
    )

    @api.constrains("ig_soom_base_url")
    def _check_ig_soom_base_url(self):
        for settings in self:
            if not settings.ig_soom_base_url:
                continue
            try:
                validate_base_url(settings.ig_soom_base_url)
            except ValueError as error:
                raise ValidationError(
                    _(
                        "The SOOM base URL is not valid: it must start with https:// "
                        "(plain http:// only for a SOOM stand-in on this machine) and "
                        "contain no user name, password, query or fragment.\n(%s)",
                        error,
                    )
                ) from error

    def set_values(self):
        if self.env.user.has_group("base.group_system") and self.ig_soom_base_url:
            self.ig_soom_base_url = validate_base_url(self.ig_soom_base_url)
        return super().set_values()

    @api.model
    def _ig_soom_base_url(self):
        """SOOM's base URL from the settings; ``UserError`` when it is not set."""
        base_url = self.env["ir.config_parameter"].sudo().get_param(PARAM_BASE_URL)
        if not base_url:
            raise UserError(
                _(
                    "The SOOM link is not set up. Ask your administrator to enter it "
                    "in the settings."
                )
            )
        return base_url

    @api.model
    def _ig_soom_client(self):
        """A :class:`SoomClient` built from the settings.

        The settings are read with superuser rights, so that every workshop
        user can send, while only administrators can read the credentials.
        Raises ``UserError`` when the link is not set up or its settings are
        not valid.
        """
        params = self.env["ir.config_parameter"].sudo()
        base_url = self._ig_soom_base_url()
        username = params.get_param(PARAM_USERNAME)
        password = params.get_param(PARAM_PASSWORD)
        if not username or not password:
            raise UserError(
                _(
                    "The SOOM user name or password is missing. Ask your administrator "
                    "to enter them in the settings."
                )
            )
        try:
            return SoomClient(
                base_url,
                username,
                password,
                timeout=float(params.get_param(PARAM_TIMEOUT, DEFAULT_TIMEOUT)),
                retries=int(params.get_param(PARAM_RETRIES, DEFAULT_RETRIES)),
                backoff=float(params.get_param(PARAM_BACKOFF, DEFAULT_BACKOFF)),
            )
        except ValueError as error:
            raise UserError(
                _(
                    "The SOOM settings are not valid. Ask your administrator to check them.\n(%s)",
                    error,
                )
            ) from error
