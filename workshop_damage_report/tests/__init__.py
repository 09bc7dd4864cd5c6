from . import test_appointment_slots
from . import test_workshop_notify
