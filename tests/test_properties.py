"""Property-based tests (Hypothesis): whatever a browser, a script or a paste sends, the app holds.

1. Every form page of the seeker app, posted arbitrary text, numbers, dates, missing fields,
   very long strings, unicode, NUL bytes and CR/LF by its owner, answers a page with the form's
   errors (200) or a redirect, never a server error; and a 200 leaves nothing half-saved.
2. CR/LF in a name or title never becomes an email header (the reminder and the coach
   invitation, built by the app's own functions) nor a raw line break in a mailto: link.
3. A seeker's `<script>` is shown escaped wherever their text appears: the app's pages, the
   coach's admin and the reminder email.

Speed: the objects are made once per test (pytest-django's `db` fixture wraps the test in a
transaction), and each example runs in a savepoint that is rolled back, so examples never see
each other's rows. Strings are short, with a few long ones made by repetition (cheap to make).
Drawing the page is most of a request's time (crispy-forms, a time zone select of ~600
options), so a form example draws it one time in RENDER_ONE_IN: the view, its form, its queries
and its context run every time, and the page is rendered for a drawn 0, which is also where
Hypothesis shrinks to, so a failure that needs the page keeps it. The escaping tests always
render: that is what they check.
"""

import re
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from email import message_from_bytes
from email import policy as email_policy
from email.utils import parseaddr
from unittest import mock
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.template.backends.django import Template as DjangoTemplate
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Profile, User
from applications import importing
from applications.models import (
    Application,
    Company,
    Contact,
    ImportBatch,
    ImportDateFormat,
    Source,
    Stage,
    StageChange,
    WorkMode,
)
from coaching.emails import invitation_email
from coaching.models import CoachComment, CoachGrant
from followups.drafts import mailto_url
from followups.models import FollowUp, FollowUpKind, Reminder
from followups.reminders import reminder_email
from rejections.models import (
    Channel,
    CheckIn,
    Feeling,
    Gap,
    GapCategory,
    Plan,
    PlanStep,
    Rejection,
    StepKind,
    StepStatus,
)

from .factories import (
    ApplicationFactory,
    CoachFactory,
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    GapFactory,
    GrantFactory,
    PlanFactory,
    PlanStepFactory,
    RejectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXAMPLES = 200
FORMS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,  # no example database: a failure prints its example to reproduce it
)
# The escaping tests render every page: 200 examples for one page of each surface (the app's
# application page, the admin's client overview, the reminder email), fewer for the others.
MORE_PAGES = settings(FORMS, max_examples=25)

# Every table a form could write to: a 200 must leave all their row counts as they were.
WATCHED = [
    User,
    Profile,
    Company,
    Contact,
    Application,
    StageChange,
    Rejection,
    CheckIn,
    Gap,
    Plan,
    Plan.gaps.through,
    PlanStep,
    FollowUp,
    CoachGrant,
    CoachComment,
    ImportBatch,
]
# One query for all the counts; the table names are the models' own, quoted (no user input).
COUNTS_SQL = "SELECT " + ", ".join(  # noqa: S608
    f"(SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)})"  # noqa: S608
    for model in WATCHED
)

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
INJECTION = "\r\nBcc: evil@example.com"
# An RFC 2047 encoded word that decodes to CR LF + a header (see the invitation bug below).
ENCODED_INJECTION = "=?utf-8?q?=0D=0ABcc=3A_evil=40example=2Ecom?="
RENDER_ONE_IN = 10


# --- Strategies -----------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\r",
    "\n\n",
    "x" + INJECTION,
    "Subject: hi\r\nTo: evil@example.com",
    SCRIPT,
    "'; DROP TABLE x; --",
    "%s %(name)s {0} {{ x }}",
    "9999-99-99",
    "0000-00-00",
    "2024-02-30",
    "0001-01-01",
    "9999-12-31",
    "-1",
    "0",
    "2147483648",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "-0",
    "3.5",
    "٣",  # an Arabic-Indic digit
    "١٢٣",
    "𝟙𝟚",
    "Ünïcødé ✓ 漢字 🙂",
    "\u202eevil",
    "\ufeff",
    "javascript:alert(1)",
    "http://",
    "https://exa mple.com",
    "a@b",
    "a@b.c\r\nBcc: evil@example.com",
    "on",
    "true",
]

# Short text: Hypothesis' full unicode range (no surrogates, so it always encodes).
short_text = st.text(max_size=16)
# Very long strings around the fields' limits, made by repetition so they cost nothing.
long_text = st.builds(
    lambda char, length: char * length,
    st.sampled_from(["a", "é", "漢", "🙂", "\x00", "\r\n", "<", " "]),
    st.sampled_from([3, 4, 40, 41, 199, 200, 201, 255, 256, 300, 301, 501, 1001, 20_001, 50_001]),
)
numbers = st.integers(min_value=-(10**20), max_value=10**20).map(str)
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)
near_dates = st.integers(min_value=-800, max_value=800).map(
    lambda days: (timezone.localdate() + timedelta(days=days)).isoformat()
)
junk = st.one_of(
    short_text,
    st.sampled_from(NASTY),
    numbers,
    dates,
    near_dates,
    long_text,
)


