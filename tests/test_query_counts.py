"""Every list-like page runs a constant number of queries, however many rows it shows.

Seeker pages (SEEKER_PAGES, and the CSV import's steps): each page is opened with one row of
everything a seeker can have, made with the factories (and one related row of each kind on the
objects the detail pages show), then again with MANY more of each; the counts must be equal.
Another seeker's rows are there all along. A dropdown of the seeker's rows counts as a list.

Admin: every changelist registered in `admin.site` is opened by a superuser with one object and
with 1 + MANY (the coach's side is pinned in test_coach_admin.py). A new ModelAdmin is covered
as soon as it is registered: ROW_MAKERS must say how to make its rows, or the test says so.

The many rows are made in bulk (bulk_create sends no signals: the rows are set up here as the
app would have left them), so the file stays fast.

To check that these tests still catch a per-row query, drop a select_related or prefetch the
page relies on (or a ModelAdmin's list_select_related): its case here fails."""

import itertools
from dataclasses import dataclass
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, User
from applications import importing
from applications.models import (
    Application,
    Company,
    Contact,
    Conversation,
    ConversationKind,
    Interview,
    Source,
    Stage,
    StageChange,
    Tag,
)
from applications.services import log_conversation, start_import
from chances.models import Match
from coaching.models import Client, CoachComment, CoachGrant, EndedBy
from documents.filetypes import PDF
from documents.models import Document, DocumentKind
from followups.models import FollowUp, FollowUpKind, FollowUpState, Reminder, ReminderState
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
from watching.models import Board, Host, Posting, Watch

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
)

pytestmark = pytest.mark.django_db

MANY = 25  # rows added to the first one: the "many" count is taken with 1 + MANY

SEQ = itertools.count()


def cycle(values, n):
    return [values[i % len(values)] for i in range(n)]


# Rows in bulk: one child per parent given ------------------------------------------------------


def make_users(n, **fields) -> list[User]:
    """Users with their profiles, as User.save() makes them."""
    users = User.objects.bulk_create(
        [
            User(email=f"bulk{k}@example.com", name=f"Bulk Person {k}", password="!", **fields)
            for k in (next(SEQ) for _ in range(n))
        ]
    )
    Profile.objects.bulk_create([Profile(user=user) for user in users])
    return users


def make_companies(owners, **fields) -> list[Company]:
    return Company.objects.bulk_create(
        [Company(owner_id=owner.pk, name=f"Employer {next(SEQ)}", **fields) for owner in owners]
    )


def make_contacts(companies) -> list[Contact]:
    return Contact.objects.bulk_create(
        [
            Contact(owner_id=c.owner_id, company=c, name=f"Contact {next(SEQ)}", role="Recruiter")
            for c in companies
        ]
    )


def make_conversations(contacts, days_ago=3) -> list[Conversation]:
    """One conversation per contact given, of every kind in turn, `days_ago` days ago or more."""
    today = timezone.localdate()
    kinds = ConversationKind.values
    return Conversation.objects.bulk_create(
        [
            Conversation(
                contact=contact,
                happened_on=today - timedelta(days=days_ago + i % 7),
                kind=kinds[i % len(kinds)],
                note="We talked",
            )
            for i, contact in enumerate(contacts)
        ]
    )


def tag_all(applications) -> None:
    """Two tags on each application: the seeker's "remote", and one of its own."""
    owners = {app.owner_id for app in applications}
    remote = {
        owner: Tag.objects.get_or_create(owner_id=owner, name="remote")[0] for owner in owners
    }
    own = Tag.objects.bulk_create(
        [Tag(owner_id=app.owner_id, name=f"Tag {next(SEQ)}") for app in applications]
    )
    Application.tags.through.objects.bulk_create(
        [
            Application.tags.through(application=app, tag=tag)
            for app, mine in zip(applications, own, strict=True)
            for tag in (remote[app.owner_id], mine)
        ]
    )


