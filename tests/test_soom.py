"""Tests of the SOOM client (``ig_soom_dra.core.soom``) against the stand-in server, without Odoo.

Every test starts its own stand-in (``ig_soom_dra.tests.soom_standin``) on a
free port of 127.0.0.1 and talks to it over real HTTP. Backoff waits are
recorded instead of slept, and timeouts are short, so the file runs in a few
seconds.
"""

import io
import json
import socket
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from urllib3.response import HTTPResponse

from ig_soom_dra.core import portal
from ig_soom_dra.core.dra import parse_dra
from ig_soom_dra.core.portal import (
    ERROR_CODES,
    LOCAL_TIMEZONE,
    MILESTONES,
    PortalClient,
    PortalError,
)
from ig_soom_dra.core.soom import (
    SOOM_FIELDS,
    SoomClient,
    SoomError,
    from_soom_payload,
    portal_url,
    to_soom_payload,
    validate_base_url,
)
from ig_soom_dra.tests import soom_standin
from ig_soom_dra.tests.soom_standin import SoomStandIn

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_files"
ORDER_NUMBERS = ["202019362", "202019374", "202019753", "202019900"]
CASE_362 = "7c0e4f53-2a4b-4f0e-9d0c-5b1d1c7a0362"
CASE_374 = "1a941996-cc76-438c-8692-1f96eb89668d"
# Short enough for a fast file, long enough for a loaded machine.
TIMEOUT = 0.3
SLOW = 0.8

VALUES = {
    "call_time": datetime(2018, 3, 1, 9, 30, tzinfo=LOCAL_TIMEZONE),
    "customer_reached": True,
    "inspection_at": datetime(2018, 3, 5, 8, 0, tzinfo=timezone.utc),
    "release_date": date(2018, 3, 7),
    "repair_end_expected": datetime(2018, 4, 3, 16, 0, tzinfo=LOCAL_TIMEZONE),
    "courtesy_car_class": " Gruppe A ",
    "internal_notes": "Kundin vormittags erreichbar",
}
PAYLOAD = {
    "Anrufzeitpunkt": "2018-03-01T09:30:00+01:00",
    "KundeErreicht": True,
    "Besichtigungstermin": "2018-03-05T09:00:00+01:00",
    "Freigabedatum": "2018-03-07",
    "ErwartetesReparaturende": "2018-04-03T16:00:00+02:00",
    "Leihfahrzeugtyp": "Gruppe A",
    "InterneNotizen": "Kundin vormittags erreichbar",
}


@pytest.fixture
def standin():
    with SoomStandIn(SAMPLES) as server:
        yield server


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def make_client(standin, sleeps):
    clients = []

    def make(**options):
        settings = {
            "timeout": 2.0,
            "retries": 3,
            "backoff": 0.5,
            "sleep": sleeps.append,
            **options,
        }
        client = SoomClient(
            settings.pop("base_url", standin.base_url),
            settings.pop("username", "soom"),
            settings.pop("password", "soom"),
            **settings,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client):
    return make_client()


def wait_for(predicate, seconds=5.0):
    """Poll ``predicate`` until it is true; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "the stand-in did not get there in time"
        time.sleep(0.02)


def free_port():
    """A port of 127.0.0.1 on which nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------
# Orders
# --------------------------------------------------------------------------


def test_list_new_orders_seeded_from_the_samples(client):
    orders = client.list_new_orders()

    assert [order.order_number for order in orders] == ORDER_NUMBERS
    assert {order.status for order in orders} == {"new"}
    by_number = {order.order_number: order for order in orders}
    for path in SAMPLES.glob("*.xml"):
        document = parse_dra(path.read_bytes())
        order = by_number[document.order.order_number]
        if document.order.soom_case_id:
            assert order.case_id == document.order.soom_case_id
        assert order.plate == document.vehicle.plate
        assert order.order_kind == document.order.order_kind
    order = by_number["202019374"]
    assert order.case_id == CASE_374
    assert order.placed_at == datetime(2018, 3, 2, 14, 54, tzinfo=LOCAL_TIMEZONE)
    assert order.customer_name == "Gertrud Müller"
    assert by_number["202019753"].placed_at is None
    assert by_number["202019753"].customer_name == "Smith Justin"


