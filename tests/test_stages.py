"""Tests of the processing stage and next date due (``ig_soom_dra.core.stages``), no Odoo."""

from datetime import datetime, timedelta
from itertools import product

import pytest

from ig_soom_dra.core.stages import (
    DUE_INPUTS,
    STAGE_INPUTS,
    STAGE_KEYS,
    STAGES,
    due_dates,
    is_released,
    next_due,
    processing_stage,
)

T = datetime(2026, 3, 2, 8, 0)  # any recorded date-time
NOW = datetime(2026, 3, 10, 12, 0)

# ---------------------------------------------------------------------------
# The stages
# ---------------------------------------------------------------------------


def test_stages_in_the_order_of_the_flow():
    assert STAGE_KEYS == [
        "dra_missing",
        "new",
        "customer_reached",
        "inspection_agreed",
        "vehicle_received",
        "estimate_sent",
        "released",
        "in_repair",
        "repaired",
        "handed_back",
        "invoiced",
    ]
    assert dict(STAGES)["in_repair"] == "In Repair"
    assert len({label for _key, label in STAGES}) == len(STAGES)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # nothing recorded (empty, None, False and "" all mean "not recorded")
        ({}, "new"),
        (dict.fromkeys(STAGE_INPUTS), "new"),
        (dict.fromkeys(STAGE_INPUTS, False), "new"),
        ({"workshop_status": "kv", "state": "draft", "inspection_at": ""}, "new"),
        # each milestone on its own
        ({"customer_reached": True}, "customer_reached"),
        ({"inspection_at": T}, "inspection_agreed"),
        ({"vehicle_received": T}, "vehicle_received"),
        ({"estimate_sent": T}, "estimate_sent"),
        ({"release_received": True}, "released"),
        ({"workshop_status": "ab"}, "released"),
        ({"repair_start": T}, "new"),  # a planned start is only a plan
        ({"repair_started": T}, "in_repair"),
        # a broker order without its DRA file (the draft of the order e-mail)
        ({"broker": True}, "dra_missing"),
        ({"broker": True, "dra_file": ""}, "dra_missing"),
        ({"broker": True, "dra_file": "KSR202019362.xml"}, "new"),
        ({"dra_file": "KSR202019362.xml"}, "new"),
        ({"broker": False, "dra_file": False}, "new"),
        ({"broker": True, "workshop_status": "kv", "state": "draft"}, "dra_missing"),
        # a milestone recorded meanwhile moves it on, the file or not
        ({"broker": True, "customer_reached": True}, "customer_reached"),
        ({"broker": True, "workshop_status": "re"}, "invoiced"),
        ({"repair_end": T}, "repaired"),
        ({"vehicle_returned": T}, "handed_back"),
        ({"workshop_status": "re"}, "invoiced"),
        ({"state": "under_repair"}, "in_repair"),
        ({"state": "done"}, "repaired"),
        ({"state": "confirmed"}, "new"),
        ({"state": "cancel"}, "new"),
        # the customer called but not reached
        ({"customer_reached": False}, "new"),
        # the typical progression, one milestone after the other
        ({"customer_reached": True, "inspection_at": T}, "inspection_agreed"),
        (
            {"customer_reached": True, "inspection_at": T, "vehicle_received": T},
            "vehicle_received",
        ),
        (
            {
                "customer_reached": True,
                "inspection_at": T,
                "vehicle_received": T,
                "estimate_sent": T,
            },
            "estimate_sent",
        ),
        (
            {
                "customer_reached": True,
                "inspection_at": T,
                "vehicle_received": T,
                "estimate_sent": T,
                "release_received": True,
                "workshop_status": "ab",
            },
            "released",
        ),
        # the release dialog records the planned start: the car here, still released
        (
            {
                "vehicle_received": T,
                "estimate_sent": T,
                "release_received": True,
                "workshop_status": "ab",
                "repair_start": T,
            },
            "released",
        ),
        # the actual start moves it on
        (
            {
                "vehicle_received": T,
                "estimate_sent": T,
                "release_received": True,
                "workshop_status": "ab",
                "repair_start": T,
                "repair_started": T,
            },
            "in_repair",
        ),
        (
            {
                "vehicle_received": T,
                "release_received": True,
                "workshop_status": "ab",
                "repair_start": T,
                "repair_end": T,
            },
            "repaired",
        ),
        (
            {
                "vehicle_received": T,
                "release_received": True,
                "workshop_status": "ab",
                "repair_start": T,
                "repair_end": T,
                "vehicle_returned": T,
            },
            "handed_back",
        ),
        (
            {
                "vehicle_received": T,
                "release_received": True,
                "repair_start": T,
                "repair_end": T,
                "vehicle_returned": T,
                "workshop_status": "re",
            },
            "invoiced",
        ),
        # the estimate before the car (inspected while the customer waited)
        ({"inspection_at": T, "estimate_sent": T}, "estimate_sent"),
        # released with a planned start, but the car is not in the workshop yet
        ({"release_received": True, "repair_start": T}, "released"),
        ({"workshop_status": "ab", "estimate_sent": T, "repair_start": T}, "released"),
        # release without an estimate sent
        ({"vehicle_received": T, "release_received": True}, "released"),
        ({"inspection_at": T, "workshop_status": "ab"}, "released"),
        # status AB alone releases, as does the release without status AB
        ({"vehicle_received": T, "workshop_status": "ab", "repair_start": T}, "released"),
        ({"vehicle_received": T, "release_received": True, "repair_start": T}, "released"),
        # status KV does not release
        ({"vehicle_received": T, "workshop_status": "kv", "repair_start": T}, "vehicle_received"),
        # a repair started (early) before the release
        ({"vehicle_received": T, "workshop_status": "kv", "repair_started": T}, "in_repair"),
        # started in Odoo without the milestones
        ({"vehicle_received": T, "state": "under_repair"}, "in_repair"),
        # work interrupted stays in repair
        (
            {
                "vehicle_received": T,
                "release_received": True,
                "repair_started": T,
                "work_interrupted": True,
            },
            "in_repair",
        ),
        # a repair end without a recorded start
        ({"vehicle_received": T, "release_received": True, "repair_end": T}, "repaired"),
        # handed back before the invoice, also without a recorded repair end
        ({"vehicle_received": T, "vehicle_returned": T, "workshop_status": "ab"}, "handed_back"),
        ({"vehicle_returned": T, "state": "under_repair"}, "handed_back"),
        # the invoice overrides everything
        ({"workshop_status": "re"}, "invoiced"),
        ({"workshop_status": "re", "customer_reached": True}, "invoiced"),
        ({"workshop_status": "re", "state": "under_repair", "repair_started": T}, "invoiced"),
    ],
)
def test_stage(values, expected):
    assert processing_stage(values) == expected


