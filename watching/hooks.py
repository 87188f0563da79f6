"""What watching adds to the pages of the apps below it (core.hooks): a company's job board,
its open postings and how its last read went, on the company's page."""

from applications.models import Company
from core.hooks import item_panels

from .models import Posting, Watch

# The company page lists this many of the board's open postings, newest first.
POSTINGS_SHOWN = 25


def board_panel(request, company) -> dict:
    watch = Watch.objects.select_related("board").filter(company=company).first()
    postings: list[Posting] = []
    if watch:
        postings = list(watch.board.postings.open()[:POSTINGS_SHOWN])
    return {"board_panel": True, "watch": watch, "postings": postings}


def register() -> None:
    item_panels.register(Company, board_panel)
