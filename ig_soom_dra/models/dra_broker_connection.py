# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..core import portal

#: The longest "Test Connection" waits for the portal, in seconds.
TEST_DEADLINE = 5.0


class DraBrokerConnection(models.Model):
    """The connection of one company to the portal of one claims broker.

    Like an ``edi.backend`` of OCA's ``edi_oca``: the adapter that speaks the
    portal's protocol (``core/portal.py``; SOOM today), the address and the
    workshop's credentials, and the limits of a request. The credentials
    are readable by administrators only; every workshop user can have the
    client built from them (:meth:`_portal_client`) without seeing them.
    """

    _name = "dra.broker.connection"
    _description = "Broker Portal Connection"
    _inherit = ["mail.thread"]
    _order = "broker_id, company_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    broker_id = fields.Many2one(
        "dra.broker",
        string="Claims Broker",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    adapter = fields.Selection(
        selection="_selection_adapter",
        string="Portal",
        required=True,
        default="soom",
        tracking=True,
        help="The protocol of the broker's portal.",
    )
    base_url = fields.Char(
        string="Base URL",
        groups="base.group_system",
        tracking=True,
        help="Address of the portal, e.g. https://soom.example.com (plain http:// only "
        "for a stand-in on this machine).",
    )
    username = fields.Char(string="User Name", groups="base.group_system", tracking=True)
    password = fields.Char(groups="base.group_system", copy=False)
    timeout = fields.Float(
        string="Timeout (s)",
        default=10.0,
        help="Seconds to wait for a connection and for each answer of the portal.",
    )
    retries = fields.Integer(
        default=3, help="How many times a failed request is repeated within the deadline."
    )
    backoff = fields.Float(
        string="Backoff (s)",
        default=0.5,
        help="Seconds before the first repetition; doubled for each further one.",
    )
    deadline = fields.Float(
        string="Deadline (s)",
        default=15.0,
        help="The longest a button press waits for the portal, retries included.",
    )
    parts_service_email = fields.Char(
        string="Parts Service E-mail",
        help="Address of the broker's parts service: the parts order form is sent there.",
    )
    customer_number = fields.Char(
        string="Workshop Customer No.",
        help="The workshop's customer number with the claims broker (and its parts "
        "service); printed on the parts order form.",
    )

    _sql_constraints = [
        (
            "broker_company_uniq",
            "unique(broker_id, company_id)",
            "A claims broker has one portal connection per company.",
        ),
    ]

    @api.model
    def _selection_adapter(self):
        return [(adapter.key, adapter.label) for adapter in portal.adapters()]

    @api.depends("broker_id.name", "company_id.name")
    def _compute_name(self):
        for connection in self:
            connection.name = " – ".join(
                filter(None, [connection.broker_id.name, connection.company_id.name])
            )

    @api.constrains("timeout", "retries", "backoff", "deadline")
    def _check_limits(self):
        for connection in self:
            if connection.timeout <= 0 or connection.deadline <= 0:
                raise ValidationError(_("Timeout and deadline must be more than 0 seconds."))
            if connection.retries < 0 or connection.backoff < 0:
                raise ValidationError(_("Retries and backoff must not be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalise_base_url(vals, vals.get("adapter") or "soom")
        return super().create(vals_list)

    def write(self, vals):
        self._normalise_base_url(vals, vals.get("adapter") or self[:1].adapter or "soom")
        if "password" in vals:
            for connection in self:
                connection._message_log(body=_("The password was changed."))
        return super().write(vals)

    @api.model
    def _normalise_base_url(self, vals, adapter_key):
        """Check the base URL of ``vals`` with the adapter, and store it normalised."""
        if not vals.get("base_url"):
            return
        client = portal.get_adapter(adapter_key).client
        try:
            vals["base_url"] = client.validate_base_url(vals["base_url"])
        except ValueError as error:
            raise ValidationError(
                _(
                    "The base URL of the portal is not valid: it must start with https:// "
                    "(plain http:// only for a stand-in on this machine) and contain no "
                    "user name, password, query or fragment.\n(%s)",
                    error,
                )
            ) from error

    # ------------------------------------------------------------------
    # Use
    # ------------------------------------------------------------------

    @api.model
    def _find(self, broker, company):
        """The active connection of ``broker`` for ``company``, as the user may see it.

        Raises ``UserError`` when there is none: the user learns whom to ask.
        """
        connection = self.search(
            [("broker_id", "=", broker.id), ("company_id", "=", company.id)], limit=1
        )
        if not connection:
            raise UserError(
                _(
                    "There is no portal connection of %(broker)s for %(company)s. Ask your "
                    "administrator to set it up under Repairs > Configuration > Portal "
                    "Connections.",
                    broker=broker.display_name or _("the claims broker"),
                    company=company.display_name,
                )
            )
        return connection

    def _portal_client(self, deadline=None):
        """The adapter's client, built from this connection, for one button press.

        The credentials are read with superuser rights, so that every user
        who may see the connection can use it without reading them. Raises
        ``UserError`` when the connection is incomplete or invalid.

        :param deadline: seconds the press may take at most, when shorter
            than the connection's deadline; then no request is repeated.
        """
        self.ensure_one()
        self.check_access("read")
        connection = self.sudo()
        if not (connection.base_url and connection.username and connection.password):
            raise UserError(
                _(
                    "The portal connection %s is not complete: base URL, user name or "
                    "password are missing. Ask your administrator to enter them.",
                    connection.display_name,
                )
            )
        adapter = portal.get_adapter(connection.adapter)
        try:
            return adapter.client(
                connection.base_url,
                connection.username,
                connection.password,
                timeout=min(connection.timeout, deadline or connection.timeout),
                retries=0 if deadline else connection.retries,
                backoff=connection.backoff,
                deadline=min(connection.deadline, deadline or connection.deadline),
            )
        except ValueError as error:
            raise UserError(
                _(
                    "The settings of the portal connection %(connection)s are not valid. "
                    "Ask your administrator to check them.\n(%(error)s)",
                    connection=connection.display_name,
                    error=error,
                )
            ) from error

    def action_test_connection(self):
        """Verbindung testen: ask the portal for the new orders, with a short deadline.

        The request reads and changes nothing in the portal; it is logged
        like every exchange. Says in a notification what worked or failed.
        """
        self.ensure_one()
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(_("Only administrators can test a portal connection."))
        client = self._portal_client(deadline=TEST_DEADLINE)
        try:
            with client:
                orders = self.env["soom.transmission"]._exchange(
                    self, "test", False, client.list_new_orders, summary=_("Connection test")
                )
        except portal.PortalError as error:
            return self._test_notification(
                "danger", _("Connection test failed"), self._test_failure_message(error)
            )
        return self._test_notification(
            "success",
            _("Connection works"),
            _(
                "The portal %(url)s answered and accepted the user name and password; it "
                "lists %(count)s new orders.",
                url=self.sudo().base_url,
                count=len(orders),
            ),
        )

    def _test_failure_message(self, error):
        """What a failed connection test tells the administrator, per error code."""
        self.ensure_one()
        url = self.sudo().base_url
        messages = {
            "unauthorized": _(
                "The portal %s was reached, but it refused the user name or password.", url
            ),
            "timeout": _(
                "The portal %(url)s did not answer within %(seconds)s seconds.",
                url=url,
                seconds=int(min(self.deadline, TEST_DEADLINE)),
            ),
            "connection": _(
                "The portal %s could not be reached: check the base URL and the internet "
                "connection of the server.",
                url,
            ),
            "server": _("The portal %s was reached, but it reported an error of its own.", url),
            "client": _(
                "The portal %s was reached, but it refused the request: check the base URL.",
                url,
            ),
            "bad_response": _(
                "Something answered at %s, but not as the portal does: check the base URL.", url
            ),
        }
        if error.status:
            return _(
                "%(message)s (HTTP status %(status)s)",
                message=messages[error.code],
                status=error.status,
            )
        return messages[error.code]

    def _test_notification(self, kind, title, message):
        """The notification that shows the result of a connection test."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": kind,
                "title": title,
                "message": message,
                "sticky": kind == "danger",
            },
        }

    @api.model
    def _migrate_system_parameters(self):
        """Move the SOOM connection of version 1 (system parameters) onto the
        Innovation Group broker, for the company the broker belongs to (or
        the main company), and delete the parameters. Returns the connection
        made or completed, or an empty recordset when there was nothing to move.
        """
        params = self.env["ir.config_parameter"].sudo()
        prefix = "ig_soom_dra."
        keys = {
            "base_url": "soom_base_url",
            "username": "soom_username",
            "password": "soom_password",
            "timeout": "soom_timeout",
            "retries": "soom_retries",
            "backoff": "soom_backoff",
            "parts_service_email": "parts_service_email",
        }
        found = params.search([("key", "in", [prefix + key for key in keys.values()])])
        stored = {param.key[len(prefix) :]: param.value for param in found}
        broker = self.env.ref("ig_soom_dra.broker_innovation_group", raise_if_not_found=False)
        if not broker or not any(stored.values()):
            found.unlink()
            return self.browse()
        converters = {"timeout": float, "retries": int, "backoff": float}
        values = {}
        for name, key in keys.items():
            value = (stored.get(key) or "").strip()
            if not value:
                continue
            try:
                values[name] = converters.get(name, str)(value)
            except ValueError:
                continue
        company = broker.company_id or self.env.ref("base.main_company")
        connection = self.sudo().with_context(active_test=False)
        connection = connection.search(
            [("broker_id", "=", broker.id), ("company_id", "=", company.id)], limit=1
        )
        if connection:
            connection.write(values)
        else:
            connection = self.sudo().create(
                {**values, "broker_id": broker.id, "company_id": company.id}
            )
        found.unlink()
        return connection
