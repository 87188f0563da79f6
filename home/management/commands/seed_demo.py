"""Create (or refresh) the demo seeker, so a newcomer sees a realistic search at once."""

from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from applications.interviews import save_interview
from applications.models import Application, Company, Contact, Interview, InterviewKind, Stage
from applications.services import log_conversation, move_stage, save_application
from chances.services import match_new_postings
from coaching.models import CoachComment, CoachGrant
from coaching.services import accept_invitation
from followups.models import FollowUpKind, FollowUpState, stay_on_radar_sequence
from followups.services import schedule_stay_on_radar
from rejections.models import CheckIn, Gap, Plan, Rejection, StepStatus
from watching.models import Posting
from watching.providers import recognise
from watching.services import watch_board

DEMO_EMAIL = "demo@secondchance.example"
DEMO_PASSWORD = "second-chance-demo"  # noqa: S105 - a published demo login, local use only
# A second client, and the career coach both of them granted access to.
CLIENT_EMAIL = "sam@secondchance.example"
COACH_EMAIL = "coach@secondchance.example"
COACH_PASSWORD = "second-chance-coach"  # noqa: S105 - a published demo login, local use only

# (company, website, role, stages it went through with days ago, excitement, dream, source, notes)
DEMO_APPLICATIONS = [
    (
        "Northwind Analytics",
        "https://northwind.example",
        "Senior Data Analyst",
        [("applied", 24), ("screening", 18), ("interviewing", 9)],
        5,
        True,
        "referral",
        "Third round next week with the head of analytics. Prepare the churn case study.",
    ),
    (
        "Bluebird Health",
        "https://bluebird.example",
        "Data Analyst II",
        [("applied", 12), ("screening", 5)],
        4,
        False,
        "job_board",
        "Recruiter call went well; hybrid, two days in the office.",
    ),
    (
        "Cedar & Pine Logistics",
        "https://cedarpine.example",
        "Business Intelligence Analyst",
        [("applied", 9)],
        3,
        False,
        "company_site",
        "",
    ),
    (
        "Lumen Labs",
        "https://lumen.example",
        "Analytics Engineer",
        [("wishlist", 2)],
        4,
        False,
        "recruiter",
        "Apply once the portfolio dashboard is live.",
    ),
    (
        "Harbor Bank",
        "https://harborbank.example",
        "Reporting Analyst",
        [("applied", 40), ("screening", 33), ("interviewing", 26), ("rejected", 19)],
        4,
        False,
        "job_board",
        "They said: strong interview, but they went with someone who had more SQL performance "
        "tuning experience. Keep in touch with Dana.",
    ),
    (
        "Oakridge Retail",
        "https://oakridge.example",
        "Insights Analyst",
        [("applied", 45), ("ghosted", 15)],
        2,
        False,
        "job_board",
        "No answer after two nudges.",
    ),
]

SECOND_CLIENT_APPLICATIONS = [
    (
        "Fjord Energy",
        "https://fjord.example",
        "Product Manager",
        [("applied", 20), ("screening", 14), ("interviewing", 6)],
        5,
        True,
        "referral",
        "",
    ),
    (
        "Kestrel Apps",
        "https://kestrel.example",
        "Associate Product Manager",
        [("applied", 30)],
        3,
        False,
        "job_board",
        "",
    ),
]

DEMO_CONTACTS = {
    "Northwind Analytics": [("Priya Raman", "Head of Analytics", "priya@northwind.example")],
    "Harbor Bank": [("Dana Whitfield", "Talent Partner", "dana@harborbank.example")],
    "Bluebird Health": [("Sam Ortiz", "Recruiter", "sam.ortiz@bluebird.example")],
}


