"""The edit-then-create order of work through a real server, with CLI subprocesses."""

from __future__ import annotations

from pathlib import Path

from smartgrowth_desktop.server.storage import Storage
from tests.server.support import ServerProcess, new_team
from tests.work_orders import run_sequence


def test_edit_then_create_through_a_server(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    team = new_team(storage, "anna", "binh")
    tokens = {
        tmp_path / "a": team.token_file(tmp_path, "anna"),
        tmp_path / "b": team.token_file(tmp_path, "binh"),
    }

    def through_server(data_dir: Path) -> list[str]:
        return ["--server", server.url, "--token-file", str(tokens[data_dir])]

    run_sequence(tmp_path, through_server, through_server)
