from . import dra_broker
from . import ir_attachment
from . import res_partner
from . import fleet_vehicle
from . import repair_order
