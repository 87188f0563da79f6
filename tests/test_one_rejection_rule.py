"""Issue 15, item 1: an application is rejected only with its rejection. Every road that can
set the stage records one (today, how it came not noted yet, as far as the stage it left) and
sends the seeker into the rejection flow at step 1; an import records them quietly."""

import importlib
import inspect
from datetime import date

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from accounts.models import User
from applications.models import Application, Stage, StageChange
from followups.models import FollowUp, FollowUpKind
from rejections.models import Channel, Rejection

from .factories import ApplicationFactory
from .test_import_export import confirm, csv_bytes, uploaded_batch
from .url_registry import app_routes

pytestmark = pytest.mark.django_db

NOW = "2026-11-20 12:00Z"

# What a view's code calls when it writes an application's stage (applications.services).
STAGE_WRITES = ("move_stage(", "save_application(", "import_batch(")

# Every seeker-facing URL whose view writes a stage, and the test below that proves it keeps the
# rule. The rejection flow's own pages write through Rejection.record, which is the rule's
# other half (test_logging_through_the_flow_still_records_one_rejection).
STAGE_CHANGING_ROUTES = {
    "applications:move": "test_a_move_records_the_rejection_and_opens_the_flow",
    "applications:create": "test_the_application_forms_record_the_rejection_and_open_the_flow",
    "applications:update": "test_the_application_forms_record_the_rejection_and_open_the_flow",
    "applications:import_confirm": "test_an_import_records_its_rejections_quietly",
}


def view_source(callback) -> str:
    """The view's own code: a function, or a class with the project's own bases (mixins)."""
    view = getattr(callback, "view_class", None)
    if view is None:
        return inspect.getsource(callback)
    own = [c for c in view.__mro__ if not c.__module__.startswith(("django.", "builtins"))]
    return "".join(inspect.getsource(c) for c in own)


def test_every_view_that_changes_a_stage_is_covered():
    found = {
        route.name
        for route in app_routes()
        if any(marker in view_source(route.callback) for marker in STAGE_WRITES)
    }
    assert found == set(STAGE_CHANGING_ROUTES)
    for test_name in STAGE_CHANGING_ROUTES.values():
        assert test_name in globals()


def assert_recorded(application, *, reached, previous):
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED
    rejection = Rejection.objects.get(application=application)
    assert (
        rejection.received_on,
        rejection.channel,
        rejection.stage_reached,
        rejection.previous_stage,
    ) == (date(2026, 11, 20), Channel.UNKNOWN, reached, previous)
    return rejection


@pytest.mark.parametrize("htmx", [False, True])
@time_machine.travel(NOW, tick=False)
def test_a_move_records_the_rejection_and_opens_the_flow(seeker_client, seeker, htmx):
    """The board's drag and its "Move to" menu, the list and the application's page all post
    here."""
    application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    headers = {"HX-Request": "true"} if htmx else {}
    response = seeker_client.post(
        reverse("applications:move", args=[application.pk]),
        {"stage": Stage.REJECTED},
        headers=headers,
    )
    rejection = assert_recorded(
        application, reached=Stage.INTERVIEWING, previous=Stage.INTERVIEWING
    )
    flow = reverse("rejections:edit", args=[rejection.pk])
    if htmx:
        assert response["HX-Redirect"] == flow
    else:
        assert response.status_code == 302 and response["Location"] == flow
    # The seeker sees it everywhere: listed, and no "already Rejected" lock-out.
    assert seeker_client.get(flow).status_code == 200
    assert (
        str(application.company) in seeker_client.get(reverse("rejections:list")).content.decode()
    )
    log = seeker_client.get(reverse("rejections:log", args=[application.pk]))
    assert log.status_code == 302 and log["Location"] == rejection.get_absolute_url()
    # The gracious reply is planned, as when it is logged through the flow.
    assert FollowUp.objects.filter(rejection=rejection, kind=FollowUpKind.GRACIOUS_REPLY).exists()


@time_machine.travel(NOW, tick=False)
def test_a_move_elsewhere_goes_back_as_before(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.APPLIED)
    response = seeker_client.post(
        reverse("applications:move", args=[application.pk]), {"stage": Stage.SCREENING}
    )
    assert response["Location"] == application.get_absolute_url()
    assert not Rejection.objects.exists()


