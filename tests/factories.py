import factory

from accounts.models import User
from applications.models import Application, Company, Contact, Stage


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
