"""The pipeline: ranking, the viable #2, manual order, pinning, momentum, and the dashboard's
turn towards the best alternative after the dream job says no."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, Stage
from applications.pipeline import pick_viable_second
from applications.services import move_stage
from rejections.models import Rejection

from .factories import ApplicationFactory
from .url_registry import snapshot

TODAY = date(2027, 1, 10)


@pytest.fixture
def frozen():
    """Every test here runs on TODAY, its fixtures too: a login made before the jump in time
    would have expired by then."""
    with time_machine.travel("2027-01-10 12:00Z", tick=False):
        yield


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def ranked_titles(owner):
    return list(
        Application.objects.owned_by(owner).live().ranked().values_list("role_title", flat=True)
    )


def reject(application, received_on):
    """Log a rejection the way the rejections app does: the row, and the move to rejected."""
    rejection = Rejection.objects.create(
        owner=application.owner,
        application=application,
        received_on=received_on,
        channel="email",
        stage_reached="interviewing",
        previous_stage=application.stage,
    )
    move_stage(application=application, stage=Stage.REJECTED)
    return rejection


def days_ago(n):
    return TODAY - timedelta(days=n)


# Ranking ------------------------------------------------------------------------------------


def test_ranking_dream_first_then_manual_position_then_excitement_then_stage(seeker):
    ApplicationFactory(owner=seeker, role_title="Applied 3", excitement=3, stage=Stage.APPLIED)
    ApplicationFactory(owner=seeker, role_title="Interviewing 3", stage=Stage.INTERVIEWING)
    ApplicationFactory(owner=seeker, role_title="Excited 5", excitement=5)
    ApplicationFactory(owner=seeker, role_title="Placed", excitement=1, pipeline_position=1)
    ApplicationFactory(owner=seeker, role_title="Dream", excitement=2, is_dream_job=True)
    assert ranked_titles(seeker) == [
        "Dream",
        "Placed",
        "Excited 5",
        "Interviewing 3",
        "Applied 3",
    ]


def test_pipeline_page_numbers_live_applications_and_marks_dream_and_second(seeker_client, seeker):
    ApplicationFactory(owner=seeker, role_title="Backup", excitement=4)
    ApplicationFactory(owner=seeker, role_title="Dream", is_dream_job=True)
    ApplicationFactory(owner=seeker, role_title="Closed one", stage=Stage.REJECTED, excitement=5)
    ApplicationFactory(owner=seeker, role_title="Someday", stage=Stage.WISHLIST, excitement=5)
    response = seeker_client.get(reverse("applications:pipeline"))
    rows = response.context["rows"]
    assert [(r.number, r.application.role_title) for r in rows] == [(1, "Dream"), (2, "Backup")]
    assert [r.is_viable_second for r in rows] == [False, True]
    page = response.content.decode()
    assert "Closed one" not in page
    assert "Someday" not in page
    assert "Dream job</span>" in page
    assert page.count("Viable #2</span>") == 1
    assert page.index("Dream job</span>") < page.index("Viable #2</span>")


# The viable #2 --------------------------------------------------------------------------------


def pick_for(owner):
    """The rule (pick_viable_second), checked against the dashboard's SQL for it."""
    applications = Application.objects.owned_by(owner)
    picked = pick_viable_second(applications.ranked())
    assert applications.viable_second().first() == picked
    return picked


def test_viable_second_is_the_top_ranked_live_alternative(seeker):
    ApplicationFactory(owner=seeker, role_title="Dream", is_dream_job=True, excitement=5)
    ApplicationFactory(owner=seeker, role_title="Lukewarm", excitement=2)
    ApplicationFactory(owner=seeker, role_title="Keen", excitement=4)
    assert pick_for(seeker).role_title == "Keen"


def test_a_pinned_alternative_overrides_the_ranking(seeker):
    ApplicationFactory(owner=seeker, role_title="Keen", excitement=5)
    ApplicationFactory(owner=seeker, role_title="Chosen", excitement=1, is_pinned_second=True)
    assert pick_for(seeker).role_title == "Chosen"


def test_the_dream_job_is_never_the_viable_second(seeker):
    ApplicationFactory(owner=seeker, role_title="Dream", is_dream_job=True, is_pinned_second=True)
    assert pick_for(seeker) is None
    ApplicationFactory(owner=seeker, role_title="Other", excitement=1)
    assert pick_for(seeker).role_title == "Other"


def test_closed_and_wishlist_applications_are_never_the_viable_second(seeker):
    ApplicationFactory(owner=seeker, role_title="Pinned but rejected", is_pinned_second=True)
    Application.objects.filter(role_title="Pinned but rejected").update(stage=Stage.REJECTED)
    ApplicationFactory(owner=seeker, role_title="Ghosted", stage=Stage.GHOSTED, excitement=5)
    ApplicationFactory(owner=seeker, role_title="Wishlist", stage=Stage.WISHLIST, excitement=5)
    assert pick_for(seeker) is None
    ApplicationFactory(owner=seeker, role_title="Live", excitement=1)
    assert pick_for(seeker).role_title == "Live"


