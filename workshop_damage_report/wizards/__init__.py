from . import damage_report_propose_wizard
from . import damage_report_photo_request
