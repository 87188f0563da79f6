"""An application's interviews, as the seeker adds, reschedules and deletes them on its page: the
time as they read it on their own clock, the interviewers from their contacts at the company,
clear errors, and nobody else's interviews."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from applications.models import Interview, InterviewKind, Stage
from followups.models import FollowUp

from .factories import ApplicationFactory, ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

NOON = "2026-11-22 12:00Z"


def set_time_zone(user, name):
    user.profile.time_zone = name
    user.profile.save(update_fields=["time_zone"])


def interview_data(**overrides):
    data = {"day": "2026-11-25", "time": "14:30", "kind": "technical", "preparation": "STAR"}
    return {**data, **overrides}


def errors(response, field):
    return response.context["form"].errors.get(field, [])


@pytest.fixture
def application(seeker, company):
    return ApplicationFactory(owner=seeker, company=company, stage=Stage.INTERVIEWING)


@time_machine.travel(NOON, tick=False)
def test_an_interview_is_entered_on_the_seekers_clock_and_shown_on_the_application(
    seeker_client, seeker, application
):
    set_time_zone(seeker, "America/New_York")
    rita = ContactFactory(company=application.company, name="Rita Recruiter")
    url = reverse("applications:interview_create", args=[application.pk])
    response = seeker_client.post(url, interview_data(interviewers=[rita.pk]))
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url() + "#interviews"
    interview = Interview.objects.get()
    # 14:30 in New York on Nov 25 (EST, UTC-5) is 19:30 UTC.
    assert interview.starts_at == datetime(2026, 11, 25, 19, 30, tzinfo=UTC)
    assert (interview.owner, interview.kind) == (seeker, InterviewKind.TECHNICAL)
    assert list(interview.interviewers.all()) == [rita]
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Wed Nov 25, 2026 · 14:30" in page
    assert "With Rita Recruiter (Recruiter)" in page
    # The edit form reads it back on the same clock.
    form = seeker_client.get(reverse("applications:interview_update", args=[interview.pk]))
    assert 'value="2026-11-25"' in form.content.decode()
    assert 'value="14:30"' in form.content.decode()


@time_machine.travel(NOON, tick=False)
def test_rescheduling_and_deleting_an_interview(seeker_client, application):
    interview = InterviewFactory(application=application)
    url = reverse("applications:interview_update", args=[interview.pk])
    assert (
        seeker_client.post(url, interview_data(day="2026-12-01", time="09:00")).status_code == 302
    )
    interview.refresh_from_db()
    assert interview.starts_at == datetime(2026, 12, 1, 9, tzinfo=UTC)
    delete_url = reverse("applications:interview_delete", args=[interview.pk])
    assert "Delete Technical for" in seeker_client.get(delete_url).content.decode()
    response = seeker_client.post(delete_url)
    assert response["Location"] == application.get_absolute_url()
    assert not Interview.objects.exists()


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"day": ""}, "day", "This field is required."),
        ({"day": "20266-01-01"}, "day", "Enter a valid date."),
        ({"day": "1900-05-01"}, "day", "Pick a date between 1970 and 2036."),
        ({"time": "25:00"}, "time", "Enter a valid time."),
        (
            {"kind": "tea"},
            "kind",
            "Select a valid choice. tea is not one of the available choices.",
        ),
    ],
)
def test_bad_input_gets_a_clear_error_and_saves_nothing(
    seeker_client, application, overrides, field, message
):
    url = reverse("applications:interview_create", args=[application.pk])
    response = seeker_client.post(url, interview_data(**overrides))
    assert response.status_code == 200
    assert message in errors(response, field)
    assert not Interview.objects.exists()


@time_machine.travel(NOON, tick=False)
def test_a_time_the_clocks_skip_is_refused(seeker_client, seeker, application):
    set_time_zone(seeker, "Europe/London")
    url = reverse("applications:interview_create", args=[application.pk])
    response = seeker_client.post(url, interview_data(day="2027-03-28", time="01:30"))
    assert "The clocks go forward then: that time does not exist." in errors(response, "time")


@time_machine.travel(NOON, tick=False)
def test_the_same_time_twice_is_refused(seeker_client, application):
    url = reverse("applications:interview_create", args=[application.pk])
    seeker_client.post(url, interview_data())
    response = seeker_client.post(url, interview_data())
    assert "This application already has an interview then." in errors(response, "time")
    assert Interview.objects.count() == 1


@time_machine.travel(NOON, tick=False)
def test_interviewers_are_the_seekers_contacts_at_that_company(
    seeker_client, seeker, other_seeker, application
):
    elsewhere = ContactFactory(company__owner=seeker)
    theirs = ContactFactory(company__owner=other_seeker)
    url = reverse("applications:interview_create", args=[application.pk])
    page = seeker_client.get(url).content.decode()
    assert elsewhere.name not in page and theirs.name not in page
    for contact in (elsewhere, theirs):
        response = seeker_client.post(url, interview_data(interviewers=[contact.pk]))
        assert errors(response, "interviewers")
    assert not Interview.objects.exists()


def test_another_seekers_application_and_interviews_are_not_found(seeker_client, other_seeker):
    theirs = InterviewFactory(application__owner=other_seeker)
    urls = [
        reverse("applications:interview_create", args=[theirs.application.pk]),
        reverse("applications:interview_update", args=[theirs.pk]),
        reverse("applications:interview_delete", args=[theirs.pk]),
    ]
    for url in urls:
        assert seeker_client.get(url).status_code == 404
        assert seeker_client.post(url, interview_data()).status_code == 404
    assert Interview.objects.get() == theirs


@time_machine.travel(NOON, tick=False)
def test_interviewing_without_an_interview_prompts_to_add_it(seeker_client, application):
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert 'id="interview-prompt"' in page
    InterviewFactory(application=application)
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert 'id="interview-prompt"' not in page


@time_machine.travel(NOON, tick=False)
def test_the_board_list_and_dashboard_show_each_applications_next_interview(
    seeker_client, seeker, application
):
    set_time_zone(seeker, "Asia/Tokyo")
    InterviewFactory(application=application, starts_at=datetime(2026, 11, 20, 1, tzinfo=UTC))
    later = datetime(2026, 12, 3, 1, tzinfo=UTC)
    InterviewFactory(application=application, starts_at=later)
    InterviewFactory(application=application, starts_at=datetime(2026, 11, 26, 1, tzinfo=UTC))
    quiet = ApplicationFactory(owner=seeker, stage=Stage.SCREENING, role_title="Quiet role")
    for name in ("applications:board", "applications:list", "dashboard"):
        page = seeker_client.get(reverse(name)).content.decode()
        # The soonest one still to come, on the Tokyo clock: 10:00 on Thursday the 26th.
        assert page.count("next-interview") == 1, name
        assert 'Interview <time datetime="2026-11-26T10:00:00+0900">Thu Nov 26, 10:00' in page
        assert quiet.role_title in page


@time_machine.travel(NOON, tick=False)
def test_the_thank_you_note_says_which_interview_it_follows(seeker_client, seeker, application):
    set_time_zone(seeker, "America/New_York")
    url = reverse("applications:interview_create", args=[application.pk])
    seeker_client.post(url, interview_data(kind="panel"))
    thank_you = FollowUp.objects.get()
    page = seeker_client.get(thank_you.get_absolute_url()).content.decode()
    assert "After your panel interview on" in page
    assert "Wed Nov 25, 14:30" in page
