"""Every account gets a Profile, however it was created (signup, admin, createsuperuser); a saved
company is never served from the cache in its old form."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="taro_create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from taro.models import Profile

        Profile.objects.get_or_create(user=instance)


@receiver(post_save, sender="taro.Company", dispatch_uid="taro_forget_cached_company")
def forget_cached_company(sender, instance, raw=False, **kwargs):
    from django.core.cache import cache

    from taro.selectors import DEFAULT_COMPANY_KEY

    cache.delete(DEFAULT_COMPANY_KEY)
