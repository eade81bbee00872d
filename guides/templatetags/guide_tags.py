"""Rendering the panels other apps register on guide pages (guides/panels.py)."""

from django import template

from guides import panels

register = template.Library()


@register.simple_tag
def guide_panels(guide=None, place=panels.GUIDE):
    """`{% guide_panels guide as loaded %}`: the panels of a place, their context loaded. Put it
    inside the page's `{% cache %}` block, so their queries run only when the block is rendered."""
    return panels.load(guide, place)


@register.simple_tag
def guide_body(guide, loaded):
    """The guide's HTML with the loaded panels' notes under their sections' headings."""
    return panels.body_with_notes(guide, loaded)


@register.simple_tag(takes_context=True)
def render_panel(context, panel):
    """One loaded panel, rendered as an inclusion tag renders its template."""
    panel_template = context.template.engine.get_template(panel.template)
    return panel_template.render(context.new(panel.context))
