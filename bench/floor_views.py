"""The floor of bench/pages.py (issue 17): for each measured page, a minimal view that sends the
same HTML (bench/same_html.py checks it), so that page/floor measures what the page wastes.

Each view reads with static SQL (a constant string and its parameters through
connection.cursor(): no ORM query building), builds the page's body as plain strings (each
value escaped once, URLs from prefixes reversed once per process, dates formatted directly)
and renders it inside the real layout (templates/base.html through bench/templates/floor/
page.html), behind the production middleware (bench/floor_settings.py), so navigation,
messages, CSRF and the CSP nonce cost what they cost the page. The rows the board and the
pipeline already build in Python (applications/templatetags/rows.py) are reused as they are:
they are the floor for their part. bench/floor_dashboard.py is the dashboard's."""

from datetime import timedelta
from functools import cache
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.db import connection
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from applications.forms import ApplicationFilterForm
from applications.models import ApplicationRow, Momentum, Stage, WorkMode
from applications.pipeline import pipeline_rows
from applications.templatetags import rows as row_html
from applications.views import BOARD_CARDS_PER_COLUMN, BoardColumn, tag_filter
from core.html import escape, month_day, next_interview, url_for_pk
from core.templatetags.tracker import options

LIVE = tuple(Stage.live())
LIST_PAGE = 25


def fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@cache
def url(name: str) -> str:
    """reverse(name), escaped, once per process."""
    return escape(reverse(name))


def page(request, title: str, body: str) -> HttpResponse:
    """The real layout (base.html) around a body built with every value escaped."""
    body = mark_safe(body)  # noqa: S308 - escaped as it was built
    return render(request, "floor/page.html", {"title": title, "body": body})


def messages_html(request) -> str:
    """includes/messages.html."""
    out = []
    for message in get_messages(request):
        tag = message.level_tag
        out.append(
            f'<div class="alert alert-{"danger" if tag == "error" else tag} alert-dismissible '
            f'fade show" role="{"alert" if tag == "error" else "status"}"> '
            f"{conditional_escape(message)} "
            '<button type="button" class="btn-close" data-bs-dismiss="alert" '
            'aria-label="Close"></button> </div>'
        )
    return " ".join(out)


def htmx_messages(request, name: str) -> str:
    """The messages an htmx partial swaps into the layout's #messages."""
    if not request.htmx:
        return ""
    return (
        f'<div id="{name}-messages" data-hx-swap-oob="innerHTML:#messages">'
        f" {messages_html(request)} </div>"
    )


def csrf_input(request) -> str:
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'


def plural(n: int) -> str:
    return "" if n == 1 else "s"


MOMENTUM_SQL = """
SELECT COUNT(*) FILTER (WHERE is_dream_job AND stage = ANY(%(live)s)) AS dream_live,
       COUNT(*) FILTER (WHERE NOT is_dream_job AND stage = ANY(%(live)s)) AS alternatives,
       COUNT(*) FILTER (WHERE stage <> 'wishlist' AND applied_on > %(day_7)s) AS last_7,
       COUNT(*) FILTER (WHERE stage <> 'wishlist' AND applied_on > %(day_28)s) AS last_28,
       COUNT(*) FILTER (WHERE stage <> 'wishlist' AND applied_on > %(quiet)s) AS recent,
       MAX(applied_on) FILTER (WHERE stage <> 'wishlist') AS last_applied{stages}
FROM applications_application WHERE owner_id = %(owner)s
"""


def momentum_params(user) -> dict:
    profile = user.profile
    today = profile.today()
    return {
        "owner": user.pk,
        "live": list(LIVE),
        "day_7": today - timedelta(days=7),
        "day_28": today - timedelta(days=28),
        "quiet": today - timedelta(days=profile.quiet_days),
    }


def momentum_of(user, row: dict) -> Momentum:
    profile = user.profile
    return Momentum.of(
        row,
        today=profile.today(),
        quiet_days=profile.quiet_days,
        min_alternatives=profile.min_live_alternatives,
    )


