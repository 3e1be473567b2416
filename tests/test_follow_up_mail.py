"""Follow-up e-mails: drafts per counterpart, templates with unknown placeholders named,
.eml files read back with the standard e-mail parser, "mark as sent" in the change log."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from smartgrowth_desktop.cli import main as cli_main
from smartgrowth_desktop.core.device import write_state
from smartgrowth_desktop.core.errors import NotFoundError, ValidationError
from smartgrowth_desktop.core.models import Change, FollowUp
from smartgrowth_desktop.exchange.eml import MailDraft, MailFile, eml_bytes
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.debrief import DebriefService
from smartgrowth_desktop.services.follow_up_mail import FollowUpMailService
from smartgrowth_desktop.services.mail_templates import (
    BODY_KEY,
    PLACEHOLDERS,
    MailTemplate,
    fill,
    load_template,
    placeholders_in,
    save_template,
)
from smartgrowth_desktop.services.profile import Profile
from tests.conftest import examples, run_cli
from tests.debrief_world import MISSION, World, copy_of_world

ONE_PAGER = b"%PDF-1.4\n% Vesivahti one-pager \xe2\x80\x93 binary \x00\xff\n%%EOF\n"
ONE_PAGER_NAME = "Vesivahti one-pager – tiếng Việt.pdf"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    made = copy_of_world(tmp_path_factory.mktemp("mail"))
    with Profile(made.folder) as profile:
        profile.set_user("Karin Lindqvist", "Vesivahti Oy")
        AttachmentService(profile).attach(
            "organization", made.ids["sme_a"], ONE_PAGER, ONE_PAGER_NAME, "application/pdf"
        )
    return made


@pytest.fixture(scope="module")
def service(world: World) -> Iterator[FollowUpMailService]:
    with Profile(world.folder) as profile:
        yield FollowUpMailService(profile)


def parsed(data: bytes) -> EmailMessage:
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_a_draft_per_counterpart_in_their_name_order(
    service: FollowUpMailService, world: World
) -> None:
    (khai,) = service.drafts(world.ids["m1"])  # Karin is of our SME: no e-mail to her
    body = khai.draft.body
    assert body.startswith("Dear Nguyễn Thị Minh Khai,\n")  # family name first
    assert "on Monday 9 March 2026. It was a pleasure" in body
    assert "your colleagues at Sở Khoa học và Công nghệ TP.HCM." in body
    assert "- A pilot on 40 poles in Quận 1 by June." in body
    assert "Old lead untouched" not in body  # no next step: nothing agreed
    assert "- Flood sensor pilot with DOST: Contacted; next step: Send the pilot proposal" in body
    # hers: the meeting's open follow-up naming her and her organization's lead's
    assert "- Send the proposal to Nguyễn Thị Minh Khai (Karin Lindqvist, by 20 Mar 2026)" in body
    assert "- Draft the MoU text (Karin Lindqvist, by 1 Apr 2026)" in body
    assert "Thank the driver" not in body and "寄送API文档" not in body
    assert body.rstrip().endswith("Kind regards,\nKarin Lindqvist\nVesivahti Oy")
    (zhang,) = service.drafts(world.ids["m2"])
    assert zhang.draft.body.startswith("Dear Zhang Xiaoyan,\n")
    assert zhang.address == "zhangxy@gz.example"
    template = MailTemplate("{full_name}: {given_name} / {family_name}", "{organization}")
    (named,) = service.drafts(world.ids["m2"], template)
    assert named.draft.subject == "张晓燕 (Zhang Xiaoyan): Xiaoyan / Zhang"
    assert named.draft.body == "Guangzhou Smart City Office"


def test_unknown_placeholders_and_stray_braces_are_named(
    service: FollowUpMailService, world: World
) -> None:
    with pytest.raises(ValidationError, match=re.escape("body: unknown placeholder {gender}")):
        service.drafts(world.ids["m1"], MailTemplate("Hi", "Dear {gender} {family_name}"))
    with pytest.raises(ValidationError, match=re.escape("unknown placeholder {given_name!r}")):
        fill("{given_name!r}", {"given_name": "An"})
    with pytest.raises(ValidationError, match="subject: Single '}'"):
        MailTemplate("Thanks }", "").check()
    assert fill("{{braces}} {given_name}", {"given_name": "An"}) == "{braces} An"
    profile = service.profile
    before = load_template(profile)
    with pytest.raises(ValidationError, match=re.escape("{meeting_place}")):
        save_template(profile, MailTemplate("{meeting_place}", "x"))
    assert load_template(profile) == before  # refused whole
    save_template(profile, MailTemplate("Re: {meeting_title}", "{salutation}", "kl@sg.example"))
    assert load_template(profile).sender_address == "kl@sg.example"
    save_template(profile, before)


def test_eml_read_back_with_its_attachment(
    service: FollowUpMailService, world: World, tmp_path: Path
) -> None:
    (khai,) = service.drafts(world.ids["m1"])
    files = service.attachments(world.ids["m1"], "one_pager")
    written = service.write_eml(khai, tmp_path / "khai.eml", files)
    data = written.read_bytes()
    assert data.isascii() and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    raw_to = re.search(rb"^To: (.*)$", data, re.MULTILINE)
    assert raw_to is not None and b"=?utf-8?" in raw_to.group(1)  # RFC 2047, not raw UTF-8
    message = parsed(data)
    assert str(message["To"]) == "Nguyễn Thị Minh Khai <khai@dost.example>"
    assert message["To"].addresses[0].display_name == "Nguyễn Thị Minh Khai"
    assert message["Subject"] == "Thank you for meeting us: Pilot scoping at DOST"
    assert message["X-Unsent"] == "1" and message["Message-ID"] and message["Date"]
    text = message.get_body(("plain",))
    assert text is not None and text.get_content().replace("\r\n", "\n") == khai.draft.body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == ONE_PAGER_NAME
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == ONE_PAGER  # byte for byte


def test_the_mission_pack_attached(service: FollowUpMailService, world: World) -> None:
    (pack,) = service.attachments(world.ids["m2"], "pack")
    assert pack.data.startswith(b"%PDF") and pack.file_name.startswith("Briefing pack Mission")
    with pytest.raises(ValidationError, match="no SME of this meeting has a one-pager"):
        service.attachments(world.ids["m2"], "one_pager")  # Linnaandur has none


def test_mark_as_sent_is_a_done_follow_up_in_the_change_log(
    service: FollowUpMailService, world: World
) -> None:
    (zhang,) = service.drafts(world.ids["m2"])
    made = service.mark_sent(zhang, date(2026, 3, 14))
    with service.profile.database.read() as session:
        noted = session.get(FollowUp, made)
        logged = session.scalars(select(Change.field).where(Change.record_id == made)).all()
    assert noted is not None and noted.done is True and noted.meeting_id == world.ids["m2"]
    assert noted.text == (
        "Follow-up e-mail sent to Zhang Xiaoyan <zhangxy@gz.example>: "
        "“Thank you for meeting us: 智慧城市 briefing”"
    )
    assert (noted.owner, noted.due_date) == ("Karin Lindqvist", date(2026, 3, 14))
    assert {"text", "done", "meeting_id"} <= set(logged)
    # done: the debrief's open follow-ups stay as they were
    assert len(DebriefService(service.profile).gather(MISSION).follow_ups) == 3


def test_a_meeting_without_counterparts_is_said(service: FollowUpMailService, world: World) -> None:
    with service.profile.write() as writer:
        lonely = writer.create("meeting", {"title": "Team dinner", "attendee_ids": [
            str(world.ids["p3"])]})  # fmt: skip
    with pytest.raises(ValidationError, match="'Team dinner' has nobody from the other side"):
        service.drafts(lonely)
    with pytest.raises(NotFoundError):
        service.drafts("not-an-id")


PIECES = ["{", "}", "{{", "}}", "{given_name}", "{salutation}", "{nope}", "{given_name!r}",
          "{agreed:>9}", "a", " ", "é", "张", "\n"]  # fmt: skip
VALUES = {name: f"<{name}>" for name in PLACEHOLDERS}


@settings(max_examples=examples(150))
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_a_template_is_filled_whole_or_refused_by_name(template: str) -> None:
    try:
        filled = fill(template, VALUES)
    except ValidationError as error:
        assert "unknown placeholder {" in str(error) or "brace" in str(error)
        return
    used = placeholders_in(template)
    assert all(filled.count(f"<{name}>") >= used.count(name) for name in set(used))
    assert filled.count("{") == template.count("{{") and filled.count("}") == template.count("}}")


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=examples(60))
@given(name=_TEXT, subject=_TEXT, body=_TEXT, data=st.binary(max_size=300), file_name=_TEXT)
def test_an_eml_reads_back_as_written(
    name: str, subject: str, body: str, data: bytes, file_name: str
) -> None:
    draft = MailDraft(
        subject, body, name, "an@example.org",
        attachments=(MailFile(file_name, "application/pdf", data),),
    )  # fmt: skip
    raw = eml_bytes(draft, datetime(2026, 3, 14, 9, 30, tzinfo=UTC))
    assert raw.isascii()
    message = parsed(raw)
    assert message["Subject"] == " ".join(subject.split())
    assert message["To"].addresses[0].display_name == " ".join(name.split())
    assert message["To"].addresses[0].addr_spec == "an@example.org"
    text = message.get_body(("plain",))
    assert text is not None
    assert text.get_content().replace("\r\n", "\n").rstrip("\n") == body.rstrip("\n")
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content() == data
    assert attachment.get_filename() == (" ".join(file_name.split()) or "attachment")


def test_cli_names_an_unknown_placeholder_then_writes_the_e_mails(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Profile(world.folder) as profile, profile.database.connection(immediate=True) as conn:
        write_state(conn, {BODY_KEY: "Dear {salutation}, {gender} {agreed}"})  # as if stored
    meeting = str(world.ids["m1"])
    done = run_cli("follow-up-mails", "--meeting", meeting, "--out-dir", str(tmp_path),
                   data_dir=world.folder)  # fmt: skip
    assert done.returncode == 1 and "unknown placeholder {gender}" in done.stderr
    assert list(tmp_path.iterdir()) == []
    with Profile(world.folder) as profile:
        save_template(profile, MailTemplate())
    argv = ["--data-dir", str(world.folder), "follow-up-mails", "--meeting", meeting,
            "--out-dir", str(tmp_path), "--attach", "one_pager", "--json"]  # fmt: skip
    assert cli_main(argv) == 0  # in this process: the subprocess above showed the face
    (written,) = json.loads(capsys.readouterr().out)
    message = parsed(Path(written["path"]).read_bytes())
    assert str(message["To"]) == "Nguyễn Thị Minh Khai <khai@dost.example>"
    assert [a.get_content() for a in message.iter_attachments()] == [ONE_PAGER]
