import pytest
from django.urls import reverse

from applications.models import Application, Company, Stage
from applications.services import move_stage
from applications.views import BOARD_CARDS_PER_COLUMN

from .factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def application_data(**overrides):
    data = {
        "role_title": "Data Analyst",
        "stage": Stage.APPLIED,
        "excitement": "4",
        "source": "job_board",
        "salary_currency": "USD",
    }
    return data | overrides


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_create_application_with_a_new_company(seeker_client, seeker):
    response = seeker_client.post(
        reverse("applications:create"),
        application_data(new_company="Bluebird Health", notes="Referred by Sam"),
        follow=True,
    )
    application = Application.objects.get(owner=seeker)
    assert application.company.name == "Bluebird Health"
    assert application.company.owner == seeker
    assert response.redirect_chain[-1][0] == application.get_absolute_url()
    assert "Added Data Analyst. Good luck!" in messages_of(response)
    assert application.stage_changes.count() == 1


def test_typing_an_existing_company_name_reuses_it(seeker_client, seeker, company):
    seeker_client.post(reverse("applications:create"), application_data(new_company="NORTHWIND"))
    assert Company.objects.filter(owner=seeker).count() == 1
    assert Application.objects.get(owner=seeker).company == company


def test_company_is_required(seeker_client):
    response = seeker_client.post(reverse("applications:create"), application_data())
    assert response.status_code == 200
    assert "Choose a company or type the name of a new one." in response.content.decode()


