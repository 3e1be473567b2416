"""A hostile sync server cannot exhaust the app's memory: its answers are read bounded.

A real HTTP server on 127.0.0.1 stands in for a compromised or fake sync server. It
answers the listing with a gzip bomb (3 GB once inflated) or with a changeset of 3 GB;
the real CLI refuses, says why, and stays within 300 MB.
"""

from __future__ import annotations

import json
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.hostile_files import run_measured

CHUNK = 2**20


def _gzip_stream(total: int) -> Iterator[bytes]:
    """A gzip member of ``total`` zero bytes, produced a piece at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(CHUNK)
    for _ in range(total // CHUNK):
        piece = compressor.compress(zeros)
        if piece:
            yield piece
    yield compressor.flush()


class _Hostile(BaseHTTPRequestHandler):
    mode = "bomb"

    def log_message(self, *args: object) -> None:
        return None

    def do_GET(self) -> None:
        if self.path.startswith("/v1/me"):
            self._json({"team": "t", "user": "u", "latest": 0, "epoch": "e"})
        elif self.path.startswith("/v1/changesets?") and self.mode == "bomb":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            try:
                for piece in _gzip_stream(3 * 2**30):
                    self.wfile.write(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the app stopped reading: what is being tested
        elif self.path.startswith("/v1/changesets?"):
            device = "11111111-1111-4111-8111-111111111111"
            item = {"seq": 1, "origin": device, "first": 1, "last": 1, "tag": "a" * 12,
                    "size": 3 * 2**30, "sha256": "0" * 64}  # fmt: skip
            self._json({"items": [item], "next_after": 1, "more": False, "epoch": "e"})
        elif self.path.startswith("/v1/changesets/1"):
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            zeros = b"\1" * CHUNK
            try:
                for _ in range(3 * 2**30 // CHUNK):
                    self.wfile.write(zeros)
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            self._json({"error": "not_found", "message": "nothing here"}, 404)

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._json({"stored": True}, 201)

    def _json(self, body: object, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.mark.parametrize("mode", ["bomb", "huge"])
def test_a_hostile_server_is_refused_within_bounded_memory(tmp_path: Path, mode: str) -> None:
    handler = type("Handler", (_Hostile,), {"mode": mode})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    token = tmp_path / "token"
    token.write_text("sgt_" + "a" * 40, encoding="utf-8")
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        done = run_measured("sync", "--server", url, "--token-file", str(token),
                            data_dir=tmp_path / "profile")  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert ("more than 16 MB" in done.stderr) if mode == "bomb" else ("too large" in done.stderr)
    assert done.peak_mb < 300, done.peak_mb
