from . import test_appointment_slots
