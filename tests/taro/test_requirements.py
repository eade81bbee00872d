"""Production installs requirements.txt alone (docs/deploying.md): no test runner, embedded
PostgreSQL or browser driver there; requirements-dev.txt holds those, and `make` installs both."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY = {"pytest", "pytest-django", "pgserver", "playwright", "hypothesis", "ruff", "mutmut"}


def pins(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text().splitlines()
    entries = [line for line in lines if line.strip() and not line.startswith("#")]
    # Exact pins, with an extra's name where one is wanted ("django-storages[s3]==1.14.6").
    pin = re.compile(r"([A-Za-z0-9_.-]+)(?:\[[a-z0-9,]+\])?==([\w.]+)")
    matches = [pin.fullmatch(entry) for entry in entries]
    assert all(matches), entries
    return dict(match.groups() for match in matches if match)


def test_production_requirements_hold_no_development_tool():
    production, development = pins("requirements.txt"), pins("requirements-dev.txt")
    assert not DEV_ONLY & set(production)
    assert DEV_ONLY <= set(development)
    assert not set(production) & set(development)  # each package pinned in one place
    assert {"Django", "gunicorn", "psycopg2-binary", "django-redis"} <= set(production)


def test_make_installs_both_files():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet -r requirements.txt -r requirements-dev.txt" in makefile