def field(*valid):
    """One field's value: junk, or one of the valid values (so the valid path runs too), or
    occasionally the field sent twice."""
    values = st.one_of(junk, st.sampled_from([str(v) for v in valid])) if valid else junk
    return st.one_of(values, values, values, st.lists(values, min_size=2, max_size=2))


def post_data(fields: dict):
    """A dict of some of `fields` (each may be missing), valued by their strategies."""
    return st.fixed_dictionaries({}, optional=fields)


def draws_page(data) -> bool:
    """Whether this example draws the page too (see the module's docstring)."""
    return data.draw(st.integers(0, RENDER_ONE_IN - 1), label="render unless") == 0


# A `next` for the forms that go back where they came from: paths and other sites, with junk
# in them (junk with no "/" or "." is taken for a URL name: the redirect_back bug below).
next_urls = st.one_of(
    st.sampled_from(["", "/dashboard/", "//evil.example/", "https://evil.example/x", "/a?\r\n"]),
    junk.map(lambda value: "/" + value),
    junk.map(lambda value: "https://" + value),
)


# --- Harness ----------------------------------------------------------------------------------


def counts():
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_SQL)
        return cursor.fetchone()


def rows(watch):
    return [model.objects.filter(pk=pk).values().first() for model, pk in watch]


@contextmanager
def rolled_back():
    """One example's changes, undone after it: a savepoint inside the test's transaction."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


_render_template = DjangoTemplate.render


def no_page(self, context=None, request=None):
    """An empty page in place of an HTML template; text templates (the note drafts a
    follow-up starts with, email subjects and bodies) still render: the view needs them."""
    if self.origin.template_name.endswith(".txt"):
        return _render_template(self, context, request)
    return ""


def submit(client, url, data, *, watch=(), method="post", files=None, render=True, ok=(200, 302)):
    """Send the form, and check the property: a 200 or a redirect, and after a 200 (the form
    with its errors) no row added, removed or changed. Any exception a view raised comes out
    of the test client here, so Hypothesis reports (and shrinks) it like a failure. With
    render=False the view runs in full but its HTML templates return an empty page."""
    skip_page = nullcontext() if render else mock.patch.object(DjangoTemplate, "render", no_page)
    with rolled_back(), skip_page:
        before = (counts(), rows(watch))
        if method == "get":
            response = client.get(url, data)
        else:
            response = client.post(url, {**data, **(files or {})})
        assert response.status_code in ok, response.status_code
        if response.status_code == 200 and method == "post":
            assert (counts(), rows(watch)) == before, "a form with errors saved something"
    return response


# --- The world each test works in ------------------------------------------------------------


class World:
    def __init__(self):
        today = timezone.localdate()
        self.seeker = UserFactory(email="seeker@example.com", name="Sam Seeker")
        self.other = UserFactory(email="other@example.com", name="Olive Other")
        self.company = CompanyFactory(owner=self.seeker, name="Northwind")
        self.hidden = CompanyFactory(owner=self.seeker, name="Hidden Co", is_hidden=True)
        self.other_company = CompanyFactory(owner=self.other, name="Elsewhere")
        self.contact = ContactFactory(company=self.company, name="Dana Recruiter")
        self.other_contact = ContactFactory(company=self.other_company)
        self.application = ApplicationFactory(
            owner=self.seeker, company=self.company, role_title="Data Analyst"
        )
        self.open_application = ApplicationFactory(
            owner=self.seeker, company=self.company, role_title="BI Lead", stage=Stage.SCREENING
        )
        self.rejection = RejectionFactory(
            application__owner=self.seeker,
            application__company=self.company,
            application__role_title="Analytics Engineer",
            received_on=today - timedelta(days=3),
            contact=self.contact,
        )
        self.gap = GapFactory(rejection=self.rejection)
        self.other_gap = GapFactory(rejection=RejectionFactory(application__owner=self.other))
        self.plan = PlanFactory(owner=self.seeker, title="Close the SQL gap")
        self.plan.gaps.add(self.gap)
        self.step = PlanStepFactory(plan=self.plan)
        self.follow_up = FollowUpFactory(
            application=self.application, contact=self.contact, due_on=today
        )
        self.other_follow_up = FollowUpFactory(application__owner=self.other)
        data = b"Company,Role,Status,Applied\nAcme,Analyst,applied,2024-01-02\nBeta,Dev,,03/04/24\n"
        self.batch = importing.create_batch(
            owner=self.seeker,
            file_name="jobs.csv",
            data=data,
            found=importing.inspect(data),
            default_stage=Stage.APPLIED,
        )


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def owner(world):
    client = Client()
    client.force_login(world.seeker)
    return client


@pytest.fixture
def invitation(world):
    return GrantFactory(seeker=world.seeker, email="newcoach@example.com")


@pytest.fixture
def coach(world):
    """A client of a coach with a live grant to the seeker."""
    coach = CoachFactory(email="casey@example.com")
    GrantFactory(seeker=world.seeker, accepted_by=coach)
    client = Client()
    client.force_login(coach)
    return client


def pks(*objects):
    return [obj.pk for obj in objects]


# --- 1. No form page answers with a server error, or saves half a form ------------------------


def application_fields(w):
    return {
        "company": field(*pks(w.company, w.hidden, w.other_company)),
        "new_company": field("Northwind", "northwind", "New Co"),
        "role_title": field("Data Analyst", "Analyst"),
        "stage": field(*Stage.values),
        "is_dream_job": field("on"),
        "excitement": field(1, 3, 5),
        "applied_on": field(timezone.localdate()),
        "source": field(*Source.values),
        "posting_url": field("https://example.com/job"),
        "location": field("Berlin"),
        "work_mode": field(*WorkMode.values),
        "salary_min": field(50_000, 2_147_483_647),
        "salary_max": field(40_000, 2_147_483_648),
        "salary_currency": field("USD", "EURO"),
        "description": field("Build dashboards."),
        "notes": field("Referred by Dana."),
        "allow_duplicate": field("on", "True"),
    }


@FORMS
@given(data=st.data())
def test_application_create(owner, world, data):
    body = data.draw(post_data(application_fields(world)))
    submit(owner, reverse("applications:create"), body, render=draws_page(data))


@FORMS
@given(data=st.data())
def test_application_edit(owner, world, data):
    """The company stays chosen: an edit without one is the bug below."""
    app = world.application
    body = data.draw(post_data(application_fields(world)))
    body["company"] = str(world.company.pk)
    submit(
        owner,
        reverse("applications:update", args=[app.pk]),
        body,
        watch=[(Application, app.pk)],
        render=draws_page(data),
    )


def test_editing_an_application_to_a_new_company_with_an_error_shows_the_form(owner, world):
    app = world.application
    body = {
        "company": "",
        "new_company": "Fresh Co",
        "role_title": "",  # the other error: a required field left empty
        "stage": app.stage,
        "excitement": "3",
        "source": app.source,
        "salary_currency": "USD",
    }
    submit(owner, reverse("applications:update", args=[app.pk]), body)


def company_fields():
    return {
        "name": field("Northwind", "NORTHWIND ", "Hidden Co", "Fresh Co"),
        "website": field("https://northwind.example"),
        "notes": field("Good people."),
    }


@FORMS
@given(data=st.data())
def test_company_create(owner, world, data):
    submit(
        owner,
        reverse("applications:company_create"),
        data.draw(post_data(company_fields())),
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_company_edit(owner, world, data):
    company = world.company
    submit(
        owner,
        reverse("applications:company_update", args=[company.pk]),
        data.draw(post_data(company_fields())),
        watch=[(Company, company.pk)],
        render=draws_page(data),
    )


def contact_fields(w):
    return {
        "company": field(*pks(w.company, w.hidden, w.other_company)),
        "name": field("Dana"),
        "role": field("Recruiter"),
        "email": field("dana@example.com"),
        "phone": field("+1 555 0100"),
        "linkedin": field("https://linkedin.com/in/dana"),
        "notes": field("Met at a meetup."),
    }


@FORMS
@given(data=st.data())
def test_contact_create(owner, world, data):
    body = data.draw(post_data(contact_fields(world)))
    submit(owner, reverse("applications:contact_create"), body, render=draws_page(data))


@FORMS
@given(data=st.data())
def test_contact_edit(owner, world, data):
    contact = world.contact
    body = data.draw(post_data(contact_fields(world)))
    url = reverse("applications:contact_update", args=[contact.pk])
    submit(owner, url, body, watch=[(Contact, contact.pk)], render=draws_page(data))


def rejection_fields(w):
    return {
        "received_on": field(timezone.localdate(), timezone.localdate() - timedelta(days=1)),
        "channel": field(*Channel.values),
        "stage_reached": field(*Stage.live()),
        "contact": field(*pks(w.contact, w.other_contact)),
        "new_contact_name": field("Pat"),
        "new_contact_role": field("Hiring manager"),
        "employer_words": field("We went with someone else."),
        "is_actionable": field("on"),
    }


@FORMS
@given(data=st.data())
def test_rejection_log(owner, world, data):
    app = world.open_application
    body = data.draw(post_data(rejection_fields(world)))
    submit(
        owner,
        reverse("rejections:log", args=[app.pk]),
        body,
        watch=[(Application, app.pk)],
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_rejection_edit(owner, world, data):
    rejection = world.rejection
    body = data.draw(post_data(rejection_fields(world)))
    url = reverse("rejections:edit", args=[rejection.pk])
    submit(owner, url, body, watch=[(Rejection, rejection.pk)], render=draws_page(data))


@FORMS
@given(data=st.data())
def test_check_in(owner, world, data):
    body = data.draw(post_data({"feeling": field(*Feeling.values), "note": field("Better.")}))
    submit(
        owner,
        reverse("rejections:feelings", args=[world.rejection.pk]),
        body,
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_gap(owner, world, data):
    fields = {"category": field(*GapCategory.values), "description": field("SQL tuning")}
    submit(
        owner,
        reverse("rejections:gaps", args=[world.rejection.pk]),
        data.draw(post_data(fields)),
        render=draws_page(data),
    )


def plan_fields(w):
    return {
        "title": field("Learn SQL"),
        "target_role": field("Analyst"),
        "gaps": field(*pks(w.gap, w.other_gap)),
        "notes": field("Evenings."),
    }


@FORMS
@given(data=st.data())
def test_plan_create(owner, world, data):
    submit(
        owner,
        reverse("rejections:plan_create"),
        data.draw(post_data(plan_fields(world))),
        render=draws_page(data),
    )


def test_a_plan_with_a_huge_gap_id_shows_the_form(owner, world):
    """Past 2**63 the id used to reach `id IN (...)`, which SQLite cannot bind (a 500)."""
    for huge in (str(2**63), str(-(2**63) - 1)):
        body = {"title": "Learn SQL", "gaps": huge}
        response = submit(owner, reverse("rejections:plan_update", args=[world.plan.pk]), body)
        assert response.status_code == 200
        assert f"Select a valid choice. {huge} is not one of the available choices." in (
            response.content.decode()
        )


@FORMS
@given(data=st.data())
def test_plan_edit(owner, world, data):
    plan = world.plan
    body = data.draw(post_data(plan_fields(world)))
    submit(
        owner,
        reverse("rejections:plan_update", args=[plan.pk]),
        body,
        watch=[(Plan, plan.pk)],
        render=draws_page(data),
    )


def step_fields():
    return {
        "title": field("Take a course"),
        "kind": field(*StepKind.values),
        "due_on": field(timezone.localdate()),
        "status": field(*StepStatus.values),
        "evidence_url": field("https://example.com/cert"),
        "notes": field("Week 1."),
    }


@FORMS
@given(data=st.data())
def test_plan_step_create(owner, world, data):
    url = reverse("rejections:step_create", args=[world.plan.pk])
    submit(owner, url, data.draw(post_data(step_fields())), render=draws_page(data))


@FORMS
@given(data=st.data())
def test_plan_step_edit(owner, world, data):
    step = world.step
    url = reverse("rejections:step_update", args=[step.pk])
    submit(
        owner,
        url,
        data.draw(post_data(step_fields())),
        watch=[(PlanStep, step.pk)],
        render=draws_page(data),
    )


def follow_up_fields(w):
    return {
        "kind": field(*FollowUpKind.values),
        "due_on": field(timezone.localdate()),
        "contact": field(*pks(w.contact, w.other_contact)),
    }


@FORMS
@given(data=st.data())
def test_follow_up_create(owner, world, data):
    url = reverse("followups:create", args=[world.application.pk])
    submit(owner, url, data.draw(post_data(follow_up_fields(world))), render=draws_page(data))


@FORMS
@given(data=st.data())
def test_follow_up_edit(owner, world, data):
    follow_up = world.follow_up
    url = reverse("followups:update", args=[follow_up.pk])
    body = data.draw(post_data(follow_up_fields(world)))
    submit(owner, url, body, watch=[(FollowUp, follow_up.pk)], render=draws_page(data))


DRAFT_FIELDS = {"subject": field("Thank you"), "body": field("Dear Dana,\r\nThanks.")}


@FORMS
@given(data=st.data())
def test_draft_save(owner, world, data):
    follow_up = world.follow_up
    url = reverse("followups:detail", args=[follow_up.pk])
    submit(
        owner,
        url,
        data.draw(post_data(DRAFT_FIELDS)),
        watch=[(FollowUp, follow_up.pk)],
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_draft_tone_check(owner, world, data):
    """The as-you-type tone check: never saves, never fails."""
    follow_up = world.follow_up
    url = reverse("followups:tone_check", args=[follow_up.pk])
    with rolled_back():
        before = (counts(), rows([(FollowUp, follow_up.pk)]))
        response = owner.post(url, data.draw(post_data(DRAFT_FIELDS)))
        assert response.status_code == 200
        assert (counts(), rows([(FollowUp, follow_up.pk)])) == before


@FORMS
@given(data=st.data())
def test_snooze(owner, world, data):
    follow_up = world.follow_up
    fields = {
        "days": field(1, 7),
        "until": field(timezone.localdate() + timedelta(days=3)),
        "next": next_urls,
    }
    url = reverse("followups:snooze", args=[follow_up.pk])
    response = submit(owner, url, data.draw(post_data(fields)), render=draws_page(data))
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("next_url", ["0", "x", "'; DROP TABLE x; --"])
def test_a_next_that_is_not_a_url_goes_back_to_the_default(owner, world, next_url):
    url = reverse("followups:snooze", args=[world.follow_up.pk])
    response = submit(owner, url, {"days": "1", "next": next_url})
    assert response.status_code == 302


SEQUENCE_FORMS = 12  # the formset takes at most 10 (validate_max): 11 and 12 are refused
# A form count Django's IntegerField would not read past SEQUENCE_FORMS (a larger one makes
# that many forms: with a kind for each, that is the bug below again, only slower).
form_counts = st.one_of(
    st.integers(-2, SEQUENCE_FORMS).map(str),
    junk.filter(lambda value: not re.fullmatch(r"\s*[-+]?\d+\s*", value)),
)


def sequence_fields(w, kinds):
    earliest = w.rejection.received_on
    fields = {
        "form-TOTAL_FORMS": st.one_of(form_counts, st.lists(form_counts, min_size=2, max_size=2)),
        "form-INITIAL_FORMS": field(0, 4),
        "form-MIN_NUM_FORMS": field(0),
        "form-MAX_NUM_FORMS": field(10),
    }
    for i in range(4):
        fields[f"form-{i}-include"] = field("on")
        fields[f"form-{i}-kind"] = kinds
        fields[f"form-{i}-due_on"] = field(earliest, earliest - timedelta(days=1))
    return fields


@FORMS
@given(data=st.data())
def test_stay_on_radar_sequence(owner, world, data):
    """Every field arbitrary but the hidden `kind`, a known kind (see the bug below)."""
    kinds = st.sampled_from(FollowUpKind.values)
    body = data.draw(post_data(sequence_fields(world, kinds)))
    body.update(
        {f"form-{i}-kind": body.get(f"form-{i}-kind", "check_in") for i in range(SEQUENCE_FORMS)}
    )
    submit(
        owner,
        reverse("followups:stay_on_radar", args=[world.rejection.pk]),
        body,
        render=draws_page(data),
    )


@pytest.mark.parametrize("kind", [None, "", "not-a-kind", "\x00"])
def test_stay_on_radar_with_an_unknown_kind_shows_the_form(owner, world, kind):
    body = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-include": "on",
        "form-0-due_on": timezone.localdate().isoformat(),
    }
    if kind is not None:
        body["form-0-kind"] = kind
    submit(owner, reverse("followups:stay_on_radar", args=[world.rejection.pk]), body)


def settings_fields():
    return {
        "account-name": field("Sam Seeker"),
        "profile-time_zone": field("UTC", "Europe/Berlin", "America/New_York"),
        "profile-min_live_alternatives": field(0, 2, 3),
        "profile-quiet_days": field(7, 14),
        "profile-reminders_enabled": field("on"),
        "profile-reminder_hour": field(0, 8, 23, 24),
        "profile-reply_within_days": field(1, 3),
        "profile-radar_first_weeks": field(4, 13),
        "profile-radar_second_weeks": field(13, 4),
        "profile-radar_third_weeks": field(26),
    }


@FORMS
@given(data=st.data())
def test_settings(owner, world, data):
    seeker = world.seeker
    watch = [(User, seeker.pk), (Profile, seeker.profile.pk)]
    submit(
        owner,
        reverse("settings"),
        data.draw(post_data(settings_fields())),
        watch=watch,
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_coach_invite(owner, world, data):
    fields = {"email": field("coach@example.com", "SEEKER@example.com", "other@example.com")}
    submit(owner, reverse("coaching:access"), data.draw(post_data(fields)), render=draws_page(data))


@FORMS
@given(data=st.data())
def test_signup(world, data):
    client = Client()
    fields = {
        "email": field("new@example.com", "SEEKER@example.com"),
        "name": field("New Person"),
        "password1": field("a-long-passphrase-42"),
        "password2": field("a-long-passphrase-42"),
        "time_zone": field("UTC", "Europe/Berlin"),
    }
    submit(client, reverse("signup"), data.draw(post_data(fields)), render=draws_page(data))


@FORMS
@given(data=st.data())
def test_coach_signup_from_the_invitation(world, invitation, data):
    grant = invitation
    client = Client()
    fields = {
        "name": field("Casey Coach"),
        "password1": field("a-long-passphrase-42"),
        "password2": field("a-long-passphrase-42"),
    }
    submit(
        client,
        reverse("coaching:invitation", args=[grant.token]),
        data.draw(post_data(fields)),
        render=draws_page(data),
    )


upload_names = st.one_of(
    st.sampled_from(["jobs.csv", "jobs.TSV", "notes.txt", "jobs.xlsx", "x" * 300 + ".csv", ".csv"]),
    short_text.filter(lambda name: name.strip(" .") and "\x00" not in name and "/" not in name),
)
upload_bytes = st.one_of(
    st.binary(max_size=64),
    st.sampled_from(
        [
            b"",
            b"\x00\x00\x00",
            b"\xef\xbb\xbfCompany;Role\r\nAcme;Dev\r\n",
            b"Company,Role\nAcme",
            b'"unclosed,quote\n',
            "Firma\tStelle\nMüller\tEntwickler\n".encode("latin-1"),
            b"Company,Role\n" + b"a," * 200 + b"\n",
            b"\xff\xfe" + "Company,Role\n".encode("utf-16-le"),
        ]
    ),
    short_text.map(lambda text: ("Company,Role\n" + text).encode()),
)


@FORMS
@given(data=st.data())
def test_import_upload(owner, world, data):
    body = data.draw(post_data({"default_stage": field(*Stage.values)}))
    files = {}
    if data.draw(st.booleans()):
        upload = SimpleUploadedFile(data.draw(upload_names), data.draw(upload_bytes))
        files["file"] = upload
    submit(owner, reverse("applications:import"), body, files=files, render=draws_page(data))


@FORMS
@given(data=st.data())
def test_import_mapping(owner, world, data):
    batch = world.batch
    fields = {
        f"column_{i}": field(*[value for value, _ in importing.Target.CHOICES])
        for i in range(len(batch.headers) + 1)
    }
    fields["date_format"] = field(*ImportDateFormat.values)
    fields["default_stage"] = field(*Stage.values)
    url = reverse("applications:import_mapping", args=[batch.pk])
    submit(
        owner,
        url,
        data.draw(post_data(fields)),
        watch=[(ImportBatch, batch.pk)],
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_insights_date_filter(owner, world, data):
    fields = {
        "from": field(timezone.localdate() - timedelta(days=30), "1969-12-31"),
        "to": field(timezone.localdate()),
        "period": field("30", "90", "365", "all"),
    }
    response = submit(
        owner,
        reverse("insights:index"),
        data.draw(post_data(fields)),
        method="get",
        render=draws_page(data),
    )
    assert response.status_code == 200


@FORMS
@given(data=st.data())
def test_application_list_filter(owner, world, data):
    fields = {
        "q": field("Analyst"),
        "stage": field("open", *Stage.values),
        "sort": field("recent", "excitement", "applied", "company"),
        "page": field(1, 2, "last"),
    }
    body = data.draw(post_data(fields))
    # A page number past the end (or not a number) is the list view's 404, as Django does.
    url = reverse("applications:list")
    submit(owner, url, body, method="get", render=draws_page(data), ok=(200, 404))


@FORMS
@given(data=st.data())
def test_small_action_forms(owner, world, data):
    """The one-button forms: stage move, pipeline order, pin, step status, suggested step,
    calendar link. Each redirects back, with a message when the choice was not valid."""
    w = world
    actions = [
        (reverse("applications:move", args=[w.application.pk]), {"stage": field(*Stage.values)}),
        (
            reverse("applications:pipeline_move", args=[w.open_application.pk]),
            {"direction": field("up", "down")},
        ),
        (
            reverse("applications:pin_second", args=[w.open_application.pk]),
            {"action": field("pin", "unpin")},
        ),
        (
            reverse("rejections:step_status", args=[w.step.pk]),
            {"status": field(*StepStatus.values)},
        ),
        (
            reverse("rejections:plan_add_suggested", args=[w.plan.pk]),
            {"kind": field(*StepKind.values), "title": field("Read a book")},
        ),
        (reverse("calendar_link"), {"action": field("new", "off")}),
    ]
    url, fields = data.draw(st.sampled_from(actions))
    fields = {**fields, "next": next_urls}
    response = submit(owner, url, data.draw(post_data(fields)), render=draws_page(data))
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@FORMS
@given(data=st.data())
def test_delete_account_refused_without_the_password(owner, world, data):
    fields = {
        "password": field("not-the-password"),
        "confirm_email": field("seeker@example.com", "SEEKER@example.com "),
    }
    response = submit(
        owner, reverse("account_delete"), data.draw(post_data(fields)), render=draws_page(data)
    )
    assert response.status_code == 200


@FORMS
@given(data=st.data())
def test_coach_comment_on_the_admin_overview(world, coach, data):
    w = world
    items = [
        f"application:{w.application.pk}",
        f"rejection:{w.rejection.pk}",
        f"plan:{w.plan.pk}",
        f"plan:{w.other_gap.rejection.pk}",
        f"application:{w.other_follow_up.application.pk}",
    ]
    fields = {"item": field(*items), "body": field("Nice work.")}
    url = reverse("admin:coaching_client_overview", args=[w.seeker.pk])
    submit(coach, url, data.draw(post_data(fields)), render=draws_page(data))


# --- 2. CR/LF never becomes an email header, nor a line break in a mailto: link ---------------

# Text with line breaks and header-like payloads somewhere in it. (Not ENCODED_INJECTION: that
# one is the invitation bug below.)
header_text = st.builds(
    lambda before, payload, after: before + payload + after,
    st.text(max_size=8),
    st.sampled_from(
        [
            INJECTION,
            "\r\nCc: evil@example.com",
            "\r\nTo: evil@example.com",
            "\nSubject: hijacked",
            "\rBcc: evil@example.com",
            "\r\n\r\n<html>body</html>",
            "\r\n",
        ]
    ),
    st.text(max_size=8),
).filter(lambda text: "\x00" not in text)

HEADERS_WITH_ONE_VALUE = ("From", "To", "Subject", "Date", "Message-ID", "Reply-To")


def parsed_headers(email):
    """The headers of the message as sent, read back by a mail client's parser."""
    raw = email.message().as_bytes()
    parsed = message_from_bytes(raw, policy=email_policy.default)
    return parsed, [name.lower() for name in parsed]


