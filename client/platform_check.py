"""Before any window: can Qt's X11 platform plugin load on this machine?

On a fresh desktop install Qt's xcb plugin may lack system libraries (``libxcb-cursor0`` and
friends); Qt then aborts with "Could not load the Qt platform plugin xcb" and names nothing
to install. This module asks ``ldd`` what the plugin (and everything it loads) cannot find,
and says which packages provide it, with the one command that installs them.

It imports no Qt (it runs exactly when Qt cannot start), so its text is plain English: Qt's
translation system is not available at this point.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# soname → (Debian/Ubuntu package, Fedora package): what Qt 6's xcb plugin loads.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libpng16.so.16": ("libpng16-16", "libpng"),
    "libz.so.1": ("zlib1g", "zlib"),
    "libzstd.so.1": ("libzstd1", "libzstd"),
    "libexpat.so.1": ("libexpat1", "expat"),
    "libpcre2-8.so.0": ("libpcre2-8-0", "pcre2"),
    "libbrotlidec.so.1": ("libbrotli1", "libbrotli"),
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")


@dataclass(frozen=True)
class Missing:
    sonames: list[str]

    def packages(self, distro: str) -> list[str]:
        """Packages that provide the missing libraries (``debian`` or ``fedora``), in order,
        each once; libraries we cannot map are left out (`unknown` names them)."""
        index = 0 if distro == "debian" else 1
        found = [PACKAGES[s][index] for s in self.sonames if s in PACKAGES]
        return list(dict.fromkeys(found))

    @property
    def unknown(self) -> list[str]:
        return [s for s in self.sonames if s not in PACKAGES]

    def command(self, distro: str) -> str:
        packages = " ".join(self.packages(distro))
        if distro == "debian":
            return f"sudo apt-get install {packages}"
        return f"sudo dnf install {packages}"

    def message(self, distro: str | None) -> str:
        lines = [
            "TicketDesk cannot open its window: Qt's X11 platform plugin (xcb) needs system",
            "libraries this machine lacks: " + ", ".join(self.sonames) + ".",
        ]
        distros = [distro] if distro else ["debian", "fedora"]
        names = {"debian": "Debian/Ubuntu", "fedora": "Fedora"}
        if any(self.packages(d) for d in distros):
            lines.append("Install them with:" if distro else "Install them with one of:")
            for d in distros:
                lines.append(f"    {self.command(d)}    # {names[d]}")
        if self.unknown:
            lines.append(
                "Not known to TicketDesk (find the package that provides them): "
                + ", ".join(self.unknown)
            )
        lines.append("Then start TicketDesk again.")
        return "\n".join(lines)


def missing_from_ldd(output: str) -> list[str]:
    """The libraries ``ldd`` reports as ``not found``, each once, in its order."""
    found = [m.group(1) for line in output.splitlines() if (m := _NOT_FOUND.match(line))]
    return list(dict.fromkeys(found))


def distro_family(os_release: str) -> str | None:
    """``debian`` or ``fedora`` from the text of /etc/os-release; None for others."""
    fields: dict[str, str] = {}
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        fields[key.strip()] = value.strip().strip('"')
    ids = {fields.get("ID", ""), *fields.get("ID_LIKE", "").split()}
    if ids & {"debian", "ubuntu"}:
        return "debian"
    if ids & {"fedora", "rhel", "centos"}:
        return "fedora"
    return None


def xcb_plugin() -> Path | None:
    """PySide6's libqxcb.so, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        plugin = Path(location) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def uses_xcb(environ: dict[str, str] | os._Environ[str]) -> bool:
    """Whether Qt will pick the xcb platform here: asked for, or an X display without a
    Wayland one (offscreen, wayland and the rest need no X libraries)."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def check(environ: dict[str, str] | os._Environ[str] = os.environ) -> Missing | None:
    """What stops Qt's xcb plugin from loading here, or None (also when it is not needed,
    or when ``ldd`` is not there to ask)."""
    if not uses_xcb(environ):
        return None
    plugin = xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return None
    try:
        result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    missing = missing_from_ldd(result.stdout)
    return Missing(missing) if missing else None


def this_distro() -> str | None:
    try:
        return distro_family(Path("/etc/os-release").read_text())
    except OSError:
        return None
