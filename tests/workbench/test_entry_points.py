"""Ways in: "Workbench" in the main navigation for members, "Plan your promotion" on the home
page and the promotion guide for signed-out readers, and the explainer leading to sign-up."""

import os

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides(db):
    call_command("sync_guides", verbosity=0, stdout=open(os.devnull, "w"))


def test_members_have_workbench_in_the_main_nav(login, make_user, guides):
    client = login(make_user())
    for url in ("/", "/questions/", "/guides/promotion/", "/workbench/plan/"):
        page = client.get(url).content.decode()
        nav = page.split('aria-label="Main">')[1].split("</nav>")[0]
        assert 'href="/workbench/"' in nav and ">Workbench</a>" in nav, url
        assert "Plan your promotion" not in page, url
    anonymous = Client().get("/").content.decode()
    assert ">Workbench</a>" not in anonymous.split('aria-label="Main">')[1].split("</nav>")[0]


def test_signed_out_readers_find_plan_your_promotion(client, guides):
    home = client.get("/").content.decode()
    assert 'href="/workbench/about/">Plan your promotion</a>' in home
    guide = client.get("/guides/promotion/").content.decode()
    assert "Plan your promotion" in guide and 'href="/workbench/about/"' in guide
    assert "Plan your promotion" not in client.get("/guides/performance-review/").content.decode()
    about = client.get("/workbench/about/")
    assert about.status_code == 200
    body = about.content.decode()
    assert 'href="/accounts/signup/?next=/workbench/"' in body
    assert "community rules of thumb, not requirements" in body
    assert 'href="/guides/promotion/#sources"' in body


def test_the_explainer_is_the_same_for_members(login, make_user, add_entry):
    owner = make_user()
    add_entry(owner, title="PRIVATE-TITLE-123")
    page = login(owner).get("/workbench/about/").content.decode()
    assert "Open your workbench" in page and "PRIVATE-TITLE-123" not in page
