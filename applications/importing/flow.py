"""How an import runs rather than what it reads: which files go to the background, the rows an
import of the good rows gives back, and a check's outcome kept for the page of a background job.
"""

from collections import Counter
from typing import Any

from core.spreadsheet import csv_text

from ..models import ImportBatch
from .reading import records
from .writing import Outcome, Problem

# Over this many lines under the headings, the check and the import run in a Celery task
# (applications.tasks) and the seeker watches a progress bar; up to it, in the request.
BACKGROUND_ROWS = 2000

REJECTED_FILE_NAME = "rows-not-imported.csv"
REJECTED_HEADINGS = ("Line", "Why it was not imported")


def count_rows(data: bytes, encoding: str, delimiter: str) -> int:
    """Lines under the headings, as the importer will read them (blank ones included)."""
    return max(0, sum(1 for _ in records(data, encoding, delimiter)) - 1)


def runs_in_background(batch: ImportBatch) -> bool:
    return batch.row_count > BACKGROUND_ROWS


class RejectedRows:
    """The bad rows of an import of the good rows, as a CSV file the seeker can fix and upload
    again: the file's own columns, as they were, then the line number and the reason."""

    def __init__(self, headers: list[str]):
        self.width = len(headers)
        self.rows: list[list[str]] = [[*headers, *REJECTED_HEADINGS]]

    def add(self, problem: Problem) -> None:
        cells = list(problem.cells[: self.width])
        cells += [""] * (self.width - len(cells))
        self.rows.append([*cells, str(problem.line), problem.reason])

    def __len__(self) -> int:
        return len(self.rows) - 1

    def as_bytes(self) -> bytes:
        """UTF-8 with a byte-order mark, formulas defused: what every CSV download is."""
        return "".join(csv_text(self.rows)).encode() if len(self) else b""


def outcome_to_json(outcome: Outcome) -> dict[str, Any]:
    """An outcome as the job's `result` keeps it (the bad rows' cells stay out)."""

    def problems(listed: list[Problem]) -> list[list]:
        return [[problem.line, problem.kind, problem.reason] for problem in listed]

    return {
        "rows": outcome.rows,
        "blank": outcome.blank,
        "good": outcome.good,
        "duplicates": outcome.duplicates,
        "bad": outcome.bad,
        "new_companies": outcome.new_companies,
        "defaulted": outcome.defaulted,
        "unknown_stages": dict(outcome.unknown_stages),
        "bad_rows": problems(outcome.bad_rows),
        "duplicate_rows": problems(outcome.duplicate_rows),
        "imported": outcome.imported,
    }


def outcome_from_json(data: dict[str, Any]) -> Outcome:
    return Outcome(
        rows=data["rows"],
        blank=data["blank"],
        good=data["good"],
        duplicates=data["duplicates"],
        bad=data["bad"],
        new_companies=data["new_companies"],
        defaulted=data["defaulted"],
        unknown_stages=Counter(data["unknown_stages"]),
        bad_rows=[Problem(*row) for row in data["bad_rows"]],
        duplicate_rows=[Problem(*row) for row in data["duplicate_rows"]],
        imported=data["imported"],
    )
