"""``python -m smartgrowth_desktop`` runs the command-line interface."""

import sys

from smartgrowth_desktop.cli import main

sys.exit(main())