def make_applications(companies, stages, **fields) -> list[Application]:
    """Applications with their timeline: the first entry, and the move to where they are."""
    today = timezone.localdate()
    applications = Application.objects.bulk_create(
        [
            Application(
                owner_id=company.owner_id,
                company=company,
                role_title=f"Analyst {next(SEQ)}",
                stage=stage,
                applied_on=None if stage == Stage.WISHLIST else today - timedelta(days=i % 40),
                source=Source.values[i % len(Source.values)],
                excitement=1 + i % 5,
                **fields,
            )
            for i, (company, stage) in enumerate(zip(companies, stages, strict=True))
        ]
    )
    make_stage_changes(applications)
    return applications


def make_documents(owners, kinds=(DocumentKind.RESUME, DocumentKind.COVER_LETTER)):
    """Resume and cover-letter versions as uploads leave them (the rows only: no page here
    reads the files)."""
    return Document.objects.bulk_create(
        [
            Document(
                owner_id=owner.pk,
                kind=kind,
                label=f"Version {k}",
                file=f"documents/{owner.pk}/{k:032x}.pdf",
                original_name=f"version {k}.pdf",
                content_type=PDF.content_type,
                extension=PDF.extension,
                size=1000 + k,
            )
            for owner, kind in zip(owners, itertools.cycle(kinds), strict=False)
            for k in [next(SEQ)]
        ]
    )


def send_with(applications, documents) -> None:
    """Note which version went with each application (resumes and cover letters in turn)."""
    for application, document in zip(applications, itertools.cycle(documents), strict=False):
        field = "resume" if document.kind == DocumentKind.RESUME else "cover_letter"
        setattr(application, field, document)
    Application.objects.bulk_update(applications, ["resume", "cover_letter"])


def make_stage_changes(applications) -> list[StageChange]:
    now = timezone.now()
    return StageChange.objects.bulk_create(
        [
            StageChange(
                owner_id=app.owner_id,
                application=app,
                from_stage=from_stage,
                to_stage=app.stage if from_stage else Stage.APPLIED,
                changed_at=now - timedelta(days=1 if from_stage else 5),
            )
            for app in applications
            for from_stage in ("", Stage.APPLIED)
        ]
    )


def make_rejections(applications, contacts) -> list[Rejection]:
    """For applications in the rejected stage, with who said it."""
    today = timezone.localdate()
    return Rejection.objects.bulk_create(
        [
            Rejection(
                owner_id=app.owner_id,
                application=app,
                contact=contact,
                received_on=today - timedelta(days=i % 20),
                channel=Channel.values[i % len(Channel.values)],
                stage_reached=Stage.INTERVIEWING,
                previous_stage=Stage.INTERVIEWING,
                employer_words="We went with someone with more SQL.",
                is_actionable=True,
            )
            for i, (app, contact) in enumerate(zip(applications, contacts, strict=True))
        ]
    )


def make_check_ins(rejections) -> list[CheckIn]:
    feelings = Feeling.values
    return CheckIn.objects.bulk_create(
        [
            CheckIn(owner_id=r.owner_id, rejection=r, feeling=feelings[i % len(feelings)], note="x")
            for i, r in enumerate(rejections)
        ]
    )


def make_gaps(rejections) -> list[Gap]:
    categories = GapCategory.values
    return Gap.objects.bulk_create(
        [
            Gap(
                owner_id=r.owner_id,
                rejection=r,
                category=categories[i % len(categories)],
                description=f"Skill{next(SEQ)} tuning",
            )
            for i, r in enumerate(rejections)
        ]
    )


def make_plans(owners) -> list[Plan]:
    return Plan.objects.bulk_create(
        [Plan(owner_id=o.pk, title=f"Plan {next(SEQ)}", target_role="Analyst") for o in owners]
    )


