"""The tone check: wording in a note that could get the seeker's file marked "do not hire".

Two kinds of wording hurt a seeker after a rejection: snark or blame, and begging or demanding
reasons. Each rule names one phrase family, says in the seeker's terms why it hurts them and,
where one fits whatever the sentence around it, offers a kinder sentence to write instead. To add
a rule, append a Rule to its family's tuple (SNARK_RULES in snark.py, BEGGING_RULES in
begging.py) and a positive example to tests/test_tone.py (a rule without an example fails the
suite); tests/tone_corpus.py measures the whole check against realistic notes.

Pattern conventions, so rules stay readable: write a plain apostrophe and single spaces. When a
rule is compiled, an apostrophe also matches a curly one (’ or ‘) or none at all ("youll"), a
space matches any run of whitespace, matching ignores case, and the whole pattern must start and
end at a word boundary ("beg" does not match "begin"). Do not put a space or an apostrophe
inside a character class.

What it cannot do: it matches phrase families, so sarcasm or pleading in new words often slips
through (UNSEEN in tests/tone_corpus.py is the latest measure), and the page says so. Where a
phrase rule misses, one broad rule still flags any question that reopens the decision.

Deliberate limits, to keep false alarms rare (tests/tone_corpus.py keeps these near-misses):
- "Good luck to the new hire" and "I hope the new hire settles in" are kind; "good luck with
  that", "they'll need it" and "hope they're worth it" are not.
- "the loss of a great colleague" is clean; "your loss" and "their loss" are not.
- "Thanks for your time" and "thank you for getting back to me" are clean; thanks for wasting,
  for the silence, for the automated email, or for *finally* replying are sarcasm.
- "It was nice of you to call" is clean; "nice of you to finally call" is not.
- "Whatever you decide, …" is clean; a bare "whatever." is dismissive.
- "I understand the role was filled internally" is clean; "an internal candidate all along" is
  a claim that the process was a sham.
- "Clearly you…" is flagged only before a put-down ("clearly you didn't read my CV");
  "Clearly you found a strong candidate" is a compliment.
- "I'd do anything to learn SQL faster" is about the seeker's own growth and passes; "I'll do
  anything", "…for this job" or "…to work there" is a plea to the employer and is flagged.
- A gentle, optional ask for feedback ("I'd welcome any feedback you're able to share") passes,
  as do asks to be kept in mind or considered for other roles, which the app's own drafts make.
  Asking why, what went wrong or who got it, asking them to reverse the decision, or claiming a
  right to know is flagged.
"""

from .base import Flag, Rule, ToneCategory
from .engine import RULES, check_tone

__all__ = ["RULES", "Flag", "Rule", "ToneCategory", "check_tone"]
