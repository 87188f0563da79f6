import time

import pytest

from followups.drafts import KINDS, compose
from followups.tone import RULES, Flag, ToneCategory, check_tone

SNARK = ToneCategory.SNARK
BEGGING = ToneCategory.BEGGING

# (a sentence a seeker might write, the phrase that must be flagged, its category).
# Every rule in RULES needs at least one example here: see test_every_rule_has_an_example.
FLAGGED = [
    ("Well, it's your loss.", "it's your loss", SNARK),
    ("Their loss, honestly.", "Their loss", SNARK),
    ("You'll regret this decision.", "You'll regret", SNARK),
    ("You will be sorry one day.", "You will be sorry", SNARK),
    ("Clearly you didn't read my portfolio.", "Clearly you didn't", SNARK),
    ("Obviously, you never looked at my CV.", "Obviously, you never", SNARK),
    ("With all due respect, I disagree.", "With all due respect", SNARK),
    ("Frankly, I'm relieved.", "Frankly", SNARK),
    ("Quite frankly the interview was odd.", "Quite frankly", SNARK),
    ("I guess you wanted a safer pair of hands.", "I guess you wanted", SNARK),
    ("I suppose you were looking for a yes-man.", "I suppose you were looking for", SNARK),
    ("The whole thing was a waste of my time.", "a waste of my time", SNARK),
    ("You wasted my time.", "wasted my time", SNARK),
    ("A new hire with no experience? Good luck with that.", "Good luck with that", SNARK),
    ("Your hiring process is broken.", "Your hiring process is broken", SNARK),
    ("Your process was a joke.", "Your process was a joke", SNARK),
    ("Thanks for nothing.", "Thanks for nothing", SNARK),
    ("Thank you for nothing, I suppose.", "Thank you for nothing", SNARK),
    ("You led me on for six weeks.", "led me on", SNARK),
    ("You strung me along.", "strung me along", SNARK),
    ("You've made a huge mistake.", "You've made a huge mistake", SNARK),
    ("Here's a word of advice: call people back.", "a word of advice", SNARK),
    ("How could you choose someone else?", "How could you", SNARK),
    ("Call me when it doesn't work out.", "when it doesn't work out", SNARK),
    ("You'll realise soon.", "You'll realise", SNARK),
    ("No offence, but the offer was low.", "No offence, but", SNARK),
    ("Thanks so much for ghosting me.", "Thanks so much for ghosting", SNARK),
    ("I appreciate it for finally replying.", "appreciate it for finally", SNARK),
    ("Got your canned response.", "canned response", SNARK),
    ("All of it in a grand total of three lines.", "a grand total of three lines", SNARK),
    ("Colour me surprised.", "Colour me surprised", SNARK),
    ("I'm sure you have your reasons.", "I'm sure you have your reasons", SNARK),
    ("Lunch was cancelled. Classy.", "Classy.", SNARK),
    ("Interesting how the ad went up again.", "Interesting how", SNARK),
    ("Congrats on the longest process ever.", "Congrats on the longest", SNARK),
    ("How good of them to eventually write.", "good of them to eventually", SNARK),
    ("Glad you finally replied.", "you finally replied", SNARK),
    ("Months of silence, then this.", "Months of silence", SNARK),
    ("It took you long enough.", "took you long enough", SNARK),
    ("The posting was not even real.", "posting was not even real", SNARK),
    ("You had already decided.", "You had already decided", SNARK),
    ("It was all just going through the motions.", "going through the motions", SNARK),
    ("Honestly, your process needs some work.", "process needs some work", SNARK),
    ("The panel seemed totally disinterested.", "The panel seemed totally disinterested", SNARK),
    ("That was amateur hour.", "amateur hour", SNARK),
    ("Your team clearly has no clue.", "Your team clearly has no clue", SNARK),
    ("Did you even read my cover letter?", "Did you even read", SNARK),
    ("The salary you quoted was misleading.", "misleading", SNARK),
    ("I was by far the best candidate.", "I was by far the best candidate", SNARK),
    ("I would have expected better.", "I would have expected better", SNARK),
    ("Who cares.", "Who cares", SNARK),
    ("I'll be writing a review.", "writing a review", SNARK),
    ("I bet he lasts a month.", "bet he lasts", SNARK),
    ("Why wasn't I chosen?", "Why wasn't I", BEGGING),
    ("Why was I passed over?", "Why was I passed over", BEGGING),
    ("Honestly, why not me?", "why not me", BEGGING),
    ("Why didn't you call me back?", "Why didn't you", BEGGING),
    ("Why didn't I get the job?", "Why didn't I get", BEGGING),
    ("Why did you choose someone with less experience?", "Why did you choose", BEGGING),
    ("Why would you hire an outsider?", "Why would you hire", BEGGING),
    ("What did I do wrong?", "What did I do wrong", BEGGING),
    ("Where did I go wrong in the second round?", "Where did I go wrong", BEGGING),
    ("What was wrong with my presentation?", "What was wrong with my", BEGGING),
    ("Was it because of my age?", "Was it because of my", BEGGING),
    ("Please reconsider.", "Please reconsider", BEGGING),
    ("I hope you'll reconsider.", "you'll reconsider", BEGGING),
    ("Is there anything that would change your mind?", "change your mind", BEGGING),
    ("Please give me another chance.", "give me another chance", BEGGING),
    ("Just let me prove myself.", "let me prove myself", BEGGING),
    ("I deserve to know what happened.", "I deserve to know", BEGGING),
    ("After four rounds, you owe me that much.", "you owe me", BEGGING),
    ("I demand an explanation.", "I demand", BEGGING),
    ("I expect detailed feedback by Friday.", "I expect detailed feedback", BEGGING),
    ("I need to know why.", "I need to know why", BEGGING),
    ("Please tell me why.", "tell me why", BEGGING),
    ("Can you explain why I lost out?", "explain why I", BEGGING),
    ("I beg you, keep my file open.", "beg", BEGGING),
    ("I'm begging here.", "begging", BEGGING),
    ("I'll do anything.", "I'll do anything", BEGGING),
    ("I would do anything to work there.", "I would do anything", BEGGING),
    ("I'd do whatever it takes for this job.", "I'd do whatever it takes", BEGGING),
    ("I really need this job.", "I really need this job", BEGGING),
    ("What have I done wrong?", "What have I done wrong", BEGGING),
    ("Who got the job?", "Who got the job", BEGGING),
    ("I'd love to know the exact reasons.", "to know the exact reasons", BEGGING),
    ("I'm waiting on a written explanation.", "waiting on a written explanation", BEGGING),
    ("I'm entitled to feedback.", "I'm entitled to", BEGGING),
    ("Honestly it makes no sense.", "makes no sense", BEGGING),
    ("Could I have a second interview?", "a second interview", BEGGING),
    ("Please don't reject me.", "Please don't reject", BEGGING),
    ("I'm getting desperate.", "I'm getting desperate", BEGGING),
    ("I'd take a smaller salary.", "take a smaller salary", BEGGING),
    ("Thanks. Is there any flexibility at all?", "Is there any flexibility at all?", BEGGING),
]