def momentum_html(m: Momentum, *, wide: bool = False) -> str:
    """applications/_momentum.html."""
    alternatives = m.live_alternatives
    first = (
        f"live alternative{plural(alternatives)} to your dream job"
        if m.dream_job_live
        else f"live application{plural(alternatives)}"
    )
    days = m.days_since_last
    last = (
        '<dt class="small fw-normal text-body-secondary">no application dated yet</dt>'
        '<dd class="fs-4 mb-0">–</dd>'
        if days is None
        else f'<dt class="small fw-normal text-body-secondary">day{plural(days)} since your last '
        f'application</dt><dd class="fs-4 mb-0">{days}</dd>'
    )
    stat = '<div class="col momentum-stat"><dt class="small fw-normal text-body-secondary">'
    warning = ""
    if m.warn:
        reasons = []
        if m.too_few_alternatives:
            reasons.append(
                f"<li>You have {alternatives} live alternative{plural(alternatives)}; you wanted "
                f"at least {m.min_alternatives}.</li>"
            )
        if m.gone_quiet:
            ago = (
                f" — your last application was {days} day{plural(days)} ago"
                if days is not None
                else ""
            )
            reasons.append(
                f"<li>Nothing new in the last {m.quiet_days} day{plural(m.quiet_days)}{ago}.</li>"
            )
        warning = (
            '<div class="alert alert-warning mt-3 mb-0" id="momentum-warning"> '
            '<h3 class="h6 alert-heading">Your search is leaning on your dream job</h3> '
            '<p class="mb-2">It\'s great that your dream job is still in play. A few other '
            "doors kept open take the pressure off, whatever they decide:</p> "
            f'<ul class="mb-3"> {" ".join(reasons)} </ul> '
            f'<a class="btn btn-sm btn-warning" href="{url("applications:create")}">Add an '
            "application</a> "
            '<p class="small mb-0 mt-2">These limits are yours: '
            f'<a href="{url("settings")}">change them in Settings</a>.</p> </div>'
        )
    return (
        '<section class="card momentum-box h-100" aria-labelledby="momentum-heading"> '
        '<div class="card-body"> <h2 class="h5" id="momentum-heading">Momentum</h2> '
        f'<dl class="row row-cols-2{" row-cols-md-4" if wide else ""} g-2 mb-0 momentum-stats"> '
        f'{stat}{first}</dt><dd class="fs-4 mb-0" id="momentum-alternatives">{alternatives}</dd>'
        f"</div> {stat}new in the last 7 days</dt>"
        f'<dd class="fs-4 mb-0">{m.new_last_7_days}</dd></div> '
        f'{stat}new in the last 28 days</dt><dd class="fs-4 mb-0">{m.new_last_28_days}</dd></div> '
        f'<div class="col momentum-stat">{last}</div> </dl> {warning} </div> </section>'
    )


# The pipeline

# An application's row (ApplicationRow) of the seeker's own, joined on their own companies.
APPLICATION_ROW = """
SELECT a.id, a.role_title, c.name, a.stage, a.is_dream_job, a.is_pinned_second, a.excitement,
       a.applied_on{}
FROM applications_application AS a
JOIN applications_company AS c ON c.id = a.company_id AND c.owner_id = %(owner)s
WHERE a.owner_id = %(owner)s"""
NEXT_INTERVIEW = """,
       (SELECT i.starts_at FROM applications_interview AS i
        WHERE i.application_id = a.id AND i.starts_at >= now()
        ORDER BY i.starts_at LIMIT 1)"""
# applications.models.RANKED_ORDER
RANKED = """a.is_dream_job DESC, a.pipeline_position ASC NULLS LAST, a.excitement DESC,
         CASE a.stage WHEN 'wishlist' THEN 0 WHEN 'applied' THEN 1 WHEN 'screening' THEN 2
                      WHEN 'interviewing' THEN 3 WHEN 'offer' THEN 4 ELSE -1 END DESC,
         a.stage_changed_at DESC, a.id DESC"""
PIPELINE_SQL = f"""{APPLICATION_ROW.format("")} AND a.stage = ANY(%(live)s)
ORDER BY {RANKED}"""


def pipeline(request):
    """applications.views.pipeline."""
    user = request.user
    params = momentum_params(user)
    apps = [ApplicationRow(*row) for row in fetch(PIPELINE_SQL, params)]
    if apps:
        listing = (
            '<form method="post" data-hx-post data-hx-target="#pipeline" '
            f'data-hx-swap="outerHTML"> {csrf_input(request)} '
            '<ol class="list-group pipeline-list"> '
            f"{row_html.pipeline_rows(pipeline_rows(apps))} </ol> </form>"
        )
    else:
        listing = (
            '<div class="card card-body text-body-secondary"> <p class="mb-0">Nothing live right '
            f'now. <a href="{url("applications:create")}">Add an application</a> to get your '
            "search moving — roles on your wishlist join the pipeline once you apply.</p> </div>"
        )
    partial = f'<div id="pipeline"> {listing} {htmx_messages(request, "pipeline")} </div>'
    momentum = momentum_of(user, dict_row(MOMENTUM_SQL.format(stages=""), params))
    if request.htmx:
        return HttpResponse(partial)
    body = (
        '<div class="d-flex flex-wrap justify-content-between align-items-center mb-3 gap-2"> '
        '<h1 class="h3 mb-0">Pipeline</h1> <a class="btn btn-primary" '
        f'href="{url("applications:create")}">Add an application</a> </div> '
        '<p class="text-body-secondary">Your live applications, best first. Your dream job stays '
        "on top; put the others in the order you would take them. Your <strong>viable #2</strong>"
        " is the one to keep moving whatever the dream job decides: the top one below it, unless "
        'you pin another.</p> <div class="row g-4"> <section class="col-lg-8" '
        'aria-labelledby="pipeline-heading"> <h2 class="h5" id="pipeline-heading">Live '
        f'applications</h2> {partial} </section> <div class="col-lg-4"> {momentum_html(momentum)}'
        " </div> </div>"
    )
    return page(request, "Pipeline", body)


