"""What the property tests share: the Hypothesis settings, the strategies, the World they
work in and the check every form example passes (`submit`). See the package's docstring."""

from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from unittest import mock

from django.db import connection, transaction
from django.template.backends.django import Template as DjangoTemplate
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from accounts.models import Profile, User
from applications import importing
from applications.models import (
    Application,
    Company,
    Contact,
    ImportBatch,
    Stage,
    StageChange,
)
from applications.services import start_import
from coaching.models import CoachComment, CoachGrant
from followups.models import FollowUp
from rejections.models import (
    CheckIn,
    Gap,
    Plan,
    PlanStep,
    Rejection,
)

from ..factories import (
    ApplicationFactory,
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    GapFactory,
    PlanFactory,
    PlanStepFactory,
    RejectionFactory,
    UserFactory,
)

# How many examples: the profile's (tests/conftest.py: a quick run by default, 200 with a fixed
# seed in CI). Examples share their test's objects, so the function-scoped fixtures are fine.
FORMS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The escaping tests render every page: the full count for one page of each surface (the app's
# application page, the admin's client overview, the reminder email), an eighth for the others.
MORE_PAGES = settings(FORMS, max_examples=max(1, FORMS.max_examples // 8))

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
# in them. Two bugs of redirect_back were found here: junk with no "/" or "." was taken for a
# URL name, and a long run of CR/LF after a path made a 400 (tests/test_views.py).
next_urls = st.one_of(
    st.sampled_from(["", "/dashboard/", "//evil.example/", "https://evil.example/x", "/a?\r\n"]),
    junk.map(lambda value: "/" + value),
    junk.map(lambda value: "https://" + value),
)

# A script tag inside arbitrary text (no NUL: PostgreSQL cannot store it, and forms refuse it).
scripted = st.builds(
    lambda before, after: before + SCRIPT + after,
    st.text(max_size=8).filter(lambda t: "\x00" not in t),
    st.text(max_size=8).filter(lambda t: "\x00" not in t),
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
        self.batch = start_import(
            owner=self.seeker,
            file_name="jobs.csv",
            data=data,
            found=importing.inspect(data),
            default_stage=Stage.APPLIED,
        )


def pks(*objects):
    return [obj.pk for obj in objects]
