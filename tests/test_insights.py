"""The Insights page: every number against a small search worked out by hand, the edge cases
(nothing at all, a single application), the date range, time zones, other seekers' data, the
query count, and the charts' accessibility and escaping."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, Source, Stage, StageChange
from applications.services import move_stage
from followups.models import FollowUpState
from insights import charts
from insights.metrics import DateRange, insights_for, week_starts
from rejections.models import Channel, Gap, GapCategory, Rejection

from .factories import (
    ApplicationFactory,
    CompanyFactory,
    DocumentFactory,
    FollowUpFactory,
    GapFactory,
    RejectionFactory,
)

pytestmark = pytest.mark.django_db

# Wednesday 18 November 2026 at noon UTC; this week (from Monday) starts on 16 November.
NOW = "2026-11-18 12:00Z"
URL = "/insights/"


def at(day: int, hour: int = 12, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def make(owner, *, source=Source.JOB_BOARD, applied_on=None, history=(), name="Acme"):
    """An application with the timeline given as (stage, when), oldest first. The rows are
    bulk-created, so no follow-up reacts to them: the tests add the follow-ups they want."""
    stage = history[-1][0] if history else Stage.APPLIED
    application = Application.objects.create(
        owner=owner,
        company=CompanyFactory(owner=owner, name=f"{name} {Application.objects.count()}"),
        role_title="Analyst",
        source=source,
        applied_on=applied_on,
        stage=stage,
        stage_changed_at=history[-1][1] if history else at(18),
    )
    previous = ""
    rows = []
    for to_stage, when in history:
        rows.append(
            StageChange(
                owner=application.owner,
                application=application,
                from_stage=previous,
                to_stage=to_stage,
                changed_at=when,
            )
        )
        previous = to_stage
    StageChange.objects.bulk_create(rows)
    return application


def reject(application, *, channel, stage_reached, received_on):
    return Rejection.objects.create(
        owner=application.owner,
        application=application,
        received_on=received_on,
        channel=channel,
        stage_reached=stage_reached,
        previous_stage=stage_reached,
    )


@pytest.fixture
def search(seeker):
    """Six applications with dates, plus one on the wishlist and one without a date.

    A referral  applied Mon 2 Nov:  screening 6 Nov, interviewing 9, offer 12, accepted 13.
    B job board applied Mon 26 Oct: screening 30 Oct, interviewing 3 Nov, rejected 10 Nov by
                                    email at interviewing; gaps: 2 skills, 1 experience.
    C job board applied Mon 26 Oct: rejected 12 Nov by silence at applied (no answer).
    D job board applied Tue 10 Nov: rejected 12 Nov by phone at applied; gap: certification.
    E recruiter applied Mon 28 Sep: ghosted 28 Oct.
    F company site applied Mon 16 Nov: still applied.
    """
    a = make(
        seeker,
        source=Source.REFERRAL,
        applied_on=date(2026, 11, 2),
        history=[
            (Stage.APPLIED, at(2, 9)),
            (Stage.SCREENING, at(6, 9)),
            (Stage.INTERVIEWING, at(9, 9)),
            (Stage.OFFER, at(12, 9)),
            (Stage.ACCEPTED, at(13, 9)),
        ],
    )
    b = make(
        seeker,
        applied_on=date(2026, 10, 26),
        history=[
            (Stage.APPLIED, at(26, 10, month=10)),
            (Stage.SCREENING, at(30, 10, month=10)),
            (Stage.INTERVIEWING, at(3, 10)),
            (Stage.REJECTED, at(10, 10)),
        ],
    )
    c = make(
        seeker,
        applied_on=date(2026, 10, 26),
        history=[(Stage.APPLIED, at(26, 8, month=10)), (Stage.REJECTED, at(12, 8))],
    )
    d = make(
        seeker,
        applied_on=date(2026, 11, 10),
        history=[(Stage.APPLIED, at(10, 12)), (Stage.REJECTED, at(12, 12))],
    )
    e = make(
        seeker,
        source=Source.RECRUITER,
        applied_on=date(2026, 9, 28),
        history=[(Stage.APPLIED, at(28, 12, month=9)), (Stage.GHOSTED, at(28, 12, month=10))],
    )
    f = make(
        seeker,
        source=Source.COMPANY_SITE,
        applied_on=date(2026, 11, 16),
        history=[(Stage.APPLIED, at(16, 12))],
    )
    make(seeker, history=[(Stage.WISHLIST, at(1))])
    undated = make(seeker, history=[(Stage.APPLIED, at(1)), (Stage.SCREENING, at(3))])
    # Saved, it would be dated; an imported row with no date stays undated.
    Application.objects.filter(pk=undated.pk).update(applied_on=None)
    rb = reject(b, channel=Channel.EMAIL, stage_reached=Stage.INTERVIEWING, received_on=at(10))
    reject(c, channel=Channel.SILENCE, stage_reached=Stage.APPLIED, received_on=at(12))
    rd = reject(d, channel=Channel.PHONE, stage_reached=Stage.APPLIED, received_on=at(12))
    for rejection, category, description in [
        (rb, GapCategory.SKILL, "SQL"),
        (rb, GapCategory.SKILL, "Python"),
        (rb, GapCategory.EXPERIENCE, "people management"),
        (rd, GapCategory.CERTIFICATION, "AWS"),
    ]:
        Gap.objects.create(
            owner=seeker, rejection=rejection, category=category, description=description
        )
    done = FollowUpState.DONE
    FollowUpFactory(application=b, due_on=date(2026, 11, 11), state=done, done_at=at(11, 23))
    FollowUpFactory(application=d, due_on=date(2026, 11, 12), state=done, done_at=at(14, 10))
    FollowUpFactory(application=a, due_on=date(2026, 11, 7), state=done, done_at=at(6))
    FollowUpFactory(application=a, due_on=date(2026, 11, 1), state=FollowUpState.SKIPPED)
    FollowUpFactory(application=f, due_on=date(2026, 11, 2))  # scheduled, and overdue
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def page_of(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def section(page, section_id):
    """The HTML of one section of the page, by its id."""
    match = re.search(rf'<section[^>]*id="{section_id}".*?</section>', page, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def table_rows(html):
    """(header, cells...) for each body row of the first table in `html`."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append(tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in cells))
    return rows