def form_data(application, **overrides):
    return {
        "company": application.company_id,
        "role_title": application.role_title,
        "stage": Stage.REJECTED,
        "excitement": "3",
        "source": "job_board",
        "salary_currency": "USD",
        "applied_on": "2026-11-01",
    } | overrides


@time_machine.travel(NOW, tick=False)
def test_the_application_forms_record_the_rejection_and_open_the_flow(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.SCREENING)
    response = seeker_client.post(
        reverse("applications:update", args=[application.pk]), form_data(application)
    )
    rejection = assert_recorded(application, reached=Stage.SCREENING, previous=Stage.SCREENING)
    assert response["Location"] == reverse("rejections:edit", args=[rejection.pk])
    # Saving it again, still rejected, is just an edit.
    response = seeker_client.post(
        reverse("applications:update", args=[application.pk]), form_data(application, notes="x")
    )
    assert response["Location"] == application.get_absolute_url()

    response = seeker_client.post(
        reverse("applications:create"), form_data(application, role_title="Another role")
    )
    added = Application.objects.get(role_title="Another role")
    rejection = assert_recorded(added, reached=Stage.APPLIED, previous=Stage.APPLIED)
    assert response["Location"] == reverse("rejections:edit", args=[rejection.pk])


@time_machine.travel(NOW, tick=False)
def test_an_import_records_its_rejections_quietly(seeker_client, seeker):
    data = csv_bytes(
        [
            "Company,Role,Status,Date applied",
            "Acme,Analyst,Rejected,2026-10-01",
            "Beta,Dev,Applied,",
        ]
    )
    response = confirm(seeker_client, uploaded_batch(seeker_client, data))
    assert response.status_code == 302
    assert "rejections" not in response["Location"]
    rejected = Application.objects.get(stage=Stage.REJECTED)
    rejection = assert_recorded(rejected, reached=Stage.APPLIED, previous=Stage.APPLIED)
    assert not FollowUp.objects.filter(rejection=rejection).exists()  # an old "no": nothing due


@time_machine.travel(NOW, tick=False)
def test_logging_through_the_flow_still_records_one_rejection(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    seeker_client.post(
        reverse("rejections:log", args=[application.pk]),
        {"received_on": "2026-11-19", "channel": "phone", "stage_reached": "interviewing"},
    )
    [rejection] = Rejection.objects.all()
    assert rejection.channel == Channel.PHONE
    assert (
        FollowUp.objects.filter(rejection=rejection, kind=FollowUpKind.GRACIOUS_REPLY).count() == 1
    )


@time_machine.travel(NOW, tick=False)
def test_the_admin_records_the_rejection_too(client, seeker):
    """A superuser may change a seeker's application in the admin (coaches only read)."""
    application = ApplicationFactory(owner=seeker, stage=Stage.OFFER)
    client.force_login(User.objects.create_superuser("root@example.com", "pw"))
    url = reverse("admin:applications_application_change", args=[application.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    page = client.get(url).context
    data |= {"stage": Stage.REJECTED, "company": application.company_id}
    for formset in page["inline_admin_formsets"]:
        management = formset.formset.management_form
        data |= {f"{management.prefix}-{k}": v for k, v in management.initial.items()}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_recorded(application, reached=Stage.OFFER, previous=Stage.OFFER)


@time_machine.travel(NOW, tick=False)
def test_the_migration_gives_each_bare_rejected_application_its_rejection(seeker):
    bare = ApplicationFactory(owner=seeker, stage=Stage.SCREENING)
    Application.objects.filter(pk=bare.pk).update(stage=Stage.REJECTED)
    StageChange.objects.bulk_create(  # bulk: as rows from before the rule, no rejection
        [
            StageChange(
                owner=seeker,
                application=bare,
                from_stage="screening",
                to_stage="rejected",
                changed_at="2026-11-03T12:00Z",
            )
        ]
    )
    migration = importlib.import_module("rejections.migrations.0005_rejection_for_every_rejected")
    migration.add_missing_rejections(apps, None)
    rejection = Rejection.objects.get(application=bare)
    assert (rejection.received_on, rejection.stage_reached, rejection.channel) == (
        date(2026, 11, 3),
        Stage.SCREENING,
        Channel.UNKNOWN,
    )