# Pinning ------------------------------------------------------------------------------------


def pin(client, application, action="pin", **headers):
    return client.post(
        reverse("applications:pin_second", args=[application.pk]),
        {"action": action},
        follow=not headers,
        **headers,
    )


def test_pinning_b_unpins_a(seeker_client, seeker):
    a = ApplicationFactory(owner=seeker, role_title="A", is_pinned_second=True)
    b = ApplicationFactory(owner=seeker, role_title="B")
    response = pin(seeker_client, b)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.is_pinned_second, b.is_pinned_second) == (False, True)
    assert response.redirect_chain[-1][0] == reverse("applications:pipeline")
    assert "B at Company" in messages_of(response)[0]
    assert "is now your viable #2" in messages_of(response)[0]
    assert pick_for(seeker) == b


def test_pinning_leaves_other_seekers_pins_alone(seeker_client, seeker, other_seeker):
    theirs = ApplicationFactory(owner=other_seeker, is_pinned_second=True)
    pin(seeker_client, ApplicationFactory(owner=seeker))
    theirs.refresh_from_db()
    assert theirs.is_pinned_second


def test_unpin_hands_the_choice_back_to_the_ranking(seeker_client, seeker):
    ApplicationFactory(owner=seeker, role_title="Keen", excitement=5)
    chosen = ApplicationFactory(owner=seeker, role_title="Chosen", is_pinned_second=True)
    response = pin(seeker_client, chosen, action="unpin")
    chosen.refresh_from_db()
    assert not chosen.is_pinned_second
    assert pick_for(seeker).role_title == "Keen"
    assert messages_of(response)[0].startswith("Unpinned Chosen")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"is_dream_job": True}, "Your dream job can't be its own back-up."),
        ({"stage": Stage.REJECTED}, "Only a live application can be your viable #2"),
        ({"stage": Stage.WISHLIST}, "Only a live application can be your viable #2"),
    ],
)
def test_only_live_non_dream_applications_can_be_pinned(seeker_client, seeker, fields, message):
    pinned = ApplicationFactory(owner=seeker, is_pinned_second=True)
    application = ApplicationFactory(owner=seeker, **fields)
    response = pin(seeker_client, application)
    assert message in messages_of(response)[0]
    application.refresh_from_db()
    pinned.refresh_from_db()
    assert not application.is_pinned_second
    assert pinned.is_pinned_second


@pytest.mark.parametrize("action", ["", "toggle"])
def test_an_unknown_pin_action_is_refused_with_a_message(seeker_client, application, action):
    response = pin(seeker_client, application, action=action)
    assert response.status_code == 200
    assert messages_of(response) == ["Choose whether to pin or unpin it."]
    application.refresh_from_db()
    assert not application.is_pinned_second


