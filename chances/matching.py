"""How close a new posting's title is to the role that turned the seeker down: a score from 0 to 1.

Pure functions, no database: chances.services scores a board's new postings against every
rejected application at that company in memory (each title parsed once), and
tests/test_matching.py measures them on the labelled pairs of tests/title_pairs.py.

A title is read as a role: its head noun (engineer, manager, designer…), the words that specify
it (backend, platform, product…) and a level (junior 1, mid 2, senior 3, staff or lead 4,
principal 5, or I/II/III). Synonyms and abbreviations are folded first (developer is engineer,
SRE is site reliability engineer, PM is product manager, front-end is frontend…). Two titles
are the same role when their heads agree and their specifics overlap; a level apart lowers the
score a little, two or more a lot, and so does a posting in another city (a remote one is
anywhere). Everything at or above THRESHOLD is announced.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# At or above: the seeker hears about it. tests/test_matching.py holds it to precision >= 0.9.
THRESHOLD = 0.7

# Words that name the job itself; a title's head is its last one (in the part before a comma).
HEADS = frozenset(
    [
        "accountant",
        "administrator",
        "advocate",
        "analyst",
        "architect",
        "assistant",
        "chief",
        "clerk",
        "consultant",
        "coordinator",
        "counsel",
        "designer",
        "director",
        "editor",
        "engineer",
        "executive",
        "guard",
        "head",
        "lawyer",
        "manager",
        "marketer",
        "officer",
        "partner",
        "producer",
        "receptionist",
        "recruiter",
        "representative",
        "researcher",
        "scientist",
        "specialist",
        "strategist",
        "technician",
        "writer",
    ]
)

# Words that say how senior, not what the job is.
LEVELS = {
    "intern": 0,
    "internship": 0,
    "trainee": 0,
    "apprentice": 0,
    "graduate": 1,
    "entry": 1,
    "junior": 1,
    "associate": 1,
    "mid": 2,
    "intermediate": 2,
    "senior": 3,
    "lead": 4,
    "staff": 4,
    "principal": 5,
    "distinguished": 6,
}
# A ladder's numerals, read only when no level word says it (Senior Engineer II is senior).
NUMERALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
MID_LEVEL = 2  # a title without a level is the ladder's middle

# One word for another (the synonym, abbreviation or spelling first, its canonical words after).
WORDS = {
    "sr": ["senior"],
    "jr": ["junior"],
    "snr": ["senior"],
    "developer": ["engineer"],
    "dev": ["engineer"],
    "programmer": ["engineer"],
    "engineering": ["engineer"],
    "eng": ["engineer"],
    "engr": ["engineer"],
    "swe": ["software", "engineer"],
    "sde": ["software", "engineer"],
    "sre": ["reliability", "engineer"],
    "pm": ["product", "manager"],
    "tpm": ["technical", "program", "manager"],
    "sdr": ["sales", "development", "representative"],
    "mgr": ["manager"],
    "management": ["manager"],
    "recruiting": ["recruiter"],
    "design": ["designer"],
    "mlops": ["ml", "ops"],
}
# Two words that are one (after WORDS).
PHRASES = {
    ("front", "end"): "frontend",
    ("back", "end"): "backend",
    ("full", "stack"): "fullstack",
    ("engineer", "ops"): "devops",  # dev ops, dev-ops
    ("machine", "learning"): "ml",
    ("artificial", "intelligence"): "ai",
    ("user", "experience"): "ux",
    ("user", "interface"): "ui",
    ("quality", "assurance"): "qa",
    ("site", "reliability"): "reliability",
    ("entry", "level"): "entry",
    ("mid", "market"): "midmarket",
    ("new", "grad"): "graduate",
}
# Words that say nothing about the role.
NOISE = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "in",
        "at",
        "to",
        "with",
        "on",
        "software",
        "remote",
        "hybrid",
        "onsite",
        "contract",
        "fulltime",
        "parttime",
        "temporary",
        "permanent",
    ]
)
# Where a title's role ends and its specifics begin: "Engineer, Machine Learning".
SEPARATORS = re.compile(r",|\s[-–—|:/]\s|\(|\)|\bof\b|\bfor\b")
TOKEN = re.compile(r"[a-z0-9+#]+")

# Places: the first part of each ("Berlin, Germany" is Berlin), folded through these.
PLACE_NAMES = {
    "nyc": "new york",
    "new york city": "new york",
    "sf": "san francisco",
    "bay area": "san francisco",
    "la": "los angeles",
}
REMOTE_WORDS = re.compile(r"\b(remote|anywhere|distributed|work from home|wfh)\b")
ANOTHER_CITY = 0.75  # the score's factor for a posting in another city
LEVEL_GAP = {0: 1.0, 1: 0.9}  # a step up or down is still the role; further is another one
FAR_LEVELS = 0.55


@dataclass(frozen=True)
class Role:
    head: str
    specifics: frozenset[str]
    level: int


def _fold(text: str) -> str:
    """Lower case without accents; a hyphen inside a word parts it (front-end is front end,
    which PHRASES joins again)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)


