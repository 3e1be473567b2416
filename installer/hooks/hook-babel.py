# Replaces PyInstaller's own hook for babel, which ships every locale (36 MB): the app
# asks babel for English names (country names in core/fieldtypes.py, ui/widgets), and
# core/regions.py reads country names in the languages of the cards and sheets it is given
# (_NAME_LOCALES: "Việt Nam", "中国", "Kina"...): without those locales it raised
# UnknownLocaleError in the bundle (a card photo with a mission under way, a vCard).
# Add a locale here if the app starts using another one.
from PyInstaller.utils.hooks import collect_data_files

LOCALES = ("root", "en", "vi", "zh", "zh_Hant", "sv", "fi", "et")

datas = collect_data_files(
    "babel",
    includes=["global.dat", "LICENSE", *(f"locale-data/{name}.dat" for name in LOCALES)],
)
hiddenimports = ["babel.dates", "babel.localedata", "babel.plural", "babel.numbers"]
