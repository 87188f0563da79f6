"""Gaps the employer's words name, found by rules a seeker can follow.

The words are cut into sentences, and sentences into clauses at "but", "however" and the like. A
clause is read only if it says something was missing or wanted ("lacked", "more", "we went with
someone who", "the role needs"): praise such as "your communication skills came across well"
names no gap. In a clause, rules look for what feedback names — "5+ years of Python", "a
Kubernetes certification", "a master's degree in statistics", "fluency in German", "a portfolio
of case studies", "knowledge of the insurance industry", "team-lead experience" — and keep the
words around it that say *what* ("Kubernetes"), not how much ("more", "stronger"). Where two
rules claim the same words, the earlier rule in RULES wins. Experience, skills and knowledge are
then filed by what they are about: leading people, communicating, a language, an industry.

Every proposal carries the clause it came from, so the seeker can see why it was proposed.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .models import GapCategory, gap_keywords

WORD = r"[\w+#'’/-]+(?:\.[\w+#]+)*"  # "Node.js", "C#", "team-lead", "master's"
THING = rf"(?P<thing>{WORD}(?:\s+{WORD}){{0,7}})"
MODIFIERS = rf"(?<![\w+#'’/.-])(?P<mods>(?:{WORD}\s+){{0,4}})"

# A clause names a gap only if it says something was missing or wanted.
WANTED = re.compile(
    r"\b(?:lack\w*|missing|without|limited|little|less|insufficient|short on|fell short|"
    r"more|stronger|deeper|broader|further|additional|extra|better|clearer|improve\w*|"
    r"work on|gaps?|want\w*|would have|hop(?:ed|ing)|looking for|look for|need\w*|"
    r"requires?|required|requirement|must|essential|expect\w*|prefer\w*|"
    r"went with|chose|chosen|selected|hired|successful candidate|"
    r"other (?:candidates?|finalists?|applicants?)|someone|candidates? (?:who|with)|"
    r"not|\w+n't|never|unclear|weak\w*|poor\w*|encourage|recommend|suggest|next time|"
    r"strengthen|calls? for|typically|at (?:this|that|the) level|have liked|thin|shallow|"
    r"light on)\b",
    re.I,
)

CLAUSE_BREAK = re.compile(
    r"(?<=[.!?;])\s+|\n+|,?\s+\b(?:but|however|although|though|whereas)\b,?\s+", re.I
)


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say how much or whose, not what: a gap's name starts after them ...
NOT_WHAT = word_set(
    """a an the some any more most much enough stronger strong deeper deep broader broad better
    further additional extra relevant solid proven real direct hands-on practical prior previous
    good great clear clearer sufficient significant substantial demonstrable recent genuine
    your their his her our my its whose who which that this these those with in of for on at
    to by from and or but has have had having is was were are be been lacked lack lacking
    missing need needed needs wanted want require requires required held hold holds get got
    gain show showed see saw felt feel you we they someone candidate candidates no not without
    little less limited also quite very really just still yet even"""
)
# ... and ends before these.
END = word_set(
    """and or but which that who whom because before after since so as for is are was were
    would will could should might may can has have had than at when if though although while
    like next this these those from yet really too we you they it i did does do isn't wasn't
    weren't would've in within you've we've they've i've you'd we'd you're we're"""
)

LANGUAGES = (
    "English|German|French|Spanish|Italian|Portuguese|Dutch|Polish|Swedish|Norwegian|Danish|"
    "Finnish|Czech|Greek|Turkish|Russian|Ukrainian|Arabic|Hebrew|Hindi|Urdu|Bengali|Mandarin|"
    "Cantonese|Chinese|Japanese|Korean|Vietnamese|Thai|Indonesian|Malay|Welsh|Irish"
)

# What an experience, skill or knowledge is about decides its category (first match wins).
ABOUT = [
    (
        GapCategory.LEADERSHIP,
        r"\b(?:lead|leader\w*|leading|led|team[- ]lead\w*|manager\w*|managerial|"
        r"(?:people|line|team|staff) management|managing|mentor\w*|supervis\w*|head of)\b",
    ),
    (
        GapCategory.COMMUNICATION,
        r"\b(?:communicat\w*|present\w*|stakeholder\w*|articulat\w*|explain\w*|storytelling|"
        r"public speaking|writing|listening)\b",
    ),
    (GapCategory.LANGUAGE, rf"\b(?:(?-i:{LANGUAGES})|languages?)\b"),
    (
        GapCategory.DOMAIN,
        r"\b(?:domain|industry|industries|sector|markets?|regulat\w*|compliance|healthcare|"
        r"health care|fintech|finance|banking|insurance|pharma\w*|retail|logistics|"
        r"supply chains?|e-?commerce|automotive|energy|telecoms?|government|non-?profit|"
        r"charity|legal|clinical|payments|manufacturing|aerospace|hospitality|real estate|"
        r"gdpr|hipaa|gaming|biotech|edtech)\b",
    ),
]


def about(thing: str, default: GapCategory) -> GapCategory:
    return next((c for c, pattern in ABOUT if re.search(pattern, thing, re.I)), default)


@dataclass(frozen=True)
class Proposal:
    category: GapCategory
    description: str
    source: str  # the clause of the employer's words it came from

    @property
    def initial(self) -> dict:
        """Prefills a ProposedGapForm: ticked, as worded here."""
        return {
            "accept": True,
            "category": self.category,
            "description": self.description,
            "source": self.source,
        }


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    category: GapCategory
    description: str


def what_before(mods: str) -> str:
    """The words just before a head noun that say what ("AWS" in "more hands-on AWS")."""
    kept: list[str] = []
    for word in reversed(mods.split()):
        if word.lower() in NOT_WHAT:
            break
        kept.insert(0, word)
    return " ".join(kept)


def what_after(m: re.Match) -> list[tuple[str, int, int]]:
    """The things named after a head, with where each is ("GDPR", "financial regulation" in
    "familiarity with GDPR and financial regulation would have helped"), up to the first word
    that ends the phrase. Words such as "more" or "real" alone name nothing."""
    items: list[list[re.Match]] = [[]]
    for word in re.finditer(r"\S+", m["thing"]):
        lower = word[0].lower()
        if lower in {"and", "or"}:
            items.append([])
        elif lower in END:
            break
        else:
            items[-1].append(word)
    at = m.start("thing")
    return [
        (" ".join(w[0] for w in words), at + words[0].start(), at + words[-1].end())
        for words in items
        if any(w[0].lower() not in NOT_WHAT for w in words)
    ]


Rule = Callable[[re.Match], Iterator[Found]]


def named_before(category: GapCategory, *, sort: bool = False, alone: bool = False) -> Rule:
    """A head noun and the words before it that say what: "Kubernetes certification". Unless
    `alone`, the head by itself ("experience") names nothing; `sort` files it by what it is
    about."""

    def found(m: re.Match) -> Iterator[Found]:
        what = what_before(m["mods"])
        after = (m.groupdict().get("tail") or "").strip()
        items = what_after(m) if after else []
        if not (what or items or alone):
            return
        start, end = m.start("head") - len(what) - (1 if what else 0), m.end("head")
        text = m.string[start:end]
        if items:
            item, _, end = items[0]
            text = f"{text} {after} {item}"
        yield Found(start, end, about(text, category) if sort else category, text)

    return found


def named_after(category: GapCategory, *, sort: bool = True) -> Rule:
    """A head and the things after it: "experience with AWS", "5+ years of Python"."""

    def found(m: re.Match) -> Iterator[Found]:
        head = m.string[m.start() : m.start("thing")].strip()
        for i, (item, start, end) in enumerate(what_after(m)):
            text = f"{head} {item}"
            category_ = about(text, category) if sort else category
            yield Found(m.start() if i == 0 else start, end, category_, text)

    return found


def named_here(category: GapCategory) -> Rule:
    """The match itself names the gap: "led engineering teams", "fluency in German"."""

    def found(m: re.Match) -> Iterator[Found]:
        yield Found(m.start(), m.end(), category, m.group(0))

    return found


def rule(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


NUMBER = (
    r"(?:\d+\+?|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple(?: of)?|several)"
)
CERTIFICATE = r"certifications?|certificates?|qualifications?|accreditation|charter|licen[cs]e"
DEGREE = (
    r"(?:bachelor|master)['’]?s(?:\s+degree)?|(?-i:BSc|MSc|BEng|MEng|BA|MA|PhD|MBA)|"
    r"doctorate|diploma|degree"
)
LEADING = r"led|leading|lead|managing|managed|manage|mentoring|mentored|mentor|supervis\w+"
LED_WHOM = (
    r"teams?|people|engineers|developers|staff|reports|projects|programmes|programs|juniors|"
    r"others|colleagues|analysts|designers|squads?"
)

# (pattern, what a match proposes), most specific first: where two overlap, the first wins.
RULES: list[tuple[re.Pattern, Rule]] = [
    (
        rule(
            rf"\b{NUMBER}(?:\s+more)?\s+years?['’]?(?:\s+of)?"
            r"(?:\s+(?:hands-on|professional|commercial|industry|relevant|practical))?"
            r"(?:\s+(?:experience|exposure))?(?:\s+(?:with|in|of|using|doing|as|working with))?"
            rf"\s+{THING}"
        ),
        named_after(GapCategory.EXPERIENCE),
    ),
    (
        rule(
            rf"\b(?:{LEADING})\s+(?:(?:a|an|the|their|other)\s+)?(?:{WORD}\s+){{0,3}}?"
            rf"(?:{LED_WHOM})\b"
        ),
        named_here(GapCategory.LEADERSHIP),
    ),
    (
        rule(
            r"\b(?:(?:fluent|fluency in|native|native[- ]level|business[- ]level|conversational|"
            rf"proficient in|proficiency in|spoken|written)\s+)?(?-i:{LANGUAGES})\b"
            r"(?!\s+(?:market|law|clients?|customers|office|company|companies|sector))"
        ),
        named_here(GapCategory.LANGUAGE),
    ),
    (
        rule(rf"{MODIFIERS}(?P<head>{CERTIFICATE})\b(?:(?P<tail>\s+(?:in|as))\s+{THING})?"),
        named_before(GapCategory.CERTIFICATION),
    ),
    (
        rule(r"\b(?-i:PMP|CPA|CISSP|CFA|ACCA|CIMA|PRINCE2|ITIL|CCNA|CKA|CKAD|CISA|CISM)\b"),
        named_here(GapCategory.CERTIFICATION),
    ),
    (
        rule(rf"{MODIFIERS}(?P<head>{DEGREE})\b(?:(?P<tail>\s+(?:in|of))\s+{THING})?"),
        named_before(GapCategory.EDUCATION),
    ),
    (
        rule(r"\b(?-i:PhD|MBA|MSc|BSc)\b"),
        named_here(GapCategory.EDUCATION),
    ),
    (
        rule(rf"\bportfolio\s+(?:of|with|showing|that shows|including)\s+{THING}"),
        named_after(GapCategory.PORTFOLIO, sort=False),
    ),
    (
        rule(
            r"\bportfolio\s+(?:did not|didn't|does not|doesn't)\s+(?:show|include|have)"
            rf"(?:\s+(?:enough|much|any))?\s+{THING}"
        ),
        lambda m: (
            Found(m.start(), end, GapCategory.PORTFOLIO, f"portfolio of {item}")
            for item, _, end in what_after(m)
        ),
    ),
    (
        rule(rf"\b(?:evidence|examples?|proof|samples?) of\s+{THING}"),
        named_after(GapCategory.PORTFOLIO, sort=False),
    ),
    (
        rule(
            rf"{MODIFIERS}(?P<head>portfolio|case studies|code samples|work samples|"
            r"writing samples|GitHub(?: profile)?|publications|open[- ]source contributions)\b"
        ),
        named_before(GapCategory.PORTFOLIO, alone=True),
    ),
    (
        rule(rf"{MODIFIERS}(?P<head>communication(?:\s+skills)?)\b"),
        named_before(GapCategory.COMMUNICATION),
    ),
    (
        rule(r"\b(?:stakeholder management|public speaking)\b"),
        named_here(GapCategory.COMMUNICATION),
    ),
    (
        rule(rf"(?<!\bat )\b(?:present|presenting|explain|explaining|articulating)\s+{THING}"),
        named_after(GapCategory.COMMUNICATION, sort=False),
    ),
    (
        rule(
            r"\b(?:knowledge|understanding|familiarity|expertise|grounding|grasp|proficiency|"
            rf"skills?)\s+(?:of|with|in|on)\s+{THING}"
        ),
        named_after(GapCategory.SKILL),
    ),
    (
        rule(rf"\b(?:background|exposure|track record)\s+(?:in|to|of|with)\s+{THING}"),
        named_after(GapCategory.EXPERIENCE),
    ),
    (
        rule(
            r"\bexperience\s+(?:(?:with|in|of|using|on)\s+|(?=\w+ing\b))"
            rf"{THING}"
        ),
        named_after(GapCategory.EXPERIENCE),
    ),
    (
        rule(rf"{MODIFIERS}(?P<head>leadership(?:\s+(?:skills|experience|qualities))?)\b"),
        named_before(GapCategory.LEADERSHIP, alone=True),
    ),
    (
        rule(rf"{MODIFIERS}(?P<head>experience|exposure)\b"),
        named_before(GapCategory.EXPERIENCE, sort=True),
    ),
    (
        rule(rf"{MODIFIERS}(?P<head>skills|skill|knowledge|expertise|abilities)\b"),
        named_before(GapCategory.SKILL, sort=True),
    ),
]


def clauses(text: str) -> Iterator[str]:
    for clause in CLAUSE_BREAK.split(text):
        if clause.strip():
            yield clause.strip()


def found_in(clause: str) -> list[Found]:
    taken: list[Found] = []
    for pattern, proposals in RULES:
        for m in pattern.finditer(clause):
            before = list(taken)
            for found in proposals(m):
                if not any(found.start < t.end and t.start < found.end for t in before):
                    taken.append(found)
    return sorted(taken, key=lambda f: f.start)


def propose_gaps(text: str) -> list[Proposal]:
    """The gaps the employer's words name, in the order they name them, each once."""
    proposals, seen = [], set()
    for clause in clauses(text):
        if not WANTED.search(clause):
            continue
        for found in found_in(clause):
            description = found.description.strip(" ,.;:")
            if found.start == 0 and description[1:2].islower():
                description = description[0].lower() + description[1:]
            key = description.lower()
            if key not in seen:
                seen.add(key)
                proposals.append(Proposal(found.category, description, clause))
    return proposals


def new_gaps(rejection, reviewed=()) -> list[Proposal]:
    """The gaps its employer's words name that the seeker has neither noted nor already
    reviewed (`reviewed`: descriptions of proposals they kept, reworded or dropped). A gap is
    already noted when one of the same category names all its words ("cloud certification"
    is in "a cloud data certification"), by the words recurring gaps are grouped by."""
    gaps = list(rejection.gaps.all())
    skip = {d.casefold() for d in reviewed} | {gap.description.casefold() for gap in gaps}
    noted = [(gap.category, set(gap_keywords(gap.description))) for gap in gaps]

    def is_new(proposal: Proposal) -> bool:
        words = set(gap_keywords(proposal.description))
        return proposal.description.casefold() not in skip and not any(
            category == proposal.category and words and words <= named for category, named in noted
        )

    return [p for p in propose_gaps(rejection.employer_words) if is_new(p)]