def assert_only_headers(email, expected: set[str], to: list[str], check_from=True):
    parsed, names = parsed_headers(email)
    assert set(names) == expected, names
    for name in HEADERS_WITH_ONE_VALUE:
        assert names.count(name.lower()) <= 1, name
    assert "bcc" not in names and "cc" not in names
    assert [address.addr_spec for address in parsed["To"].addresses] == to
    subject = parsed["Subject"]
    assert "\r" not in subject and "\n" not in subject
    for name in ("From", "To", "Reply-To") if check_from else ("To", "Reply-To"):
        if parsed[name] is not None:
            addresses = [a.addr_spec for a in parsed[name].addresses]
            assert "evil@example.com" not in addresses, (name, addresses)


REMINDER_HEADERS = {
    "content-type",
    "mime-version",
    "subject",
    "from",
    "to",
    "date",
    "message-id",
    "list-unsubscribe",
    "auto-submitted",
}


def reminder_for(seeker_name, role, company, contact, day=date(2026, 3, 2)):
    """A reminder email with one overdue and one due follow-up, from unsaved objects."""
    owner = User(pk=7, email="seeker@example.com", name=seeker_name)
    company_obj = Company(pk=3, name=company)
    application = Application(pk=5, role_title=role, company=company_obj)
    contact_obj = Contact(pk=9, name=contact) if contact is not None else None
    follow_ups = [
        FollowUp(
            pk=11,
            kind=FollowUpKind.NUDGE,
            due_on=day - timedelta(days=2),
            application=application,
            contact=contact_obj,
        ),
        FollowUp(pk=12, kind=FollowUpKind.CHECK_IN, due_on=day, application=application),
    ]
    return reminder_email(Reminder(pk=1, owner=owner, day=day), follow_ups)


