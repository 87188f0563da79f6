"""Account data: the JSON export holds every row the seeker owns (and nothing of anyone else's,
and no secret), and deleting the account leaves no row tied to them, and no reminder to send.

Both are checked by walking every model: a model added later is covered without editing these
tests, and the export test fails until the new model is exported or excluded with a reason."""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, owner_path
from applications.interviews import save_interview
from applications.models import Application, ImportBatch, ImportJob, Stage
from applications.services import log_conversation, move_stage, set_tags
from chances.models import Match
from chances.services import take_second_chance
from coaching.models import CoachComment, CoachGrant
from coaching.roles import make_coach
from coaching.services import accept_invitation, end_grant
from documents.models import DocumentKind
from followups import reminders
from followups.models import FollowUp, FollowUpKind, FollowUpState, Reminder, ReminderState
from followups.reminders import run_pass
from home.data import EXPORT, NOT_EXPORTED, NOT_EXPORTED_ROLES, all_parts, export_data
from rejections.models import StepStatus
from watching.models import Posting, Watch

from .factories import (
    ApplicationFactory,
    CheckInFactory,
    CompanyFactory,
    ContactFactory,
    DocumentFactory,
    FollowUpFactory,
    GapFactory,
    InterviewFactory,
    PlanFactory,
    PlanStepFactory,
    RejectionFactory,
    UserFactory,
    watch_factory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/factories.py


# Walking the models


def user_paths(model, depth=4) -> list[str]:
    """Every lookup from `model` to a user through forward foreign keys (and one-to-ones)."""
    user_model = get_user_model()
    if model._meta.concrete_model is user_model:
        return ["pk"]
    paths = []
    for field in model._meta.get_fields():
        if not (field.concrete and field.is_relation and (field.many_to_one or field.one_to_one)):
            continue
        target = field.related_model
        if target._meta.concrete_model is user_model:
            paths.append(field.name)
        elif depth > 1:
            paths += [f"{field.name}__{path}" for path in user_paths(target, depth - 1)]
    return paths


def tied_to(model, user, *, roles_left_out=()) -> Q | None:
    """Rows of `model` that reach `user` by any path (but the left-out roles' ones)."""
    paths = [p for p in user_paths(model) if p.split("__")[0] not in roles_left_out]
    if not paths:
        return None
    query = Q()
    for path in paths:
        query |= Q(**{path: user.pk})
    return query


def project_apps() -> list[str]:
    """The project's own apps (not Django's or a library's): a new app is walked too."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and ".venv" not in Path(config.path).resolve().relative_to(base).parts
    ]


def project_models():
    labels = project_apps()
    assert {"accounts", "applications", "rejections", "followups", "coaching"} <= set(labels)
    for label in labels:
        yield from apps.get_app_config(label).get_models(include_auto_created=True)


def counts_tied_to(user) -> dict[str, int]:
    """Rows tied to `user` by any path, for every model of every installed app."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        query = tied_to(model, user)
        if query is not None:
            counts[model._meta.label] = model._default_manager.filter(query).count()
    return counts


def counts_only_of(user, but_not) -> dict[str, int]:
    """Rows tied to `user` and not to `but_not`, for every model."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        mine, theirs = tied_to(model, user), tied_to(model, but_not)
        if mine is not None and not model._meta.proxy:
            rows = model._default_manager.filter(mine)
            counts[model._meta.label] = (rows.exclude(theirs) if theirs else rows).count()
    return counts


# A seeker with several of everything, who also coaches someone


def populate(user, *, label: str) -> None:
    """Several rows of every kind for `user`; `label` marks their text, to spot leaks."""
    companies = [CompanyFactory(owner=user, name=f"{label} Corp {i}") for i in range(3)]
    for company in companies:
        ContactFactory.create_batch(2, company=company, notes=f"{label} contact")
    applications = [
        ApplicationFactory(owner=user, company=company, stage=stage, role_title=f"{label} role")
        for company, stage in zip(
            companies * 2,
            [Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING] * 2,
            strict=True,
        )
    ]
    resume = DocumentFactory(owner=user, label=f"{label} resume v2")
    letter = DocumentFactory(owner=user, kind=DocumentKind.COVER_LETTER, label=f"{label} letter")
    DocumentFactory(owner=user, label=f"{label} resume v1")
    Application.objects.filter(pk=applications[0].pk).update(resume=resume, cover_letter=letter)
    move_stage(application=applications[1], stage=Stage.INTERVIEWING)  # a timeline
    for application in applications[:3]:
        set_tags(application=application, names=[f"{label} remote", "fintech"])
    for contact in applications[1].company.contacts.all():  # a history with each contact
        log_conversation(contact=contact, happened_on=date(2026, 2, 3), kind="call")
        log_conversation(
            contact=contact,
            application=applications[1],
            happened_on=date(2026, 3, 12),
            kind="email",
            note=f"{label} talked",
        )
    for days in (-2, 3):  # interviews with their interviewers, and a thank-you follow-up
        save_interview(
            InterviewFactory.build(
                application=applications[1],
                starts_at=timezone.now() + timedelta(days=days),
                preparation=f"{label} preparation",
            ),
            applications[1].company.contacts.all(),
        )
    rejections = [
        RejectionFactory(
            application=ApplicationFactory(owner=user, company=company, stage=Stage.INTERVIEWING),
            employer_words=f"{label} said no",
        )
        for company in companies[:2]
    ]
    for rejection in rejections:
        CheckInFactory.create_batch(2, rejection=rejection)
        GapFactory.create_batch(2, rejection=rejection)
    gaps = list(user.gaps.all())
    for i in range(2):
        plan = PlanFactory(owner=user, title=f"{label} plan {i}")
        plan.gaps.set(gaps[i : i + 2])
        PlanStepFactory.create_batch(3, plan=plan)
    FollowUpFactory.create_batch(3, application=applications[1], owner=user)
    FollowUpFactory(application=applications[2], state=FollowUpState.DONE)
    FollowUpFactory(application=applications[2], rejection=rejections[0])
    first = date(2026, 1, 5) + timedelta(days=user.reminders.count())
    Reminder.objects.create(owner=user, day=first, state=ReminderState.SENT)
    Reminder.objects.create(owner=user, day=first + timedelta(days=1), state=ReminderState.SKIPPED)
    for status in ImportBatch.Status:
        batch = ImportBatch.objects.create(
            owner=user,
            file_name=f"{label} applications.csv",
            size=12,
            data=b"role,company" if status == ImportBatch.Status.PENDING else b"",
            encoding="utf-8",
            delimiter=",",
            headers=["role", "company"],
            status=status,
        )
        ImportJob.objects.create(
            batch=batch, kind=ImportJob.Kind.CHECK, state=ImportJob.State.DONE, rows_total=3
        )
    user.profile.new_calendar_token()
    # Two watched boards; one is shared with the other seeker (the board is nobody's).
    watch_factory(companies[0], "https://jobs.lever.co/shared-board")
    watch_factory(companies[1], f"https://jobs.ashbyhq.com/{label.lower()}-board", muted=True)
    # A second chance on the shared board, taken (a new application linked to the rejection),
    # and another still waiting.
    shared = Watch.objects.get(company=companies[0]).board
    for n in range(2):
        posting, _ = Posting.objects.get_or_create(
            board=shared,
            external_id=f"shared-{n}",
            defaults={
                "title": "Analyst",
                "first_seen": timezone.now(),
                "last_seen": timezone.now(),
            },
        )
        match = Match.objects.create(
            owner=user, posting=posting, application=rejections[0].application, score=0.9
        )
    take_second_chance(match=match)

    coach = UserFactory(email=f"{label.lower()}-coach@example.com", name=f"{label} Coach")
    accept_invitation(grant=CoachGrant.objects.create(seeker=user, email=coach.email), coach=coach)
    CoachGrant.objects.create(seeker=user, email=f"{label.lower()}-invited@example.com")
    ended = CoachGrant.objects.create(seeker=user, email=f"{label.lower()}-former@example.com")
    end_grant(grant=ended, by="seeker")
    plan = user.plans.first()
    for target in [{"plan": plan}, {"application": applications[0]}, {"rejection": rejections[0]}]:
        CoachComment.objects.create(coach=coach, body=f"{label} coach says", **target)


@pytest.fixture
def world(seeker, other_seeker):
    """The seeker and another seeker, each with several of everything; each coaches the other
    (a live grant and comments both ways), and the seeker has an admin log entry."""
    populate(seeker, label="Mine")
    populate(other_seeker, label="Theirs")
    for coach, client in [(seeker, other_seeker), (other_seeker, seeker)]:
        accept_invitation(
            grant=CoachGrant.objects.create(seeker=client, email=coach.email), coach=coach
        )
        make_coach(coach)
        CoachComment.objects.create(
            coach=coach, plan=client.plans.last(), body=f"From {coach.email} as a coach"
        )
    LogEntry.objects.create(
        user=seeker,
        content_type=ContentType.objects.get_for_model(CoachComment),
        object_id="1",
        object_repr="a comment",
        action_flag=ADDITION,
    )
    return seeker, other_seeker


def exported_rows(data, part) -> list:
    """Every row of `part` in the export, nested ones included."""
    for top in EXPORT:
        if top is part:
            value = data[part.name]
            return [value] if part.single else value
        for child in top.children:
            if child is part:
                return [row for parent in data[top.name] for row in parent[child.name]]
    raise AssertionError(f"{part.name} is nested too deep for this test")


# The export


def test_every_model_that_reaches_a_user_is_exported_or_excluded_with_a_reason():
    exported = {part.model for part in all_parts()}
    for model in project_models():
        if not user_paths(model):
            continue
        reason = NOT_EXPORTED.get(model, "")
        assert model in exported or reason.strip(), (
            f"{model._meta.label} holds data tied to a user: add it to home.data.EXPORT, "
            "or to NOT_EXPORTED with the reason"
        )
        assert not (model in exported and reason), f"{model._meta.label} is both"


def test_every_model_that_reaches_a_user_names_the_user_who_owns_it():
    for model in project_models():
        if paths := user_paths(model):
            assert owner_path(model) in paths, (
                f"{model._meta.label}: set owner_path to the lookup to its seeker, one of {paths}"
            )


def test_every_field_of_an_exported_model_is_exported_or_left_out_with_a_reason():
    parts_by_model = {part.model: part for part in all_parts()}
    for part in all_parts():
        meta = part.model._meta
        covered = {*part.fields, *part.left_out, part.parent, part.owner.split("__")[0]}
        for field in meta.concrete_fields:
            assert {field.name, field.attname} & covered, (
                f"{meta.label}.{field.name} is neither exported nor in `left_out` with a reason"
            )
        for field in meta.many_to_many:
            through = field.remote_field.through
            assert field.name in part.left_out or through in parts_by_model, (
                f"{meta.label}.{field.name}: export the links as a child part, or leave it out"
            )
        assert all(reason.strip() for reason in part.left_out.values())
        assert not set(part.fields) & set(part.left_out), f"{meta.label}: both in and out"


def test_each_section_holds_exactly_the_seekers_rows_of_every_model(world):
    seeker, _ = world
    data = export_data(seeker)
    for part in all_parts():
        roles_left_out = {role for (model, role) in NOT_EXPORTED_ROLES if model is part.model}
        owned = part.model._default_manager.filter(
            tied_to(part.model, seeker, roles_left_out=roles_left_out)
        )
        rows = exported_rows(data, part)
        assert len(rows) == owned.count() > 0, part.name
        if not part.single and not part.flat:
            assert sorted(row["id"] for row in rows) == sorted(owned.values_list("pk", flat=True))
    # Several of each, and some of each kind of nested row.
    assert len(data["applications"]) >= 6 and len(data["follow_ups"]) >= 6
    assert all(application["stage_changes"] for application in data["applications"])
    assert sum(len(plan["gap_ids"]) for plan in data["plans"]) == 4
    assert {grant["email"] for grant in data["coach_grants"]} >= {
        "mine-coach@example.com",
        "mine-invited@example.com",
        "mine-former@example.com",
    }
    assert len(data["coach_comments_received"]) == 4


def test_nothing_of_another_seeker_leaks_into_the_export(world):
    seeker, _ = world
    text = json.dumps(export_data(seeker), default=str)
    # Every text the other seeker entered is marked "Theirs"; the other seeker appears only as
    # the seeker's coach (the grant and the comment they wrote).
    assert "Theirs" not in text
    assert "From other@example.com as a coach" in text
    # The seeker's own comments as a coach are the other seeker's data.
    assert f"From {seeker.email} as a coach" not in text


def walk_keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from walk_keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from walk_keys(inner)


def test_the_export_holds_no_password_and_no_token(world, seeker_client):
    seeker, _ = world
    response = seeker_client.get(reverse("account_export"))
    text = response.content.decode()
    seeker.refresh_from_db()
    secrets = [
        seeker.password,
        seeker.password.split("$")[-1],
        seeker.profile.calendar_token,
        *CoachGrant.objects.values_list("token", flat=True),
    ]
    for secret in secrets:
        assert secret and secret not in text
    keys = set(walk_keys(json.loads(text)))
    assert not {key for key in keys if "password" in key or "token" in key}
    assert PASSWORD not in text


def test_the_download_is_a_dated_json_attachment_in_the_seekers_time_zone(client, seeker):
    Profile.objects.filter(user=seeker).update(time_zone="Pacific/Auckland")
    with time_machine.travel(datetime(2027, 3, 9, 20, 0, tzinfo=UTC), tick=False):
        client.force_login(seeker)
        response = client.get(reverse("account_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    # 20:00 UTC on the 9th is already the 10th in Auckland.
    assert response["Content-Disposition"] == 'attachment; filename="second-chance-2027-03-10.json"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    data = response.json()
    assert data["format"] == "second-chance-export" and data["version"] == 1
    assert data["exported_at"].startswith("2027-03-09T20:00:00")
    assert data["account"]["email"] == seeker.email
    assert data["profile"]["time_zone"] == "Pacific/Auckland"
    assert list(data) == ["format", "version", "exported_at", *(part.name for part in EXPORT)]


def test_dates_and_times_are_iso_8601(world):
    seeker, _ = world
    data = json.loads(json.dumps(export_data(seeker), cls=DjangoJSONEncoder))
    application = data["applications"][0]
    datetime.fromisoformat(application["created_at"])
    datetime.fromisoformat(application["stage_changes"][0]["changed_at"])
    date.fromisoformat(data["follow_ups"][0]["due_on"])
    date.fromisoformat(data["plans"][0]["steps"][0]["due_on"])
    date.fromisoformat(data["reminders"][0]["day"])
    assert application["created_at"].endswith("Z")  # times are in UTC


def test_the_export_runs_a_constant_number_of_queries(seeker, other_seeker, seeker_client):
    populate(other_seeker, label="Theirs")
    url = reverse("account_export")
    ApplicationFactory(owner=seeker)
    with CaptureQueriesContext(connection) as few:
        assert seeker_client.get(url).status_code == 200
    populate(seeker, label="Mine")
    populate(seeker, label="More")
    with CaptureQueriesContext(connection) as many:
        assert seeker_client.get(url).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_export_needs_a_login(client):
    response = client.get(reverse("account_export"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# Deleting the account


def delete(client, *, password=PASSWORD, confirm_email="seeker@example.com", **kwargs):
    return client.post(
        reverse("account_delete"), {"password": password, "confirm_email": confirm_email}, **kwargs
    )


def test_deleting_leaves_no_row_tied_to_the_seeker_in_any_model(world, seeker_client):
    seeker, other_seeker = world
    before = counts_tied_to(seeker)
    others_before = counts_only_of(other_seeker, but_not=seeker)
    # Every kind of row tied to them exists first, as an owner and as a coach.
    for label in [
        "accounts.User",
        "accounts.Profile",
        "applications.Company",
        "applications.Contact",
        "applications.Application",
        "applications.StageChange",
        "documents.Document",
        "rejections.Rejection",
        "rejections.CheckIn",
        "rejections.Gap",
        "rejections.Plan",
        "rejections.PlanStep",
        "rejections.Plan_gaps",
        "followups.FollowUp",
        "followups.Reminder",
        "coaching.CoachGrant",
        "coaching.CoachComment",
        "admin.LogEntry",
        "accounts.User_groups",
    ]:
        assert before[label] > 0, label
    grants_as_coach = CoachGrant.objects.filter(coach=seeker).count()
    assert grants_as_coach and CoachComment.objects.filter(coach=seeker).exists()

    response = delete(seeker_client, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Your account and everything in it were deleted." in response.content.decode()
    after = counts_tied_to(seeker)
    assert {label: n for label, n in after.items() if n} == {}
    assert set(after) == set(before)
    # The other seeker keeps everything of theirs that the seeker had no part in.
    assert counts_only_of(other_seeker, but_not=seeker) == others_before
    assert other_seeker.plans.count() == 2 and other_seeker.follow_ups.exists()


def test_deleting_ends_the_session(seeker_client, seeker):
    delete(seeker_client)
    assert "_auth_user_id" not in seeker_client.session
    response = seeker_client.get(reverse("settings"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not get_user_model().objects.filter(email="seeker@example.com").exists()


@pytest.mark.parametrize(
    ("password", "confirm_email", "error"),
    [
        ("wrong-password", "seeker@example.com", "That is not your password."),
        (PASSWORD, "other@example.com", "That is not the email address of this account."),
        (PASSWORD, "", "This field is required."),
    ],
)
def test_a_wrong_password_or_email_deletes_nothing(
    world, seeker_client, password, confirm_email, error
):
    seeker, _ = world
    before = counts_tied_to(seeker)
    response = delete(seeker_client, password=password, confirm_email=confirm_email)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page and "Nothing was deleted." in page
    assert counts_tied_to(seeker) == before
    assert seeker_client.session["_auth_user_id"] == str(seeker.pk)


def test_the_email_confirmation_ignores_case_and_spaces(seeker_client, seeker):
    response = delete(seeker_client, confirm_email="  Seeker@Example.COM ")
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=seeker.pk).exists()


def test_the_page_explains_what_goes_and_a_get_deletes_nothing(world, seeker_client):
    seeker, _ = world
    response = seeker_client.get(reverse("account_delete"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This deletes <strong>everything</strong>" in page
    assert "No reminder email is sent after this" in page
    assert "You coach 1 seeker: your access to their search ends" in page
    assert reverse("account_export") in page
    assert get_user_model().objects.filter(pk=seeker.pk).exists()


def test_a_seeker_who_coaches_nobody_is_not_told_about_coaching(seeker_client):
    page = seeker_client.get(reverse("account_delete")).content.decode()
    assert "You coach" not in page and "As a coach" not in page


def test_no_reminder_is_sent_after_deleting(seeker, other_seeker, client):
    """A reminder already planned (pending) for today, and follow-ups due: after the deletion,
    a reminder pass sends the other seeker's email and nothing to the deleted seeker."""
    reminders.close_mailer()
    for user in (seeker, other_seeker):
        FollowUpFactory(
            application=ApplicationFactory(owner=user, stage=Stage.SCREENING),
            kind=FollowUpKind.CHECK_IN,
            due_on=date(2027, 1, 15),
        )
    with time_machine.travel(datetime(2027, 1, 15, 9, 0, tzinfo=UTC), tick=False):
        reminders.plan()
        assert Reminder.objects.filter(owner=seeker, state=ReminderState.PENDING).exists()
        client.force_login(seeker)
        assert delete(client).status_code == 302
        assert not FollowUp.objects.filter(owner_id=seeker.pk).exists()
        run_pass()
    assert [message.to for message in mail.outbox] == [[other_seeker.email]]
    assert not Reminder.objects.filter(owner_id=seeker.pk).exists()
    reminders.close_mailer()


def test_the_settings_page_offers_the_download_and_the_deletion(seeker_client):
    page = seeker_client.get(reverse("settings")).content.decode()
    assert 'id="your-data"' in page
    assert f'href="{reverse("account_export")}" download' in page
    assert f'href="{reverse("account_delete")}"' in page
    assert 'id="coaches"' in page  # the Coaches section stays


def test_plan_steps_of_every_status_are_exported(seeker):
    plan = PlanFactory(owner=seeker)
    for status in StepStatus:
        PlanStepFactory(plan=plan, status=status)
    [exported] = export_data(seeker)["plans"]
    assert sorted(step["status"] for step in exported["steps"]) == sorted(StepStatus.values)
