"""Every account gets a Profile, however it was created (signup, admin, createsuperuser); a
superuser's email counts as confirmed; a saved company is never served from the cache in its old
form; a change to an account, a position or a company retires what is cached of people."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from taro import versions


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="taro_create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from taro.models import Profile

        Profile.objects.get_or_create(user=instance)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="taro_confirm_superuser")
def confirm_superuser_email(sender, instance, created, raw=False, **kwargs):
    """A superuser is made by the operator (`createsuperuser`), who typed the address: it needs no
    confirmation link, so the new superuser can log in on the site at once, not only at /admin/
    (logins require a confirmed email)."""
    if created and not raw and instance.is_superuser and instance.email:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=instance,
            email__iexact=instance.email,
            defaults={"email": instance.email, "verified": True, "primary": True},
        )


@receiver(post_save, sender="taro.Company", dispatch_uid="taro_forget_cached_company")
def forget_cached_company(sender, instance, raw=False, **kwargs):
    from taro.cache_entries import DEFAULT_COMPANY

    DEFAULT_COMPANY.forget()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="taro_account_changed")
def account_changed(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """An account saved by anything but a login (which only stamps last_login) may have changed
    how pages show it (its username) or whether it is public at all (is_active, unset in the
    admin): every page and profile cached under the PEOPLE version goes. A new account shows
    nowhere yet."""
    if created or raw or (update_fields and set(update_fields) <= {"last_login"}):
        return
    _people_changed()


@receiver(post_save, sender="taro.Position", dispatch_uid="taro_position_saved")
@receiver(post_delete, sender="taro.Position", dispatch_uid="taro_position_deleted")
@receiver(post_save, sender="taro.Company", dispatch_uid="taro_company_saved")
@receiver(post_delete, sender="taro.Company", dispatch_uid="taro_company_deleted")
def badge_changed(sender, raw=False, **kwargs):
    """Role badges ("SDE 1 at Amazon") are made of positions and companies (edited in the admin)."""
    if not raw:
        _people_changed()


def _people_changed() -> None:
    with transaction.atomic():  # a savepoint inside the saver's transaction, if it has one
        versions.bump(versions.PEOPLE)


@receiver(post_save, sender="taro.Topic", dispatch_uid="taro_topic_saved")
@receiver(post_delete, sender="taro.Topic", dispatch_uid="taro_topic_deleted")
def topic_changed(sender, raw=False, **kwargs):
    """Topic names and their order are on every list page and in the search form."""
    if not raw:
        with transaction.atomic():
            versions.bump(versions.FORUM)
