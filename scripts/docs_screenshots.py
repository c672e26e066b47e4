"""Build the documentation site and screenshot its pages in headless Chromium.

    python3 scripts/docs_screenshots.py                      # every page at 1280x900 and 1600x900
    python3 scripts/docs_screenshots.py --page cli/ovh --width 1280 --out /tmp/shots

What a test of the HTML cannot see (a navigation tab clipped at 1280 px, a wide table pushing
columns off the screen) shows in the pictures: look at them after changing the docs' layout,
navigation or CSS. Needs Debian's ``chromium`` (``apt-get install -y chromium``); not part of the
test command. The site is built with ``mkdocs build --strict`` into a temporary folder and served
on 127.0.0.1 for the browser; each screenshot gets a fresh browser profile.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WIDTHS = (1280, 1600)
HEIGHT = 900
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find_browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    sys.exit("no Chromium found; on Debian: apt-get install -y chromium")


def build_site(site: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path below its root (``cli/ovh/``)."""
    pages = sorted(path.parent.relative_to(site) for path in site.rglob("index.html"))
    return [
        ("" if str(page) == "." else f"{page}/") for page in pages if not str(page).startswith(("assets", "search"))
    ]


@contextmanager
def serving(site: Path) -> Generator[str, None, None]:
    """The built site over HTTP on a free loopback port (for the browser)."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            del format, args

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def screenshot(browser: str, url: str, width: int, target: Path, height: int = HEIGHT) -> None:
    with tempfile.TemporaryDirectory(prefix="resourcekit-chromium-") as profile:
        command = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={target}",
            f"--window-size={width},{height}",
            url,
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--page", action="append", help="a page such as cli/ovh or performance (repeatable)")
    parser.add_argument("--width", type=int, action="append", help="window width in px (repeatable)")
    parser.add_argument("--height", type=int, default=HEIGHT, help=f"window height in px ({HEIGHT}; more shows more)")
    default_out = Path(tempfile.gettempdir()) / "resourcekit-screenshots"
    parser.add_argument("--out", type=Path, default=default_out, help=f"where to write the PNG files ({default_out})")
    arguments = parser.parse_args(argv)
    browser = find_browser()
    arguments.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="resourcekit-site-") as folder:
        site = Path(folder)
        build_site(site)
        pages = [page.strip("/") + "/" for page in arguments.page] if arguments.page else site_pages(site)
        with serving(site) as root:
            for page in pages:
                for width in arguments.width or DEFAULT_WIDTHS:
                    name = (page.strip("/").replace("/", "-") or "home") + f"-{width}.png"
                    screenshot(browser, root + page, width, arguments.out / name, arguments.height)
                    print(arguments.out / name, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
