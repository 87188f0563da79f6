from django import forms
from django.utils.html import format_html, format_html_join


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DatalistInput(forms.TextInput):
    """A text input with suggestions the browser offers as the seeker types, from a <datalist>
    rendered next to it. With data-separator="," (a list such as tags) static/js/app.js offers
    them for the part being typed."""

    def __init__(self, attrs=None, options=()):
        super().__init__(attrs)
        self.options = list(options)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = attrs or {}
        list_id = f"{attrs.get('id') or name}-options"
        field = super().render(name, value, {**attrs, "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}"></option>', ((o,) for o in self.options))
        return field + format_html('<datalist id="{}">{}</datalist>', list_id, options)