def make_steps(plans) -> list[PlanStep]:
    """One step per plan, of every status in turn; some overdue."""
    today = timezone.localdate()
    statuses = StepStatus.values
    return PlanStep.objects.bulk_create(
        [
            PlanStep(
                plan=plan,
                kind=StepKind.values[i % len(StepKind.values)],
                title=f"Step {next(SEQ)}",
                due_on=today + timedelta(days=i % 7 - 3),
                status=statuses[i % len(statuses)],
                completed_on=today if statuses[i % len(statuses)] == StepStatus.DONE else None,
            )
            for i, plan in enumerate(plans)
        ]
    )


def link_gaps(plans, gaps) -> None:
    Plan.gaps.through.objects.bulk_create(
        [Plan.gaps.through(plan=p, gap=g) for p, g in zip(plans, gaps, strict=True)]
    )


# Overdue, due today, upcoming, done and skipped, in turn.
SECTIONS = [(-3, FollowUpState.SCHEDULED), (0, FollowUpState.SCHEDULED),
            (5, FollowUpState.SCHEDULED), (-10, FollowUpState.DONE),
            (-10, FollowUpState.SKIPPED)]  # fmt: skip


def make_follow_ups(applications, contacts, rejections=None) -> list[FollowUp]:
    today, now = timezone.localdate(), timezone.now()
    rejections = rejections or [None] * len(applications)
    rows = []
    for i, (app, contact, rejection) in enumerate(
        zip(applications, contacts, rejections, strict=True)
    ):
        days, state = SECTIONS[i % len(SECTIONS)]
        rows.append(
            FollowUp(
                owner_id=app.owner_id,
                application=app,
                contact=contact,
                rejection=rejection,
                kind=FollowUpKind.values[i % len(FollowUpKind.values)],
                due_on=today + timedelta(days=days),
                state=state,
                done_at=now if state == FollowUpState.DONE else None,
                subject="Checking in",
                body="Hello",
            )
        )
    return FollowUp.objects.bulk_create(rows)


def make_interviews(applications, contacts) -> list[Interview]:
    """An upcoming interview per application (the board, list and dashboard show the next one),
    with an interviewer."""
    soon = timezone.now() + timedelta(days=2)
    interviews = Interview.objects.bulk_create(
        Interview(owner_id=app.owner_id, application=app, starts_at=soon + timedelta(hours=i))
        for i, app in enumerate(applications)
    )
    Interview.interviewers.through.objects.bulk_create(
        Interview.interviewers.through(interview=interview, contact=contact)
        for interview, contact in zip(interviews, contacts, strict=True)
    )
    return interviews


def make_comments(coaches, items) -> list[CoachComment]:
    """A comment on each item (an application, a rejection or a plan), by each coach in turn."""
    rows = []
    for coach, item in zip(itertools.cycle(coaches), items):
        kind = {Application: "application", Rejection: "rejection", Plan: "plan"}[type(item)]
        rows.append(
            CoachComment(coach=coach, seeker_id=item.owner_id, body="Good work", **{kind: item})
        )
    return CoachComment.objects.bulk_create(rows)


def make_grants(seekers, coaches) -> list[CoachGrant]:
    """Live, pending (not yet any coach) and ended grants, in turn."""
    now = timezone.now()
    rows = []
    for i, (seeker, coach) in enumerate(zip(seekers, coaches, strict=True)):
        kind = i % 3
        rows.append(
            CoachGrant(
                seeker=seeker,
                email=coach.email,
                coach=None if kind == 1 else coach,
                accepted_at=None if kind == 1 else now,
                ended_at=now if kind == 2 else None,
                ended_by=EndedBy.COACH if kind == 2 else "",
            )
        )
    return CoachGrant.objects.bulk_create(rows)


def make_reminders(owners) -> list[Reminder]:
    today = timezone.localdate()
    return Reminder.objects.bulk_create(
        [
            Reminder(
                owner=owner,
                day=today - timedelta(days=next(SEQ)),
                state=ReminderState.values[i % len(ReminderState.values)],
                follow_up_count=i,
            )
            for i, owner in enumerate(owners)
        ]
    )


