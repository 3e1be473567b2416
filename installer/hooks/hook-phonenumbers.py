# Replaces the contributed hook for phonenumbers, which imports every data module: the app
# parses and formats numbers only, so the geocoder, carrier and time-zone tables (45 MB)
# stay out.
from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata")

hiddenimports = [name for name in collect_submodules("phonenumbers") if not name.startswith(UNUSED)]
