"""The CSV export carries every field of an application, its stage history and its interviews,
follows the list's filters, and imports into another account with nothing lost."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Profile
from applications.models import Application, Interview, Source, Stage, WorkMode
from applications.services import move_stage

from .factories import ApplicationFactory, CompanyFactory, InterviewFactory, UserFactory
from .test_import_export import export, import_file

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 30, 41, tzinfo=UTC)
FIELDS = (
    "company__name", "role_title", "posting_url", "description", "location", "work_mode",
    "salary_min", "salary_max", "source", "applied_on", "excitement", "is_dream_job", "notes",
    "stage",
)  # fmt: skip


def minute(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0)


def applications(owner) -> dict:
    """Each application's fields, timeline and interviews, by role title."""
    found = {}
    for app in Application.objects.owned_by(owner).select_related("company"):
        values = Application.objects.filter(pk=app.pk).values_list(*FIELDS).get()
        fields = dict(zip(FIELDS, values, strict=True))
        fields["salary_currency"] = app.salary_currency
        fields["stage_changed_at"] = minute(app.stage_changed_at)
        fields["timeline"] = [
            (c.from_stage, c.to_stage, minute(c.changed_at), c.note)
            for c in app.stage_changes.order_by("changed_at", "pk")
        ]
        fields["interviews"] = [
            (minute(i.starts_at), i.kind, i.preparation)
            for i in app.interviews.order_by("starts_at")
        ]
        found[app.role_title] = fields
    return found


@pytest.fixture
def search(seeker):
    """A search in Berlin's time zone with every field filled in somewhere."""
    Profile.objects.filter(user=seeker).update(time_zone="Europe/Berlin")
    seeker.profile.refresh_from_db()
    acme = CompanyFactory(owner=seeker, name="Acme, Inc.")
    with time_machine.travel(NOW - timedelta(days=40), tick=False):
        dream = ApplicationFactory(
            owner=seeker, company=acme, role_title="Staff Engineer", stage=Stage.APPLIED,
            posting_url="https://acme.example/jobs/1?ref=a,b", applied_on=date(2026, 1, 20),
            salary_min=90000, salary_max=110000, salary_currency="CHF", location="Zürich",
            work_mode=WorkMode.HYBRID, source=Source.REFERRAL, excitement=5, is_dream_job=True,
            description="Build things.\nLine two, with “quotes”.",
            notes='Line one\r\nLine "two", with a comma',
        )  # fmt: skip
        other = ApplicationFactory(
            owner=seeker, company__name="Société Générale", role_title="=Ingénieur",
            stage=Stage.WISHLIST, work_mode=WorkMode.REMOTE, source=Source.COMPANY_SITE,
            excitement=1, notes="- bullet", salary_currency="GBP",
        )  # fmt: skip
        ApplicationFactory(owner=seeker, company=acme, role_title="Rejected role", stage="rejected")
    with time_machine.travel(NOW - timedelta(days=30, hours=3), tick=False):
        move_stage(application=dream, stage=Stage.SCREENING, note="Recruiter called — nice")
    with time_machine.travel(NOW - timedelta(days=20), tick=False):
        move_stage(application=dream, stage=Stage.INTERVIEWING)
        InterviewFactory(
            application=dream, kind="technical", starts_at=NOW - timedelta(days=10),
            preparation="System design; bring questions",
        )  # fmt: skip
        InterviewFactory(application=dream, kind="final", starts_at=NOW + timedelta(days=3))
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        move_stage(application=other, stage=Stage.WITHDRAWN, note="Not for me")
    return seeker


def test_the_export_reimports_into_a_new_account_with_nothing_lost(client, search):
    before = applications(search)
    assert len(before["Staff Engineer"]["timeline"]) == 3 and before["Staff Engineer"]["interviews"]
    client.force_login(search)
    with time_machine.travel(NOW, tick=False):
        data = export(client)
        fresh = UserFactory(email="fresh@example.com")
        Profile.objects.filter(user=fresh).update(time_zone="America/New_York")
        client.force_login(fresh)
        batch = import_file(client, data)
    assert batch.imported_count == 3
    after = applications(fresh)
    assert after.keys() == before.keys()
    for title, fields in before.items():
        for name, value in fields.items():
            assert after[title][name] == value, (title, name)
    # And the new account's export is the same file, once on the same clock (the same moments
    # are written as New York's until then).
    Profile.objects.filter(user=fresh).update(time_zone="Europe/Berlin")
    with time_machine.travel(NOW, tick=False):
        assert export(client) == data