# A seeker's search --------------------------------------------------------------------------


@dataclass
class World:
    """The seeker's first rows: the objects whose detail and edit pages the tests open."""

    company: Company
    contact: Contact
    application: Application  # the dream job, live
    rejection: Rejection
    plan: Plan
    follow_up: FollowUp
    conversation: Conversation


# Stages of the applications that are not rejected.
STAGES = [Stage.INTERVIEWING, Stage.WISHLIST, Stage.APPLIED, Stage.SCREENING, Stage.OFFER,
          Stage.ACCEPTED, Stage.WITHDRAWN, Stage.GHOSTED]  # fmt: skip


def first_rows(seeker) -> World:
    """One row of each kind, made as the app makes them (the factories go through the models'
    own methods: the timeline, Rejection.record, the follow-up drafts)."""
    company = CompanyFactory(owner=seeker)
    CompanyFactory(owner=seeker, is_hidden=True)
    contact = ContactFactory(company=company)
    application = ApplicationFactory(
        owner=seeker, company=company, stage=Stage.INTERVIEWING, is_dream_job=True
    )
    tag_all([application])
    rejection = RejectionFactory(
        application=ApplicationFactory(owner=seeker, company=company, stage=Stage.SCREENING),
        contact=contact,
    )
    send_with([application], [DocumentFactory(owner=seeker)])
    plan = PlanFactory(owner=seeker)
    plan.gaps.add(GapFactory(rejection=rejection))
    PlanStepFactory(plan=plan)
    CheckInFactory(rejection=rejection)
    follow_up = FollowUpFactory(application=application, contact=contact)
    InterviewFactory(application=application).interviewers.set([contact])
    FollowUpFactory(application=rejection.application, rejection=rejection, state="done")
    second_chances(seeker, [rejection.application], application)
    # Long ago, at a company that rejected the seeker: the dashboard's nudge lists the contact.
    conversation = log_conversation(
        contact=contact,
        application=application,
        happened_on=timezone.localdate() - timedelta(days=90),
        kind="call",
    )
    coach = CoachFactory()
    GrantFactory(seeker=seeker, accepted_by=coach)
    GrantFactory(email=seeker.email)  # an invitation to this seeker, as a coach of another
    for item in {"application": application, "rejection": rejection, "plan": plan}.items():
        CoachComment.objects.create(coach=coach, body="Nice", **dict([item]))
    return World(company, contact, application, rejection, plan, follow_up, conversation)


def second_chances(seeker, rejected, application):
    """A second chance (a posting) for each rejected application, and as many applications
    taken as second chances after `application` (its timeline lists them)."""
    n = len(rejected)
    Match.objects.bulk_create(
        Match(owner=seeker, posting=posting, application=app, score=0.8)
        for app, posting in zip(rejected, postings(n), strict=True)
    )
    later = make_applications([application.company] * n, [Stage.WISHLIST] * n)
    Application.objects.filter(pk__in=[a.pk for a in later]).update(second_chance_of=application)


