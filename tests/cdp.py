"""A headless Chromium driven over the DevTools protocol on a pipe, for the browser tests of the
HTML report (tests/report/test_report_browser.py) and of the web page (tests/web/test_browser.py).

Why the protocol on a pipe: it sets an exact viewport (headless `--window-size` stops at 500 px), types, clicks and hovers like a person, reads the page and
takes screenshots, with nothing listening on a port and no package to
install beyond Debian's `chromium`. Input goes through `Input.*` events (real
mouse and keyboard events, so hover and focus handlers run as for a person);
`evaluate` only reads the page or waits for it.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


class Chromium:
    """One tab of a headless Chromium (fd 3 carries commands to it, fd 4 its answers and events)."""

    def __init__(self, path: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.events: list[dict[str, Any]] = []
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # The child's ends move to fds >= 10 first, so that placing them on 3 and 4 cannot clobber one
        # (bash, unlike dash, redirects from two-digit fds).
        for low in (to_chrome_r, from_chrome_w):
            high = fcntl.fcntl(low, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(low)
            if low == to_chrome_r:
                to_chrome_r = high
            else:
                from_chrome_w = high
        self._profile = tempfile.mkdtemp(prefix="presslens-chromium-")
        args = [
            path, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--disable-sync",
            f"--user-data-dir={self._profile}", "--remote-debugging-pipe", "about:blank",
        ]
        script = f'exec "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}'
        self._proc = subprocess.Popen(
            ["/bin/bash", "-c", script, "bash", *args],
            pass_fds=(to_chrome_r, from_chrome_w), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session=True)
        self.send("Runtime.enable", session=True)
        self.send("Log.enable", session=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the protocol ------------------------------------------------------------------------

    def send(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method} failed: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                raise TimeoutError(f"Chromium gave no answer within {self.timeout:.0f} s")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    # --- pages -------------------------------------------------------------------------------

    def viewport(self, width: int, height: int = 900) -> None:
        """A viewport `width` px wide (a phone's, with its viewport rules, under 600 px)."""
        self.send(
            "Emulation.setDeviceMetricsOverride", session=True,
            width=width, height=height, deviceScaleFactor=1, mobile=width < 600,
        )

    def open(self, url: str, *, width: int, height: int = 900) -> None:
        self.viewport(width, height)
        self.events.clear()
        self.send("Page.navigate", session=True, url=url)
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            event = self._read()
            if "method" in event:
                self.events.append(event)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, *, timeout: float = 30.0, every: float = 0.1) -> Any:
        """Poll `expression` until it is truthy; its value, or TimeoutError saying what was awaited."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout:.0f} s for {expression}")
            time.sleep(every)

    def center(self, selector: str) -> tuple[float, float]:
        """The viewport coordinates of the middle of the first element matching `selector`, scrolled into view."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0] || e.getBoundingClientRect();"
            " return [r.left + Math.min(r.width, 40) / 2, r.top + r.height / 2]; })()"
        )
        if box is None:
            raise LookupError(f"no element matches {selector}")
        return float(box[0]), float(box[1])

    # --- input, as a person gives it ------------------------------------------------------------

    def click(self, selector: str) -> None:
        x, y = self.center(selector)
        self.send("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y)
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, button="left", clickCount=1)

    def hover(self, selector: str) -> None:
        x, y = self.center(selector)
        self.send("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y)

    def insert_text(self, selector: str, text: str) -> None:
        """Focus a field and put `text` in it as a paste does."""
        self.click(selector)
        self.send("Input.insertText", session=True, text=text)

    def press(self, key: str, *, code: str | None = None, keycode: int = 0, shift: bool = False) -> None:
        modifiers = 8 if shift else 0
        params = {"key": key, "code": code or key, "windowsVirtualKeyCode": keycode, "modifiers": modifiers}
        self.send("Input.dispatchKeyEvent", session=True, type="rawKeyDown", **params)
        self.send("Input.dispatchKeyEvent", session=True, type="keyUp", **params)

    def tab(self, *, shift: bool = False) -> None:
        self.press("Tab", keycode=9, shift=shift)

    def choose_files(self, selector: str, paths: list[Path]) -> None:
        """Pick files in a file input, as the file chooser does (the input's change event fires)."""
        root = self.send("DOM.getDocument", session=True)["root"]["nodeId"]
        node = self.send("DOM.querySelector", session=True, nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise LookupError(f"no element matches {selector}")
        self.send("DOM.setFileInputFiles", session=True, nodeId=node, files=[str(p) for p in paths])

    def allow_downloads(self, folder: Path) -> None:
        """Save downloads into `folder` instead of asking."""
        self.send("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(folder), eventsEnabled=True)

    # --- output ----------------------------------------------------------------------------------

    def screenshot(self, path: Path, *, width: int) -> None:
        """The whole page, top to bottom, at `width` px."""
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.viewport(width, height)
        data = self.send("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))

    def console_errors(self) -> list[str]:
        """Errors the page logged (uncaught exceptions, CSP violations, failed loads) so far."""
        out = []
        for e in self.events:
            params = e.get("params", {})
            if e.get("method") == "Runtime.exceptionThrown":
                out.append(str(params.get("exceptionDetails", {}).get("exception", {}).get("description", params)))
            elif e.get("method") == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                out.append(params["entry"].get("text", ""))
            elif e.get("method") == "Runtime.consoleAPICalled" and params.get("type") == "error":
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        return out

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        shutil.rmtree(self._profile, ignore_errors=True)
