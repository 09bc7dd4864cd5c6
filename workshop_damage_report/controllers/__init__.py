from . import main
from . import workshop