def grow(seeker, n, world) -> World:
    """n more of everything the seeker's pages list, and n more rows of each kind on the
    objects the detail pages show (`world`, the seeker's first rows)."""
    companies = make_companies([seeker] * n)
    hidden = make_companies([seeker] * n, is_hidden=True)
    contacts = make_contacts(companies + hidden)[:n]
    applications = make_applications(companies, cycle(STAGES, n))
    send_with(applications, make_documents([seeker] * n))
    rejected = make_applications(companies, [Stage.REJECTED] * n)
    tag_all(applications)
    rejections = make_rejections(rejected, contacts)
    make_conversations(contacts, days_ago=90)  # at companies that said no: the nudge
    gaps = make_gaps(rejections)
    make_check_ins(rejections)
    plans = make_plans([seeker] * n)
    make_steps(plans)
    link_gaps(plans, gaps)
    make_follow_ups(applications, contacts)
    make_follow_ups(rejected, contacts, rejections)
    make_interviews(applications, contacts)
    second_chances(seeker, rejected, world.application)
    coaches = make_users(n)
    make_comments(coaches, applications + rejections + plans)
    # Coaches of this seeker, and this seeker as a coach of others (the /coaching/ page).
    make_grants([seeker] * n, coaches)
    make_grants(make_users(n), [seeker] * n)

    # n more related rows on each object a detail page shows.
    people = make_contacts([world.company] * n)
    make_conversations(people + [world.contact] * n)
    make_applications([world.company] * n, cycle(STAGES[1:], n))
    make_stage_changes([world.application] * n)
    make_follow_ups([world.application] * n, people)
    make_interviews([world.application] * n, people)
    make_check_ins([world.rejection] * n)
    hub_gaps = make_gaps([world.rejection] * n)
    link_gaps([world.plan] * n, hub_gaps)
    make_steps([world.plan] * n)
    make_comments(coaches, [world.application, world.rejection, world.plan] * n)
    return world


