from . import test_appointment_slots
from . import test_workshop_notify
from . import test_order_from_report
