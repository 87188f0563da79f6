"""Every write of second chances: matching a board's new postings to the seekers it once turned
down, watching that board when a rejection names it, taking a second chance in one click, and
letting one go (a match, or the whole company)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from applications.models import Application, Stage, WorkMode
from applications.services import save_application
from followups.models import FollowUpKind
from followups.services import create_follow_up
from rejections.models import Rejection
from watching.models import Board, Posting, Watch
from watching.providers import recognise
from watching.services import set_muted, watch_board

from . import matching
from .models import Match, MatchState


def match_new_postings(
    *, board: Board, posting_ids: Iterable[int], first_read: bool = False
) -> int:
    """Compare a board's new postings with every rejected application at a company watching
    it, and keep each posting's best match per seeker (watching.signals.postings_found). How
    many it found (one already made is kept as it was).

    Three queries however many postings and seekers: the postings, the rejected applications
    (with their rejection's date), one bulk insert; the titles are scored in memory. Not on a
    board's first read: everything it lists is new to us, not to the board, and could not be
    said to have been posted after the rejection. Only postings first seen on or after the day
    of the "no"; a muted watch, a hidden company, or a posting already matched adds nothing."""
    if first_read:
        return 0
    postings = list(Posting.objects.filter(board=board, pk__in=list(posting_ids)).open())
    if not postings:
        return 0
    rejected = (
        Application.objects.filter(
            stage=Stage.REJECTED,
            company__watch__board=board,
            company__watch__muted=False,
            company__is_hidden=False,
        )
        .exclude(rejection=None)
        .values_list("pk", "owner", "role_title", "location", "work_mode", "rejection__received_on")
    )
    best: dict[tuple[int, int], Match] = {}
    for pk, owner, title, location, work_mode, rejected_on in rejected:
        for posting in postings:
            if posting.first_seen.date() < rejected_on:
                continue
            score = matching.score(
                title,
                location,
                posting.title,
                posting.location,
                remote=bool(posting.remote) or work_mode == WorkMode.REMOTE,
            )
            key = (owner, posting.pk)
            if matching.is_match(score) and (key not in best or best[key].score < score):
                best[key] = Match(owner_id=owner, posting=posting, application_id=pk, score=score)
    Match.objects.bulk_create(best.values(), ignore_conflicts=True)
    return len(best)


def watch_after_rejection(*, rejection: Rejection) -> Watch | None:
    """A rejection at a company whose board the app can read from the rejected role's posting
    link (or the company's website) starts watching that board, unless the company is watched
    already (or its watch muted)."""
    application = rejection.application
    company = application.company
    if Watch.objects.filter(company=company).exists():
        return None
    for url in (application.posting_url, company.website):
        if url and (board := recognise(url)):
            return watch_board(company=company, board=board, source_url=url)
    return None


@transaction.atomic
def take_second_chance(*, match: Match) -> Application:
    """One click: a new application (on the wishlist) for the posting at the same company,
    linked to the rejected one, and an "interest in a new opening" note to whoever delivered
    the "no", saying what the seeker has done since (their finished plan steps). Taken twice
    (a double click), it is the same application."""
    match = (
        Match.objects.select_for_update(of=("self",))
        .select_related("posting", "application__company", "application__rejection__contact")
        .get(pk=match.pk)
    )
    if match.taken_as:
        return match.taken_as
    earlier, posting = match.application, match.posting
    fields = {
        "role_title": posting.title,
        "location": posting.location,
        "posting_url": posting.url,
    }
    application = Application(
        owner_id=match.owner_id,
        company=earlier.company,
        stage=Stage.WISHLIST,
        work_mode=WorkMode.REMOTE if posting.remote else "",
        second_chance_of=earlier,
        **{
            name: value[: Application._meta.get_field(name).max_length]  # type: ignore[union-attr]
            for name, value in fields.items()
        },
    )
    save_application(application=application, note=f"A second chance: {match.headline}.")
    rejection = getattr(earlier, "rejection", None)
    follow_up = create_follow_up(
        application=application,
        kind=FollowUpKind.NEW_OPENING,
        due_on=application.owner.profile.today(),
        contact=rejection.contact if rejection else None,
    )
    follow_up.fill_progress_line()
    follow_up.save(update_fields=["body", "updated_at"])
    match.state, match.taken_as = MatchState.TAKEN, application
    match.save(update_fields=["state", "taken_as"])
    return application


def mute_match(*, match: Match) -> None:
    """Not this one: it leaves the dashboard and the emails."""
    Match.objects.filter(pk=match.pk, state__in=MatchState.open()).update(state=MatchState.MUTED)


@transaction.atomic
def mute_company(*, match: Match) -> int:
    """Not this employer: its board is no longer announced (the watch is muted, its postings
    stay on the company's page) and its waiting matches are muted. How many were."""
    company = match.application.company
    watch = Watch.objects.filter(company=company).first()
    if watch:
        set_muted(watch=watch, muted=True)
    return (
        Match.objects.filter(owner=match.owner_id, application__company=company)
        .filter(state__in=MatchState.open())
        .update(state=MatchState.MUTED)
    )


def mark_shown(*, matches: Iterable[Match]) -> None:
    """The dashboard showed them: no longer new (they stay until taken or muted)."""
    new = [match.pk for match in matches if match.is_new]
    if new:
        Match.objects.filter(pk__in=new, state=MatchState.NEW).update(state=MatchState.SHOWN)


def mark_emailed(*, matches: Iterable[Match]) -> None:
    """A reminder email told them: never again."""
    Match.objects.filter(pk__in=[match.pk for match in matches]).update(emailed_at=timezone.now())
