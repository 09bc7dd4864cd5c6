"""Estimate and invoice to SOOM without Odoo: the money kind, the new status
fields and the document upload, against the stand-in over real HTTP."""

import base64
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from ig_soom_dra.core.portal import LOCAL_TIMEZONE, Money, from_payload, to_payload
from ig_soom_dra.core.soom import (
    MAX_DOCUMENT_SIZE,
    SoomClient,
    SoomError,
    from_soom_payload,
    to_soom_payload,
)
from ig_soom_dra.tests import soom_standin
from ig_soom_dra.tests.soom_standin import SoomStandIn

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_files"
CASE_374 = "1a941996-cc76-438c-8692-1f96eb89668d"
PDF = b"%PDF-1.4\n% invoice RE/2026/00001\n%%EOF\n"

INVOICE = {
    "estimate_sent": datetime(2026, 3, 5, 10, 0, tzinfo=LOCAL_TIMEZONE),
    "estimate_net": Money(Decimal("1234.5"), "EUR"),
    "estimate_gross": Money(Decimal("1469.055"), "EUR"),
    "invoice_number": "RE/2026/00001",
    "invoice_date": date(2026, 3, 20),
    "invoice_net": Money(Decimal("1000"), "EUR"),
    "invoice_tax": Money(Decimal("190.00"), "EUR"),
    "invoice_gross": Money(Decimal("1190.00"), "EUR"),
    "deductible": Money(Decimal("300"), "CHF"),
    "workshop_status": "RE",
}
INVOICE_PAYLOAD = {
    "KVVersendetAm": "2026-03-05T10:00:00+01:00",
    "KVBetragNetto": {"amount": "1234.50", "currency": "EUR"},
    "KVBetragBrutto": {"amount": "1469.06", "currency": "EUR"},
    "RechnungsNr": "RE/2026/00001",
    "Rechnungsdatum": "2026-03-20",
    "RechnungBetragNetto": {"amount": "1000.00", "currency": "EUR"},
    "RechnungMwSt": {"amount": "190.00", "currency": "EUR"},
    "RechnungBetragBrutto": {"amount": "1190.00", "currency": "EUR"},
    "Selbstbeteiligung": {"amount": "300.00", "currency": "CHF"},
    "Werkstattstatus": "RE",
}


@pytest.fixture
def standin():
    with SoomStandIn(SAMPLES) as server:
        yield server


@pytest.fixture
def client(standin):
    with SoomClient(standin.base_url, "soom", "soom", timeout=2.0, retries=0) as soom:
        soom.accept_order(CASE_374)
        yield soom


# ---- money ---------------------------------------------------------------


def test_money_json_has_two_places_rounded_half_up():
    assert Money(Decimal("0.005"), "EUR").as_json() == {"amount": "0.01", "currency": "EUR"}
    assert Money(Decimal("-12.344"), "EUR").as_json() == {"amount": "-12.34", "currency": "EUR"}
    assert Money(Decimal("1E+3"), "JPY").as_json() == {"amount": "1000.00", "currency": "JPY"}


@pytest.mark.parametrize(
    ("amount", "currency"),
    [(1.5, "EUR"), (Decimal("NaN"), "EUR"), (Decimal("1"), "eur"), (Decimal("1"), "EURO")],
)
def test_money_refuses_floats_and_bad_currencies(amount, currency):
    with pytest.raises(ValueError):
        Money(amount, currency)


def test_payload_round_trip_of_estimate_and_invoice():
    payload = to_soom_payload(INVOICE)
    assert payload == INVOICE_PAYLOAD
    back = from_soom_payload(json.loads(json.dumps(payload)))
    assert to_soom_payload(back) == INVOICE_PAYLOAD
    assert back["estimate_gross"] == Money(Decimal("1469.06"), "EUR")
    assert back["invoice_date"] == date(2026, 3, 20)
    assert from_payload(to_payload({"invoice_tax": None})) == {"invoice_tax": None}


@pytest.mark.parametrize(
    "value",
    [
        1190.0,
        "1190.00",
        {"amount": 1190.0, "currency": "EUR"},
        {"amount": "1190", "currency": "EUR"},
        {"amount": "1190.001", "currency": "EUR"},
        {"amount": "1.190,00", "currency": "EUR"},
        {"amount": "1190.00", "currency": "eur"},
        {"amount": "1190.00"},
        {"amount": "1190.00", "currency": "EUR", "rate": "1"},
    ],
)
def test_malformed_amounts_are_refused(value):
    with pytest.raises(ValueError):
        from_soom_payload({"RechnungBetragBrutto": value})


def test_money_milestone_needs_money():
    with pytest.raises(ValueError, match="money"):
        to_payload({"invoice_gross": Decimal("1190.00")})


# ---- status fields against the stand-in ----------------------------------


