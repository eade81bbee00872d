import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail

from taro.models import Company, Position, Profile, Topic

pytestmark = pytest.mark.django_db


def test_seeded_company_positions_and_topics():
    amazon = Company.objects.get(slug="amazon")
    assert amazon.email_domain == "amazon.com" and len(amazon.description) > 100
    levels = set(Position.objects.filter(company=amazon).values_list("level", flat=True))
    assert {"Intern", "SDE 1", "SDE 2", "SDE 3", "L7", "L8", "L5-L6", "TPM", "PM", ""} <= levels
    slugs = set(Topic.objects.values_list("slug", flat=True))
    assert {
        "performance-review",
        "promotion",
        "pip",
        "compensation",
        "leadership-principles",
        "career-growth",
        "job-search",
        "layoffs",
        "interviewing",
        "work-life",
        "management",
        "tools-and-tech",
    } <= slugs


def test_badge_label_is_exact(position):
    assert position("SDE 1").badge_label == "Entry-Level Software Engineer [SDE 1] at Amazon"
    assert position("SDE 2").short_label == "SDE 2 at Amazon"


def test_every_account_gets_a_profile():
    user = get_user_model().objects.create_user("newbie", "n@example.com", "pw-123456789")
    assert Profile.objects.filter(user=user).exists()


def test_signup_sends_confirmation_and_confirming_amazon_email_verifies_badge(client, position):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "dev@amazon.com",
            "username": "dev1",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="dev1")
    assert not EmailAddress.objects.get(user=user).verified
    link = re.search(
        r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", mail.outbox[-1].body
    ).group(1)
    assert client.post(link).status_code == 302
    user.profile.refresh_from_db()
    assert user.profile.verified_company.slug == "amazon"
    user.profile.position = position("SDE 1")
    user.profile.save()
    assert user.profile.badge_verified


@pytest.mark.parametrize(
    "data, field",
    [
        (
            {
                "email": "not-an-email",
                "username": "ok_name",
                "password1": "a-long-Passphrase-42",
                "password2": "a-long-Passphrase-42",
            },
            "email",
        ),
        (
            {
                "email": "a@example.com",
                "username": "ok_name",
                "password1": "a-long-Passphrase-42",
                "password2": "different-Passphrase-42",
            },
            "password2",
        ),
        (
            {
                "email": "a@example.com",
                "username": "ok_name",
                "password1": "123",
                "password2": "123",
            },
            "password1",
        ),
        (
            {
                "email": "a@example.com",
                "username": "x",
                "password1": "a-long-Passphrase-42",
                "password2": "a-long-Passphrase-42",
            },
            "username",
        ),
        (
            {
                "email": "a@example.com",
                "username": "admin",
                "password1": "a-long-Passphrase-42",
                "password2": "a-long-Passphrase-42",
            },
            "username",
        ),
    ],
)
def test_signup_bad_input_keeps_what_was_typed(client, data, field):
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    if field != "email":
        assert 'value="a@example.com"' in response.content.decode()


def test_allauth_pages_wear_the_site_layout(client):
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        html = client.get(url).content.decode()
        assert 'class="site-header"' in html and 'class="site-footer"' in html, url
        assert "/static/css/taro.css" in html


def test_rate_limits_are_set_explicitly(settings):
    limits = settings.ACCOUNT_RATE_LIMITS
    assert limits["login_failed"] and limits["signup"] and limits["login"]


