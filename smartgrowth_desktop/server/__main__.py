"""``python -m smartgrowth_desktop.server`` runs ``smartgrowth-server``."""

import sys

from smartgrowth_desktop.server.cli import main

sys.exit(main())