# The numbers -----------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_funnel_counts_and_rates(seeker, search):
    funnel = insights_for(seeker, DateRange()).funnel
    assert [(s.label, s.count, s.of_previous, s.of_applied) for s in funnel.steps] == [
        ("Applied", 6, "100%", "100%"),
        # A moved on, B was screened, D heard "no" by phone; C's "no" was silence, E ghosted.
        ("Any response", 3, "50%", "50%"),
        ("Interview", 2, "67%", "33%"),
        ("Offer", 1, "50%", "17%"),
        ("Accepted", 1, "100%", "17%"),
    ]
    assert funnel.undated == 1  # the one in screening without a date; the wishlist one is not


@time_machine.travel(NOW, tick=False)
def test_a_rejection_counts_for_the_stage_it_reached_even_without_the_timeline(seeker):
    app = make(seeker, applied_on=date(2026, 11, 2), history=[(Stage.APPLIED, at(2))])
    app.stage = Stage.REJECTED
    app.save()
    reject(app, channel=Channel.SILENCE, stage_reached=Stage.OFFER, received_on=at(10))
    steps = insights_for(seeker, DateRange()).funnel.steps
    assert [s.count for s in steps] == [1, 1, 1, 1, 0]


@time_machine.travel(NOW, tick=False)
def test_rejected_without_a_logged_rejection_is_an_answer(seeker):
    make(
        seeker,
        applied_on=date(2026, 11, 2),
        history=[(Stage.APPLIED, at(2)), (Stage.REJECTED, at(5))],
    )
    data = insights_for(seeker, DateRange())
    assert [s.count for s in data.funnel.steps] == [1, 1, 0, 0, 0]
    job_board = data.sources[0]
    assert (job_board.responded, job_board.timed, job_board.mean) == (1, 1, "3 days")


