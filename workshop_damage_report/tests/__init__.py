from . import test_appointment_slots
from . import test_workshop_notify
from . import test_order_from_report
from . import test_public_access
from . import test_public_browser
from . import test_public_photos
from . import test_public_standard_link
from . import test_forms_consents, test_forms_signing, test_forms_submit
from . import test_workshop_access
from . import test_workshop_close
from . import test_workshop_export
from . import test_workshop_link
from . import test_workshop_photos_zip
from . import test_workshop_retention
