"""The tone check: wording in a note draft that could get the seeker's file marked "do not hire".

Two kinds of wording hurt a seeker after a rejection: snark or blame, and begging or demanding
reasons. Each rule names one such phrase family and says, in the seeker's terms, why it hurts
them. To add a rule, append a Rule to RULES and a positive example to tests/test_tone.py (a rule
without an example fails the suite).

Pattern conventions, so rules stay readable: write a plain apostrophe and single spaces. When a
rule is compiled, an apostrophe also matches a curly one (’ or ‘) or none at all ("youll"), a
space matches any run of whitespace, matching ignores case, and the whole pattern must start and
end at a word boundary ("beg" does not match "begin"). Do not put a space or an apostrophe
inside a character class.

Deliberate limits, to keep false alarms rare:
- "Good luck to the new hire" is kind; only "good luck with that" is sarcasm.
- "the loss of a great colleague" is clean; "your loss" and "their loss" are not.
- "Clearly you…" is flagged only before a put-down ("clearly you didn't read my CV");
  "Clearly you found a strong candidate" is a compliment.
- "I'd do anything to learn SQL faster" is about the seeker's own growth and passes; "I'll do
  anything", "…for this job" or "…to work there" is a plea to the employer and is flagged.
- A gentle, optional offer ("If you are ever able to share feedback, I'd welcome it") passes;
  asking why, or claiming a right to know, is flagged.
"""

import re
from dataclasses import dataclass, field

from django.db import models


class ToneCategory(models.TextChoices):
    SNARK = "snark", "Snark or blame"
    BEGGING = "begging", "Begging or demanding reasons"


_APOSTROPHE = "['’‘]?"


