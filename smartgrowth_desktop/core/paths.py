"""Where a profile lives, in a module that imports nothing heavy (start-up reads it)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "SmartGrowth Field Desk"
DATA_DIR_ENV = "SMARTGROWTH_DATA_DIR"
DATABASE_NAME = "profile.sqlite3"
KEY_FILE = "profile.key"  # an encrypted profile's wrapped keys (core/profile_key.py)
#: where a headless process may take an encrypted profile's passphrase from
PASSPHRASE_ENV = "SMARTGROWTH_PASSPHRASE"


def default_data_dir() -> Path:
    """``SMARTGROWTH_DATA_DIR`` if set, else the platform's user data folder."""
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("smartgrowth-desk", appauthor=False))


def login_name() -> str:
    """The user's login name (the author of their changes until they give their name)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # getuser raises various errors when no user name is known
        return "unknown"


#: The ``local_state`` key of the delegate's home time zone (this laptop only; not synced).
HOME_ZONE_KEY = "home_time_zone"