@FORMS
@given(
    seeker_name=header_text,
    role=st.one_of(header_text, short_text.filter(lambda t: "\x00" not in t)),
    company=header_text,
    contact=header_text,
)
def test_reminder_email_has_exactly_its_headers(seeker_name, role, company, contact):
    email = reminder_for(seeker_name, role, company, contact)
    assert_only_headers(email, REMINDER_HEADERS, to=["seeker@example.com"])


INVITATION_HEADERS = {
    "content-type",
    "mime-version",
    "subject",
    "from",
    "to",
    "date",
    "message-id",
    "reply-to",
}


@FORMS
@given(seeker_name=header_text)
def test_coach_invitation_email_has_exactly_its_headers(seeker_name):
    seeker = User(pk=7, email="seeker@example.com", name=seeker_name)
    grant = CoachGrant(pk=1, seeker=seeker, email="coach@example.com", token="t0ken")
    email = invitation_email(grant)
    # The From address is checked by the bug below, for names with a non-ASCII character.
    check_from = seeker_name.isascii()
    assert_only_headers(email, INVITATION_HEADERS, to=["coach@example.com"], check_from=check_from)
    parsed, _ = parsed_headers(email)
    assert [a.addr_spec for a in parsed["Reply-To"].addresses] == ["seeker@example.com"]
    if check_from:
        [sender] = parsed["From"].addresses
        assert "\r" not in sender.display_name and "\n" not in sender.display_name
        assert sender.addr_spec == APP_ADDRESS


