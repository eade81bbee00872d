"""Production installs requirements.txt alone (docs/deploying.md): no test runner, embedded
PostgreSQL or browser driver there; requirements-dev.txt holds those, and `make` installs both."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY = {"pytest", "pytest-django", "pgserver", "playwright", "hypothesis", "ruff", "mutmut"}


def pins(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text().splitlines()
    entries = [line for line in lines if line.strip() and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", entry) for entry in entries), entries
    return dict(entry.split("==") for entry in entries)


def test_production_requirements_hold_no_development_tool():
    production, development = pins("requirements.txt"), pins("requirements-dev.txt")
    assert not DEV_ONLY & set(production)
    assert DEV_ONLY <= set(development)
    assert not set(production) & set(development)  # each package pinned in one place
    assert {"Django", "gunicorn", "psycopg2-binary", "django-redis"} <= set(production)


def test_make_installs_both_files():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet -r requirements.txt -r requirements-dev.txt" in makefile
