"""The dashboard's floor (bench/floor_views.py says what a floor is): home.views.dashboard's
panels, each shown under the page's own condition, from static SQL; the second chances it shows
are marked shown, as the page does."""

from datetime import timedelta

from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.text import Truncator

from applications.models import ApplicationRow, Stage
from applications.templatetags.rows import stage_badge
from chances.models import Match, MatchState, after_rejection
from core.html import escape, month_day, next_interview, time_tag, url_for_pk
from followups.models import FollowUpRow, FollowUpState
from followups.templatetags.follow_up_rows import rows_html
from home.dashboard import (
    DASHBOARD_COMMENTS,
    DASHBOARD_FAILING_BOARDS,
    DASHBOARD_FOLLOW_UPS,
    DASHBOARD_LIVE,
    DASHBOARD_QUIET_CONTACTS,
    DASHBOARD_SECOND_CHANCES,
)
from rejections.models import DREAM_REJECTION_DAYS

from .floor_views import (
    APPLICATION_ROW,
    LIVE,
    MOMENTUM_SQL,
    NEXT_INTERVIEW,
    RANKED,
    csrf_input,
    dict_row,
    fetch,
    momentum_html,
    momentum_of,
    momentum_params,
    page,
    url,
)

OPEN = (Stage.WISHLIST, *LIVE)
STAGES = dict(Stage.choices)

OVERVIEW_SQL = MOMENTUM_SQL.format(
    stages="".join(
        f",\n       COUNT(*) FILTER (WHERE stage = '{stage}') AS stage_{stage}"
        for stage in Stage.values
    )
)
# The pipeline's order with the pinned one first: applications.pipeline.pick_viable_second.
VIABLE_SECOND_SQL = f"""{APPLICATION_ROW.format("")}
AND a.stage = ANY(%(live)s) AND NOT a.is_dream_job
ORDER BY a.is_pinned_second DESC, {RANKED}
LIMIT 1"""
LATEST_REJECTION_SQL = """
SELECT r.received_on, a.is_dream_job FROM rejections_rejection AS r
JOIN applications_application AS a ON a.id = r.application_id
WHERE r.owner_id = %s ORDER BY r.received_on DESC, r.id DESC LIMIT 1
"""
DREAM_JOBS_SQL = """
SELECT a.id, a.role_title, c.name, a.stage FROM applications_application AS a
JOIN applications_company AS c ON c.id = a.company_id AND c.owner_id = %(owner)s
WHERE a.owner_id = %(owner)s AND a.is_dream_job AND a.stage = ANY(%(open)s)
ORDER BY a.stage_changed_at DESC, a.id DESC
"""
LIVE_SQL = f"""{APPLICATION_ROW.format(NEXT_INTERVIEW)} AND a.stage = ANY(%(live)s)
ORDER BY {RANKED}
LIMIT {DASHBOARD_LIVE}"""
SECOND_CHANCES_SQL = """
SELECT m.id, m.state, p.title, p.location, p.url, p.first_seen, a.id, a.role_title, c.name,
       r.received_on
FROM chances_match AS m
JOIN watching_posting AS p ON p.id = m.posting_id
JOIN applications_application AS a ON a.id = m.application_id
JOIN applications_company AS c ON c.id = a.company_id
LEFT JOIN rejections_rejection AS r ON r.application_id = a.id
WHERE m.owner_id = %s AND p.closed_at IS NULL AND m.state = ANY(%s)
ORDER BY p.first_seen DESC, m.score DESC, m.id DESC
LIMIT %s
"""
FAILING_BOARDS_SQL = """
SELECT c.id, c.name, b.last_error, b.last_read_at FROM watching_watch AS w
JOIN applications_company AS c ON c.id = w.company_id
JOIN watching_board AS b ON b.id = w.board_id
WHERE c.owner_id = %s AND b.failures >= 3 AND NOT w.muted
ORDER BY c.name, w.id
LIMIT %s
"""
COACH_NEWS_SQL = """
SELECT cc.body, cc.created_at, coach.name, coach.email,
       a.id, a.role_title, ac.name, r.id, ra.role_title, rc.name, p.id, p.title
FROM coaching_coachcomment AS cc
JOIN accounts_user AS coach ON coach.id = cc.coach_id
LEFT JOIN applications_application AS a ON a.id = cc.application_id
LEFT JOIN applications_company AS ac ON ac.id = a.company_id
LEFT JOIN rejections_rejection AS r ON r.id = cc.rejection_id
LEFT JOIN applications_application AS ra ON ra.id = r.application_id
LEFT JOIN applications_company AS rc ON rc.id = ra.company_id
LEFT JOIN rejections_plan AS p ON p.id = cc.plan_id
WHERE cc.seeker_id = %s AND cc.read_at IS NULL
ORDER BY cc.created_at DESC, cc.id DESC
LIMIT %s
"""
DUE_FOLLOW_UPS_SQL = """
SELECT f.id, f.kind, f.due_on, a.id, a.role_title, c.name, contact.name
FROM followups_followup AS f
JOIN applications_application AS a ON a.id = f.application_id
JOIN applications_company AS c ON c.id = a.company_id
LEFT JOIN applications_contact AS contact ON contact.id = f.contact_id
WHERE f.owner_id = %s AND f.state = 'scheduled' AND f.due_on <= %s
ORDER BY f.due_on, f.id
LIMIT %s
"""
QUIET_CONTACTS_SQL = """
SELECT contact.id, contact.name, c.name, MAX(talk.happened_on) AS last_contacted
FROM applications_contact AS contact
JOIN applications_company AS c ON c.id = contact.company_id
LEFT JOIN applications_conversation AS talk ON talk.contact_id = contact.id
WHERE contact.owner_id = %(owner)s AND NOT c.is_hidden AND EXISTS (
    SELECT 1 FROM applications_application AS a
    WHERE a.company_id = contact.company_id AND a.stage = 'rejected')
GROUP BY contact.id, c.id
HAVING MAX(talk.happened_on) < %(cutoff)s
    OR ((contact.created_at AT TIME ZONE %(tz)s)::date < %(cutoff)s
        AND MAX(talk.happened_on) IS NULL)
ORDER BY last_contacted ASC NULLS FIRST, contact.created_at, contact.id
LIMIT %(limit)s
"""
RECENT_CHANGES_SQL = """
SELECT s.from_stage, s.to_stage, s.changed_at, a.id, a.role_title, c.name
FROM applications_stagechange AS s
JOIN applications_application AS a ON a.id = s.application_id
JOIN applications_company AS c ON c.id = a.company_id
WHERE s.owner_id = %(owner)s
ORDER BY s.changed_at DESC, s.id DESC
LIMIT 10
"""


