"""Plan and calendar, the growth-area ledger (into the pack's risks and rebuttals) and the
manager-change handover."""

import datetime
import html as html_lib
import re

import pytest

from workbench import services
from workbench.models import Goal, GrowthArea, Plan

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_lib.unescape(response.content.decode())))


def sections(markdown: str, level: str = "##") -> dict[str, str]:
    parts = re.split(rf"^{level} (.+)$", markdown, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def days(n: int) -> str:
    return (TODAY + datetime.timedelta(days=n)).isoformat()


def test_plan_shows_time_in_level_and_weeks_left(login, make_user):
    owner = make_user()
    client = login(owner)
    assert "Add your level start" in text(client.get("/workbench/"))
    start = TODAY.replace(day=1) - datetime.timedelta(days=1)  # the end of last month
    start = start.replace(year=start.year - 1)  # a year and a bit ago
    response = client.post(
        "/workbench/plan/",
        {
            "action": "plan",
            "move": "sde1-sde2",
            "level_start": start.isoformat(),
            "why_now": "I already run the team's **on-call** reviews.",
            "feedback_requests_on": days(-3),  # past: not "next"
            "self_review_due": days(15),
            "calibration_on": days(40),
            "manager_name": "J.D.",
            "skip_level_name": "",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(owner=owner)
    assert plan.manager_name == "J.D." and plan.self_review_due.isoformat() == days(15)
    home = text(client.get("/workbench/"))
    months = (TODAY.year - start.year) * 12 + TODAY.month - start.month - (TODAY.day < start.day)
    assert f"{months} months in your level" in home
    assert "3 weeks to self-review due" in home  # 15 days: two weeks and a part
    markdown = client.get("/workbench/draft/download/").content.decode()
    assert "I already run the team's **on-call** reviews." in sections(markdown)["Summary: why now"]
    assert "Manager: J.D." in sections(markdown)["For the manager"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "plan", "move": "sde1-sde2", "level_start": days(5)}, "can't be in the future"),
        ({"action": "plan", "move": "sde9"}, "isn't a move we know"),
        ({"action": "plan", "move": "sde1-sde2", "calibration_on": "soon"}, "Enter a date like"),
        ({"action": "goal", "text": "", "due_on": days(3)}, "This field is required"),
        (
            {
                "action": "goal",
                "text": "Lead a design review",
                "agreed_on": days(0),
                "due_on": days(-9),
            },
            "Due can't be before it was agreed",
        ),
        ({"action": "other"}, "Plan and calendar"),
    ],
)
def test_plan_and_goal_bad_input_is_400_and_kept(login, make_user, data, message):
    owner = make_user()
    data = {"why_now": "Kept text", **data}
    response = login(owner).post("/workbench/plan/", data)
    assert response.status_code == 400
    assert message in text(response)
    if data["action"] == "plan":
        assert "Kept text" in text(response)
    assert not Goal.objects.exists()