APP_ADDRESS = parseaddr(django_settings.DEFAULT_FROM_EMAIL)[1]


@pytest.mark.parametrize("name", ["José\r\nBcc: evil@example.com", "Zoë: evil@example.com"])
def test_a_non_ascii_seeker_name_never_changes_the_invitations_sender(name):
    seeker = User(pk=7, email="seeker@example.com", name=name)
    email = invitation_email(CoachGrant(pk=1, seeker=seeker, email="coach@example.com"))
    parsed, _ = parsed_headers(email)
    assert [a.addr_spec for a in parsed["From"].addresses] == [APP_ADDRESS]


def test_a_seeker_named_with_an_encoded_line_break_can_invite_a_coach(owner, world):
    User.objects.filter(pk=world.seeker.pk).update(name=ENCODED_INJECTION)
    response = submit(owner, reverse("coaching:access"), {"email": "coach@example.com"})
    assert response.status_code == 302


@FORMS
@given(
    to=st.one_of(header_text, st.just("dana@example.com")), subject=header_text, body=header_text
)
def test_mailto_url_has_no_raw_line_break_and_no_extra_field(to, subject, body):
    url = mailto_url(to, subject, body)
    assert "\r" not in url and "\n" not in url
    assert url.startswith("mailto:")
    parts = urlsplit(url)
    fields = parse_qs(parts.query, keep_blank_values=True)
    assert set(fields) <= {"subject", "body"}
    assert all(len(values) == 1 for values in fields.values())
    address = unquote(parts.path)
    assert "\r" not in address and "\n" not in address
    assert address == re.sub(r"[\r\n]+", "", to).strip()
    if "subject" in fields:
        assert "\r" not in fields["subject"][0] and "\n" not in fields["subject"][0]
    if "body" in fields:
        # Every line break is CR LF, as RFC 6068 asks, and nothing else changed.
        expected = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
        assert fields["body"][0] == expected


