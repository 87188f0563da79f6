"""Begging or demanding reasons: asking why, asking them to reverse the decision, pleading and
bargaining, and (broadly) any question that reopens the decision."""

from .base import (
    _KEEP_IN_MIND,
    _OPTIONAL_FEEDBACK,
    _STILL_INTERESTED,
    BEGGING,
    Rule,
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

BEGGING_RULES: tuple[Rule, ...] = (
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