def queries_for(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        if response.streaming:
            b"".join(response.streaming_content)  # the queries run as the file streams
    return len(ctx.captured_queries)


def view(name, on=None, **params):
    """A page: its URL name, the world's object it is about (if any), its query string."""
    return name, on, params


# Every seeker page that lists rows (in a dropdown too), by test id.
SEEKER_PAGES = {
    "dashboard": view("dashboard"),
    "applications": view("applications:list"),
    "applications, filtered": view(
        "applications:list", q="a", stage="open", sort="company", tag="remote"
    ),
    "board": view("applications:board"),
    "board, tagged": view("applications:board", tag="remote"),
    "pipeline": view("applications:pipeline"),
    "application": view("applications:detail", "application"),
    "new application": view("applications:create"),  # the companies to choose from
    "edit application": view("applications:update", "application"),
    "companies": view("applications:company_list"),
    "hidden companies": view("applications:company_list", hidden="1"),
    "company": view("applications:company_detail", "company"),
    "new contact": view("applications:contact_create"),
    "edit contact": view("applications:contact_update", "contact"),
    "contact": view("applications:contact_detail", "contact"),
    "log a conversation": view("applications:conversation_create", "contact"),  # applications
    "edit conversation": view("applications:conversation_update", "conversation"),
    "CSV export": view("applications:export"),
    "rejections": view("rejections:list"),
    "rejection": view("rejections:detail", "rejection"),
    "log a rejection": view("rejections:log", "application"),  # the contacts to choose
    "edit rejection": view("rejections:edit", "rejection"),
    "feelings": view("rejections:feelings", "rejection"),
    "gaps": view("rejections:gaps", "rejection"),
    "what next": view("rejections:next", "rejection"),
    "recurring gaps": view("rejections:recurring_gaps"),
    "plans": view("rejections:plan_list"),
    "plan": view("rejections:plan_detail", "plan"),
    "new plan": view("rejections:plan_create"),  # the gaps to choose from
    "edit plan": view("rejections:plan_update", "plan"),
    "follow-ups": view("followups:list"),
    "follow-up draft": view("followups:detail", "follow_up"),
    "new follow-up": view("followups:create", "application"),  # the contacts to choose
    "edit follow-up": view("followups:update", "follow_up"),
    "coaches": view("coaching:access"),
    "clients (as a coach)": view("coaching:clients"),
    "settings": view("settings"),
    "JSON export": view("account_export"),
    "insights": view("insights:index"),
    "documents": view("documents:list"),
}


def url_of(spec, world):
    name, on, params = spec
    return reverse(name, args=[getattr(world, on).pk] if on else []), params


@pytest.mark.parametrize("seeker_page", SEEKER_PAGES)
def test_seeker_pages_run_as_many_queries_for_many_rows_as_for_one(
    client, seeker, other_seeker, seeker_page
):
    grow(other_seeker, 2, first_rows(other_seeker))
    world = first_rows(seeker)
    client.force_login(seeker)
    url, params = url_of(SEEKER_PAGES[seeker_page], world)
    with_one = queries_for(client, url, **params)
    grow(seeker, MANY, world)
    with_many = queries_for(client, url, **params)
    print(f"\n{seeker_page}: {with_many} queries")
    assert with_one == with_many, (
        f"{seeker_page}: {with_one} queries with 1 row of each kind, {with_many} with {1 + MANY}"
    )


# The CSV import's steps list the file's rows, its bad rows and the duplicates it would make.


def import_batch(seeker, n):
    """An upload of n new rows, n bad ones and n duplicates of the seeker's applications."""
    companies = make_companies([seeker] * n)
    lines = ["Company,Job Title,Status,Date Applied"]
    for app in make_applications(companies, [Stage.APPLIED] * n):
        name = app.company.name
        lines += [f"{name},{app.role_title},Applied,2026-01-05", f"New {name},Engineer,Interview,"]
        lines += [f"{name},,Applied,2026-01-07"]
    data = "\n".join(lines).encode()
    found = importing.inspect(data)
    batch = start_import(
        owner=seeker, file_name="jobs.csv", data=data, found=found, default_stage=Stage.APPLIED
    )
    outcome = importing.check(batch)
    assert (outcome.good, outcome.bad, outcome.duplicates) == (n, n, n)
    return batch


IMPORT_STEPS = ["applications:import_mapping", "applications:import_check"]
IMPORT_STEPS += ["applications:import_report"]  # every problem, as a CSV download


@pytest.mark.parametrize("step", IMPORT_STEPS)
def test_import_steps_run_as_many_queries_for_many_rows_as_for_one(
    client, seeker, other_seeker, step
):
    import_batch(other_seeker, 2)
    client.force_login(seeker)
    with_one = queries_for(client, reverse(step, args=[import_batch(seeker, 1).pk]))
    with_many = queries_for(client, reverse(step, args=[import_batch(seeker, 1 + MANY).pk]))
    print(f"\n{step}: {with_many} queries")
    assert with_one == with_many, (
        f"{step}: {with_one} queries for 1 row of each kind, {with_many} for {1 + MANY}"
    )


# The admin ------------------------------------------------------------------------------------


def seekers_with(maker):
    """n rows made by `maker` from n new seekers' companies."""
    return lambda n: maker(make_companies(make_users(n)))


def rejected(companies):
    applications = make_applications(companies, [Stage.REJECTED] * len(companies))
    return make_rejections(applications, make_contacts(companies))


def companies_with_rows(companies):
    make_contacts(companies)
    make_applications(companies, cycle(STAGES, len(companies)))
    return companies


def plans_with_steps(n):
    plans = make_plans(make_users(n))
    make_steps(plans + plans)
    return plans


def follow_ups(companies):
    applications = make_applications(companies, [Stage.SCREENING] * len(companies))
    return make_follow_ups(applications, make_contacts(companies))


def comments(n):
    companies = make_companies(make_users(n))
    applications = make_applications(companies, [Stage.APPLIED] * n)
    items = cycle([applications, rejected(companies), make_plans(make_users(n))], n)
    return make_comments(make_users(n), [group[i] for i, group in enumerate(items)])


def clients(n):
    """Seekers (non-staff users) with something in each column of the clients list."""
    seekers = make_users(n)
    companies = make_companies(seekers)
    applications = make_applications(companies, cycle(STAGES, n))
    rejected(companies)
    make_follow_ups(applications, make_contacts(companies))
    return seekers


def groups(n):
    made = Group.objects.bulk_create([Group(name=f"Group {next(SEQ)}") for _ in range(n)])
    permission = Permission.objects.first()
    Group.permissions.through.objects.bulk_create(
        [Group.permissions.through(group=g, permission=permission) for g in made]
    )
    return made


def access_rows(model, **fields):
    now = timezone.now()
    return lambda n: model.objects.bulk_create(
        [
            model(
                user_agent="Firefox",
                ip_address="10.0.0.1",
                username=f"user{next(SEQ)}@example.com",
                http_accept="text/html",
                path_info="/login/",
                attempt_time=now,
                **fields,
            )
            for _ in range(n)
        ]
    )


def boards(n):
    now = timezone.now()
    return Board.objects.bulk_create(
        Board(provider="greenhouse", token=f"board{next(SEQ)}", host="h", next_poll_at=now)
        for _ in range(n)
    )


def watches(companies):
    return Watch.objects.bulk_create(
        Watch(company=company, board=board, source_url="https://boards.greenhouse.io/x")
        for company, board in zip(companies, boards(len(companies)), strict=True)
    )


def postings(n):
    now = timezone.now()
    return Posting.objects.bulk_create(
        Posting(board=board, external_id="1", title="Analyst", first_seen=now, last_seen=now)
        for board in boards(n)
    )


def matches(companies):
    """Second chances: a posting each, matched to a rejected application."""
    return Match.objects.bulk_create(
        Match(owner_id=r.application.owner_id, posting=p, application=r.application, score=0.8)
        for r, p in zip(rejected(companies), postings(len(companies)), strict=True)
    )


# How to make n rows of each registered model (with the related rows its changelist shows).
ROW_MAKERS = {
    Group: groups,
    User: make_users,
    Client: clients,
    CoachGrant: lambda n: make_grants(make_users(n), make_users(n)),
    Reminder: lambda n: make_reminders(make_users(n)),
    Company: seekers_with(companies_with_rows),
    Contact: seekers_with(make_contacts),
    Conversation: seekers_with(lambda cs: make_conversations(make_contacts(cs))),
    Application: seekers_with(lambda cs: make_applications(cs, cycle(STAGES, len(cs)))),
    Rejection: seekers_with(rejected),
    Gap: seekers_with(lambda cs: make_gaps(rejected(cs))),
    Plan: plans_with_steps,
    FollowUp: seekers_with(follow_ups),
    Interview: seekers_with(
        lambda cs: make_interviews(
            make_applications(cs, [Stage.INTERVIEWING] * len(cs)), make_contacts(cs)
        )
    ),
    CoachComment: comments,
    Watch: seekers_with(watches),
    Board: boards,
    Posting: postings,
    Match: seekers_with(matches),
    Host: lambda n: Host.objects.bulk_create(Host(name=f"host{next(SEQ)}") for _ in range(n)),
    Document: lambda n: make_documents(make_users(n)),
    AccessAttempt: access_rows(AccessAttempt, get_data="", post_data="", failures_since_start=1),
    AccessLog: access_rows(AccessLog),
    AccessFailureLog: access_rows(AccessFailureLog),
}


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_changelist_runs_as_many_queries_for_many_objects_as_for_one(client, model):
    assert model in ROW_MAKERS, (
        f"{model._meta.label} is registered in the admin but ROW_MAKERS in {__name__} cannot "
        "make its rows: add a maker, so that its changelist's query count is pinned"
    )
    client.force_login(User.objects.create_superuser("root@example.com", "pw"))
    make = ROW_MAKERS[model]
    make(1)
    with_one = queries_for(client, changelist(model))
    make(MANY)
    with_many = queries_for(client, changelist(model))
    print(f"\n{model._meta.label} changelist: {with_many} queries")
    assert with_one == with_many, (
        f"{model._meta.label} changelist: {with_one} queries with 1 object, "
        f"{with_many} with {1 + MANY}"
    )
