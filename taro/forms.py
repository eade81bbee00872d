import re
import unicodedata
from typing import cast

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.userkit import get_user_by_username
from django import forms
from django.contrib.auth.hashers import make_password

from taro.confidentiality import ConfidentialityGuardMixin, confirm_field
from taro.models import Position, Profile
from taro.selectors import position_choices
from taro.text import clean_line, clean_text


def grouped_position_choices():
    """Positions grouped by company, for an <optgroup> pick-list."""
    groups: dict[str, list] = {}
    for position in position_choices():
        label = f"{position.title} [{position.level}]" if position.level else position.title
        groups.setdefault(position.company.name, []).append((str(position.pk), label))
    return [("", "No role badge"), *groups.items()]


# A display name must not pass for an anonymous post's label or for the site's own voice.
RESERVED_WORDS = {"anonymous", "moderator", "staff", "taro"}
# Letters of other scripts (and digits) that read as Latin ones; NFKC leaves them alone.
LOOKALIKES = str.maketrans("аеорсухіјѕкмнвтαοντρι01", "aeopcyxijskmhbtaovtpiol")


def is_reserved_name(name: str) -> bool:
    """Whether a reserved word appears in `name` as a word, or as all its letters, whatever the
    case, width, accents or lookalike letters ("Anonymous · SDE 2", "ＳＴＡＦＦ", "Аnоnymоus")."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(LOOKALIKES)
    words = set(re.findall(r"[a-z]+", folded))
    return bool(words & RESERVED_WORDS) or "".join(re.findall(r"[a-z]", folded)) in RESERVED_WORDS


class ProfileForm(ConfidentialityGuardMixin, forms.Form):
    guarded_text_name = "bio"

    display_name = forms.CharField(
        max_length=60,
        required=False,
        help_text="Shown with your posts. Leave empty to use your username.",
    )
    position = forms.ChoiceField(
        label="Company and position",
        required=False,
        help_text="Your role badge, e.g. “Entry-Level Software Engineer [SDE 1] at Amazon”.",
    )
    bio_source = forms.CharField(
        label="Bio",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown. Up to 2,000 characters.",
    )
    confirm_not_confidential = confirm_field()
    email_preference = forms.ChoiceField(
        label="Email notifications",
        choices=Profile.EmailPreference.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["position"]).choices = grouped_position_choices()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        self.check_confidentiality(cleaned.get("bio_source", ""))
        cleaned.pop("confirm_not_confidential", None)  # not part of the profile
        return cleaned

    def clean_display_name(self):
        name = clean_line(self.cleaned_data["display_name"])
        if is_reserved_name(name):
            raise forms.ValidationError("That name is reserved. Please choose another.")
        return name

    def clean_bio_source(self):
        return clean_text(self.cleaned_data["bio_source"])

    def clean_position(self):
        value = self.cleaned_data["position"]
        return Position.objects.select_related("company").get(pk=value) if value else None

    @classmethod
    def initial_for(cls, profile: Profile) -> dict:
        return {
            "display_name": profile.display_name,
            "position": str(profile.position_id or ""),
            "bio_source": profile.bio_source,
            "email_preference": profile.email_preference,
        }


class BadgeForm(forms.Form):
    """The first-login step: company and position, nothing else."""

    position = forms.ChoiceField(
        label="Your role badge: company and position",
        required=False,
        help_text="Shown with everything you post, e.g. “Entry-Level Software Engineer [SDE 1] "
        "at Amazon”. You can change it later in your profile settings.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = grouped_position_choices()
        position = cast(forms.ChoiceField, self.fields["position"])
        position.choices = [("", "Choose your position"), *choices[1:]]

    def clean_position(self):
        value = self.cleaned_data["position"]
        if not value:
            raise forms.ValidationError("Choose a position, or skip this step for now.")
        return Position.objects.select_related("company").get(pk=value)


class LoginForm(AllauthLoginForm):
    """allauth's login form, with a label that says what may be typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email"
        # "username", not allauth's "email": the field takes either, and password managers
        # fill a username field with whichever the person saved.
        self.fields["login"].widget.attrs["autocomplete"] = "username"

    def user_credentials(self) -> dict:
        """allauth also tries an address as a username ("usernames that look like emails"), and
        each of those tries checks the password of the account the address belongs to: a
        registered address with a wrong password cost two password hashes per backend, an
        unknown one a single (dummy) hash, so the time told which addresses have accounts,
        despite ACCOUNT_PREVENT_ENUMERATION. Only when some account has the address as its
        username is it tried as one (usernames are public: nothing to hide there); otherwise
        both paths hash exactly once per backend."""
        credentials = super().user_credentials()
        email = credentials.get("email")
        if email and "username" in credentials and get_user_by_username(email) is None:
            del credentials["username"]
        return credentials


class SignupForm(AllauthSignupForm):
    """allauth's signup form plus a honeypot field that people never see and bots fill in."""

    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("This field must be left empty.")
        return ""

    def try_save(self, request):
        # With an address that already has an account allauth creates nothing and only sends
        # a mail, so that path skipped the password hash (~300 ms) and told, by its speed, which
        # addresses are registered. Hash on both paths: they take the same time.
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class WorkEmailForm(forms.Form):
    """The work address to send a verification link to. It is used for that one email and
    never stored (taro/workemail.py)."""

    address = forms.CharField(
        label="Work email",
        max_length=254,
        help_text="We email this address a link, then forget it: Taro keeps only the company, "
        "the date and a keyed hash of the address.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
