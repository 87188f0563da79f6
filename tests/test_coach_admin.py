"""The admin a coach sees (coaching/admin/): only clients with a live grant, read-only, on
every admin page of the coach's models; the seekers' changelist, the client overview, comments,
the CSV export; revocation on the next request; and constant query counts."""

import codecs
import csv
import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Profile, User
from applications.models import (
    Application,
    Company,
    Contact,
    Conversation,
    Interview,
    Stage,
    StageChange,
)
from applications.services import log_conversation, set_tags
from chances.models import Match
from coaching.admin import ClientDataAdmin, CoachCommentAdmin
from coaching.admin_queries import clients_of, with_pipeline
from coaching.models import Client, CoachComment, CoachGrant, EndedBy
from coaching.roles import VIEWABLE
from coaching.services import end_grant
from core.admin import ReadOnlyAdmin
from documents.models import Document
from followups.models import FollowUp, Reminder
from rejections.models import CheckIn, Gap, Plan, PlanStep, Rejection
from watching.models import Posting, Watch

from .factories import (
    ApplicationFactory,
    CheckInFactory,
    CoachFactory,
    CompanyFactory,
    ContactFactory,
    DocumentFactory,
    FollowUpFactory,
    GapFactory,
    GrantFactory,
    InterviewFactory,
    PlanFactory,
    PlanStepFactory,
    RejectionFactory,
    UserFactory,
    watch_factory,
)
from .url_registry import snapshot

pytestmark = pytest.mark.django_db

COACH_MODELS = {
    Client,
    Application,
    Company,
    Contact,
    Conversation,
    Rejection,
    Gap,
    Plan,
    FollowUp,
    CoachComment,
    Interview,
    Watch,
    Match,
    Document,
}
# Shown inside their parent's page rather than on their own.
INLINE_ONLY = {StageChange, CheckIn, PlanStep}
ROLES = ["coach", "other_coach", "revoked_coach", "seeker", "superuser", "anonymous"]


def coach_admins():
    """The registered admins of the coach's models, straight from the admin site."""
    return {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ClientDataAdmin | CoachCommentAdmin)
    }


def client_data(seeker, coach, *, tag=""):
    """A seeker with a bit of everything, and one comment of `coach` on each kind of item."""
    today = timezone.localdate()
    company = CompanyFactory(owner=seeker, name=f"Northwind{tag}")
    contact = ContactFactory(company=company, name=f"Riley Recruiter{tag}")
    dream = ApplicationFactory(
        owner=seeker,
        company=company,
        role_title=f"Dream Analyst{tag}",
        stage=Stage.INTERVIEWING,
        is_dream_job=True,
        applied_on=today - timedelta(days=20),
    )
    alternative = ApplicationFactory(
        owner=seeker, stage=Stage.SCREENING, applied_on=today - timedelta(days=10)
    )
    ApplicationFactory(owner=seeker, stage=Stage.WISHLIST)
    rejection = RejectionFactory(
        application=ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING),
        employer_words=f"We went with someone with more SQL tuning{tag}.",
        is_actionable=True,
        contact=contact,
    )
    CheckInFactory(rejection=rejection, feeling="anger", note="Furious")
    gap = GapFactory(rejection=rejection, description=f"SQL tuning{tag}")
    plan = PlanFactory(owner=seeker, title=f"Close the SQL gap{tag}")
    plan.gaps.add(gap)
    PlanStepFactory(plan=plan, title="Tuning course", due_on=today - timedelta(days=3))
    PlanStepFactory(plan=plan, title="Side project", status="done")
    follow_up = FollowUpFactory(application=alternative, due_on=today - timedelta(days=2))
    document = DocumentFactory(owner=seeker, label=f"Resume v3{tag}")
    Application.objects.filter(pk=dream.pk).update(resume=document)
    interview = InterviewFactory(application=dream, preparation=f"Case study{tag}")
    interview.interviewers.set([contact])
    set_tags(application=dream, names=[f"remote{tag}", f"fintech{tag}"])
    conversation = log_conversation(
        contact=contact,
        application=dream,
        happened_on=today - timedelta(days=4),
        kind="meeting",
        note=f"Coffee with Riley{tag}",
    )
    FollowUpFactory(application=alternative, due_on=today + timedelta(days=2))
    comment = CoachComment.objects.create(coach=coach, plan=plan, body=f"Course first{tag}.")
    watch = watch_factory(company, "https://boards.greenhouse.io/" + slugify(f"northwind{tag}"))
    CoachComment.objects.create(coach=coach, application=dream, body=f"Ask about the team{tag}.")
    CoachComment.objects.create(coach=coach, rejection=rejection, body=f"Good feedback{tag}.")
    return {
        Client: Client.objects.get(pk=seeker.pk),
        Application: dream,
        Company: company,
        Contact: contact,
        Rejection: rejection,
        Gap: gap,
        Plan: plan,
        FollowUp: follow_up,
        CoachComment: comment,
        Interview: interview,
        Watch: watch,
        Match: Match.objects.create(
            owner=seeker,
            posting=Posting.objects.create(
                board=watch.board,
                external_id="1",
                title=f"Senior Analyst{tag}",
                first_seen=timezone.now(),
                last_seen=timezone.now(),
            ),
            application=rejection.application,
            score=0.8,
        ),
        Conversation: conversation,
        Document: document,
    }


