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
    CURRENCY = "salary_currency"
    STAGE_DATE = "stage_on"
    SENDER = "sender"
    SENDER_EMAIL = "sender_email"
    SUBJECT = "subject"
    # What our own export adds (importing/details.py reads them).
    WORK_MODE = "work_mode"
    SOURCE = "source"
    EXCITEMENT = "excitement"
    DREAM_JOB = "is_dream_job"
    DESCRIPTION = "description"
    HISTORY = "history"
    INTERVIEWS = "interviews"
    TAGS = "tags"

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
        (CURRENCY, "Salary currency"),
        (STAGE_DATE, "Date of the status"),
        (SENDER, "E-mail sender (name or From line)"),
        (SENDER_EMAIL, "E-mail sender’s address"),
        (SUBJECT, "E-mail subject"),
        (WORK_MODE, "On site / remote"),
        (SOURCE, "Source"),
        (EXCITEMENT, "Excitement (1 to 5)"),
        (DREAM_JOB, "Dream job (yes or no)"),
        (DESCRIPTION, "Job description"),
        (HISTORY, "Stage history (a dated stage a line)"),
        (INTERVIEWS, "Interviews (a dated interview a line)"),
        (TAGS, "Tags (separated by commas)"),
    ]
    LABELS = dict(CHOICES)
    REQUIRED = (COMPANY, ROLE)
    # Rows that are e-mails name their company and role in these instead (JustAJobApp).
    EMAIL = (SENDER, SENDER_EMAIL, SUBJECT)
    STANDS_IN_FOR = {COMPANY: EMAIL, ROLE: (SUBJECT,)}