def iso_time(moment) -> str:
    """`|date:'Y-m-d\\TH:i:sO'` in the active time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S%z")


def dashboard(request):
    user = request.user
    profile = user.profile
    today = profile.today()
    params = momentum_params(user) | {"open": list(OPEN)}
    overview = dict_row(OVERVIEW_SQL, params)
    momentum = momentum_of(user, overview)
    counts = {stage: overview[f"stage_{stage}"] for stage in Stage.values}
    second = [ApplicationRow(*row) for row in fetch(VIABLE_SECOND_SQL, params)]
    latest = fetch(LATEST_REJECTION_SQL, [user.pk])
    dream_rejection = bool(
        latest and latest[0][1] and latest[0][0] > today - timedelta(days=DREAM_REJECTION_DAYS)
    )
    dream_jobs = fetch(DREAM_JOBS_SQL, params)
    live = [ApplicationRow(*row) for row in fetch(LIVE_SQL, params)]
    chances = fetch(
        SECOND_CHANCES_SQL, [user.pk, list(MatchState.open()), DASHBOARD_SECOND_CHANCES]
    )
    failing = fetch(FAILING_BOARDS_SQL, [user.pk, DASHBOARD_FAILING_BOARDS])
    coach_news = fetch(COACH_NEWS_SQL, [user.pk, DASHBOARD_COMMENTS])
    due = fetch(DUE_FOLLOW_UPS_SQL, [user.pk, today, DASHBOARD_FOLLOW_UPS])
    quiet = fetch(
        QUIET_CONTACTS_SQL,
        {
            "owner": user.pk,
            "cutoff": today - timedelta(days=profile.keep_in_touch_days),
            "tz": profile.time_zone,
            "limit": DASHBOARD_QUIET_CONTACTS,
        },
    )
    changes = fetch(RECENT_CHANGES_SQL, params)
    total = sum(counts.values())
    viable = viable_second_html(second[0] if second else None, dream_rejection)
    create = url("applications:create")
    parts = [
        f'<div class="mb-4"> {viable} </div>' if dream_rejection else "",
        '<div class="d-flex flex-wrap justify-content-between align-items-center mb-3 gap-2"> '
        f'<h1 class="h3 mb-0">Hello{f", {escape(user.get_short_name())}" if user.name else ""}'
        f'</h1> <a class="btn btn-primary" href="{create}">Add an application</a> </div>',
        second_chances_html(request, chances),
        failing_boards_html(failing),
        coach_news_html(coach_news),
    ]
    if not total:
        parts.append(
            '<div class="card card-body mb-4"> <h2 class="h5">Your search starts here</h2> '
            '<p class="mb-2">Add the jobs you have applied for, or want to. Every one gets a '
            "timeline, so you can see how far you got.</p> "
            f'<p class="mb-0"><a href="{create}">Add your first application</a> or '
            f'<a href="{url("applications:company_create")}">save a company</a>.</p> </div>'
        )
    else:
        list_url = url("applications:list")
        parts.append(
            '<div class="row g-3 mb-4"> <div class="col-6 col-md-3"><div class="card card-body '
            'text-center"><div class="display-6" id="live-count">'
            f"{sum(counts[stage] for stage in LIVE)}</div><div "
            'class="text-body-secondary">live applications</div></div></div> '
            + " ".join(
                '<div class="col-6 col-md-3 col-lg-2"><a class="card card-body text-center '
                f'text-decoration-none" href="{list_url}?stage={stage}"><div class="fs-3">{n}'
                f'</div><div class="text-body-secondary">{STAGES[stage]}</div></a></div>'
                for stage, n in counts.items()
                if n
            )
            + " </div>"
        )
        parts.append(
            '<div class="row g-4 mb-4"> '
            f'<div class="{"col-12" if dream_rejection else "col-lg-6"}">'
            f" {momentum_html(momentum, wide=dream_rejection)} </div> "
            + ("" if dream_rejection else f'<div class="col-lg-6"> {viable} </div>')
            + " </div>"
        )
    parts += [
        due_follow_ups_html(request, due, today),
        quiet_contacts_html(quiet, profile.keep_in_touch_days),
        live_html(dream_jobs, live),
        recent_changes_html(changes),
    ]
    response = page(request, "Dashboard", " ".join(parts))
    shown = [row[0] for row in chances if row[1] == MatchState.NEW]
    if shown:
        Match.objects.filter(pk__in=shown, state=MatchState.NEW).update(state=MatchState.SHOWN)
    return response


def viable_second_html(second: ApplicationRow | None, dream_rejection: bool) -> str:
    """The viable #2 card (the page's `viable_second` partial)."""
    if dream_rejection:
        intro = (
            '<h2 class="h5" id="viable-second-heading">Your best live alternative</h2> <p>Your '
            "dream job said no this time. Here is your best live alternative — it is still "
            "moving, and so is your search.</p>"
            if second
            else '<h2 class="h5" id="viable-second-heading">Your next step</h2> <p>Your dream '
            "job said no this time. Nothing else is live right now, so a new application or two "
            "this week will get things moving again. You have done it before.</p>"
        )
    else:
        which = (
            "The alternative you pinned:"
            if second and second.is_pinned_second
            else "Your best live alternative to the dream job:"
        )
        intro = (
            '<h2 class="h5" id="viable-second-heading">Viable #2</h2> <p class="text-body-'
            f'secondary small">{which}</p>'
        )
    if second:
        applied = f" · applied {time_tag(second.applied_on)}" if second.applied_on else ""
        card = (
            f'<p class="mb-1 fs-5"><a href="{url_for_pk("applications:detail")(second.pk)}">'
            f'{escape(second.role_title)}</a> <span class="text-body-secondary">at '
            f'{escape(second.company_name)}</span></p> <p class="mb-2">{stage_badge(second.stage)}'
            ' <span class="badge text-bg-success">Viable #2</span> <span class="small '
            f'text-body-secondary">Excitement {second.excitement}/5{applied}</span></p> '
            '<p class="small text-body-secondary">A follow-up note or an hour of preparation this '
            'week keeps it warm.</p> <a class="btn btn-sm btn-outline-primary" '
            f'href="{url("applications:pipeline")}">See your pipeline</a>'
        )
    else:
        card = (
            ""
            if dream_rejection
            else "<p>None yet: any live application besides your dream job can be your viable "
            "#2.</p>"
        ) + (
            f' <a class="btn btn-sm btn-primary" href="{url("applications:create")}">Add an '
            "application</a>"
        )
    return (
        '<section class="card viable-second-card h-100'
        f'{" viable-second-first" if dream_rejection else ""}" id="viable-second" '
        'aria-labelledby="viable-second-heading"> <div class="card-body"> '
        f"{intro} {card} </div> </section>"
    )