# --- 3. A seeker's <script> is shown escaped -----------------------------------------------

# A script tag inside arbitrary text (no NUL: PostgreSQL cannot store it, and forms refuse it).
scripted = st.builds(
    lambda before, after: before + SCRIPT + after,
    st.text(max_size=8).filter(lambda t: "\x00" not in t),
    st.text(max_size=8).filter(lambda t: "\x00" not in t),
)
# Where a page cuts a long value short, the tag comes first.
scripted_start = st.builds(
    lambda after: SCRIPT + after, st.text(max_size=8).filter(lambda t: "\x00" not in t)
)


def assert_escaped(html: str):
    assert SCRIPT not in html
    assert ESCAPED_SCRIPT in html


@FORMS
@given(text=scripted)
def test_application_detail_escapes_the_seekers_text(owner, world, text):
    app = world.application
    with rolled_back():
        Application.objects.filter(pk=app.pk).update(
            role_title=text[:200], location=text[:200], notes=text, description=text
        )
        Company.objects.filter(pk=world.company.pk).update(name=text[:200])
        assert_escaped(owner.get(app.get_absolute_url()).content.decode())


@MORE_PAGES
@given(text=scripted)
def test_company_page_escapes_the_seekers_text(owner, world, text):
    company = world.company
    with rolled_back():
        Company.objects.filter(pk=company.pk).update(name=text[:200], notes=text)
        Contact.objects.filter(pk=world.contact.pk).update(name=text[:200], notes=text)
        assert_escaped(owner.get(company.get_absolute_url()).content.decode())


