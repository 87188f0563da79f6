"""Coach access in the app: a seeker invites, the coach signs up or accepts, either side ends it.

Access is worked out on every request from the live grants, so the tests check
`CoachGrant.objects.client_ids(coach)` right after the request that ended a grant."""

import re
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from accounts.models import User
from coaching import urls as coaching_urls
from coaching.models import INVITATIONS_PER_DAY, CoachGrant, EndedBy
from coaching.roles import COACHES_GROUP, is_coach
from coaching.services import accept_invitation, end_grant
from coaching.views import coach_home_url

from .factories import CoachFactory, GrantFactory, UserFactory
from .url_registry import snapshot

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase"


@pytest.fixture
def coach(db):
    return CoachFactory(email="casey@example.com", name="Casey Coach")


@pytest.fixture
def other_coach(db):
    return CoachFactory(email="olga@example.com", name="Olga Other-Coach")


@pytest.fixture
def live_grant(seeker, coach):
    return GrantFactory(seeker=seeker, accepted_by=coach)


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


def invite(client, email):
    return client.post(reverse("coaching:access"), {"email": email}, follow=True)


def clients_of(coach):
    return set(CoachGrant.objects.client_ids(coach).values_list("seeker", flat=True))


def grant_rows():
    return list(CoachGrant.objects.order_by("pk").values())


# Inviting


def test_inviting_creates_a_pending_grant_and_sends_one_email_with_the_link(seeker_client, seeker):
    response = invite(seeker_client, "Casey.New@Example.com")
    grant = CoachGrant.objects.get()
    assert (grant.seeker, grant.email, grant.is_pending) == (seeker, "casey.new@example.com", True)
    assert "Invitation sent to casey.new@example.com." in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["casey.new@example.com"]
    assert message.reply_to == [seeker.email]
    assert message.from_email == "Second Chance <noreply@localhost>"  # never the seeker's name
    assert "Sam Seeker" in message.subject
    assert message.subject == "Sam Seeker would like you to review their job search — Second Chance"
    link = grant.get_invitation_url()
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link in message.body
    assert f'href="{link}"' in html
    for text in (message.body, html):
        assert "read-only" in text
        assert "revoke your access at any time" in text


def test_the_email_is_the_same_whether_or_not_the_address_has_an_account(seeker_client, coach):
    invite(seeker_client, coach.email)
    invite(seeker_client, "nobody-yet@example.com")
    first, second = CoachGrant.objects.order_by("pk")
    known, unknown = mail.outbox
    assert known.body.replace(first.get_invitation_url(), "LINK") == unknown.body.replace(
        second.get_invitation_url(), "LINK"
    )
    assert known.subject == unknown.subject


def test_the_email_escapes_the_seekers_name_in_html_and_keeps_headers_on_one_line(client):
    seeker = UserFactory(email="odd@example.com", name="<b>Sam</b> &\nCo")
    client.force_login(seeker)
    invite(client, "casey@example.com")
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "&lt;b&gt;Sam&lt;/b&gt; &amp;" in html
    assert "<b>Sam</b>" not in html
    assert "<b>Sam</b> & Co" in message.subject
    assert "\n" not in message.from_email


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("SEEKER@example.com", "That is your own address"),
        ("pending@example.com", "You have already invited this coach."),
        ("casey@example.com", "This coach already has access to your search."),
        ("not-an-address", "Enter a valid email address."),
        ("", "This field is required."),
    ],
)
def test_the_invite_form_refuses_with_an_error_and_creates_nothing(
    seeker_client, seeker, live_grant, email, error
):
    GrantFactory(seeker=seeker, email="pending@example.com")
    before = grant_rows()
    response = invite(seeker_client, email)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert response.context["form"].errors
    assert grant_rows() == before
    assert mail.outbox == []