@time_machine.travel(NOW, tick=False)
def test_rejections_by_stage_reached_and_channel(seeker, search):
    rejections = insights_for(seeker, DateRange()).rejections
    assert rejections.total == 3
    assert [(t.key, t.count) for t in rejections.by_stage] == [
        ("applied", 2),
        ("screening", 0),
        ("interviewing", 1),
        ("offer", 0),
    ]
    assert [(t.key, t.count) for t in rejections.by_channel] == [
        ("phone", 1),
        ("email", 1),
        ("portal", 0),
        ("in_person", 0),
        ("silence", 1),
        ("unknown", 0),
    ]


@time_machine.travel(NOW, tick=False)
def test_response_rate_and_mean_days_to_first_response_by_source(seeker, search):
    sources = insights_for(seeker, DateRange()).sources
    assert [
        (s.source, s.applied, s.responded, s.response_rate, s.timed, s.mean_days) for s in sources
    ] == [
        # B answered after 4 days (26 → 30 Oct), D after 2 (10 → 12 Nov); C was silence.
        ("job_board", 3, 2, "67%", 2, 3.0),
        ("referral", 1, 1, "100%", 1, 4.0),  # 2 → 6 Nov
        ("recruiter", 1, 0, "0%", 0, None),  # ghosted is no answer
        ("company_site", 1, 0, "0%", 0, None),
        ("other", 0, 0, "–", 0, None),  # nothing to divide by
    ]
    assert [s.mean for s in sources] == ["3 days", "4 days", "–", "–", "–"]


@time_machine.travel(NOW, tick=False)
def test_time_in_each_stage_counts_ongoing_stays_up_to_now(seeker, search):
    times = {t.stage: t for t in insights_for(seeker, DateRange()).stage_times}
    applied = times[Stage.APPLIED]
    # A 4, B 4, C 17, D 2, E 30 days; F has been in "applied" for 2 days and still is.
    assert (applied.stays, applied.ongoing) == (6, 1)
    assert applied.mean_days == pytest.approx(59 / 6)
    assert applied.mean == "9.8 days"
    assert (times[Stage.SCREENING].stays, times[Stage.SCREENING].mean_days) == (2, 3.5)
    assert (times[Stage.INTERVIEWING].stays, times[Stage.INTERVIEWING].mean_days) == (2, 5.0)
    assert (times[Stage.OFFER].stays, times[Stage.OFFER].mean) == (1, "1 day")
    assert (times[Stage.WISHLIST].stays, times[Stage.WISHLIST].mean_days) == (0, None)
    assert list(times) == [s.value for s in Stage.open()]  # accepted and closed are ends


@time_machine.travel(NOW, tick=False)
def test_applications_per_week_over_twelve_weeks_with_empty_weeks(seeker, search):
    weeks = insights_for(seeker, DateRange()).weeks
    assert len(weeks) == 12
    assert weeks[0].start == date(2026, 8, 31) and weeks[-1].start == date(2026, 11, 16)
    counts = {w.start: w.count for w in weeks if w.count}
    assert counts == {
        date(2026, 9, 28): 1,  # E
        date(2026, 10, 26): 2,  # B and C
        date(2026, 11, 2): 1,  # A
        date(2026, 11, 9): 1,  # D
        date(2026, 11, 16): 1,  # F
    }
    assert sum(w.count for w in weeks) == 6


@time_machine.travel(NOW, tick=False)
def test_gap_categories_across_rejections(seeker, search):
    gaps = insights_for(seeker, DateRange()).gaps
    assert gaps.rejections_with_gaps == 2
    assert [(t.key, t.rejections, t.gaps) for t in gaps.categories] == [
        ("experience", 1, 1),
        ("education", 0, 0),
        ("certification", 1, 1),
        ("skill", 1, 2),  # one rejection named two skills
        ("portfolio", 0, 0),
        ("leadership", 0, 0),
        ("domain", 0, 0),
        ("language", 0, 0),
        ("communication", 0, 0),
        ("other", 0, 0),
    ]


@time_machine.travel(NOW, tick=False)
def test_follow_ups_done_on_time_or_late(seeker, search):
    follow_ups = insights_for(seeker, DateRange()).follow_ups
    # Done at 23:00 on the day it was due, and a day early: on time; two days after: late.
    # The skipped and the scheduled one do not count.
    assert (follow_ups.on_time, follow_ups.late, follow_ups.on_time_rate) == (2, 1, "67%")


