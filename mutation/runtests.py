"""One mutant's test run, called by mutmut (see mutation/run.py): pytest on the given tests.

The test database is copied from a template made once per `make mutation` (a second, not the
4 s of creating and migrating it), because the suite's transactional tests leave a reused
database empty. Any failure, collection errors included, exits 1: mutmut 2 counts every other
code as a surviving mutant.
"""

import os
import subprocess
import sys

from mutation.db import reset_test_database

if __name__ == "__main__":
    reset_test_database()
    command = [sys.executable, "-m", "pytest", "-x", "-q", "--reuse-db", "-p", "no:warnings"]
    code = subprocess.call([*command, *sys.argv[1:]], env=os.environ)
    sys.exit(0 if code == 0 else 1)
