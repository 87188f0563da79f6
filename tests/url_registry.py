"""Every URL pattern of the project, walked from the root resolver, and what each one is for:
the object it takes (built by tests/factories.py), who may use it, and what it answers.

tests/test_permission_matrix.py and tests/test_csrf.py walk the patterns with it. A new URL
pattern fails both until it has an entry in REGISTRY below."""

import functools
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User, owner_path
from applications.models import ImportBatch, Stage
from applications.services import log_conversation, set_tags
from chances.models import Match
from watching.models import Board, Posting

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

# Written into the owner's rows (never their name or email address): a page that shows it to
# anyone who may not see the owner's data leaks it.
MARKER = "Zanzibar-7Q"
# The same in the other seeker's rows: no page shows them to anyone else, the owner included.
OTHER_MARKER = "Kilimanjaro-3X"
PASSWORD = "correct-horse-battery"  # what UserFactory sets

ROLES = ["owner", "granted_coach", "other_coach", "other_seeker", "anonymous"]

# Who may use a URL:
OWNER = "owner"  # an object of the seeker's: anyone else gets 404 (anonymous: log in)
CLIENT_COACH = "client_coach"  # a grant, from the coach's side: only its coach
SIGNED_IN = "signed_in"  # no object: every signed-in user gets their own page
PUBLIC = "public"  # no login needed (the secret in the URL is the key, if any)