@time_machine.travel(NOW, tick=False)
def test_on_time_is_judged_by_the_seekers_local_date(seeker, search):
    seeker.profile.time_zone = "Asia/Tokyo"
    seeker.profile.save()
    # 23:00 UTC on the 11th is already the 12th in Tokyo: a day late.
    follow_ups = insights_for(seeker, DateRange()).follow_ups
    assert (follow_ups.on_time, follow_ups.late) == (1, 2)


# Edge cases ------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_with_no_data_nothing_divides_by_zero_and_the_page_says_nothing_yet(seeker_client, seeker):
    data = insights_for(seeker, DateRange())
    assert [(s.count, s.of_previous, s.of_applied) for s in data.funnel.steps] == [
        (0, "–", "–")
    ] * 5
    assert all(s.response_rate == "–" and s.mean_days is None for s in data.sources)
    assert all(t.stays == 0 and t.mean_days is None for t in data.stage_times)
    assert [w.count for w in data.weeks] == [0] * 12
    assert data.rejections.total == 0 and data.gaps.rejections_with_gaps == 0
    assert (data.follow_ups.done, data.follow_ups.on_time_rate) == (0, "–")
    assert data.resumes == []

    page = page_of(seeker_client)
    assert page.count("Nothing yet") == 10  # one for each chart
    assert "<svg" not in page and "<table" not in page


@time_machine.travel(NOW, tick=False)
def test_a_single_application(seeker_client, seeker):
    make(seeker, applied_on=date(2026, 11, 18), history=[(Stage.APPLIED, at(18, 9))])
    data = insights_for(seeker, DateRange())
    assert [(s.count, s.of_previous) for s in data.funnel.steps] == [
        (1, "100%"),
        (0, "0%"),
        (0, "–"),
        (0, "–"),
        (0, "–"),
    ]
    assert [w.count for w in data.weeks] == [0] * 11 + [1]
    applied = data.stage_times[1]
    assert (applied.stays, applied.ongoing, applied.mean) == (1, 1, "0.1 days")  # 3 hours
    assert (data.sources[0].applied, data.sources[0].response_rate) == (1, "0%")

    page = page_of(seeker_client)
    assert section(page, "funnel").count("<svg") == 1
    assert "Nothing yet" in section(page, "rejection-stages")
    assert "Nothing yet" in section(page, "first-response")
    assert table_rows(section(page, "response-rate")) == [("Job board", "1", "0", "0%")]


# The page --------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_each_chart_with_its_numbers_in_a_table(seeker_client, search):
    page = page_of(seeker_client)
    assert page.count('role="img"') == 9
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        chart_id = re.search(r'id="([^"]+)"', svg).group(1)
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg
        assert re.search(rf'<title id="{chart_id}-title">[^<]+</title>', svg)
        assert re.search(rf'<desc id="{chart_id}-desc">[^<]+</desc>', svg)
        assert "viewBox=" in svg and "style=" not in svg and "<script" not in svg
    assert "<script" not in "".join(re.findall(r"<main.*</main>", page, re.S))

    funnel = section(page, "funnel")
    assert table_rows(funnel) == [
        ("Applied", "6", "–", "100%"),
        ("Any response", "3", "50%", "50%"),
        ("Interview", "2", "67%", "33%"),
        ("Offer", "1", "50%", "17%"),
        ("Accepted", "1", "100%", "17%"),
    ]
    assert "<caption>" in funnel and 'scope="col"' in funnel and 'scope="row"' in funnel
    # The chart's description and its bars carry the same numbers as the table.
    assert "Any response: 3 · 50%" in funnel and ">3 · 50%</text>" in funnel

    assert table_rows(section(page, "response-rate")) == [
        ("Job board", "3", "2", "67%"),
        ("Referral", "1", "1", "100%"),
        ("Recruiter", "1", "0", "0%"),
        ("Company website", "1", "0", "0%"),
    ]
    first = section(page, "first-response")
    assert table_rows(first) == [("Job board", "2", "3 days"), ("Referral", "1", "4 days")]
    assert "Job board: 3 days; Referral: 4 days." in first
    assert table_rows(section(page, "stage-times")) == [
        ("Applied", "6", "1", "9.8 days"),
        ("Screening", "2", "0", "3.5 days"),
        ("Interviewing", "2", "0", "5 days"),
        ("Offer", "1", "0", "1 day"),
    ]
    weeks = table_rows(section(page, "weeks"))
    assert len(weeks) == 12 and weeks[-1] == ("Nov 16, 2026", "1") and weeks[0][1] == "0"
    assert table_rows(section(page, "rejection-channels"))[-2] == ("No answer at all", "1")
    assert table_rows(section(page, "rejection-stages"))[0] == ("Applied", "2")
    assert table_rows(section(page, "gaps"))[3] == ("Skill", "1", "2")
    follow_ups = section(page, "follow-ups")
    assert table_rows(follow_ups) == [("On time", "2"), ("Late", "1")]
    assert "On time: 2; Late: 1." in follow_ups
    assert "1 application past the wishlist has no “applied on” date" in page


