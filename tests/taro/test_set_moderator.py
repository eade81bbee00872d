"""`manage.py set_moderator USERNAME [--remove]`: how the README says to make a moderator."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_a_member_becomes_a_moderator_and_back(client, make_user):
    user = make_user("elena")
    client.force_login(user)
    assert client.get("/moderation/").status_code == 403
    out = StringIO()
    call_command("set_moderator", "elena", stdout=out)
    assert "elena is a moderator" in out.getvalue()
    assert client.get("/moderation/").status_code == 200
    call_command("set_moderator", "elena", "--remove", stdout=StringIO())
    assert client.get("/moderation/").status_code == 403


def test_an_unknown_name_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No member is called 'nobody'"):
        call_command("set_moderator", "nobody")