def test_pinning_with_htmx_returns_the_redrawn_list(seeker_client, application):
    response = pin(seeker_client, application, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="pipeline">')
    assert "Unpin<span" in page
    assert 'hx-swap-oob="innerHTML:#messages"' in page
    assert "is now your viable #2" in page


# Moving -------------------------------------------------------------------------------------


def move(client, application, direction, **headers):
    return client.post(
        reverse("applications:pipeline_move", args=[application.pk]),
        {"direction": direction},
        follow=not headers,
        **headers,
    )


@pytest.fixture
def three(seeker):
    """Dream on top, then B and C in the ranking's own order (excitement)."""
    return (
        ApplicationFactory(owner=seeker, role_title="Dream", is_dream_job=True),
        ApplicationFactory(owner=seeker, role_title="B", excitement=5),
        ApplicationFactory(owner=seeker, role_title="C", excitement=4),
    )


def test_move_down_swaps_with_the_next_one_and_persists(seeker_client, seeker, three):
    b = three[1]
    response = move(seeker_client, b, "down")
    assert ranked_titles(seeker) == ["Dream", "C", "B"]
    assert messages_of(response) == [f"Moved {b} down to #3."]
    positions = dict(Application.objects.values_list("role_title", "pipeline_position"))
    assert positions == {"Dream": 1, "C": 2, "B": 3}
    # The order is the seeker's now: it outranks excitement on every later page load.
    page = seeker_client.get(reverse("applications:pipeline"))
    assert [r.application.role_title for r in page.context["rows"]] == ["Dream", "C", "B"]
    assert page.context["rows"][1].is_viable_second


def test_move_up_swaps_with_the_one_above(seeker_client, seeker, three):
    move(seeker_client, three[2], "up")
    assert ranked_titles(seeker) == ["Dream", "C", "B"]
    move(seeker_client, three[2], "down")
    assert ranked_titles(seeker) == ["Dream", "B", "C"]


def test_a_new_live_application_joins_below_the_manual_order(seeker_client, seeker, three):
    move(seeker_client, three[2], "up")
    ApplicationFactory(owner=seeker, role_title="New and exciting", excitement=5)
    assert ranked_titles(seeker) == ["Dream", "C", "B", "New and exciting"]


def test_move_with_htmx_returns_the_redrawn_list(seeker_client, three):
    response = move(seeker_client, three[1], "down", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="pipeline">')
    assert page.index(">C</a>") < page.index(">B</a>")
    assert "Moved B at" in page


@pytest.mark.parametrize(
    ("which", "direction", "message"),
    [
        (2, "down", "is already at the bottom."),
        (1, "up", "Your dream job always stays at the top of the pipeline."),
        (0, "down", "Your dream job always stays at the top of the pipeline."),
        (0, "up", "is already at the top."),
    ],
)
def test_moves_past_an_end_or_the_dream_job_change_nothing(
    seeker_client, seeker, three, which, direction, message
):
    response = move(seeker_client, three[which], direction)
    assert message in messages_of(response)[0]
    assert ranked_titles(seeker) == ["Dream", "B", "C"]
    assert not Application.objects.filter(pipeline_position__isnull=False).exists()


@pytest.mark.parametrize("direction", ["", "sideways", "UP", "1"])
def test_a_bad_direction_is_refused_with_a_message_and_changes_nothing(
    seeker_client, seeker, three, direction
):
    response = move(seeker_client, three[1], direction)
    assert response.status_code == 200
    assert messages_of(response) == ["Choose whether to move it up or down."]
    assert ranked_titles(seeker) == ["Dream", "B", "C"]
    assert not Application.objects.filter(pipeline_position__isnull=False).exists()


def test_a_closed_application_cannot_be_moved(seeker_client, seeker, three):
    closed = ApplicationFactory(owner=seeker, role_title="Gone", stage=Stage.GHOSTED)
    response = move(seeker_client, closed, "up")
    assert "has no place in the pipeline" in messages_of(response)[0]
    assert not Application.objects.filter(pipeline_position__isnull=False).exists()


def test_moving_leaves_other_seekers_alone(seeker_client, other_seeker, three):
    theirs = ApplicationFactory(owner=other_seeker)
    move(seeker_client, three[1], "down")
    theirs.refresh_from_db()
    assert theirs.pipeline_position is None


# Another seeker -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [("pipeline_move", {"direction": "up"}), ("pin_second", {"action": "pin"})],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_seekers_application_is_not_found(
    client, seeker, other_seeker, three, name, data, method
):
    client.force_login(other_seeker)
    before = snapshot()
    response = getattr(client, method)(reverse(f"applications:{name}", args=[three[2].pk]), data)
    assert response.status_code == (404 if method == "post" else 405)
    assert snapshot() == before


# Momentum -----------------------------------------------------------------------------------


def momentum_of(seeker):
    return Application.objects.owned_by(seeker).momentum_for(seeker.profile)


def dream_with_alternatives(seeker, alternatives, *, last_applied=1):
    """A live dream job, and `alternatives` live others applied for `last_applied` days ago."""
    ApplicationFactory(owner=seeker, is_dream_job=True, applied_on=days_ago(20))
    for _ in range(alternatives):
        ApplicationFactory(owner=seeker, applied_on=days_ago(last_applied))


def test_exactly_min_alternatives_is_enough(seeker):
    dream_with_alternatives(seeker, seeker.profile.min_live_alternatives)
    check = momentum_of(seeker)
    assert check.live_alternatives == 2
    assert not check.warn


def test_one_alternative_fewer_than_min_warns(seeker):
    dream_with_alternatives(seeker, seeker.profile.min_live_alternatives - 1)
    check = momentum_of(seeker)
    assert check.warn
    assert check.too_few_alternatives
    assert not check.gone_quiet


def test_the_quiet_window_edge(seeker):
    """'The last N days' is today and the N-1 days before it. An application dated exactly
    quiet_days (7) ago is outside the window, so that day the warning shows; one dated 6 days
    ago keeps it away. The same convention counts "new in the last 7 / 28 days"."""
    quiet_days = seeker.profile.quiet_days
    ApplicationFactory(owner=seeker, is_dream_job=True, applied_on=days_ago(30))
    ApplicationFactory(owner=seeker, applied_on=days_ago(30))
    latest = ApplicationFactory(owner=seeker, applied_on=days_ago(quiet_days))
    check = momentum_of(seeker)
    assert check.warn and check.gone_quiet and not check.too_few_alternatives
    assert check.days_since_last == quiet_days

    latest.applied_on = days_ago(quiet_days - 1)
    latest.save()
    check = momentum_of(seeker)
    assert not check.warn
    assert (check.new_last_7_days, check.new_last_28_days) == (1, 1)


def test_thresholds_come_from_the_seekers_profile(seeker):
    seeker.profile.min_live_alternatives = 3
    seeker.profile.quiet_days = 14
    seeker.profile.save()
    dream_with_alternatives(seeker, 2, last_applied=10)
    check = momentum_of(seeker)
    assert check.too_few_alternatives
    assert not check.gone_quiet


def test_without_a_live_dream_job_there_is_never_a_warning(seeker):
    ApplicationFactory(owner=seeker, applied_on=days_ago(60))
    assert not momentum_of(seeker).warn
    ApplicationFactory(owner=seeker, is_dream_job=True, stage=Stage.WISHLIST)
    ApplicationFactory(owner=seeker, is_dream_job=True, stage=Stage.REJECTED)
    assert not momentum_of(seeker).warn


@pytest.mark.parametrize("page", ["dashboard", "applications:pipeline"])
def test_the_warning_says_why_and_links_to_the_fix(seeker_client, seeker, page):
    dream_with_alternatives(seeker, 1, last_applied=9)
    html = seeker_client.get(reverse(page)).content.decode()
    assert 'id="momentum-warning"' in html
    assert "You have 1 live alternative; you wanted at least 2." in html
    assert "Nothing new in the last 7 days — your last application was 9 days ago." in html
    warning = html[html.index('id="momentum-warning"') :]
    assert f'href="{reverse("applications:create")}">Add an application</a>' in warning
    assert f'href="{reverse("settings")}">change them in Settings</a>' in warning


@pytest.mark.parametrize("page", ["dashboard", "applications:pipeline"])
def test_no_warning_while_the_search_is_moving(seeker_client, seeker, page):
    dream_with_alternatives(seeker, 2)
    html = seeker_client.get(reverse(page)).content.decode()
    assert 'id="momentum-heading"' in html
    assert 'id="momentum-warning"' not in html


# Dashboard ----------------------------------------------------------------------------------


def dashboard(client):
    return client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize(("received", "first"), [(0, True), (29, True), (30, False)])
def test_viable_second_leads_the_dashboard_after_a_recent_dream_rejection(
    seeker_client, seeker, received, first
):
    """Within 30 days means today and the 29 days before, as for momentum."""
    dream = ApplicationFactory(owner=seeker, role_title="Dream", is_dream_job=True)
    ApplicationFactory(owner=seeker, role_title="Backup", excitement=4)
    reject(dream, days_ago(received))
    html = dashboard(seeker_client)
    card = html.index('id="viable-second"')
    assert (card < html.index("<h1")) is first
    kind_words = "Your dream job said no this time. Here is your best live alternative"
    assert (kind_words in html) is first
    assert ">Backup</a>" in html[card:]


def test_a_later_rejection_elsewhere_ends_the_dream_job_focus(seeker_client, seeker):
    dream = ApplicationFactory(owner=seeker, is_dream_job=True)
    other = ApplicationFactory(owner=seeker)
    ApplicationFactory(owner=seeker, role_title="Backup")
    reject(dream, days_ago(5))
    reject(other, days_ago(2))
    html = dashboard(seeker_client)
    assert html.index('id="viable-second"') > html.index("<h1")


def test_after_the_dream_job_says_no_with_nothing_else_live(seeker_client, seeker):
    reject(ApplicationFactory(owner=seeker, is_dream_job=True), days_ago(1))
    html = dashboard(seeker_client)
    card = html[html.index('id="viable-second"') : html.index("<h1")]
    assert "Nothing else is live right now" in card
    assert f'href="{reverse("applications:create")}"' in card


def test_without_a_dream_rejection_the_card_sits_next_to_momentum(seeker_client, seeker):
    ApplicationFactory(owner=seeker, role_title="Dream", is_dream_job=True)
    ApplicationFactory(owner=seeker, role_title="Backup")
    html = dashboard(seeker_client)
    h1, momentum, card = (
        html.index("<h1"),
        html.index('id="momentum-heading"'),
        html.index('id="viable-second"'),
    )
    assert h1 < momentum < card
    assert "said no" not in html
    assert ">Backup</a>" in html[card:]


def test_dashboard_query_count_is_constant_with_a_dream_rejection(seeker_client, seeker):
    reject(ApplicationFactory(owner=seeker, is_dream_job=True), TODAY)
    ApplicationFactory(owner=seeker)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert seeker_client.get(reverse("dashboard")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    ApplicationFactory.create_batch(49, owner=seeker, applied_on=TODAY)
    assert count() == before