def test_the_nav_links_to_insights(seeker_client):
    page = page_of(seeker_client)
    assert f'class="nav-link active" aria-current="page" href="{URL}">Insights</a>' in page
    assert reverse("insights:index") == URL


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


# The date range --------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_range_keeps_only_applications_applied_in_it(seeker, seeker_client, search):
    # 26 October to 2 November: B, C and A, with everything that happened to them later.
    page = page_of(seeker_client, "?from=2026-10-26&to=2026-11-02")
    assert [row[1] for row in table_rows(section(page, "funnel"))] == ["3", "2", "2", "1", "1"]
    assert table_rows(section(page, "rejection-channels")) == [
        ("Phone call", "0"),
        ("Email", "1"),
        ("Application portal", "0"),
        ("In person", "0"),
        ("No answer at all", "1"),
        ("Not noted yet", "0"),
    ]
    assert table_rows(section(page, "follow-ups")) == [("On time", "2"), ("Late", "0")]
    # The weeks the range covers, and no others.
    assert [row[0] for row in table_rows(section(page, "weeks"))] == [
        "Oct 26, 2026",
        "Nov 2, 2026",
    ]
    assert 'value="2026-10-26"' in page and 'value="2026-11-02"' in page

    # A day after the last of them: none.
    page = page_of(seeker_client, "?from=2026-11-03&to=2026-11-09")
    assert 'id="applied-count">0<' in page
    assert "Nothing yet" in section(page, "funnel")


@time_machine.travel(NOW, tick=False)
def test_range_edges_are_inclusive_and_either_end_may_be_open(seeker, search):
    assert insights_for(seeker, DateRange(date(2026, 11, 16), None)).funnel.applied == 1  # F
    assert insights_for(seeker, DateRange(None, date(2026, 9, 28))).funnel.applied == 1  # E
    only_d = insights_for(seeker, DateRange(date(2026, 11, 10), date(2026, 11, 10)))
    assert [s.count for s in only_d.funnel.steps] == [1, 1, 0, 0, 0]
    assert only_d.gaps.categories[2].gaps == 1  # D's certification
    assert [(w.start, w.count) for w in only_d.weeks] == [(date(2026, 11, 9), 1)]


@time_machine.travel(NOW, tick=False)
def test_presets_count_back_from_the_seekers_today(seeker_client, search):
    # The last 30 days are 20 October to 18 November: everything but E (28 September).
    page = page_of(seeker_client, "?period=30")
    assert 'id="applied-count">6<' not in page and 'id="applied-count">5<' in page
    assert "Oct 20, 2026" in page and "Nov 18, 2026" in page
    assert 'href="?period=30" aria-current="page"' in page
    assert len(table_rows(section(page, "weeks"))) == 5  # weeks of 19 Oct to 16 Nov
    page = page_of(seeker_client, "?period=all")
    assert 'id="applied-count">6<' in page


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=2026-11-10&to=2026-11-01", "The end date must be on or after the start date."),
        ("?from=yesterday", "Enter a valid date."),
        ("?to=2026-02-30", "Enter a valid date."),
        ("?from=2026-12-01", "The start date is in the future."),
        ("?from=0001-01-01", "Pick a date between 1970 and 2036."),
        ("?to=0001-01-01", "Pick a date between 1970 and 2036."),
        ("?to=9999-12-31", "Pick a date between 1970 and 2036."),
        ("?period=forever", "Select a valid choice."),
    ],
)
def test_a_bad_range_is_a_form_error_not_a_crash(seeker_client, search, query, message):
    page = page_of(seeker_client, query)
    assert message in page
    assert 'id="range-error"' in page
    assert "<svg" not in page  # no numbers for a range that is not one