def second_chances_html(request, chances) -> str:
    if not chances:
        return ""
    detail = url_for_pk("applications:detail")
    take, mute = url_for_pk("chances:take"), url_for_pk("chances:mute")
    mute_company = url_for_pk("chances:mute_company")
    csrf = csrf_input(request)
    items = []
    for pk, state, title, location, link, first_seen, app, role, company, rejected in chances:
        when = after_rejection(rejected, first_seen.date()) if rejected else "after your rejection"
        headline = escape(f"{company} posted {title}, {when}")
        title = escape(title)
        new = '<span class="badge text-bg-success me-1">New</span>'
        where = f" · {escape(location)}" if location else ""
        posting = (
            f' · <a href="{escape(link)}" rel="noopener noreferrer">the posting</a>' if link else ""
        )
        items.append(
            '<li class="list-group-item px-0 second-chance"> <p class="mb-1">'
            f"{new if state == MatchState.NEW else ''}"
            f'<strong>{headline}</strong>.</p> <p class="small text-body-secondary mb-2">Like '
            f'<a href="{detail(app)}">{escape(role)}</a>{where}{posting}'
            '</p> <div class="d-flex flex-wrap gap-2"> '
            f'<form method="post" action="{take(pk)}">{csrf}<button class="btn btn-sm '
            'btn-success">Apply again: add it with a note<span class="visually-hidden"> '
            f"({title})</span></button></form> "
            f'<form method="post" action="{mute(pk)}">{csrf}<button class="btn btn-sm '
            'btn-outline-secondary">Not this one<span class="visually-hidden"> '
            f"({title})</span></button></form> "
            f'<form method="post" action="{mute_company(pk)}">{csrf}<button class="btn btn-sm '
            f'btn-outline-secondary">Mute {escape(company)}</button></form> </div> </li>'
        )
    return (
        '<section class="card border-success mb-4" aria-labelledby="second-chances-heading" '
        'id="second-chances"><div class="card-body"> <h2 class="h5" '
        'id="second-chances-heading">A second chance</h2> <p class="small text-body-secondary">'
        "An employer that said no has posted a role like yours. You stayed gracious and "
        "visible; this is the moment it was for.</p> "
        f'<ul class="list-group list-group-flush"> {" ".join(items)} </ul> </div></section>'
    )


