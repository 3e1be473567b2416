"""Attachments (business-card images, photos, files) stored once by content hash."""

from __future__ import annotations

import hashlib
import mimetypes
import uuid
from pathlib import Path

from smartgrowth_desktop.core.atomic import write_atomically
from smartgrowth_desktop.core.blob_seal import is_sealed, stored_form, unseal
from smartgrowth_desktop.core.bounded_io import TooLarge, read_at_most, size_text
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.image_header import image_size, too_many_pixels
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import create_in

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_STORED_BYTES = 64 * 1024 * 1024  # the most sync takes in for one file
PICTURE_ROLES = ("photo", "business_card")  # printed in packs: their pixels are counted


def blob_path(root: Path, content_hash: str) -> Path:
    """Where the bytes with ``content_hash`` live under ``root``."""
    return root / content_hash[:2] / content_hash


def store_blob(root: Path, data: bytes, key: bytes | None = None) -> str:
    """Write ``data`` under its SHA-256 (atomically, once; sealed with ``key``, the
    profile's ``attachments_key``, in an encrypted profile); returns the hash."""
    content_hash = hashlib.sha256(data).hexdigest()
    target = blob_path(root, content_hash)
    try:
        stored: bytes | None = read_at_most(target, MAX_STORED_BYTES)
    except (OSError, TooLarge):
        stored = None
    right_form = stored is not None and is_sealed(stored) == (key is not None)
    if right_form and stored is not None and unseal(key, content_hash, stored) is not None:
        return content_hash  # already here, in the right form
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, stored_form(key, content_hash, data), permissions=0o600)
    return content_hash


_LIMIT = size_text(MAX_ATTACHMENT_BYTES)


def _check_picture(data: bytes, file_name: str, role: str) -> None:
    """Refuse a photo or card scan whose header claims more pixels than a pack draws."""
    size = image_size(data) if role in PICTURE_ROLES else None
    why = too_many_pixels(size) if size is not None else None
    if why is not None:
        raise ValidationError(
            "file", f"{file_name} is a picture of {why}; make it smaller and attach it again"
        )


class AttachmentService:
    """Attach files to records and read them back."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def attach(
        self,
        owner_kind: str,
        owner_id: uuid.UUID | str,
        data: bytes,
        file_name: str,
        media_type: str | None = None,
        role: str = "file",
    ) -> uuid.UUID:
        """Store ``data`` and record it as an attachment of the owner record."""
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise ValidationError("file", f"{file_name} is larger than {_LIMIT}")
        _check_picture(data, file_name, role)
        content_hash = store_blob(self.profile.attachments_dir, data, self.profile.attachments_key)
        media_type = media_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        with self.profile.write() as writer:
            return create_in(
                writer,
                "attachment",
                {
                    "content_hash": content_hash,
                    "file_name": file_name,
                    "media_type": media_type,
                    "size": len(data),
                    "owner_kind": owner_kind,
                    "owner_id": str(owner_id),
                    "role": role,
                },
            )

    def attach_file(
        self, owner_kind: str, owner_id: uuid.UUID | str, path: Path, role: str = "file"
    ) -> uuid.UUID:
        """Attach the file at ``path``."""
        try:
            data = read_at_most(path, MAX_ATTACHMENT_BYTES)
        except TooLarge as error:
            raise ValidationError("file", f"{path} is too large to attach: {error}") from None
        except OSError as error:
            raise ValidationError("file", f"cannot read {path}: {error.strerror}") from error
        return self.attach(owner_kind, owner_id, data, path.name, role=role)

    def read(self, content_hash: str) -> bytes | None:
        """The stored bytes, or None when this device does not have them (yet)."""
        path = blob_path(self.profile.attachments_dir, content_hash)
        try:  # a teammate's blob arrived through sync: at most a changeset file's size
            stored = read_at_most(path, MAX_STORED_BYTES)
        except (OSError, TooLarge):
            return None
        return unseal(self.profile.attachments_key, content_hash, stored)
