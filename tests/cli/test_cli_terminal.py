"""`metastudio` in a real terminal (tmux): the live display of `wait` while the mock moves a
training job through its states, captured screen by screen; zsh completion of an enum option.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cliutil import advance_past, clock_mock, environment, system_chain, tool
from mockserver import MockServer

from generator.specmodel import default_model

__all__ = ["clock_mock"]  # a fixture
LIFE = default_model().lifecycles["TrainingJobState"]
BIN = Path(sys.executable).parent
START = "AUTO_VERIFYING"  # the longest chain of system steps, to JOB_SUCCESS


class Terminal:
    """A tmux server on a private socket, one 120x40 window running `command`."""

    def __init__(self, socket: Path, command: str) -> None:
        self.base = [tool("tmux"), "-S", str(socket), "-f", "/dev/null"]
        self._tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", command)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=10)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "t")

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "t", *keys)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not on the screen after {timeout}s:\n{screen}")
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for one in opened:
        one.close()


def _shell_env(server: MockServer, home: Path) -> str:
    env = environment(server, home)
    keep = {
        k: v for k, v in env.items() if k.startswith(("METASTUDIO_", "HUAWEICLOUD_")) or k == "HOME"
    }
    keep["PATH"] = f"{BIN}:/usr/bin:/bin"
    keep["TERM"] = "xterm"
    return " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(keep.items()))


@pytest.mark.slow
def test_wait_shows_each_state_live_in_a_real_terminal(
    clock_mock: MockServer, tmp_path: Path, terminal: list[Terminal]
) -> None:
    """The mock's clock moves the job on to its next state only once the screen showed the
    current one, so each state must appear on the live display as it comes."""
    chain = system_chain(LIFE, START)
    assert len(chain) >= 5 and chain[-1][0] in LIFE.final
    job = clock_mock.create_training_job(START)["job_id"]
    command = (
        f"env -i {_shell_env(clock_mock, tmp_path)} metastudio training-jobs wait {job} "
        "--interval 0.05 --timeout 600 --query state; echo EXIT=$?; sleep 60"
    )
    term = Terminal(tmp_path / "tmux.sock", command)
    terminal.append(term)
    head = f"training job {job}: "
    screens = []
    for state, after in chain:
        screens.append(term.wait_for(f"{head}{state}  ", timeout=30))
        if after:
            advance_past(clock_mock, after)
    final = term.wait_for("EXIT=")
    assert "EXIT=0" in final, final
    for index, screen in enumerate(screens):  # the display of each moment
        shown = screen[screen.index("states seen:") :].splitlines()[1 : index + 2]
        assert [row.split()[-3] for row in shown] == [s for s, _ in chain[: index + 1]], shown
        assert shown[-1].lstrip().startswith(">")  # the current state is marked
        assert screen.count(head) == 1  # redrawn in place, not appended
    assert "timeout 10m00s, polling every 0.05s" in final
    assert final.split("states seen:")[-1].count("JOB_SUCCESS") == 2  # listed, then printed


@pytest.mark.slow
def test_zsh_completes_an_enum_option(tmp_path: Path, terminal: list[Terminal]) -> None:
    zsh = tool("zsh")
    term = Terminal(
        tmp_path / "tmux.sock",
        f"env -i HOME={tmp_path} PATH={BIN}:/usr/bin:/bin TERM=xterm {zsh} -f",
    )
    terminal.append(term)
    term.keys(
        'autoload -U compinit && compinit -u && eval "$(metastudio completion zsh)" && echo READY',
        "Enter",
    )
    term.wait_for("READY\n")
    term.keys("metastudio video-jobs list --sort-dir d", "Tab")
    term.wait_for("--sort-dir desc")
    term.keys("C-u")
    term.keys("metastudio vid", "Tab")
    term.wait_for("metastudio video-jobs")
