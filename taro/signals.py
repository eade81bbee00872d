"""Every account gets a Profile, however it was created (signup, admin, createsuperuser); a
superuser's email counts as confirmed; a saved company is never served from the cache in its old
form."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


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
    from django.core.cache import cache

    from taro.selectors import DEFAULT_COMPANY_KEY

    cache.delete(DEFAULT_COMPANY_KEY)