def test_is_released():
    assert is_released({"release_received": True})
    assert is_released({"workshop_status": "ab"})
    assert not is_released({"workshop_status": "kv"})
    assert not is_released({"workshop_status": "re"})  # invoiced, a stage of its own
    assert not is_released({"release_received": False, "estimate_sent": T})


def _expected(values):
    """The rule of the stages, written out independently of ``STAGE_RULES``."""
    released = values["release_received"] or values["workshop_status"] == "ab"
    if values["workshop_status"] == "re":
        return "invoiced"
    if values["vehicle_returned"]:
        return "handed_back"
    if values["repair_end"] or values["state"] == "done":
        return "repaired"
    if values["state"] == "under_repair" or values["repair_started"]:
        return "in_repair"
    if released:
        return "released"
    for name, stage in (
        ("estimate_sent", "estimate_sent"),
        ("vehicle_received", "vehicle_received"),
        ("inspection_at", "inspection_agreed"),
        ("customer_reached", "customer_reached"),
    ):
        if values[name]:
            return stage
    if values["broker"] and not values["dra_file"]:
        return "dra_missing"
    return "new"


#: Every combination of every value of the stage's inputs that matters.
_CHOICES = {
    "workshop_status": (False, "kv", "ab", "re"),
    "state": ("draft", "confirmed", "under_repair", "done", "cancel"),
    "broker": (False, True),
    "dra_file": (None, "KSR202019362.xml"),
    "customer_reached": (False, True),
    "inspection_at": (None, T),
    "vehicle_received": (None, T),
    "estimate_sent": (None, T),
    "release_received": (False, True),
    "repair_started": (None, T),
    "repair_end": (None, T),
    "vehicle_returned": (None, T),
}