@pytest.mark.parametrize(("text", "phrase", "category"), FLAGGED)
def test_each_phrase_is_flagged_with_its_category_and_a_reason(text, phrase, category):
    flags = check_tone(text)
    assert [flag.phrase for flag in flags] == [phrase]
    flag = flags[0]
    assert flag.category == category
    assert text[flag.start : flag.end] == phrase
    assert flag.reason.strip().endswith(".")


def test_every_rule_has_an_example():
    """A rule added without an example here fails, so no rule ships untested."""
    untested = [
        rule.pattern
        for rule in RULES
        if not any(
            match.group() == phrase
            for text, phrase, _ in FLAGGED
            for match in rule.regex.finditer(text)
        )
    ]
    assert untested == []


def test_a_flag_offers_a_kinder_sentence_that_passes_the_check_itself():
    [flag] = check_tone("Thanks for wasting my afternoon.")
    assert flag.kinder == "Thank you for letting me know."
    kinder = {rule.kinder for rule in RULES if rule.kinder}
    assert len(kinder) > 5
    assert [sentence for sentence in kinder if check_tone(sentence)] == []


def test_a_rule_may_have_no_kinder_sentence():
    """“Frankly” is best simply left out: there is no sentence to swap in."""
    [flag] = check_tone("Frankly, I'm relieved.")
    assert flag.kinder == ""


