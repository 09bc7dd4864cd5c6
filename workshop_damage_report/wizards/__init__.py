from . import damage_report_propose_wizard
