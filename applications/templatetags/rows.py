"""The board's columns and the pipeline's and the list's rows, built in Python (core/html.py says
why): the same markup the templates wrote, at a fraction of the cost. `{% load rows %}`."""

from collections.abc import Callable
from urllib.parse import quote

from django import template
from django.template.defaulttags import querystring
from django.urls import reverse
from django.utils.safestring import SafeString

from core.html import (
    csrf_input,
    escape,
    join,
    moment_tag,
    month_day,
    next_interview,
    time_tag,
    url_for_pk,
)

from ..models import Stage, WorkMode

register = template.Library()

STAGE_BADGES = {
    value: f'<span class="badge stage-{value}">{escape(label)}</span>'
    for value, label in Stage.choices
}


STAGE_LABELS = {value: escape(label) for value, label in Stage.choices}

WORK_MODES = {value: escape(label) for value, label in WorkMode.choices}


def stage_badge(stage: str) -> str:
    """core.templatetags.tracker.stage_badge for a row's stage."""
    return STAGE_BADGES[stage]


def tag_badges(names: list[str] | None, href: Callable[[str], str]) -> str:
    """applications/_tags.html for a row's tags ("" for none), each a link to `href(name)`."""
    if not names:
        return ""
    return (
        "\n"  # around them, applications/_tags.html's line breaks
        + " ".join(
            '<a class="badge rounded-pill text-bg-light border text-decoration-none tag-badge" '
            f'href="{href(name)}"><span class="visually-hidden">Tag: </span>{escape(name)}</a>'
            for name in names
        )
        + "\n"
    )


@register.simple_tag(takes_context=True)
def board_columns(context, columns, card_tags) -> SafeString:
    """The board's columns (applications.views.BoardColumn), each card with its tags (a badge
    each, a link to the board filtered to it) and its "Move to" form, which keeps the board's
    tag filter (`tag_query`)."""
    csrf = csrf_input(context.get("csrf_token"))
    detail_url = url_for_pk("applications:detail")
    move_url = url_for_pk("applications:move")
    board_url = escape(reverse("applications:board"))
    list_url = escape(reverse("applications:list"))
    tag_query = escape(context.get("tag_query", ""))
    keep = f"?{tag_query}" if tag_query else ""

    def tag_url(name: str) -> str:
        return f"{board_url}?tag={escape(quote(name, safe='/'))}"

    sections = []
    for column in columns:
        stage, label = column.stage.value, escape(column.stage.label)
        options = column.move_options
        cards = []
        for card in column.cards:
            pk, role, company = card.pk, escape(card.role_title), escape(card.company_name)
            move = move_url(pk) + keep
            tags = tag_badges(card_tags.get(pk), tag_url)
            badges = f'<div class="mt-1">{tags}</div>' if tags else ""
            dream = ' · <span class="text-warning-emphasis">dream job</span>'
            interview = next_interview(card.next_interview_at)
            parts = [
                f'<article class="card board-card" draggable="true" data-application="{pk}">',
                '<div class="card-body p-2">',
                f'<a class="fw-semibold" href="{detail_url(pk)}">{role}</a>',
                f'<div class="small text-body-secondary">{company}'
                f"{dream if card.is_dream_job else ''}</div>",
                f"<div>{interview}</div>" if interview else "",
                badges,
                f'<form method="post" action="{move}" class="d-flex gap-1 mt-2 move-form" '
                f'data-hx-post="{move}" data-hx-target="#board" data-hx-swap="outerHTML" '
                f'data-focus="move-{pk}">',
                csrf,
                f'<input type="hidden" name="next" value="{board_url}{keep}">',
                f'<label class="visually-hidden" for="move-{pk}">Move {role} at {company} to'
                "</label>",
                f'<select class="form-select form-select-sm" name="stage" id="move-{pk}">',
                options,
                "</select>",
                '<button class="btn btn-sm btn-outline-primary" type="submit">Move</button>',
                "</form> </div> </article>",
            ]
            cards.append(" ".join(part for part in parts if part))
        more = column.more
        sections.append(
            " ".join(
                part
                for part in [
                    f'<section class="board-column card bg-body-tertiary" data-stage="{stage}" '
                    f'aria-labelledby="col-{stage}">',
                    '<h2 class="h6 card-header d-flex justify-content-between" '
                    f'id="col-{stage}">{label} <span class="badge text-bg-secondary">'
                    f"{column.total}</span></h2>",
                    '<div class="card-body p-2 d-flex flex-column gap-2">',
                    " ".join(cards)
                    or '<p class="small text-body-secondary mb-0">Nothing here.</p>',
                    f'<a class="small" href="{list_url}?stage={stage}&amp;sort=excitement'
                    f'{"&amp;" + tag_query if tag_query else ""}">'
                    f'{more} more in the list<span class="visually-hidden">: {label}</span></a>'
                    if more
                    else "",
                    "</div> </section>",
                ]
                if part
            )
        )
    return join(sections)


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