def test_find_order_whatever_its_status(client):
    assert client.find_order("202019362").case_id == CASE_362
    assert client.find_order("202019362").status == "new"
    client.accept_order(CASE_362)
    assert client.find_order("202019362").status == "accepted"
    assert client.find_order("999999999") is None
    with pytest.raises(ValueError):
        client.find_order(" ")


def test_accept_order(client):
    order = client.accept_order(CASE_362)

    assert (order.order_number, order.status) == ("202019362", "accepted")
    assert client.accept_order(CASE_362).status == "accepted"
    assert CASE_362 not in {order.case_id for order in client.list_new_orders()}


def test_decline_order(client):
    order = client.decline_order(CASE_374, "  Keine Kapazität  ")

    assert order.status == "declined"
    assert len(client.list_new_orders()) == 3
    with pytest.raises(SoomError) as error:
        client.accept_order(CASE_374)
    assert (error.value.code, error.value.status) == ("client", 409)
    assert error.value.reason == "wrong_state"
    assert "the order was declined" in str(error.value)
    with pytest.raises(ValueError, match="reason"):
        client.decline_order(CASE_362, " ")


def test_download_dra_returns_the_file_unchanged(client):
    for order in client.list_new_orders():
        client.accept_order(order.case_id)
        expected = (SAMPLES / f"KSR{order.order_number}.xml").read_bytes()
        assert client.download_dra(order.case_id) == expected


def test_download_dra_refused_before_acceptance_and_over_size(client):
    with pytest.raises(SoomError) as error:
        client.download_dra(CASE_362)
    assert (error.value.code, error.value.status) == ("client", 409)
    client.accept_order(CASE_362)
    with pytest.raises(SoomError) as error:
        client.download_dra(CASE_362, max_size=1000)
    assert error.value.code == "bad_response"


def test_unknown_case_is_a_client_error(client):
    with pytest.raises(SoomError) as error:
        client.get_status("no-such-case")
    assert (error.value.code, error.value.status, error.value.reason) == (
        "client",
        404,
        "unknown_case",
    )
    assert "no order with case id" in str(error.value)


# --------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------


def test_send_status_lands_with_exactly_the_sent_values(standin, client, sleeps):
    client.accept_order(CASE_362)

    echoed = client.send_status(CASE_362, VALUES, idempotency_key="tx-1")

    assert echoed == from_soom_payload(PAYLOAD)
    assert client.get_status(CASE_362) == echoed
    [entry] = standin.received()
    assert entry["values"] == PAYLOAD
    assert (entry["case_id"], entry["idempotency_key"]) == (CASE_362, "tx-1")
    assert (entry["outcome"], entry["http_status"]) == ("applied", 200)
    assert sleeps == []


def test_send_status_merges_and_clears_fields(client):
    client.accept_order(CASE_362)
    client.send_status(CASE_362, {"customer_reached": False, "internal_notes": "a"})

    stored = client.send_status(CASE_362, {"repair_start": VALUES["call_time"]})
    assert stored == {
        "customer_reached": False,
        "internal_notes": "a",
        "repair_start": VALUES["call_time"],
    }
    assert client.send_status(CASE_362, {"internal_notes": None})["internal_notes"] is None


def test_send_status_to_an_order_not_accepted_is_refused(standin, client):
    with pytest.raises(SoomError) as error:
        client.send_status(CASE_362, {"customer_reached": True})

    assert (error.value.code, error.value.status) == ("client", 409)
    assert [entry["outcome"] for entry in standin.received()] == ["rejected"]


def test_invalid_values_are_refused_before_sending(standin, client):
    client.accept_order(CASE_362)
    for values in ({}, {"parts_ordered": VALUES["call_time"]}, {"nonsense": 1}):
        with pytest.raises(ValueError):
            client.send_status(CASE_362, values)
    with pytest.raises(ValueError, match="idempotency key"):
        client.send_status(CASE_362, {"customer_reached": True}, idempotency_key="a b")
    assert standin.received() == []


def test_server_error_then_success_is_retried(standin, client, sleeps):
    client.accept_order(CASE_362)
    standin.set_mode("error500", count=2)

    echoed = client.send_status(CASE_362, VALUES, idempotency_key="tx-1")

    assert echoed == from_soom_payload(PAYLOAD)
    assert sleeps == [0.5, 1.0]
    outcomes = [(entry["http_status"], entry["outcome"]) for entry in standin.received()]
    assert outcomes == [(500, "rejected"), (500, "rejected"), (200, "applied")]


