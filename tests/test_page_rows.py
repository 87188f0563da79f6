"""The rows the board, pipeline and list build in Python (applications/templatetags/rows.py,
core/html.py), and
the dashboard's queries (issue 17): what a seeker reads, escaped once; the same answers as the
code they replaced. bench/same_html.py checked the HTML against the templates it replaced."""

import importlib
import re
from datetime import UTC, date, datetime, timedelta
from html import escape

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from applications.models import Application, Contact, Stage, StageChange, Tag, WorkMode
from applications.queries import overview
from applications.services import move_stage, set_tags
from followups.models import FollowUp, FollowUpState

from .factories import (
    ApplicationFactory,
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
)

pytestmark = pytest.mark.django_db

TRICKY = 'R&D <b>lead</b> "quoted" it\'s'
ESCAPED = "R&amp;D &lt;b&gt;lead&lt;/b&gt; &quot;quoted&quot; it&#x27;s"
# The list: the session, the seeker, the tag filter's names, the count, a page of rows (each
# company's name and next interview joined in), their tags. The prefetched companies made 7.
LIST_QUERIES = 6


@pytest.fixture
def tricky(seeker):
    company = CompanyFactory(owner=seeker, name="Smith & <Sons>")
    return ApplicationFactory(owner=seeker, company=company, role_title=TRICKY)


def test_names_are_escaped_once_wherever_a_row_shows_them(seeker_client, tricky):
    html = seeker_client.get(reverse("applications:pipeline")).content.decode()
    assert TRICKY not in html
    assert "&amp;amp;" not in html  # not twice
    assert f">{ESCAPED}</a>" in html
    # the screen reader's label for the row's buttons
    assert f": {ESCAPED} at Smith &amp; &lt;Sons&gt;</span>" in html


def test_a_pipeline_row_says_when_it_was_applied_for_and_what_it_can_do(seeker_client, seeker):
    dream = ApplicationFactory(owner=seeker, is_dream_job=True, applied_on=date(2026, 3, 9))
    backup = ApplicationFactory(owner=seeker, applied_on=date(2026, 11, 21), excitement=5)
    html = seeker_client.get(reverse("applications:pipeline")).content.decode()
    assert 'applied <time datetime="2026-03-09">Mar 9</time>' in html
    assert 'applied <time datetime="2026-11-21">Nov 21</time>' in html
    assert "Your dream job stays on top" in html
    pin = reverse("applications:pin_second", args=[backup.pk])
    assert f'formaction="{pin}" name="action" value="pin"' in html
    assert reverse("applications:pin_second", args=[dream.pk]) not in html


def test_rows_read_only_the_owners_companies(seeker, other_seeker):
    """The join is scoped to the owner's companies: their own rows all come back, with names."""
    mine = ApplicationFactory(owner=seeker, role_title="Mine")
    ApplicationFactory(owner=other_seeker, role_title="Theirs")
    rows = Application.objects.owned_by(seeker).rows(seeker)
    assert [(row.pk, row.role_title, row.company_name) for row in rows] == [
        (mine.pk, "Mine", mine.company.name)
    ]
    assert rows[0].is_live


def test_the_dashboards_one_query_counts_stages_and_judges_momentum_across_them(seeker):
    today = seeker.profile.today()
    for stage, days_ago in [(Stage.APPLIED, 2), (Stage.APPLIED, 20), (Stage.OFFER, 40)]:
        ApplicationFactory(owner=seeker, stage=stage, applied_on=today - timedelta(days_ago))
    ApplicationFactory(owner=seeker, is_dream_job=True, applied_on=today - timedelta(1))
    ApplicationFactory(owner=seeker, stage=Stage.WISHLIST, applied_on=today)  # not applied
    ApplicationFactory(owner=seeker, stage=Stage.REJECTED, applied_on=today - timedelta(5))
    counts, momentum = overview(seeker)
    assert counts == Application.objects.owned_by(seeker).stage_counts()
    assert (counts[Stage.APPLIED], counts[Stage.WISHLIST], counts[Stage.OFFER]) == (3, 1, 1)
    assert momentum.dream_job_live
    # Live and not the dream job: the two applied and the offer, not the rejected one.
    assert momentum.live_alternatives == 3
    # Summed over the stages, the wishlist role (dated today) left out: 1, 2 and 5 days ago.
    assert (momentum.new_last_7_days, momentum.new_last_28_days) == (3, 4)
    assert momentum.days_since_last == 1


