"""The systemd units docs/deploying.md installs (ops/systemd/), one per Procfile process, are
valid units with absolute paths: `systemd-analyze verify` accepts them once their paths point at
this checkout, and refuses the Procfile's `python manage.py …` copied into ExecStart, as the
README once said."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "ops/systemd"
PROCESSES = ("web", "worker", "digest", "media")  # the Procfile's, in its order
NAMES = tuple(f"taro-{process}.service" for process in PROCESSES)
APP_DIR, ENV_FILE = "/srv/taro/app", "/etc/taro.env"


def systemd_analyze() -> str:
    path = shutil.which("systemd-analyze")
    if path is None:
        pytest.fail(
            "systemd-analyze is missing: install Debian's systemd package "
            "(`make test` does as root: apt-get install systemd)"
        )
    return path


def pointed_at_checkout(tmp_path: Path, name: str, text: str | None = None) -> Path:
    env_file = tmp_path / "taro.env"
    env_file.write_text("SECRET_KEY=x\n")
    text = (text or (UNITS / name).read_text()).replace(APP_DIR, str(ROOT))
    unit = tmp_path / name
    unit.write_text(text.replace(ENV_FILE, str(env_file)))
    return unit


def verify(*units: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [systemd_analyze(), "verify", *map(str, units)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_shipped_units_pass_systemd_analyze_verify(tmp_path):
    units = [pointed_at_checkout(tmp_path, name) for name in NAMES]
    result = verify(*units)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.strip() == "", result.stderr  # not even a warning


def test_a_procfile_line_copied_into_execstart_is_refused(tmp_path):
    worker = (UNITS / "taro-worker.service").read_text()
    procfile_line = "python manage.py send_notification_emails --loop 60"
    broken = re.sub(r"(?m)^ExecStart=.*$", f"ExecStart={procfile_line}", worker)
    result = verify(pointed_at_checkout(tmp_path, "taro-worker.service", broken))
    assert result.returncode != 0
    assert "Command python is not executable" in result.stderr


def test_the_units_run_the_procfiles_processes_with_absolute_paths():
    procfile = dict(
        line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert tuple(procfile) == PROCESSES  # a new process needs its unit
    for process, name in zip(PROCESSES, NAMES, strict=True):
        text = (UNITS / name).read_text()
        [command] = re.findall(r"(?m)^ExecStart=(.*)$", text)
        assert command.startswith(f"{APP_DIR}/.venv/bin/")
        expected = procfile[process].replace("python manage.py", f"python {APP_DIR}/manage.py")
        assert command == f"{APP_DIR}/.venv/bin/{expected}"
        for setting in ("User=taro", f"WorkingDirectory={APP_DIR}", f"EnvironmentFile={ENV_FILE}"):
            assert setting in text.splitlines()