@time_machine.travel(NOW, tick=False)
def test_a_future_end_stops_the_weeks_at_this_week(seeker, search):
    weeks = insights_for(seeker, DateRange(None, date(2027, 3, 1))).weeks
    assert weeks[-1].start == date(2026, 11, 16) and len(weeks) == 12


# Time zones ------------------------------------------------------------------------------------


@time_machine.travel("2026-11-22 20:00Z", tick=False)  # Monday 23 November, 05:00 in Tokyo
def test_weeks_end_with_the_seekers_own_week(seeker):
    make(seeker, applied_on=date(2026, 11, 22), history=[(Stage.APPLIED, at(22, 1))])
    make(seeker, applied_on=date(2026, 11, 23), history=[(Stage.APPLIED, at(22, 19))])
    make(seeker, applied_on=date(2026, 8, 30), history=[(Stage.APPLIED, at(30, 1, month=8))])

    # In UTC it is still Sunday 22 November: this week began on the 16th, and the 23rd is
    # after today; the twelve weeks start on Monday 31 August, so 30 August is out.
    weeks = insights_for(seeker, DateRange()).weeks
    assert (weeks[0].start, weeks[-1].start) == (date(2026, 8, 31), date(2026, 11, 16))
    assert [w.count for w in weeks[-2:]] == [0, 1]

    seeker.profile.time_zone = "Asia/Tokyo"
    seeker.profile.save()
    # In Tokyo it is Monday the 23rd: a new week with one application; Sunday's is last week's.
    weeks = insights_for(seeker, DateRange()).weeks
    assert (weeks[0].start, weeks[-1].start) == (date(2026, 9, 7), date(2026, 11, 23))
    assert [w.count for w in weeks[-2:]] == [1, 1]


@time_machine.travel("2026-11-22 20:00Z", tick=False)
def test_week_starts_for_a_range_inside_twelve_weeks():
    assert week_starts(DateRange(date(2026, 11, 11), date(2026, 11, 22)), date(2026, 11, 22)) == [
        date(2026, 11, 9),
        date(2026, 11, 16),
    ]
    assert week_starts(DateRange(date(2026, 11, 16), None), date(2026, 11, 16)) == [
        date(2026, 11, 16)
    ]


@time_machine.travel(NOW, tick=False)
def test_days_to_first_response_use_the_local_date_of_the_answer(seeker):
    make(
        seeker,
        applied_on=date(2026, 11, 2),
        history=[(Stage.APPLIED, at(2, 9)), (Stage.SCREENING, at(5, 20))],
    )
    assert insights_for(seeker, DateRange()).sources[0].mean_days == 3.0
    seeker.profile.time_zone = "Asia/Tokyo"  # 20:00 UTC on the 5th is the 6th in Tokyo
    seeker.profile.save()
    assert insights_for(seeker, DateRange()).sources[0].mean_days == 4.0


# Ownership and query count ---------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_another_seekers_data_is_never_counted(seeker, seeker_client, other_seeker, search):
    for i in range(3):
        app = ApplicationFactory(owner=other_seeker, applied_on=date(2026, 11, 16 + i))
        move_stage(application=app, stage=Stage.INTERVIEWING)
        rejection = RejectionFactory(application=app, channel=Channel.PORTAL)
        GapFactory(rejection=rejection, category=GapCategory.PORTFOLIO)
        FollowUpFactory(
            application=app, due_on=date(2026, 11, 1), state=FollowUpState.DONE, done_at=at(17)
        )
    data = insights_for(seeker, DateRange())
    assert data.funnel.applied == 6 and data.rejections.total == 3
    assert data.rejections.by_channel[2].count == 0  # the portal ones are the other seeker's
    assert data.gaps.categories[4].rejections == 0
    assert (data.follow_ups.on_time, data.follow_ups.late) == (2, 1)
    assert data.weeks[-1].count == 1
    assert data.stage_times[3].stays == 2  # interviewing: A and B only
    page = page_of(seeker_client)
    assert 'id="applied-count">6<' in page

    theirs = insights_for(other_seeker, DateRange())
    assert theirs.funnel.applied == 3 and theirs.follow_ups.late == 3


