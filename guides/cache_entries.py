"""The guides' cached template fragments (taro.fragments)."""

from taro.fragments import declare

GUIDE_CONTENT = declare("guide_content")  # a guide's body with its panels
