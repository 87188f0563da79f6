import pytest

from .factories import ApplicationFactory, CompanyFactory, UserFactory


@pytest.fixture
def seeker(db):
    return UserFactory(email="seeker@example.com", name="Sam Seeker")


@pytest.fixture
def other_seeker(db):
    return UserFactory(email="other@example.com", name="Olive Other")


@pytest.fixture
def seeker_client(client, seeker):
    client.force_login(seeker)
    return client


@pytest.fixture
def company(seeker):
    return CompanyFactory(owner=seeker, name="Northwind")


@pytest.fixture
def application(seeker, company):
    return ApplicationFactory(owner=seeker, company=company, role_title="Data Analyst")
