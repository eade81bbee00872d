"""The guides' cache entries: template fragments (taro.fragments) and values (taro.entries)."""

from taro import entries, versions
from taro.fragments import declare

GUIDE_CONTENT = declare("guide_content")  # a guide's body with its panels
# The guide with its neighbours and topics (guides change only with `sync_guides`).
GUIDE_PAGE = entries.declare(
    "guide-page", depends_on=(versions.GUIDES,), load="guides.selectors.load_guide_page"
)