def test_persistent_server_error_gives_up_and_nothing_is_stored(standin, make_client, sleeps):
    client = make_client(retries=2)
    client.accept_order(CASE_362)
    standin.set_mode("error500")

    with pytest.raises(SoomError) as error:
        client.send_status(CASE_362, VALUES, idempotency_key="tx-1")

    assert (error.value.code, error.value.status) == ("server", 500)
    assert "after 3 attempts" in str(error.value)
    assert sleeps == [0.5, 1.0]
    assert {entry["outcome"] for entry in standin.received()} == {"rejected"}
    standin.set_mode("normal")
    assert client.get_status(CASE_362) == {}


def test_timeout_of_a_read_is_retried_then_reported(standin, make_client, sleeps):
    client = make_client(timeout=TIMEOUT, retries=1)
    standin.set_mode("slow", delay=SLOW)

    with pytest.raises(SoomError) as error:
        client.list_new_orders()

    assert (error.value.code, error.value.status) == ("timeout", None)
    assert sleeps == [0.5]
    assert isinstance(error.value.__cause__, requests.exceptions.Timeout)


def test_timeout_of_an_update_without_key_is_not_retried(standin, make_client, sleeps):
    client = make_client(timeout=TIMEOUT)
    client.accept_order(CASE_362)
    standin.set_mode("slow", count=1, delay=SLOW)

    with pytest.raises(SoomError) as error:
        client.send_status(CASE_362, VALUES)

    assert error.value.code == "timeout"
    assert sleeps == []


def test_timeout_of_an_update_with_key_is_retried_and_applied_once(standin, make_client, sleeps):
    client = make_client(timeout=TIMEOUT)
    client.accept_order(CASE_362)
    standin.set_mode("slow", count=1, delay=SLOW)

    echoed = client.send_status(CASE_362, VALUES, idempotency_key="tx-7")

    assert echoed == from_soom_payload(PAYLOAD)
    assert sleeps == [0.5]
    wait_for(lambda: len(standin.received()) == 2)
    outcomes = sorted(entry["outcome"] for entry in standin.received())
    assert outcomes == ["applied", "replayed"]


def test_all_attempts_end_within_the_deadline(standin, make_client):
    client = make_client(timeout=TIMEOUT, retries=5, backoff=0.05, sleep=time.sleep, deadline=0.8)
    standin.set_mode("slow", delay=3 * SLOW)
    started = time.monotonic()

    with pytest.raises(SoomError) as error:
        client.list_new_orders()

    elapsed = time.monotonic() - started
    assert error.value.code == "timeout"
    # three attempts of 0.3 s do not fit into 0.8 s: the last one waits what is left
    assert elapsed < 0.8 + 0.4
    assert elapsed >= 0.7


def test_no_retry_when_the_wait_would_pass_the_deadline(standin, make_client, sleeps):
    client = make_client(retries=3, backoff=5.0, deadline=2.0)
    client.accept_order(CASE_362)
    standin.set_mode("error500")

    with pytest.raises(SoomError) as error:
        client.send_status(CASE_362, VALUES, idempotency_key="tx-1")

    assert error.value.code == "server"
    assert sleeps == []
    assert len(standin.received()) == 1


def test_nothing_is_sent_once_the_deadline_has_passed(standin, make_client):
    now = [100.0]
    client = make_client(deadline=15.0, clock=lambda: now[0])
    client.accept_order(CASE_362)
    now[0] += 15.0

    with pytest.raises(SoomError) as error:
        client.send_status(CASE_362, VALUES, idempotency_key="tx-1")

    assert error.value.code == "timeout"
    assert "deadline of 15 s" in str(error.value)
    assert standin.received() == []


def test_soom_is_a_registered_portal_adapter(client):
    adapter = portal.get_adapter("soom")
    assert adapter.client is SoomClient
    assert adapter in portal.adapters()
    assert isinstance(client, PortalClient)
    assert client.case_url(CASE_362) == portal_url(client.base_url, CASE_362)
    assert client.status_body(VALUES) == PAYLOAD
    with pytest.raises(ValueError):
        client.status_body({})
    with pytest.raises(ValueError):
        portal.get_adapter("gateway")
    with pytest.raises(ValueError):
        portal.register(portal.Adapter("soom", "Another", SoomClient))
    assert portal.register(adapter) is adapter