@pytest.fixture
def world(seeker, other_seeker):
    coach = CoachFactory(email="coach@example.com", name="Casey Coach")
    GrantFactory(seeker=seeker, accepted_by=coach)
    other_coach = CoachFactory(email="other.coach@example.com", name="Olga Othercoach")
    GrantFactory(seeker=other_seeker, accepted_by=other_coach)
    revoked_coach = CoachFactory(email="revoked@example.com", name="Rex Revoked")
    end_grant(grant=GrantFactory(seeker=seeker, accepted_by=revoked_coach), by=EndedBy.SEEKER)
    superuser = User.objects.create_superuser("root@example.com", "pw")
    return SimpleNamespace(
        seeker=seeker,
        other_seeker=other_seeker,
        coach=coach,
        other_coach=other_coach,
        revoked_coach=revoked_coach,
        superuser=superuser,
        mine=client_data(seeker, coach),
        theirs=client_data(other_seeker, other_coach, tag=" (other)"),
    )


def log_in(client, world, role):
    user = {
        "coach": world.coach,
        "other_coach": world.other_coach,
        "revoked_coach": world.revoked_coach,
        "seeker": world.seeker,
        "superuser": world.superuser,
    }.get(role)
    if user is not None:
        client.force_login(user)
    return user


def url_name(model, view):
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"


def admin_urls(world):
    """(label, url, kind, model) for every admin page of the coach's models, about the granted
    seeker's objects; kind says which expectation applies."""
    urls = []
    for model, model_admin in coach_admins().items():
        obj = world.mine[model]
        urls.append(
            (f"{model.__name__} changelist", reverse(url_name(model, "changelist")), "list", model)
        )
        urls.append((f"{model.__name__} add", reverse(url_name(model, "add")), "add", model))
        for view in ("change", "delete", "history"):
            urls.append(
                (
                    f"{model.__name__} {view}",
                    reverse(url_name(model, view), args=[obj.pk]),
                    view,
                    model,
                )
            )
        for field in model_admin.autocomplete_fields:
            query = (
                f"?app_label={model._meta.app_label}&model_name={model._meta.model_name}"
                f"&field_name={field}&term="
            )
            urls.append(
                (
                    f"{model.__name__}.{field} autocomplete",
                    reverse("admin:autocomplete") + query,
                    "autocomplete",
                    model._meta.get_field(field).related_model,
                )
            )
    overview = reverse("admin:coaching_client_overview", args=[world.seeker.pk])
    urls.append(("Client overview", overview, "overview", Client))
    return urls


def expected_get(role, kind, model):
    if role in ("seeker", "anonymous"):
        return 302  # to the admin's login page: not staff
    if kind == "autocomplete" and model is User:
        return 200 if role == "superuser" else 403  # owner fields: coaches may not list users
    if kind == "add" and model is Document:
        return 403  # a file comes only through the seeker's upload form, where it is checked
    if role == "superuser":
        # Clients are a view of the users: added and deleted on the Users page. Second
        # chances are made by matching postings, never by hand.
        if kind == "add" and model is Match:
            return 403
        return 403 if model is Client and kind in ("add", "delete") else 200
    if kind in ("list", "autocomplete"):
        return 200  # the list is there; what it holds is checked separately
    if kind == "add":
        return 200 if model is CoachComment else 403
    if role != "coach":
        return 404  # another client's object, or a revoked grant: not in scope at all
    if kind == "delete":
        return 200 if model is CoachComment else 403  # their own comment only
    return 200


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_every_get(client, world, role):
    log_in(client, world, role)
    before = snapshot()
    wrong = []
    for label, url, kind, model in admin_urls(world):
        response = client.get(url)
        want = expected_get(role, kind, model)
        if response.status_code != want:
            wrong.append(f"{label}: {response.status_code}, expected {want}")
        elif want == 302:
            # To the admin's login; anonymous visitors mostly to the app's own (the
            # LoginRequiredMiddleware answers before the admin does).
            logins = (reverse("admin:login"), reverse("login"))
            assert response["Location"].startswith(logins), label
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
    assert snapshot() == before


def expected_post(role, kind, model):
    if role in ("seeker", "anonymous"):
        return 302
    if kind == "add":
        return 200 if model is CoachComment else 403  # the empty comment form comes back
    if role != "coach":
        return 404
    return 403


