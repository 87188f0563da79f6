"""Mapping the file's columns to fields (headings and their synonyms) and its status values to
stages."""

import re
import unicodedata

from ..models import Stage


class Target:
    """Where a CSV column goes."""

    IGNORE = ""
    COMPANY = "company"
    ROLE = "role_title"
    URL = "posting_url"
    STAGE = "stage"
    APPLIED = "applied_on"
    SALARY = "salary"
    SALARY_MIN = "salary_min"
    SALARY_MAX = "salary_max"
    LOCATION = "location"
    NOTES = "notes"

    CHOICES = [
        (IGNORE, "Ignore this column"),
        (COMPANY, "Company"),
        (ROLE, "Job title"),
        (URL, "Job posting URL"),
        (STAGE, "Status / stage"),
        (APPLIED, "Date applied"),
        (SALARY, "Salary (a number or a range)"),
        (SALARY_MIN, "Salary from"),
        (SALARY_MAX, "Salary to"),
        (LOCATION, "Location"),
        (NOTES, "Notes"),
    ]
    LABELS = dict(CHOICES)
    REQUIRED = (COMPANY, ROLE)


# The export's headings, in order. They are also the first synonym of each field below, so an
# export maps itself.
EXPORT_HEADINGS = {
    Target.COMPANY: "Company",
    Target.ROLE: "Job Title",
    Target.URL: "URL",
    Target.STAGE: "Status",
    Target.APPLIED: "Date Applied",
    Target.SALARY: "Salary",
    Target.LOCATION: "Location",
    Target.NOTES: "Notes",
}

HEADING_SYNONYMS = {
    Target.COMPANY: [
        "Company", "Company Name", "Employer", "Employer Name", "Organisation", "Organization",
        "Organisation Name", "Organization Name", "Org",
    ],
    Target.ROLE: [
        "Job Title", "Title", "Position", "Job Position", "Role", "Role Title", "Job Role",
        "Position Title", "Job", "Job Name", "Opening",
    ],
    Target.URL: [
        "URL", "Link", "Job Link", "Posting", "Job Posting", "Posting URL", "Posting Link",
        "Job URL", "Job Post URL", "Job Posting URL", "Listing URL", "Application Link",
        "Application URL", "Job Listing",
    ],
    Target.STAGE: [
        "Status", "Stage", "Application Status", "Job Status", "Current Status",
        "Application Stage", "Pipeline Stage", "List",
    ],
    Target.APPLIED: [
        "Date Applied", "Applied", "Applied On", "Application Date", "Applied Date",
        "Date of Application", "Applied At", "Date Submitted", "Submitted On", "Date",
    ],
    Target.SALARY: [
        "Salary", "Compensation", "Salary Range", "Pay", "Pay Range", "Comp",
        "Expected Salary", "Base Salary", "Salary Expectation",
    ],
    Target.SALARY_MIN: [
        "Min Salary", "Salary Min", "Minimum Salary", "Salary From", "Salary Low", "Min Pay",
    ],
    Target.SALARY_MAX: [
        "Max Salary", "Salary Max", "Maximum Salary", "Salary To", "Salary High", "Max Pay",
    ],
    Target.LOCATION: ["Location", "Job Location", "City", "Place", "Office", "Where"],
    Target.NOTES: ["Notes", "Note", "Comments", "Comment", "Remarks"],
}  # fmt: skip


def heading_key(text: str) -> str:
    """'Date  applied:' and 'date_applied' are the same heading; so are 'Société' and 'Societe'."""
    text = unicodedata.normalize("NFKD", text).casefold()
    return re.sub(r"[^0-9a-z]", "", text)


HEADING_LOOKUP = {
    heading_key(heading): target
    for target, headings in HEADING_SYNONYMS.items()
    for heading in headings
}


def suggest_mapping(headers: list[str]) -> list[str]:
    """The field each heading most likely holds; each field is given to its first column only."""
    mapping, taken = [], set()
    for heading in headers:
        target = HEADING_LOOKUP.get(heading_key(heading), Target.IGNORE)
        if target in taken:
            target = Target.IGNORE
        taken.add(target)
        mapping.append(target)
    if Target.SALARY in taken and taken & {Target.SALARY_MIN, Target.SALARY_MAX}:
        # Separate from/to columns say more than a single salary column next to them.
        mapping = [Target.IGNORE if t == Target.SALARY else t for t in mapping]
    return mapping


def mapping_errors(mapping: list[str], headers: list[str]) -> list[str]:
    """What keeps a mapping from being usable: a required field missing, a field taken twice."""
    errors = []
    for target in Target.REQUIRED:
        if target not in mapping:
            errors.append(f"Choose the column that holds the {Target.LABELS[target].lower()}.")
    for target, label in Target.CHOICES:
        columns = [headers[i] for i, t in enumerate(mapping) if t == target and target]
        if len(columns) > 1:
            names = ", ".join(f"“{c}”" for c in columns)
            errors.append(f"{label} is chosen for more than one column ({names}): keep one.")
    if Target.SALARY in mapping and {Target.SALARY_MIN, Target.SALARY_MAX} & set(mapping):
        errors.append("Use either one salary column or separate “from” and “to” columns.")
    return errors


# --- Stages ---------------------------------------------------------------------------------------

STAGE_SYNONYMS = {
    Stage.WISHLIST: [
        "wish list", "saved", "bookmarked", "interested", "to apply", "not applied",
        "not yet applied", "planned", "planning", "prospect", "researching", "draft",
        "want to apply",
    ],
    Stage.APPLIED: [
        "application sent", "application submitted", "submitted", "sent", "applying",
        "awaiting response", "waiting for response",
    ],
    Stage.SCREENING: [
        "screen", "phone screen", "phone screening", "recruiter screen", "recruiter call",
        "hr screen", "hr call", "in review", "under review", "reviewing", "assessment",
        "online assessment", "take home", "coding challenge",
    ],
    Stage.INTERVIEWING: [
        "interview", "interviews", "interviewed", "interview scheduled", "first interview",
        "second interview", "third interview", "final interview", "final round", "onsite",
        "on site", "technical interview", "phone interview", "video interview",
    ],
    Stage.OFFER: [
        "offer received", "offered", "offer made", "offer extended", "negotiating",
        "negotiation",
    ],
    Stage.ACCEPTED: ["offer accepted", "hired", "signed", "joined", "got the job"],
    Stage.REJECTED: [
        "declined", "rejection", "not selected", "unsuccessful", "turned down", "no",
        "not moving forward", "position filled", "role filled", "did not get it",
    ],
    Stage.WITHDRAWN: [
        "withdrew", "withdraw", "not interested", "offer declined", "declined offer",
        "i declined", "dropped",
    ],
    Stage.GHOSTED: [
        "no response", "no reply", "no answer", "no news", "silence", "never heard back",
        "unresponsive",
    ],
}  # fmt: skip


def stage_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


STAGE_LOOKUP = {stage_key(value): value for value in Stage.values} | {
    stage_key(label): value for value, label in Stage.choices
}
for _stage, _synonyms in STAGE_SYNONYMS.items():
    STAGE_LOOKUP.update({stage_key(s): _stage.value for s in _synonyms})


def match_stage(text: str) -> str | None:
    return STAGE_LOOKUP.get(stage_key(text))
