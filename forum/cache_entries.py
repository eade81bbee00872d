"""The forum's cache entries: template fragments (taro.fragments), bound by the views and
rendered by `{% cached %}`, and values its selectors read (taro.entries)."""

from taro import entries, versions
from taro.fragments import declare

FEED = declare("feed")  # a page of a question list
TOPIC_CHIPS = declare("topic_chips")  # /questions/' topic filter
TOPIC_OPTIONS = declare("topic_options")  # the search form's topic menu
SEARCH_RESULTS = declare("search_results", ttl_setting="SEARCH_TTL_SECONDS")
HUB_GUIDES = declare("hub_guides")  # the company hub's guide cards
HUB_SIDEBAR = declare("hub_sidebar")  # the hub's topics and top contributors
QA_PAGE = declare("qa_page")  # a thread's schema.org QAPage data, for anonymous readers
PROFILE_ACTIVITY = declare("profile_activity")  # a member's posts on their profile

# A member's reputation on their profile: an aggregate over their posts and votes.
REPUTATION = entries.declare(
    "reputation", depends_on=versions.SITE, load="forum.selectors.load_reputation"
)
# The hub's board for this month: a statistic, kept CONTRIBUTORS_TTL_SECONDS whatever moves.
TOP_CONTRIBUTORS = entries.declare(
    "top-contributors",
    depends_on=(),
    load="forum.selectors.load_top_contributors",
    ttl_setting="CONTRIBUTORS_TTL_SECONDS",
)
