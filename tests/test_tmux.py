"""The installed ``reader`` in a real terminal: tmux runs it, we type and read the screen.

Each test starts its own tmux server (``-L``, a private socket), so it never touches the
user's sessions, and points READER_HOME at a temporary folder. Skipped with a reason when
tmux is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000.txt"
READER = Path(sys.executable).with_name("reader")

pytestmark = [
    pytest.mark.skipif(
        shutil.which("tmux") is None,
        reason="tmux is not installed (apt-get install tmux; .ci/run does)",
    ),
    pytest.mark.skipif(
        not READER.exists(), reason=f"the reader command is not installed next to {sys.executable}"
    ),
]


class Tmux:
    """One private tmux server with one window running a command."""

    def __init__(self, home: Path) -> None:
        self.socket = f"reader-test-{uuid.uuid4().hex[:8]}"
        self.home = home

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=20,
        )

    def start(
        self,
        command: list[str],
        width: int = 100,
        height: int = 30,
        extra: dict[str, str] | None = None,
    ) -> None:
        # PYTHONPATH passes through: a worktree's code runs under the shared install
        extra = {
            **({"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}),
            **(extra or {}),
        }
        env = {
            **extra,
            "READER_HOME": str(self.home),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "READER_TABLES": os.environ.get("READER_TABLES", str(self.home / "tables")),
            "LC_ALL": "C.UTF-8",
            "PATH": os.environ.get("PATH", ""),
        }
        exports = " ".join(f"{k}='{v}'" for k, v in env.items())
        # exec: the pane's process is the app itself, so a test can signal it
        shell = f"exec env -i {exports} " + " ".join(f"'{c}'" for c in command)
        # No user config; keep the pane after the program ends so we can see how it ended.
        self.run(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            str(width),
            "-y",
            str(height),
            "sh",
            "-c",
            shell,
            ";",
            "set-option",
            "-t",
            "t",
            "remain-on-exit",
            "on",
        )

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", "t", key)
            time.sleep(0.15)

    def screen(self, escapes: bool = False) -> str:
        args = ["capture-pane", "-p", "-t", "t"] + (["-e"] if escapes else [])
        return self.run(*args).stdout

    def value(self, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", "t", fmt).stdout.strip()

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if predicate(text):
                return text
            if self.value("#{pane_dead}") == "1":
                break
            time.sleep(0.2)
        raise AssertionError(f"screen never matched; last screen:\n{text}")

    def wait_dead(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.value("#{pane_dead}") == "1":
                return True
            time.sleep(0.2)
        return False

    def kill(self) -> None:
        self.run("kill-server", check=False)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path / "home")
    yield session
    session.kill()


def test_reader_in_a_real_terminal(tmux: Tmux) -> None:
    tmux.start([str(READER), str(SEED)])
    first = tmux.wait_for(
        lambda s: "Words" in s and "Eiszeit" in s and "analysing" not in s, timeout=90
    )  # a fresh home imports the Debian dictionary first
    assert "000.txt" in first and "§1/4 ¶1/3" in first and "level B1" in first
    assert "Nach Monaten der Eiszeit" in first
    tmux.keys("j")
    tmux.wait_for(lambda s: "¶2/3" in s)
    tmux.keys("]")
    tmux.wait_for(lambda s: "§2/4 ¶1/3" in s and "Eine vereinte Front" in s)
    tmux.keys("Tab", "Enter")
    tmux.wait_for(lambda s: "Entry" in s and "Esc close" in s)
    # ESC and the next key sent together read as Alt+key: let the escape land first.
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "Esc close" not in s)
    tmux.keys("?")
    tmux.wait_for(lambda s: "Keys" in s and "next paragraph" in s)
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "next-paragraph" not in s)
    tmux.keys("q")
    assert tmux.wait_dead(), "reader did not quit on q"
    assert "Traceback" not in tmux.screen()
    # The place is remembered: reopening lands in section 2.
    tmux.kill()
    again = Tmux(tmux.home)
    try:
        again.start([str(READER), str(SEED)])
        again.wait_for(lambda s: "§2/4 ¶1/3" in s)
        again.keys("q")
        assert again.wait_dead()
    finally:
        again.kill()


def test_escape_sequences_and_markup_in_a_file_stay_inert(tmux: Tmux, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(
        b"Ein Titel\n\n"
        b"\x1b]0;PWNED\x07\x1b]2;PWNED\x1b\\Der Text \x1b[31mrot\x1b[0m bleibt [bold red]x[/] "
        b"und ganz ruhig.\n\nZweiter Absatz ohne Tricks, aber mit genug Text daneben.\n"
    )
    tmux.start([str(READER), str(hostile)], width=100, height=30)
    tmux.wait_for(lambda s: "[bold red]x[/]" in s and "analysing" not in s)
    assert "PWNED" not in tmux.value("#{pane_title}")
    assert "PWNED" not in tmux.value("#{window_name}")
    styled = tmux.screen(escapes=True)
    line = next(ln for ln in styled.splitlines() if "bleibt" in ln)
    # The brackets and the x are printed together, in one style: no SGR change inside.
    assert "[bold red]x[/]" in line
    assert "\x1b[31m" not in line.split("bleibt", 1)[1].split("und", 1)[0]
    tmux.keys("q")
    assert tmux.wait_dead()
    assert "PWNED" not in tmux.value("#{pane_title}")


def test_bad_file_is_one_line_not_a_ui(tmux: Tmux, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(READER), str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "READER_HOME": str(tmux.home)},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr


# -- issue 14, item 12; issue 15, item 8: sizes, signals, quitting ---------------------------


def test_60x20_keeps_place_level_and_quit_in_view(tmux: Tmux, tmp_path: Path) -> None:
    long = tmp_path / ("Ein_sehr_langer_Dateiname_fuer_einen_Text_ueber_die_Eiszeit" + ".txt")
    long.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    tmux.start([str(READER), str(long)], width=60, height=20)
    screen = tmux.wait_for(lambda s: "Words" in s and "Quit" in s, timeout=90)
    lines = [line for line in screen.splitlines() if line.strip()]
    assert "§1/4 ¶1/3" in lines[0] and "level B1" in lines[0]
    assert "Quit" in lines[-1]  # the footer's last line
    tmux.keys("q")
    assert tmux.wait_dead()


def test_kill_term_gives_the_terminal_back(tmux: Tmux) -> None:
    tmux.start([str(READER), str(SEED)])
    tmux.wait_for(lambda s: "Nach Monaten der Eiszeit" in s, timeout=90)
    assert tmux.value("#{alternate_on}") == "1"
    pid = int(tmux.value("#{pane_pid}"))
    os.kill(pid, signal.SIGTERM)
    assert tmux.wait_dead(timeout=20), "reader did not end on SIGTERM"
    assert tmux.value("#{alternate_on}") == "0"  # the normal screen is back
    assert tmux.value("#{mouse_any_flag}") == "0" and tmux.value("#{mouse_sgr_flag}") == "0"
    assert "Traceback" not in tmux.screen()


def test_quit_after_opening_a_million_paragraphs_is_prompt(tmux: Tmux, tmp_path: Path) -> None:
    big = tmp_path / "million.txt"
    big.write_text("Ein Satz.\n\n" * 1_000_000, encoding="utf-8")
    tmux.start([str(READER), str(big)])
    tmux.wait_for(lambda s: "Ein Satz." in s and "¶1/" in s, timeout=180)
    tmux.keys("j", "G")
    time.sleep(1)
    tmux.keys("q")
    # Before: the analysis planned every batch up front, quadratic in the paragraphs, and
    # quitting waited for it (about 170 s). Now the plan is made batch by batch.
    assert tmux.wait_dead(timeout=60), "reader did not end within a minute of q"


def test_quit_during_the_first_dictionary_import_is_prompt(tmux: Tmux) -> None:
    if not Path("/usr/share/trans/de-en").is_file():
        pytest.skip("Debian trans-de-en is not installed (apt-get install trans-de-en)")
    tmux.start([str(READER), str(SEED)])  # a fresh READER_HOME: the import starts now
    tmux.wait_for(lambda s: "importing" in s, timeout=90)
    tmux.keys("s")  # saving waits for the import's entry: never the screen
    tmux.keys("j")
    tmux.wait_for(lambda s: "¶2/3" in s, timeout=5)
    started = time.monotonic()
    tmux.keys("q")
    assert tmux.wait_dead(timeout=30)
    assert time.monotonic() - started < 3.0, "the screen stayed blank after q"
