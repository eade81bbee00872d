"""As root, pgserver would make every folder above the embedded server's data (and its programs)
readable by everyone: a clone under /root turned /root from 0700 into 0755. taro.devdb refuses
to start it then, says which folders and what to do instead, and changes nothing."""

import os
import stat
import tempfile
from pathlib import Path

import pytest

from taro import devdb
from tests.taro.test_devdb import PRINT_URL, ROOT, devdb_command


@pytest.fixture
def private_tree():
    """A folder only its owner may enter (like /root), with an open folder inside."""
    (ROOT / ".data").mkdir(exist_ok=True)
    private = Path(tempfile.mkdtemp(prefix="private-", dir=ROOT / ".data"))
    (private / "clone").mkdir()
    private.chmod(0o700)
    yield private
    devdb.stop(private / "clone" / "pg")
    for path in (private, *private.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    import shutil

    shutil.rmtree(private, ignore_errors=True)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_folders_pgserver_would_open_are_named_with_their_modes(private_tree):
    data = private_tree / "clone" / "pg"
    assert devdb.folders_pgserver_would_open([data]) == {private_tree: (0o700, 0o755)}
    private_tree.chmod(0o751)  # enterable, not listable: still changed (o+r)
    assert devdb.folders_pgserver_would_open([data]) == {private_tree: (0o751, 0o755)}
    private_tree.chmod(0o755)
    assert devdb.folders_pgserver_would_open([data]) == {}


def test_the_embedded_server_leaves_a_private_tree_private(private_tree):
    data = private_tree / "clone" / "pg"
    result = devdb_command(*PRINT_URL, data_dir=data)
    assert mode(private_tree) == 0o700  # whatever happened, the folder was not opened
    if os.geteuid() == 0:
        assert result.returncode != 0
        assert "Not starting the embedded PostgreSQL as root" in result.stderr
        assert f"{private_tree}: 0700 -> 0755" in result.stderr
        assert "TARO_PGSERVER_AS_ROOT=1" in result.stderr and "DATABASE_URL" in result.stderr
        assert not data.exists() and devdb.embedded_pid(data) is None
    else:  # pgserver changes no permission for an ordinary user: it just starts
        assert result.returncode == 0, result.stderr