def failing_boards_html(failing) -> str:
    if not failing:
        return ""
    company_url = url_for_pk("applications:company_detail")
    items = []
    for pk, name, error, read_at in failing:
        read = (
            f'Last read <time datetime="{iso_time(read_at)}">'
            f"{date_filter(timezone.localtime(read_at), 'M j')}</time>."
            if read_at
            else "Never read yet."
        )
        items.append(
            f'<li><a href="{company_url(pk)}">{escape(name)}</a>: {escape(error)} {read}</li>'
        )
    return (
        '<section class="card border-warning mb-4" aria-labelledby="failing-boards-heading" '
        'id="failing-boards"><div class="card-body"> <h2 class="h5" '
        'id="failing-boards-heading">Job boards we cannot read</h2> <p class="small '
        'text-body-secondary">While a board cannot be read, new openings there go unnoticed. We '
        "keep trying; if its address changed, give the company its new careers page.</p> "
        f'<ul class="mb-0"> {" ".join(items)} </ul> </div></section>'
    )


def coach_news_html(comments) -> str:
    if not comments:
        return ""
    detail = url_for_pk("applications:detail")
    rejection_url, plan_url = url_for_pk("rejections:detail"), url_for_pk("rejections:plan_detail")
    items = []
    for row in comments:
        body, created, coach, email, app, role, company, rejection, r_role, r_company = row[:10]
        plan, plan_title = row[10:]
        if app:
            link, target = detail(app), f"{role} at {company}"
        elif rejection:
            link, target = rejection_url(rejection), f"Rejection from {r_company} ({r_role})"
        else:
            link, target = plan_url(plan), plan_title
        day = timezone.localtime(created).date()
        items.append(
            f'<li class="mb-2"><a href="{link}#coach-comments">{escape(target)}</a> '
            f'<span class="small text-body-secondary">· {escape(coach or email)}, '
            f'<time datetime="{day.isoformat()}">{month_day(day)}</time></span> '
            f'<div class="small">{escape(Truncator(body).chars(160))}</div></li>'
        )
    return (
        '<section class="card border-info mb-4" aria-labelledby="coach-news-heading" '
        'id="coach-news"><div class="card-body"> <h2 class="h5" id="coach-news-heading">New '
        f'from your coach</h2> <ul class="list-unstyled mb-0"> {" ".join(items)} </ul> '
        "</div></section>"
    )


