"""Create (or refresh) the demo seeker, so a newcomer sees a realistic search at once."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.models import Application, Company, Contact, Stage, StageChange

DEMO_EMAIL = "demo@secondchance.example"
DEMO_PASSWORD = "second-chance-demo"  # noqa: S105 - a published demo login, local use only

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
        [("applied", 6)],
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

DEMO_CONTACTS = {
    "Northwind Analytics": [("Priya Raman", "Head of Analytics", "priya@northwind.example")],
    "Harbor Bank": [("Dana Whitfield", "Talent Partner", "dana@harborbank.example")],
    "Bluebird Health": [("Sam Ortiz", "Recruiter", "sam.ortiz@bluebird.example")],
}


class Command(BaseCommand):
    help = "Create or refresh the demo seeker account with realistic data, and print its login."

    @transaction.atomic
    def handle(self, *args, **options):
        user = User.objects.filter(email=DEMO_EMAIL).first()
        if user is None:
            user = User.objects.create_user(DEMO_EMAIL, DEMO_PASSWORD, name="Alex Demo")
        else:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if not user.applications.exists():
            self.create_search(user)
        self.stdout.write(
            self.style.SUCCESS(f"Demo seeker: log in as {DEMO_EMAIL} / password {DEMO_PASSWORD}")
        )

    def create_search(self, user):
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
        ) in DEMO_APPLICATIONS:
            company = Company.objects.create(owner=user, name=company_name, website=website)
            for name, role_title, email in DEMO_CONTACTS.get(company_name, []):
                Contact.objects.create(
                    owner=user, company=company, name=name, role=role_title, email=email
                )
            applied = next((days for stage, days in history if stage == "applied"), None)
            application = Application.objects.create(
                owner=user,
                company=company,
                role_title=role,
                excitement=excitement,
                is_dream_job=dream,
                source=source,
                notes=notes,
                stage=history[-1][0],
                stage_changed_at=now - timedelta(days=history[-1][1]),
                applied_on=(now - timedelta(days=applied)).date() if applied else None,
            )
            previous = ""
            for stage, days_ago in history:
                StageChange.objects.create(
                    application=application,
                    from_stage=previous,
                    to_stage=Stage(stage),
                    changed_at=now - timedelta(days=days_ago),
                )
                previous = stage
