"""The processing stage of a broker order and its next date due, from its milestones.

Pure functions of the order's values: nothing here imports ``odoo`` and
nothing reads the clock. The values are keyed by milestone
(``core.portal.MILESTONES``), beside the order's workshop status
(``workshop_status``: ``kv``, ``ab``, ``re``) and Odoo repair state
(``state``); the repair order maps its fields onto these keys. The repair
order stores the stage (the broker kanban groups by it), so the stage must
not depend on the time: a stored field is not recomputed when time passes.
The rules therefore use facts only.

The stage is the furthest step of the flow the order has reached (the first
rule of ``STAGE_RULES`` that holds):

``invoiced``
    workshop status RE.
``handed_back``
    the vehicle was handed back.
``repaired``
    a repair end is recorded, or the repair is done in Odoo (state ``done``).
``in_repair``
    the repair was started in Odoo (state ``under_repair``), or its actual
    start is recorded (``repair_started``). The planned start that the
    release dialog records (``repair_start``, SOOM's "Reparaturbeginn") is a
    plan: a released order stays "released" whatever its planned start, and
    its card shows that start as the next date due.
``released``
    the technical release was received, or the workshop status is AB. The
    implicit release 24 hours after the estimate is time-based: it is the
    reminder's job (``release_due_at``), not a stage of its own.
``estimate_sent``, ``vehicle_received``, ``inspection_agreed``, ``customer_reached``
    the estimate was sent, the vehicle received, an inspection appointment
    agreed, the customer reached.
``new``
    none of these, and the order has its DRA file (or is no broker order).
``dra_missing``
    none of these, and the order is a broker order (``broker``) whose DRA
    file was not taken over yet (``dra_file`` empty): e.g. the draft that
    the broker's order e-mail created. It is the first column of the broker
    kanban; a milestone recorded meanwhile moves the order on as usual.
"""

from collections.abc import Callable, Mapping
from datetime import datetime

#: The processing stages in the order of the flow: key, (English) label.
STAGES = [
    ("dra_missing", "DRA File Missing"),
    ("new", "New"),
    ("customer_reached", "Customer Reached"),
    ("inspection_agreed", "Inspection Agreed"),
    ("vehicle_received", "Vehicle Received"),
    ("estimate_sent", "Estimate Sent"),
    ("released", "Released"),
    ("in_repair", "In Repair"),
    ("repaired", "Repaired"),
    ("handed_back", "Handed Back"),
    ("invoiced", "Invoiced"),
]
STAGE_KEYS = [key for key, _label in STAGES]

#: The values the stage is computed from: the workshop status, the Odoo
#: repair state, whether the order is a broker order and has its DRA file,
#: and milestone keys.
STAGE_INPUTS = (
    "workshop_status",
    "state",
    "broker",
    "dra_file",
    "customer_reached",
    "inspection_at",
    "vehicle_received",
    "estimate_sent",
    "release_received",
    "repair_started",
    "repair_end",
    "vehicle_returned",
)


def is_released(values: Mapping) -> bool:
    """The repair is released: the technical release was received or the status is AB."""
    return bool(values.get("release_received")) or values.get("workshop_status") == "ab"


#: Stage -> the condition for it; the first one that holds, from the end of
#: the flow backwards, is the order's stage.
STAGE_RULES: list[tuple[str, Callable[[Mapping], bool]]] = [
    ("invoiced", lambda v: v.get("workshop_status") == "re"),
    ("handed_back", lambda v: bool(v.get("vehicle_returned"))),
    ("repaired", lambda v: bool(v.get("repair_end")) or v.get("state") == "done"),
    ("in_repair", lambda v: v.get("state") == "under_repair" or bool(v.get("repair_started"))),
    ("released", is_released),
    ("estimate_sent", lambda v: bool(v.get("estimate_sent"))),
    ("vehicle_received", lambda v: bool(v.get("vehicle_received"))),
    ("inspection_agreed", lambda v: bool(v.get("inspection_at"))),
    ("customer_reached", lambda v: bool(v.get("customer_reached"))),
]

if [stage for stage, _rule in reversed(STAGE_RULES)] != STAGE_KEYS[2:]:  # pragma: no cover
    raise ValueError(
        "STAGE_RULES must name every stage but 'dra_missing' and 'new', from the end of the flow"
    )


def processing_stage(values: Mapping) -> str:
    """The processing stage (a key of ``STAGES``) of an order with these values.

    ``values`` maps the keys of ``STAGE_INPUTS`` to the order's values; a
    missing or empty one (``None``, ``False``, ``""``) means "not recorded".
    """
    for stage, rule in STAGE_RULES:
        if rule(values):
            return stage
    if values.get("broker") and not values.get("dra_file"):
        return "dra_missing"
    return "new"


#: Dates an order can be due on, in the order they are preferred on a tie:
#: kind -> the value holding it: a milestone key, or ``release_due_at`` (when
#: the implicit release is due) and ``activity_at`` (the deadline of the
#: order's next activity as a date-time), which the caller passes.
DUE_INPUTS = {
    "inspection_at": "inspection_at",
    "release_due": "release_due_at",
    "repair_start": "repair_start",
    "repair_end_expected": "repair_end_expected",
    "activity": "activity_at",
}
#: The stages after which no milestone date is due any more (activities still are).
CLOSED_STAGES = frozenset({"handed_back", "invoiced"})


def due_dates(values: Mapping) -> dict[str, datetime]:
    """The dates the order can still be due on, by kind (see ``DUE_INPUTS``).

    A date whose step is done is left out: the release once the repair is
    released, the repair start and end once the repair has ended, all
    milestone dates once the vehicle is handed back or invoiced. The planned
    repair start is no longer due once the repair has started.
    """
    stage = processing_stage(values)
    done = set()
    if is_released(values):
        done.add("release_due")
    if values.get("repair_started") or stage == "in_repair":
        done.add("repair_start")
    if values.get("repair_end") or stage in {"repaired", *CLOSED_STAGES}:
        done.update({"repair_start", "repair_end_expected"})
    if stage in CLOSED_STAGES:
        done.update({"inspection_at", "release_due"})
    return {
        kind: values[name]
        for kind, name in DUE_INPUTS.items()
        if kind not in done and values.get(name)
    }


def next_due(values: Mapping, now: datetime) -> tuple[str, datetime] | None:
    """The earliest date the order is due on from ``now`` on: ``(kind, date-time)``.

    Date-times are compared as given (the repair order passes naive UTC
    ones). ``None`` when nothing is due any more.
    """
    ahead = [(when, index, kind) for index, (kind, when) in enumerate(due_dates(values).items())]
    ahead = [item for item in ahead if item[0] >= now]
    if not ahead:
        return None
    when, _index, kind = min(ahead)
    return kind, when
