"""taro's cache entries (taro.entries): what identity pages and the site's shell read."""

from taro import entries, versions

# A profile for /users/<username>/ (inactive accounts are not public). The PEOPLE version moves
# with every write to a profile, an account, a position or a company.
PUBLIC_PROFILE = entries.declare(
    "public-profile", depends_on=(versions.PEOPLE,), load="taro.selectors.load_public_profile"
)

# The hub's company, read on every home page, with the request's versions; a save of any company
# forgets it (taro/signals.py). Stamped with the slug it was read for.
DEFAULT_COMPANY = entries.declare_companion(
    "default-company", load="taro.selectors.load_default_company"
)
# The signed-in header's account menu, per member, stamped with the PEOPLE version (their name,
# badge and staff flag move it: taro/signals.py). Stored with the CSRF placeholder in its form.
ACCOUNT_MENU = entries.declare_companion(
    "account-menu", load="taro.templatetags.shell.render_account_menu"
)
