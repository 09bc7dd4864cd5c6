from . import dra_broker
from . import ir_attachment
from . import res_partner
from . import fleet_vehicle
from . import repair_order
from . import soom_milestone_sent
from . import soom_transmission
from . import res_config_settings
