from . import dra_broker
from . import res_partner
from . import fleet_vehicle
from . import repair_order
