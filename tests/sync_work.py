"""What the laptops of the sync model do to records, each step through the services."""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

from smartgrowth_desktop.core.schema import KINDS, LEAD_STAGES
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.contact_merge import Choice, merge_contacts, undo_merge
from smartgrowth_desktop.services.interchange import export_document, import_document
from smartgrowth_desktop.services.leads import LeadService
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from tests import sync_values as values
from tests.sync_laptops import Laptop, Laptops, Step


class RecordWork(Laptops):
    """Record steps: create, edit, delete, restore, merge, move, attach, import..."""

    # -- record work -----------------------------------------------------------------------

    def _op_create(self, step: Step) -> None:
        laptop, rng = self.laptop(step), random.Random(step["seed"])
        with self.writing(laptop):
            new = values.new_values(step["kind"], rng, self.picker(laptop))
            RecordService(laptop.profile).create(step["kind"], new)

    def _op_edit(self, step: Step) -> None:
        laptop = self.laptop(step)
        trash = step.get("trash", False)  # an edit of a record in the trash
        record = self.choose(self.held(laptop, step["kind"], deleted=trash), step["pick"])
        if record is not None:
            self._edit(laptop, step["kind"], record, step["field"], step["seed"])

    def _edit(self, laptop: Laptop, kind: str, record: str, index: int, seed: int,
              singles: bool = False, avoid: object = None) -> object:  # fmt: skip
        """Edit one field of a record (``singles``: a field holding one value, not a set,
        and not to ``avoid``); checks the laptop then shows what was typed. Returns it."""
        fields = [f for f in values.editable(kind) if not (singles and values.is_set(kind, f))]
        name = fields[index % len(fields)]
        service = RecordService(laptop.profile)
        current = service.get_wire(kind, record)[name]
        rng = random.Random(seed)
        typed = values.edit_value(kind, name, current, rng, self.picker(laptop))
        for _ in range(8):
            if typed != avoid and (typed != current or not singles):
                break
            typed = values.edit_value(kind, name, current, rng, self.picker(laptop))
        if typed is None and values.is_set(kind, name):
            return None
        with self.writing(laptop):
            service.update(kind, record, {name: typed})
            if not values.is_set(kind, name):
                expected = KINDS[kind].by_name[name].type.normalize(typed, name)
                assert service.get_wire(kind, record)[name] == expected, (kind, name, typed)
        return typed

    def _op_delete(self, step: Step) -> None:
        laptop = self.laptop(step)
        record = self.choose(self.held(laptop, step["kind"]), step["pick"])
        if record is not None:
            with self.writing(laptop):
                assert RecordService(laptop.profile).delete(step["kind"], record)

    def _op_restore(self, step: Step) -> None:
        laptop = self.laptop(step)
        record = self.choose(self.held(laptop, step["kind"], deleted=True), step["pick"])
        if record is not None:
            with self.writing(laptop):
                assert RecordService(laptop.profile).restore(step["kind"], record)

    def _op_merge(self, step: Step) -> None:
        laptop = self.laptop(step)
        contacts = self.held(laptop, "contact")
        keep, other = self.choose(contacts, step["keep"]), self.choose(contacts, step["other"])
        if keep is None or other is None or keep == other:
            return
        take: dict[str, Choice] = {"title": "other"} if step["other_title"] else {}
        merged = None
        with self.writing(laptop):
            merged = merge_contacts(laptop.profile, keep, other, take)
        if merged is not None and step.get("undo"):
            with self.writing(laptop):
                undo_merge(laptop.profile, merged)

    def _op_move(self, step: Step) -> None:
        laptop = self.laptop(step)
        lead = self.choose(self.held(laptop, "lead"), step["pick"])
        if lead is not None:
            stage = LEAD_STAGES[step["stage"] % len(LEAD_STAGES)]
            note = values.NOTES[step["stage"] % len(values.NOTES)] if step["note"] else None
            with self.writing(laptop):
                LeadService(laptop.profile).move(lead, stage, note)

    def _op_attach(self, step: Step) -> None:
        laptop = self.laptop(step)
        owner = self.choose(self.held(laptop, step["owner_kind"]), step["pick"])
        if owner is None:
            return
        seed = step["seed"]
        data = f"card {seed % 5} ".encode() * (40 + 13 * (seed % 5))  # same seed, same blob
        name = values.POOLS["file_name"][seed % 3]
        with self.writing(laptop):
            AttachmentService(laptop.profile).attach(step["owner_kind"], owner, data, name)

    def _op_concurrent(self, step: Step) -> None:
        """Two laptops edit the same field of a record (or one deletes it) before either
        syncs again; the second gets the record through the shared folder if it lacks it."""
        first, second = self.pair(step)
        for kind in (step["kind"], "contact", "lead", *values.CREATABLE):  # the first one held
            either = set(self.held(first, kind)) | set(self.held(second, kind))
            if either:
                break
        record = self.choose([h for _k, h in self.records if h in either], step["pick"])
        if record is None:  # nothing to share yet: a new card on the first laptop
            kind, rng = "contact", random.Random(step["seed"])
            with self.writing(first):
                new = values.new_values(kind, rng, self.picker(first))
                record = RecordService(first.profile).create(kind, new).hex
        for source, target in ((first, second), (second, first)):
            if record in self.held(source, kind) and record not in self.held(target, kind):
                self.sync(source, "share")
                self.sync(target, "share")
        if not all(record in self.held(laptop, kind) for laptop in (first, second)):
            return  # deleted on one of them
        typed, before = None, self.stats.writes
        if step["delete"]:
            with self.writing(first):
                RecordService(first.profile).delete(kind, record)
        else:
            typed = self._edit(first, kind, record, step["field"], step["seed"], True)
        self._edit(second, kind, record, step["field"], step["seed"] + 1, True, typed)
        self.stats.concurrent += self.stats.writes - before == 2

    def _op_json(self, step: Step) -> None:
        """One laptop's ``smartgrowth/1`` export imported on another (records by id)."""
        source, target = self.pair(step)
        document = export_document(source.profile, include_deleted=step["deleted"])
        with self.writing(target):
            import_document(target.profile, document)

    def _op_bulk(self, step: Step) -> None:
        """A spreadsheet's worth of contacts imported in one write: more changes than one
        changeset holds, so it travels as several (a sync may stop between them)."""
        laptop, rng = self.laptop(step), random.Random(step["seed"])
        org = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        contacts = [
            {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
             "family_name": rng.choice(values.NAMES), "given_name": f"No. {i}",
             "title": rng.choice(values.TITLES), "organization_id": org,
             "tags": ["bulk", rng.choice(values.TAGS)], "emails": [f"p{i}@example.vn"]}
            for i in range(step["count"])
        ]  # fmt: skip
        place = {"id": org, "name": "Expo visitors", "kind": "other"}
        document = {"format": "smartgrowth/1", "contacts": contacts, "organizations": [place]}
        with self.writing(laptop):
            import_document(laptop.profile, document)

    def _op_work_order(self, step: Step) -> None:
        """An ordinary order of work before a sync: an edit, then new records linked to the
        new ones (an SME, its lead, a contact there, a meeting with them, a follow-up)."""
        laptop, rng = self.laptop(step), random.Random(step["seed"])
        records = RecordService(laptop.profile)
        for kind in ("lead", "contact"):
            record = self.choose(self.held(laptop, kind), rng.randrange(99))
            if record is not None:
                self._edit(laptop, kind, record, rng.randrange(99), rng.randrange(99))
        made: dict[str, str] = {}
        plan: list[tuple[str, dict[str, Any]]] = [
            ("organization", {"name": rng.choice(values.ORGS), "kind": "sme"}),
            ("lead", {"title": "Lighting pilot", "kind": "pilot", "stage": "identified",
                      "sme_id": "organization"}),
            ("contact", {"family_name": rng.choice(values.NAMES),
                         "organization_id": "organization"}),
            ("meeting", {"title": "Site visit", "attendee_ids": ["contact"],
                         "sme_ids": ["organization"]}),
            ("follow_up", {"text": "Send the offer", "meeting_id": "meeting"}),
        ]  # fmt: skip
        for kind, template in plan:
            filled = {
                k: ([made[i] for i in v] if isinstance(v, list) else made.get(v, v))
                for k, v in template.items()
            }
            with self.writing(laptop):
                made[kind] = str(records.create(kind, filled))

    def _op_resolve(self, step: Step) -> None:
        laptop = self.laptop(step)
        service = SyncService(laptop.profile)
        order = {h: i for i, (_k, h) in enumerate(self.records)}
        listed = sorted(
            service.list_conflicts(),
            key=lambda c: (order.get(c.record_id.replace("-", ""), -1), c.field),
        )
        if not listed:
            return
        conflict = listed[step["pick"] % len(listed)]
        keep = step["keep"]
        if keep == "value":
            if conflict.is_deletion:
                keep = "record"
            elif conflict.field not in values.editable(conflict.kind):  # derived: romanized
                keep = "theirs" if any(not v.mine for v in conflict.values) else "mine"
            else:
                rng = random.Random(step["pick"])
                typed = values.edit_value(conflict.kind, conflict.field, None, rng,
                                          self.picker(laptop))  # fmt: skip
                keep = json.dumps(typed, ensure_ascii=False)
        refused = self.stats.refused
        with self.writing(laptop):
            service.resolve(conflict.id, keep)
        if self.stats.refused == refused:  # settled here at once
            assert conflict.id not in {c.id for c in service.list_conflicts()}
