import shutil
from pathlib import Path

import pytest
from django.conf import settings

from guides.services import sync_guides

REAL_CONTENT_DIR = Path(settings.BASE_DIR) / "guides" / "content"
# A guide that follows every sourcing rule (docs/guides.md): `sync_guides --check` passes on it.
SOURCED_FIXTURES_DIR = Path(__file__).parent / "fixtures" / "sourced"

FRONT_MATTER = {
    "title": "A test guide",
    "slug": "test-guide",
    "summary": "A guide written for the tests.",
    "topics": "promotion, career-growth",
    "order": "9",
    "last_reviewed": "2026-11-01",
}
BODY = "Intro paragraph.\n\n## First section\n\nSome words here.\n\n### A detail\n\nMore words.\n"


@pytest.fixture
def content_dir(tmp_path) -> Path:
    """A private copy of the real guides, safe to edit."""
    target = tmp_path / "content"
    shutil.copytree(REAL_CONTENT_DIR, target)
    return target


@pytest.fixture
def sourced_dir(tmp_path) -> Path:
    """A private copy of the sourced fixture guide, safe to edit."""
    target = tmp_path / "sourced"
    shutil.copytree(SOURCED_FIXTURES_DIR, target)
    return target


@pytest.fixture
def guide_text():
    """Factory: the text of a guide file, with front-matter fields overridden or dropped (None)."""

    def make(body: str = BODY, **fields) -> str:
        values = {**FRONT_MATTER, **fields}
        header = "".join(f"{key}: {value}\n" for key, value in values.items() if value is not None)
        return f"---\n{header}---\n\n{body}"

    return make


@pytest.fixture
def write_guide(content_dir, guide_text):
    """Factory: write a guide file into the copied content dir; returns its path."""

    def write(filename: str = "test-guide.md", *, text: str | None = None, **fields) -> Path:
        path = content_dir / filename
        path.write_text(text if text is not None else guide_text(**fields), encoding="utf-8")
        return path

    return write


@pytest.fixture
def synced(db):
    """Every real guide, synced."""
    return sync_guides(content_dir=REAL_CONTENT_DIR)
