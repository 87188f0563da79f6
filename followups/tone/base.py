"""The tone check's building blocks: its two categories, a rule, a flag, and the kinder sentences
the rules share. Pattern conventions are in the package docstring (followups/tone/__init__.py)."""

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
    kinder: str = ""  # a sentence to write instead, when one fits whatever surrounds the phrase
    broad: bool = False  # flags a whole sentence, only where no phrase rule flagged any of it
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
    kinder: str = ""


SNARK = ToneCategory.SNARK
BEGGING = ToneCategory.BEGGING

# Kinder sentences, shared by the rules they fit.
_KEEP_IN_MIND = "If a similar role comes up, I'd be grateful if you kept me in mind."
_OPTIONAL_FEEDBACK = "If you're ever able to share any feedback, I'd welcome it."
_THANKS_FOR_TIME = "Thank you for the time you and the team gave my application."
_THANKS_FOR_NEWS = "Thank you for letting me know."
_WISH_WELL = "I wish the new hire every success."
_STILL_INTERESTED = "I'm still very interested in working with you."