def test_milestone_values_travel_keyed_by_milestone():
    payload = portal.to_payload(VALUES)
    assert {SOOM_FIELDS[key]: value for key, value in payload.items()} == PAYLOAD
    assert portal.from_payload(payload) == {**VALUES, "courtesy_car_class": "Gruppe A"}
    with pytest.raises(ValueError):
        portal.from_payload({"Anrufzeitpunkt": None})


def test_resend_after_an_ambiguous_failure_is_applied_once(standin, make_client):
    client = make_client(timeout=TIMEOUT, retries=0)
    client.accept_order(CASE_362)
    standin.set_mode("slow", count=1, delay=SLOW)
    with pytest.raises(SoomError) as error:
        client.send_status(CASE_362, VALUES, idempotency_key="tx-9")
    assert error.value.code == "timeout"
    # SOOM got the request and stored the values although the answer was lost.
    wait_for(lambda: len(standin.received()) == 1)

    echoed = client.send_status(CASE_362, VALUES, idempotency_key="tx-9")

    assert echoed == from_soom_payload(PAYLOAD)
    received = standin.received()
    assert [entry["outcome"] for entry in received] == ["applied", "replayed"]
    assert [entry["values"] for entry in received] == [PAYLOAD, PAYLOAD]
    assert {entry["idempotency_key"] for entry in received} == {"tx-9"}
    with pytest.raises(SoomError) as error:
        client.send_status(CASE_362, {"customer_reached": False}, idempotency_key="tx-9")
    assert (error.value.code, error.value.status, error.value.reason) == (
        "client",
        422,
        "key_reused",
    )
    assert client.get_status(CASE_362)["customer_reached"] is True


# --------------------------------------------------------------------------
# Authentication and connection
# --------------------------------------------------------------------------


def test_wrong_credentials_are_unauthorized_without_retry(make_client, sleeps):
    client = make_client(password="wrong")

    with pytest.raises(SoomError) as error:
        client.list_new_orders()

    assert (error.value.code, error.value.status) == ("unauthorized", 401)
    assert sleeps == []


def test_unauthorized_switch_is_not_retried(standin, client, sleeps):
    standin.set_mode("unauthorized", count=1)

    with pytest.raises(SoomError) as error:
        client.list_new_orders()

    assert error.value.code == "unauthorized"
    assert sleeps == []
    assert len(client.list_new_orders()) == 4


def test_connection_refused(make_client, sleeps):
    client = make_client(base_url=f"http://127.0.0.1:{free_port()}", retries=2)

    with pytest.raises(SoomError) as error:
        client.send_status(CASE_362, VALUES)

    assert (error.value.code, error.value.status) == ("connection", None)
    assert "could not be reached after 3 attempts" in str(error.value)
    assert sleeps == [0.5, 1.0]


class _CannedAdapter(requests.adapters.BaseAdapter):
    """A transport that answers every request with one canned answer."""

    def __init__(self, status, body, headers):
        super().__init__()
        self.answer = (status, body, headers)

    def send(self, request, **kwargs):
        status, body, headers = self.answer
        response = requests.Response()
        response.status_code, response.url, response.request = status, request.url, request
        response.headers.update(headers)
        response.raw = HTTPResponse(body=io.BytesIO(body), preload_content=False)
        return response

    def close(self):
        """Nothing to close."""


@pytest.mark.parametrize(
    ("status", "body", "headers"),
    [
        (200, b"<html>not json</html>", {"Content-Type": "text/html"}),
        (200, b'{"orders": [{"case_id": 7}]}', {"Content-Type": "application/json"}),
        (302, b"", {"Location": "https://elsewhere.example.com/login"}),
    ],
)
def test_unexpected_answers_are_bad_responses(status, body, headers):
    session = requests.Session()
    session.mount("https://", _CannedAdapter(status, body, headers))
    client = SoomClient("https://soom.example.com", "u", "p", session=session)

    with pytest.raises(SoomError) as error:
        client.list_new_orders()

    assert (error.value.code, error.value.status) == ("bad_response", status)


