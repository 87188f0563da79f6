"""Follow-ups with their quick actions (Done, Snooze, Skip), built in Python as the board's cards
are (core/html.py says why): each row carries three forms, which cost the dashboard more in
the template than all its queries once they were prepared (issue 17). `{% load follow_up_rows
%}`, then `{% follow_up_rows items %}` with `today` and `request` in the context."""

from datetime import date

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.safestring import SafeString

from core.html import csrf_input, escape, join, url_for_pk

from ..models import FollowUpKind, FollowUpRow, FollowUpState

register = template.Library()

KINDS = {value: escape(label) for value, label in FollowUpKind.choices}
STATES = {value: escape(label) for value, label in FollowUpState.choices}


def day_month(day: date, *, year: bool = False) -> str:
    """`|date:"D j M"` ("Fri 4 Dec"), with " Y" when `year`."""
    text = f"{WEEKDAYS_ABBR[day.weekday()]} {day.day} {MONTHS_3[day.month].title()}"
    return f"{text} {day.year}" if year else text


def when(row: FollowUpRow, today: date) -> str:
    if row.state == FollowUpState.SCHEDULED:
        if row.due_on < today:
            return (
                f'<span class="badge text-bg-danger">Overdue</span> since {day_month(row.due_on)}'
            )
        if row.due_on == today:
            return '<span class="badge text-bg-warning">Due today</span>'
        return f'<span class="text-body-secondary">Due {day_month(row.due_on, year=True)}</span>'
    if row.state == FollowUpState.DONE:
        done = timezone.localtime(row.done_at) if row.done_at else None
        sent = f"{done.day} {MONTHS_3[done.month].title()} {done.year}" if done else ""
        return f'<span class="badge text-bg-success">Sent</span> {sent}'
    return f'<span class="badge text-bg-secondary">{STATES[row.state]}</span>'


def rows_html(rows: list[FollowUpRow], *, today: date, csrf: str, back: str) -> SafeString:
    """The rows, each with its actions while scheduled; `back` is the page to return to."""
    detail, app_url = url_for_pk("followups:detail"), url_for_pk("applications:detail")
    close, snooze = url_for_pk("followups:close"), url_for_pk("followups:snooze")
    back = f'<input type="hidden" name="next" value="{escape(back)}">'
    items = []
    for row in rows:
        pk, kind = row.pk, KINDS[row.kind]
        role, company = escape(row.role_title), escape(row.company_name)
        to = (
            f'<span class="text-body-secondary">· to {escape(row.contact_name)}</span>'
            if row.contact_name
            else ""
        )
        head = (
            '<li class="list-group-item follow-up d-flex flex-wrap justify-content-between '
            f'align-items-start gap-2" id="follow-up-{pk}"> <div class="me-auto"> '
            f'<a class="fw-semibold" href="{detail(pk)}">{kind}</a> <span '
            f'class="text-body-secondary">·</span> <a href="{app_url(row.application_id)}" '
            f'class="link-body-emphasis">{role}</a> at {company} {to} '
            f'<div class="small"> {when(row, today)} </div> </div> '
        )
        if row.state != FollowUpState.SCHEDULED:
            items.append(f"{head}</li>")
            continue
        about = f'<span class="visually-hidden"> — {kind}, {role} at {company}</span>'
        items.append(
            f"{head}"
            '<div class="d-flex flex-wrap gap-1 align-items-start follow-up-actions"> '
            f'<form method="post" action="{close(pk)}">{csrf} {back} <button class="btn btn-sm '
            f'btn-success" name="state" value="done">Done{about}</button> </form> '
            '<details class="snooze"> <summary class="btn btn-sm btn-outline-secondary">Snooze'
            f'{about}</summary> <form method="post" action="{snooze(pk)}" class="snooze-menu '
            f'card card-body p-2 mt-1">{csrf} {back} <div class="d-flex gap-1 mb-2"> <button '
            'class="btn btn-sm btn-outline-primary" name="days" value="1">1 day</button> <button '
            'class="btn btn-sm btn-outline-primary" name="days" value="7">1 week</button> </div> '
            f'<label class="form-label small mb-1" for="snooze-until-{pk}">Or until</label> <div '
            'class="d-flex gap-1"> <input class="form-control form-control-sm" type="date" '
            f'name="until" id="snooze-until-{pk}"> <button class="btn btn-sm btn-primary">Snooze'
            "</button> </div> </form> </details> "
            f'<form method="post" action="{close(pk)}">{csrf} {back} <button class="btn btn-sm '
            f'btn-outline-secondary" name="state" value="skipped">Skip{about}</button> </form> '
            "</div> </li>"
        )
    # Around and between them, the line breaks the template wrote.
    return join(["", *items, ""] if items else [])


@register.simple_tag(takes_context=True)
def follow_up_rows(context, follow_ups) -> SafeString:
    """Each follow-up (a FollowUpRow, or a FollowUp loaded with_related()) as a row, back to
    this page after an action."""
    return rows_html(
        [f if isinstance(f, FollowUpRow) else FollowUpRow.of(f) for f in follow_ups],
        today=context["today"],
        csrf=csrf_input(context.get("csrf_token")),
        back=context["request"].get_full_path(),
    )
