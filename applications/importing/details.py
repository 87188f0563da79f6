"""Reading the cells our own export adds to the usual columns (applications/exporting.py): work
mode, source, excitement, dream job, description, the stage history and the interviews. Any file
with such headings gets them too; each cell that cannot be read is a reason, as in cells.py."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..models import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    InterviewKind,
    Source,
    StageChange,
    WorkMode,
)
from .cells import CellError
from .mapping import Target, match_stage, stage_key

# "2026-01-05 14:03 +01:00 Applied — a note": exporting.entry writes them, one a line.
ENTRY = re.compile(
    r"^(?P<at>\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?)\s*(?P<offset>Z|[+-]\d{2}:?\d{2})\s+"
    r"(?P<label>.+?)(?:\s+—\s+(?P<note>.*))?$"
)
YES = {"yes", "y", "true", "1", "x", "✓", "dream job"}
NO = {"no", "n", "false", "0", ""}
CHANGE_NOTE_LENGTH = StageChange._meta.get_field("note").max_length or 500

History = list[tuple[str, datetime, str]]  # stage, when, note
Interviews = list[tuple[datetime, str, str]]  # starts, kind, preparation


@dataclass(slots=True)
class Details:
    """What a row says beyond the usual columns; the defaults are a new application's."""

    work_mode: str = ""
    source: str = Source.JOB_BOARD
    excitement: int = 3
    is_dream_job: bool = False
    description: str = ""
    history: History = field(default_factory=list)
    interviews: Interviews = field(default_factory=list)


def _choices(choices: list[tuple[str, str]]) -> dict[str, str]:
    return {stage_key(text): value for value, label in choices for text in (value, label)}


WORK_MODES = _choices(WorkMode.choices) | {"onsite": WorkMode.ON_SITE, "office": WorkMode.ON_SITE}
SOURCES = _choices(Source.choices)
KINDS = _choices(InterviewKind.choices)


def _entries(text: str, what: str) -> list[tuple[datetime, str, str]]:
    entries = []
    for number, line in enumerate(filter(None, (s.strip() for s in text.splitlines())), 1):
        found = ENTRY.match(line)
        try:
            at = datetime.fromisoformat(f"{found['at']}{found['offset']}") if found else None
        except ValueError:
            at = None
        if found is None or at is None:
            raise CellError(
                f"{what}, line {number}: “{line[:60]}” is not a date, time and offset then a "
                "name (write it like 2026-01-05 14:03 +01:00 Applied)"
            )
        entries.append((at, found["label"], found["note"] or ""))
    return entries


def parse_history(text: str, now: datetime) -> History:
    """The stage history, oldest first."""
    history = []
    for at, label, note in _entries(text, "Stage history"):
        stage = match_stage(label)
        if stage is None:
            raise CellError(f"Stage history: “{label}” is not a stage")
        if at > now:
            raise CellError(f"Stage history: {at:%Y-%m-%d %H:%M} is in the future")
        history.append((stage, at, note[:CHANGE_NOTE_LENGTH]))
    return sorted(history, key=lambda entry: entry[1])


def parse_interviews(text: str) -> Interviews:
    interviews = []
    for at, label, note in _entries(text, "Interviews"):
        kind = KINDS.get(stage_key(label))
        if kind is None:
            raise CellError(f"Interviews: “{label}” is not a kind of interview")
        interviews.append((at, kind, note[:NOTE_MAX_LENGTH]))
    if len({at for at, _, _ in interviews}) < len(interviews):
        raise CellError("Interviews: two of them start at the same time")
    return interviews


def read_details(values: dict[str, str], now: datetime, reasons: list[str]) -> Details:
    """The row's details from its mapped cells; what cannot be read goes into `reasons`."""
    details = Details()
    if text := values.get(Target.WORK_MODE):
        if (mode := WORK_MODES.get(stage_key(text))) is None:
            reasons.append(f"Work mode “{text}” is not on site, hybrid or remote.")
        details.work_mode = mode or ""
    if text := values.get(Target.SOURCE):
        details.source = SOURCES.get(stage_key(text), Source.OTHER)
    if (text := values.get(Target.EXCITEMENT)) and text != "0":  # 0: not rated (Teal)
        if text.isdigit() and 1 <= int(text) <= 5:
            details.excitement = int(text)
        else:
            reasons.append(f"Excitement “{text}” is not a whole number from 1 to 5.")
    text = values.get(Target.DREAM_JOB, "")
    if text.casefold() in YES:
        details.is_dream_job = True
    elif text.casefold() not in NO:
        reasons.append(f"Dream job “{text}” is not yes or no.")
    details.description = values.get(Target.DESCRIPTION, "")
    if len(details.description) > DESCRIPTION_MAX_LENGTH:
        reasons.append(
            f"Job description is {len(details.description):,} characters long; the most is "
            f"{DESCRIPTION_MAX_LENGTH:,}."
        )
    for target, parse, name in (
        (Target.HISTORY, lambda text: parse_history(text, now), "history"),
        (Target.INTERVIEWS, parse_interviews, "interviews"),
    ):
        if text := values.get(target):
            try:
                setattr(details, name, parse(text))
            except CellError as error:
                reasons.append(f"{error}.")
    return details


def timeline(history: History, stage: str, now: datetime) -> list[tuple[str, str, datetime, str]]:
    """(from, to, when, note) of each stage change in the history, ending at the row's stage
    (a move to it now when the history ends elsewhere)."""
    changes, previous = [], ""
    for to_stage, at, note in history:
        changes.append((previous, to_stage, at, note))
        previous = to_stage
    if previous != stage:
        changes.append((previous, stage, now, ""))
    return changes