# --------------------------------------------------------------------------
# Settings, mapping and links
# --------------------------------------------------------------------------


def test_verify_false_is_refused_unless_local(tmp_path):
    with pytest.raises(ValueError, match="TLS verification"):
        SoomClient("https://soom.example.com", "u", "p", verify=False)
    SoomClient("http://localhost:8099", "u", "p", verify=False).close()
    SoomClient("https://127.0.0.1:8443", "u", "p", verify=False).close()
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")
    SoomClient("https://soom.example.com", "u", "p", verify=str(bundle)).close()
    with pytest.raises(ValueError, match="CA bundle"):
        SoomClient("https://soom.example.com", "u", "p", verify=str(tmp_path / "missing.pem"))


def test_base_url_is_checked():
    assert validate_base_url(" https://soom.example.com/portal/ ") == (
        "https://soom.example.com/portal"
    )
    assert validate_base_url("http://[::1]:8099") == "http://[::1]:8099"
    for url in (
        "http://soom.example.com",
        "ftp://soom.example.com",
        "soom.example.com",
        "https://user:secret@soom.example.com",
        "https://soom.example.com/?a=1",
        "",
    ):
        with pytest.raises(ValueError):
            validate_base_url(url)
    with pytest.raises(ValueError, match="user name and password"):
        SoomClient("https://soom.example.com", "", "p")


@pytest.mark.parametrize("case_id", ["..", ".", "a b", "a\nb", "\x7f"])
def test_case_ids_that_leave_their_path_are_refused(client, standin, case_id):
    with pytest.raises(ValueError, match="case id"):
        client.decline_order(case_id, "Keine Kapazität")
    with pytest.raises(ValueError, match="case id"):
        portal_url("https://soom.example.com", case_id)
    assert standin.received() == []


def test_portal_url():
    assert portal_url("https://soom.example.com/", CASE_362) == (
        f"https://soom.example.com/OrderTracking/Edit/{CASE_362}"
    )
    assert portal_url("https://soom.example.com", "a/b") == (
        "https://soom.example.com/OrderTracking/Edit/a%2Fb"
    )
    with pytest.raises(ValueError):
        portal_url("https://soom.example.com", "")


def test_portal_page_of_the_standin(standin):
    url = portal_url(standin.base_url, CASE_362)

    assert requests.get(url, timeout=5).status_code == 401
    page = requests.get(url, auth=("soom", "soom"), timeout=5)
    assert page.status_code == 200
    assert "202019362" in page.text


def test_payload_mapping_round_trip():
    payload = to_soom_payload(VALUES)

    assert payload == PAYLOAD
    assert json.loads(json.dumps(payload)) == payload
    values = from_soom_payload(payload)
    assert values == {**VALUES, "courtesy_car_class": "Gruppe A"}
    assert values["inspection_at"].tzinfo == LOCAL_TIMEZONE
    assert to_soom_payload(values) == payload
    assert from_soom_payload({"Reparaturende": "2018-04-03T14:00:00Z"}) == {
        "repair_end": datetime(2018, 4, 3, 16, 0, tzinfo=LOCAL_TIMEZONE)
    }
    assert from_soom_payload({"Rechnungsbetrag": "1.00"}) == {}
    assert to_soom_payload({"internal_notes": "  ", "repair_end": None}) == {
        "InterneNotizen": None,
        "Reparaturende": None,
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"call_time": datetime(2018, 3, 1, 9, 30)}, "naive"),
        ({"call_time": date(2018, 3, 1)}, "needs a datetime"),
        ({"release_date": datetime(2018, 3, 1, tzinfo=timezone.utc)}, "needs a date"),
        ({"customer_reached": 1}, "needs a bool"),
        ({"internal_notes": 5}, "needs a text"),
        ({"work_interrupted": True}, "not sent"),
        ({"Anrufzeitpunkt": "2018-03-01T09:30:00+01:00"}, "unknown milestone"),
    ],
)
def test_payload_refuses_invalid_values(values, message):
    with pytest.raises(ValueError, match=message):
        to_soom_payload(values)


