"""The "What to learn" step proposes the gaps the employer's words name; the seeker keeps,
rewords or drops each, and nothing is saved until they confirm."""

import pytest
from django.urls import reverse

from rejections.models import Gap

from .factories import ApplicationFactory, GapFactory, RejectionFactory

pytestmark = pytest.mark.django_db

WORDS = (
    "It was a tough decision. We went with someone who has a Kubernetes certification "
    "and more team-lead experience."
)
SOURCE = "We went with someone who has a Kubernetes certification and more team-lead experience."


@pytest.fixture
def rejection(seeker):
    application = ApplicationFactory(owner=seeker)
    return RejectionFactory(application=application, employer_words=WORDS)


def url(rejection):
    return reverse("rejections:gaps", args=[rejection.pk])


def confirm(client, rejection, *gaps):
    """Post the proposals as the seeker left them: (ticked, category, description) each."""
    data = {"proposed-TOTAL_FORMS": len(gaps), "proposed-INITIAL_FORMS": len(gaps)}
    for i, (ticked, category, description) in enumerate(gaps):
        data |= {f"proposed-{i}-category": category, f"proposed-{i}-description": description}
        if ticked:
            data[f"proposed-{i}-accept"] = "on"
    return client.post(url(rejection), data)


def saved(rejection):
    return list(rejection.gaps.order_by("pk").values_list("category", "description"))


def test_the_step_proposes_the_gaps_their_words_name_with_the_phrase_they_came_from(
    seeker_client, rejection
):
    page = seeker_client.get(url(rejection)).content.decode()
    assert "Gaps their words name" in page
    assert page.count(f"from: “{SOURCE}”") == 2
    assert 'value="Kubernetes certification"' in page
    assert 'value="team-lead experience"' in page
    assert '<option value="leadership" selected>' in page
    assert not Gap.objects.exists()  # proposed, not saved


def test_another_seekers_rejection_is_not_found(client, other_seeker, rejection):
    client.force_login(other_seeker)
    assert client.get(url(rejection)).status_code == 404
    assert confirm(client, rejection, (True, "certification", "Kubernetes")).status_code == 404
    assert not Gap.objects.exists()


def test_keeping_them_adds_the_gaps_and_they_are_not_proposed_again(seeker_client, rejection):
    response = confirm(
        seeker_client,
        rejection,
        (True, "certification", "Kubernetes certification"),
        (True, "leadership", "team-lead experience"),
    )
    assert response.status_code == 302
    assert saved(rejection) == [
        ("certification", "Kubernetes certification"),
        ("leadership", "team-lead experience"),
    ]
    page = seeker_client.get(url(rejection)).content.decode()
    assert "Added 2 gaps: Kubernetes certification; team-lead experience." in page
    assert "Gaps their words name" not in page


def test_the_seeker_rewords_one_and_drops_the_other(seeker_client, rejection):
    confirm(
        seeker_client,
        rejection,
        (True, "certification", "CKA (Certified Kubernetes Administrator)"),
        (False, "leadership", "team-lead experience"),
    )
    assert saved(rejection) == [("certification", "CKA (Certified Kubernetes Administrator)")]
    page = seeker_client.get(url(rejection)).content.decode()
    assert "Gaps their words name" not in page  # the dropped one does not come back


def test_dropping_them_all_adds_nothing(seeker_client, rejection):
    confirm(
        seeker_client,
        rejection,
        (False, "certification", "Kubernetes certification"),
        (False, "leadership", "team-lead experience"),
    )
    assert saved(rejection) == []
    page = seeker_client.get(url(rejection)).content.decode()
    assert "Dropped the proposed gaps; nothing was added." in page


@pytest.mark.parametrize(
    "category, description",
    [
        ("certification", "kubernetes certification"),  # as proposed, in other case
        ("certification", "a Kubernetes (CKA) certification"),  # names all its words
        ("skill", "Kubernetes certification"),  # the same words, filed elsewhere
    ],
)
def test_a_gap_already_noted_is_not_proposed_again(seeker_client, rejection, category, description):
    GapFactory(rejection=rejection, category=category, description=description)
    page = seeker_client.get(url(rejection)).content.decode()
    assert 'value="Kubernetes certification"' not in page
    assert 'value="team-lead experience"' in page


def test_a_gap_of_another_kind_or_thing_is_still_proposed(seeker_client, rejection):
    GapFactory(rejection=rejection, category="skill", description="Kubernetes")
    GapFactory(rejection=rejection, category="certification", description="AWS certification")
    page = seeker_client.get(url(rejection)).content.decode()
    assert 'value="Kubernetes certification"' in page


@pytest.mark.parametrize(
    "description, error",
    [
        ("", "Say what was missing, or untick it to drop it."),
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_a_kept_gap_needs_a_description_that_fits(seeker_client, rejection, description, error):
    response = confirm(
        seeker_client,
        rejection,
        (True, "certification", description),
        (True, "leadership", "leading a platform team"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert 'href="#id_proposed-0-description"' in page  # the summary links to the field
    assert 'value="leading a platform team"' in page  # the seeker's other edit is kept
    assert saved(rejection) == []


def test_the_step_without_words_proposes_nothing(seeker_client, seeker):
    rejection = RejectionFactory(application=ApplicationFactory(owner=seeker), employer_words="")
    page = seeker_client.get(url(rejection)).content.decode()
    assert "Gaps their words name" not in page
    assert "Add a gap" in page
