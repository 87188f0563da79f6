"""The pipeline's rows, built in Python (core/html.py says why): the
same markup the templates wrote, at a fraction of the cost. `{% load rows %}`."""

from django import template
from django.utils.safestring import SafeString

from core.html import escape, join, time_tag, url_for_pk

from ..models import Stage

register = template.Library()

STAGE_BADGES = {
    value: f'<span class="badge stage-{value}">{escape(label)}</span>'
    for value, label in Stage.choices
}


def stage_badge(stage: str) -> str:
    """core.templatetags.tracker.stage_badge for a row's stage."""
    return STAGE_BADGES[stage]


@register.simple_tag
def pipeline_rows(rows) -> SafeString:
    """The pipeline's rows (applications.pipeline.PipelineRow), the <li>s of its one form."""
    detail_url = url_for_pk("applications:detail")
    move_url = url_for_pk("applications:pipeline_move")
    pin_url = url_for_pk("applications:pin_second")
    items = []
    for row in rows:
        app = row.application
        pk, role, company = app.pk, escape(app.role_title), escape(app.company_name)
        hidden = f'<span class="visually-hidden">: {role} at {company}</span>'
        if app.is_dream_job:
            kind = " pipeline-dream"
        elif row.is_viable_second:
            kind = " pipeline-second"
        else:
            kind = ""
        if row.can_move_up or row.can_move_down:
            move = move_url(pk)
            actions = [
                '<button class="btn btn-sm btn-outline-secondary" type="submit" '
                f'formaction="{move}" name="direction" value="{direction}" '
                f'id="move-{direction}-{pk}" data-focus="move-{direction}-{pk} '
                f'move-{other}-{pk} app-{pk}"{"" if allowed else " disabled"}>{label}'
                f"{hidden}</button>"
                for direction, label, allowed, other in (
                    ("up", "Move up", row.can_move_up, "down"),
                    ("down", "Move down", row.can_move_down, "up"),
                )
            ]
        elif app.is_dream_job:
            actions = ['<span class="small text-body-secondary">Your dream job stays on top</span>']
        else:
            actions = []
        if not app.is_dream_job:
            pin = "unpin" if app.is_pinned_second else "pin"
            actions.append(
                '<button class="btn btn-sm btn-outline-success" type="submit" '
                f'formaction="{pin_url(pk)}" name="action" value="{pin}" id="pin-{pk}" '
                f'data-focus="pin-{pk} app-{pk}">'
                f"{'Unpin' if app.is_pinned_second else 'Pin as viable #2'}{hidden}</button>"
            )
        applied = f" · applied {time_tag(app.applied_on)}" if app.applied_on else ""
        parts = [
            f'<li class="list-group-item pipeline-row{kind}" id="pipeline-{pk}">',
            '<div class="d-flex flex-wrap gap-3 align-items-center">',
            f'<span class="pipeline-rank">{row.number}<span class="visually-hidden">.</span>'
            "</span>",
            '<div class="pipeline-title">',
            f'<a class="fw-semibold" id="app-{pk}" href="{detail_url(pk)}">{role}</a>',
            f'<span class="text-body-secondary">at {company}</span>',
            '<div class="d-flex flex-wrap gap-1 align-items-center mt-1 small">',
            stage_badge(app.stage),
            '<span class="badge text-bg-warning">Dream job</span>' if app.is_dream_job else "",
            '<span class="badge text-bg-success">Viable #2'
            f"{' · pinned' if app.is_pinned_second else ''}</span>"
            if row.is_viable_second
            else "",
            f'<span class="text-body-secondary">Excitement {app.excitement}/5{applied}</span>',
            "</div> </div>",
            '<div class="d-flex flex-wrap gap-1 ms-auto pipeline-actions">',
            *actions,
            "</div> </div> </li>",
        ]
        items.append(" ".join(part for part in parts if part))
    return join(items)