def make_many(owner, count):
    channels = Channel.values
    for i in range(count):
        app = ApplicationFactory(
            owner=owner,
            applied_on=date(2026, 11, 1 + i % 17),
            source=Source.values[i % 5],
            resume=DocumentFactory(owner=owner) if i % 3 else None,  # a version row each
        )
        move_stage(application=app, stage=Stage.SCREENING)
        if i % 2:
            move_stage(application=app, stage=Stage.INTERVIEWING)
            rejection = RejectionFactory(application=app, channel=channels[i % len(channels)])
            GapFactory(rejection=rejection)
        FollowUpFactory(application=app, state=FollowUpState.DONE, due_on=date(2026, 11, 10))


def queries_for(client, query=""):
    with CaptureQueriesContext(connection) as ctx:
        page_of(client, query)
    return len(ctx.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_the_page_runs_a_constant_number_of_queries(seeker_client, seeker, other_seeker):
    make_many(seeker, 1)
    make_many(other_seeker, 1)
    with_one = queries_for(seeker_client)
    make_many(seeker, 39)
    with_forty = queries_for(seeker_client)
    assert with_one == with_forty == queries_for(seeker_client, "?period=30")
    # The session, the user with their profile, then one aggregate query for each section.
    assert with_forty == 2 + 9


# The charts ------------------------------------------------------------------------------------


def test_chart_text_is_escaped():
    label = "<script>alert('x')</script>"
    for draw in (charts.horizontal_bars, charts.columns, charts.funnel):
        svg = draw(
            "chart-x",
            'Title with <b>"quotes"</b>',
            "Description & more",
            [charts.Bar(label, 3), charts.Bar("Fine", 1)],
            empty="Nothing yet",
        )
        assert "<script" not in svg and "<b>" not in svg
        assert "&lt;script&gt;" in svg
        assert "Title with &lt;b&gt;&quot;quotes&quot;&lt;/b&gt;" in svg
        assert "Description &amp; more" in svg
        assert svg.startswith("<svg") and 'role="img"' in svg


def test_charts_with_no_bars_say_nothing_yet():
    for draw in (charts.horizontal_bars, charts.columns, charts.funnel):
        html = draw("chart-x", "Title", "Desc", [], empty="Nothing yet: <none>")
        assert html == (
            '<p class="insights-empty text-body-secondary mb-0">Nothing yet: &lt;none&gt;</p>'
        )


def test_bars_scale_to_the_largest_value_and_zero_draws_no_bar():
    svg = charts.horizontal_bars(
        "c", "T", "D", [charts.Bar("A", 4), charts.Bar("B", 2), charts.Bar("C", 0)], empty=""
    )
    widths = [float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert '<desc id="c-desc">D A: 4; B: 2; C: 0.</desc>' in svg
    assert re.search(r'viewBox="0 0 460 \d+"', svg)


def test_long_labels_are_shortened_in_the_chart_but_not_in_its_description():
    label = "A very long source label that goes on and on"
    svg = charts.horizontal_bars("c", "T", "D", [charts.Bar(label, 1)], empty="")
    assert charts.short(label) == "A very long sourc…"
    assert ">A very long sourc…</text>" in svg
    assert f"{label}: 1" in svg  # the description keeps it whole


@time_machine.travel(NOW, tick=False)
def test_a_stored_label_with_markup_is_escaped_on_the_page(seeker_client, seeker):
    # Not one of the choices (an old value, or written around the form): shown as stored.
    make(
        seeker,
        source="<script>x</script>",
        applied_on=date(2026, 11, 16),
        history=[(Stage.APPLIED, at(16))],
    )
    page = page_of(seeker_client)
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in section(page, "response-rate")
    assert table_rows(section(page, "response-rate")) == [
        ("&lt;script&gt;x&lt;/script&gt;", "1", "0", "0%")
    ]
