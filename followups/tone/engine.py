"""The tone check itself: every rule, snark first, then begging (the order breaks ties)."""

from .base import Flag, Rule
from .begging import BEGGING_RULES
from .snark import SNARK_RULES

RULES: tuple[Rule, ...] = SNARK_RULES + BEGGING_RULES


def check_tone(text: str) -> list[Flag]:
    """Every phrase in `text` that a rule flags, in reading order. Where two rules match
    overlapping text, the one that starts first (or, at the same start, the longer) is kept, so
    the seeker sees each passage once; a broad rule's sentence only where no phrase overlaps it,
    since the phrase says more precisely what is wrong."""
    if not text or not text.strip():
        return []
    flags: list[Flag] = []
    for broad in (False, True):
        matches = sorted(
            (
                (match.start(), match.end(), rule)
                for rule in RULES
                if rule.broad == broad
                for match in rule.regex.finditer(text)
            ),
            key=lambda found: (found[0], -found[1]),  # at the same start, the longer one wins
        )
        for start, end, rule in matches:
            if any(start < flag.end and flag.start < end for flag in flags):
                continue
            flags.append(Flag(text[start:end], rule.category, rule.reason, start, end, rule.kinder))
    return sorted(flags, key=lambda flag: flag.start)
