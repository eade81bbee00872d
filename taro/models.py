"""Site-wide identity and taxonomy: companies, their position pick-lists, profiles, topics."""

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.urls import reverse


class Company(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    # Confirming an address at this domain earns the "verified" mark on the badge.
    email_domain = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name

    # get_absolute_url(): the company's hub, a forum page. Set by ABSOLUTE_URL_OVERRIDES in
    # taro/settings.py, where the project says which app serves it: taro names no app.
    get_absolute_url: Callable[[], str]  # declared for mypy only: no value here


class Position(models.Model):
    class Track(models.TextChoices):
        ENGINEERING = "engineering", "Engineering"
        MANAGEMENT = "management", "Management"
        PROGRAM = "program", "Program management"
        PRODUCT = "product", "Product"
        OTHER = "other", "Other"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=100)
    level = models.CharField(
        max_length=20, blank=True, help_text="Short level shown in badges, e.g. SDE 1."
    )
    track = models.CharField(max_length=20, choices=Track.choices, default=Track.ENGINEERING)
    rank = models.PositiveSmallIntegerField(default=0, help_text="Order in the pick-list.")

    class Meta:
        ordering = ["company", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "title", "level"], name="position_unique_per_company"
            ),
        ]

    def __str__(self):
        return self.badge_label

    @property
    def badge_label(self) -> str:
        level = f" [{self.level}]" if self.level else ""
        return f"{self.title}{level} at {self.company.name}"

    @property
    def short_label(self) -> str:
        """What an anonymous post shows: the level and company, nothing personal."""
        return f"{self.level or self.title} at {self.company.name}"


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)
    about = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    # get_absolute_url(): the topic's questions, a forum page (ABSOLUTE_URL_OVERRIDES, as Company).
    get_absolute_url: Callable[[], str]


class Profile(models.Model):
    class EmailPreference(models.TextChoices):
        NONE = "none", "No email"
        EACH = "each", "An email for each event"
        DIGEST = "digest", "A daily digest"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=60, blank=True)
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio_source = models.TextField("bio", blank=True, max_length=2000)
    bio_html = models.TextField(blank=True, editable=False)
    verified_company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when the user confirms an email address at the company's domain.",
    )
    email_preference = models.CharField(
        max_length=10, choices=EmailPreference.choices, default=EmailPreference.EACH
    )
    # Set at signup: the first pages after login ask for the role badge (taro/onboarding.py)
    # until the person sets it or skips. Accounts made any other way are never asked.
    needs_onboarding = models.BooleanField(default=False)

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("profile", args=[self.user.username])

    @property
    def name(self) -> str:
        return self.display_name or self.user.username

    @property
    def initials(self) -> str:
        words = [
            w for w in self.name.replace("_", " ").replace(".", " ").split() if w[:1].isalnum()
        ]
        letters = "".join(w[0] for w in words[:2]) or self.user.username[:1]
        return letters.upper()

    @property
    def badge_label(self) -> str:
        return self.position.badge_label if self.position is not None else ""

    @property
    def badge_verified(self) -> bool:
        return bool(
            self.position is not None and self.verified_company_id == self.position.company_id
        )


class ContentVersion(models.Model):
    """A counter per kind of shared content that cached pages and fragments are keyed on.

    Writers bump it with `taro.versions.bump()` inside their own transaction, so the new number
    becomes visible to readers in the same instant as the data: a reader can never cache the old
    page under the new number, and no worker keeps its own idea of the version.
    """

    name = models.CharField(max_length=40, primary_key=True)
    number = models.BigIntegerField(default=1)

    def __str__(self):
        return f"{self.name} v{self.number}"


class WorkEmailProof(models.Model):
    """That a member confirmed a work address at `company`, without the address.

    Only a keyed hash is kept (taro.workemail.hash_address: HMAC-SHA256 with a server secret), so
    the same address can't verify a second account, while a copy of the database alone can't be
    searched for a known address. The address itself is never written to the database, the
    cache or the logs: it lives only in the email that carries the one-time link.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_email_proof"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    address_hash = models.CharField(max_length=64, unique=True)
    verified_on = models.DateField()

    def __str__(self):
        return (
            f"{self.company} work email, verified {self.verified_on.day} {self.verified_on:%b %Y}"
        )
