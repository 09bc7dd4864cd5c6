from . import test_repair_order
from . import test_security
