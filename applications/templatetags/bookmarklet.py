"""{% bookmarklet_href %}: the bookmarklet (applications/bookmarklet.js) as a javascript: link,
pointing at this site's new-application page."""

import functools
import json
import re
from pathlib import Path
from urllib.parse import quote

from django import template
from django.urls import reverse

register = template.Library()
SOURCE = Path(__file__).resolve().parent.parent / "bookmarklet.js"


@functools.cache
def bookmarklet_code() -> str:
    """The script on one line, its leading comment dropped."""
    source = re.sub(r"\A\s*/\*.*?\*/", "", SOURCE.read_text(), flags=re.DOTALL)
    return " ".join(source.split())


@register.simple_tag(takes_context=True)
def bookmarklet_href(context) -> str:
    app = context["request"].build_absolute_uri(reverse("applications:create"))
    return "javascript:" + quote(bookmarklet_code().replace('"APP_URL"', json.dumps(app)), safe="")
