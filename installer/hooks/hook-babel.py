# Replaces PyInstaller's own hook for babel, which ships every locale (36 MB): the app
# only asks babel for English names (country names in core/fieldtypes.py, ui/widgets).
# Add a locale here if the app starts using another one.
from PyInstaller.utils.hooks import collect_data_files

LOCALES = ("root", "en")

datas = collect_data_files(
    "babel",
    includes=["global.dat", "LICENSE", *(f"locale-data/{name}.dat" for name in LOCALES)],
)
hiddenimports = ["babel.dates", "babel.localedata", "babel.plural", "babel.numbers"]