@MORE_PAGES
@given(text=scripted)
def test_rejection_detail_escapes_the_seekers_text(owner, world, text):
    rejection = world.rejection
    with rolled_back():
        Rejection.objects.filter(pk=rejection.pk).update(employer_words=text)
        Gap.objects.filter(pk=world.gap.pk).update(description=text[:200])
        CheckIn.objects.create(rejection=rejection, owner=world.seeker, feeling="anger", note=text)
        assert_escaped(owner.get(rejection.get_absolute_url()).content.decode())


@MORE_PAGES
@given(text=scripted)
def test_plan_detail_escapes_the_seekers_text(owner, world, text):
    plan = world.plan
    with rolled_back():
        Plan.objects.filter(pk=plan.pk).update(title=text[:200], target_role=text[:200], notes=text)
        PlanStep.objects.filter(pk=world.step.pk).update(title=text[:200], notes=text)
        assert_escaped(
            owner.get(reverse("rejections:plan_detail", args=[plan.pk])).content.decode()
        )


@MORE_PAGES
@given(text=scripted)
def test_follow_up_draft_page_escapes_the_seekers_text(owner, world, text):
    follow_up = world.follow_up
    with rolled_back():
        FollowUp.objects.filter(pk=follow_up.pk).update(subject=text[:300], body=text)
        Contact.objects.filter(pk=world.contact.pk).update(name=text[:200])
        assert_escaped(owner.get(follow_up.get_absolute_url()).content.decode())