def test_a_board_card_escapes_its_names_and_links_and_moves_its_own_application(
    seeker_client, tricky
):
    html = seeker_client.get(reverse("applications:board")).content.decode()
    move = reverse("applications:move", args=[tricky.pk])
    assert TRICKY not in html
    assert f'<a class="fw-semibold" href="{tricky.get_absolute_url()}">{ESCAPED}</a>' in html
    assert f"Move {ESCAPED} at Smith &amp; &lt;Sons&gt; to</label>" in html
    assert f'action="{move}"' in html
    assert f'data-hx-post="{move}"' in html
    assert '<option value="applied" selected>Applied</option>' in html


def test_a_board_filtered_by_a_tag_keeps_it_on_every_move(seeker_client, seeker, tricky):
    tag = Tag.objects.create(owner=seeker, name="R&D <x>")
    tricky.tags.add(tag)
    html = seeker_client.get(reverse("applications:board"), {"tag": "r&d <x>"}).content.decode()
    keep = "?tag=r%26d+%3Cx%3E"
    move = reverse("applications:move", args=[tricky.pk])
    assert f'action="{move}{keep}"' in html
    assert f'name="next" value="{reverse("applications:board")}{keep}"' in html
    badge = f'href="{reverse("applications:board")}?tag=R%26D%20%3Cx%3E">'
    assert badge + '<span class="visually-hidden">Tag: </span>R&amp;D &lt;x&gt;</a>' in html


@pytest.fixture
def frozen():
    """Before the login: a session made before the jump in time would have expired."""
    with time_machine.travel(datetime(2027, 1, 10, 12, tzinfo=UTC), tick=False):
        yield


def test_a_card_shows_its_next_interview_in_the_seekers_time_zone(frozen, seeker_client, seeker):
    Profile.objects.filter(user=seeker).update(time_zone="America/New_York")
    InterviewFactory(
        application=ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING),
        starts_at=datetime(2027, 1, 12, 15, 30, tzinfo=UTC),
    )
    html = seeker_client.get(reverse("applications:board")).content.decode()
    assert '<time datetime="2027-01-12T10:30:00-0500">Tue Jan 12, 10:30</time>' in html


def test_a_list_row_shows_its_application_escaped_with_its_tags_keeping_the_filters(
    frozen, seeker_client, seeker, tricky
):
    Application.objects.filter(pk=tricky.pk).update(
        is_dream_job=True,
        applied_on=date(2026, 3, 9),
        location="Köln & <Bonn>",
        work_mode=WorkMode.HYBRID,
        stage=Stage.INTERVIEWING,
    )
    InterviewFactory(application=tricky, starts_at=datetime(2027, 1, 12, 15, 30, tzinfo=UTC))
    set_tags(application=tricky, names=["R&D <x>", "remote"])
    html = seeker_client.get(reverse("applications:list"), {"q": "R&D", "page": "1"}).content
    html = html.decode()
    assert TRICKY not in html
    assert f'<a href="{tricky.get_absolute_url()}">{ESCAPED}</a>' in html
    assert '<span class="badge text-bg-warning">Dream job</span>' in html
    assert "<td>Smith &amp; &lt;Sons&gt;</td>" in html
    assert '<span class="badge stage-interviewing">Interviewing</span><br>' in html
    assert '<time datetime="2027-01-12T15:30:00+0000">Tue Jan 12, 15:30</time>' in html
    assert "<td>Mar 9, 2026</td>" in html
    assert "Köln &amp; &lt;Bonn&gt; <span" in html
    assert "(Hybrid)</span></td>" in html
    # Each badge filters the list by its tag, the search kept and the page dropped.
    badge = 'href="?q=R%26D&amp;tag=R%26D+%3Cx%3E"><span class="visually-hidden">Tag: </span>'
    assert badge + "R&amp;D &lt;x&gt;</a>" in html
    assert 'href="?q=R%26D&amp;tag=remote">' in html


def test_a_list_row_says_when_it_has_no_date_place_or_tags(seeker_client, seeker):
    ApplicationFactory(owner=seeker, stage=Stage.WISHLIST, location="", work_mode="")
    html = " ".join(seeker_client.get(reverse("applications:list")).content.decode().split())
    assert "<td>—</td> <td>—</td> </tr>" in html
    assert "tag-badge" not in html


def test_the_lists_queries_are_pinned_however_many_rows_and_tags(
    seeker_client, seeker, other_seeker, django_assert_num_queries
):
    def page(tag=""):
        with django_assert_num_queries(LIST_QUERIES):
            return seeker_client.get(reverse("applications:list"), {"tag": tag} if tag else {})

    ApplicationFactory(owner=other_seeker)
    ApplicationFactory(owner=seeker)
    page()
    for n in range(30):
        application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
        InterviewFactory(application=application)
        set_tags(application=application, names=[f"tag {n % 3}", "remote"])
    assert len(page().context["object_list"]) == 25
    assert len(page("remote").context["object_list"]) == 25


