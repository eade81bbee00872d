"""`{% base_rate_sentences level as lines %}`: taro.base_rates for templates (one query when the
outcome ledger is installed)."""

from django import template

from taro import base_rates

register = template.Library()


@register.simple_tag
def base_rate_sentences(level, tier=None):
    return base_rates.sentences(level or "", tier)