@MORE_PAGES
@given(text=scripted_start)
def test_insights_labels_escape_a_stored_source(owner, world, text):
    """A source that is no longer one of the choices is labelled by its stored value."""
    if connection.vendor != "sqlite":
        pytest.skip("the stored value is longer than the column allows outside SQLite")
    with rolled_back():
        Application.objects.filter(pk=world.application.pk).update(
            source=text, applied_on=timezone.localdate()
        )
        html = owner.get(reverse("insights:index")).content.decode()
        assert_escaped(html)


@FORMS
@given(text=scripted)
def test_admin_client_overview_escapes_the_seekers_text(world, coach, text):
    w = world
    url = reverse("admin:coaching_client_overview", args=[w.seeker.pk])
    with rolled_back():
        User.objects.filter(pk=w.seeker.pk).update(name=text[:150])
        Application.objects.filter(owner=w.seeker).update(role_title=text[:200])
        Company.objects.filter(pk=w.company.pk).update(name=text[:200])
        Rejection.objects.filter(pk=w.rejection.pk).update(employer_words=text)
        Plan.objects.filter(pk=w.plan.pk).update(title=text[:200])
        assert_escaped(coach.get(url).content.decode())


@FORMS
@given(seeker_name=scripted, role=scripted, company=scripted, contact=scripted)
def test_reminder_html_email_escapes_the_seekers_text(seeker_name, role, company, contact):
    email = reminder_for(seeker_name, role, company, contact)
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert SCRIPT not in html
    assert ESCAPED_SCRIPT in html