def test_the_history_and_interviews_are_readable_lines(client, search):
    client.force_login(search)
    with time_machine.travel(NOW, tick=False):
        rows = list(csv.DictReader(io.StringIO(export(client).decode("utf-8-sig"))))
    dream = next(row for row in rows if row["Job Title"] == "Staff Engineer")
    assert dream["Stage History"].splitlines() == [
        "2026-01-21 10:30 +01:00 Applied",
        "2026-01-31 07:30 +01:00 Screening — Recruiter called — nice",
        "2026-02-10 10:30 +01:00 Interviewing",
    ]
    assert dream["Interviews"].splitlines() == [
        "2026-02-20 10:30 +01:00 Technical — System design; bring questions",
        "2026-03-05 10:30 +01:00 Final round",
    ]
    assert (dream["Work Mode"], dream["Source"], dream["Excitement"], dream["Dream Job"]) == (
        "Hybrid", "Referral", "5", "Yes",
    )  # fmt: skip
    assert dream["Salary"] == "90000–110000 CHF"


def test_the_export_follows_the_lists_filters(client, search, other_seeker):
    ApplicationFactory(owner=other_seeker, role_title="Not yours", stage="rejected")
    client.force_login(search)
    response = client.get(reverse("applications:list"), {"stage": "rejected", "q": "role"})
    assert 'href="/applications/export/?stage=rejected&amp;q=role"' in response.content.decode()
    response = client.get(reverse("applications:export"), {"stage": "rejected", "q": "role"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["Rejected role"]
    response = client.get(reverse("applications:export"), {"sort": "company"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Acme, Inc.", "Acme, Inc.", "Société Générale"]


@pytest.mark.parametrize(
    ("heading", "value", "reason"),
    [
        ("Excitement", "7", "Excitement “7” is not a whole number from 1 to 5."),
        ("Dream Job", "maybe", "Dream job “maybe” is not yes or no."),
        ("Work Mode", "on the moon", "Work mode “on the moon” is not on site, hybrid or remote."),
        ("Stage History", "last week Applied", "Stage history, line 1: “last week Applied” is"),
        ("Stage History", "2026-01-05 10:00 +01:00 Dreaming", "“Dreaming” is not a stage"),
        ("Stage History", "2027-01-05 10:00 +01:00 Applied", "2027-01-05 10:00 is in the future"),
        ("Interviews", "2026-01-05 10:00 +01:00 Chat", "“Chat” is not a kind of interview"),
        (
            "Interviews",
            "2026-01-05 10:00 +01:00 Video call\n2026-01-05 10:00 +01:00 Panel",
            "two of them start at the same time",
        ),
    ],
)
def test_details_that_cannot_be_read_are_bad_rows(seeker_client, heading, value, reason):
    from .test_import_export import dry_run, uploaded_batch

    data = io.StringIO()
    csv.writer(data).writerows([["Company", "Job Title", heading], ["Acme", "Dev", value]])
    with time_machine.travel(NOW, tick=False):
        outcome = dry_run(seeker_client, uploaded_batch(seeker_client, data.getvalue().encode()))
        outcome = outcome.context["outcome"]
    assert outcome.bad == 1 and reason in outcome.bad_rows[0].reason


def test_a_history_that_ends_elsewhere_moves_to_the_rows_stage_on_import(seeker_client, seeker):
    lines = [
        "Company,Job Title,Status,Stage History,Source",
        'Acme,Dev,Rejected,"2026-01-05 10:00 +01:00 Applied",LinkedIn',
    ]
    with time_machine.travel(NOW, tick=False):
        import_file(seeker_client, ("\n".join(lines) + "\n").encode())
    app = Application.objects.get(owner=seeker)
    assert app.source == Source.OTHER  # not one of ours: "other"
    assert [(c.from_stage, c.to_stage, c.changed_at) for c in app.stage_changes.all()] == [
        ("applied", "rejected", NOW),
        ("", "applied", datetime(2026, 1, 5, 9, 0, tzinfo=UTC)),
    ]
    assert not Interview.objects.exists()
