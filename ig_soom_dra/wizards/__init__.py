from . import dra_import_wizard
from . import dra_import_party
from . import dra_import_candidate
from . import dra_import_attachment
