"""Every rejections URL that takes an id answers 404 to another seeker and changes nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from applications.models import Stage
from rejections import urls as rejection_urls
from rejections.models import CheckIn, Gap, Plan, PlanStep, Rejection

from .factories import ApplicationFactory
from .url_registry import snapshot

pytestmark = pytest.mark.django_db

ID_PATTERNS = [
    p for p in rejection_urls.urlpatterns if isinstance(p, URLPattern) and "<int:" in str(p.pattern)
]


@pytest.fixture
def owned(seeker):
    """One of each object, belonging to the seeker."""
    app = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    rejection = Rejection(
        application=app, received_on="2026-11-01", channel="email", stage_reached="interviewing"
    ).record()
    CheckIn.objects.create(owner=seeker, rejection=rejection, feeling="anger")
    gap = Gap.objects.create(owner=seeker, rejection=rejection, category="skill", description="SQL")
    plan = Plan.objects.create(owner=seeker, title="Plan")
    plan.gaps.add(gap)
    step = PlanStep.objects.create(
        plan=plan, kind="course", title="SQL course", due_on="2027-01-01"
    )
    live = ApplicationFactory(owner=seeker, stage=Stage.APPLIED)
    return {"rejection": rejection, "gap": gap, "plan": plan, "step": step, "live": live}


def url_for(pattern, owned):
    name = pattern.name
    if name == "log":
        obj = owned["live"]
    elif name == "gap_delete":
        obj = owned["gap"]
    elif name.startswith("step_") and name != "step_create":
        obj = owned["step"]
    elif name.startswith("plan_") or name == "step_create":
        obj = owned["plan"]
    else:
        obj = owned["rejection"]
    return reverse(f"rejections:{name}", args=[obj.pk])


@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_seeker_gets_404_and_changes_nothing(client, other_seeker, owned, pattern, method):
    url = url_for(pattern, owned)
    client.force_login(other_seeker)
    before = snapshot()
    data = {"status": "done", "kind": "course", "title": "x", "feeling": "anger",
            "category": "skill", "description": "x", "received_on": "2026-11-01",
            "channel": "email", "stage_reached": "applied"}  # fmt: skip
    response = getattr(client, method)(url, data)
    assert response.status_code in (404, 405)
    assert snapshot() == before


@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
def test_the_owner_can_open_every_page(seeker_client, owned, pattern):
    response = seeker_client.get(url_for(pattern, owned))
    assert response.status_code in (200, 405)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(seeker, owned, n):
    for i in range(n):
        app = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
        rejection = Rejection(
            application=app, received_on="2026-11-01", channel="email", stage_reached="applied"
        ).record()
        gap = Gap.objects.create(
            owner=seeker, rejection=rejection, category="skill", description=f"skill {i}"
        )
        owned["plan"].gaps.add(gap)
        PlanStep.objects.create(
            plan=owned["plan"], kind="course", title=f"s{i}", due_on="2027-01-01"
        )
        CheckIn.objects.create(owner=seeker, rejection=owned["rejection"], feeling="denial")


@pytest.mark.parametrize(
    "name", ["plan_detail", "recurring_gaps", "plan_list", "list", "detail", "next"]
)
def test_query_counts_do_not_grow_with_rows(seeker_client, seeker, owned, name):
    pk_views = {"plan_detail": owned["plan"].pk, "detail": owned["rejection"].pk,
                "next": owned["rejection"].pk}  # fmt: skip
    url = reverse(f"rejections:{name}", args=[pk_views[name]] if name in pk_views else [])
    before = count_queries(seeker_client, url)
    grow(seeker, owned, 20)
    assert count_queries(seeker_client, url) == before
