"""The window and an encrypted profile: the unlock screen, the first-run offer, Settings →
Security, the recovery key shown once (and its page), the idle lock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.app import offer_first_run
from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.core.sqlcipher import encrypted_profile
from smartgrowth_desktop.services.profile import Profile, unlock_data_key
from smartgrowth_desktop.services.profile_crypto import encrypt_profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.ui.encryption_control import encryption_for
from smartgrowth_desktop.ui.first_run import FirstRunDialog
from smartgrowth_desktop.ui.main_window import MainWindow
from smartgrowth_desktop.ui.operations import Operations
from smartgrowth_desktop.ui.passphrase_dialog import PassphraseDialog
from smartgrowth_desktop.ui.recovery_key import RecoveryKeyDialog
from smartgrowth_desktop.ui.unlock import UnlockDialog, Unlocker, unlock_at_start
from tests.ui.conftest import settle, type_text

PASS = "mưa ở Hội An"
SHOTS = os.environ.get("SMARTGROWTH_SHOTS")


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(profile_key.KDF_N_ENV, "1024")


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    folder = tmp_path / "profile"
    with Profile(folder) as profile:
        RecordService(profile).create("contact", {"family_name": "Nguyễn", "given_name": "Hà"})
    encrypt_profile(folder, PASS)
    return folder


@pytest.fixture
def operations() -> Iterator[Operations]:
    errors: list[BaseException] = []
    ops = Operations(errors.append)
    yield ops
    ops.shutdown()
    assert errors == []


def _type_and_unlock(qtbot: QtBot, dialog: UnlockDialog, text: str) -> None:
    dialog.secret.clear()
    type_text(qtbot, dialog.secret, text)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)


def test_the_unlock_screen_says_a_wrong_passphrase_and_opens_with_the_right_one(
    qtbot: QtBot, encrypted: Path, operations: Operations
) -> None:
    dialog = UnlockDialog(encrypted, "this machine has no OS keyring")
    qtbot.addWidget(dialog)
    unlocker = Unlocker(dialog, operations.run, lambda p, r: unlock_data_key(encrypted, p, r))
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.remember.isEnabled() and "no OS keyring" in dialog.remember.toolTip()
    for _ in range(3):  # no lock-out
        _type_and_unlock(qtbot, dialog, "not the passphrase")
        qtbot.waitUntil(lambda: "wrong" in dialog.error.text(), timeout=10_000)
        assert dialog.unlock_button.isEnabled() and not dialog.result()
    _shot(dialog, "unlock-wrong")
    _type_and_unlock(qtbot, dialog, PASS)
    qtbot.waitUntil(lambda: unlocker.result is not None, timeout=10_000)
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert unlocker.result == unlock_data_key(encrypted, PASS)


def test_the_first_frame_of_an_encrypted_profile_is_the_unlock_screen(
    qtbot: QtBot, encrypted: Path
) -> None:
    seen: list[UnlockDialog] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        seen.append(dialog)
        _shot(dialog, "unlock")
        use = dialog.findChild(QPushButton, "unlock-button")
        assert use is not None
        dialog.use_recovery.setChecked(True)  # the recovery key is not at hand: back
        dialog.use_recovery.setChecked(False)
        type_text(qtbot, dialog.secret, PASS)
        qtbot.mouseClick(use, Qt.MouseButton.LeftButton)

    QTimer.singleShot(100, answer)
    data_key = unlock_at_start(encrypted)
    assert seen and data_key == unlock_data_key(encrypted, PASS)


def test_quitting_the_unlock_screen_opens_nothing(qtbot: QtBot, encrypted: Path) -> None:
    def quit_now() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        quit_button = dialog.findChild(QPushButton, "unlock-quit")
        assert quit_button is not None
        qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(100, quit_now)
    assert unlock_at_start(encrypted) is None


def test_the_first_run_screen_recommends_encrypting(qtbot: QtBot, window: MainWindow) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstRunDialog)
        assert dialog.encrypt.isChecked()  # recommended: on by default
        type_text(qtbot, dialog.passphrase, PASS)
        type_text(qtbot, dialog.again, PASS + "x")
        start = dialog.findChild(QPushButton, "start-empty")
        assert start is not None
        qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "differ" in dialog.error.text()
        _shot(dialog, "first-run-encrypt")
        dialog.again.clear()
        type_text(qtbot, dialog.again, PASS)
        qtbot.mouseClick(start, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, answer)
    offer_first_run(window)
    control = encryption_for(window, window.ctx)
    qtbot.waitUntil(lambda: control.recovery_dialog is not None, timeout=20_000)
    settle(qtbot, window)
    assert window.ctx.profile.encrypted and encrypted_profile(window.ctx.profile.folder)
    recovery = control.recovery_dialog
    assert recovery is not None and recovery.isVisible()
    assert not recovery.done_button.isEnabled()
    recovery.reject()  # Escape does not skip the key
    assert recovery.isVisible()
    recovery.stored.setChecked(True)
    qtbot.mouseClick(recovery.done_button, Qt.MouseButton.LeftButton)
    assert not recovery.isVisible()
    RecordService(window.ctx.profile).create("contact", {"family_name": "Lê"})
    assert window.ctx.records.count("contact") == 1  # the window goes on, encrypted


def test_settings_encrypts_the_open_profile_and_the_recovery_page_prints(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    window = demo_window
    dialog = window.commands.open_settings()
    tab = next(t for t in dialog.pages if t.title == "Security")  # type: ignore[attr-defined]
    dialog.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
    _shot(dialog, "settings-security-plain")
    qtbot.mouseClick(tab.encrypt_button, Qt.MouseButton.LeftButton)
    asked = QApplication.activeModalWidget()
    assert isinstance(asked, PassphraseDialog)
    type_text(qtbot, asked.new, PASS)
    type_text(qtbot, asked.again, PASS)
    _shot(asked, "encrypt-passphrase")
    ok = asked.findChild(QPushButton, "passphrase-ok")
    assert ok is not None
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    control = encryption_for(window, window.ctx)
    qtbot.waitUntil(lambda: control.recovery_dialog is not None, timeout=30_000)
    settle(qtbot, window)
    recovery = control.recovery_dialog
    assert isinstance(recovery, RecoveryKeyDialog)
    warning = recovery.findChild(QLabel, "recovery-key-warning")
    assert warning is not None and "cannot be recovered" in warning.text()
    _shot(recovery, "recovery-key")
    page = tmp_path / "recovery.pdf"
    recovery.save_pdf(page)
    qtbot.waitUntil(lambda: recovery.saved_to == page, timeout=20_000)
    assert page.read_bytes().startswith(b"%PDF")
    assert window.ctx.records.count("contact") == 90  # every record, now encrypted
    assert encrypted_profile(window.ctx.profile.folder)
    assert tab.change_button.isVisible() or not tab.isVisible()
    dialog.close()


def test_the_idle_lock_hides_every_record_until_unlocked(qtbot: QtBot, encrypted: Path) -> None:
    from smartgrowth_desktop.app import build_window

    window = build_window(encrypted, unlock_data_key(encrypted, PASS))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    control = encryption_for(window, window.ctx)
    control.set_lock_minutes(5)
    idle = control.start_idle_lock()
    assert idle is not None
    idle.lock()
    assert not window.isVisible()
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [idle.dialog]  # nothing but the unlock screen
    dialog = idle.dialog
    assert isinstance(dialog, UnlockDialog)
    qtbot.waitExposed(dialog)
    _shot(dialog, "locked")
    _type_and_unlock(qtbot, dialog, "not the passphrase")
    qtbot.waitUntil(lambda: "wrong" in dialog.error.text(), timeout=10_000)
    assert not window.isVisible()
    _type_and_unlock(qtbot, dialog, PASS)
    qtbot.waitUntil(window.isVisible, timeout=10_000)
    assert not idle.is_locked
    idle.stop()
    window.close()
    window.ctx.profile.close()


def test_changing_the_passphrase_from_settings(qtbot: QtBot, encrypted: Path) -> None:
    from smartgrowth_desktop.app import build_window

    built = build_window(encrypted, unlock_data_key(encrypted, PASS))
    qtbot.addWidget(built)
    built.show()
    settle(qtbot, built)
    control = encryption_for(built, built.ctx)
    asked = control.ask_change()
    type_text(qtbot, asked.current, PASS)
    type_text(qtbot, asked.new, "a new passphrase")
    type_text(qtbot, asked.again, "a new passphrase")
    field = asked.findChild(QLineEdit, "passphrase-current")
    assert field is not None and field.echoMode() == QLineEdit.EchoMode.Password
    asked.accept()
    qtbot.waitUntil(
        lambda: built.statusBar().currentMessage() == "The passphrase is changed.",
        timeout=10_000,
    )
    assert unlock_data_key(encrypted, "a new passphrase") == built.ctx.profile.data_key
    built.close()
    built.ctx.profile.close()


def test_removing_the_encryption_from_settings(qtbot: QtBot, encrypted: Path) -> None:
    from smartgrowth_desktop.app import build_window

    built = build_window(encrypted, unlock_data_key(encrypted, PASS))
    qtbot.addWidget(built)
    built.show()
    settle(qtbot, built)
    dialog = built.commands.open_settings()
    tab = next(t for t in dialog.pages if t.title == "Security")  # type: ignore[attr-defined]
    assert tab.decrypt_button.isVisibleTo(tab) and not tab.encrypt_button.isVisibleTo(tab)
    qtbot.mouseClick(tab.decrypt_button, Qt.MouseButton.LeftButton)
    control = encryption_for(built, built.ctx)
    asked = control.decrypt_dialog
    assert isinstance(asked, UnlockDialog)
    _shot(asked, "decrypt")
    _type_and_unlock(qtbot, asked, "not the passphrase")
    qtbot.waitUntil(lambda: "wrong" in asked.error.text(), timeout=10_000)
    assert encrypted_profile(encrypted)
    _type_and_unlock(qtbot, asked, PASS)
    qtbot.waitUntil(lambda: not encrypted_profile(encrypted), timeout=20_000)
    settle(qtbot, built)
    assert not built.ctx.profile.encrypted
    assert built.ctx.records.count("contact") == 1
    assert tab.encrypt_button.isVisibleTo(tab)
    dialog.close()
    built.close()
    built.ctx.profile.close()


def test_cancelling_an_encryption_leaves_the_profile_as_it_was(
    qtbot: QtBot, window: MainWindow
) -> None:
    RecordService(window.ctx.profile).create("contact", {"family_name": "Đặng"})
    control = encryption_for(window, window.ctx)
    task = control.encrypt(PASS)
    task.cancel()  # before the new file is verified: nothing is swapped in
    qtbot.waitUntil(lambda: "Cancelled" in window.statusBar().currentMessage(), timeout=20_000)
    settle(qtbot, window)
    assert not window.ctx.profile.encrypted
    assert not encrypted_profile(window.ctx.profile.folder)
    assert window.ctx.records.count("contact") == 1
    RecordService(window.ctx.profile).create("contact", {"family_name": "Lê"})  # still works
    assert window.ctx.records.count("contact") == 2


def test_remember_on_this_computer_opens_the_next_start_at_once(
    qtbot: QtBot, encrypted: Path
) -> None:
    import keyring

    from tests.test_key_memory import MemoryKeyring

    before = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    try:

        def answer() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, UnlockDialog)
            qtbot.waitUntil(dialog.remember.isEnabled, timeout=10_000)  # a keyring is here
            _shot(dialog, "unlock-remember")
            dialog.remember.setChecked(True)
            _type_and_unlock(qtbot, dialog, PASS)

        QTimer.singleShot(100, answer)
        first = unlock_at_start(encrypted)
        assert first == unlock_data_key(encrypted, PASS) and len(store.kept) == 1
        assert unlock_at_start(encrypted) == first  # no passphrase asked this time
    finally:
        keyring.set_keyring(before)


def test_the_first_run_encrypts_then_loads_the_demo(qtbot: QtBot, window: MainWindow) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstRunDialog)
        type_text(qtbot, dialog.passphrase, PASS)
        type_text(qtbot, dialog.again, PASS)
        start = dialog.findChild(QPushButton, "start-demo")
        assert start is not None
        qtbot.mouseClick(start, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, answer)
    offer_first_run(window)
    # a read meanwhile waits for the converted database (it does not meet the old one
    # locked): this one, on the GUI thread, only once the recovery key is shown
    control = encryption_for(window, window.ctx)
    qtbot.waitUntil(lambda: control.recovery_dialog is not None, timeout=60_000)
    qtbot.waitUntil(lambda: window.ctx.records.count("mission") == 6, timeout=60_000)
    settle(qtbot, window)
    assert window.ctx.profile.encrypted and window.ctx.records.count("contact") == 90
    from tests.test_profile_encryption_raw import leaks

    folder = window.ctx.profile.folder
    for name in ("profile.sqlite3", "profile.sqlite3-wal"):
        if (folder / name).exists():
            assert leaks((folder / name).read_bytes()) == [], name
    recovery = encryption_for(window, window.ctx).recovery_dialog
    assert recovery is not None
    recovery.stored.setChecked(True)
    recovery.accept()


def test_a_new_laptop_restores_an_encrypted_backup_in_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from smartgrowth_desktop.services.backups import BackupService

    old = tmp_path / "old-laptop"
    with Profile(old) as profile:
        RecordService(profile).create("contact", {"family_name": "Nguyễn", "given_name": "Hà"})
    encrypt_profile(old, PASS)
    with Profile(old, passphrase=PASS) as old_laptop:
        backup = BackupService(old_laptop).back_up_now().path
    controller = window.commands.backups
    dialog = controller.restore_encrypted(backup)
    assert isinstance(dialog, UnlockDialog)
    _shot(dialog, "restore-encrypted")
    _type_and_unlock(qtbot, dialog, "not the passphrase")
    qtbot.waitUntil(lambda: "wrong" in dialog.error.text(), timeout=10_000)
    assert not window.ctx.profile.encrypted  # nothing touched
    _type_and_unlock(qtbot, dialog, PASS)
    qtbot.waitUntil(lambda: window.ctx.profile.encrypted, timeout=20_000)
    settle(qtbot, window)
    assert encrypted_profile(window.ctx.profile.folder)
    assert [c.family_name for c in window.ctx.records.list("contact")] == ["Nguyễn"]
    RecordService(window.ctx.profile).create("contact", {"family_name": "Lê"})
    assert window.ctx.records.count("contact") == 2