def test_a_long_message_is_checked_quickly():
    """No pattern backtracks badly: the longest message the check page accepts is fast."""
    text = ("why did the your you the a " * 400)[:10_000]
    started = time.perf_counter()
    check_tone(text)
    assert time.perf_counter() - started < 3


def test_rules_are_well_formed():
    for rule in RULES:
        assert rule.category in ToneCategory
        assert rule.reason and len(rule.reason) < 200
    assert ToneCategory.SNARK.label == "Snark or blame"
    assert ToneCategory.BEGGING.label == "Begging or demanding reasons"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("You’ll regret it.", "You’ll regret"),
        ("Why wasn’t I picked?", "Why wasn’t I"),
        ("It‘s your loss.", "It‘s your loss"),
        ("Youll regret it.", "Youll regret"),
        ("WHAT DID I DO WRONG", "WHAT DID I DO WRONG"),
        ("pLeAsE rEcOnSiDeR", "pLeAsE rEcOnSiDeR"),
        ("good  luck\nwith   that", "good  luck\nwith   that"),
        ("with all\tdue respect", "with all\tdue respect"),
    ],
)
def test_curly_apostrophes_case_and_whitespace_do_not_hide_a_phrase(text, phrase):
    assert [flag.phrase for flag in check_tone(text)] == [phrase]


def test_several_flags_come_in_reading_order_with_positions():
    text = "Frankly, this was a waste of my time. Why wasn't I chosen? Please reconsider."
    flags = check_tone(text)
    assert [(flag.phrase, flag.category) for flag in flags] == [
        ("Frankly", SNARK),
        ("a waste of my time", SNARK),
        ("Why wasn't I", BEGGING),
        ("Please reconsider", BEGGING),
    ]
    assert all(text[flag.start : flag.end] == flag.phrase for flag in flags)
    assert [flag.start for flag in flags] == sorted(flag.start for flag in flags)
    assert all(isinstance(flag, Flag) for flag in flags)


def test_a_question_that_reopens_the_decision_is_flagged_whole_unless_a_phrase_says_more():
    [flag] = check_tone("Thank you. Could my case study get a second look?")
    assert flag.phrase == "Could my case study get a second look?"
    assert flag.category == BEGGING
    [flag] = check_tone("Thank you. Why wasn't I chosen?")
    assert flag.phrase == "Why wasn't I"  # the phrase rule's reason is the more precise one
    assert check_tone("Has a decision been made yet? Could you keep me in mind?") == []


def test_overlapping_matches_are_reported_once():
    # "tell me why" and "why wasn't I" share the word "why".
    flags = check_tone("Tell me why wasn't I chosen.")
    assert [flag.phrase for flag in flags] == ["Tell me why"]


def test_a_word_that_contains_a_phrase_is_not_flagged():
    assert check_tone("Let me begin by saying thanks. Frankline was lovely.") == []


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_has_no_flags(text):
    assert check_tone(text) == []


CLEAN = [
    "Thank you for letting me know.",
    "I understand the decision.",
    "If you are ever able to share feedback, I'd welcome it, but no pressure at all.",
    "I'd love to stay on your radar.",
    "What did I enjoy most? Meeting the team.",
    "Good luck to the new hire.",
    "I wish the new hire every success.",
    "I was hoping to hear back this week.",
    "That is why I applied in the first place.",
    "It was the loss of a great colleague that opened the role.",
    "I'd do anything to learn SQL faster.",
    "I'll do whatever it takes to close that gap, starting with a course.",
    "Clearly you found a strong candidate.",
    "I understand why you went with someone more senior.",
    "With respect to timing, I can start in March.",
    "The recruiter led me on a tour of the office.",
    "Let me tell you why I applied.",
    "I hope this is not a waste of your time.",
    "Let me begin by thanking you.",
    "I'd welcome any thoughts on how I could grow into a role like this.",
    "Is there a good way to keep in touch?",
    "Could you keep me in mind for similar roles?",
    "I have been reconsidering how I present my portfolio.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_kind_wording_is_not_flagged(text):
    assert check_tone(text) == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("contact_name", ["Dana O'Brien", ""])
def test_every_draft_the_app_offers_passes_its_own_tone_check(kind, contact_name):
    draft = compose(
        kind, seeker_name="Sam Lee", contact_name=contact_name, company="Acme & Co", role="Analyst"
    )
    assert check_tone(draft.subject) == []
    assert check_tone(draft.body) == []
