"""The property tests' fixtures: the World, and clients of its seeker and of a coach."""

import pytest
from django.test import Client

from ..factories import CoachFactory, GrantFactory
from .harness import World


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
