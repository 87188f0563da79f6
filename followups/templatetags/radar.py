from django import template

from ..models import FollowUpKind, FollowUpState, thank_yous_folded_into_reply

register = template.Library()


@register.filter
def has_check_ins(follow_ups) -> bool:
    """Whether a rejection's follow-ups (as loaded) include the stay-on-radar check-ins: until
    they do, its card offers to plan them (the reply is planned when the rejection is logged)."""
    return any(
        f.kind == FollowUpKind.CHECK_IN and f.state != FollowUpState.CANCELLED for f in follow_ups
    )


@register.simple_tag
def folded_thank_yous(rejection) -> list:
    """The thank-you notes this rejection took off the seeker's list (see the model's rule)."""
    return thank_yous_folded_into_reply(rejection)
