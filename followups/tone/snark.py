"""Snark or blame: wounded pride, warnings, sarcasm, claims of an unfair process, insults, blame,
dismissal and backhanded wishes about the new hire."""

from .base import (
    _KEEP_IN_MIND,
    _THANKS_FOR_NEWS,
    _THANKS_FOR_TIME,
    _WISH_WELL,
    SNARK,
    Rule,
)

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

SNARK_RULES: tuple[Rule, ...] = (
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
)
