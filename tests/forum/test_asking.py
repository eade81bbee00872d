import pytest

from forum.models import Question, Revision

pytestmark = pytest.mark.django_db

VALID = {
    "title": "How many peer reviews do I need for an SDE 2 promo?",
    "body": "My manager says four is the minimum. Is that a hard rule everywhere?",
    "topics": ["promotion", "performance-review"],
}


def test_ask_requires_login(client):
    response = client.get("/questions/ask/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_ask_requires_confirmed_email(client, make_user):
    client.force_login(make_user(verified=False))
    response = client.get("/questions/ask/")
    assert response.status_code == 403
    assert "Confirm your email" in response.content.decode()


def test_ask_prefills_topic_from_query(client, make_user):
    client.force_login(make_user())
    html = client.get("/questions/ask/?topic=pip").content.decode()
    assert 'value="pip" id="id_topics_2" checked' in html or (
        'value="pip"' in html and "checked" in html
    )


def test_ask_publishes_with_badge_and_revision(client, make_user):
    user = make_user("asker", level="SDE 1")
    client.force_login(user)
    response = client.post("/questions/ask/", VALID)
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert question.badge_label == "Entry-Level Software Engineer [SDE 1] at Amazon"
    assert sorted(question.topics.values_list("slug", flat=True)) == [
        "performance-review",
        "promotion",
    ]
    assert Revision.objects.filter(question=question, number=1).exists()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Entry-Level Software Engineer [SDE 1] at Amazon" in page


def test_preview_step_shows_rendered_body_and_saves_nothing(client, make_user):
    client.force_login(make_user())
    response = client.post(
        "/questions/ask/", {**VALID, "body": VALID["body"] + "\n\n**bold**", "preview": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in html and "Preview" in html
    assert not Question.objects.exists()


def test_live_preview_endpoint_uses_the_pipeline(client, make_user):
    client.force_login(make_user())
    response = client.post("/questions/preview/", {"body": "*hi* <script>alert(1)</script>"})
    assert (
        response.json()["html"] == "<p><em>hi</em> </p>" or "<script" not in response.json()["html"]
    )
    assert client.post("/questions/preview/", {"body": "x"}).status_code == 200


def test_similar_questions_by_title(client, make_question):
    make_question(title="How does the promotion document work for SDE 2?")
    data = client.get("/questions/similar/", {"title": "promotion document"}).json()
    assert [q["title"] for q in data["questions"]] == [
        "How does the promotion document work for SDE 2?"
    ]
    assert client.get("/questions/similar/", {"title": "'&:*\x00"}).status_code == 200


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"title": "Too short?"}, "title", "at least 15"),
        ({"title": "x" * 151}, "title", "at most 150"),
        ({"title": ""}, "title", "required"),
        ({"body": "short body"}, "body", "at least 30"),
        ({"body": "b" * 20_001}, "body", "at most 20000"),
        ({"topics": []}, "topics", "at least one topic"),
        ({"topics": ["not-a-topic"]}, "topics", "not one of Taro"),
        (
            {"topics": ["promotion", "pip", "compensation", "layoffs", "job-search", "work-life"]},
            "topics",
            "at most 5",
        ),
    ],
)
def test_ask_bad_input_is_400_with_message_and_keeps_text(
    client, make_user, change, field, message
):
    client.force_login(make_user())
    response = client.post("/questions/ask/", {**VALID, **change})
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    html = response.content.decode()
    if field != "body" or len(change["body"]) < 100:
        assert (change.get("body") or VALID["body"]) in html
    assert not Question.objects.exists()


def test_nul_bytes_are_stripped_not_500(client, make_user):
    client.force_login(make_user())
    response = client.post(
        "/questions/ask/",
        {**VALID, "title": VALID["title"] + "\x00", "body": VALID["body"] + "\x00"},
    )
    assert response.status_code in (302, 400)


def test_posting_limit_for_new_accounts_keeps_text(client, make_user):
    client.force_login(make_user())
    for n in range(3):
        response = client.post(
            "/questions/ask/",
            {**VALID, "title": f"{VALID['title']} variant {n}", "body": f"{VALID['body']} {n}"},
        )
        assert response.status_code == 302
    response = client.post(
        "/questions/ask/",
        {
            **VALID,
            "title": "One question too many for today?",
            "body": "Fourth body text typed by the user, kept.",
        },
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "limit of 3 questions" in html and "Fourth body text typed by the user, kept." in html


def test_same_body_twice_within_a_minute_is_refused(client, make_user, make_question):
    user = make_user()
    client.force_login(user)
    question = make_question()
    body = {"body": "Exactly the same answer text posted twice in a row."}
    assert client.post(f"/questions/{question.pk}/answer/", body).status_code == 302
    response = client.post(f"/questions/{question.pk}/answer/", body)
    assert response.status_code == 400 and "less than a minute ago" in response.content.decode()


def test_new_accounts_limited_to_two_links(client, make_user):
    client.force_login(make_user())
    body = "See https://a.example and https://b.example and https://c.example for more details."
    response = client.post("/questions/ask/", {**VALID, "body": body})
    assert response.status_code == 400 and "at most 2 links" in response.content.decode()


def test_honeypot_rejects_bots(client, make_user):
    client.force_login(make_user())
    response = client.post("/questions/ask/", {**VALID, "website": "http://spam.example"})
    assert response.status_code == 400 and not Question.objects.exists()


def test_confidentiality_guard_asks_to_confirm(client, make_user):
    client.force_login(make_user())
    body = (
        "Our team wiki at https://w.amazon.com/bin/view/Team says the bar is different. "
        "Amazon Confidential."
    )
    response = client.post("/questions/ask/", {**VALID, "body": body})
    html = response.content.decode()
    assert (
        response.status_code == 400
        and "internal wiki link" in html
        and "This is not confidential" in html
    )
    assert "w.amazon.com/bin/view/Team" in html
    assert (
        client.post(
            "/questions/ask/", {**VALID, "body": body, "confirm_not_confidential": "on"}
        ).status_code
        == 302
    )


def test_live_preview_refuses_oversized_text_before_rendering(client, make_user):
    client.force_login(make_user())
    response = client.post("/questions/preview/", {"body": "[" * 20_001})
    assert response.status_code == 400 and "20,000" in response.json()["error"]


def test_live_preview_is_throttled_per_person(client, make_user, settings):
    settings.TARO_PREVIEW_LIMIT = (3, 60)
    client.force_login(make_user())
    codes = [client.post("/questions/preview/", {"body": "*hi*"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = make_user()
    client.force_login(other)  # the limit is per person
    assert client.post("/questions/preview/", {"body": "*hi*"}).status_code == 200
