"""The <option>s of a <select> that a template lays out itself (the list's filters, the board's
"Move to" menus), built in Python: a template loop costs microseconds per option, and the board
shows a menu on every card."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def options(choices, selected) -> SafeString:
    """<option>s for these (value, label) choices, the one equal to `selected` selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in choices),
    )


@register.filter
def as_options(bound_field) -> SafeString:
    """`{{ form.field|as_options }}`: the field's choices, its current value selected."""
    return options(bound_field.field.choices, bound_field.value())
