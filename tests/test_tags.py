"""Tags: a seeker's own labels on applications, typed comma-separated on the form with their
earlier tags suggested, shown as badges that filter the list and the board."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.models import Application, Stage, Tag, split_tags
from applications.services import set_tags

from .factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def form_data(company, **fields):
    return {
        "company": company.pk,
        "role_title": "Data Engineer",
        "stage": "applied",
        "excitement": "3",
        "applied_on": "2026-01-05",
        "source": "job_board",
        "salary_currency": "USD",
        **fields,
    }


def names(application):
    return sorted(tag.name for tag in application.tags.all())


def test_split_tags_trims_and_drops_repeats_whatever_their_case():
    assert split_tags(" remote,Fintech , ,REMOTE,  via   Sam ,fintech") == [
        "remote",
        "Fintech",
        "via Sam",
    ]
    assert split_tags("") == []


def test_tags_typed_on_the_form_are_saved_and_reused_whatever_their_case(
    seeker_client, seeker, company
):
    response = seeker_client.post(
        reverse("applications:create"), form_data(company, tags="Remote, fintech, remote")
    )
    first = Application.objects.get()
    assert response.status_code == 302
    assert names(first) == ["Remote", "fintech"]

    seeker_client.post(
        reverse("applications:create"),
        form_data(CompanyFactory(owner=seeker), role_title="Analyst", tags="REMOTE, Berlin"),
    )
    second = Application.objects.exclude(pk=first.pk).get()
    assert names(second) == ["Berlin", "Remote"]  # the seeker's "Remote", not a new "REMOTE"
    assert Tag.objects.filter(owner=seeker).count() == 3

    page = seeker_client.get(reverse("applications:update", args=[first.pk])).content.decode()
    assert 'value="fintech, Remote"' in page  # the edit form shows them, in order
    seeker_client.post(reverse("applications:update", args=[first.pk]), form_data(company, tags=""))
    assert names(first) == []


def test_the_form_suggests_only_the_seekers_own_tags_in_use(seeker_client, seeker, other_seeker):
    set_tags(application=ApplicationFactory(owner=seeker), names=["remote"])
    set_tags(application=ApplicationFactory(owner=other_seeker), names=["secret-tag"])
    Tag.objects.create(owner=seeker, name="unused")
    page = seeker_client.get(reverse("applications:create")).content.decode()
    assert '<datalist id="id_tags-options"><option value="remote"></option></datalist>' in page
    assert 'list="id_tags-options"' in page and 'data-separator=","' in page
    assert "secret-tag" not in page and "unused" not in page


@pytest.mark.parametrize(
    ("tags", "error"),
    [
        ("x" * 41, "is longer than 40 characters"),
        (
            ", ".join(f"t{i}" for i in range(21)),
            "That is 21 tags; an application takes at most 20.",
        ),
    ],
)
def test_bad_tags_are_a_form_error(seeker_client, company, tags, error):
    response = seeker_client.post(reverse("applications:create"), form_data(company, tags=tags))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Application.objects.exists()
    assert not Tag.objects.exists()


def test_one_name_per_seeker_whatever_its_case_is_a_database_rule(seeker, other_seeker):
    Tag.objects.create(owner=seeker, name="Remote")
    Tag.objects.create(owner=other_seeker, name="remote")  # another seeker's is theirs
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(owner=seeker, name="REMOTE")


@pytest.fixture
def tagged(seeker):
    remote = ApplicationFactory(owner=seeker, role_title="Remote role", stage=Stage.APPLIED)
    both = ApplicationFactory(owner=seeker, role_title="Remote fintech", stage=Stage.SCREENING)
    plain = ApplicationFactory(owner=seeker, role_title="Office role", stage=Stage.APPLIED)
    set_tags(application=remote, names=["remote"])
    set_tags(application=both, names=["remote", "fintech"])
    return remote, both, plain


def roles(response, key="object_list"):
    return sorted(app.role_title for app in response.context[key])


def test_the_list_shows_tags_as_badges_that_filter_it(seeker_client, tagged):
    page = seeker_client.get(reverse("applications:list"), {"stage": "applied"}).content.decode()
    # Each badge keeps the other filters.
    assert 'href="?stage=applied&amp;tag=remote"' in page
    response = seeker_client.get(reverse("applications:list"), {"tag": "REMOTE"})
    assert roles(response) == ["Remote fintech", "Remote role"]
    response = seeker_client.get(
        reverse("applications:list"), {"tag": "remote", "stage": "applied"}
    )
    assert roles(response) == ["Remote role"]
    assert '<option value="remote" selected>' in response.content.decode()
    response = seeker_client.get(reverse("applications:list"), {"tag": "nothing"})
    assert roles(response) == []


def board_roles(response):
    return sorted(app.role_title for column in response.context["columns"] for app in column.cards)


def test_the_board_filters_by_tag_and_keeps_it_through_a_move(seeker_client, tagged):
    remote, both, _ = tagged
    response = seeker_client.get(reverse("applications:board"), {"tag": "fintech"})
    assert board_roles(response) == ["Remote fintech"]
    page = response.content.decode()
    assert "Showing applications tagged <strong>fintech</strong>" in page
    assert f'data-hx-post="{reverse("applications:move", args=[both.pk])}?tag=fintech"' in page
    assert 'href="/applications/board/?tag=remote"' in page  # a badge on the board
    columns = {column.stage: column.total for column in response.context["columns"]}
    assert columns[Stage.SCREENING] == 1 and columns[Stage.APPLIED] == 0

    # The redrawn board (htmx) shows the same tag's cards.
    response = seeker_client.post(
        reverse("applications:move", args=[remote.pk]) + "?tag=remote",
        {"stage": "screening"},
        headers={"HX-Request": "true"},
    )
    assert board_roles(response) == ["Remote fintech", "Remote role"]
    # Without htmx, back to the filtered board.
    response = seeker_client.post(
        reverse("applications:move", args=[remote.pk]) + "?tag=remote",
        {"stage": "interviewing", "next": "/applications/board/?tag=remote"},
    )
    assert response.url == "/applications/board/?tag=remote"


def test_the_application_page_shows_its_tags(seeker_client, tagged):
    _, both, _ = tagged
    page = seeker_client.get(both.get_absolute_url()).content.decode()
    assert 'href="/applications/?tag=fintech"' in page
    assert 'href="/applications/?tag=remote"' in page
