"""Rows that are e-mails (JustAJobApp): the company and the job title, found in the sender and
the subject when the file has no column for them."""

import re
from email.utils import parseaddr

# Senders that are a job board or an applicant-tracking system, never the employer.
PLATFORMS = frozenset(
    ["greenhouse", "lever", "workday", "myworkday", "myworkdayjobs", "ashby", "ashbyhq",
     "smartrecruiters", "icims", "workable", "workablemail", "jobvite", "bamboohr",
     "taleo", "successfactors", "recruitee", "teamtailor", "personio", "breezy", "jazzhr",
     "linkedin", "indeed", "glassdoor", "ziprecruiter", "monster", "wellfound", "hired",
     "gmail", "googlemail", "outlook", "hotmail", "yahoo", "icloud", "proton", "protonmail",
     "noreply", "no reply", "donotreply", "do not reply", "notifications", "careers", "jobs",
     "recruiting", "talent", "hiring", "hr"]
)  # fmt: skip

# "Acme Recruiting", "Acme Talent Acquisition", "Jane at Acme", "Acme via Greenhouse".
_SENDER_SUFFIX = re.compile(
    r"[\s,·|-]+(?:the\s+)?(?:recruiting|recruitment|recruiters?|careers?|talent(?:\s+acquisition)?"
    r"|talent\s+team|hiring(?:\s+team)?|jobs|hr|people(?:\s+team)?|team|notifications?)$",
    re.IGNORECASE,
)
_SENDER_AT = re.compile(r"^.+?\s+(?:at|from|@)\s+(.+)$", re.IGNORECASE)
_SENDER_VIA = re.compile(r"^(.+?)\s+(?:via|through)\s+.+$", re.IGNORECASE)

_COMPANY_END = r"(?P<company>[^,!:|()\-–—]+?)"
_ROLE = r"(?:the\s+)?(?P<role>[^,!:|()]+?)"
_SUBJECT_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:application|applying|candidacy)\s+(?:for|to)\s+{_ROLE}\s+(?:role\s+|position\s+)?"
        rf"(?:at|with)\s+{_COMPANY_END}\s*(?:[!.:,|(\-–—]|$)",
        rf"\b{_ROLE}\s+(?:role|position)\s+at\s+{_COMPANY_END}\s*(?:[!.:,|(\-–—]|$)",
        rf"\b(?:interest in|applying to|application to|application at|applied to|apply to"
        rf"|from|at|with|join)\s+{_COMPANY_END}\s*(?:[!.:,|(\-–—]|$)",
        rf"^your\s+{_COMPANY_END}\s+application\b",
        rf"^{_COMPANY_END}\s*[\-–—|]\s+{_ROLE}\s*$",
    )
]
# Words of the message itself, never of a company's name ("Interview invitation - Analyst").
_NOT_COMPANY = re.compile(
    r"\b(?:your|application|interview|invitation|thank|thanks|update|next steps|re|fwd?|offer"
    r"|regarding|status|confirmation)\b",
    re.IGNORECASE,
)


def _platform(name: str) -> bool:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.casefold()).split()) in PLATFORMS


def _clean_name(name: str) -> str:
    name = name.strip().strip("\"'").strip()
    if match := _SENDER_VIA.match(name):
        name = match[1]
    if match := _SENDER_AT.match(name):
        name = match[1]
    name = _SENDER_SUFFIX.sub("", name).strip(" ,.-|·")
    return "" if not name or _platform(name) else name


def _domain_company(address: str) -> str:
    """ "no-reply@careers.acme.co.uk" → "Acme", unless the domain is a platform's."""
    domain = address.rpartition("@")[2].casefold()
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2:
        return ""
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in {"co", "com", "org", "ac"}:
        labels = labels[:-1]
    name = labels[-2]
    return "" if _platform(name) else name.replace("-", " ").title()


# "Interview invitation: Backend Engineer", "Offer letter - Data Analyst": a role, no company.
_ROLE_ONLY = re.compile(
    r"^(?:interview(?:\s+invitation)?|invitation\s+to\s+interview|offer(?:\s+letter)?"
    r"|assessment|application(?:\s+received)?)\s*[:\-–—|]\s+(?:for\s+)?"
    r"(?:the\s+)?(?P<role>[^,!:|()]+?)\s*$",
    re.IGNORECASE,
)


def from_subject(subject: str) -> tuple[str, str]:
    """(company, role) named in a subject line, "" for what it does not name."""
    subject = " ".join(subject.split())
    for pattern in _SUBJECT_PATTERNS:
        if match := pattern.search(subject):
            found = match.groupdict()
            company = (found.get("company") or "").strip(" .")
            if company and not _platform(company) and not _NOT_COMPANY.search(company):
                return company, (found.get("role") or "").strip(" .")
    if match := _ROLE_ONLY.match(subject):
        return "", match["role"]
    return "", ""


def company_and_role(*, sender: str, address: str, subject: str) -> tuple[str, str]:
    """The employer and the role of an e-mail: the subject first ("Your application to Acme"),
    then the sender's name once the "Recruiting"-like words are off, then the sender's domain
    unless it is a platform's; "" for what none of them names."""
    name, from_address = parseaddr(sender) if "<" in sender else (sender, "")
    company, role = from_subject(subject)
    return (
        company or _clean_name(name) or _domain_company(address or from_address),
        role,
    )