def _words(part: str) -> list[str]:
    words = []
    for token in TOKEN.findall(part):
        words.extend(WORDS.get(token, [token]))
    joined: list[str] = []
    for word in words:
        if joined and (joined[-1], word) in PHRASES:
            joined[-1] = PHRASES[joined[-1], word]
        else:
            joined.append(word)
    return joined


@lru_cache(maxsize=4096)
def parse_title(title: str) -> Role:
    """The role a title names: head noun, specifics, level."""
    parts = [_words(part) for part in SEPARATORS.split(_fold(title.replace(".", " ")))]
    parts = [part for part in parts if part]
    level_words = [LEVELS[w] for part in parts for w in part if w in LEVELS]
    numerals = [NUMERALS[w] for part in parts for w in part if w in NUMERALS]
    level = max(level_words) if level_words else (numerals[-1] if numerals else MID_LEVEL)

    words = [[w for w in part if w not in LEVELS and w not in NUMERALS] for part in parts]
    head = ""
    for part in words:
        heads = [w for w in part if w in HEADS]
        if heads:
            head = heads[-1]
            break
    if not head:
        # No known job noun: the last word is the best guess ("Warehouse Associate" → warehouse).
        head = next((part[-1] for part in reversed(words) if part), "")
    specifics = {w for part in words for w in part if w not in NOISE and len(w) > 1} - {head}
    return Role(head=head, specifics=frozenset(specifics), level=level)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """1 for the same specifics; a specialisation added (Security → Application Security) keeps
    most of it; nothing in common is 0."""
    if not a and not b:
        return 1.0
    common = len(a & b)
    if not a or not b:
        return 0.7
    return 0.3 * common / len(a | b) + 0.7 * common / min(len(a), len(b))


def title_score(rejected: str, posting: str) -> float:
    """How close two titles are as roles, from 0 to 1, before places."""
    a, b = parse_title(rejected), parse_title(posting)
    if not a.head or a.head != b.head:
        return 0.0
    score = 0.35 + 0.65 * _overlap(a.specifics, b.specifics)
    return score * LEVEL_GAP.get(abs(a.level - b.level), FAR_LEVELS)


def _places(location: str) -> set[str]:
    """The cities of a location as a posting or an application writes it ("Berlin, Germany;
    London" → {berlin, london})."""
    places = set()
    for place in re.split(r"[;|/]|\bor\b", _fold(location)):
        city = " ".join(TOKEN.findall(place.split(",")[0]))
        if city:
            places.add(PLACE_NAMES.get(city, city))
    return places


def is_remote(location: str) -> bool:
    return bool(REMOTE_WORDS.search(_fold(location)))


def place_factor(rejected_location: str, posting_location: str, *, remote: bool = False) -> float:
    """1 unless both places are known, neither is remote, and they share no city."""
    if remote or is_remote(rejected_location) or is_remote(posting_location):
        return 1.0
    mine, theirs = _places(rejected_location), _places(posting_location)
    if not mine or not theirs or mine & theirs:
        return 1.0
    return ANOTHER_CITY


def score(
    rejected_title: str,
    rejected_location: str,
    posting_title: str,
    posting_location: str,
    *,
    remote: bool = False,
) -> float:
    """The match of a posting with a rejected role, from 0 to 1 (rounded to two places);
    `remote` when either side is known to be remote whatever its location says."""
    value = title_score(rejected_title, posting_title)
    if value:
        value *= place_factor(rejected_location, posting_location, remote=remote)
    return round(value, 2)


def is_match(value: float) -> bool:
    return value >= THRESHOLD
