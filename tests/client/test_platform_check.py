"""The check before any window: missing X libraries are named, with the install command."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from ticketdesk.client import platform_check

# ldd of PySide6 6.x's libqxcb.so on a fresh Debian 12 desktop (trimmed; captured output)
LDD_FRESH_DEBIAN = """\
\tlinux-vdso.so.1 (0x00007ffd6b7f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x7f1)
\tlibQt6Gui.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6Gui.so.6 (0x7f2)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x7f3)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x7f4)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-randr.so.0 => /lib/x86_64-linux-gnu/libxcb-randr.so.0 (0x7f5)
\tlibxcb-cursor.so.0 => not found
\tlibfoo-unheard-of.so.3 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x7f6)
\t/lib64/ld-linux-x86-64.so.2 (0x7f7)
"""


def test_missing_libraries_are_named_with_the_command_that_installs_them() -> None:
    missing = platform_check.Missing(platform_check.missing_from_ldd(LDD_FRESH_DEBIAN))
    assert missing.sonames == [
        "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1",
        "libfoo-unheard-of.so.3",
    ]
    assert missing.command("debian") == (
        "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"
    )
    assert missing.command("fedora") == (
        "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms"
    )
    text = missing.message("debian")
    assert "libxcb-cursor.so.0" in text and "apt-get install libxcb-cursor0" in text
    assert "dnf" not in text and "libfoo-unheard-of.so.3" in text
    both = missing.message(None)  # a distribution we do not know: both commands
    assert "apt-get install" in both and "dnf install" in both


def test_distribution_family_from_os_release() -> None:
    assert platform_check.distro_family('ID=debian\nVERSION_ID="12"\n') == "debian"
    assert platform_check.distro_family("ID=linuxmint\nID_LIKE=\"ubuntu debian\"\n") == "debian"
    assert platform_check.distro_family('ID=fedora\n') == "fedora"
    assert platform_check.distro_family('ID="rocky"\nID_LIKE="rhel centos fedora"\n') == "fedora"
    assert platform_check.distro_family("ID=arch\n") is None


def test_only_the_xcb_platform_is_checked() -> None:
    assert platform_check.uses_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert platform_check.uses_xcb({"DISPLAY": ":0"})
    assert not platform_check.uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"})
    assert not platform_check.uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
    assert not platform_check.uses_xcb({})
    assert platform_check.check({"QT_QPA_PLATFORM": "offscreen"}) is None


@pytest.mark.skipif(shutil.which("ldd") is None, reason="no ldd on this machine")
def test_the_real_plugin_on_this_machine_is_checked_as_ldd_sees_it() -> None:
    # Whether this machine has Qt's xcb libraries is up to the machine (a fresh one may
    # not): what is checked is that the check says exactly what ldd says is missing, and
    # that every library Qt 6 needs here has a package to name.
    plugin = platform_check.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    assert "libxcb-cursor.so.0" in ldd.stdout  # the parser reads real output
    not_found = [line.split()[0] for line in ldd.stdout.splitlines() if "not found" in line]
    assert platform_check.missing_from_ldd(ldd.stdout) == list(dict.fromkeys(not_found))
    found = platform_check.check({"QT_QPA_PLATFORM": "xcb"})
    if not_found:
        assert found is not None and found.sonames == list(dict.fromkeys(not_found))
        assert found.unknown == [] and found.packages("debian")
    else:
        assert found is None