def test_growth_ledger_flags_repeats_and_feeds_risks_and_rebuttals(login, make_user, add_entry):
    owner = make_user()
    design = add_entry(owner, title="Wrote the design doc first", scopes=["ambiguity"])
    add_entry(owner, title="Unrelated", scopes=["execution"])
    client = login(owner)
    for cycle, entries in (("2025 mid-year", []), ("2025 year-end", [design.pk])):
        response = client.post(
            "/workbench/growth/",
            {"theme": "Share designs  earlier", "cycle": cycle, "entries": entries},
        )
        assert response.status_code == 302
    client.post("/workbench/growth/", {"theme": "Delegate more", "cycle": "2025 year-end"})
    page = text(client.get("/workbench/growth/"))
    assert page.count("Raised in more than one cycle") == 2  # both rows of the repeated theme
    markdown = client.get("/workbench/draft/download/").content.decode()
    growth = sections(markdown)["Growth areas"]
    assert "- Share designs earlier *(raised in more than one cycle)*" in growth
    assert growth.count("Share designs") == 1 and "- Delegate more" in growth
    rebuttals = sections(sections(markdown)["Risks and rebuttals"], "###")
    assert "Wrote the design doc first" in rebuttals["Share designs earlier"]
    assert "Unrelated" not in rebuttals["Share designs earlier"]
    assert "Nothing in the log answers this yet" in rebuttals["Delegate more"]
    # Another person's entry can't be linked; an empty theme is refused.
    other = add_entry(make_user("other"), title="Theirs")
    response = client.post("/workbench/growth/", {"theme": "X", "entries": [other.pk]})
    assert response.status_code == 400 and "Pick entries from your own log." in text(response)
    assert client.post("/workbench/growth/", {"theme": " "}).status_code == 400
    area = GrowthArea.objects.get(owner=owner, theme="Delegate more")
    assert (
        client.post(f"/workbench/growth/{area.pk}/", {"theme": "Delegate", "cycle": ""}).status_code
        == 302
    )
    assert client.post(f"/workbench/growth/{area.pk}/delete/").status_code == 302
    assert not GrowthArea.objects.filter(pk=area.pk).exists()


def test_handover_has_top_entries_providers_and_goals(login, make_user, add_entry):
    owner = make_user()
    best = add_entry(
        owner,
        title="Best work",
        did="I led the migration in March 2026.",
        impact="Latency from 900 ms to 300 ms for two teams.",
        links="https://example.com/x",
        scopes=["impact"],
    )
    for n in range(6):
        add_entry(owner, title=f"Minor {n}", did="Helped.", days_ago=n)
    services.save_peer(owner=owner, name="R.K.", purpose="promotion", level="L6", entries=[best])
    services.add_goal(
        owner=owner,
        text="Lead one design review a month",
        agreed_on=TODAY - datetime.timedelta(days=30),
        due_on=TODAY + datetime.timedelta(days=60),
    )
    client = login(owner)
    markdown = client.get("/workbench/handover/download/").content.decode()
    strongest = sections(markdown)["My strongest work"]
    assert strongest.index("Best work") < strongest.index("Minor")
    assert strongest.count("- **") == 5
    assert "| R.K. | L6 |" in sections(markdown)["Feedback providers"]
    goals = sections(markdown)["Goals we agreed"]
    assert "Lead one design review a month" in goals
    assert f"due {TODAY + datetime.timedelta(days=60):%-d %b %Y}" in goals
    page = client.get("/workbench/handover/")
    assert page.status_code == 200 and "Lead one design review a month" in text(page)
    assert client.get("/workbench/handover/print/").status_code == 200
    goal = Goal.objects.get(owner=owner)
    assert client.post(f"/workbench/plan/goals/{goal.pk}/delete/").status_code == 302
    assert not Goal.objects.exists()


def test_new_pages_run_constant_queries(login, make_user, add_entry):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = make_user()
    client = login(owner)
    urls = [
        "/workbench/",
        "/workbench/plan/",
        "/workbench/growth/",
        "/workbench/handover/",
        "/workbench/handover/download/",
        "/workbench/accomplishments/",
        "/workbench/draft/",
        "/workbench/capture/",
        "/workbench/peers/",
        "/workbench/data/export.json",
    ]

    def fill(start, stop):
        for n in range(start, stop):
            entry = add_entry(owner, title=f"e{n}", scopes=["impact"], principles=["ownership"])
            services.save_growth_area(owner=owner, theme=f"t{n}", cycle="c", entries=[entry])
            services.save_peer(owner=owner, name=f"p{n}", purpose="promotion", entries=[entry])
            services.add_goal(owner=owner, text=f"g{n}")

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        return len(captured)

    fill(0, 2)
    for url in urls:
        client.get(url)  # warm the session
    few = {url: count(url) for url in urls}
    fill(2, 20)
    for url in urls:
        assert count(url) == few[url], url
        assert few[url] <= 12, (url, few[url])
