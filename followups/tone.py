"""The tone check: wording in a note that could get the seeker's file marked "do not hire".

Two kinds of wording hurt a seeker after a rejection: snark or blame, and begging or demanding
reasons. Each rule names one phrase family, says in the seeker's terms why it hurts them and,
where one fits whatever the sentence around it, offers a kinder sentence to write instead. To add
a rule, append a Rule to RULES and a positive example to tests/test_tone.py (a rule without an
example fails the suite); tests/tone_corpus.py measures the whole check against realistic notes.

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

# Who a put-down is aimed at: the employer, its people or its process.
_THEM = (
    r"you|they|he|she|this company|this firm|this place"
    r"|your(?: \w+){1,2}|whoever(?: \w+){1,3}"
    r"|the(?: \w+)? (?:recruiters?|interviewers?|panel|hiring managers?|managers?|HR|team"
    r"|company|process|people|staff|everyone|interview)"
)
_PUT_DOWN = (
    "didn't|did not|don't|do not|never|weren't|were not|couldn't|could not|can't|cannot"
    "|missed|overlooked|failed|have no|had no|has no|aren't|are not|doesn't|does not|hadn't"
    "|had not|haven't|have not|hasn't|has not|wasn't|was not"
)
# What the employer, its people or its process are called in anger.
_INSULT = (
    r"unprepared|distracted|rude|dismissive|disinterested|uninterested|bored|hostile|arrogant"
    r"|condescending|patroni[sz]ing|clueless|useless|incompetent|inept|disorgani[sz]ed|chaotic"
    r"|careless|lazy|unqualified|out of (?:touch|their depth|your depth|his depth|her depth)"
    r"|biased|cold|unfriendly|sloppy|hopeless|pathetic|ridiculous|absurd|unreasonable"
    r"|on (?:his|her|their|your) phones?|miserable|rubbish|terrible|awful|horrible|appalling"
    r"|dreadful"
    r"|atrocious|shocking|the worst|broken|flawed|unfair|rigged|a (?:mess|shambles|disaster"
    r"|nightmare|disgrace|circus|farce|joke|sham|charade)"
)
_NEW_HIRE = (
    r"he|she|they|him|her|them|whoever(?: you \w+| got it)?"
    r"|(?:the|your) (?:new|other|successful|chosen|lucky|winning) (?:hire|candidate|person|one|\w+)"
)

# Where a sentence starts, for the broad rules that flag a whole one.
_SENTENCE_START = r"(?:^|(?<=[.!?;:\n])|(?<=[.!?;:\n]\s)|(?<=[.!?;:\n]\s\s))(?=\S)"
# Words that, in a question, ask them to revisit the decision or account for it. Not
# "decision" or "feedback" alone: "Has a decision been made?" and a light ask are fine.
_DECISION_CUE = (
    r"reconsider\w*|appeal|finalists?|(?:other|successful|chosen|winning) (?:candidate|applicant"
    r"|person|finalist)s?|scores?|scorecards?|second look|another look|wrong|why|anything"
    r" (?:else )?I (?:can|could) do|flexib\w*|rejected|rejection|turned (?:me )?down"
    r"|unsuccessful|not selected|fell (?:short|behind)|lost points|(?:another|second|last)"
    r" chance|one more|the reasons?|deciding|instead of me|over me|reopen (?:my|the)"
    r"|who (?:was|were|got|did you (?:pick|choose|hire|go with))"
)

# Kinder sentences, shared by the rules they fit.
_KEEP_IN_MIND = "If a similar role comes up, I'd be grateful if you kept me in mind."
_OPTIONAL_FEEDBACK = "If you're ever able to share any feedback, I'd welcome it."
_THANKS_FOR_TIME = "Thank you for the time you and the team gave my application."
_THANKS_FOR_NEWS = "Thank you for letting me know."
_WISH_WELL = "I wish the new hire every success."
_STILL_INTERESTED = "I'm still very interested in working with you."

RULES: tuple[Rule, ...] = (
    # Snark or blame: wounded pride and warnings
    Rule(
        SNARK,
        r"(?:it's |that's )?(?:your|their) loss|(?:you've|you have|you) lost (?:a|an|out on (?:a"
        r"|an))"
        r" (?:great|good|strong|brilliant|excellent|fantastic)|you'll (?:survive|manage|cope)",
        "Telling them they lost out reads as wounded pride, and it is the line they will remember.",
        "I'm sorry it didn't work out this time, and I'd be glad to be considered in future.",
    ),
    Rule(
        SNARK,
        r"you(?:'ll| will| are going to|'re going to) (?:regret|be sorry|realise|realize"
        r"|come (?:crawling|running) back)|your mistake",
        "A warning that they will regret it sounds like a threat; nobody reopens a door to that.",
        _KEEP_IN_MIND,
    ),
    Rule(
        SNARK,
        r"you(?:'ve| have)? made a (?:big |huge |serious |terrible )?mistake",
        "Telling them they chose wrongly puts them on the defensive; if they did, "
        "they will notice without your help.",
        _KEEP_IN_MIND,
    ),
    Rule(
        SNARK,
        r"when (?:it|he|she|they|the new hire|your new hire) (?:doesn't|does not|don't|do not)"
        r" work out|when (?:he|she|they|the new hire|your new hire) (?:quits?|leaves?|fails?"
        r"|walks? out|burns? out)",
        "Predicting the new hire will fail reads as spite; they will remember it if a role "
        "does reopen.",
        _KEEP_IN_MIND,
    ),
    # Snark: warning words that announce a complaint
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
        r"no offen[cs]e,? but|not to be rude,? but|I don't mean to be (?:rude|disrespectful|harsh)",
        "“No offence, but” tells them offence is coming; whatever follows is read as an attack.",
    ),
    # Snark: sarcasm and passive-aggressive thanks
    Rule(
        SNARK,
        r"I (?:guess|suppose) you (?:really )?(?:wanted|needed|preferred|were looking for)",
        "Guessing at what they “really” wanted is sarcasm, and it reads as bitterness.",
        _WISH_WELL,
    ),
    Rule(
        SNARK,
        r"thanks? (?:you )?for nothing",
        "Sarcastic thanks cancel the thanks, and recruiters keep notes on replies like this.",
        _THANKS_FOR_NEWS,
    ),
    Rule(
        SNARK,
        r"(?:thanks?(?: you)?|appreciate (?:you|it))(?: so much| very much| a lot| again)? for"
        r" (?:wasting|ghosting|ignoring|stringing|the silence|leaving me|keeping me (?:waiting"
        r"|hanging|guessing|in the dark)|(?:finally|eventually|at last))",
        "Thanks that are really a complaint read as sarcasm, and sarcasm is what recruiters "
        "remember.",
        _THANKS_FOR_NEWS,
    ),
    Rule(
        SNARK,
        r"(?:generic|automated|canned|templated|copy-paste|copy-and-paste|boilerplate"
        r"|auto-generated|form) (?:form )?(?:rejection|email|e-mail|response|reply|letter"
        r"|message|note)",
        "Sneering at their email reads as a grievance; a short reply to a short note is normal "
        "and leaves a good impression.",
        _THANKS_FOR_NEWS,
    ),
    Rule(
        SNARK,
        r"a (?:whole|grand total of|massive|full) (?:one|two|three|four|five|single|few)"
        r" (?:sentences?|lines?|words?|minutes?|paragraphs?)",
        "Mocking how little they wrote or gave is sarcasm; it tells them you are keeping score.",
        _THANKS_FOR_NEWS,
    ),
    Rule(
        SNARK,
        r"what passes for|what a (?:surprise|shock|shocker)|(?:big|huge|no|colou?r me) surprised?"
        r"|surprise,? surprise|who (?:would|could)(?: have|'ve) (?:guessed|thought)"
        r"|(?:I'm|I am) (?:not|hardly) surprised|must be nice|(?:real|very|how) classy"
        r"|(?:I'm sure|I suppose|I guess|apparently) you (?:had|have) your reasons"
        r"|(?:which |that )?(?:says|speaks|said) (?:it all|volumes)|style over substance"
        r"|see how (?:that|it) works out|counts? for nothing|(?:doesn't|does not|don't|didn't)"
        r" (?:seem to )?(?:matter|count|mean (?:anything|much)) (?:to you|here|there|anymore"
        r"|any more|for anything)|claims? to (?:value|care|respect)|so-called"
        r"|not a (?:great|good) look|whatever that means|(?:so )?that's it\?|thanks? (?:you )?for"
        r" the (?:rejection|no)|what not to do|how not to (?:run|treat|hire|interview|do|manage)"
        r"|(?:you(?:'re| are)?|you seem|you seemed) (?:\w+ )?good at that|feel free not to"
        r"|(?:young|old|cheap|male|white|local|posh|connected) enough for (?:you|your \w+)"
        r"|(?:better|bigger) (?:offers?|options|opportunities)(?: \w+){0,2} anyway"
        r"|with (?:that|an) attitude|should(?:'ve| have) known (?:better|when|that you|from)"
        r"|warned (?:me )?about (?:you|your|this)|(?:reposted|re-posted|re-advertised"
        r"|readvertised) (?:in|within) (?:a|two|three|six|a few) (?:weeks?|months?)"
        r"|(?:pity|shame) (?:that )?(?:you|your(?: \w+){1,2}|they) (?:couldn't|can't|didn't"
        r"|don't|won't|wouldn't)|(?:couldn't|can't|didn't|wouldn't|won't) (?:see|look) past"
        r"|barely (?:looked|listened|spoke|glanced|read|said|asked|paid attention|bothered)"
        r"|straight out of (?:\d{4}|the (?:dark ages|nineties|eighties|past))|stuck in the"
        r" (?:past|dark ages|\d{4}s)|(?:very |so |totally )?on brand|holding my breath"
        r"|who thought(?: [\w-]+){0,6} (?:was |would be )?a good idea|whose idea was"
        r"|more respect from|heard that (?:one )?before|yeah,? right"
        r"|you (?:might|may) want to (?:tell|train|teach|learn|fix|update|rethink)"
        r"|hire someone to (?:answer|read|reply|respond|return)|how you treat (?:people"
        r"|candidates|applicants)|(?:found out|see|know) (?:now )?what (?:it's|it is|it would"
        r" be) like to work (?:with|for|at) you"
        r"|good luck (?:finding|hiring|getting|keeping) (?:anyone|anybody|someone|somebody"
        r"|people|staff)|(?:great|nice|lovely|fine|quite a|some)"
        r" \w+ you(?:'ve| have) got (?:there|going)|that's (?:the|your|all the|really the)"
        r" (?:feedback|reason|explanation|answer)\?|(?:shocked|appalled|horrified|disgusted)"
        r" (?:that|how|a company|you|your|by|at)"
        r"|(?:won't|will not) (?:waste|take up) any more of your(?: \w+)? time"
        r"|(?:^|(?<=[.!?]\s)|(?<=\n))(?:it's |isn't it )?(?:funny|interesting|curious) how",
        "Sarcasm reads as contempt on the page, even when it felt like a joke to write.",
        _THANKS_FOR_NEWS,
    ),
    Rule(
        SNARK,
        r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:impressive|classy|charming|typical|figures|bravo|classic"
        r"|priceless|unbelievable|interesting|fascinating|noted|nice one|nice try"
        r"|(?:very|truly|so|how|really) (?:personal|professional|classy|impressive|efficient"
        r"|original|convenient|predictable|mature|respectful))[.!]"
        r"|typical (?:\w+ )?(?:company|corporation|corporate|recruiters?|HR)"
        r"|(?:^|(?<=[.!?]\s)|(?<=\n))seriously\?",
        "A one-word verdict like “Impressive.” is sarcasm, and it is the line they remember.",
    ),
    Rule(
        SNARK,
        r"(?:kudos|bravo|well done|congratulations|congrats|hats off)(?: to you)? (?:on|for)"
        r" (?:the |your |such an? )?(?:slowest|worst|longest|most (?:disorgani[sz]ed|chaotic"
        r"|painful|pointless|confusing))|(?:the |your )?(?:slowest|worst|longest"
        r"|most (?:disorgani[sz]ed|chaotic|unprofessional|pointless|painful|confusing|frustrating"
        r"|disrespectful))(?: \w+){0,2} (?:process|interview|experience|recruiters?|recruitment"
        r"|company)",
        "Ranking them the worst you have seen reads as a grievance, and it outlives the moment.",
        _THANKS_FOR_TIME,
    ),
    # Snark: sarcasm about slowness or ghosting
    Rule(
        SNARK,
        r"(?:nice|good|kind|decent|big|thoughtful|generous|considerate|gracious|sweet|lovely"
        r"|great) of (?:you|them|someone) to (?:finally|eventually|at last|actually|even|bother"
        r"|remember|get around)",
        "Sarcasm about how long they took reads as a grudge; delays are rarely the recruiter's "
        "choice.",
        "Thank you for getting back to me.",
    ),
    Rule(
        SNARK,
        r"(?:you|someone|somebody|anyone|they|your \w+)(?: over there| there)? (?:finally"
        r"|eventually|at last) (?:\w+)|(?:finally|at last|eventually) (?:hear|heard|hearing"
        r"|get|got|getting) (?:something|anything|a (?:reply|response|word|peep)"
        r"|an (?:answer|update))|finally made it (?:out|through|past)",
        "Pointing out that they “finally” replied reads as a grudge; delays are rarely the "
        "recruiter's choice.",
        "Thank you for getting back to me.",
    ),
    Rule(
        SNARK,
        r"(?:(?:only|just|all of) took|took (?:you|them|your (?:\w+ )?team|HR))"
        r"(?: \w+)? (?:weeks|months|forever|ages|long enough)"
        r"|took (?:you |them )?(?:long enough|your time|your sweet time)|better late than never"
        r"|radio silence|(?:weeks|months|days) of (?:silence|nothing|no (?:news|word|reply"
        r"|response))|ghost(?:ed|ing|s)?|(?:kept|keeping|leaving|left|leave) me (?:waiting"
        r"|hanging|in the dark|guessing)|remember(?:ed)? (?:that )?I (?:exist|applied)"
        r"|(?:thought|assumed|figured) (?:you'd|you had|you were|the company had)(?: \w+){0,2}"
        r" (?:forgotten|died|vanished|disappeared|gone (?:out of business|bust|under))"
        r"|(?:spam|junk) (?:folder|filter|box)|(?:black hole|into the void)",
        "Complaining about the wait reads as a grudge, and it is the part of the note they will "
        "remember.",
        "Thank you for getting back to me.",
    ),
    # Snark: the process was unfair, or the job never open
    Rule(
        SNARK,
        r"(?:job|role|position|vacancy|opening|post|posting|listing|ad|advert)(?: \w+)?"
        r" (?:was|is|were|wasn't|was not) (?:never|not) (?:really |actually |even |truly )?"
        r"(?:open|real|available|genuine)"
        r"|(?:internal|inside) (?:candidate|hire|person)(?: \w+){0,2} (?:all along"
        r"|from (?:day one|the start|the beginning|the outset)|lined up|in mind|the whole time)"
        r"|(?:had|already had|knew) (?:someone|somebody|a candidate|who you wanted)(?: \w+)?"
        r" (?:in mind|lined up|picked|chosen|earmarked)"
        r"|(?:you'd|you had|they'd|they had) already (?:filled|decided|chosen|picked|hired"
        r"|given|promised)|made up (?:their|your|his|her) minds?|minds? (?:was|were) (?:already )?"
        r"made up|decision was (?:already )?made (?:before|long before|in advance|beforehand)"
        r"|(?:had|have) no intention of (?:hiring|considering|filling|employing|taking)"
        r"|never (?:intended|meant|planned|wanted|had any intention) to (?:hire|consider|fill"
        r"|employ|take)|(?:someone|somebody) from (?:your|their|his|her) (?:old|previous|former)"
        r" (?:firm|company|team|job)|it's (?:all )?who you know"
        r"|(?:someone|somebody|boss|CEO|manager|founder|director|owner)'s (?:nephew|niece|son"
        r"|daughter|friend|mate|buddy|cousin|relative|pal)|friend of (?:the boss|the CEO"
        r"|someone)",
        "Claiming the job was never really open accuses them of bad faith; even if it stings, it "
        "ends any chance of the next role.",
        _THANKS_FOR_TIME,
    ),
    Rule(
        SNARK,
        r"box-ticking|box-checking|tick-box|(?:values?|valued|prefers?|preferred)(?: \w+){0,2}"
        r" over (?:actual|real) (?:skills?|talent|experience|ability)|ticking (?:a |the )?boxe?s?"
        r"|(?:going|went|go) through the motions"
        r"|rigged|stitch(?:ed)? up|unfair(?:ly)?|discriminat\w*|nepotism"
        r"|(?:is|was|are|were|'s|been|what|such|felt like|seems like|absolute|complete|total"
        r"|utter) (?:an? )?(?:absolute |complete |total |utter |bit of a |running |sick )?"
        r"(?:joke|farce|sham|charade|pantomime|shambles|circus|disaster)|laughable",
        "Calling the process unfair or a joke reads as sour grapes, and the people who run it "
        "decide who hears back.",
        _THANKS_FOR_TIME,
    ),
    Rule(
        SNARK,
        r"(?:hiring |interview |recruiting |recruitment )?process (?:is|was|needs) (?:\w+ )?"
        r"(?:serious |some |a lot of )?(?:work|fixing|an overhaul)",
        "Criticising their hiring process reads as sour grapes, and the people who run it "
        "decide who hears back.",
        _THANKS_FOR_TIME,
    ),
    # Snark: insults to the company or its recruiters
    Rule(
        SNARK,
        rf"(?:{_THEM})(?: \w+){{0,6}}? (?:is|are|was|were|seem|seems|seemed|felt|came across as"
        r"|come across as"
        rf"|looked|sounded|acted|clearly|obviously)(?: \w+){{0,2}}? (?:{_INSULT})",
        "Running down their people or their process reads as sour grapes, and those people "
        "decide who hears back.",
        _THANKS_FOR_TIME,
    ),
    Rule(
        SNARK,
        r"unprofessional(?:ism)?|amateurish|amateur hour|incompeten(?:t|ce)|clueless|idiots?"
        r"|idiotic|morons?|moronic|pathetic|disgrace(?:ful)?|clowns?|clown show|shambolic"
        r"|dysfunctional|toxic|you people|shame on (?:you|your \w+)|should be (?:ashamed"
        r"|embarrassed)|mediocr(?:e|ity)"
        r"|disrespect(?:ful|ed)?"
        r"|condescending|patroni[sz]ing|no respect for|to save (?:their|his|her|your) li(?:ves|fe)"
        r"|(?:learn|learns|learned) how to (?:run|conduct|hold|organi[sz]e|read|write|communicate"
        r"|interview|hire|treat)|(?:don't|doesn't) know what (?:they're|you're|he's|she's"
        r"|they are|you are) doing",
        "Insults land on real people, who talk to each other; the note will be remembered "
        "for the wrong reason.",
        _THANKS_FOR_TIME,
    ),
    Rule(
        SNARK,
        rf"(?:{_THEM}) (?:clearly |obviously |honestly |just |simply )?(?:have|has|had) no"
        r" (?:idea|clue)",
        "Saying they have no idea what they are doing is an insult, and it ends the conversation.",
        _THANKS_FOR_TIME,
    ),
    # Snark: blame
    Rule(
        SNARK,
        rf"(?:clearly|obviously|evidently|apparently),? (?:{_THEM}|nobody|no one)(?:'ve| have)?"
        rf" (?:{_PUT_DOWN})|(?:{_THEM}) (?:clearly|obviously|evidently|apparently)"
        rf" (?:{_PUT_DOWN})",
        "Suggesting they missed the obvious is blame; the reader defends the decision "
        "instead of remembering you well.",
        "I'd be happy to share more about my experience if it's ever useful.",
    ),
    Rule(
        SNARK,
        r"you could(?: have|'ve) (?:just )?(?:told|said|let me know|been (?:honest|upfront|clear)"
        r"|saved)|(?:didn't|did not|never|couldn't|could not|can't|cannot) (?:even )?(?:be bothered"
        r"|bother(?:ed)? (?:to|reading|looking|replying|responding|answering))"
        r"|(?:didn't|did not|never) even (?:read|look"
        r"|open|glance|ask|listen|reply|respond|check)|did (?:you|anyone|they|he|she) even"
        r" (?:read|look|open|glance|ask|listen)"
        rf"|if (?:only )?(?:{_THEM}|anyone|someone)(?:'d| had) (?:actually|bothered|even"
        r"|properly|just)|next time,? (?:maybe |perhaps |please |try )?(?:actually |just )?(?:read"
        r"|try|look|listen|bother|consider|don't|do not|think|tell)|(?:nobody|no one|none of"
        r" (?:you|them))(?: \w+){0,3} (?:had |has |have )?(?:even )?(?:read|looked at|opened"
        r"|bothered)|(?:anyone|anybody)(?: \w+){0,2} (?:actually|even) (?:read|looked|opened)"
        rf"|(?:{_THEM}) (?:clearly |obviously |so )?lack(?:ed)?"
        r"|maybe (?:next time )?(?:you|your(?: \w+){1,2}|they"
        r"|someone) (?:should|could|might) (?:learn|try|actually|read|consider|bother)",
        "Blaming them for not reading or listening puts them on the defensive, and they "
        "will not look again.",
        "I'd be happy to share more about my experience if it's ever useful.",
    ),
    Rule(
        SNARK,
        r"(?:led|lead|leading) me on(?! (?:a|an|the|to|through)(?!\w))"
        r"|(?:strung|string|stringing) me along|lied|lying to|liars?|misled|misleading|dishonest"
        r"|(?:being|been) (?:strung along|led on|messed (?:around|about)|jerked around"
        r"|mucked about)|brush-off|fobbed off|cold shoulder",
        "Accusing them of misleading you closes the door for good, however strung along you felt.",
        _THANKS_FOR_TIME,
    ),
    Rule(
        SNARK,
        r"(?:some|a (?:little|bit of)|free) (?:feedback|advice|tip) for you|(?:a )?(?:word|piece)"
        r" of advice|pro tip|let me guess|treated better by|(?:at least|could have at least"
        r"|could at least) (?:spell|have|had|get|got|reply|respond|call|read|bother|acknowledge"
        r"|show|pretend|learn)|(?:can't|cannot|couldn't|wouldn't|doesn't|don't) (?:recogni[sz]e"
        r"|spot|see|know) (?:talent|quality|a good (?:thing|candidate))|(?:afraid|scared"
        r"|threatened|intimidated) (?:I'd|I would|I might|by me)|outshine|in for a (?:shock"
        r"|surprise|rude awakening)|(?:thrilled|delighted|happy) to discover|(?:funny"
        r"|interesting|curious),? that[.!]|the way (?:you|your(?: \w+){1,2}|they|I was)"
        r" (?:handled|treated|dealt)",
        "Advice or a jab they did not ask for reads as a parting shot, and it is what they will "
        "remember of you.",
        _THANKS_FOR_TIME,
    ),
    Rule(
        SNARK,
        r"how could you",
        "“How could you” is an accusation, and it turns a polite reply into a complaint.",
    ),
    Rule(
        SNARK,
        r"I was (?:by far |clearly |obviously )?the (?:most qualified|best (?:candidate|fit"
        r"|person|qualified))|(?:more|better) qualified than (?:whoever|the person|the one|him"
        r"|her|them|anyone)",
        "Insisting you were the best candidate argues with a decision already made; they "
        "stop reading and start defending it.",
        "I'm still very interested in the team, and I'd be glad to be considered in future.",
    ),
    Rule(
        SNARK,
        r"(?:a |such a |complete |total |an absolute |what a )?(?:complete |total |utter"
        r" |absolute )?waste of (?:my |our |an? )?(?:time|afternoon|morning|day|week|weekend"
        r"|effort|energy|evening)|wast(?:ed|ing)(?: \w+){0,4} (?:my|our) (?:time|life|afternoon"
        r"|day|week|weekend|evening|effort)|I can't believe I (?:took|wasted|spent|gave|bothered"
        r"|drove|travelled|traveled|prepared|turned down|put)",
        "Calling the process a waste of time tells them you would not come back, "
        "so they stop thinking of you.",
        _THANKS_FOR_TIME,
    ),
    Rule(
        SNARK,
        r"I (?:expected|had expected|'d expected|would have expected|would've expected)"
        r" (?:a lot |much |so much |far |a bit |a little |a great deal )?(?:more|better)"
        r"|(?:didn't|did not) expect (?:much|more|anything) (?:from|of)"
        r"|expected anything (?:different|else|better|more)"
        r"|(?:still )?managed to disappoint|disappointed (?:in|by) (?:you|your)",
        "Telling them they disappointed you reads as a verdict on them, not as regret "
        "about the outcome.",
        "I'm disappointed it didn't work out, but I'm glad I had the chance to meet the team.",
    ),
    # Snark: dismissive and burning bridges
    Rule(
        SNARK,
        r"whatever(?=\s*(?:[.!?,;…]|$))|(?:couldn't|could not|don't|do not) care (?:less"
        r"|anymore|any more|either way)|not that I care|who cares|not that it matters"
        r"|doesn't matter (?:anyway|to me)|(?:it's )?not like I (?:was|even|really|care|wanted"
        r"|needed)|(?:didn't|don't|never) (?:really )?(?:want|need|wanted|like) (?:it|this|that"
        r"|the (?:job|role)|to work (?:for|with|there|at)(?: \w+)?) anyway|dodged a bullet"
        r"|(?:a )?(?:lucky|narrow) escape|bigger and better things|some of us (?:have|actually"
        r"|work|had|can't)|glad (?:it's|it was|it is) a no|glad I (?:didn't|did not|won't"
        r"|will not) (?:get|join|work)|if you paid me|for your (?:own )?sake",
        "A shrug like “whatever” reads as contempt, and it tells them you would not come back.",
        "I understand, and I'd like to stay in touch.",
    ),
    Rule(
        SNARK,
        r"(?:don't|do not|never) (?:bother|ever) (?:contacting|calling|emailing|reaching"
        r"|getting in touch|to contact|to call|to email)|(?:don't|do not|never) (?:contact|call"
        r"|email) me (?:again|ever)|lose my (?:number|email|details|address)"
        r"|(?:won't|will not|will never|'ll never|never) (?:be )?(?:apply|applying|work|working"
        r"|recommend|recommending|consider|considering)(?: \w+){0,4} (?:again|ever again)"
        r"|(?:won't|will not|will never|never) (?:be )?(?:recommend|recommending) (?:you|your|this"
        r"|the company|them)|don't expect me to (?:apply|come back|return|reapply|work|reply)"
        r"|(?:turned|turn) (?:you|it|the offer) down anyway|(?:would|'d) have (?:turned (?:you|it)"
        r" down|said no|declined)"
        r"|(?:withdrawal|withdraw|remove me) from any future|never again|glassdoor|(?:leave"
        r"|leaving|write|writing|post|posting) (?:a |an |my )?"
        r"(?:honest |detailed |public )?review|(?:tell|telling|warn|warning) (?:everyone"
        r"|everybody|others|other people|my network|people|anyone)|share my experience"
        r" (?:on|with (?:everyone|others|my network))",
        "Threatening a review or swearing never to return burns the bridge you may want to "
        "cross in a few months.",
        "I'd be glad to stay in touch about future roles.",
    ),
    # Snark: backhanded wishes about the new hire
    Rule(
        SNARK,
        r"good luck with that|(?:they'll|he'll|she'll|you'll|you're going to|they're going to)"
        r" need (?:it|all the luck)"
        rf"|(?:hope|hopefully|sure|bet) (?:{_NEW_HIRE})(?: \w+){{0,3}}"
        r" (?:worth it|worth the|lasts?|can (?:actually|even|really) (?:do|handle|manage|cope)"
        r"|likes? working (?:weekends|late|nights|unpaid|overtime)"
        r"|enjoys? (?:fixing|cleaning up|sorting out|dealing with|the (?:chaos|mess|drama|circus"
        r"|madness|dysfunction))"
        r"|knows? what (?:\w+ )?(?:is|are|'s|'re) doing|lives? up to)"
        r"|hope (?:it|that|they|he|she)(?:'s| is| are|'re| was| were)? worth (?:it|the)"
        r"|enjoy (?:your|the) (?:new (?:hire|\w+)|choice|decision|replacement)"
        r"|better than (?:you|your(?: \w+){1,2}|the(?: \w+){1,2}|they|he|she) (?:did|do|does"
        r"|could)|someone (?:cheaper|younger|less qualified|less experienced)"
        r"|cheaper (?:option|candidate|hire|alternative|choice)|(?:the )?cheapest (?:applicant"
        r"|candidate|option|person|bidder|hire)",
        "A wish that doubts the new hire reads as bitterness; a plain, kind wish is remembered.",
        _WISH_WELL,
    ),
    # Begging or demanding reasons: asking why
    Rule(
        BEGGING,
        r"why (?:the|this|that) (?:sudden )?(?:change|decision|rejection|u-turn|turnaround)"
        r"|change of heart|why (?:wasn't|was not|weren't|were not|isn't|is not) (?:I|my)"
        r"|why was (?:I|my(?: \w+){1,2}) (?:not"
        r"|rejected|turned down|passed over|declined|unsuccessful)|why not me"
        r"|reasons? (?:why )?I (?:wasn't|was not|didn't|did not)"
        r"|(?:which|who)(?: \w+){0,4} (?:was|were|got) (?:picked|chosen|selected|hired) and why",
        "Asking why you were not chosen puts them on the spot; many employers cannot share "
        "reasons, and the door closes instead.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"why (?:didn't|did not|won't|wouldn't|couldn't|could not) you"
        r"|why (?:didn't|did not) I (?:get|make)",
        "A “why didn't…” question reads as an accusation, and it puts them on the defensive.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"why(?: did|'d| would| have| had) (?:you|they|the(?: \w+){1,2}|your(?: \w+){1,2})"
        r" (?:choose|chose|chosen|pick|picked|hire|hired|select|selected|go with|went with"
        r"|gone with|prefer|preferred|reject|rejected|turn(?:ed)? me down|pass(?:ed)? (?:on|over)"
        r" me|decide|decided)",
        "Asking them to justify the decision invites a comparison with someone they have just "
        "welcomed; they will not answer, and it makes them wary.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"what (?:exactly |specifically )?(?:did I (?:do|get|say)|have I done|I did|I got) wrong"
        r"|where (?:did I go|I went) wrong"
        r"|what (?:was|is) wrong with (?:me|my)|what (?:went|had gone|has gone|'s gone) wrong"
        r"|(?:did|have|had) I (?:do|done|say|said) something wrong|(?:must|might|may) have"
        r" (?:done|said) something wrong|was it something I (?:said|did|wrote)"
        r"|what (?:could|should|would) I (?:possibly )?have done (?:better|differently)",
        "Asking what you did wrong asks them to critique you on demand; most cannot, and it "
        "makes them uneasy about staying in touch.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"was it (?:because |due to |down to )?(?:of )?(?:me|my|I)",
        "Guessing at the reason invites them to confirm or deny it, which few will; "
        "it makes the exchange awkward.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"what (?:exactly |specifically |precisely )?(?:did|does|do)(?: \w+){1,3}"
        r" have that I (?:don't|didn't|lack|lacked)|(?:have|had|do|did|bring|brought|offer"
        r"|offered) that I (?:don't|didn't)"
        r"|how (?:was|were|is|are) (?:the other|they|he|she|the successful|the chosen"
        r"|the new)(?: \w+)? (?:better|more|stronger)|better (?:qualified|suited) than me"
        r"|who (?:did you|you|they) (?:end up |finally )?(?:hire|hired|hiring|pick|picked"
        r"|picking|choose|chose|choosing|go with|went with|going with|select|selected|offer"
        r"|offered)|who got (?:the (?:job|role|offer|position)|it)(?=\s*\?|\s+instead|\s+over me)",
        "Asking how you compare with the person they chose puts them in an impossible spot; "
        "they will not answer, and it makes them wary.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"I (?:really )?(?:need|have|want) to (?:know|understand|hear) why",
        "Pressing for the reason puts them on the spot; many cannot share it, and the "
        "conversation ends there.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"(?:to|me) (?:know|understand|hear|learn) (?:exactly |specifically |precisely"
        r" |honestly )?(?:why"
        r"|the (?:real |exact |specific |actual |main |true )?(?:reasons?|reasoning)"
        r"|what (?:went wrong|happened|made|was missing|I did wrong|I lacked)"
        r"|how (?:I was|the decision|you decided|I scored))|(?:the )?deciding factor"
        r"|what tipped (?:it|the balance|the scales)",
        "Pressing for the reason puts them on the spot; many cannot share it, and the "
        "conversation ends there.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"(?:tell|explain to) me (?:exactly |just |honestly |specifically |precisely )?why"
        r"|explain why (?:I|you)|tell me (?:exactly|specifically|precisely|honestly) (?:what"
        r"|which|why|where|how)|tell me what (?:went wrong|happened|made|was wrong|was missing"
        r"|I (?:lacked|missed|should have))|explain(?: to me)?(?: \w+){0,2} (?:what happened"
        r"|what went wrong|how (?:the|you|I|it)|the (?:reasons?|reasoning|decision|rationale))"
        r"|at least (?:tell|let me know|give|explain|share|say)|walk me through (?:where|why"
        r"|what|how)|where I fell (?:short|behind)|(?:explanation|account) (?:of|for|as to)"
        r" (?:where|why|how)|a straight answer|keep (?:calling|emailing|asking|writing) until"
        r"|what (?:else )?(?:could|should) I have done",
        "Asking them to explain the decision puts them on the spot; many are not allowed to, "
        "so they simply stop replying.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"(?:deserve|owed|want|expect|need|waiting for|waiting on|request|requesting|demand)"
        r" (?:an? |some |the |your )?(?:proper |full |detailed |real |honest |clear |written )?"
        r"(?:explanation|justification)|(?:like|appreciate|want|expect|need|request|requesting)"
        r" (?:an? |some |the |your )?(?:proper |full |detailed |real |honest |clear |written )?"
        r"(?:breakdown|justification|reasons? (?:for|behind|why))"
        r"|(?:give|send) me (?:the )?(?:specific |exact |real |actual |main )?reasons?"
        r"|GDPR|subject access request|requesting (?:all |a copy of |copies of )?(?:the )?"
        r"(?:notes|scores|scorecards?|interview notes)",
        "Demanding an explanation turns a courtesy into a dispute; employers are rarely free "
        "to give one.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"I (?:deserve|am owed|'m owed) (?:to know|an explanation|a reason|an answer|better)"
        r"|you owe me|(?:I'm|I am) entitled to",
        "Claiming you are owed an explanation turns a courtesy into a dispute; employers are "
        "rarely free to give one.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"I (?:demand|insist)|I (?:expect|require|want|need) (?:an? |some |the |your )?"
        r"(?:detailed |specific |proper |honest |full )?(?:explanation|answer|reasons?|feedback)",
        "Demands put them on the defensive; the note that expects nothing gets the warm answer.",
        _OPTIONAL_FEEDBACK,
    ),
    Rule(
        BEGGING,
        r"I don't (?:really )?(?:understand|see|get) (?:why|how|what went)"
        r"|(?:confused|baffled|puzzled|shocked|stunned) (?:as to |about )?(?:why|how"
        r"|by (?:the|your) decision)|makes no sense|doesn't make (?:any )?sense",
        "Saying the decision makes no sense asks them to defend it; they will not, and the "
        "conversation ends there.",
        _OPTIONAL_FEEDBACK,
    ),
    # Begging: asking them to reverse the decision
    Rule(
        BEGGING,
        r"please reconsider|reconsider (?:your decision|the decision|me|my application"
        r"|my candidacy)|you(?:'ll| will| would|'d| might| could| can)? reconsider"
        r"|change (?:your|the|their) (?:mind|minds|decision)|change things"
        r"|(?:reverse|revisit|rethink|appeal|challenge|dispute) (?:the|your|this) decision"
        r"|is (?:the|your|this|that) decision (?:really )?(?:final|definite|set in stone)"
        r"|convince you|persuade you|anything I can do to (?:change|turn|reverse|convince"
        r"|persuade|get|win|make)|(?:really )?nothing I can do|(?:really )?no way(?: at all)?\?",
        "Asking them to reverse a decision makes them say no twice; ask how to stay in view "
        "instead.",
        _KEEP_IN_MIND,
    ),
    Rule(
        BEGGING,
        r"(?:give|gave|giving) me (?:another|a second|one more|a) (?:chance|shot|try|go)"
        r"|let me prove myself|prove myself|prove (?:it|you wrong|my worth)"
        r"|show you what I can do|(?:one more|another|a second|a further) (?:chance|shot|try"
        r"|interview|conversation|call|round)|(?:take|have) (?:another|a second|one more"
        r"|a fresh) look|(?:still (?:a |any )?(?:chance"
        r"|hope|possibility))|too late (?:to|for) (?:be considered|reconsider|change|me)"
        r"|interview (?:me )?again|meet (?:the team|you|them|everyone) again"
        r"|(?:interview|interviewing|meet|meeting|see|seeing|test|testing) me (?:one more time"
        r"|again|once more)"
        r"|(?:redo|re-do|retake|re-take|resit|re-sit|repeat) (?:the|my|that)(?: \w+)? (?:test"
        r"|task|assignment|exercise|interview|presentation|assessment|challenge)"
        r"|(?:been|be) (?:a|some) (?:mistake|misunderstanding|error|oversight)"
        r"|keep me in the running|waiting list|reserve list|(?:as a|your) (?:backup|plan B"
        r"|second choice|fallback)|put (?:in )?a (?:good )?word (?:in )?for me|(?:a chance"
        r"|an opportunity|the chance) to (?:respond|reply|answer|address|clarify|explain myself)"
        r"|still room for me|(?:is|was) (?:the role|it|the position|the job) (?:definitely|really"
        r"|actually) (?:filled|gone|taken)|take me (?:instead|anyway)|talk (?:this|it) (?:over"
        r"|through)"
        r"|(?:get|getting|be|put me) back (?:in(?=\s*[?.!])|(?:in|into) (?:the running|the process"
        r"|contention))"
        r"|(?:let|can|could|may) (?:me|I) try again|one last (?:time|chance|try|look|go)"
        r"|(?:review|consider|look at) (?:my|me)(?: \w+){0,2} (?:again|once more)"
        r"|what (?:would|will|could) it take|change (?:your|the) (?:answer|outcome)"
        r"|(?:reverse|reversed|reversing|overturn|overturned) (?:this|it|that)"
        r"|would (?:I|that|it) have (?:got|gotten|changed|made (?:a|any) difference)"
        r"|(?:speak|talk) (?:to|with) (?:the hiring manager|your manager|your boss|someone"
        r" (?:senior|higher up|more senior|in charge)|the decision[- ]makers?) directly",
        "Pleading for another chance reads as desperate; waiting gracefully is what earns one.",
        _KEEP_IN_MIND,
    ),
    # Begging: pleading, desperation, bargaining
    Rule(
        BEGGING,
        r"beg|begging|begged|I'm pleading|I plead|I implore you|please help me|I'm asking you"
        r"|plead(?:ing)? my case|argue my case"
        r"|please,? (?:please|just|at least|I(?:'ll| will| can| need| really))"
        r"|please don't (?:close|reject|forget|give up|write me off|rule me out|let|end|turn"
        r"|say no|pass|be|make|give)|end of my (?:rope|tether)|surely (?:there's|there is"
        r"|there must be"
        r"|you can|you could)",
        "Begging reads as desperation, and it makes them less likely to think of you next time.",
        _KEEP_IN_MIND,
    ),
    Rule(
        BEGGING,
        r"I(?:'ll| will|'d| would) do (?:anything|whatever it takes|whatever you (?:need|want"
        r"|ask|say))"
        r"(?=\s*(?:[.!,;?]|$|for (?:this|the|a) |to (?:work|get|join|be|land|earn|have"
        r"|change|make|prove)(?!\w)))",
        "Offering to do anything sounds desperate rather than keen; say what you bring instead.",
        _STILL_INTERESTED,
    ),
    Rule(
        BEGGING,
        r"I (?:really |desperately |badly )?need this (?:job|role|position|opportunity)"
        r"|(?:I'm|I am) (?:so |really |getting )?desperate|desperately|my (?:only|last)"
        r" (?:real )?(?:hope|chance|option)|(?:you're|you are) my (?:only|last) (?:real )?(?:hope"
        r"|chance)|(?:counting|relying|depending) on (?:this|you|it|me)|(?:out of work"
        r"|unemployed|jobless) (?:since|for)|can't afford|cannot afford|(?:I'm|I am|really)"
        r" struggling|need something (?:soon|now|quickly)|means? (?:everything|the world|so much)"
        r" to me|mean the world|really matters|need a yes|(?:difficult|tough|hard|bad)"
        r" (?:place|spot|situation|time) financially|(?:would|will|could) change everything"
        r"|(?:savings|money|benefits)"
        r" (?:run|runs|running) out|(?:rejected|turned down) by(?: \w+){0,2} (?:companies|employers"
        r"|places|firms)",
        "Saying how badly you need the job shifts pressure onto them; keep the note about fit.",
        _STILL_INTERESTED,
    ),
    Rule(
        BEGGING,
        r"(?:take|accept|work for) (?:a |my )?(?:lower|less|reduced|smaller) (?:salary|pay|rate"
        r"|wage|offer)|lower (?:my )?(?:salary|pay|rate)(?: \w+)?|(?:salary|pay) cut"
        r"|(?:work|working|do it|do the job|intern|start|the role)(?: [\w-]+){0,2} for (?:free"
        r"|nothing"
        r"|less|no pay)|(?:take|accept) a step down|step down in (?:title|level|seniority)"
        r"|unpaid (?:trial|internship|work|week"
        r"|month|day|placement)|work(?:ing)? unpaid|match (?:whatever|what|the)(?: \w+){0,3}"
        r" (?:asked|offered|salary|rate)|if money is the (?:issue|problem)"
        r"|(?:any|whatever) (?:role|job|position|opening|vacancy) (?:at all|you have|you've got)"
        r"|(?:or|even) anything(?: really| at all| else)?(?=\s*[.!?])|foot in the door"
        r"|(?:start|work|join) as an? (?:intern|trainee|apprentice|volunteer)"
        r"|(?:even|accept|take|settle for) (?:an? |any )?(?:junior|entry-level|part-time|contract"
        r"|temporary|temp|lower|less senior|smaller) (?:one|role|job|position|contract|post)"
        r"|at all would do|trial (?:period|day|week|month|run)|(?:day|week|month)'s trial"
        r"|work (?:weekends|nights"
        r"|overtime)|start tomorrow|any way to make it work|(?:half|a fraction of) (?:the|your|my)"
        r" (?:salary|pay|rate|budget)|(?:any|whatever) hours|(?:if|as long as|provided) you"
        r" (?:just )?(?:take|took|hire|hired) me|(?:accept|take) (?:whatever|any) (?:salary|pay"
        r"|rate|offer|terms)",
        "Bargaining down your pay or terms reads as desperate, and it lowers what they think "
        "you are worth.",
        _KEEP_IN_MIND,
    ),
    # Begging, broadly: any question that reopens the decision, however it is worded.
    Rule(
        BEGGING,
        rf"{_SENTENCE_START}[^.!?\n]*?(?<!\w)(?:{_DECISION_CUE})(?!\w)[^.!?\n]*\?",
        "A question that reopens the decision puts them on the spot; most cannot answer it, "
        "and the conversation ends there.",
        _OPTIONAL_FEEDBACK,
        broad=True,
    ),
)


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
