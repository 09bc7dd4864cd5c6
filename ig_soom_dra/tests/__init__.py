from . import test_repair_order
from . import test_security
from . import test_dra_import_wizard
from . import test_dra_import_bad_files
from . import test_dra_import_tour