def _compile(pattern: str) -> re.Pattern[str]:
    source = pattern.replace("'", _APOSTROPHE).replace(" ", r"\s+")
    return re.compile(rf"(?<!\w)(?:{source})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """One phrase family, written with the conventions in the module docstring."""

    category: ToneCategory
    pattern: str
    reason: str
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "regex", _compile(self.pattern))


@dataclass(frozen=True)
class Flag:
    phrase: str  # exactly as the seeker wrote it
    category: ToneCategory
    reason: str
    start: int
    end: int


SNARK = ToneCategory.SNARK
BEGGING = ToneCategory.BEGGING

_PUT_DOWN = (
    "didn't|did not|don't|do not|never|weren't|were not|couldn't|could not|can't|cannot"
    "|missed|overlooked|failed|have no|had no|aren't|are not"
)

RULES: tuple[Rule, ...] = (
    # Snark or blame
    Rule(
        SNARK,
        r"(?:it's |that's )?(?:your|their) loss",
        "Telling them they lost out reads as wounded pride, and it is the line they will remember.",
    ),
    Rule(
        SNARK,
        r"you(?:'ll| will| are going to|'re going to) (?:regret|be sorry)",
        "A warning that they will regret it sounds like a threat; nobody reopens a door to that.",
    ),
    Rule(
        SNARK,
        rf"(?:clearly|obviously),? you(?:'ve| have)? (?:{_PUT_DOWN})",
        "Suggesting they missed the obvious is blame; the reader defends the decision "
        "instead of remembering you well.",
    ),
    Rule(
        SNARK,
        r"with all due respect|with (?:the )?(?:greatest|utmost) respect",
        "Readers hear “with all due respect” as a sign that disrespect follows.",
    ),
    Rule(
        SNARK,
        r"(?:quite )?frankly|to be frank",
        "“Frankly” warns the reader a complaint is coming; the note reads warmer without it.",
    ),
    Rule(
        SNARK,
        r"I (?:guess|suppose) you (?:really )?(?:wanted|needed|preferred|were looking for)",
        "Guessing at what they “really” wanted is sarcasm, and it reads as bitterness.",
    ),
    Rule(
        SNARK,
        r"(?:(?:a|such a|complete|total) )?waste of (?:my|our) time|wasted my time",
        "Calling the process a waste of time tells them you would not come back, "
        "so they stop thinking of you.",
    ),
    Rule(
        SNARK,
        r"good luck with that",
        "“Good luck with that” is sarcasm; wish the new hire well plainly, or leave it out.",
    ),
    Rule(
        SNARK,
        r"your (?:hiring |interview |recruiting |recruitment )?process (?:is|was) "
        r"(?:(?:completely|totally|so|really) )?"
        r"(?:broken|flawed|a joke|a mess|unfair|rigged|ridiculous|a farce)",
        "Criticising their hiring process reads as sour grapes, and the people who run it "
        "decide who hears back.",
    ),
    Rule(
        SNARK,
        r"thanks? (?:you )?for nothing",
        "Sarcastic thanks cancel the thanks, and recruiters keep notes on replies like this.",
    ),
    Rule(
        SNARK,
        r"(?:led|lead|leading) me on(?! (?:a|an|the|to|through)(?!\w))"
        r"|(?:strung|string|stringing) me along|lied to me|liars?",
        "Accusing them of misleading you closes the door for good, however strung along you felt.",
    ),
    Rule(
        SNARK,
        r"you(?:'ve| have)? made a (?:big |huge |serious |terrible )?mistake",
        "Telling them they chose wrongly puts them on the defensive; if they did, "
        "they will notice without your help.",
    ),
    Rule(
        SNARK,
        r"how could you",
        "“How could you” is an accusation, and it turns a polite reply into a complaint.",
    ),
    # Begging or demanding reasons
    Rule(
        BEGGING,
        r"why (?:wasn't|was not|weren't|were not) I|why was I (?:not|rejected|turned down|"
        r"passed over)|why not me",
        "Asking why you were not chosen puts them on the spot; many employers cannot share "
        "reasons, and the door closes instead.",
    ),
    Rule(
        BEGGING,
        r"why (?:didn't|did not|won't|wouldn't|couldn't|could not) you"
        r"|why (?:didn't|did not) I (?:get|make)",
        "A “why didn't…” question reads as an accusation, and it puts them on the defensive.",
    ),
    Rule(
        BEGGING,
        r"why(?: did|'d| would| have| had) you (?:choose|chose|chosen|pick|picked|hire|hired|select"
        r"|selected|go with|went with|gone with|prefer|preferred|reject|rejected"
        r"|turn(?:ed)? me down|pass(?:ed)? (?:on|over) me)",
        "Asking them to justify the decision invites a comparison with someone they have just "
        "welcomed; they will not answer, and it makes them wary.",
    ),
    Rule(
        BEGGING,
        r"what (?:did I do|have I done) wrong|where did I go wrong"
        r"|what (?:was|is) wrong with (?:me|my)",
        "Asking what you did wrong asks them to critique you on demand; most cannot, and it "
        "makes them uneasy about staying in touch.",
    ),
    Rule(
        BEGGING,
        r"was it (?:because|due to) (?:of )?(?:me|my|I)",
        "Guessing at the reason invites them to confirm or deny it, which few will; "
        "it makes the exchange awkward.",
    ),
    Rule(
        BEGGING,
        r"please reconsider|reconsider (?:your decision|the decision|me|my application"
        r"|my candidacy)|you(?:'ll| will| would|'d| might| could| can)? reconsider"
        r"|change (?:your|the) (?:mind|decision)",
        "Asking them to reverse a decision makes them say no twice; ask how to stay in view "
        "instead.",
    ),
    Rule(
        BEGGING,
        r"give me (?:another|a second|one more|a) (?:chance|shot|try)|let me prove myself",
        "Pleading for another chance reads as desperate; waiting gracefully is what earns one.",
    ),
    Rule(
        BEGGING,
        r"I (?:deserve|am owed|'m owed) (?:to know|an explanation|a reason|an answer|better)"
        r"|you owe me",
        "Claiming you are owed an explanation turns a courtesy into a dispute; employers are "
        "rarely free to give one.",
    ),
    Rule(
        BEGGING,
        r"I (?:demand|insist)|I (?:expect|require|want) (?:an? |some |the |your )?"
        r"(?:detailed |specific |proper |honest |full )?(?:explanation|answer|reasons?|feedback)",
        "Demands put them on the defensive; the note that expects nothing gets the warm answer.",
    ),
    Rule(
        BEGGING,
        r"I (?:really )?(?:need|have|want) to (?:know|understand|hear) why",
        "Pressing for the reason puts them on the spot; many cannot share it, and the "
        "conversation ends there.",
    ),
    Rule(
        BEGGING,
        r"(?:tell|explain to) me (?:exactly |just |honestly )?why|explain why (?:I|you)",
        "Asking them to explain the decision puts them on the spot; many are not allowed to, "
        "so they simply stop replying.",
    ),
    Rule(
        BEGGING,
        r"beg|begging|begged|I'm pleading|I plead|I implore you",
        "Begging reads as desperation, and it makes them less likely to think of you next time.",
    ),
    Rule(
        BEGGING,
        r"I(?:'ll| will|'d| would) do (?:anything|whatever it takes)"
        r"(?=\s*(?:[.!,;?]|$|for (?:this|the|a) |to (?:work|get|join|be|land|earn|have"
        r"|change|make|prove)(?!\w)))",
        "Offering to do anything sounds desperate rather than keen; say what you bring instead.",
    ),
    Rule(
        BEGGING,
        r"I (?:really |desperately |badly )?need this (?:job|role|position|opportunity)",
        "Saying how badly you need the job shifts pressure onto them; keep the note about fit.",
    ),
)


def check_tone(text: str) -> list[Flag]:
    """Every phrase in `text` that a rule flags, in reading order. Where two rules match
    overlapping text, the one that starts first (or, at the same start, the longer) is kept, so
    the seeker sees each passage once."""
    if not text or not text.strip():
        return []
    matches = sorted(
        (
            (match.start(), match.end(), rule)
            for rule in RULES
            for match in rule.regex.finditer(text)
        ),
        key=lambda found: (found[0], -found[1]),  # at the same start, the longer match wins
    )
    flags: list[Flag] = []
    for start, end, rule in matches:
        if flags and start < flags[-1].end:
            continue
        flags.append(Flag(text[start:end], rule.category, rule.reason, start, end))
    return flags
