"""The export files of the trackers seekers leave, recognised by their headings and mapped with
no hand-mapping (docs/import-formats.md says what each one writes). Any other file is mapped by
the heading synonyms of mapping.py."""

from dataclasses import dataclass

from .mapping import HEADING_LOOKUP, Target, heading_key

T = Target

EVENTS = (
    "Each row is an event: the rows of one company and role become one application, its "
    "timeline each stage on its date."
)
EMAILS = (
    "Each row is an e-mail: a company’s e-mails become one application, its timeline each "
    "stage on its date; the company comes from the subject or the sender where no column "
    "names it."
)


@dataclass(frozen=True)
class Format:
    """A tracker's export: its name on the page, and the field each of its headings holds
    (every heading listed, those left out of the import as Target.IGNORE)."""

    name: str
    columns: dict[str, str]
    note: str = ""  # what the seeker should know about how it imports

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(heading_key(heading) for heading in self.columns)


FORMATS = [
    Format(
        "Huntr jobs export",
        {
            "id": T.IGNORE, "createdAt": T.IGNORE, "title": T.ROLE, "salary": T.SALARY,
            "location": T.LOCATION, "url": T.URL, "rootDomain": T.IGNORE,
            "htmlDescription": T.IGNORE, "deadline": T.IGNORE, "color": T.IGNORE,
            "lastMovedAt": T.STAGE_DATE, "boardId": T.IGNORE, "boardName": T.IGNORE,
            "listId": T.IGNORE, "listName": T.STAGE, "companyId": T.IGNORE,
            "companyName": T.COMPANY, "companyDomain": T.IGNORE, "creatorUserId": T.IGNORE,
            "creatorUserFirstName": T.IGNORE, "creatorUserLastName": T.IGNORE,
            "creatorUserEmail": T.IGNORE,
        },
    ),
    Format(
        "Teal roles export",
        {
            "company_name": T.COMPANY, "location": T.LOCATION, "role": T.ROLE, "url": T.URL,
            "excitement": T.IGNORE, "source": T.IGNORE, "resume_uuid": T.IGNORE,
            "availability_status": T.IGNORE, "min_salary": T.SALARY_MIN,
            "max_salary": T.SALARY_MAX, "salary_currency": T.CURRENCY,
            "salary_pay_period": T.IGNORE, "added_at": T.IGNORE,
            "application_deadline": T.IGNORE, "applied_at": T.APPLIED,
            "checked_availability_at": T.IGNORE, "created_at": T.IGNORE,
            "follow_up_at": T.IGNORE, "posted_at": T.IGNORE, "updated_at": T.IGNORE,
            # Set when a role is closed (not selected, withdrawn...): the day it was.
            "archived_at": T.STAGE_DATE,
            # "status" is a JSON object; "statusName" is the same status, readable.
            "id": T.IGNORE, "status": T.IGNORE, "statusName": T.STAGE,
        },
    ),
    Format(
        "Teal events export",
        {
            "date": T.STAGE_DATE, "company name": T.COMPANY, "role": T.ROLE,
            "location": T.LOCATION, "event": T.STAGE,
        },
        EVENTS,
    ),
    Format(
        "Simplify export",
        {
            "Job Title": T.ROLE, "Company Name": T.COMPANY, "Job URL": T.URL,
            "Applied Date": T.APPLIED, "Status": T.STAGE, "Status Date": T.STAGE_DATE,
            "Archived": T.IGNORE, "Date Archived": T.IGNORE, "Notes": T.NOTES,
        },
    ),
    Format(
        "Simplify export (with location and job type)",
        {
            "Job Title": T.ROLE, "Company Name": T.COMPANY, "Location": T.LOCATION,
            "Job URL": T.URL, "Applied Date": T.APPLIED, "Status": T.STAGE,
            "Status Date": T.STAGE_DATE, "Archived": T.IGNORE, "Date Archived": T.IGNORE,
            "Notes": T.NOTES, "job_type": T.IGNORE,
        },
    ),
    Format(
        "JobSync jobs export",
        {
            # "applied" is Yes/No; the date is "appliedDate".
            "index": T.IGNORE, "createdAt": T.IGNORE, "applied": T.IGNORE,
            "appliedDate": T.APPLIED, "Company": T.COMPANY, "JobTitle": T.ROLE,
            "jobType": T.IGNORE, "workplaceType": T.IGNORE, "Location": T.LOCATION,
            "JobSource": T.IGNORE, "Status": T.STAGE,
        },
    ),
    Format(
        "LinkedIn job applications (data archive)",
        {
            # No status column: everything in it was applied to (the default stage).
            "Application Date": T.APPLIED, "Contact Email": T.IGNORE,
            "Contact Phone Number": T.IGNORE, "Company Name": T.COMPANY,
            "Job Title": T.ROLE, "Job Url": T.URL, "Resume Name": T.IGNORE,
            "Question And Answers": T.IGNORE,
        },
        "It has no status column: every row gets the stage chosen below.",
    ),
    Format(
        "JustAJobApp e-mail export",
        {
            "Date Received": T.STAGE_DATE, "Sender Name": T.SENDER,
            "Sender Email": T.SENDER_EMAIL, "Subject": T.SUBJECT, "Status Label": T.STAGE,
        },
        EMAILS,
    ),
    Format(
        "JustAJobApp e-mail export (before March 2026)",
        {
            "Company Name": T.COMPANY, "Application Status": T.STAGE,
            "Received At": T.STAGE_DATE, "Job Title": T.ROLE, "Subject": T.SUBJECT,
            "Sender": T.SENDER,
        },
        EMAILS,
    ),
    Format(
        "Job-search spreadsheet",
        {
            "Company": T.COMPANY, "Position": T.ROLE, "Date Applied": T.APPLIED,
            "Status": T.STAGE, "URL": T.URL, "Notes": T.NOTES,
        },
    ),
]  # fmt: skip


def recognise(headers: list[str]) -> Format | None:
    """The export these headings come from: the format with the most headings that has them
    all (extra columns allowed, so the 11-column Simplify file is not taken for the 9)."""
    keys = {heading_key(heading) for heading in headers}
    fitting = [found for found in FORMATS if found.keys <= keys]
    return max(fitting, key=lambda found: len(found.keys), default=None)


def suggest_mapping(headers: list[str]) -> list[str]:
    """The field each heading most likely holds, from its format when the file's is known,
    else from the synonyms; each field is given to its first column only."""
    known = recognise(headers)
    lookup = (
        {heading_key(heading): target for heading, target in known.columns.items()}
        if known
        else HEADING_LOOKUP
    )
    mapping, taken = [], set()
    for heading in headers:
        target = lookup.get(heading_key(heading), Target.IGNORE)
        if target in taken:
            target = Target.IGNORE
        taken.add(target)
        mapping.append(target)
    if Target.SALARY in taken and taken & {Target.SALARY_MIN, Target.SALARY_MAX}:
        # Separate from/to columns say more than a single salary column next to them.
        mapping = [Target.IGNORE if t == Target.SALARY else t for t in mapping]
    return mapping
