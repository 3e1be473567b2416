"""Tokens: random, shown once, stored only as a SHA-256 hash, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

PREFIX = "sgt_"
_SHAPE = re.compile(r"sgt_[A-Za-z0-9_-]{43}")


def new_token() -> str:
    """A fresh token (256 random bits)."""
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def well_formed(token: str) -> bool:
    """Whether ``token`` has the shape of one of ours (checked before any lookup)."""
    return _SHAPE.fullmatch(token) is not None


def same_hash(stored: str, token: str) -> bool:
    """Whether ``token`` hashes to ``stored``, without leaking where they differ."""
    return hmac.compare_digest(stored.encode("ascii"), token_hash(token).encode("ascii"))