def test_profile_page_shows_badge_and_bio(client, make_user, django_assert_max_num_queries):
    user = make_user("maya", level="SDE 1", amazon_email=True, display_name="Maya R.")
    from taro.services import update_profile

    update_profile(
        profile=user.profile,
        display_name="Maya R.",
        position=user.profile.position,
        bio_source="Backend engineer, *payments*.",
        email_preference="each",
    )
    with django_assert_max_num_queries(8):
        response = client.get("/users/maya/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Entry-Level Software Engineer [SDE 1] at Amazon" in html
    assert "verified" in html and "<em>payments</em>" in html
    assert ">MR<" in html  # initials avatar
    assert "Member since" in html


def test_unknown_profile_is_404(client):
    response = client.get("/users/nobody-here/")
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_settings_require_login(client):
    response = client.get("/settings/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_settings_edit_own_profile(client, make_user, position):
    user = make_user()
    client.force_login(user)
    sde2 = position("SDE 2")
    response = client.post(
        "/settings/profile/",
        {
            "display_name": "  Sam   Lee ",
            "position": str(sde2.pk),
            "bio_source": "Hi **there**",
            "email_preference": "digest",
        },
    )
    assert response.status_code == 302
    user.profile.refresh_from_db()
    assert user.profile.display_name == "Sam Lee"
    assert user.profile.badge_label == "Mid-Level Software Engineer [SDE 2] at Amazon"
    assert user.profile.bio_html == "<p>Hi <strong>there</strong></p>"


@pytest.mark.parametrize(
    "data, field",
    [
        (
            {
                "display_name": "x" * 61,
                "position": "",
                "bio_source": "",
                "email_preference": "each",
            },
            "display_name",
        ),
        (
            {
                "display_name": "Anonymous",
                "position": "",
                "bio_source": "",
                "email_preference": "each",
            },
            "display_name",
        ),
        (
            {
                "display_name": "Sam",
                "position": "999999",
                "bio_source": "",
                "email_preference": "each",
            },
            "position",
        ),
        (
            {
                "display_name": "Sam",
                "position": "abc",
                "bio_source": "",
                "email_preference": "each",
            },
            "position",
        ),
        (
            {
                "display_name": "Sam",
                "position": "",
                "bio_source": "b" * 2001,
                "email_preference": "each",
            },
            "bio_source",
        ),
        (
            {"display_name": "Sam", "position": "", "bio_source": "", "email_preference": "hourly"},
            "email_preference",
        ),
    ],
)
def test_settings_bad_input_is_400_and_keeps_input(client, make_user, data, field):
    client.force_login(make_user())
    response = client.post("/settings/profile/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    if data["bio_source"]:
        assert data["bio_source"][:50] in response.content.decode()


def test_settings_only_ever_edit_your_own_profile(client, make_user):
    me, other = make_user(), make_user()
    client.force_login(me)
    client.post(
        "/settings/profile/",
        {"display_name": "Changed", "position": "", "bio_source": "", "email_preference": "each"},
    )
    other.profile.refresh_from_db()
    assert other.profile.display_name != "Changed"


def test_admin_lists_identity_models(client, make_user):
    admin = make_user(staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    for url in (
        "/admin/taro/company/",
        "/admin/taro/position/?q=SDE",
        "/admin/taro/profile/?q=user",
        "/admin/taro/topic/",
    ):
        assert client.get(url).status_code == 200, url


def test_signup_honeypot_stops_bots(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "bot@example.com",
            "username": "botty",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 200 and "website" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="botty").exists()
    assert 'class="honeypot"' in client.get("/accounts/signup/").content.decode()


def test_signup_does_not_reveal_existing_emails(client, make_user):
    make_user("taken")
    data = {
        "email": "taken@example.com",
        "username": "fresh_name",
        "password1": "a-long-Passphrase-42",
        "password2": "a-long-Passphrase-42",
    }
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 302  # same outcome as a new address: a "check your email" page


class CountingHasher(MD5PasswordHasher):
    """A real hasher that also counts how often it hashes (the costly step of a signup)."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


def test_signup_does_the_same_work_for_taken_and_new_emails(client, make_user, settings):
    # A taken address skipped the password hash and answered in ~20 ms instead of ~330 ms,
    # which told anyone timing it which addresses have accounts.
    settings.PASSWORD_HASHERS = ["tests.taro.test_accounts_and_profiles.CountingHasher"]
    make_user("taken")
    hashes = {}
    for email, username in (
        ("taken@example.com", "first_name"),
        ("new@example.com", "second_name"),
    ):
        before = CountingHasher.hashed
        response = client.post(
            "/accounts/signup/",
            {
                "email": email,
                "username": username,
                "password1": "a-long-Passphrase-42",
                "password2": "a-long-Passphrase-42",
            },
        )
        assert response.status_code == 302
        hashes[email] = CountingHasher.hashed - before
    assert hashes["taken@example.com"] == hashes["new@example.com"] == 1


@pytest.mark.parametrize(
    "name",
    [
        "Anonymous · SDE 2 at Amazon",
        "ＳＴＡＦＦ",
        "Аnоnymоus",
        "A.n.o.n.y.m.o.u.s",
        "Mödërator",
        "Taro team",
    ],
)
def test_display_names_that_pass_for_anonymous_or_the_site_are_refused(client, make_user, name):
    # "Anonymous · SDE 2 at Amazon" rendered exactly like a real anonymous post.
    user = make_user()
    client.force_login(user)
    response = client.post(
        "/settings/profile/",
        {"display_name": name, "position": "", "bio_source": "", "email_preference": "each"},
    )
    assert response.status_code == 400 and "reserved" in response.content.decode()
    assert name in response.content.decode()  # what was typed is kept in the form
    user.profile.refresh_from_db()
    assert user.profile.display_name != name


@pytest.mark.parametrize("name", ["Tarot reader", "Anonymity researcher", "Sam Lee"])
def test_ordinary_display_names_are_accepted(client, make_user, name):
    user = make_user()
    client.force_login(user)
    client.post(
        "/settings/profile/",
        {"display_name": name, "position": "", "bio_source": "", "email_preference": "each"},
    )
    user.profile.refresh_from_db()
    assert user.profile.display_name == name


def test_control_and_bidi_characters_are_removed_from_names_and_bios(client, make_user):
    user = make_user()
    client.force_login(user)
    client.post(
        "/settings/profile/",
        {
            "display_name": "Sam\x01 \u202eLee\x1b[31m",
            "position": "",
            "bio_source": "Line one\x07\nLine \x1b[31mtwo",
            "email_preference": "each",
        },
    )
    user.profile.refresh_from_db()
    assert user.profile.display_name == "Sam Lee[31m"
    assert user.profile.bio_source == "Line one\nLine [31mtwo"


def test_a_suspended_user_cannot_change_their_public_profile(client, make_user):
    from forum import moderation

    user = make_user()
    moderation.suspend_user(moderator=make_user(staff=True), user=user, reason="spam links")
    client.force_login(user)
    form = {
        "display_name": "Free Links Here",
        "position": "",
        "email_preference": "digest",
        "bio_source": "Visit [my site](https://spam.example) for deals",
    }
    response = client.post("/settings/profile/", form)
    assert response.status_code == 403
    assert "suspended" in response.content.decode()
    assert "Free Links Here" in response.content.decode()  # what was typed is kept
    user.profile.refresh_from_db()
    assert user.profile.display_name != "Free Links Here" and "spam" not in user.profile.bio_html
    # The email preference is theirs alone: a suspended person may still choose less mail.
    keep = {
        "display_name": user.profile.display_name,
        "bio_source": user.profile.bio_source,
        "position": str(user.profile.position_id or ""),
        "email_preference": "digest",
    }
    assert client.post("/settings/profile/", keep).status_code == 302
    user.profile.refresh_from_db()
    assert user.profile.email_preference == "digest"


def test_a_cached_profile_follows_its_account_position_and_company(client, make_user):
    """Profiles are cached under the PEOPLE version; the admin's edits to accounts, positions and
    companies move it, so a member reading profiles never sees an old badge or a closed
    account."""
    user = make_user("kai", level="SDE 2", display_name="Kai")
    reader = make_user("reader")
    client.force_login(reader)
    assert "[SDE 2] at Amazon" in client.get("/users/kai/").content.decode()  # now cached
    position = user.profile.position
    position.title = "Software Development Engineer"
    position.save()
    assert "Software Development Engineer [SDE 2]" in client.get("/users/kai/").content.decode()
    company = position.company
    company.name = "Amazon Web Services"
    company.save()
    assert "at Amazon Web Services" in client.get("/users/kai/").content.decode()
    user.is_active = False
    user.save()
    assert client.get("/users/kai/").status_code == 404


def test_a_login_leaves_cached_people_in_place(client, make_user):
    """Logging in stamps last_login on the account: that changes nothing anyone sees."""
    from taro import versions

    user = make_user("lee")
    before = versions.current()[versions.PEOPLE]
    client.force_login(user)  # django.contrib.auth.login(): user_logged_in stamps last_login
    user.refresh_from_db()
    assert user.last_login is not None
    assert versions.current()[versions.PEOPLE] == before


def test_the_cached_account_menu_is_the_readers_own_and_current(make_user):
    """The header's account menu comes from the cache (taro/templatetags/shell.py): it must carry
    this reader's working CSRF token, and follow their name and staff flag at once."""
    from django.test import Client

    from taro.services import update_profile

    client = Client(enforce_csrf_checks=True)
    user = make_user("menu_owner", display_name="Menu Owner")
    client.force_login(user)
    html = client.get("/questions/").content.decode()
    assert "Menu Owner" in html and "/moderation/" not in html
    update_profile(
        profile=user.profile,
        display_name="Renamed Owner",
        position=user.profile.position,
        bio_source="",
        email_preference="each",
    )
    user.is_staff = True
    user.save()
    html = client.get("/questions/").content.decode()
    assert "Renamed Owner" in html and "Menu Owner" not in html and "/moderation/" in html
    logout_form = re.search(r'action="/accounts/logout/">(.*?)</form>', html).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', logout_form).group(1)
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "Log in" in client.get("/questions/").content.decode()


def test_password_hashes_stay_out_of_cached_people(make_user, make_question):
    """The thread's question and public profiles are kept in the cache with their author: the
    author's password hash is never loaded into them."""
    import pickle

    from forum import selectors
    from taro.selectors import get_public_profile

    user = make_user("hash_owner")
    question = make_question(user)
    cached = [selectors.get_question(question.pk).author, get_public_profile("hash_owner").user]
    for author in cached:
        assert "password" in author.get_deferred_fields()
        assert user.password.encode() not in pickle.dumps(author)


def test_login_page_says_log_in_and_lets_password_managers_fill_a_username(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Sign In" not in html and "<h1>Log in</h1>" in html.replace("\n", "").replace("  ", "")
    field = re.search(r'<input[^>]*name="login"[^>]*>', html).group(0)
    assert 'autocomplete="username"' in field