@pytest.mark.parametrize(
    "payload",
    [
        {"Anrufzeitpunkt": "2018-03-01T09:30:00"},
        {"Anrufzeitpunkt": "yesterday"},
        {"Freigabedatum": "2018-03-07T00:00:00+01:00"},
        {"KundeErreicht": "ja"},
    ],
)
def test_malformed_soom_values_are_refused(payload):
    with pytest.raises(ValueError):
        from_soom_payload(payload)


def test_milestone_table():
    keys = list(MILESTONES)
    assert keys[:3] == ["call_time", "customer_reached", "inspection_at"]
    assert {key for key, m in MILESTONES.items() if not m.sent} == {
        "parts_ordered",
        "parts_complete",
        "repair_started",
        "work_interrupted",
    }
    assert all(key == m.key and m.label_en for key, m in MILESTONES.items())
    sent = {SOOM_FIELDS[key]: m.kind for key, m in MILESTONES.items() if m.sent}
    assert sent == soom_standin.STATUS_FIELDS
    with pytest.raises(ValueError):
        portal.Milestone("x", "duration", "X", True)


def test_datetimes_carry_the_berlin_offset_of_their_day():
    winter = to_soom_payload({"repair_start": datetime(2018, 1, 2, 7, tzinfo=timezone.utc)})
    summer = to_soom_payload({"repair_start": datetime(2018, 7, 2, 7, tzinfo=timezone.utc)})
    other = timezone(timedelta(hours=-5))
    assert winter == {"Reparaturbeginn": "2018-01-02T08:00:00+01:00"}
    assert summer == {"Reparaturbeginn": "2018-07-02T09:00:00+02:00"}
    assert to_soom_payload({"repair_start": datetime(2018, 7, 2, 2, tzinfo=other)}) == summer


def test_error_codes():
    assert SoomError("server", "x", 503).status == 503
    assert set(ERROR_CODES) == {
        "unauthorized",
        "timeout",
        "connection",
        "server",
        "client",
        "bad_response",
    }
    with pytest.raises(ValueError):
        SoomError("other", "x")
    assert issubclass(SoomError, PortalError)


def test_refusals_carry_a_reason_for_the_caller():
    assert SoomError("client", "x", 409, reason="wrong_state").reason == "wrong_state"
    assert SoomError("server", "x", 503).reason is None
    with pytest.raises(ValueError):
        SoomError("client", "x", 400, reason="because")
    with pytest.raises(ValueError):
        SoomError("server", "x", 503, reason="wrong_state")


def test_a_malformed_value_is_an_invalid_request(client, standin):
    response = requests.put(
        f"{standin.base_url}/api/v1/orders/{CASE_362}/status",
        json={"NoSuchField": 1},
        auth=("soom", "soom"),
        timeout=5,
    )
    error = client._answer_error(response, 1)
    assert (error.code, error.status, error.reason) == ("client", 400, "invalid_request")
    assert "unknown status field NoSuchField" in str(error)


# --------------------------------------------------------------------------
# Stand-in and module hygiene
# --------------------------------------------------------------------------


def test_standin_control_endpoints(standin):
    base = f"{standin.base_url}/api/v1/_standin"
    mode = requests.post(f"{base}/mode", json={"mode": "error500", "count": 1}, timeout=5)
    assert mode.json() == {"mode": "error500", "count": 1, "delay": 5.0}
    assert requests.post(f"{base}/mode", json={"mode": "down"}, timeout=5).status_code == 400
    assert requests.get(f"{base}/received", timeout=5).json() == {"received": []}
    assert requests.post(f"{base}/reset", timeout=5).json() == {"reset": True}
    assert requests.get(f"{base}/mode", timeout=5).json()["mode"] == "normal"


def test_standin_runs_as_a_script():
    script = ROOT / "ig_soom_dra" / "tests" / "soom_standin.py"
    assert (
        "--samples"
        in subprocess.run(
            [sys.executable, script, "--help"], capture_output=True, text=True, check=True
        ).stdout
    )
    port = free_port()
    command = [sys.executable, script, "--port", str(port), "--samples", SAMPLES]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert f"http://127.0.0.1:{port}" in process.stdout.readline()
            with SoomClient(f"http://127.0.0.1:{port}", "soom", "soom", timeout=5) as client:
                assert len(client.list_new_orders()) == 4
        finally:
            process.terminate()
        assert process.wait(timeout=5) == 0
