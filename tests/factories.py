from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import User
from applications.models import Application, Company, Contact, Interview, InterviewKind, Stage
from applications.services import save_application
from coaching.models import CoachGrant
from coaching.roles import make_coach
from documents.filetypes import PDF
from documents.models import Document, DocumentKind
from followups.models import FollowUp, FollowUpKind, FollowUpState
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
)
from rejections.services import save_rejection
from watching.providers import recognise
from watching.services import set_muted, watch_board


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"seeker{n}@example.com")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Company {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    owner = factory.SelfAttribute("company.owner")
    company = factory.SubFactory(CompanyFactory)
    name = factory.Faker("name")
    role = "Recruiter"


# The smallest file the upload form takes for a PDF.
PDF_BYTES = b"%PDF-1.4\n% a resume\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


class DocumentFactory(factory.django.DjangoModelFactory):
    """A resume version as an upload leaves it: a checked PDF in the default storage."""

    class Meta:
        model = Document

    owner = factory.SubFactory(UserFactory)
    kind = DocumentKind.RESUME
    label = factory.Sequence(lambda n: f"Resume v{n}")
    original_name = "resume.pdf"
    content_type = PDF.content_type
    extension = PDF.extension
    size = len(PDF_BYTES)
    file = factory.django.FileField(data=PDF_BYTES, filename="resume.pdf")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application saved as the seeker's form saves it: its stage starts the timeline, and
    follow-ups react (a nudge for "applied", a thank-you for "interviewing")."""

    class Meta:
        model = Application

    owner = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory, owner=factory.SelfAttribute("..owner"))
    role_title = factory.Sequence(lambda n: f"Analyst {n}")
    stage = Stage.APPLIED
    excitement = 3

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return save_application(application=model_class(*args, **kwargs))


class InterviewFactory(factory.django.DjangoModelFactory):
    """A row as the form leaves it; applications.interviews.save_interview also plans its
    thank-you."""

    class Meta:
        model = Interview

    owner = factory.SelfAttribute("application.owner")
    application = factory.SubFactory(ApplicationFactory, stage=Stage.INTERVIEWING)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    kind = InterviewKind.VIDEO


class RejectionFactory(factory.django.DjangoModelFactory):
    """A logged rejection: saved through rejections.services, so the application moves to
    "rejected" on its timeline, as when the seeker logs one."""

    class Meta:
        model = Rejection

    application = factory.SubFactory(ApplicationFactory, stage=Stage.INTERVIEWING)
    received_on = factory.LazyFunction(timezone.localdate)
    channel = Channel.EMAIL
    stage_reached = factory.LazyAttribute(
        lambda o: o.application.stage if o.application.stage in Stage.live() else Stage.APPLIED
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return save_rejection(rejection=model_class(*args, **kwargs))


class FollowUpFactory(factory.django.DjangoModelFactory):
    """A follow-up with its draft filled in. The default application is in "screening", so it
    brings no nudge or thank-you of its own; a done one gets its done_at."""

    class Meta:
        model = FollowUp

    owner = factory.SelfAttribute("application.owner")
    application = factory.SubFactory(ApplicationFactory, stage=Stage.SCREENING)
    kind = FollowUpKind.CHECK_IN
    due_on = factory.LazyFunction(timezone.localdate)
    state = FollowUpState.SCHEDULED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        follow_up = model_class(*args, **kwargs)
        if not (follow_up.subject or follow_up.body):
            follow_up.fill_draft()
        if follow_up.state == FollowUpState.DONE and follow_up.done_at is None:
            follow_up.done_at = timezone.now()
        follow_up.save()
        return follow_up


class CoachFactory(UserFactory):
    """A staff user in the Coaches group, as accepting an invitation makes them."""

    email = factory.Sequence(lambda n: f"coach{n}@example.com")

    @factory.post_generation
    def coach_role(obj, create, extracted, **kwargs):
        if create:
            make_coach(obj)


class GrantFactory(factory.django.DjangoModelFactory):
    """An invitation still waiting; `accepted_by=coach` makes it a live grant to that coach."""

    class Meta:
        model = CoachGrant

    class Params:
        accepted_by = None

    seeker = factory.SubFactory(UserFactory)
    email = factory.LazyAttributeSequence(
        lambda o, n: o.accepted_by.email if o.accepted_by else f"invited{n}@example.com"
    )
    coach = factory.SelfAttribute("accepted_by")
    accepted_at = factory.LazyAttribute(lambda o: timezone.now() if o.accepted_by else None)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    owner = factory.SelfAttribute("rejection.owner")
    rejection = factory.SubFactory(RejectionFactory)
    feeling = Feeling.ACCEPTANCE


class GapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gap

    owner = factory.SelfAttribute("rejection.owner")
    rejection = factory.SubFactory(RejectionFactory)
    category = GapCategory.SKILL
    description = factory.Sequence(lambda n: f"SQL tuning {n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Close gap {n}")


class PlanStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanStep

    plan = factory.SubFactory(PlanFactory)
    kind = StepKind.COURSE
    title = factory.Sequence(lambda n: f"Step {n}")
    due_on = factory.LazyFunction(timezone.localdate)


def watch_factory(company, url="https://boards.greenhouse.io/northwind", *, muted=False):
    """The seeker watches `company`'s board, recognised from `url` (through the services)."""
    board = recognise(url)
    assert board is not None, url
    watch = watch_board(company=company, board=board, source_url=url)
    if muted:
        set_muted(watch=watch, muted=True)
    return watch