def dict_row(sql: str, params) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


# The board

BOARD_SQL = f"""
SELECT id, role_title, name, stage, is_dream_job, is_pinned_second, excitement, applied_on,
       next_interview_at
FROM (
    SELECT a.id, a.role_title, c.name, a.stage, a.is_dream_job, a.is_pinned_second,
           a.excitement, a.applied_on, a.stage_changed_at{NEXT_INTERVIEW} AS next_interview_at,
           ROW_NUMBER() OVER (PARTITION BY a.stage ORDER BY a.is_dream_job DESC,
                              a.excitement DESC, a.stage_changed_at DESC, a.id DESC) AS board_rank
    FROM applications_application AS a
    JOIN applications_company AS c ON c.id = a.company_id AND c.owner_id = %(owner)s
    WHERE a.owner_id = %(owner)s AND (%(tag)s = '' OR EXISTS (
        SELECT 1 FROM applications_application_tags AS at
        JOIN applications_tag AS t ON t.id = at.tag_id
        WHERE at.application_id = a.id AND UPPER(t.name) = UPPER(%(tag)s)))
) AS cards
WHERE board_rank <= %(per_column)s
ORDER BY is_dream_job DESC, excitement DESC, stage_changed_at DESC, id DESC
"""  # noqa: S608 - constants only
BOARD_COUNTS_SQL = """
SELECT stage, COUNT(*) FROM applications_application AS a
WHERE owner_id = %(owner)s AND (%(tag)s = '' OR EXISTS (
    SELECT 1 FROM applications_application_tags AS at
    JOIN applications_tag AS t ON t.id = at.tag_id
    WHERE at.application_id = a.id AND UPPER(t.name) = UPPER(%(tag)s)))
GROUP BY stage
"""
CARD_TAGS_SQL = """
SELECT at.application_id, t.name FROM applications_tag AS t
JOIN applications_application_tags AS at ON at.tag_id = t.id
WHERE t.owner_id = %(owner)s AND at.application_id = ANY(%(ids)s)
ORDER BY LOWER(t.name), t.id
"""
TAG_NAMES_SQL = """
SELECT t.name FROM applications_tag AS t
WHERE t.owner_id = %s AND EXISTS (SELECT 1 FROM applications_application_tags AS at
                                  WHERE at.tag_id = t.id)
ORDER BY LOWER(t.name), t.id
"""