@dataclass(frozen=True)
class Route:
    route: str  # the full pattern, e.g. "applications/<int:pk>/"
    name: str  # with its namespace, e.g. "applications:detail"
    kwargs: tuple  # the names of the URL's arguments
    callback: object

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def walk(patterns=None, prefix="", namespace=""):
    """Every URL pattern under the root URLconf, admin included, depth first."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            names = tuple(pattern.pattern.regex.groupindex)
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield Route(route, name, names, pattern.callback)


def project_routes():
    return list(walk())


def app_routes():
    return [route for route in project_routes() if not route.is_admin]


def admin_routes():
    return [route for route in project_routes() if route.is_admin]


@dataclass
class Entry:
    """One URL name: the object it takes (a key of the World, None for none), who may use it,
    and the status the allowed roles get for GET and for POST (an int, a tuple of acceptable
    ones, or a dict of those by role, with "signed_in" for every signed-in role)."""

    who: str
    obj: str | None = None
    get: int | tuple | dict = 200
    post: int | tuple | dict = 200
    arg: str = "pk"  # the name of the URL argument the object's key goes to
    attr: str = "pk"  # the attribute of the object that goes there
    notes: str = ""
    extra: dict = field(default_factory=dict)

    def status(self, method: str, role: str) -> tuple:
        """The acceptable statuses for an allowed role."""
        expected = self.get if method == "get" else self.post
        if isinstance(expected, dict):
            expected = expected[role] if role in expected else expected["signed_in"]
        return expected if isinstance(expected, tuple) else (expected,)


# POST-only views answer GET with 405 before they look anything up; GET-only views answer POST
# with 405 the same way. Most pages that only show something do not check the method, and answer
# a POST as they answer a GET (200): harmless, since a POST needs the CSRF token (test_csrf.py).
# Sign-up and log-in send someone already signed in on to their dashboard.
SIGNED_OUT_FORM = {"anonymous": 200, "signed_in": 302}

REGISTRY = {
    # accounts
    "home": Entry(PUBLIC, get=200, post=200),
    "signup": Entry(PUBLIC, get=SIGNED_OUT_FORM, post=SIGNED_OUT_FORM),
    "login": Entry(PUBLIC, get=SIGNED_OUT_FORM, post=SIGNED_OUT_FORM),
    "logout": Entry(SIGNED_IN, get=405, post=302),
    "settings": Entry(SIGNED_IN, get=200, post=200),
    "password_change": Entry(SIGNED_IN, get=200, post=200),
    "account_export": Entry(SIGNED_IN, get=200, post=405),
    "account_delete": Entry(SIGNED_IN, get=200, post=200),
    "calendar_link": Entry(SIGNED_IN, get=405, post=302),
    "password_reset": Entry(PUBLIC, get=200, post=302),
    "password_reset_done": Entry(PUBLIC, get=200, post=405),
    "password_reset_confirm": Entry(PUBLIC, obj="password_reset", get=302, post=302),
    "password_reset_complete": Entry(PUBLIC, get=200, post=405),
    # config: the deployment's health check (answered by config.health.HealthCheckMiddleware)
    "health": Entry(
        PUBLIC, get=(200, 503), post=405, notes="503 when Redis is not running here: either is fine"
    ),
    # applications
    "dashboard": Entry(SIGNED_IN, get=200, post=200),
    "applications:list": Entry(SIGNED_IN, get=200, post=405),
    "applications:board": Entry(SIGNED_IN, get=200, post=200),
    "applications:pipeline": Entry(SIGNED_IN, get=200, post=200),
    "applications:create": Entry(SIGNED_IN, get=200, post=200),
    "applications:from_link": Entry(SIGNED_IN, get=405, post=200),
    "applications:detail": Entry(OWNER, "application", get=200, post=405),
    "applications:update": Entry(OWNER, "application", get=200, post=200),
    "applications:delete": Entry(OWNER, "application", get=200, post=302),
    "applications:move": Entry(OWNER, "application", get=405, post=302),
    "applications:pipeline_move": Entry(OWNER, "application", get=405, post=302),
    "applications:pin_second": Entry(OWNER, "application", get=405, post=302),
    "applications:interview_create": Entry(
        OWNER,
        "application",
        arg="application_pk",
        get=200,
        post=200,
        notes="the hostile data has no date: the owner gets the form back with its errors",
    ),
    "applications:interview_update": Entry(OWNER, "interview", get=200, post=200),
    "applications:interview_delete": Entry(OWNER, "interview", get=200, post=302),
    "applications:company_list": Entry(SIGNED_IN, get=200, post=405),
    "applications:company_create": Entry(SIGNED_IN, get=200, post=302),
    "applications:company_detail": Entry(OWNER, "company", get=200, post=405),
    "applications:company_update": Entry(OWNER, "company", get=200, post=302),
    "applications:company_delete": Entry(OWNER, "company", get=200, post=302),
    "applications:company_hide": Entry(OWNER, "company", get=405, post=302),
    "applications:contact_create": Entry(
        SIGNED_IN,
        get=200,
        post={"owner": 302, "signed_in": 200},
        notes="the data names the owner's company: anyone else gets the form with an error",
    ),
    "applications:contact_detail": Entry(OWNER, "contact", get=200, post=405),
    "applications:conversation_create": Entry(
        OWNER,
        "contact",
        arg="contact_pk",
        get=200,
        post=200,
        notes="the hostile data has no date: the owner gets the form back with its errors",
    ),
    "applications:conversation_update": Entry(
        OWNER,
        "conversation",
        get=200,
        post=200,
        notes="the hostile data has no date: the owner gets the form back with its errors",
    ),
    "applications:conversation_delete": Entry(OWNER, "conversation", get=200, post=302),
    "applications:contact_update": Entry(OWNER, "contact", get=200, post=302),
    "applications:contact_delete": Entry(OWNER, "contact", get=200, post=302),
    "applications:import": Entry(SIGNED_IN, get=200, post=200),
    "applications:import_mapping": Entry(OWNER, "batch", arg="batch_id", get=200, post=200),
    "applications:import_check": Entry(OWNER, "batch", arg="batch_id", get=200, post=405),
    "applications:import_confirm": Entry(OWNER, "batch", arg="batch_id", get=405, post=302),
    "applications:import_report": Entry(OWNER, "batch", arg="batch_id", get=200, post=405),
    "applications:import_done": Entry(OWNER, "batch", arg="batch_id", get=302, post=302),
    "applications:import_progress": Entry(
        OWNER, "batch", arg="batch_id", get=302, post=405, notes="no job yet: on to the check"
    ),
    "applications:import_rejected": Entry(
        OWNER,
        "imported_batch",
        arg="batch_id",
        get=200,
        post=405,
        notes="a batch imported with its good rows only, and the rows it left out",
    ),
    "applications:export": Entry(SIGNED_IN, get=200, post=405),
    # rejections
    "rejections:log": Entry(OWNER, "application", get=200, post=302),
    "rejections:list": Entry(SIGNED_IN, get=200, post=200),
    "rejections:detail": Entry(OWNER, "rejection", get=200, post=200),
    "rejections:edit": Entry(OWNER, "rejection", get=200, post=302),
    "rejections:feelings": Entry(OWNER, "rejection", get=200, post=302),
    "rejections:gaps": Entry(OWNER, "rejection", get=200, post=302),
    "rejections:next": Entry(OWNER, "rejection", get=200, post=200),
    "rejections:delete": Entry(OWNER, "rejection", get=200, post=302),
    "rejections:recurring_gaps": Entry(SIGNED_IN, get=200, post=200),
    "rejections:gap_delete": Entry(OWNER, "gap", get=405, post=302),
    "rejections:plan_list": Entry(SIGNED_IN, get=200, post=200),
    "rejections:plan_create": Entry(SIGNED_IN, get=200, post=302),
    "rejections:plan_detail": Entry(OWNER, "plan", get=200, post=200),
    "rejections:plan_update": Entry(OWNER, "plan", get=200, post=302),
    "rejections:plan_delete": Entry(OWNER, "plan", get=200, post=302),
    "rejections:plan_add_suggested": Entry(OWNER, "plan", get=405, post=302),
    "rejections:step_create": Entry(OWNER, "plan", arg="plan_pk", get=200, post=200),
    "rejections:step_update": Entry(OWNER, "step", get=200, post=200),
    "rejections:step_status": Entry(OWNER, "step", get=405, post=302),
    "rejections:step_delete": Entry(OWNER, "step", get=200, post=302),
    # followups
    "followups:list": Entry(SIGNED_IN, get=200, post=200),
    "followups:detail": Entry(OWNER, "follow_up", get=200, post=302),
    "followups:tone_check": Entry(OWNER, "follow_up", get=405, post=200),
    "followups:check_message": Entry(
        SIGNED_IN, get=200, post=200, notes="checks any text; saves nothing, so a POST is a page"
    ),
    "followups:close": Entry(OWNER, "follow_up", get=405, post=302),
    "followups:snooze": Entry(OWNER, "follow_up", get=405, post=302),
    "followups:update": Entry(OWNER, "follow_up", get=200, post=302),
    "followups:delete": Entry(OWNER, "follow_up", get=200, post=302),
    "followups:create": Entry(OWNER, "application", arg="application_pk", get=200, post=302),
    "followups:stay_on_radar": Entry(OWNER, "rejection", get=200, post=302),
    "followups:calendar_feed": Entry(
        PUBLIC,
        "profile",
        arg="token",
        attr="calendar_token",
        get=200,
        post=405,
        notes="the secret address is the key, whoever holds it",
    ),
    # chances
    "chances:take": Entry(OWNER, "match", get=405, post=302),
    "chances:mute": Entry(OWNER, "match", get=405, post=302),
    "chances:mute_company": Entry(OWNER, "match", get=405, post=302),
    # coaching
    "coaching:access": Entry(SIGNED_IN, get=200, post=302),
    "coaching:revoke": Entry(OWNER, "grant", get=405, post=302),
    "coaching:invitation": Entry(
        PUBLIC,
        "invitation",
        arg="token",
        attr="token",
        get=200,
        post=200,
        notes="the emailed link: the token is the key, whoever holds it",
    ),
    "coaching:clients": Entry(SIGNED_IN, get=200, post=405),
    "coaching:accept": Entry(CLIENT_COACH, "grant", get=405, post=302),
    "coaching:end": Entry(CLIENT_COACH, "grant", get=405, post=302),
    # insights
    "insights:index": Entry(SIGNED_IN, get=200, post=200),
    # watching
    "watching:watch": Entry(
        OWNER,
        "company",
        get=200,
        post=200,
        notes="the hostile data has no URL: the owner gets the form back with its error",
    ),
    "watching:mute": Entry(OWNER, "company", get=405, post=302),
    "watching:stop": Entry(OWNER, "company", get=405, post=302),
    # documents
    "documents:list": Entry(
        SIGNED_IN, get=200, post=200, notes="the hostile data has no file: the form comes back"
    ),
    "documents:download": Entry(OWNER, "document", get=200, post=405),
    "documents:rename": Entry(OWNER, "document", get=200, post=302),
    "documents:delete": Entry(OWNER, "document", get=200, post=302),
}


# The objects


class World:
    """The owner's search, one of everything, with MARKER in its text; the granted coach (a live
    grant), another coach, another seeker; a pending invitation to someone with no account."""

    def __init__(self):
        self.owner = UserFactory(email="owner@example.com", name="Owen Owner")
        self.granted_coach = CoachFactory(email="granted@example.com", name="Grace Granted")
        self.other_coach = CoachFactory(email="stranger@example.com", name="Stan Stranger")
        self.other_seeker = UserFactory(email="other@example.com", name="Olive Other")
        # Each other role has a little data of their own, so their pages are not empty.
        ApplicationFactory(
            owner=self.other_seeker,
            company__name=f"{OTHER_MARKER} Elsewhere",
            role_title=f"{OTHER_MARKER} role",
        )
        self.company = CompanyFactory(owner=self.owner, name=f"{MARKER} Northwind")
        self.contact = ContactFactory(company=self.company, name=f"{MARKER} Rita Recruiter")
        self.document = DocumentFactory(owner=self.owner, label=f"{MARKER} resume")
        self.application = ApplicationFactory(
            owner=self.owner,
            company=self.company,
            role_title=f"{MARKER} Analyst",
            stage=Stage.SCREENING,
            resume=self.document,
        )
        set_tags(application=self.application, names=[f"{MARKER} remote"])
        rejected = ApplicationFactory(
            owner=self.owner,
            company=self.company,
            role_title=f"{MARKER} Engineer",
            stage=Stage.INTERVIEWING,
        )
        self.rejection = RejectionFactory(  # the words name a gap: "What to learn" proposes it
            application=rejected,
            employer_words=f"{MARKER} feedback. We chose someone with a Kubernetes certification.",
        )
        CheckInFactory(rejection=self.rejection, feeling="anger")
        self.watch = watch_factory(self.company, "https://boards.greenhouse.io/world")
        board = self.watch.board
        self.match = Match.objects.create(
            owner=self.owner,
            posting=Posting.objects.create(
                board=board,
                external_id="1",
                title=f"{MARKER} Senior Engineer",
                first_seen=timezone.now(),
                last_seen=timezone.now(),
            ),
            application=rejected,
            score=0.9,
        )
        self.gap = GapFactory(rejection=self.rejection, description=f"{MARKER} SQL tuning")
        self.plan = PlanFactory(owner=self.owner, title=f"{MARKER} plan")
        self.step = PlanStepFactory(plan=self.plan, title=f"{MARKER} step")
        self.interview = InterviewFactory(
            application=self.application, kind="panel", preparation=f"{MARKER} prepare"
        )
        self.interview.interviewers.set([self.contact])
        self.conversation = log_conversation(
            contact=self.contact,
            application=self.application,
            happened_on=date(2026, 3, 12),
            kind="call",
            note=f"{MARKER} talked about the team",
        )
        self.follow_up = FollowUpFactory(
            application=self.application, contact=self.contact, subject=f"{MARKER} hello"
        )
        # Read once, then failed reads: the company page and the dashboard say why.
        Board.objects.filter(pk=board.pk).update(
            last_read_at=timezone.now(),
            last_error="Greenhouse answered 503 (a server error).",
            failures=3,
        )
        self.grant = GrantFactory(seeker=self.owner, accepted_by=self.granted_coach)
        self.invitation = GrantFactory(seeker=self.owner, email="invitee@example.com")
        self.profile = self.owner.profile
        self.profile.new_calendar_token()
        self.batch = self.upload_batch()
        self.imported_batch = self.upload_batch(bad_row=True)
        client = Client()
        client.force_login(self.owner)
        response = client.post(
            reverse("applications:import_confirm", kwargs={"batch_id": self.imported_batch.pk}),
            {"mode": "good"},
        )
        assert response.status_code == 302, response.content.decode()[:500]

    @property
    def password_reset(self) -> dict:
        """The emailed link's arguments, made when the URL is: the token covers last_login to
        the second, so one made before the test signs the owner in may already be stale (and
        the World may outlive a test that signed the owner in: its last_login is read afresh)."""
        owner = User.objects.get(pk=self.owner.pk)  # as the database has it, for this test
        return {
            "uidb64": urlsafe_base64_encode(force_bytes(owner.pk)),
            "token": default_token_generator.make_token(owner),
        }

    def upload_batch(self, bad_row=False):
        client = Client()
        client.force_login(self.owner)
        data = f"Company,Job Title,Status\n{MARKER} Import Co,Analyst,Applied\n".encode()
        if bad_row:  # and a good row of its own, or the other batch's would be a duplicate
            data = b"Company,Job Title,Status\n"
            data += f"{MARKER} Bulk Co,Analyst,Applied\n{MARKER} No Title Co,,Applied\n".encode()
        response = client.post(
            reverse("applications:import"),
            {
                "file": SimpleUploadedFile("jobs.csv", data, "text/csv"),
                "default_stage": "applied",
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]
        return ImportBatch.objects.owned_by(self.owner).latest("pk")

    def user(self, role):
        return None if role == "anonymous" else getattr(self, role)

    def url(self, route: Route) -> str:
        entry = REGISTRY[route.name]
        if entry.obj is None:
            return reverse(route.name)
        target = getattr(self, entry.obj)
        if isinstance(target, dict):
            return reverse(route.name, kwargs=target)
        return reverse(route.name, kwargs={entry.arg: getattr(target, entry.attr)})


def hostile_data(world) -> dict:
    """Everything any of the forms would accept, so only ownership can stop a change."""
    return {
        "stage": "offer",
        "direction": "up",
        "action": "pin",
        "name": "Hijacked",
        "role_title": "Hijacked",
        "company": world.company.pk,
        "title": "Hijacked",
        "description": "Hijacked",
        "subject": "Hijacked",
        "body": "Hijacked",
        "state": "done",
        "status": "done",
        "days": "7",
        "until": "2027-01-01",
        "kind": "check_in",
        "due_on": "2027-01-01",
        "contact": world.contact.pk,
        "resume": world.document.pk,
        "label": "Hijacked",
        "feeling": "acceptance",
        "received_on": "2026-01-01",
        "channel": "email",
        "stage_reached": "applied",
        "email": "hijacked@example.com",
        "category": "skill",
        "tags": "Hijacked",
        "next": "/dashboard/",
        # The stay-on-radar formset: one follow-up, included.
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-include": "on",
        "form-0-kind": "gracious_reply",
        "form-0-due_on": "2027-01-01",
    }


@functools.cache
def table_queries(include_sessions: bool) -> tuple:
    """(model label, SQL for all its rows in primary key order), for every table. The names
    are the models' own, quoted: no input goes into the SQL."""
    quote = connection.ops.quote_name
    queries = []
    for model in apps.get_models(include_auto_created=True):
        if include_sessions or model is not Session:
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            queries.append((model._meta.label, f"SELECT * FROM {table} ORDER BY {pk}"))  # noqa: S608
    return tuple(queries)


def snapshot(include_sessions=False):
    """Every row of every table, many-to-many links included (sessions only when asked:
    signing out deletes one), as the database holds it. The one "nothing changed" check every
    test uses, so it is plain SQL: the ORM's query building was most of the matrix's time."""
    with connection.cursor() as cursor:
        rows = {}
        for label, sql in table_queries(include_sessions):
            cursor.execute(sql)
            rows[label] = cursor.fetchall()
        return rows


def owned_snapshot(user):
    """The rows that are the user's: those their models' owner_path leads from to the user."""
    return {
        model._meta.label: list(
            model._default_manager.filter(**{path: user.pk}).order_by("pk").values()
        )
        for model in apps.get_models(include_auto_created=True)
        if (path := owner_path(model)) and not model._meta.proxy
    }


def unregistered(routes) -> list[str]:
    return sorted(
        f"{route.name or '(unnamed)'} at /{route.route}"
        for route in routes
        if route.name not in REGISTRY
    )
