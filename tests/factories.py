import factory
from django.utils import timezone

from accounts.models import User
from applications.models import Application, Company, Contact, Stage
from followups.models import FollowUp, FollowUpKind, FollowUpState
from rejections.models import Channel, Rejection


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


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory, owner=factory.SelfAttribute("..owner"))
    role_title = factory.Sequence(lambda n: f"Analyst {n}")
    stage = Stage.APPLIED
    excitement = 3

    @factory.post_generation
    def timeline(obj, create, extracted, **kwargs):
        if create:
            obj.start_timeline()


class RejectionFactory(factory.django.DjangoModelFactory):
    """A logged rejection: saved through Rejection.record(), so the application moves to
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
        return model_class(*args, **kwargs).record()


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