@register.simple_tag(takes_context=True)
def list_rows(context, rows, row_tags) -> SafeString:
    """The list's table rows (applications.models.ApplicationRow, with place), each tag a link
    to the list filtered by it, the other filters kept ({% querystring %} once per name)."""
    detail_url = url_for_pk("applications:detail")
    tag_urls: dict[str, str] = {}

    def tag_url(name: str) -> str:
        if name not in tag_urls:
            tag_urls[name] = escape(querystring(context, tag=name, page=None))
        return tag_urls[name]

    dream = ' <span class="badge text-bg-warning">Dream job</span>'
    items = []
    for row in rows:
        tags = tag_badges(row_tags.get(row.pk), tag_url)
        interview = next_interview(row.next_interview_at)
        applied = row.applied_on
        mode = row.work_mode
        mode_label = WORK_MODES.get(mode) or escape(mode)
        parts = [
            f'<tr> <td><a href="{detail_url(row.pk)}">{escape(row.role_title)}</a>',
            dream if row.is_dream_job else "",
            f"<div>{tags}</div>" if tags else "",
            f"</td> <td>{escape(row.company_name)}</td> <td>{stage_badge(row.stage)}",
            f"<br>{interview}" if interview else "",
            f'</td> <td><span aria-hidden="true">{row.excitement}/5</span>'
            f'<span class="visually-hidden">{row.excitement} out of 5</span></td> <td>',
            f"{month_day(applied)}, {applied.year}" if applied else "—",
            f"</td> <td>{escape(row.location) or '—'}",
            f' <span class="text-body-secondary small">({mode_label})</span>' if mode else "",
            "</td> </tr>",
        ]
        items.append("".join(parts))
    return join(items)


@register.simple_tag
def stage_cards(counts: dict[str, int]) -> SafeString:
    """The dashboard's count of each stage that has any (counts by stage, in the stages'
    order), each a link to the list of that stage."""
    list_url = escape(reverse("applications:list"))
    return join(
        f'<div class="col-6 col-md-3 col-lg-2"><a class="card card-body text-center '
        f'text-decoration-none" href="{list_url}?stage={stage}"><div class="fs-3">{n}</div>'
        f'<div class="text-body-secondary">{STAGE_LABELS[stage]}</div></a></div>'
        for stage, n in counts.items()
        if n
    )


@register.simple_tag
def live_rows(rows) -> SafeString:
    """The dashboard's live applications (ApplicationRows with their next interview)."""
    detail_url = url_for_pk("applications:detail")
    return join(
        '<li class="list-group-item d-flex justify-content-between align-items-center"> '
        f'<span><a href="{detail_url(row.pk)}">{escape(row.role_title)}</a> '
        f'<span class="text-body-secondary">at {escape(row.company_name)}</span>'
        f"{'<br>' + next_interview(row.next_interview_at) if row.next_interview_at else ''}"
        f"</span> {stage_badge(row.stage)} </li>"
        for row in rows
    )


@register.simple_tag
def change_rows(changes) -> SafeString:
    """The dashboard's recent changes (applications.models.ChangeRow)."""
    detail_url = url_for_pk("applications:detail")
    return join(
        f'<li class="list-group-item"> <a href="{detail_url(change.application_id)}">'
        f"{escape(change.role_title)} at {escape(change.company_name)}</a>: "
        f"{'moved to' if change.from_stage else 'added as'} "
        f"<strong>{STAGE_LABELS[change.to_stage]}</strong> "
        f'<span class="text-body-secondary small">· {moment_tag(change.changed_at)}</span> </li>'
        for change in changes
    )


@register.simple_tag
def quiet_contact_rows(contacts) -> SafeString:
    """The dashboard's contacts worth a friendly word (applications.models.ContactRow)."""
    contact_url = url_for_pk("applications:contact_detail")
    items = []
    for contact in contacts:
        day = contact.last_contacted
        when = (
            f'last in touch <time datetime="{day.isoformat()}">{month_day(day)}, {day.year}</time>'
            if day
            else "no conversation logged"
        )
        items.append(
            f'<li class="mb-1"><a href="{contact_url(contact.pk)}">{escape(contact.name)}</a> '
            f'<span class="text-body-secondary">at {escape(contact.company_name)}</span> '
            f'<span class="small text-body-secondary">· {when}</span></li>'
        )
    return join(items)