def test_ten_invitations_a_day_then_a_clear_error_until_the_day_has_passed(
    seeker_client, seeker, other_seeker
):
    """Each invitation emails an address the seeker typed: the form is no way to spam strangers.
    Cancelled ones count too (inviting and cancelling would otherwise send without limit)."""
    start = datetime(2026, 11, 22, 9, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        for n in range(INVITATIONS_PER_DAY):
            invite(seeker_client, f"coach{n}@example.com")
            end_grant(
                grant=CoachGrant.objects.get(email=f"coach{n}@example.com"), by=EndedBy.SEEKER
            )
        assert len(mail.outbox) == INVITATIONS_PER_DAY

        response = invite(seeker_client, "one-too-many@example.com")
        assert "10 invitations in the last 24 hours" in response.content.decode()
        assert not CoachGrant.objects.filter(email="one-too-many@example.com").exists()
        assert len(mail.outbox) == INVITATIONS_PER_DAY
        GrantFactory(seeker=other_seeker, email="theirs@example.com")  # another seeker's own cap

        clock.move_to(start + timedelta(hours=23, minutes=59))
        invite(seeker_client, "one-too-many@example.com")
        assert not CoachGrant.objects.filter(email="one-too-many@example.com").exists()
        clock.move_to(start + timedelta(days=1, seconds=1))
        invite(seeker_client, "one-too-many@example.com")
        assert CoachGrant.objects.filter(email="one-too-many@example.com").exists()
    assert len(mail.outbox) == INVITATIONS_PER_DAY + 1


def test_another_seekers_invitation_to_the_same_coach_is_no_obstacle(
    seeker_client, other_seeker, coach
):
    GrantFactory(seeker=other_seeker, accepted_by=coach)
    invite(seeker_client, coach.email)
    assert CoachGrant.objects.count() == 2
    assert len(mail.outbox) == 1


def test_a_failed_send_leaves_no_grant_so_the_seeker_can_try_again(seeker_client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", refuse)
        response = invite(seeker_client, "casey@example.com")
    assert "We could not send the invitation just now." in response.content.decode()
    assert not CoachGrant.objects.exists()
    invite(seeker_client, "casey@example.com")
    assert CoachGrant.objects.get().is_pending
    assert len(mail.outbox) == 1


# The invitation link


def test_an_unknown_address_signs_up_through_the_link_as_a_coach_and_is_logged_in(client, seeker):
    grant = GrantFactory(seeker=seeker, email="new.coach@example.com")
    url = reverse("coaching:invitation", args=[grant.token])
    page = client.get(url).content.decode()
    assert "Sam Seeker would like you to review their job search" in page
    assert "new.coach@example.com" in page
    assert 'name="email"' not in page  # shown, not editable
    response = client.post(
        url, {"name": "Nia New", "password1": PASSWORD, "password2": PASSWORD}, follow=True
    )
    coach = User.objects.get(email="new.coach@example.com")
    assert coach.name == "Nia New"
    assert coach.check_password(PASSWORD)
    assert coach.is_staff and not coach.is_superuser
    assert coach.groups.filter(name=COACHES_GROUP).exists()
    grant.refresh_from_db()
    assert grant.is_live and grant.coach == coach
    assert clients_of(coach) == {seeker.pk}
    assert response.redirect_chain[0][0] == coach_home_url()
    assert response.status_code == 200
    assert response.context["user"] == coach


@pytest.mark.parametrize(
    ("password1", "password2", "error"),
    [
        ("12345678", "12345678", "This password is too common."),
        ("short", "short", "This password is too short."),
        (PASSWORD, PASSWORD + "x", "The two password fields didn"),
        ("new.coach.example", "new.coach.example", "too similar to the email address"),
    ],
)
def test_the_coach_sign_up_uses_the_password_validators(
    client, seeker, password1, password2, error
):
    grant = GrantFactory(seeker=seeker, email="new.coach@example.com")
    response = client.post(
        reverse("coaching:invitation", args=[grant.token]),
        {"name": "Nia New", "password1": password1, "password2": password2},
    )
    assert error in response.content.decode()
    assert not User.objects.filter(email="new.coach@example.com").exists()
    grant.refresh_from_db()
    assert grant.is_pending


def test_the_sign_up_ignores_an_email_sent_with_the_form(client, seeker):
    grant = GrantFactory(seeker=seeker, email="new.coach@example.com")
    client.post(
        reverse("coaching:invitation", args=[grant.token]),
        {"name": "Nia", "email": "evil@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not User.objects.filter(email="evil@example.com").exists()
    assert CoachGrant.objects.get().coach.email == "new.coach@example.com"


def test_an_existing_account_is_asked_to_log_in_and_comes_back_to_accept(client, seeker, coach):
    grant = GrantFactory(seeker=seeker, email=coach.email)
    url = reverse("coaching:invitation", args=[grant.token])
    page = client.get(url).content.decode()
    login_url = f"{reverse('login')}?next={url}"
    assert f'href="{login_url}"' in page
    assert 'name="password1"' not in page
    # Posting the sign-up anyway creates nothing.
    client.post(url, {"name": "x", "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.filter(email=coach.email).count() == 1

    response = client.post(
        login_url, {"username": coach.email, "password": "correct-horse-battery", "next": url}
    )
    assert response.url == url
    assert "Accept and start coaching" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == coach_home_url()
    grant.refresh_from_db()
    assert grant.is_live and grant.coach == coach
    assert clients_of(coach) == {seeker.pk}


def test_an_existing_seeker_account_accepting_becomes_a_coach(client, seeker, other_seeker):
    grant = GrantFactory(seeker=seeker, email=other_seeker.email.upper())
    client.force_login(other_seeker)
    client.post(reverse("coaching:invitation", args=[grant.token]))
    other_seeker.refresh_from_db()
    assert is_coach(other_seeker) and other_seeker.is_staff
    assert clients_of(other_seeker) == {seeker.pk}


def test_someone_logged_in_with_another_address_cannot_accept(client, seeker, other_coach):
    grant = GrantFactory(seeker=seeker, email="casey@example.com")
    url = reverse("coaching:invitation", args=[grant.token])
    client.force_login(other_coach)
    page = client.get(url).content.decode()
    assert "This invitation was sent to <strong>casey@example.com</strong>" in page
    assert "Accept and start coaching" not in page
    before = grant_rows()
    response = client.post(url)
    assert response.status_code == 200
    assert grant_rows() == before
    assert clients_of(other_coach) == set()


def test_opening_an_accepted_invitation_again_goes_to_the_admin(coach_client, live_grant):
    response = coach_client.get(reverse("coaching:invitation", args=[live_grant.token]))
    assert response.url == coach_home_url()


@pytest.mark.parametrize("who", ["anonymous", "coach"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_or_ended_token_is_not_found(client, seeker, coach, who, method):
    revoked = GrantFactory(seeker=seeker, accepted_by=coach)
    end_grant(grant=revoked, by=EndedBy.SEEKER)
    cancelled = GrantFactory(seeker=seeker, email=coach.email)
    end_grant(grant=cancelled, by=EndedBy.SEEKER)
    if who == "coach":
        client.force_login(coach)
    before = grant_rows()
    for token in [revoked.token, cancelled.token, "no-such-token"]:
        url = reverse("coaching:invitation", args=[token])
        assert getattr(client, method)(url).status_code == 404
    assert grant_rows() == before
    assert User.objects.count() == 2


# Ending access


def test_revoking_ends_the_grant_and_access_stops_with_the_next_request(
    seeker_client, seeker, coach, live_grant
):
    coach_browser = Client()
    coach_browser.force_login(coach)
    assert coach_browser.get(reverse("coaching:clients")).context["clients"] == [live_grant]
    response = seeker_client.post(reverse("coaching:revoke", args=[live_grant.pk]), follow=True)
    assert "Casey Coach no longer has access to your search." in response.content.decode()
    live_grant.refresh_from_db()
    assert live_grant.ended_at is not None
    assert live_grant.ended_by == EndedBy.SEEKER
    assert clients_of(coach) == set()
    assert coach_browser.get(reverse("coaching:clients")).context["clients"] == []
    assert "by you" in seeker_client.get(reverse("coaching:access")).content.decode()


def test_cancelling_an_invitation_kills_its_link(seeker_client, seeker, client):
    grant = GrantFactory(seeker=seeker, email="casey@example.com")
    response = seeker_client.post(reverse("coaching:revoke", args=[grant.pk]), follow=True)
    assert "Invitation to casey@example.com cancelled." in response.content.decode()
    grant.refresh_from_db()
    assert (grant.ended_by, grant.accepted_at) == (EndedBy.SEEKER, None)
    seeker_client.logout()
    assert seeker_client.get(reverse("coaching:invitation", args=[grant.token])).status_code == 404


def test_the_coach_can_end_it_and_the_seeker_sees_by_whom(
    coach_client, client, seeker, coach, live_grant
):
    response = coach_client.post(reverse("coaching:end", args=[live_grant.pk]), follow=True)
    assert "You no longer coach Sam Seeker" in response.content.decode()
    live_grant.refresh_from_db()
    assert live_grant.ended_at is not None
    assert live_grant.ended_by == EndedBy.COACH
    assert clients_of(coach) == set()
    assert response.context["ended"] == [live_grant]
    seeker_browser = Client()
    seeker_browser.force_login(seeker)
    page = seeker_browser.get(reverse("coaching:access")).content.decode()
    assert "by the coach" in page
    assert "Revoke access" not in page


def test_ending_twice_changes_nothing_the_second_time(seeker_client, live_grant):
    url = reverse("coaching:revoke", args=[live_grant.pk])
    seeker_client.post(url)
    before = grant_rows()
    response = seeker_client.post(url, follow=True)
    assert "That access has already ended." in response.content.decode()
    assert grant_rows() == before


def test_a_coach_can_decline_an_invitation(coach_client, seeker, coach):
    grant = GrantFactory(seeker=seeker, email=coach.email)
    coach_client.post(reverse("coaching:end", args=[grant.pk]))
    grant.refresh_from_db()
    assert (grant.ended_by, grant.coach) == (EndedBy.COACH, None)


def test_a_revoked_coach_can_be_invited_again(seeker_client, seeker, coach, live_grant):
    seeker_client.post(reverse("coaching:revoke", args=[live_grant.pk]))
    invite(seeker_client, coach.email)
    new = CoachGrant.objects.open().get()
    assert new.pk != live_grant.pk and new.token != live_grant.token
    assert new.get_invitation_url() in mail.outbox[0].body
    coach_browser = Client()
    coach_browser.force_login(coach)
    old_url = reverse("coaching:invitation", args=[live_grant.token])
    assert coach_browser.get(old_url).status_code == 404
    coach_browser.post(reverse("coaching:invitation", args=[new.token]))
    assert clients_of(coach) == {seeker.pk}


# The pages


def test_the_coaches_page_shows_each_state_with_its_dates_and_button(seeker_client, seeker, coach):
    GrantFactory(seeker=seeker, accepted_by=coach)
    GrantFactory(seeker=seeker, email="waiting@example.com")
    ended = GrantFactory(seeker=seeker, email="gone@example.com")
    end_grant(grant=ended, by=EndedBy.SEEKER)
    page = seeker_client.get(reverse("coaching:access")).content.decode()
    assert "Casey Coach" in page and "Has access</span> since" in page
    assert "waiting@example.com" in page and "Invited</span> on" in page
    assert "Ended</span> on" in page and "by you" in page
    assert page.count("Revoke access<span") == 1
    assert page.count("Cancel invitation<span") == 1


def test_the_settings_page_lists_current_coaches_and_revokes_in_one_click(
    seeker_client, seeker, coach, live_grant
):
    end_grant(grant=GrantFactory(seeker=seeker, email="gone@example.com"), by=EndedBy.SEEKER)
    page = seeker_client.get(reverse("settings")).content.decode()
    assert 'id="coaches"' in page
    assert "Casey Coach" in page
    assert "gone@example.com" not in page
    assert f'href="{reverse("coaching:access")}"' in page
    response = seeker_client.post(
        reverse("coaching:revoke", args=[live_grant.pk]),
        {"next": reverse("settings") + "#coaches"},
    )
    assert response.url == reverse("settings") + "#coaches"
    assert clients_of(coach) == set()


def test_the_coachs_page_lists_invitations_clients_and_ended_ones(
    coach_client, seeker, other_seeker, coach, other_coach
):
    live = GrantFactory(seeker=seeker, accepted_by=coach)
    waiting = GrantFactory(seeker=other_seeker, email=coach.email.upper())
    GrantFactory(seeker=UserFactory(name="Not For You"), email=other_coach.email)
    former = GrantFactory(seeker=UserFactory(name="Former Client"), accepted_by=coach)
    end_grant(grant=former, by=EndedBy.SEEKER)
    response = coach_client.get(reverse("coaching:clients"))
    assert response.context["invitations"] == [waiting]
    assert response.context["clients"] == [live]
    assert response.context["ended"] == [former]
    page = response.content.decode()
    assert "Not For You" not in page
    assert f'href="{coach_home_url()}"' in page
    assert "End coaching" in page

    coach_client.post(reverse("coaching:accept", args=[waiting.pk]))
    assert clients_of(coach) == {seeker.pk, other_seeker.pk}


def test_the_coaching_nav_entry_is_for_coaches_only(coach_client, client, seeker):
    assert (
        f'href="{reverse("coaching:clients")}">Coaching'
        in coach_client.get(reverse("settings")).content.decode()
    )
    client.force_login(seeker)
    assert reverse("coaching:clients") not in client.get(reverse("settings")).content.decode()


def test_the_pages_have_no_inline_script_or_handlers(seeker_client, seeker, coach, live_grant):
    invitation = GrantFactory(seeker=seeker, email="new@example.com")
    pages = [
        seeker_client.get(reverse("coaching:access")),
        seeker_client.get(reverse("settings")),
        Client().get(reverse("coaching:invitation", args=[invitation.token])),
    ]
    seeker_client.force_login(coach)
    pages.append(seeker_client.get(reverse("coaching:clients")))
    for response in pages:
        page = response.content.decode()
        assert response.status_code == 200
        assert not re.search(r"<script(?![^>]*\ssrc=)", page)
        assert not re.search(r"\son[a-z]+=", page)


# Every URL: who may use it, and with which method


PARAM_PATTERNS = [p for p in coaching_urls.urlpatterns if "<" in str(p.pattern)]
ID_PATTERNS = [
    p
    for p in coaching_urls.urlpatterns
    if isinstance(p, URLPattern) and "<int:pk>" in str(p.pattern)
]
# Who may use each id URL on a grant: the seeker who made it, or the coach it names.
RIGHTFUL = {"revoke": "seeker", "accept": "coach", "end": "coach"}
GET_ONLY = {"clients"}
POST_ONLY = {"revoke", "accept", "end"}
GET_AND_POST = {"access", "invitation"}


def test_every_url_is_covered():
    names = {p.name for p in coaching_urls.urlpatterns}
    assert names == GET_ONLY | POST_ONLY | GET_AND_POST
    assert {p.name for p in ID_PATTERNS} == set(RIGHTFUL)
    # The only other parameter is the invitation's token, tested above.
    assert {p.name for p in PARAM_PATTERNS} - set(RIGHTFUL) == {"invitation"}


@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
@pytest.mark.parametrize("state", ["pending", "live"])
@pytest.mark.parametrize("outsider", ["other_seeker", "other_coach", "other_party"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anyone_else_gets_404_and_changes_nothing(
    client, seeker, coach, other_seeker, other_coach, pattern, state, outsider, method
):
    if state == "live":
        grant = GrantFactory(seeker=seeker, accepted_by=coach)
    else:
        grant = GrantFactory(seeker=seeker, email=coach.email)
    users = {
        "other_seeker": other_seeker,
        "other_coach": other_coach,
        # The seeker on the coach's URLs, the coach on the seeker's.
        "other_party": coach if RIGHTFUL[pattern.name] == "seeker" else seeker,
    }
    client.force_login(users[outsider])
    before = snapshot()
    response = getattr(client, method)(reverse(f"coaching:{pattern.name}", args=[grant.pk]))
    assert response.status_code == (405 if method == "get" else 404)
    assert snapshot() == before


@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
def test_the_rightful_user_can_use_every_id_url(client, seeker, coach, pattern):
    """The counterpart of the 404s above: the same request from the right person works."""
    grant = GrantFactory(seeker=seeker, email=coach.email)
    if pattern.name != "accept":
        accept_invitation(grant=grant, coach=coach)
    client.force_login(seeker if RIGHTFUL[pattern.name] == "seeker" else coach)
    response = client.post(reverse(f"coaching:{pattern.name}", args=[grant.pk]))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.is_live if pattern.name == "accept" else grant.ended_at is not None


def url_for(name, grant):
    if name == "invitation":
        return reverse("coaching:invitation", args=[grant.token])
    if name in RIGHTFUL:
        return reverse(f"coaching:{name}", args=[grant.pk])
    return reverse(f"coaching:{name}")


@pytest.mark.parametrize("name", sorted(GET_ONLY | POST_ONLY | GET_AND_POST))
def test_each_url_answers_only_its_methods(client, seeker, coach, name):
    grant = GrantFactory(seeker=seeker, email=coach.email)
    client.force_login(seeker if name in ("access", "revoke") else coach)
    url = url_for(name, grant)
    if name in POST_ONLY:
        assert client.get(url).status_code == 405
    elif name in GET_ONLY:
        assert client.post(url).status_code == 405
        assert client.get(url).status_code == 200
    else:
        assert client.get(url).status_code == 200


def test_only_the_invitation_is_open_to_anonymous_visitors(client, seeker):
    grant = GrantFactory(seeker=seeker, email="new@example.com")
    for name in sorted(GET_ONLY | POST_ONLY | GET_AND_POST):
        response = client.get(url_for(name, grant))
        if name == "invitation":
            assert response.status_code == 200
        else:
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))


# Query counts


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def make_grants(seeker, count):
    """Of every kind: live, pending, revoked."""
    for i in range(count):
        if i % 3 == 0:
            GrantFactory(seeker=seeker, accepted_by=CoachFactory())
        elif i % 3 == 1:
            GrantFactory(seeker=seeker)
        else:
            end_grant(
                grant=GrantFactory(seeker=seeker, accepted_by=CoachFactory()), by=EndedBy.COACH
            )


@pytest.mark.parametrize("page", ["coaching:access", "settings"])
def test_the_seekers_pages_run_as_many_queries_for_ten_grants_as_for_one(
    seeker_client, seeker, other_seeker, page
):
    make_grants(other_seeker, 3)
    make_grants(seeker, 1)
    with_one = queries_for(seeker_client, reverse(page))
    make_grants(seeker, 9)
    assert queries_for(seeker_client, reverse(page)) == with_one


def test_the_coachs_page_runs_as_many_queries_for_ten_clients_as_for_one(coach_client, coach):
    GrantFactory(accepted_by=coach)
    with_one = queries_for(coach_client, reverse("coaching:clients"))
    for i in range(9):
        grant = GrantFactory(accepted_by=coach) if i % 3 else GrantFactory(email=coach.email)
        if i % 3 == 2:
            end_grant(grant=grant, by=EndedBy.COACH)
    assert queries_for(coach_client, reverse("coaching:clients")) == with_one
