import csv
import io

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.importing import parse_salary
from applications.models import Application, Stage
from applications.services import move_stage

from .factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def test_new_application_starts_its_timeline(application):
    changes = list(application.stage_changes.all())
    assert [(c.from_stage, c.to_stage) for c in changes] == [("", Stage.APPLIED)]


def test_move_records_a_dated_stage_change(application):
    with time_machine.travel("2027-03-02 10:00Z", tick=False):
        change = move_stage(application=application, stage=Stage.INTERVIEWING, note="Panel booked")
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEWING
    assert application.stage_changed_at == change.changed_at
    assert change.changed_at.isoformat() == "2027-03-02T10:00:00+00:00"
    latest = application.stage_changes.latest()
    assert (latest.from_stage, latest.to_stage, latest.note) == (
        Stage.APPLIED,
        Stage.INTERVIEWING,
        "Panel booked",
    )


def test_moving_to_the_same_stage_adds_nothing(application):
    assert move_stage(application=application, stage=Stage.APPLIED) is None
    assert application.stage_changes.count() == 1


def test_stage_counts_cover_every_stage(seeker):
    ApplicationFactory.create_batch(2, owner=seeker, stage=Stage.APPLIED)
    ApplicationFactory(owner=seeker, stage=Stage.REJECTED)
    ApplicationFactory(stage=Stage.REJECTED)  # someone else's
    counts = Application.objects.owned_by(seeker).stage_counts()
    assert counts[Stage.APPLIED] == 2
    assert counts[Stage.REJECTED] == 1
    assert counts[Stage.OFFER] == 0
    assert set(counts) == set(Stage.values)


def test_live_and_open_stages():
    assert Stage.WISHLIST not in Stage.live()
    assert Stage.WISHLIST in Stage.open()
    assert not set(Stage.closed()) & set(Stage.open())


def test_duplicates_of_ignores_closed_and_other_roles(seeker, company):
    open_one = ApplicationFactory(owner=seeker, company=company, role_title="Data Analyst")
    ApplicationFactory(
        owner=seeker, company=company, role_title="Data Analyst", stage=Stage.REJECTED
    )
    ApplicationFactory(owner=seeker, company=company, role_title="Engineer")
    found = Application.objects.duplicates_of(
        owner=seeker, company=company, role_title="data analyst"
    )
    assert list(found) == [open_one]
    none = Application.objects.duplicates_of(
        owner=seeker, company=company, role_title="Data Analyst", exclude_pk=open_one.pk
    )
    assert not none.exists()


def test_database_refuses_excitement_outside_1_to_5(application):
    application.excitement = 7
    with pytest.raises(IntegrityError), transaction.atomic():
        application.save()


def test_database_refuses_salary_range_ending_before_it_starts(application):
    application.salary_min, application.salary_max = 90_000, 60_000
    with pytest.raises(IntegrityError), transaction.atomic():
        application.save()


@pytest.mark.parametrize(
    ("low", "high", "currency", "text"),
    [
        (60_000, 75_000, "EUR", "60000–75000 EUR"),
        (60_000, None, "USD", "60000 USD"),
        (None, 75_000, "GBP", "up to 75000 GBP"),
        (50_000, 50_000, "", "50000–50000"),
        (None, None, "USD", ""),
    ],
)
def test_one_salary_text_on_the_page_and_in_the_export_that_imports_back(
    seeker_client, application, low, high, currency, text
):
    application.salary_min, application.salary_max = low, high
    application.salary_currency = currency
    application.save()
    assert application.salary_text == text
    if text:
        assert parse_salary(text) == (low, high, currency)
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert (f'<dd class="col-sm-8">{text}</dd>' in page) == bool(text)
    export = b"".join(seeker_client.get(reverse("applications:export")).streaming_content)
    [headings, row] = csv.reader(io.StringIO(export.decode("utf-8-sig")))
    assert row[headings.index("Salary")] == text


def test_company_names_are_unique_per_seeker_ignoring_case(seeker, company):
    CompanyFactory(name="northwind")  # another seeker may use the same name
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyFactory(owner=seeker, name="NORTHWIND")


def test_every_user_gets_a_profile(seeker):
    assert seeker.profile.time_zone == "UTC"
