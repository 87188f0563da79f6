"""Small pieces of the tracker's pages that repeat on every row, built in Python: a template
loop or include costs microseconds each time, and a page shows dozens of rows."""

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def options(choices, selected) -> SafeString:
    """The <option>s of a <select> that a template lays out itself (the list's filters, the
    board's "Move to" menus): these (value, label) choices, the one equal to `selected` selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in choices),
    )


@register.filter
def as_options(bound_field) -> SafeString:
    """`{{ form.field|as_options }}`: the field's choices, its current value selected. Built
    once per process for each choice selected (or none), as long as the choices stay the same
    (the list's filters: issue 17)."""
    choices = tuple(bound_field.field.choices)
    value = bound_field.value()
    chosen = next((choice for choice, _ in choices if choice == value), None)
    return cached_options(choices, chosen)


@lru_cache(maxsize=64)
def cached_options(choices: tuple, selected) -> SafeString:
    """options() for choices that do not change, for as_options."""
    return options(choices, selected)


@register.filter
def stage_badge(application) -> SafeString:
    """`{{ application|stage_badge }}`: its stage as a coloured badge (app.css, .stage-*)."""
    return format_html(
        '<span class="badge stage-{}">{}</span>', application.stage, application.get_stage_display()
    )
