"""The forum's cache entries: template fragments (taro.fragments), bound by the views and
rendered by `{% cached %}` or in Python (Bound.html), values its selectors read (taro.entries),
and the companions a member's thread view fetches with the request's versions."""

from taro import entries, versions
from taro.fragments import declare

# What lists of questions show: titles and answer counts (FORUM), scores in an order votes move
# (RANKING), and authors' names and badges (PEOPLE).
LIST_DEPENDS_ON = (versions.FORUM, versions.RANKING, versions.PEOPLE)

FEED = declare("feed", depends_on=LIST_DEPENDS_ON)  # a page of a question list
# How many questions a list has (its page numbers): moves only with the content.
FEED_COUNT = entries.declare(
    "feed-count", depends_on=(versions.FORUM,), load="forum.selectors.count_feed"
)
TOPIC_CHIPS = declare("topic_chips", depends_on=(versions.FORUM,))  # /questions/' topic filter
TOPIC_OPTIONS = declare("topic_options", depends_on=(versions.FORUM,))  # the search form's menu
# A search's ranked hits, per text, kind and topic: they carry titles, guide sections and author
# names (not scores, read fresh), for SEARCH_TTL_SECONDS; and a page of them rendered.
HITS_DEPEND_ON = (versions.FORUM, versions.GUIDES, versions.PEOPLE)
SEARCH_RANKING = entries.declare(
    "search",
    depends_on=HITS_DEPEND_ON,
    load="forum.search.results.rank",
    ttl_setting="SEARCH_TTL_SECONDS",
)
SEARCH_RESULTS = declare(
    "search_results", ttl_setting="SEARCH_TTL_SECONDS", depends_on=HITS_DEPEND_ON
)
HUB_GUIDES = declare("hub_guides", depends_on=(versions.FORUM, versions.GUIDES))  # guide cards
# The hub's topics and top contributors.
HUB_SIDEBAR = declare("hub_sidebar", depends_on=(versions.FORUM, versions.GUIDES))
QA_PAGE = declare("qa_page")  # a thread's schema.org QAPage data, for anonymous readers
# A member's posts on their profile (every version: posts, scores, names, guides they cite).
PROFILE_ACTIVITY = declare("profile_activity", depends_on=versions.SITE)

# A thread's posts (forum/fragments.py), keyed on the thread's and people's versions and on the
# kind of reader they look different to; its page's parts around them, for members; its related
# box (forum/related.py), which shows other threads and guide sections.
QUESTION_POST = declare("question_post")
ANSWERS_SECTION = declare("answers_section")
ANSWER_BLOCK = declare("answer_block")
THREAD_PARTS = declare("thread_parts")
RELATED_BOX = declare("related_box", depends_on=(versions.FORUM, versions.GUIDES))

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
# Just enough of a question to check access and its canonical URL, per version of the thread.
QUESTION_HEAD = entries.declare(
    "question-head", depends_on=(), load="forum.selectors.load_question_head"
)
# A member's thread view fetches these with the request's versions (taro.entries' companions):
# the question as the page shows it, stamped with the thread's and people's versions, and the
# reader's votes and answers in it, stamped with the thread's version.
THREAD_QUESTION = entries.declare_companion("thread-question", load="forum.selectors.get_question")
VIEWER_STATE = entries.declare_companion(
    "viewer-state", load="forum.selectors.load_viewer_votes_and_answers"
)
# The guide sections' words for spelling suggestions (a ts_stat scan), per version of the guides.
GUIDE_WORDS = entries.declare(
    "guide-words", depends_on=(versions.GUIDES,), load="forum.search.spelling.load_guide_words"
)
