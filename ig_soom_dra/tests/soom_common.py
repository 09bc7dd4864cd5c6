# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import socket
import time
from urllib.parse import urlsplit

from odoo.tests.common import _super_send

from ..core.soom import SoomClient, to_soom_payload
from .common import SAMPLE_DIR, SOOM_PASSWORD, SOOM_USER, IgSoomCommonMixin
from .soom_standin import SoomStandIn

#: SOOM case id of the sample file KSR202019374.xml.
CASE_374 = "1a941996-cc76-438c-8692-1f96eb89668d"


def closed_port():
    """A local TCP port on which nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SoomStandInMixin(IgSoomCommonMixin):
    """Tests against the SOOM stand-in, started once per class on a free port."""

    @classmethod
    def _setup_soom(cls):
        cls._start_soom_standin()
        cls.customer = cls.env["res.partner"].create({"name": "Gertrud Müller"})
        cls.order = cls.env["repair.order"].create(
            {
                "partner_id": cls.customer.id,
                "broker_id": cls.broker_ig.id,
                "broker_order_ref": "202019374",
                "soom_case_id": CASE_374,
                "workshop_status": "kv",
            }
        )

    @classmethod
    def _start_soom_standin(cls):
        """Start the stand-in and point the IG connection at it (no order yet).

        The exchange log is written in transactions of its own
        (``registry.cursor()``): in test mode those share the test's
        transaction, as in Odoo's HTTP tests.
        """
        cls._setup_ig_soom()
        if not cls.registry.in_test_mode():
            cls.registry.enter_test_mode(cls.cr)
            cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.standin = SoomStandIn(
            SAMPLE_DIR, host="127.0.0.1", port=0, user=SOOM_USER, password=SOOM_PASSWORD
        )
        cls.standin.start()
        cls.addClassCleanup(cls.standin.stop)
        cls._set_soom_connection(cls.standin.base_url)

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        """Keep the short timeouts of requests to the stand-in (Odoo's tests raise them to 10 s)."""
        if urlsplit(request.url).hostname == "127.0.0.1":
            return _super_send(session, request, **kwargs)
        return super()._request_handler(session, request, **kwargs)

    @classmethod
    def _set_soom_connection(cls, base_url, timeout=5, retries=0, deadline=15):
        """The IG connection of the test company, pointed at ``base_url``."""
        cls.connection = cls._ig_connection(
            base_url=base_url,
            username=SOOM_USER,
            password=SOOM_PASSWORD,
            timeout=timeout,
            retries=retries,
            backoff=0,
            deadline=deadline,
        )
        return cls.connection

    def setUp(self):
        super().setUp()
        self.standin.reset()
        with self._client() as client:
            client.accept_order(CASE_374)

    def _client(self):
        return SoomClient(self.standin.base_url, SOOM_USER, SOOM_PASSWORD, timeout=5, retries=0)

    def _soom_values(self):
        """The values the stand-in holds for the order's case, with SOOM's field names."""
        with self._client() as client:
            return to_soom_payload(client.get_status(CASE_374))

    def _applied(self):
        return [entry for entry in self.standin.received() if entry["outcome"] == "applied"]

    def _wait_for_received(self, count, seconds=10):
        """Wait until the stand-in logged ``count`` status updates (a slow one ends late)."""
        deadline = time.monotonic() + seconds
        while len(self.standin.received()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.standin.received()