def due_follow_ups_html(request, due, today) -> str:
    """The due follow-ups' card, its rows from the page's own builder."""
    if not due:
        return ""
    rows = rows_html(
        [
            FollowUpRow(pk, kind, FollowUpState.SCHEDULED, day, None, *rest)
            for pk, kind, day, *rest in due
        ],
        today=today,
        csrf=csrf_input(request),
        back=request.get_full_path(),
    )
    return (
        '<section class="card border-warning mb-4" aria-labelledby="due-heading" '
        'id="due-follow-ups"><div class="card-body"> <div class="d-flex justify-content-between '
        'align-items-center mb-2"> <h2 class="h5 mb-0" id="due-heading">Follow-ups due</h2> '
        f'<a href="{url("followups:list")}">All follow-ups</a> </div> '
        f'<ul class="list-group list-group-flush">{rows}</ul> </div></section>'
    )


def quiet_contacts_html(contacts, days: int) -> str:
    if not contacts:
        return ""
    contact_url = url_for_pk("applications:contact_detail")
    items = []
    for pk, name, company, last in contacts:
        when = (
            f'last in touch <time datetime="{last.isoformat()}">{month_day(last)}, {last.year}'
            "</time>"
            if last
            else "no conversation logged"
        )
        items.append(
            f'<li class="mb-1"><a href="{contact_url(pk)}">{escape(name)}</a> <span '
            f'class="text-body-secondary">at {escape(company)}</span> <span class="small '
            f'text-body-secondary">· {when}</span></li>'
        )
    return (
        '<section class="card mb-4" aria-labelledby="quiet-heading" id="quiet-contacts"><div '
        'class="card-body"> <h2 class="h5" id="quiet-heading">Worth a friendly word</h2> <p '
        'class="small text-body-secondary">People at companies that said no, not in touch with '
        f"you for more than {days} days. A short hello keeps you on their radar for the next "
        f'opening.</p> <ul class="list-unstyled mb-0"> {" ".join(items)} </ul> <p class="small '
        f'mb-0 mt-2"><a href="{url("settings")}#radar">Change how often</a></p> </div></section>'
    )


def live_html(dream_jobs, live) -> str:
    detail = url_for_pk("applications:detail")
    dreams = " ".join(
        f'<div class="alert alert-info py-2"><strong>Dream job:</strong> <a href="{detail(pk)}">'
        f"{escape(role)} at {escape(company)}</a> — {STAGES[stage]}</div>"
        for pk, role, company, stage in dream_jobs
    )
    rows = " ".join(
        '<li class="list-group-item d-flex justify-content-between align-items-center"> '
        f'<span><a href="{detail(row.pk)}">{escape(row.role_title)}</a> '
        f'<span class="text-body-secondary">at {escape(row.company_name)}</span>'
        f"{'<br>' + next_interview(row.next_interview_at) if row.next_interview_at else ''}"
        f"</span> {stage_badge(row.stage)} </li>"
        for row in live
    ) or (
        '<li class="list-group-item text-body-secondary">Nothing live right now. '
        f'<a href="{url("applications:create")}">Add an application</a> to keep your search '
        "moving.</li>"
    )
    return (
        '<div class="row g-4"> <section class="col-lg-6" aria-labelledby="live-heading"> '
        f'<h2 class="h5" id="live-heading">What\'s live</h2> {dreams} '
        f'<ul class="list-group"> {rows} </ul> </section>'
    )


def recent_changes_html(changes) -> str:
    detail = url_for_pk("applications:detail")
    rows = (
        " ".join(
            f'<li class="list-group-item"> <a href="{detail(pk)}">{escape(role)} at '
            f"{escape(company)}</a>: {'moved to' if from_stage else 'added as'} "
            f'<strong>{STAGES[to_stage]}</strong> <span class="text-body-secondary small">· '
            f'<time datetime="{iso_time(changed_at)}">'
            f"{month_day(timezone.localtime(changed_at))}, {timezone.localtime(changed_at):%H:%M}"
            "</time></span> </li>"
            for from_stage, to_stage, changed_at, pk, role, company in changes
        )
        or '<li class="list-group-item text-body-secondary">No changes yet.</li>'
    )
    return (
        '<section class="col-lg-6" aria-labelledby="recent-heading"> <h2 class="h5" '
        f'id="recent-heading">Recent changes</h2> <ul class="list-group"> {rows} </ul> '
        "</section> </div>"
    )