def test_every_combination():
    assert set(_CHOICES) == set(STAGE_INPUTS)
    seen = set()
    combinations = [
        dict(zip(_CHOICES, combo, strict=True)) for combo in product(*_CHOICES.values())
    ]
    assert len(combinations) == 4 * 5 * 2**10
    for values in combinations:
        stage = processing_stage(values)
        assert stage == _expected(values), values
        seen.add(stage)
    assert seen == set(STAGE_KEYS)


def test_a_later_milestone_never_moves_the_order_back():
    """Recording one more milestone of the flow keeps or advances the stage."""
    flow = [
        ("customer_reached", True),
        ("inspection_at", T),
        ("vehicle_received", T),
        ("estimate_sent", T),
        ("release_received", True),
        ("workshop_status", "ab"),
        ("repair_start", T),
        ("repair_started", T),
        ("repair_end", T),
        ("vehicle_returned", T),
        ("workshop_status", "re"),
    ]
    values = {"broker": True}
    rank = 0
    assert processing_stage(values) == "dra_missing"
    values["dra_file"] = "KSR202019362.xml"
    assert processing_stage(values) == "new"
    for name, value in flow:
        values[name] = value
        new_rank = STAGE_KEYS.index(processing_stage(values))
        assert new_rank >= rank, (name, processing_stage(values))
        rank = new_rank
    assert processing_stage(values) == "invoiced"


# ---------------------------------------------------------------------------
# The next date due
# ---------------------------------------------------------------------------


def test_due_fields():
    assert set(DUE_INPUTS) == {
        "inspection_at",
        "release_due",
        "repair_start",
        "repair_end_expected",
        "activity",
    }


def test_nothing_due():
    assert next_due({}, NOW) is None
    assert next_due({"inspection_at": NOW - timedelta(days=1)}, NOW) is None


def test_earliest_date_ahead():
    values = {
        "inspection_at": NOW - timedelta(days=2),  # past
        "repair_start": NOW + timedelta(days=3),
        "repair_end_expected": NOW + timedelta(days=8),
        "activity_at": NOW + timedelta(days=1),
    }
    assert next_due(values, NOW) == ("activity", NOW + timedelta(days=1))
    values["activity_at"] = None
    assert next_due(values, NOW) == ("repair_start", NOW + timedelta(days=3))
    values["repair_start"] = NOW - timedelta(hours=1)
    assert next_due(values, NOW) == ("repair_end_expected", NOW + timedelta(days=8))


def test_due_now_counts_and_ties_prefer_the_milestone():
    values = {"inspection_at": NOW, "activity_at": NOW}
    assert next_due(values, NOW) == ("inspection_at", NOW)


def test_release_due_until_released():
    values = {"estimate_sent": T, "release_due_at": NOW + timedelta(hours=5)}
    assert next_due(values, NOW) == ("release_due", NOW + timedelta(hours=5))
    assert next_due({**values, "release_received": True}, NOW) is None
    assert next_due({**values, "workshop_status": "ab"}, NOW) is None


def test_repair_dates_until_the_repair_ended():
    values = {
        "vehicle_received": T,
        "release_received": True,
        "repair_start": NOW + timedelta(days=1),
        "repair_end_expected": NOW + timedelta(days=4),
    }
    assert set(due_dates(values)) == {"repair_start", "repair_end_expected"}
    assert next_due(values, NOW) == ("repair_start", NOW + timedelta(days=1))
    # started earlier than planned: only the expected end is still due
    started = {**values, "repair_started": T}
    assert next_due(started, NOW) == ("repair_end_expected", NOW + timedelta(days=4))
    assert next_due({**values, "state": "under_repair"}, NOW)[0] == "repair_end_expected"
    assert next_due({**values, "repair_end": T}, NOW) is None
    assert next_due({**values, "state": "done"}, NOW) is None


def test_after_hand_back_only_activities_are_due():
    values = {
        "inspection_at": NOW + timedelta(days=1),
        "repair_end_expected": NOW + timedelta(days=2),
        "vehicle_returned": T,
        "activity_at": NOW + timedelta(days=5),
    }
    assert due_dates(values) == {"activity": NOW + timedelta(days=5)}
    assert next_due(values, NOW) == ("activity", NOW + timedelta(days=5))
    invoiced = {"workshop_status": "re", "inspection_at": NOW + timedelta(days=1)}
    assert next_due(invoiced, NOW) is None
