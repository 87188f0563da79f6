from django import template

from ..models import FollowUpKind

register = template.Library()


@register.filter
def has_check_ins(follow_ups) -> bool:
    """Whether a rejection's follow-ups (as loaded) include the stay-on-radar check-ins: until
    they do, its card offers to plan them (the reply is planned when the rejection is logged)."""
    return any(f.kind == FollowUpKind.CHECK_IN for f in follow_ups)
