"""taro's cache entries (taro.entries): what identity pages read."""

from taro import entries, versions

# A profile for /users/<username>/ (inactive accounts are not public). The PEOPLE version moves
# with every write to a profile, an account, a position or a company.
PUBLIC_PROFILE = entries.declare(
    "public-profile", depends_on=(versions.PEOPLE,), load="taro.selectors.load_public_profile"
)
