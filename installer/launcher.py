"""The one entry script of the bundle: ``smartgrowth`` opens the window, ``smartgrowth-cli``
runs the command line. Both executables are built from this file (one analysis, shared
libraries); the name the program was started under picks the face.
"""

import os
import sys


def _face() -> str:
    name = os.path.splitext(os.path.basename(sys.executable))[0].lower()
    return "cli" if name.endswith("-cli") else "gui"


if __name__ == "__main__":
    # a reading process (card photos, ui/card_reading.py) started by the frozen app runs
    # this same executable: freeze_support() makes it that process, not a second window
    import multiprocessing

    multiprocessing.freeze_support()
    if _face() == "cli":
        from smartgrowth_desktop.cli import main
    else:
        from smartgrowth_desktop.app import main
    sys.exit(main())
