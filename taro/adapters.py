"""django-allauth customisation, kept in its adapter as allauth recommends."""

from allauth.account.adapter import DefaultAccountAdapter

from taro.services import refresh_verified_company


class AccountAdapter(DefaultAccountAdapter):
    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        refresh_verified_company(user=email_address.user)
        return confirmed  # allauth logs the user in only when this is truthy
