"""Hostile text in a real terminal (issue 15): a gloss or a file name full of escape
sequences must not retitle the terminal, write its clipboard, blink or plant a link.

tmux plays the terminal: its pane title shows OSC 0/2, its paste buffers show OSC 52 (with
``set-clipboard on``), and ``capture-pane -e`` shows the attributes and links the output
set. Each test starts its own tmux server on a private socket. Skipped without tmux.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVIL = "\x1b]52;c;SE9TVElMRQ==\x07\x1b]0;HOSTILE\x07\x1b[5m\x1b]8;;http://evil.example/\x1b\\"

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)"
)


class Terminal:
    """A private tmux server running one command, with OSC 52 accepted from the pane."""

    def __init__(self, folder: Path) -> None:
        self.socket = f"reader-hostile-{uuid.uuid4().hex[:8]}"
        self.conf = folder / "tmux.conf"
        self.conf.write_text(
            "set -g set-clipboard on\nset -g remain-on-exit on\nset -g allow-rename on\n"
        )

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.conf), *args],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout

    def run(self, script: str, env: dict[str, str]) -> None:
        exports = " ".join(f"{k}='{v}'" for k, v in env.items())
        command = f"env {exports} '{sys.executable}' '{script}'"
        self.tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "30", "sh", "-c", command)
        deadline = time.monotonic() + 300  # a guard only: the command ends by itself
        while time.monotonic() < deadline:
            if self.tmux("display-message", "-p", "-t", "t", "#{pane_dead}").strip() == "1":
                return
            time.sleep(0.2)
        raise AssertionError("the command did not end")

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal(tmp_path):
    term = Terminal(tmp_path)
    yield term
    term.close()


SCRIPT = """
import sys
from pathlib import Path
from reader.core.dictionary import registry
registry.DEBIAN_DING = Path("/nonexistent/de-en")
registry._wiktionary_file = lambda: None
from reader.cli import main
folder = Path(sys.argv[0]).parent
main(["dict", "add", str(folder / "evil.ding"), "--format", "ding"])
main(["dict", "lookup", "Zorbelwicht"])
main(["analyze", str(folder / "missing\\x1b]0;HOSTILE\\x07\\x1b]52;c;SE9TVElMRQ==\\x07.txt")])
print("DONE")
"""


def test_dictionary_text_and_file_names_do_not_act_on_the_terminal(tmp_path, terminal):
    (tmp_path / "evil.ding").write_text(f"Zorbelwicht {{m}} :: {EVIL}goblin\n", encoding="utf-8")
    script = tmp_path / "run.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {
        "PYTHONPATH": str(ROOT),
        "READER_HOME": str(tmp_path / "home"),
        "READER_TABLES": os.environ.get("READER_TABLES", str(tmp_path / "tables")),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    terminal.run(str(script), env)
    screen = terminal.tmux("capture-pane", "-p", "-e", "-t", "t")
    assert "DONE" in screen and "goblin" in screen, screen
    assert "HOSTILE" not in terminal.tmux("display-message", "-p", "-t", "t", "#{pane_title}")
    assert terminal.tmux("list-buffers").strip() == ""  # OSC 52 wrote no clipboard
    assert "\x1b[5m" not in screen and "evil.example" not in screen  # no blink, no link