def test_estimate_and_invoice_land_in_the_standin(standin, client):
    held = client.send_status(CASE_374, INVOICE, idempotency_key="ig-invoice-1")
    assert to_soom_payload(held) == INVOICE_PAYLOAD
    assert standin.received()[-1]["values"] == INVOICE_PAYLOAD
    page = requests.get(
        f"{standin.base_url}/OrderTracking/Edit/{CASE_374}", auth=("soom", "soom"), timeout=5
    ).text
    assert "1190.00 EUR" in page and "RE/2026/00001" in page


def test_standin_refuses_malformed_amounts(standin, client):
    response = requests.put(
        f"{standin.base_url}/api/v1/orders/{CASE_374}/status",
        json={"RechnungMwSt": {"amount": 190.0, "currency": "EUR"}},
        auth=("soom", "soom"),
        timeout=5,
    )
    assert response.status_code == 400
    assert "RechnungMwSt" in response.json()["error"]


# ---- documents -------------------------------------------------------------


def _status(standin):
    return requests.get(
        f"{standin.base_url}/api/v1/orders/{CASE_374}/status", auth=("soom", "soom"), timeout=5
    ).json()


def test_upload_of_the_invoice_pdf(standin, client):
    document = client.upload_document(
        CASE_374, "Rechnung", "RE_2026_00001.pdf", PDF, idempotency_key="ig-doc-1"
    )
    assert document["type"] == "Rechnung"
    assert document["size"] == len(PDF)
    assert document["sha256"] == hashlib.sha256(PDF).hexdigest()
    held = _status(standin)["documents"]
    assert [d["document_id"] for d in held] == [document["document_id"]]
    entry = standin.received()[-1]
    assert entry["kind"] == "document" and entry["outcome"] == "applied"
    assert "content_base64" not in entry["values"]
    page = requests.get(
        f"{standin.base_url}/OrderTracking/Edit/{CASE_374}", auth=("soom", "soom"), timeout=5
    ).text
    assert "RE_2026_00001.pdf" in page


def test_upload_with_the_same_key_is_applied_once(standin, client):
    first = client.upload_document(
        CASE_374, "Rechnung", "RE.pdf", PDF, idempotency_key="ig-doc-twice"
    )
    again = client.upload_document(
        CASE_374, "Rechnung", "RE.pdf", PDF, idempotency_key="ig-doc-twice"
    )
    assert again == first
    assert len(_status(standin)["documents"]) == 1
    assert [entry["outcome"] for entry in standin.received()] == ["applied", "replayed"]
    with pytest.raises(SoomError) as error:
        client.upload_document(
            CASE_374, "Rechnung", "RE.pdf", PDF + b"x", idempotency_key="ig-doc-twice"
        )
    assert error.value.reason == "key_reused"


@pytest.mark.parametrize(
    ("document_type", "file_name", "content"),
    [
        ("Lieferschein", "RE.pdf", PDF),
        ("Rechnung", "../RE.pdf", PDF),
        ("Rechnung", "RE\n.pdf", PDF),
        ("Rechnung", "RE.pdf", b""),
        ("Rechnung", "RE.pdf", b"x" * (MAX_DOCUMENT_SIZE + 1)),
    ],
)
def test_invalid_documents_are_refused_before_sending(
    standin, client, document_type, file_name, content
):
    with pytest.raises(ValueError):
        client.upload_document(CASE_374, document_type, file_name, content)
    assert standin.received() == []


def test_upload_to_an_order_not_accepted_is_refused(standin):
    soom = SoomClient(standin.base_url, "soom", "soom", timeout=2.0, retries=0)
    with soom, pytest.raises(SoomError) as error:
        soom.upload_document(CASE_374, "Rechnung", "RE.pdf", PDF)
    assert error.value.reason == "wrong_state"


def _raw_upload(standin, body):
    return requests.post(
        f"{standin.base_url}/api/v1/orders/{CASE_374}/documents",
        json=body,
        auth=("soom", "soom"),
        timeout=5,
    )


def test_standin_checks_content_against_size_and_digest(standin, client):
    body = {
        "type": "Rechnung",
        "file_name": "RE.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
        "sha256": hashlib.sha256(b"another file").hexdigest(),
        "content_base64": base64.b64encode(PDF).decode(),
    }
    assert _raw_upload(standin, body).status_code == 400
    too_large = {**body, "size": soom_standin.MAX_DOCUMENT_SIZE + 1}
    assert _raw_upload(standin, too_large).status_code == 413
    assert _raw_upload(standin, {**body, "content_base64": "***"}).status_code == 400
    assert _status(standin)["documents"] == []


def test_standin_document_limits_are_the_clients():
    assert soom_standin.MAX_DOCUMENT_SIZE == MAX_DOCUMENT_SIZE
    assert soom_standin.DOCUMENT_TYPES == ("Rechnung",)


def test_document_upload_needs_credentials(standin, client):
    response = requests.post(
        f"{standin.base_url}/api/v1/orders/{CASE_374}/documents", json={}, timeout=5
    )
    assert response.status_code == 401