@pytest.mark.parametrize("role", [r for r in ROLES if r != "superuser"])
def test_posts_change_nothing(client, world, role):
    """Coaches cannot add, change or delete client data, nor touch another client's objects.
    (The granted coach's own comment is the exception, tested with the comments below.)"""
    log_in(client, world, role)
    before = snapshot()
    wrong = []
    for label, url, kind, model in admin_urls(world):
        if kind not in ("add", "change", "delete"):
            continue
        if model is CoachComment and role == "coach" and kind != "add":
            continue
        response = client.post(url, {"post": "yes", "body": "", "name": "Changed"})
        want = expected_post(role, kind, model)
        if response.status_code != want:
            wrong.append(f"POST {label}: {response.status_code}, expected {want}")
    # The bulk delete action is not there for coaches, whatever they post.
    for model in coach_admins():
        if model is CoachComment:
            continue
        response = client.post(
            reverse(url_name(model, "changelist")),
            {
                "action": "delete_selected",
                "_selected_action": [world.mine[model].pk],
                "post": "yes",
            },
        )
        if response.status_code not in (200, 302):
            wrong.append(f"delete_selected on {model.__name__}: {response.status_code}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
    assert snapshot() == before


def test_every_viewable_model_is_behind_the_scope():
    """Each model the Coaches group may view is a scoped admin, or shown only inside one."""
    registered = coach_admins()
    assert set(registered) == COACH_MODELS
    viewable = {apps.get_model(app_label, model_name) for app_label, model_name in VIEWABLE}
    assert viewable <= set(registered) | INLINE_ONLY


@pytest.mark.parametrize(
    ("role", "sees_mine", "sees_theirs"),
    [
        ("coach", True, False),
        ("other_coach", False, True),
        ("revoked_coach", False, False),
        ("superuser", True, True),
    ],
)
def test_changelists_list_only_clients_in_scope(client, world, role, sees_mine, sees_theirs):
    log_in(client, world, role)
    for model in coach_admins():
        page = client.get(reverse(url_name(model, "changelist"))).content.decode()
        # Clients link to their overview, everything else to its change page.
        view = "admin:coaching_client_overview" if model is Client else url_name(model, "change")
        mine = reverse(view, args=[world.mine[model].pk])
        theirs = reverse(view, args=[world.theirs[model].pk])
        if model is CoachComment:
            # Comments: each coach their own (the superuser all of them).
            sees_theirs_here = role in ("superuser", "other_coach")
        else:
            sees_theirs_here = sees_theirs
        assert (f'href="{mine}"' in page) is sees_mine, (role, model.__name__)
        assert (f'href="{theirs}"' in page) is sees_theirs_here, (role, model.__name__)


def test_raw_id_popups_list_only_clients_in_scope(client, world):
    """The lookup popup is the target's changelist: scoped like every other list."""
    client.force_login(world.coach)
    for model in coach_admins():
        response = client.get(
            reverse(url_name(model, "changelist")), {"_popup": "1", "_to_field": "id"}
        )
        assert response.status_code == 200
        listed = {obj.pk for obj in response.context["cl"].result_list}
        assert world.mine[model].pk in listed, model.__name__
        assert world.theirs[model].pk not in listed, model.__name__


def test_search_and_list_filters_never_show_another_client(client, world):
    client.force_login(world.coach)
    url = reverse("admin:applications_application_changelist")
    page = client.get(url, {"q": "Dream Analyst"}).content.decode()
    assert "Dream Analyst (other)" not in page
    assert "Dream Analyst" in page
    assert world.seeker.name in page
    assert world.other_seeker.name not in page
    assert world.other_seeker.email not in page
    # Asking for the other seeker's rows by filter gives nothing.
    page = client.get(url, {"owner__id__exact": world.other_seeker.pk}).content.decode()
    assert "Dream Analyst (other)" not in page
    page = client.get(reverse("admin:coaching_client_changelist"), {"q": "other"}).content.decode()
    assert world.other_seeker.email not in page


def test_the_client_filter_offers_only_the_coachs_clients(client, world):
    second = UserFactory(name="Second Client")
    GrantFactory(seeker=second, accepted_by=world.coach)
    ApplicationFactory(owner=second)
    client.force_login(world.coach)
    response = client.get(reverse("admin:applications_application_changelist"))
    [client_filter] = [f for f in response.context["cl"].filter_specs if f.title == "client"]
    offered = {pk for pk, _ in client_filter.lookup_choices}
    assert offered == {world.seeker.pk, second.pk}


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return {int(result["id"]) for result in response.json()["results"]}


AUTOCOMPLETES = [
    ("coaching", "coachcomment", "application", Application),
    ("coaching", "coachcomment", "rejection", Rejection),
    ("coaching", "coachcomment", "plan", Plan),
    ("applications", "application", "company", Company),
    ("applications", "contact", "company", Company),
    ("rejections", "rejection", "application", Application),
    ("rejections", "rejection", "contact", Contact),
    ("rejections", "plan", "gaps", Gap),
    ("rejections", "gap", "rejection", Rejection),
    ("followups", "followup", "application", Application),
    ("followups", "followup", "rejection", Rejection),
    ("followups", "followup", "contact", Contact),
    ("applications", "interview", "application", Application),
    ("applications", "interview", "interviewers", Contact),
]


@pytest.mark.parametrize(("app_label", "model_name", "field", "target"), AUTOCOMPLETES)
def test_autocomplete_never_lists_another_clients_objects(
    client, world, app_label, model_name, field, target
):
    mine = set(target.objects.filter(owner=world.seeker).values_list("pk", flat=True))
    theirs = set(target.objects.filter(owner=world.other_seeker).values_list("pk", flat=True))
    client.force_login(world.coach)
    assert autocomplete(client, app_label, model_name, field) == mine
    client.force_login(world.revoked_coach)
    assert autocomplete(client, app_label, model_name, field) == set()
    client.force_login(world.superuser)
    assert autocomplete(client, app_label, model_name, field) == mine | theirs


def test_comment_form_dropdowns_hold_only_current_clients_items(client, world):
    client.force_login(world.coach)
    response = client.get(reverse("admin:coaching_coachcomment_add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.fields["application"].queryset) == set(
        Application.objects.filter(owner=world.seeker)
    )
    assert set(form.fields["rejection"].queryset) == {world.mine[Rejection]}
    assert set(form.fields["plan"].queryset) == {world.mine[Plan]}
    assert "(other)" not in response.content.decode()


@pytest.mark.parametrize("model", [Application, Rejection, Plan])
def test_a_clients_item_page_links_to_a_comment_on_it(client, world, model):
    client.force_login(world.coach)
    item = world.mine[model]
    page = client.get(reverse(url_name(model, "change"), args=[item.pk])).content.decode()
    name = model._meta.model_name
    link = f"{reverse('admin:coaching_coachcomment_add')}?{name}={item.pk}"
    assert f'<a href="{link}">Comment</a>' in page
    form = client.get(link).context["adminform"].form
    assert form[name].value() == str(item.pk)
    assert [n for n in CoachComment.TARGETS if form[n].value()] == [name]


@pytest.mark.parametrize("model", [Application, Rejection, Plan])
def test_the_comment_form_opens_only_on_a_current_clients_item(client, world, model):
    name = model._meta.model_name
    url = reverse("admin:coaching_coachcomment_add")
    client.force_login(world.coach)
    assert client.get(url, {name: world.theirs[model].pk}).status_code == 404
    assert client.get(url, {name: "not-a-number"}).status_code == 404
    client.force_login(world.revoked_coach)
    assert client.get(url, {name: world.mine[model].pk}).status_code == 404


def test_the_comment_link_is_not_on_pages_of_other_data(client, world):
    client.force_login(world.coach)
    url = reverse(url_name(Company, "change"), args=[world.mine[Company].pk])
    assert ">Comment</a>" not in client.get(url).content.decode()


def test_a_coach_comments_on_their_clients_item_from_the_add_form(client, world):
    client.force_login(world.coach)
    plan = world.mine[Plan]
    response = client.post(
        reverse("admin:coaching_coachcomment_add") + f"?plan={plan.pk}",
        {"plan": plan.pk, "body": "Book the course this week."},
    )
    assert response.status_code == 302
    comment = CoachComment.objects.get(body="Book the course this week.")
    assert (comment.coach, comment.seeker, comment.plan) == (world.coach, world.seeker, plan)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("theirs", id="another client's plan"),
        pytest.param("two", id="two items at once"),
        pytest.param("none", id="no item"),
    ],
)
def test_a_comment_on_anything_but_one_current_clients_item_is_a_form_error(client, world, data):
    client.force_login(world.coach)
    payload = {
        "theirs": {"plan": world.theirs[Plan].pk},
        "two": {"plan": world.mine[Plan].pk, "application": world.mine[Application].pk},
        "none": {},
    }[data]
    before = CoachComment.objects.count()
    response = client.post(reverse("admin:coaching_coachcomment_add"), {**payload, "body": "Hi"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert CoachComment.objects.count() == before


def test_a_coach_edits_and_deletes_only_their_own_comments(client, world):
    colleague = CoachFactory(email="colleague@example.com")
    GrantFactory(seeker=world.seeker, accepted_by=colleague)
    own = world.mine[CoachComment]
    client.force_login(world.coach)
    response = client.post(
        reverse("admin:coaching_coachcomment_change", args=[own.pk]), {"body": "Course first!"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.body == "Course first!"
    assert own.plan == world.mine[Plan]  # the item cannot be changed
    client.force_login(colleague)
    for view in ("change", "delete", "history"):
        url = reverse(f"admin:coaching_coachcomment_{view}", args=[own.pk])
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("admin:coaching_coachcomment_delete", args=[own.pk]), {"post": "yes"}
        ).status_code
        == 404
    )
    client.force_login(world.coach)
    response = client.post(
        reverse("admin:coaching_coachcomment_delete", args=[own.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CoachComment.objects.filter(pk=own.pk).exists()


def test_revoking_takes_effect_on_the_next_request(client, world):
    client.force_login(world.coach)
    application = world.mine[Application]
    change = reverse("admin:applications_application_change", args=[application.pk])
    overview = reverse("admin:coaching_client_overview", args=[world.seeker.pk])
    clients = reverse("admin:coaching_client_changelist")
    comment = reverse("admin:coaching_coachcomment_change", args=[world.mine[CoachComment].pk])
    assert client.get(change).status_code == 200
    assert client.get(overview).status_code == 200
    assert client.get(comment).status_code == 200
    assert world.seeker.email in client.get(clients).content.decode()
    assert autocomplete(client, "coaching", "coachcomment", "application")

    grant = CoachGrant.objects.live().get(seeker=world.seeker, coach=world.coach)
    end_grant(grant=grant, by=EndedBy.SEEKER)

    assert client.get(change).status_code == 404
    assert client.get(overview).status_code == 404
    assert client.get(comment).status_code == 404
    assert world.seeker.email not in client.get(clients).content.decode()
    assert autocomplete(client, "coaching", "coachcomment", "application") == set()
    response = client.post(overview, {"item": f"plan:{world.mine[Plan].pk}", "body": "Late"})
    assert response.status_code == 404
    assert not CoachComment.objects.filter(body="Late").exists()


# The seekers' changelist


def test_the_clients_changelist_shows_the_pipeline_at_a_glance(client, world):
    client.force_login(world.coach)
    response = client.get(reverse("admin:coaching_client_changelist"))
    [row] = response.context["cl"].result_list
    assert row.live_applications == 2
    assert row.dream_job == f"{world.mine[Application].role_title} @ Northwind"
    assert row.momentum_warning is True  # one live alternative, wants two
    assert row.recent_rejections == 1
    assert row.overdue_follow_ups == 1
    assert row.last_activity is not None
    page = response.content.decode()
    assert "Dream Analyst @ Northwind" in page
    assert reverse("admin:coaching_client_overview", args=[world.seeker.pk]) in page


def test_superuser_sees_every_seeker_but_no_staff(client, world):
    client.force_login(world.superuser)
    response = client.get(reverse("admin:coaching_client_changelist"))
    listed = {user.email for user in response.context["cl"].result_list}
    assert listed == {world.seeker.email, world.other_seeker.email}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"momentum_warning": "yes"}, {"warned"}),
        ({"momentum_warning": "no"}, {"calm", "idle"}),
        ({"overdue": "yes"}, {"calm"}),
        ({"overdue": "no"}, {"warned", "idle"}),
        ({"inactive": "yes"}, {"idle"}),
        ({"inactive": "no"}, {"warned", "calm"}),
    ],
)
def test_client_list_filters(client, params, expected):
    coach = CoachFactory()
    today = timezone.localdate()
    seekers = {name: UserFactory(name=name) for name in ("warned", "calm", "idle")}
    for seeker in seekers.values():
        GrantFactory(seeker=seeker, accepted_by=coach)
    ApplicationFactory(owner=seekers["warned"], is_dream_job=True, applied_on=today)
    ApplicationFactory(owner=seekers["calm"], stage=Stage.SCREENING, applied_on=today)
    FollowUpFactory(
        application=ApplicationFactory(owner=seekers["calm"], stage=Stage.SCREENING),
        due_on=today - timedelta(days=1),
    )
    # Idle: nothing but a stage change three weeks ago.
    idle = ApplicationFactory(owner=seekers["idle"], stage=Stage.WISHLIST)
    StageChange.objects.filter(application=idle).update(
        changed_at=timezone.now() - timedelta(days=21)
    )
    client.force_login(coach)
    response = client.get(reverse("admin:coaching_client_changelist"), params)
    assert {row.name for row in response.context["cl"].result_list} == expected


def momentum_cases(today):
    """(name, time zone, quiet days, min alternatives, applications) for seekers whose warning
    the changelist's SQL must compute exactly as ApplicationQuerySet.momentum_for does."""
    day = timedelta(days=1)
    # Every application past the wishlist has a date: these two applied a month ago.
    dream = {"is_dream_job": True, "stage": Stage.INTERVIEWING, "applied_on": today - 30 * day}
    live, older = Stage.SCREENING, {"stage": Stage.SCREENING, "applied_on": today - 30 * day}
    return [
        ("nothing", "UTC", 7, 2, []),
        ("dream alone", "UTC", 7, 2, [{**dream, "applied_on": today}]),
        (
            "busy",
            "UTC",
            7,
            2,
            [dream, {"stage": live, "applied_on": today - 6 * day}, older],
        ),
        (
            "quiet exactly 7 days",
            "UTC",
            7,
            2,
            [dream, {"stage": live, "applied_on": today - 7 * day}, older],
        ),
        (
            "dream rejected",
            "UTC",
            7,
            2,
            [{"is_dream_job": True, "stage": Stage.REJECTED, "applied_on": today - 30 * day}],
        ),
        (
            "own thresholds, inside",
            "UTC",
            3,
            1,
            [dream, {"stage": live, "applied_on": today - 2 * day}],
        ),
        (
            "own thresholds, outside",
            "UTC",
            3,
            1,
            [dream, {"stage": live, "applied_on": today - 3 * day}],
        ),
        (
            "closed alternatives only",
            "UTC",
            7,
            1,
            [dream, {"stage": Stage.GHOSTED, "applied_on": today}],
        ),
        # At 10:30 UTC it is still yesterday in Pago Pago: 7 UTC days ago is 6 of theirs...
        (
            "west of UTC",
            "Pacific/Pago_Pago",
            7,
            1,
            [dream, {"stage": live, "applied_on": today - 7 * day}],
        ),
        # ...and already tomorrow in Kiritimati: 6 UTC days ago is 7 of theirs.
        (
            "east of UTC",
            "Pacific/Kiritimati",
            7,
            1,
            [dream, {"stage": live, "applied_on": today - 6 * day}],
        ),
        ("future date", "UTC", 7, 1, [dream, {"stage": live, "applied_on": today + 2 * day}]),
    ]


@time_machine.travel("2026-03-11 10:30Z", tick=False)
def test_the_sql_momentum_flag_agrees_with_the_seekers_own_momentum(client):
    coach = CoachFactory()
    today = timezone.localdate()  # the server's (UTC) today, 11 March
    seekers = []
    for name, time_zone, quiet_days, min_alternatives, applications in momentum_cases(today):
        seeker = UserFactory(name=name)
        Profile.objects.filter(user=seeker).update(
            time_zone=time_zone, quiet_days=quiet_days, min_live_alternatives=min_alternatives
        )
        GrantFactory(seeker=seeker, accepted_by=coach)
        for fields in applications:
            ApplicationFactory(owner=seeker, **fields)
        FollowUpFactory(
            application=ApplicationFactory(owner=seeker, stage=Stage.WISHLIST),
            due_on=today - timedelta(days=1),
        )
        seekers.append(seeker)
    rows = {row.pk: row for row in with_pipeline(clients_of(coach))}
    flags = {}
    for seeker in User.objects.filter(pk__in=[s.pk for s in seekers]).select_related("profile"):
        profile = seeker.profile
        momentum = Application.objects.owned_by(seeker).momentum_for(profile)
        row = rows[seeker.pk]
        flags[seeker.name] = momentum.warn
        assert row.momentum_warning == momentum.warn, seeker.name
        assert row.live_applications == Application.objects.owned_by(seeker).live().count()
        assert (
            row.overdue_follow_ups
            == FollowUp.objects.owned_by(seeker).overdue(profile.today()).count()
        ), seeker.name
    # The cases do cover both answers, and the time zones matter.
    assert flags["dream alone"] and flags["quiet exactly 7 days"] and flags["east of UTC"]
    assert not flags["busy"] and not flags["west of UTC"] and not flags["nothing"]
    # The follow-up due on 10 March is due today in Pago Pago, and overdue in Kiritimati.
    by_name = {seeker.name: rows[seeker.pk] for seeker in seekers}
    assert by_name["west of UTC"].overdue_follow_ups == 0
    assert by_name["east of UTC"].overdue_follow_ups == 1
    # The follow-ups list's "overdue" filter judges by the same seeker's today.
    client.force_login(coach)
    url = reverse("admin:followups_followup_changelist")
    overdue = client.get(url, {"overdue": "yes"}).context["cl"].result_list
    not_overdue = client.get(url, {"overdue": "no"}).context["cl"].result_list
    assert {f.pk for f in overdue} == {
        f.pk
        for f in FollowUp.objects.select_related("owner__profile")
        if f.status(f.owner.profile.today()) == "overdue"
    }
    assert {f.owner.name for f in overdue} >= {"east of UTC"}
    assert "west of UTC" not in {f.owner.name for f in overdue}
    assert len(overdue) + len(not_overdue) == FollowUp.objects.count()


# The overview


def test_the_overview_shows_the_clients_search_with_the_coachs_comments(client, world):
    client.force_login(world.coach)
    response = client.get(reverse("admin:coaching_client_overview", args=[world.seeker.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Dream Analyst @ Northwind",
        "dream job",
        "viable #2",
        "Leaning on the dream job",
        "We went with someone with more SQL tuning.",
        "Furious",
        "Close the SQL gap",
        "1 of 2 steps done (50%)",
        "Tuning course",
        "overdue",
        "Course first.",
        "Ask about the team.",
        "Good feedback.",
        "Recent timeline",
        "Add comment",
    ]:
        assert text in page, text
    assert "(other)" not in page
    assert "<script>" not in page  # strict CSP: no inline scripts


def test_the_overview_hides_other_coaches_comments(client, world):
    colleague = CoachFactory(email="colleague@example.com")
    GrantFactory(seeker=world.seeker, accepted_by=colleague)
    client.force_login(colleague)
    page = client.get(reverse("admin:coaching_client_overview", args=[world.seeker.pk]))
    assert "Course first." not in page.content.decode()


def test_a_comment_from_the_overview(client, world):
    client.force_login(world.coach)
    url = reverse("admin:coaching_client_overview", args=[world.seeker.pk])
    rejection = world.mine[Rejection]
    response = client.post(url, {"item": f"rejection:{rejection.pk}", "body": "Reply kindly."})
    assert response.status_code == 302
    assert response["Location"] == f"{url}#rejection-{rejection.pk}"
    comment = CoachComment.objects.get(body="Reply kindly.")
    assert (comment.coach, comment.seeker, comment.rejection) == (
        world.coach,
        world.seeker,
        rejection,
    )
    assert "Reply kindly." in client.get(url).content.decode()


@pytest.mark.parametrize(
    "item",
    ["theirs", "garbage", "wrong kind", "empty body"],
)
def test_a_bad_comment_from_the_overview_is_a_form_error(client, world, item):
    client.force_login(world.coach)
    url = reverse("admin:coaching_client_overview", args=[world.seeker.pk])
    data = {
        "theirs": {"item": f"plan:{world.theirs[Plan].pk}", "body": "Hi"},
        "garbage": {"item": "plan:abc", "body": "Hi"},
        "wrong kind": {"item": f"company:{world.mine[Company].pk}", "body": "Hi"},
        "empty body": {"item": f"plan:{world.mine[Plan].pk}", "body": ""},
    }[item]
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Your comment was not saved" in response.content.decode()
    assert snapshot() == before


def test_the_client_page_links_to_the_overview(client, world):
    client.force_login(world.coach)
    page = client.get(reverse("admin:coaching_client_change", args=[world.seeker.pk]))
    assert (
        reverse("admin:coaching_client_overview", args=[world.seeker.pk]) in page.content.decode()
    )


# CSV export


def test_csv_export_of_the_selected_clients_applications(client, world):
    ApplicationFactory(
        owner=world.seeker,
        company=world.mine[Company],
        role_title="=HYPERLINK(evil)",
        salary_min=50000,
        salary_max=70000,
        salary_currency="EUR",
        location="Berlin",
        posting_url="https://example.com/job",
        applied_on=date(2026, 1, 5),
    )
    client.force_login(world.coach)
    response = client.post(
        reverse("admin:coaching_client_changelist"),
        {
            "action": "export_applications_csv",
            # The other seeker's id is ignored: not one of this coach's clients.
            "_selected_action": [world.seeker.pk, world.other_seeker.pk],
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="applications-')
    data = b"".join(response.streaming_content)
    assert data.startswith(codecs.BOM_UTF8)  # as every CSV the app writes (core.spreadsheet)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "company",
        "role",
        "stage",
        "applied on",
        "source",
        "location",
        "salary",
        "URL",
        "seeker email",
    ]
    assert len(rows) - 1 == Application.objects.filter(owner=world.seeker).count()
    assert {row[-1] for row in rows[1:]} == {world.seeker.email}
    exported = next(row for row in rows if row[1] == "'=HYPERLINK(evil)")
    assert exported == [
        "Northwind",
        "'=HYPERLINK(evil)",
        "Applied",
        "2026-01-05",
        "Job board",
        "Berlin",
        "50000–70000 EUR",
        "https://example.com/job",
        world.seeker.email,
    ]


# Superusers, and pages that are not the coach's


def test_superuser_sees_and_edits_everything(client, world):
    client.force_login(world.superuser)
    theirs = world.theirs[Application]
    page = client.get(reverse("admin:applications_application_change", args=[theirs.pk]))
    assert page.status_code == 200
    assert 'name="role_title"' in page.content.decode()  # an editable form
    response = client.post(
        reverse("admin:rejections_plan_change", args=[world.theirs[Plan].pk]),
        {
            "title": "Renamed by support",
            "target_role": "",
            "notes": "",
            "gaps": [],
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Plan.objects.get(pk=world.theirs[Plan].pk).title == "Renamed by support"


def test_client_data_pages_are_read_only_for_coaches(client, world):
    client.force_login(world.coach)
    for model in coach_admins():
        if model is CoachComment:
            continue
        url = reverse(url_name(model, "change"), args=[world.mine[model].pk])
        page = client.get(url).content.decode()
        assert "<textarea" not in page and 'type="text"' not in page, model.__name__
        assert 'name="_save"' not in page, model.__name__
        # The seeker shows as a link to their overview, not to the users admin.
        assert "/admin/accounts/user/" not in page, model.__name__


def test_a_coach_sees_the_tags_of_their_clients_applications_only(client, world):
    client.force_login(world.coach)
    mine = reverse(url_name(Application, "change"), args=[world.mine[Application].pk])
    page = client.get(mine).content.decode()
    assert "fintech, remote" in page  # read-only, in the seeker's order
    assert "(other)" not in page
    theirs = reverse(url_name(Application, "change"), args=[world.theirs[Application].pk])
    assert client.get(theirs).status_code == 404


def test_a_superuser_cannot_tie_one_seekers_row_to_anothers(client, world):
    client.force_login(world.superuser)
    contact = world.mine[Contact]
    response = client.post(
        reverse("admin:applications_contact_change", args=[contact.pk]),
        {"company": world.theirs[Company].pk, "name": contact.name, "role": "", "email": ""},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["company"] == [
        "This belongs to another seeker."
    ]
    contact.refresh_from_db()
    assert contact.company == world.mine[Company]


def test_a_stage_set_in_the_admin_goes_on_the_timeline(rf, world):
    application = world.mine[Application]
    request = rf.post("/")
    request.user = world.superuser
    model_admin = admin.site._registry[Application]
    application.stage = Stage.OFFER
    form = SimpleNamespace(changed_data=["stage"], initial={"stage": Stage.INTERVIEWING})
    model_admin.save_model(request, application, form, change=True)
    latest = StageChange.objects.filter(application=application).order_by("-pk").first()
    assert (latest.from_stage, latest.to_stage) == (Stage.INTERVIEWING, Stage.OFFER)
    assert Application.objects.get(pk=application.pk).stage == Stage.OFFER


def test_deleting_rejections_in_bulk_puts_each_application_back(client, world):
    rejection = world.mine[Rejection]
    application = rejection.application
    client.force_login(world.superuser)
    response = client.post(
        reverse("admin:rejections_rejection_changelist"),
        {"action": "delete_selected", "_selected_action": [rejection.pk], "post": "yes"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEWING
    assert not Rejection.objects.filter(pk=rejection.pk).exists()


def test_coaches_never_see_the_reminder_ledger_users_or_grants(client, world):
    Reminder.objects.create(owner=world.seeker, day=timezone.localdate())
    client.force_login(world.coach)
    for name in [
        "admin:followups_reminder_changelist",
        "admin:accounts_user_changelist",
        "admin:coaching_coachgrant_changelist",
    ]:
        assert client.get(reverse(name)).status_code == 403, name
    index = client.get(reverse("admin:index")).content.decode()
    assert "Reminder" not in index
    assert "Clients" in index
    client.force_login(world.superuser)
    assert client.get(reverse("admin:followups_reminder_changelist")).status_code == 200


# Query counts


def add_clients(coach, count, start=0):
    for i in range(start, start + count):
        client_data(UserFactory(email=f"client{i}@example.com"), coach, tag=f" #{i}")
        GrantFactory(seeker=User.objects.get(email=f"client{i}@example.com"), accepted_by=coach)


CHANGELISTS = [
    "admin:coaching_client_changelist",
    "admin:applications_application_changelist",
    "admin:applications_company_changelist",
    "admin:applications_contact_changelist",
    "admin:rejections_rejection_changelist",
    "admin:rejections_gap_changelist",
    "admin:rejections_plan_changelist",
    "admin:followups_followup_changelist",
    "admin:coaching_coachcomment_changelist",
    "admin:applications_interview_changelist",
]


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("who", ["coach", "superuser"])
def test_changelists_run_the_same_queries_for_1_and_30_clients(client, who):
    coach = CoachFactory()
    viewer = coach if who == "coach" else User.objects.create_superuser("root@example.com", "pw")
    add_clients(coach, 1)
    client.force_login(viewer)
    pages = {name: reverse(name) for name in CHANGELISTS}
    # A filtered list too: the client list's filters work on the same annotations.
    pages["clients, filtered"] = (reverse(CHANGELISTS[0]), {"momentum_warning": "yes"})
    one = {}
    for name, url in pages.items():
        url, params = url if isinstance(url, tuple) else (url, None)
        one[name] = count_queries(client, url, params)
    add_clients(coach, 29, start=1)
    thirty = {}
    for name, url in pages.items():
        url, params = url if isinstance(url, tuple) else (url, None)
        thirty[name] = count_queries(client, url, params)
    assert one == thirty
    print(f"\n{who}: queries per changelist: {thirty}")


def test_the_overview_runs_the_same_queries_however_much_the_client_has(client):
    coach = CoachFactory()
    add_clients(coach, 1)
    seeker = User.objects.get(email="client0@example.com")
    client.force_login(coach)
    url = reverse("admin:coaching_client_overview", args=[seeker.pk])
    before = count_queries(client, url)
    # More of everything for this client, and 29 more clients.
    for i in range(3):
        client_data(seeker, coach, tag=f" more {i}")
    add_clients(coach, 29, start=1)
    after = count_queries(client, url)
    assert before == after
    print(f"\noverview: {after} queries")


def test_read_only_admins_let_only_whom_they_name_add_change_or_delete(rf, world):
    """One rule (core.admin.ReadOnlyAdmin) for every admin and inline that shows rows written
    elsewhere: a coach never edits; a superuser edits client data, but not the seekers list,
    the timelines, grants or reminders."""
    superuser_edits = {}
    for model_admin in admin.site._registry.values():
        inlines = [inline(model_admin.model, admin.site) for inline in model_admin.inlines]
        for shown in [model_admin, *inlines]:
            if not isinstance(shown, ReadOnlyAdmin):
                continue
            inline_args = (None,) if isinstance(shown, InlineModelAdmin) else ()
            for user in (world.coach, world.superuser):
                request = rf.get("/")
                request.user = user
                may = [
                    shown.has_add_permission(request, *inline_args),
                    shown.has_change_permission(request, None),
                    shown.has_delete_permission(request, None),
                ]
                if user.is_superuser:
                    superuser_edits[type(shown).__name__] = may
                else:
                    assert may == [False] * 3, type(shown).__name__
    assert superuser_edits["ApplicationAdmin"] == [True] * 3
    for name in ("ClientAdmin", "CoachGrantAdmin", "StageChangeInline"):
        assert superuser_edits[name] == [False] * 3, name
    # The reminder ledger: a superuser may delete a row, never add or change one.
    assert superuser_edits["ReminderAdmin"] == [False, False, True]
