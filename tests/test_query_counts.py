"""Pages run a constant number of queries, however many applications a seeker has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Stage

from .factories import ApplicationFactory, ContactFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "applications:list",
    "applications:board",
    "applications:pipeline",
    "applications:dashboard",
    "applications:company_list",
]


def make_applications(owner, count):
    stages = list(Stage)
    for i in range(count):
        app = ApplicationFactory(owner=owner, stage=stages[i % len(stages)], is_dream_job=i == 0)
        ContactFactory(company=app.company)
        app.move_to(Stage.INTERVIEWING)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_rows(client, seeker, other_seeker, page):
    url = reverse(page)
    make_applications(seeker, 1)
    make_applications(other_seeker, 1)
    client.force_login(seeker)
    with_one = queries_for(client, url)
    make_applications(seeker, 49)
    with_fifty = queries_for(client, url)
    assert with_one == with_fifty, f"{page}: {with_one} queries for 1 row, {with_fifty} for 50"


def test_detail_page_query_count_does_not_grow_with_history(seeker_client, application):
    url = application.get_absolute_url()
    before = queries_for(seeker_client, url)
    for stage in [Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER, Stage.SCREENING]:
        application.move_to(stage)
    ContactFactory.create_batch(5, company=application.company)
    assert queries_for(seeker_client, url) == before