@time_machine.travel("2026-11-22 20:00Z", tick=False)  # 05:00 on Monday 23 November in Tokyo
def test_follow_up_rows_say_when_escape_names_once_and_offer_actions_only_while_scheduled(
    seeker_client, seeker, tricky
):
    Profile.objects.filter(user=seeker).update(time_zone="Asia/Tokyo")
    contact = ContactFactory(company=tricky.company, name="Ann <O'Neil>")
    made = {
        "overdue": FollowUpFactory(application=tricky, contact=contact, due_on=date(2026, 11, 20)),
        "today": FollowUpFactory(application=tricky, due_on=date(2026, 11, 23)),
        "later": FollowUpFactory(application=tricky, due_on=date(2027, 1, 4)),
        "sent": FollowUpFactory(application=tricky, state=FollowUpState.DONE),
        "skipped": FollowUpFactory(application=tricky, state=FollowUpState.SKIPPED),
    }
    # Sent at 23:30 UTC on the 22nd: the 23rd in Tokyo.
    FollowUp.objects.filter(pk=made["sent"].pk).update(
        done_at=datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    )
    url = reverse("followups:list") + "?from=dashboard"
    page = seeker_client.get(url).content.decode()
    rows = {
        name: re.search(rf'<li [^>]*id="follow-up-{f.pk}">.*?</li>', page, re.S).group(0)
        for name, f in made.items()
    }
    assert "Overdue</span> since Fri 20 Nov" in rows["overdue"]
    assert "· to Ann &lt;O&#x27;Neil&gt;" in rows["overdue"]
    assert "Due today" in rows["today"]
    assert "Due Mon 4 Jan 2027" in rows["later"]
    assert "Sent</span> 23 Nov 2026" in rows["sent"]
    assert ">Skipped</span>" in rows["skipped"]
    for name, html in rows.items():
        assert f">{ESCAPED}</a> at Smith &amp; &lt;Sons&gt;" in html
        assert "&amp;amp;" not in html
        scheduled = name in {"overdue", "today", "later"}
        assert (">Skip<" in html and ">Done<" in html and ">Snooze<" in html) == scheduled
        assert (f'name="next" value="{url}"' in html) == scheduled
        assert ('name="csrfmiddlewaretoken"' in html) == scheduled


def test_each_seekers_dashboard_shows_only_their_own_rows_whoever_loaded_it_first(
    client, seeker, other_seeker
):
    """The dashboard's queries are compiled once per process (core.prepared) for whoever comes
    first; every panel must still read the seeker who asks."""
    long_ago = timezone.now() - timedelta(days=400)
    for owner, name in [(seeker, "Sam"), (other_seeker, "Olive")]:
        live = ApplicationFactory(owner=owner, role_title=f"{name}'s live role")
        FollowUpFactory(application=live, due_on=timezone.localdate() - timedelta(days=1))
        rejected = ApplicationFactory(owner=owner, role_title=f"{name}'s rejected role")
        move_stage(application=rejected, stage=Stage.REJECTED)
        contact = ContactFactory(company=rejected.company, name=f"{name}'s contact")
        Contact.objects.filter(pk=contact.pk).update(created_at=long_ago)
    pages = {}
    for owner in [seeker, other_seeker, seeker]:
        client.force_login(owner)
        pages[owner.name] = client.get(reverse("dashboard")).content.decode()
    for owner, mine, theirs in [(seeker, "Sam", "Olive"), (other_seeker, "Olive", "Sam")]:
        page = pages[owner.name]
        for what in ["live role", "rejected role", "contact"]:
            assert escape(f"{mine}'s {what}") in page, (owner, what)
            assert f"{theirs}&#x27;s" not in page, (owner, what)
        assert 'id="follow-up-' in page and 'id="quiet-contacts"' in page