class Command(BaseCommand):
    help = "Create or refresh the demo seeker account with realistic data, and print its login."

    @transaction.atomic
    def handle(self, *args, **options):
        user = self.account(DEMO_EMAIL, DEMO_PASSWORD, "Alex Demo")
        if not user.applications.exists():
            self.create_search(user, DEMO_APPLICATIONS)
        client = self.account(CLIENT_EMAIL, DEMO_PASSWORD, "Sam Client")
        if not client.applications.exists():
            self.create_search(client, SECOND_CLIENT_APPLICATIONS)
        coach = self.account(COACH_EMAIL, COACH_PASSWORD, "Casey Coach")
        self.coach_both(coach, [user, client])
        self.stdout.write(
            self.style.SUCCESS(f"Demo seeker: log in as {DEMO_EMAIL} / password {DEMO_PASSWORD}")
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo coach (two clients, in the admin at /admin/): log in as {COACH_EMAIL} / "
                f"password {COACH_PASSWORD}"
            )
        )

    def account(self, email, password, name):
        """The demo account, with its published password (reset in case it was changed)."""
        user = User.objects.filter(email=email).first()
        if user is None:
            return User.objects.create_user(email, password, name=name)
        user.set_password(password)
        user.save(update_fields=["password"])
        return user

    def coach_both(self, coach, clients):
        for client in clients:
            if CoachGrant.objects.live().filter(seeker=client, coach=coach).exists():
                continue
            grant = CoachGrant.objects.create(
                seeker=client, email=coach.email, invited_at=timezone.now() - timedelta(days=12)
            )
            accept_invitation(grant=grant, coach=coach)
            plan = client.plans.first()
            if plan:
                CoachComment.objects.create(
                    coach=coach,
                    plan=plan,
                    body="Good plan. Book the exam date now: a deadline makes the course stick.",
                )

    def create_search(self, user, applications):
        now = timezone.now()
        for (
            company_name,
            website,
            role,
            history,
            excitement,
            dream,
            source,
            notes,
        ) in applications:
            company = Company.objects.create(owner=user, name=company_name, website=website)
            for name, role_title, email in DEMO_CONTACTS.get(company_name, []):
                Contact.objects.create(
                    owner=user, company=company, name=name, role=role_title, email=email
                )
            applied = next((days for stage, days in history if stage == "applied"), None)
            # The history as it happened, through the services: follow-ups react to each move.
            (first_stage, first_days), *moves = history
            application = save_application(
                application=Application(
                    owner=user,
                    company=company,
                    role_title=role,
                    excitement=excitement,
                    is_dream_job=dream,
                    source=source,
                    notes=notes,
                    stage=first_stage,
                    stage_changed_at=now - timedelta(days=first_days),
                    applied_on=(now - timedelta(days=applied)).date() if applied else None,
                )
            )
            for stage, days_ago in moves:
                move_stage(application=application, stage=stage, at=now - timedelta(days=days_ago))
            if application.stage == Stage.REJECTED:
                self.create_rejection(application, now)
            elif application.stage == Stage.INTERVIEWING:
                self.create_interview(application, now)

    def create_interview(self, application, now):
        """The next round, five days ahead at 15:00 on the seeker's clock, with their contact
        there: its thank-you note is planned for the day after."""
        zone = application.owner.profile.tzinfo
        day = timezone.localdate(now, zone) + timedelta(days=5)
        interview = Interview(
            owner=application.owner,
            application=application,
            kind=InterviewKind.FINAL,
            starts_at=datetime.combine(day, time(15), tzinfo=zone),
            preparation=application.notes,
        )
        save_interview(interview, application.company.contacts.all())

    def create_rejection(self, application, now):
        """A past rejection with feedback, a check-in history and a plan in progress."""
        today = timezone.localdate()
        # The move to "rejected" recorded a bare rejection: this fills it in.
        rejection, _ = Rejection.objects.update_or_create(
            application=application,
            defaults={
                "received_on": today - timedelta(days=19),
                "channel": "phone",
                "stage_reached": Stage.INTERVIEWING,
                "previous_stage": Stage.INTERVIEWING,
                "contact": application.company.contacts.first(),
                "employer_words": (
                    "You interviewed really well and the team liked you. In the end we chose a "
                    "candidate with more hands-on SQL performance tuning, and a cloud "
                    "certification."
                ),
                "is_actionable": True,
            },
        )
        if rejection.contact:  # the seeker's history with the person who called
            for days_ago, kind, note in [
                (40, "meeting", "Coffee before the final round; she walked me through the team."),
                (19, "call", "She called with the news, and said to keep in touch."),
            ]:
                log_conversation(
                    contact=rejection.contact,
                    application=application,
                    happened_on=today - timedelta(days=days_ago),
                    kind=kind,
                    note=note,
                )
        for feeling, days_ago in [("anger", 19), ("bargaining", 15), ("acceptance", 10)]:
            CheckIn.objects.create(
                owner=application.owner,
                rejection=rejection,
                feeling=feeling,
                created_at=now - timedelta(days=days_ago),
            )
        sql = Gap.objects.create(
            owner=application.owner,
            rejection=rejection,
            category="experience",
            description="SQL performance tuning",
        )
        cloud = Gap.objects.create(
            owner=application.owner,
            rejection=rejection,
            category="certification",
            description="a cloud data certification",
        )
        plan = Plan.objects.create(
            owner=application.owner,
            title="Ready for Harbor Bank's next analyst opening",
            target_role="Reporting Analyst",
        )
        plan.gaps.set([sql, cloud])
        self.stay_on_radar(rejection, now)
        for kind, title, due_in, status in [
            ("stretch", "Own the slow-report clean-up at work", -5, StepStatus.DONE),
            ("course", "Query tuning course, modules 1-6", 12, StepStatus.IN_PROGRESS),
            ("certification", "Pass the cloud data engineer exam", 75, StepStatus.PLANNED),
            ("networking", "Coffee with Dana to share progress", -2, StepStatus.PLANNED),
        ]:
            plan.steps.create(
                kind=kind, title=title, due_on=today + timedelta(days=due_in), status=status
            )
        self.second_chance(rejection, now)

    def second_chance(self, rejection, now):
        """The employer's board, watched, lists a role like the one that said no: the moment
        the app is for, on the dashboard."""
        company = rejection.application.company
        url = f"https://boards.greenhouse.io/{slugify(company.name).replace('-', '')}"
        board = recognise(url)
        if board is None:  # a company name no board could have
            return
        watch = watch_board(company=company, board=board, source_url=url)
        posting, _ = Posting.objects.update_or_create(
            board=watch.board,
            external_id="demo-1",
            defaults={
                "title": f"Senior {rejection.application.role_title}",
                "location": "Boston, MA",
                "url": f"{url}/jobs/4012345",
                "first_seen": now - timedelta(days=2),
                "last_seen": now,
            },
        )
        match_new_postings(board=watch.board, posting_ids=[posting.pk])

    def stay_on_radar(self, rejection, now):
        """The sequence as the seeker confirmed it, through the same service as the page (so the
        reply planned when the rejection was logged is the one scheduled, not a second one): the
        gracious reply went out the next day."""
        profile = rejection.owner.profile
        steps = [(p.kind, p.due_on) for p in stay_on_radar_sequence(rejection, profile)]
        for follow_up in schedule_stay_on_radar(rejection=rejection, steps=steps):
            if follow_up.kind == FollowUpKind.GRACIOUS_REPLY:
                follow_up.due_on = rejection.received_on + timedelta(days=1)
                follow_up.state = FollowUpState.DONE
                follow_up.done_at = now - timedelta(days=18)
                follow_up.save()
