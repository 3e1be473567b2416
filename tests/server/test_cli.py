"""``smartgrowth-server``: teams and people from the command line, HTTPS, bad URLs."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import os
import sqlite3
import ssl
import subprocess
import sys
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.server.support import ServerProcess, auth


def server_cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "smartgrowth_desktop.server", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


def test_teams_and_people_over_https(tmp_path: Path) -> None:
    """The command line on SQLite (the storage it drives runs on PostgreSQL elsewhere too)."""
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    assert server_cli("add-team", "--database-url", url, "Hebei delegation").returncode == 0
    again = server_cli("add-team", "--database-url", url, "Hebei delegation")
    assert again.returncode == 1 and "already exists" in again.stderr
    added = server_cli("add-user", "--database-url", url, "Hebei delegation", "Anna Berg")
    assert added.returncode == 0 and "not shown again" in added.stderr
    token = added.stdout.strip()
    assert token.startswith("sgt_") and len(token) == 47
    nobody = server_cli("add-user", "--database-url", url, "No such team", "X")
    assert nobody.returncode == 1 and "no team called" in nobody.stderr
    listed = server_cli("list", "--database-url", url).stdout
    assert "Hebei delegation\tAnna Berg\tactive" in listed and token not in listed

    cert, key = _self_signed(tmp_path)
    with ServerProcess(url, tmp_path / "log") as running:
        running.stop()
        running.url = running.url.replace("http://", "https://")
        running.verify = trusted = ssl.create_default_context(cafile=str(cert))
        running.start("--ssl-certfile", str(cert), "--ssl-keyfile", str(key))
        me = httpx.get(f"{running.url}/v1/me", headers=auth(token), verify=trusted)
        assert me.json() == {
            "team": "Hebei delegation",
            "user": "Anna Berg",
            "latest": 0,
            "epoch": me.json()["epoch"],
        }
        assert len(me.json()["epoch"]) == 16
        revoked = server_cli("revoke-user", "--database-url", url, "Hebei delegation", "Anna Berg")
        assert revoked.returncode == 0
        gone = httpx.get(f"{running.url}/v1/me", headers=auth(token), verify=trusted)
        assert gone.status_code == 401
    twice = server_cli("revoke-user", "--database-url", url, "Hebei delegation", "Anna Berg")
    assert twice.returncode == 1 and "no active person" in twice.stderr


def test_a_wrong_database_url_is_refused_calmly() -> None:
    for url, words in (
        ("mysql://x/y", "SQLite or PostgreSQL"),
        ("not a url", "not a database URL"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot open the database"),
    ):
        done = server_cli("list", "--database-url", url)
        assert done.returncode == 1 and words in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_the_database_is_readable_by_the_server_only(tmp_path: Path) -> None:
    """A new data folder is 0700 and the SQLite file with its -wal and -shm 0600; an older
    folder and file left readable to others are tightened when the server opens them."""
    folder = tmp_path / "data"
    assert server_cli("add-team", "--data-dir", str(folder), "Hebei").returncode == 0
    database = folder / "server.sqlite3"
    assert (_mode(folder), _mode(database)) == (0o700, 0o600)
    with ServerProcess(f"sqlite:///{database}", tmp_path / "log") as running:
        token = server_cli("add-user", "--data-dir", str(folder), "Hebei", "Anna").stdout.strip()
        data = b"a plain blob"
        name = hashlib.sha256(data).hexdigest()
        headers = {**auth(token), "X-Content-SHA256": name}
        assert httpx.put(f"{running.url}/v1/blobs/{name}", content=data, headers=headers).is_success
        files = {p.name: _mode(p) for p in folder.iterdir()}
        assert files == {
            n: 0o600 for n in ("server.sqlite3", "server.sqlite3-wal", "server.sqlite3-shm")
        }

    old = tmp_path / "old"
    old.mkdir(mode=0o755)
    os.chmod(old, 0o755)
    sqlite3.connect(old / "server.sqlite3").close()
    os.chmod(old / "server.sqlite3", 0o644)
    assert server_cli("list", "--data-dir", str(old)).returncode == 0
    assert (_mode(old), _mode(old / "server.sqlite3")) == (0o700, 0o600)