def test_each_seekers_list_pages_show_only_their_own_rows_whoever_loaded_them_first(
    client, seeker, other_seeker
):
    """The list's queries are compiled once per process for each stage and sort (core.prepared):
    each page, count and tag badge must still be the asking seeker's."""
    url = reverse("applications:list")
    for owner, name in [(seeker, "Sam"), (other_seeker, "Olive")]:
        for n in range(30):
            app = ApplicationFactory(owner=owner, role_title=f"{name} {n}", excitement=n % 5 + 1)
            if n % 10 == 0:
                set_tags(application=app, names=[f"{name}'s tag"])
        ApplicationFactory(owner=owner, role_title=f"{name}'s offer", stage=Stage.OFFER)
    seen: dict[tuple, list[str]] = {}
    for owner in [seeker, other_seeker, seeker]:
        client.force_login(owner)
        for query in [{}, {"page": "2"}, {"page": "last"}, {"stage": "offer", "sort": "company"}]:
            response = client.get(url, query)
            rows = [row.role_title for row in response.context["object_list"]]
            mine = owner.name.split()[0]
            assert rows and all(role.startswith(mine) for role in rows), (owner, query)
            seen[(owner.pk, *query.values())] = rows
            if not query:
                assert response.context["paginator"].count == 31
                assert escape(f"{mine}'s tag") in response.content.decode()
    ranked = sorted(
        Application.objects.owned_by(seeker),
        key=lambda app: (app.stage_changed_at, app.pk),
        reverse=True,
    )
    assert seen[(seeker.pk,)] == [app.role_title for app in ranked[:25]]
    assert (
        seen[seeker.pk, "2"] == seen[seeker.pk, "last"] == [app.role_title for app in ranked[25:]]
    )
    assert seen[seeker.pk, "offer", "company"] == ["Sam's offer"]
    client.force_login(seeker)
    assert client.get(url, {"page": "3"}).status_code == 404


def test_the_dashboards_rows_show_their_values_escaped_and_times_in_the_seekers_zone(
    frozen, seeker_client, seeker, tricky
):
    Profile.objects.filter(user=seeker).update(time_zone="America/New_York")
    move_stage(application=tricky, stage=Stage.INTERVIEWING)
    InterviewFactory(application=tricky, starts_at=datetime(2027, 1, 12, 15, 30, tzinfo=UTC))
    ApplicationFactory(owner=seeker, stage=Stage.WISHLIST)
    html = seeker_client.get(reverse("dashboard")).content.decode()
    detail = tricky.get_absolute_url()
    # What's live: the role, its company, its next interview and its stage.
    assert (
        f'<span><a href="{detail}">{ESCAPED}</a> <span class="text-body-secondary">at '
        "Smith &amp; &lt;Sons&gt;</span><br>"
    ) in html
    assert '<time datetime="2027-01-12T10:30:00-0500">Tue Jan 12, 10:30</time>' in html
    assert '</span> <span class="badge stage-interviewing">Interviewing</span> </li>' in html
    # Recent changes, at noon UTC: 07:00 in New York.
    changes = re.findall(r'<li class="list-group-item"> (.*?) </li>', html)
    at_seven = '<time datetime="2027-01-10T07:00:00-0500">Jan 10, 07:00</time>'
    assert (
        f'<a href="{detail}">{ESCAPED} at Smith &amp; &lt;Sons&gt;</a>: moved to '
        f'<strong>Interviewing</strong> <span class="text-body-secondary small">· {at_seven}</span>'
    ) in changes
    assert sum(": added as <strong>Wishlist</strong>" in change for change in changes) == 1
    # A card for each stage that has any, linking to the list of that stage.
    list_url = reverse("applications:list")
    for stage, n in [(Stage.INTERVIEWING, 1), (Stage.WISHLIST, 1)]:
        assert f'href="{list_url}?stage={stage}"><div class="fs-3">{n}</div>' in html
    assert f"?stage={Stage.OFFER}" not in html


def test_a_dashboard_with_nothing_live_and_no_changes_says_so(seeker_client, seeker):
    rejected = ApplicationFactory(owner=seeker, stage=Stage.REJECTED)
    rejected.stage_changes.all().delete()
    html = seeker_client.get(reverse("dashboard")).content.decode()
    assert "Nothing live right now." in html
    assert "No changes yet." in html


def test_the_migration_gives_each_stage_change_its_applications_seeker(seeker, other_seeker):
    mine = ApplicationFactory(owner=seeker)
    move_stage(application=mine, stage=Stage.SCREENING)
    theirs = ApplicationFactory(owner=other_seeker)
    StageChange.objects.update(owner=other_seeker)  # whatever was there before
    migration = importlib.import_module("applications.migrations.0015_stagechange_owner")
    migration.fill_owners(apps, None)
    owners = set(StageChange.objects.values_list("application_id", "owner_id"))
    assert owners == {(mine.pk, seeker.pk), (theirs.pk, other_seeker.pk)}
    assert StageChange.objects.filter(application=mine).count() == 2