def tags_by_application(owner: int, ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for pk, name in fetch(CARD_TAGS_SQL, {"owner": owner, "ids": ids}):
        names.setdefault(pk, []).append(name)
    return names


def tag_options(owner: int, chosen: str) -> str:
    """The <option>s of a tag filter: all tags, then the seeker's tags in use."""
    return '<option value="">All tags</option> ' + "".join(
        f'<option value="{escape(name)}"'
        f"{' selected' if name.lower() == chosen.lower() else ''}>{escape(name)}</option>"
        for (name,) in fetch(TAG_NAMES_SQL, [owner])
    )


def board(request):
    """applications.views.board."""
    owner, tag = request.user.pk, tag_filter(request)
    params = {"owner": owner, "tag": tag, "per_column": BOARD_CARDS_PER_COLUMN}
    cards = [ApplicationRow(*row) for row in fetch(BOARD_SQL, params)]
    by_stage: dict[str, list[ApplicationRow]] = {stage: [] for stage in Stage.values}
    for card in cards:
        by_stage[card.stage].append(card)
    card_tags = tags_by_application(owner, [card.pk for card in cards])
    totals = dict(fetch(BOARD_COUNTS_SQL, params))
    columns = [
        BoardColumn(Stage(stage), stage_cards, totals.get(stage, 0))
        for stage, stage_cards in by_stage.items()
    ]
    context = {
        "csrf_token": get_token(request),
        "tag_query": urlencode({"tag": tag}) if tag else "",
    }
    partial = (
        '<div id="board" class="board d-flex gap-3 overflow-x-auto pb-3"> '
        f"{row_html.board_columns(context, columns, card_tags)} "
        f"{htmx_messages(request, 'board')} </div>"
    )
    if request.htmx:
        return HttpResponse(partial)
    tag_names = tag_options(owner, tag)
    tag_form = ""
    if tag_names != '<option value="">All tags</option> ' or tag:
        active = (
            '<p class="small mb-1" id="tag-filter-active">Showing applications tagged '
            f'<strong>{escape(tag)}</strong>. <a href="{url("applications:board")}">Show all</a>'
            "</p>"
            if tag
            else ""
        )
        tag_form = (
            '<form method="get" class="d-flex flex-wrap align-items-end gap-2 mb-3" '
            'id="tag-filter"> <div> <label class="form-label small mb-1" for="board-tag">Show '
            'only the tag</label> <select class="form-select form-select-sm" name="tag" '
            f'id="board-tag"> {tag_names} </select> </div> <button class="btn btn-sm '
            f'btn-secondary" type="submit">Filter</button> {active} </form>'
        )
    body = (
        '<div class="d-flex flex-wrap justify-content-between align-items-center mb-3 gap-2"> '
        '<h1 class="h3 mb-0">Board</h1> <div class="d-flex gap-2"> <a class="btn '
        f'btn-outline-primary" href="{url("applications:list")}">List view</a> <a class="btn '
        f'btn-primary" href="{url("applications:create")}">Add an application</a> </div> </div> '
        '<p class="text-body-secondary small">Drag a card to another column, or use its "Move '
        f'to" menu.</p> {tag_form} {partial}'
    )
    return page(request, "Board", body)


# The application list, with no filters (page 1 or ?page=N)

LIST_COUNT_SQL = "SELECT COUNT(*) FROM applications_application WHERE owner_id = %s"
LIST_SQL = f"""
SELECT a.id, a.role_title, c.name, a.stage, a.is_dream_job, a.excitement, a.applied_on,
       a.location, a.work_mode{NEXT_INTERVIEW}
FROM applications_application AS a
JOIN applications_company AS c ON c.id = a.company_id AND c.owner_id = %(owner)s
WHERE a.owner_id = %(owner)s
ORDER BY a.stage_changed_at DESC, a.id DESC
LIMIT %(limit)s OFFSET %(offset)s
"""  # noqa: S608 - constants only
WORK_MODES = dict(WorkMode.choices)


def work_mode(mode: str) -> str:
    return f' <span class="text-body-secondary small">({WORK_MODES[mode]})</span>' if mode else ""


@cache
def filter_options() -> tuple[str, str]:
    """The list's stage and sort <option>s with no filter chosen, once per process."""
    form = ApplicationFilterForm()
    return (
        options(form.fields["stage"].choices, None),
        options(form.fields["sort"].choices, None),
    )


def application_list(request):
    """applications.views.ApplicationListView with no filters."""
    owner = request.user.pk
    tag_names = tag_options(owner, "")
    ((total,),) = fetch(LIST_COUNT_SQL, [owner])
    pages = max(1, -(-total // LIST_PAGE))
    page_asked = request.GET.get("page", "1")  # as ListView reads it: a number or "last"
    number = pages if page_asked == "last" else int(page_asked) if page_asked.isdigit() else 0
    if not 1 <= number <= pages:
        raise Http404("no such page")
    apps = fetch(LIST_SQL, {"owner": owner, "limit": LIST_PAGE, "offset": (number - 1) * LIST_PAGE})
    tags = tags_by_application(owner, [app[0] for app in apps])
    detail_url = url_for_pk("applications:detail")
    lines = []
    for pk, role, company, stage, dream, excitement, applied, location, mode, interview in apps:
        names = tags.get(pk)
        badges = (
            "<div> "
            + " ".join(
                '<a class="badge rounded-pill text-bg-light border text-decoration-none '
                f'tag-badge" href="?{escape(urlencode({"tag": name}))}"><span '
                f'class="visually-hidden">Tag: </span>{escape(name)}</a>'
                for name in names
            )
            + " </div>"
            if names
            else ""
        )
        next_up = next_interview(interview)
        lines.append(
            f'<tr> <td><a href="{detail_url(pk)}">{escape(role)}</a>'
            f"{' <span class="badge text-bg-warning">Dream job</span>' if dream else ''}"
            f"{badges}</td> <td>{escape(company)}</td> <td>{row_html.stage_badge(stage)}"
            f"{'<br>' + next_up if next_up else ''}</td> "
            f'<td><span aria-hidden="true">{excitement}/5</span><span class="visually-hidden">'
            f"{excitement} out of 5</span></td> "
            f"<td>{f'{month_day(applied)}, {applied.year}' if applied else '—'}</td> "
            f"<td>{escape(location) if location else '—'}{work_mode(mode)}</td> </tr>"
        )
    if not lines:
        lines.append(
            '<tr><td colspan="6" class="text-body-secondary">No applications match. '
            f'<a href="{url("applications:create")}">add one</a>.</td></tr>'
        )
    stage_options, sort_options = filter_options()
    paging = ""
    if pages > 1:
        previous = (
            f'<li class="page-item"><a class="page-link" href="?&amp;page={number - 1}">'
            "Previous</a></li>"
            if number > 1
            else ""
        )
        following = (
            f'<li class="page-item"><a class="page-link" href="?&amp;page={number + 1}">Next</a>'
            "</li>"
            if number < pages
            else ""
        )
        paging = (
            f'<nav aria-label="Pages"> <ul class="pagination"> {previous} <li class="page-item '
            f'disabled"><span class="page-link">Page {number} of {pages}</span></li> '
            f"{following} </ul> </nav>"
        )
    body = (
        '<div class="d-flex flex-wrap justify-content-between align-items-center mb-3 gap-2"> '
        '<h1 class="h3 mb-0">Applications</h1> <div class="d-flex gap-2"> '
        f'<a class="btn btn-outline-primary" href="{url("applications:board")}">Board view</a> '
        f'<a class="btn btn-outline-secondary" href="{url("applications:import")}">Import / '
        f'export</a> <a class="btn btn-outline-secondary" href="{url("applications:export")}" '
        f"download>Export {'these' if request.GET else 'all'} (CSV)</a> "
        f'<a class="btn btn-primary" href="{url("applications:create")}">Add an application</a> '
        f"</div> </div> {from_link(request)} "
        '<form method="get" class="row g-2 align-items-end mb-3" role="search"> '
        '<div class="col-md-4"> <label class="form-label" for="id_q">Search</label> '
        '<input class="form-control" type="search" name="q" id="id_q" value="" '
        'placeholder="Role, company, location, notes"> </div> '
        '<div class="col-6 col-md-2"> <label class="form-label" for="id_stage">Stage</label> '
        f'<select class="form-select" name="stage" id="id_stage"> {stage_options} </select> '
        '</div> <div class="col-6 col-md-2"> <label class="form-label" for="id_tag">Tag</label> '
        f'<select class="form-select" name="tag" id="id_tag"> {tag_names} </select> </div> '
        '<div class="col-6 col-md-2"> <label class="form-label" for="id_sort">Sort by</label> '
        f'<select class="form-select" name="sort" id="id_sort"> {sort_options} </select> </div> '
        '<div class="col-md-2"><button class="btn btn-secondary w-100" type="submit">Apply'
        "</button></div> </form> "
        '<div class="table-responsive"> <table class="table table-hover align-middle"> '
        '<caption class="visually-hidden">Your applications</caption> <thead><tr>'
        '<th scope="col">Role</th><th scope="col">Company</th><th scope="col">Stage</th>'
        '<th scope="col">Excitement</th><th scope="col">Applied</th><th scope="col">Location'
        f"</th></tr></thead> <tbody> {' '.join(lines)} </tbody> </table> </div> {paging}"
    )
    return page(request, "Applications", body)


def from_link(request) -> str:
    """applications/_from_link.html, empty."""
    return (
        f'<form method="post" action="{url("applications:from_link")}" class="card card-body '
        f'mb-4" novalidate> {csrf_input(request)} <h2 class="h5" id="from-link-heading">Add from '
        'a link</h2> <label for="id_link" class="form-label">Job posting link</label> <div '
        'class="input-group has-validation"> <input type="url" name="link" id="id_link" '
        'class="form-control" value="" maxlength="1000" required placeholder="https://" '
        'aria-describedby="link-help"> <button class="btn btn-outline-primary" type="submit">'
        'Read the posting</button> </div> <div class="form-text" id="link-help">We read the job '
        "ad's title, company, location, salary and description for you to check. For pages "
        "behind a login (LinkedIn, Indeed), use the bookmarklet in <a "
        f'href="{url("settings")}#bookmarklet">Settings</a>.</div> </form>'
    )