def test_second_live_application_for_the_same_role_warns_then_allows(
    seeker_client, seeker, application
):
    data = application_data(company=application.company_id, role_title="data analyst")
    response = seeker_client.post(reverse("applications:create"), data)
    assert response.status_code == 200
    assert "You already have a live application for" in response.content.decode()
    assert Application.objects.filter(owner=seeker).count() == 1

    response = seeker_client.post(reverse("applications:create"), data | {"allow_duplicate": "on"})
    assert response.status_code == 302
    assert Application.objects.filter(owner=seeker).count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"posting_url": "not a url"}, "posting_url", "Enter a valid URL."),
        ({"excitement": "7"}, "excitement", "less than or equal to 5"),
        ({"salary_min": "90000", "salary_max": "60000"}, None, "must start below where it ends"),
        ({"applied_on": "2999-01-01"}, "applied_on", "cannot be in the future"),
        ({"applied_on": "31/31/2026"}, "applied_on", "Enter a valid date."),
        ({"notes": "x" * 1_000_000}, "notes", "at most 20000 characters"),
        ({"salary_min": "-5"}, "salary_min", "greater than or equal to 0"),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_what_was_typed(
    seeker_client, company, overrides, field, message
):
    data = application_data(company=company.pk, role_title="Typed role", **overrides)
    response = seeker_client.post(reverse("applications:create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors[field] if field else form.non_field_errors()
    assert any(message in error for error in errors), errors
    assert 'value="Typed role"' in response.content.decode()
    assert "Please fix the following" in response.content.decode()
    assert not Application.objects.exists()


def test_editing_the_stage_adds_it_to_the_timeline(seeker_client, application):
    data = application_data(company=application.company_id, stage=Stage.SCREENING)
    response = seeker_client.post(reverse("applications:update", args=[application.pk]), data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING
    assert [c.to_stage for c in application.stage_changes.all()] == [
        Stage.SCREENING,
        Stage.APPLIED,
    ]


def test_detail_shows_timeline_contacts_and_notes(seeker_client, application):
    application.notes = "Ask about the team size"
    application.save()
    application.company.contacts.create(owner=application.owner, name="Priya Raman")
    move_stage(application=application, stage=Stage.INTERVIEWING)
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Applied → <strong>Interviewing</strong>" in page
    assert "Priya Raman" in page
    assert "Ask about the team size" in page


def test_board_move_with_htmx_returns_the_redrawn_board(seeker_client, application):
    response = seeker_client.post(
        reverse("applications:move", args=[application.pk]),
        {"stage": Stage.INTERVIEWING},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="board"')
    assert "<html" not in page
    assert "Moved Data Analyst at Northwind to Interviewing." in page
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEWING


def test_board_move_without_javascript_redirects_back(seeker_client, application):
    response = seeker_client.post(
        reverse("applications:move", args=[application.pk]),
        {"stage": Stage.OFFER, "next": reverse("applications:board")},
    )
    assert response.status_code == 302
    assert response.url == reverse("applications:board")
    application.refresh_from_db()
    assert application.stage == Stage.OFFER


def test_board_move_refuses_an_outside_redirect(seeker_client, application):
    response = seeker_client.post(
        reverse("applications:move", args=[application.pk]),
        {"stage": Stage.OFFER, "next": "https://evil.example/"},
    )
    assert response.url == application.get_absolute_url()


# A run of CR/LF as Hypothesis sent it: %0D%0A each in a Location, past the 16,384 characters
# Django allows in a redirect (a 400), and a shorter one past the 2,048 of a safe `next`.
LINE_BREAKS = "\r\n" * 20_001
SOME_LINE_BREAKS = "\r\n" * 1001


@pytest.mark.parametrize(
    ("next_url", "goes_to"),
    [
        (f"{LINE_BREAKS}/applications/board/{LINE_BREAKS}", "/applications/board/"),
        (f"/applications/board/{SOME_LINE_BREAKS}x", None),  # too long once escaped: the default
        ("/applications/board/?q=a b\r\n", "/applications/board/?q=a%20b"),
    ],
)
def test_a_next_with_line_breaks_redirects_and_never_answers_400(
    seeker_client, application, next_url, goes_to
):
    """The `next` is stripped, then checked as it will be sent (escaped): CR/LF around it used
    to pass the check, which strips, and go into the redirect, which does not."""
    response = seeker_client.post(
        reverse("applications:move", args=[application.pk]),
        {"stage": Stage.OFFER, "next": next_url},
    )
    assert response.status_code == 302
    assert response.url == (goes_to or application.get_absolute_url())


def test_board_move_to_unknown_stage_changes_nothing(seeker_client, application):
    response = seeker_client.post(
        reverse("applications:move", args=[application.pk]), {"stage": "hired!"}, follow=True
    )
    assert "Choose one of the stages to move it to." in messages_of(response)
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_board_groups_cards_by_stage(seeker_client, seeker):
    ApplicationFactory(owner=seeker, role_title="Wish", stage=Stage.WISHLIST)
    ApplicationFactory(owner=seeker, role_title="Offer", stage=Stage.OFFER)
    columns = {
        c.stage: c.cards
        for c in seeker_client.get(reverse("applications:board")).context["columns"]
    }
    assert [a.role_title for a in columns[Stage.WISHLIST]] == ["Wish"]
    assert [a.role_title for a in columns[Stage.OFFER]] == ["Offer"]


def test_a_long_column_shows_its_first_cards_and_links_to_the_rest(seeker_client, seeker):
    """Hundreds of applications would make the board a wall: each column shows the first
    BOARD_CARDS_PER_COLUMN in board order, its full count, and a link to the rest in the list."""
    extra = 3
    for n in range(BOARD_CARDS_PER_COLUMN + extra):
        ApplicationFactory(owner=seeker, role_title=f"Role {n:02}", excitement=1 + n % 5,
                           stage=Stage.APPLIED)  # fmt: skip
    ApplicationFactory(owner=seeker, role_title="The dream", excitement=1, is_dream_job=True,
                       stage=Stage.APPLIED)  # fmt: skip
    ApplicationFactory(owner=seeker, role_title="Offer", stage=Stage.OFFER)
    response = seeker_client.get(reverse("applications:board"))
    columns = {c.stage: c for c in response.context["columns"]}
    applied = columns[Stage.APPLIED]
    assert applied.total == BOARD_CARDS_PER_COLUMN + extra + 1
    assert len(applied.cards) == BOARD_CARDS_PER_COLUMN
    assert applied.cards[0].role_title == "The dream"  # board order: dream job, then excitement
    assert [a.excitement for a in applied.cards[1:]] == sorted(
        (a.excitement for a in applied.cards[1:]), reverse=True
    )
    assert [c.role_title for c in columns[Stage.OFFER].cards] == ["Offer"]
    page = response.content.decode()
    assert f"{extra + 1} more in the list" in page
    more = reverse("applications:list") + "?stage=applied&amp;sort=excitement"
    assert more in page
    listed = seeker_client.get(
        reverse("applications:list"), {"stage": "applied", "sort": "excitement"}
    )
    assert listed.context["paginator"].count == BOARD_CARDS_PER_COLUMN + extra + 1


def test_list_filters_searches_and_sorts(seeker_client, seeker):
    acme = CompanyFactory(owner=seeker, name="Acme")
    ApplicationFactory(owner=seeker, company=acme, role_title="Engineer", excitement=2)
    ApplicationFactory(owner=seeker, role_title="Analyst", excitement=5)
    ApplicationFactory(owner=seeker, role_title="Old", stage=Stage.REJECTED)
    url = reverse("applications:list")

    def titles(**params):
        return [a.role_title for a in seeker_client.get(url, params).context["object_list"]]

    assert titles(q="acme") == ["Engineer"]
    assert titles(stage="rejected") == ["Old"]
    assert set(titles(stage="open")) == {"Engineer", "Analyst"}
    assert titles(stage="open", sort="excitement") == ["Analyst", "Engineer"]
    assert titles(stage="nonsense") == titles()  # bad filters are ignored, not a 500


def test_list_filters_show_what_was_chosen(seeker_client, application):
    page = seeker_client.get(
        reverse("applications:list"), {"q": "<b>", "stage": "interviewing", "sort": "company"}
    ).content.decode()
    assert 'value="&lt;b&gt;"' in page
    assert '<option value="interviewing" selected>Interviewing</option>' in page
    assert '<option value="company" selected>Company A–Z</option>' in page
    assert page.count(" selected>") == 2
    fresh = seeker_client.get(reverse("applications:list")).content.decode()
    assert " selected>" not in fresh  # each menu shows its first option: all stages, recent


def test_pages_show_each_stage_as_its_badge(seeker_client, seeker):
    offer = ApplicationFactory(owner=seeker, stage=Stage.OFFER)
    badge = '<span class="badge stage-offer">Offer</span>'
    for url in (
        reverse("applications:list"),
        reverse("applications:pipeline"),
        offer.get_absolute_url(),
        offer.company.get_absolute_url(),
    ):
        assert badge in seeker_client.get(url).content.decode(), url


def test_delete_application(seeker_client, application):
    response = seeker_client.post(
        reverse("applications:delete", args=[application.pk]), follow=True
    )
    assert not Application.objects.exists()
    assert "Deleted Data Analyst at Northwind." in messages_of(response)


def test_company_create_rejects_a_duplicate_name(seeker_client, company):
    response = seeker_client.post(reverse("applications:company_create"), {"name": "northwind"})
    assert "You already have a company with this name." in response.content.decode()


def test_contact_can_only_be_attached_to_own_company(seeker_client, other_seeker):
    foreign = CompanyFactory(owner=other_seeker)
    response = seeker_client.post(
        reverse("applications:contact_create"), {"company": foreign.pk, "name": "Spy"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not foreign.contacts.exists()


def test_contact_create_and_edit(seeker_client, company):
    response = seeker_client.post(
        reverse("applications:contact_create"),
        {"company": company.pk, "name": "Dana", "email": "bad-email"},
    )
    assert "Enter a valid email address." in response.content.decode()
    response = seeker_client.post(
        reverse("applications:contact_create"),
        {"company": company.pk, "name": "Dana", "email": "dana@northwind.example"},
    )
    contact = company.contacts.get()
    assert contact.email == "dana@northwind.example"
    assert response.url == reverse("applications:contact_detail", args=[contact.pk])


def test_dashboard_shows_live_work_and_recent_changes(seeker_client, seeker):
    dream = ApplicationFactory(owner=seeker, role_title="Dream role", is_dream_job=True)
    ApplicationFactory(owner=seeker, role_title="Backup", stage=Stage.SCREENING)
    move_stage(application=dream, stage=Stage.INTERVIEWING)
    response = seeker_client.get(reverse("dashboard"))
    page = response.content.decode()
    assert response.context["live_count"] == 2
    assert "Dream job:" in page and "Dream role" in page
    assert "moved to <strong>Interviewing</strong>" in page


def test_empty_dashboard_invites_a_first_application(seeker_client):
    page = seeker_client.get(reverse("dashboard")).content.decode()
    assert "Add your first application" in page


@pytest.mark.parametrize(
    ("url", "data", "intro", "link"),
    [
        ("applications:create", {"role_title": ""}, "Please fix the following:", "Role"),
        (
            "account_delete",
            {"password": "wrong", "confirm_email": ""},
            "Nothing was deleted. Please fix the following:",
            "Type your email address to confirm",
        ),
    ],
)
def test_a_form_sent_back_lists_its_errors_first_each_linking_to_its_field(
    seeker_client, url, data, intro, link
):
    response = seeker_client.post(reverse(url), data)
    assert response.status_code == 200
    page = response.content.decode()
    summary = page[
        page.index('id="error-summary"') : page.index("<form", page.index("error-summary"))
    ]
    assert intro in summary
    field = response.context["form"][next(f for f, v in data.items() if v == "")]
    assert f'<a href="#{field.id_for_label}" class="alert-link">{link}</a>' in summary