# The export's headings, in order. They are also the first synonym of each field below, so an
# export maps itself.
EXPORT_HEADINGS = {
    Target.COMPANY: "Company",
    Target.ROLE: "Job Title",
    Target.URL: "URL",
    Target.STAGE: "Status",
    Target.APPLIED: "Date Applied",
    Target.SALARY: "Salary",
    Target.CURRENCY: "Currency",
    Target.LOCATION: "Location",
    Target.NOTES: "Notes",
    Target.WORK_MODE: "Work Mode",
    Target.SOURCE: "Source",
    Target.EXCITEMENT: "Excitement",
    Target.DREAM_JOB: "Dream Job",
    Target.DESCRIPTION: "Job Description",
    Target.HISTORY: "Stage History",
    Target.INTERVIEWS: "Interviews",
    Target.TAGS: "Tags",
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
    Target.CURRENCY: ["Currency", "Salary Currency", "Pay Currency"],
    Target.STAGE_DATE: [
        "Status Date", "Stage Date", "Date of Status", "Status Changed", "Last Moved",
        "Last Moved At", "Date Received", "Received At", "Event Date",
    ],
    Target.SENDER: ["Sender", "From", "Sender Name"],
    Target.SENDER_EMAIL: ["Sender Email", "Sender Address", "From Address", "From Email"],
    Target.SUBJECT: ["Subject", "Email Subject", "E-mail Subject"],
    Target.WORK_MODE: ["Work Mode", "Workplace", "Workplace Type", "On Site / Remote"],
    Target.SOURCE: ["Source", "Job Source", "Found Via", "Found On"],
    Target.EXCITEMENT: ["Excitement", "Interest Level"],
    Target.DREAM_JOB: ["Dream Job", "Dream"],
    Target.DESCRIPTION: ["Job Description", "Description"],
    Target.HISTORY: ["Stage History", "Status History", "History", "Timeline"],
    Target.INTERVIEWS: ["Interviews", "Interview Dates"],
    Target.TAGS: ["Tags", "Tag", "Labels", "Label"],
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


def mapping_errors(mapping: list[str], headers: list[str]) -> list[str]:
    """What keeps a mapping from being usable: a required field missing (e-mail columns stand
    in for company and job title), a field taken twice."""
    errors = []
    for target in Target.REQUIRED:
        if target not in mapping and not set(Target.STANDS_IN_FOR[target]) & set(mapping):
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

# The one table of status names: every tracker's vocabulary (docs/import-formats.md) and the free
# text people type, by meaning. Matched after stage_key(): any case, "_" and "-" as spaces,
# emoji and punctuation gone ("Offer!" is "offer", "Ghosted 👻" is "ghosted").
STAGE_SYNONYMS = {
    Stage.WISHLIST: [
        "wish list", "saved", "bookmarked", "interested", "to apply", "not applied",
        "not yet applied", "planned", "planning", "prospect", "researching", "draft",
        "want to apply", "applying", "new", "save", "shortlisted", "considering", "idea", "backlog",
        "referral action required", "did not apply inbound request", "inbound", "lead",
    ],
    Stage.APPLIED: [
        "application sent", "application submitted", "submitted", "sent",
        "awaiting response", "waiting for response", "application confirmation",
        "action required from company", "in progress", "pending", "waiting", "apply",
        "applied online", "easy apply", "application received", "under consideration",
    ],
    Stage.SCREENING: [
        "screen", "phone screen", "phone screening", "recruiter screen", "recruiter call",
        "hr screen", "hr call", "in review", "under review", "reviewing", "assessment",
        "online assessment", "take home", "coding challenge", "assessment sent",
        "availability request", "information request", "screening call", "intro call",
    ],
    Stage.INTERVIEWING: [
        "interview", "interviews", "interviewed", "interview scheduled", "first interview",
        "second interview", "third interview", "final interview", "final round", "onsite",
        "on site", "technical interview", "phone interview", "video interview",
        "interview invitation", "interviewing",
    ],
    Stage.OFFER: [
        "offer received", "offered", "offer made", "offer extended", "negotiating",
        "negotiation", "got an offer",
    ],
    Stage.ACCEPTED: [
        "offer accepted", "hired", "signed", "joined", "got the job", "accepted offer",
    ],
    Stage.REJECTED: [
        "declined", "rejection", "not selected", "unsuccessful", "turned down", "no",
        "not moving forward", "position filled", "role filled", "did not get it",
        "hiring freeze notification", "hiring freeze", "position closed", "role closed",
        "not a fit", "denied",
    ],
    Stage.WITHDRAWN: [
        "withdrew", "withdraw", "not interested", "offer declined", "declined offer",
        "i declined", "dropped", "i withdrew", "withdrew application", "expired",
        "archived", "no longer interested",
    ],
    Stage.GHOSTED: [
        "no response", "no reply", "no answer", "no news", "silence", "never heard back",
        "unresponsive", "ghosted", "no response yet",
    ],
}  # fmt: skip

# Free text no name above matches is read by its words, the first rule that fits winning:
# "2nd interview" is interviewing, "Rejected after onsite" rejected, "Offer!!" an offer.
STAGE_KEYWORDS = [
    (r"\bdeclin\w* (?:the )?offer|\boffer declin", Stage.WITHDRAWN),
    (r"\bwithdr[ae]w|\bnot interested", Stage.WITHDRAWN),
    (r"\bghost|\bno (?:response|reply|answer)|\bnever heard", Stage.GHOSTED),
    (r"\breject|\bnot selected|\bunsuccessful|\bdeclined|\bturned down", Stage.REJECTED),
    (r"\baccept|\bhired|\bsigned", Stage.ACCEPTED),
    (r"\boffer|\bnegotiat", Stage.OFFER),
    (r"\binterview|\bonsite|\bon site|\bfinal round|\bsuperday", Stage.INTERVIEWING),
    (r"\bscreen|\bassessment|\brecruiter|\btake home|\bchallenge", Stage.SCREENING),
    (r"\bappl(?:y|ied|ication)|\bsubmit", Stage.APPLIED),
    (r"\bwish|\bsaved?\b|\bbookmark|\binterest", Stage.WISHLIST),
]

# Statuses that say the row is not an application at all (JustAJobApp's "False positive": an
# e-mail it took for one); such rows are skipped, like empty lines.
NOT_APPLICATIONS = frozenset(["false positive", "not a job", "spam"])


def stage_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


STAGE_LOOKUP = {stage_key(value): value for value in Stage.values} | {
    stage_key(label): value for value, label in Stage.choices
}
for _stage, _synonyms in STAGE_SYNONYMS.items():
    STAGE_LOOKUP.update({stage_key(s): _stage.value for s in _synonyms})


_STAGE_KEYWORDS = [(re.compile(pattern), stage.value) for pattern, stage in STAGE_KEYWORDS]


def match_stage(text: str) -> str | None:
    """Our stage for a status name, by the table, else by its words; None when unknown."""
    key = stage_key(text)
    if stage := STAGE_LOOKUP.get(key):
        return stage
    for pattern, stage in _STAGE_KEYWORDS:
        if pattern.search(key):
            return stage
    return None


def is_not_an_application(status: str) -> bool:
    return stage_key(status) in NOT_APPLICATIONS
