"""What `make test` and `.ci/run` do on a bare machine before any test runs: ops/need installs a
missing tool's Debian package as root (or names it), ops/venv makes .venv with pip.

apt-get and id are stubs on a PATH that lacks npm, so nothing is installed on this machine.
"""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HIDDEN = {"npm", "npx", "node", "nodejs", "apt-get", "id"}


@pytest.fixture
def bare_path(tmp_path):
    """A PATH like the machine's with npm, node and apt-get missing; stubs go into `stubs`."""
    bin_dir, stubs = tmp_path / "bin", tmp_path / "stubs"
    bin_dir.mkdir()
    stubs.mkdir()
    for directory in ("/usr/local/bin", "/usr/bin", "/bin"):
        for entry in Path(directory).iterdir():
            link = bin_dir / entry.name
            if entry.name not in HIDDEN and not link.exists():
                link.symlink_to(entry)
    return stubs, f"{stubs}:{bin_dir}"


def stub(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)


def run(args, path, **kwargs):
    env = {"PATH": path, "HOME": os.environ.get("HOME", "/root")}
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, **kwargs
    )


def test_need_installs_the_missing_package_as_root_and_says_so(bare_path):
    stubs, path = bare_path
    stub(stubs, "id", "echo 0")
    # apt-get: record the call; "installing" npm puts it on the PATH.
    stub(
        stubs,
        "apt-get",
        f'echo "$@" >> {stubs}/apt.log\n'
        f'case "$*" in *install*npm*) printf "#!/bin/sh\\necho 9.2.0\\n" > {stubs}/npm; '
        f"chmod +x {stubs}/npm;; esac",
    )
    assert run(["sh", "-c", "command -v npm"], path).returncode != 0  # really absent
    result = run(["ops/need", "npm", "the accessibility tests", "npm"], path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Installing Debian's npm with apt-get, for the accessibility tests (may take a minute)...\n"
    )
    assert (stubs / "apt.log").read_text().splitlines() == [
        "update -qq",
        "install -y -qq npm",
    ]
    assert run(["npm"], path).stdout == "9.2.0\n"
    # Once there, nothing more is done or said.
    again = run(["ops/need", "npm", "the accessibility tests", "npm"], path)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")


def test_need_names_the_package_when_it_cannot_install(bare_path):
    stubs, path = bare_path
    stub(stubs, "id", "echo 1000")
    result = run(["ops/need", "npm", "the accessibility tests", "npm"], path)
    assert result.returncode == 1
    assert "Install Debian's npm (sudo apt-get install npm)" in result.stderr


def test_make_test_and_ci_get_npm_through_need():
    makefile = (ROOT / "Makefile").read_text()
    audit_test_deps = makefile.split("\naudit-test-deps:\n")[1].split("\n\n")[0]
    assert "ops/need npm" in audit_test_deps
    assert "test: $(STAMP) browser-deps audit-test-deps" in makefile
    assert "ops/need npm" in (ROOT / ".ci/run").read_text()


def test_venv_remakes_an_environment_left_without_pip(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to("/usr/bin/false")  # a first attempt that failed
    result = subprocess.run(
        [ROOT / "ops/venv", "python3", venv], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "it has no working pip" in result.stdout
    check = subprocess.run([venv / "bin/python", "-m", "pip", "--version"], capture_output=True)
    assert check.returncode == 0
    # A good environment is left alone, silently.
    again = subprocess.run([ROOT / "ops/venv", "python3", venv], capture_output=True, text=True)
    assert (again.returncode, again.stdout) == (0, "")


def test_venv_names_python3_venv_when_venv_cannot_work(bare_path, tmp_path):
    stubs, path = bare_path
    stub(stubs, "id", "echo 1000")
    stub(stubs, "python3", "echo 'ensurepip is not available' >&2; exit 1")
    result = run(["ops/venv", "python3", str(tmp_path / "venv")], path)
    assert result.returncode == 1
    assert "install Debian's python3-venv" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_venv_installs_python3_venv_as_root(bare_path, tmp_path):
    stubs, path = bare_path
    stub(stubs, "id", "echo 0")
    stub(stubs, "apt-get", f'echo "$@" >> {stubs}/apt.log; touch {stubs}/installed')
    # python3 -m venv fails until python3-venv is "installed", then makes a usable environment.
    stub(
        stubs,
        "python3",
        f'[ -e {stubs}/installed ] || exit 1\nmkdir -p "$3/bin"\n'
        f'ln -s /usr/bin/python3 "$3/bin/python"',
    )
    result = run(["ops/venv", "python3", str(tmp_path / "venv")], path)
    assert result.returncode == 0, result.stderr
    assert "Installing Debian's python3-venv" in result.stdout
    assert "install -y -qq python3-venv" in (stubs / "apt.log").read_text()
