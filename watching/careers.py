"""From what a seeker pastes to the board it means: a board page, a posting on it or its API
address is recognised as it is (watching.providers); any other page is read once, safely
(core.fetch: public addresses only), for a link to a known board — a company's own careers
page usually links to its board or embeds it."""

from core.fetch import FetchError, fetch

from .providers import BoardRef, board_linked_from, recognise

# A careers page is read with these limits: it is one page, read while the seeker waits.
PAGE_MAX_BYTES = 2_000_000
PAGE_TIMEOUT_SECONDS = 8

UNKNOWN_SITE = (
    "We don't know that site, and found no job board linked from it. Paste the address of the "
    "company's jobs on Greenhouse, Lever, Ashby, Workable or Recruitee (a posting's address "
    "works too)."
)


class UnknownBoard(Exception):
    """No board found; the message says why, for the seeker."""


def board_for(url: str) -> BoardRef:
    """The board `url` names or links to; raises UnknownBoard with the reason."""
    if board := recognise(url):
        return board
    page = url if "://" in url else f"https://{url}"
    try:
        result = fetch(page, max_bytes=PAGE_MAX_BYTES, timeout=PAGE_TIMEOUT_SECONDS)
    except FetchError as error:
        raise UnknownBoard(f"We could not read that page: {error}") from error
    if result.status != 200:
        raise UnknownBoard(f"We could not read that page: it answered {result.status}.")
    board = recognise(result.url) or board_linked_from(result.text())
    if board is None:
        raise UnknownBoard(UNKNOWN_SITE)
    return board
