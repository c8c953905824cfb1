"""Precise rules for the unambiguous cases. Each rule has a name that the audit trail shows.

The rules read folded text (see ``normalize.fold``). They look for intent and asks, not topics:
"what is suicidal ideation?" names a topic and matches no crisis rule; "I want to end my life"
does. The learned classifier (``classifier.py``) covers the wordings no rule foresaw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chatbot.dose import states_amount
from chatbot.policy import drugs, phrases
from chatbot.records import Kind

ME = r"(?:i|i'm|im|i am|i've|ive|i have|i'd|id|i'll|ill|me|myself|we)"
SOMEONE = (
    r"(?:i|he|she|they|we|my (?:\w+ )?(?:son|daughter|kid|child|baby|toddler|husband|wife|partner"
    r"|boyfriend|girlfriend|friend|mom|mother|dad|father|brother|sister|grandma|grandpa|"
    r"grandmother|grandfather|roommate|patient)|someone|somebody|the (?:patient|child|baby|pt)|"
    r"(?:my |this |our |the )?pt|(?:the |a )?caller)"
)
SELF = r"(?:my ?self|myself|me)"
DRUGS = drugs.pattern()
# a medicine or a treatment, as a search-box fragment names it ("antidepressants", "k"): the
# medicine lexicon and its generic words, plus the classes and treatments it does not list
_MEDS = rf"(my |the |his |her )?(\w+ )?({DRUGS}|ssris?|snris?|k|infusions?|therapy|treatment)"


@dataclass(frozen=True)
class Rule:
    name: str
    kind: Kind
    pattern: re.Pattern
    topic: str | None = None
    unless: re.Pattern | None = None  # the rule stands down when this matches too


def _r(
    name: str, kind: Kind, pattern: str, topic: str | None = None, unless: str | None = None
) -> Rule:
    return Rule(name, kind, re.compile(pattern), topic, re.compile(unless) if unless else None)


# "Why did Romeo and Juliet kill themselves", "why do people hurt themselves", "what are the
# signs that a teenager is hiding cuts": a question about other people's reasons or signs, with
# nobody in it speaking of themselves, is a general question.
ABOUT_OTHERS = (
    r"^(?=.*\b(why (did|do|does|would|might|could|have|has)|"
    r"what (are|is) (the |some )?(common |early |usual |warning )?(signs?|red flags)|"
    r"how (can|do|would|should) (you|people|parents|teachers|staff|nurses|schools) "
    r"(tell|know|spot|recogni[sz]e|notice)|how to (tell|spot|recogni[sz]e|notice)|"
    r"what does it mean when) )"
    r"(?!.*\b(i|i'm|im|me|my|myself|we|our|us)\b)"
)
# "My brother attempted suicide ten years ago", "she had a stroke two years ago", "my father
# took his own life in 2009": history, told while asking about care, not an emergency now. Only
# the rules that read an event (not an intent) stand down, and only with no sign of now.
HISTORY = (
    r"^(?=.*\b(((\d+|a few|few|several|many|two|three|four|five|six|seven|eight|nine|ten|twenty) )?"
    r"(years|yrs|decades) ago|(a|one) year ago|last year|in (19|20)\d\d|years back|"
    r"as a (kid|teen|teenager|child))\b)"
    r"(?!.*\b(right now|today|tonight|again|currently|this (week|morning|evening)|"
    r"just|lately|recently|want|wants|wanna|going to|gonna)\b)"
)

# Staff asking what to tell the people they care for ("I'm a nurse. What should I tell patients
# about side effects?"): information to pass on, not a decision about the asker's own care.
FOR_PATIENTS = (
    r"^(?=.*\b(tell|explain (\w+ ){0,3}to|advise|say to|reassure|remind|warn|answer) "
    r"(my |our |the |new )?(patients|clients|callers|families|visitors)\b)"
)
# "Why is ketamine given at a much lower dose for depression than for anesthesia?" asks for a
# reason, not a figure: every labelled "why ... dose" message is benign. A named amount in the
# same message is still refused (dosing.amount_in_question), and so is "why won't you ...".
WHY_DOSE = (
    r"^why (is|are|do|does|did|would|was|were) (?!(you|u|nobody|no one|no-one|it so hard)\b)"
    r"(?!.*\b(how (much|many)|what (is|are|'?s) the (\w+ )?(dose|amount)|exact)\b)"
)
# "Overdosed on Netflix": a binge, not a poisoning.
BINGED = (
    r"\b(overdos\w*|od'?d) on (netflix|tv|television|youtube|tiktok|social media|memes|"
    r"reality tv|true crime|podcasts|christmas movies|shopping|sunshine|chocolate|candy|sweets|cake)\b"
)

# "thanks, bye", "Good afternoon.", "Thank you for your time.", "Hello, I'm a patient's spouse.":
# courtesy, neither a question nor a disclosure. The learners had read "goodbye" and "Thank you
# for your time." as crisis (0.99, 0.93), from the farewells among the crisis examples. A
# farewell that says more ("thanks for everything", "goodbye forever", "this is my last
# message") is not courtesy here and stays with the rules and learners.
_GREET = (
    r"hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening|day)|"
    r"dear (sir|madam|sir or madam|sir/madam|team|staff|all|doctor|nurse|clinic)"
)
_THANKS = (
    r"((many|big|huge) )?(thanks|thank you|thank u|thanx|thx|ty|cheers)"
    r"( (so|very) much| a lot| a bunch| again| kindly| in advance)?"
    r"( for (your|the|all your|all the) (time|help|answers?|info|information|replies|reply|"
    r"patience|assistance|explanation|quick (reply|response)|response))?|"
    r"(i|we) (really )?appreciate (it|that|this|your (help|time|answers?|reply))|much appreciated"
)
_BYE = (
    r"bye|bye bye|goodbye|good bye|see (you|ya)( (later|soon|next (time|week)|then|tomorrow))?|"
    r"take care|have a (nice|good|great|lovely|wonderful) (day|one|evening|night|weekend|afternoon|"
    r"morning)|good ?night|talk (to you )?(later|soon)|until next time"
)
_ACK = (
    r"ok|okay|alright|all right|got it|great|perfect|cool|nice|sounds good|understood|i see|"
    r"noted|good to know|very helpful|that helps|that helped|that'?s (helpful|great|good|perfect|"
    r"all)( for now)?|that was (helpful|useful)|no (more |other )?questions|nothing else"
)
_WHO = (
    r"my name is [a-z]+( [a-z]+)?|my name'?s [a-z]+|"
    r"(i'?m|i am|im) (a |an |the )?(new |current |former |prospective )?(patient|nurse|caregiver|"
    r"parent|student|doctor|staff member|family member|patient'?s (spouse|wife|husband|partner|"
    r"mother|father|mom|dad|son|daughter|parent|friend|caregiver|sister|brother))( here)?"
)
COURTESY = (
    rf"^\W*(({_GREET}|{_THANKS}|{_BYE}|{_ACK}|{_WHO})( there| again| doc| team)?"
    r"\W*)+$"
)
SHORT_REPLY_MAX_CHARS = 120  # longer than that, a message says something else too

# "How much is an infusion?", "how much are the sessions here": a price, not an amount. A
# service is named right after the verb; "how much ketamine is in one infusion" is an amount.
SERVICE = (
    r"(infusion|session|treatment|visit|appointment|appt|consult|consultation|course|series|"
    r"package|program)s?"
)
PRICE_TAIL = (
    r" (is|are|'s|would|will|does|do)( it| they)?( be| cost| run)? (a |an |one |each |the |my "
    rf"|your |per |for (a |an |one )?)?((ketamine|esketamine|spravato|iv|nasal) )?{SERVICE}\b"
)
PRICE_ASKED = rf"\bhow much{PRICE_TAIL}"

# A plea for help and nothing else ("help", "please help me", "I need help now"): no harm is
# named, so it is not decided as a crisis, but its reply opens with the safety check-in whatever
# the learners read (screen.py). "help me understand the side effects" asks something.
PLEA = (
    r"^\W*(please |pls |plz |someone |somebody |can (someone|somebody|anyone|you) )?"
    r"(help|help me|i need help|i need (some|real) help|i need someone|get help|send help)"
    r"( now| right now| please| asap| quick| fast| here| me)*\W*$"
)

# A patient's visit logistics at the kiosk, said in one short sentence: "my son is driving me
# home today", "is my husband still in the waiting room", "I'd like to leave now". Both
# learners read such statements as crisis (margins up to +1.5: tests/eval/kiosk_everyday.jsonl)
# and training examples of the kind cost crisis recall elsewhere, so these narrow forms are
# recognised as logistics instead. Real emergencies use the same places ("on the bathroom floor
# and won't wake up"), so the forms are whole-message templates, and any word of harm, danger,
# finality or the body keeps the message with the rules and learners.
_WHO_DRIVES = (
    r"(my (\w+ )?(son|daughter|husband|wife|partner|boyfriend|girlfriend|mom|mum|mother|dad|"
    r"father|brother|sister|friend|neighbou?r|aunt|uncle|cousin|roommate|carer|caregiver|driver)|"
    r"a friend|someone|somebody|my (uber|lyft|taxi|cab|ride))"
)
# What a patient may want to use during a session: "can I use my phone during the infusion" asks
# about the visit, not a care decision.
COMFORT = (
    r"phone|cell ?phone|mobile|headphones|earbuds|earphones|laptop|tablet|ipad|kindle|books?|"
    r"bathroom|restroom|toilet|blankets?|pillows?|wifi|wi-fi|charger|music|tv|(eye|sleep) ?mask|"
    r"notes|photos?|pictures?|camera"
)

VISIT = (
    r"^\W*("
    rf"{_WHO_DRIVES} (is|will be|'s|is going to be|will|can|is coming to|'ll be) "
    r"(\w+ )?(driving|drive|picking|pick|taking|take|collecting|collect|getting|get|"
    r"taking care of|take care of|looking after|look after|staying with|stay with|here for|"
    r"waiting (for|outside for)) me( up| home| back| after| later| today| tonight| at \d+\w*)*|"
    r"(is|are) my (\w+ )?(son|daughter|husband|wife|partner|mom|mother|dad|father|brother|sister|"
    r"friend|ride|driver) (still )?(here|outside|in the (waiting room|lobby|car|parking lot))|"
    rf"can (someone|somebody|you|the front desk|staff) (call|text|ring) {_WHO_DRIVES} "
    r"(to (pick me up|come get me|come and get me|come in))?|"
    r"(when|what time) (can|do|will|should) i (leave|go home|head home|check out|get to leave)|"
    r"(can|may) i (leave|go home|head home|check out)( now| yet| soon)?|"
    r"i'?d (like|love) to (leave|go home|head home|check out)( now| soon| please)?|"
    r"i can'?t wait to (go|get) home|"
    r"who (do|should) i (talk|speak) to about (my |the )?(next )?(appointment|booking|visit|"
    r"session|bill|parking)|"
    r"is there (somewhere|a place|a room|anywhere) (i|we) can (lie down|rest|sit|wait|charge \w+)|"
    r"(can|may|could) i (use|bring|have|keep|wear|listen to|watch|charge|take) (my |a |the |some |"
    rf"an )?(own )?({COMFORT})( with me| in here| in there)?( (during|in|for|while|at|before|after) "
    r"(the |my )?(infusion|session|treatment|appointment|visit|room|procedure))?"
    r")( (today|please|now|thanks|thank you))?"
    r"(\W+(is that|is this|that'?s|would that be) (ok|okay|alright|all right|fine|allowed))?\W*$"
)
VISIT_ALARM = (
    r"\b(hurt|harm|kill|die|dead|death|suicid\w*|blood|bleed\w*|floor|wake|breath\w*|chest|"
    r"blade|razor|gun|knife|pills?|overdos\w*|forever|last|never|anymore|goodbye|bye|sorry|"
    r"note|letter|end|gone|miss|scared|afraid|help|emergency|911|988|police|hospital)\b"
)

# How a waiting patient feels, said in one short sentence: "I'm a bit anxious about today",
# "feeling good, just waiting", "I'm afraid of needles". The learners read these as crisis (0.8
# to 0.98: their crisis examples are first-person statements, their benign ones mostly
# questions) and training examples of the kind cost crisis recall elsewhere. So a closed
# vocabulary instead of a template: a statement whose every word is an ordinary feeling or state,
# or one of the plain words around it, and at least one feeling. Any other word (despair, harm,
# finality, a negation, a symptom, a person) leaves the message to the rules and learners, and so
# do the few phrases of safe words that mean more ("tired of this", "at peace", "for good"); and
# "did", "time", "all" and "out" are left out ("feeling calm, I did it", "it was time"). The
# reply (messages.toml) still gives the crisis line and asks the patient to tell a member of staff.
FEELINGS = frozenset(
    """nervous anxious worried scared afraid frightened jittery jumpy uneasy apprehensive tense
    stressed excited calm calmer relaxed relieved better good great fine alright happy hopeful
    grateful thankful bored cold chilly freezing warm sleepy drowsy tired hungry thirsty impatient
    emotional restless fidgety shy embarrassed curious lighter floaty""".split()  # noqa: SIM905
)
FEELING_WORDS = FEELINGS | frozenset(
    """i i'm im i've ive i'd am is it it's its this that feel feeling feels felt getting get got
    starting start to be been so very really quite pretty super kind kinda of sort bit little tad
    somewhat slightly extremely much lot even also still just honestly and but yet a an in
    here the now right today morning afternoon at moment again already after before during
    about for than first once session infusion treatment appointment visit procedure needle
    needles iv drip injection spray nurse doctor waiting wait room lobby chair lol haha thanks
    thank you ok okay um well oh was my""".split()  # noqa: SIM905
)
FEELING_MAX_WORDS = 14
FEELING_MEANS_MORE = r"\b(tired of|sick of|had enough|at peace|for good|all done|all over)\b"

# What a patient expects to feel, asked in the first person: "will it hurt?", "am I going to see
# things?", "will i be sleepy after the infusion". The articles answer these for patients in
# general, but the learners read them as crisis (0.4 to 0.93: short first-person questions sit
# next to "does it hurt to die?") or as a personal decision (0.6 to 1.0). Training examples of
# the kind (175, kiosk voice) fixed some; every subset with the 110 questions to answer cost
# the holdouts 3 to 6 crisis decisions and 5 unsafe answers (the 65 contrasts alone fixed none
# and cost one crisis), so a closed vocabulary again, as for FEELINGS: a question opening with one of
# EXPECT_OPENERS, every word from EXPECT_WORDS, at least one of EXPECTED. Any other word (a
# medicine, a condition, "if", "everything", "all", "blood", "die") leaves it to the rules and
# learners, and so does the turn after a crisis. The decision is only "answer": the near-crisis
# check-in still applies (screen.py), and retrieval still says when the articles don't cover it.
EXPECT_OPENERS = r"^(will|would|could|can|does|do|is|am|are|might|may)\b"
EXPECTED = frozenset(
    """hurt hurts painful sting stings awake asleep sleepy drowsy groggy foggy dizzy woozy
    lightheaded wobbly unsteady nauseous nausea queasy sick throw vomit puke weird strange odd
    funny different floaty floating spacey spaced dreamy dreaming dreamlike trippy high
    disconnected dissociate dissociating dissociation hallucinate hallucinating hallucinations
    see hear remember conscious aware relaxed calm sedated feel heart race racing pounding""".split()  # noqa: SIM905
)
EXPECT_WORDS = EXPECTED | frozenset(
    """will would could can does do is am are might may i i'm im i'll it it's its you your ur
    people patients most be being get getting go going gonna feel feeling make me my like a an
    the this that any of or and to up out normal common usual typical kind kinda sort bit little
    lot really very pretty too still much things stuff during after afterwards afterward before
    while in there session infusion treatment drip iv needle spray procedure ketamine medicine
    first time day rest evening night tomorrow anything on feet""".split()  # noqa: SIM905
)
EXPECT_MAX_WORDS = 14
# ... and it asks what to expect: the future, what is usual, or the treatment itself ("am I
# sick?" asks for a diagnosis; "will I be sick during the infusion?" does not).
EXPECT_MARKER = (
    r"\b(will|i'll|it'll|you'll|gonna|going to|would|might|could|normal|common|usual|typical|"
    r"people|patients|during|after|afterwards|afterward|before|while|session|infusion|treatment|"
    r"drip|iv|needle|spray|procedure|ketamine)\b"
)

# What a threat's verb can take that is not a person: "kill time", "shoot the video", "strangle my
# printer". One list for every rule that reads a threat against someone.
THINGS = (
    r"photo|picture|video|film|movie|scene|portrait|hoops?|basket|pool|breeze|clay|skeet|process|"
    r"task|app|program|deal|time|game|weeds?|bugs?|plants?|flies|lights?|engine|music|competition|"
    r"test|exam|interview|printer|computer|laptop|phone|pc|tv|wifi|router|keyboard|mouse|alarm|"
    r"car|truck|bike|homework|taxes|inbox|email|paperwork|diet|workout|playlist|presentation|lawn|"
    r"garden|hair|headache|hangover|schedule|battery|charger|microwave|toaster|coffee ?maker|"
    r"vacuum|fax|scanner|website|machines?|kiosk|meter|forms?|clipboard|pen|screen|tablet|door|"
    r"elevator|lift|garage|traffic|autocorrect"
)
# A thing, after at most one describing word ("the parking machine"), unless a person follows
# it ("the printer guy", "the parking attendant"): for a lookahead after "kill the ...".
PEOPLE = (
    r"(guy|guys|man|men|woman|women|lady|person|people|kid|kids|girl|boy|tech|staff|worker|"
    r"workers|owner|attendant|clerk|dude)"
)
A_THING = rf"(\w+ )?({THINGS})\b(?! {PEOPLE}\b)"

# Everyday hyperbole: "I'd kill for a nap", "my feet are killing me", "I'm dying to know how long
# this takes", "I could strangle the parking machine", "what happens when I'm done today". The
# learners read the word of harm or finality and call these crisis (0.76 to 0.89), and a patient
# at the kiosk gets the emergency screen for a joke about a chair. Each form is closed: the thing
# killed, wanted or "done" comes from a short list, so "I'd kill for it all to stop" or "dying to
# be gone" is not one. A figure only ever lowers the learners' crisis reading to the safety
# check-in (the reply opens with the emergency number and the crisis line); no rule is overruled.
_NUISANCE = (
    r"back|feet|foot|knees?|legs?|hips?|neck|shoulders?|eyes|ears|shoes|boots|chairs?|seats?|"
    r"wait|waiting|line|queue|traffic|heat|cold|noise|music|suspense|boredom|commute|drive|"
    r"forms?|paperwork|hold music|this (wait|chair|seat|line|queue|heat|music|noise|place)|"
    r"these (chairs|seats|shoes|forms)"
)
_WANTED = (
    r"a|an|some|one|another|my|the|(a |an |some )?(nap|coffee|tea|snack|sandwich|burger|pizza|"
    r"donut|doughnut|drink of water|glass of water|bed|sleep|shower|break|day off|vacation|holiday|"
    r"seat|chair|blanket|pillow|parking (spot|space))"
)
# Set phrases of everyday English whose words are violent or final but whose meaning is not:
# "stabbed in the back by the vending machine", "my blood is boiling", "it's curtains for my
# diet", "I'm toast if my boss finds out". Written from the idioms themselves, each in a form
# that cannot be read in earnest: a death idiom only while waiting to be called or served ("I'll
# be six feet under before they call my name", never "dead by the time you see this"), "hang in
# there" only said to others, "armed to the teeth" only with snacks or the like, "having a fit"
# only "about" or "over" something (a fit at the clinic may be a seizure). Left out because they
# are said in earnest too: "dead serious", "the death of me", "at the end of my rope", "the last
# straw", "I'm shattered", "going out with a bang", "bite the bullet", "dead meat", "cut it out",
# and "a killer headache" (a sudden worst headache is an emergency).
_PLANS = (
    rf"diet|lunch|lunch plans|plans?|weekend|budget|wallet|bank account|savings|sleep|evening|"
    rf"afternoon|morning|day|week|holiday|vacation|shoes|voice|nails|{THINGS}"
)
_WAITED = (
    r"(before|by the time) (they|the|my|we|someone|somebody|this|that|it|i get|i'?m|im) "
    r"(\w+ ){0,3}(calls?|called|rings?|answers?|fix(es)?|opens?|served)\b"
)
IDIOMS = (
    rf"\b(six feet under|pushing up daisies|snuff it|kick the bucket|croak|be dead and buried|"
    rf"be a skeleton) {_WAITED}|"
    r"\bdead (man|woman|men) walking (when|if|once)\b|"
    rf"\b(it'?s|its|that'?s|thats) (curtains|rip|game over) for (my|the|our) ({_PLANS})\b|"
    rf"\b(rip|r\.i\.p\.?|rest in peace) (to )?(my|the|our) (\w+ )?({_PLANS})\b|"
    r"\b(a|the|his|her|their|your|my) death (stare|glare)s?\b|"
    r"\b(i'?m|im|i am|we'?re|we are|you'?re|you are) (so |totally |absolutely )?"
    r"(toast|done for|doomed|screwed)\b(?= (if|when|unless|once))|"
    r"\bdrop[- ]dead (gorgeous|beautiful|funny|handsome)\b|"
    r"\blights out (for (me|us) )?(by|at|around|before) (\d|nine|ten|eleven|midnight)|"
    r"\blights (are|were|was) on but (nobody|no one|no-one)('?s| is| was)? home\b|"
    r"\b(stab|stabbed|stabbing) in the back\b|\bkill(ing|ed|s)? two birds\b|"
    r"\bcut the (tension|atmosphere) with a knife\b|\barmed to the teeth with (\w+ )?(snacks|food|"
    r"questions|books|paperwork|forms|coffee|knitting|magazines|games|toys|entertainment)\b|"
    r"\bin the (firing|line of) (line|fire)\b|\b(drop|dropped|dropping|drops) (a|the|this|that) "
    r"bombshell\b|\b(my|the|this|that) (bladder|stomach|tummy|car|printer|inbox|schedule|deadline|"
    r"roof|boiler|phone|laptop|battery|knee|back) (is|was|'s|feels like) (a|an absolute|like a) "
    r"ticking time ?bomb\b|\bshot in the dark\b|"
    r"\bshoot (me|you|him|her|us|them) (a|an) (quick )?(text|email|message|line|note|dm|call)\b|"
    r"\bjump(ed|ing|s)? (the gun|the queue|the line|through hoops|at the chance|in the shower)\b|"
    r"\bbreak a leg\b|\bblow(ing)? off steam\b|\b(blew|blow|blown) my mind\b|"
    r"\b(you'?re|you are|she'?s|he'?s|they'?re|we'?re|i'?m|im) (totally |absolutely |so )?"
    r"killing it\b|\bkiller (traffic|workout|deal|view|heels|queue)\b|"
    r"\b(makes? my|my) blood (is |was )?boil(ing|s)?\b|\b(tear|tearing|pull|pulling) my hair out\b|"
    r"\blike (bang|banging|hitting) my head (against|on) (a|the) (brick )?wall\b|"
    r"\blosing my mind (trying|with|over|waiting|looking)\b|"
    r"\b(bawled|cried|crying|bawling|sobbed|sobbing) my eyes out (at|over|watching|during|when)\b|"
    r"\bedge of (my|our|your) seats?\b|"
    r"\b(i'?m|im|i am) (absolutely |so |totally |completely )?(knackered|pooped|zonked)\b|"
    r"\b(nearly|almost) (broke|broken|break|snapped) my (neck|leg|ankle|back|arm|wrist)\b|"
    r"\b(feet|legs|back|knees?|muscles|hands|eyes|throat|mouth|tongue|skin) (are|is|were|was) on "
    r"fire\b|"
    r"\b(pass out|faint|keel over|starve|die) if (i|we) (don'?t|do not|dont) (eat|get (some |a )?"
    r"(food|coffee|lunch|snack|caffeine)|have (some |a )?(food|coffee|lunch|breakfast|snack))\b|"
    r"\bhigh as a kite\b|\b(\w+ )?(diet|plans?|weekend|budget|savings) (went|go|goes|has gone|"
    r"have gone) up in (flames|smoke)\b|"
    r"\bhaving (a|an absolute|a right|a hissy) (fit|meltdown|cow|kitten|conniption|strop) "
    r"(about|over)\b|"
    r"\b(hungry|starving) i could eat a horse\b|"
    r"\b(i'?m|im|i am) (literally |absolutely |so )?starving\b(?! (my ?self|myself))|"
    r"\b(cost|costs|costing|charge|charged|charging) (me |us )?an arm and a leg\b|"
    r"\bscared the (life|living daylights|hell|crap|shit|daylights) out of me\b|"
    r"\b(nearly|almost) (had|gave me|giving me) a heart attack (when|seeing|at|over)\b|"
    r"\b(could|i'?d|would) murder (a|an|some) (curry|pint|coffee|burger|pizza|kebab|drink|"
    r"sandwich|nap|snack)\b|"
    rf"\b(my|the|your) (\w+ )?({THINGS}|battery|phone) (is |'s |just |has |was )?(dead|died|dying|"
    r"gave up|kicked the bucket)\b|"
    r"\b(i'?m|im|i am) (so |literally )?(dead|dying) (of|from) (boredom|cringe|embarrassment|"
    r"hunger|thirst|heat|the heat|jealousy)\b|\bbored out of my (mind|skull|tree|brain)\b|"
    r"\bhang in there,? (guys|everyone|everybody|all|folks|team|y'?all|mate|buddy)\b|"
    r"\bdrowning in (\w+ ){0,2}(work|paperwork|emails?|prior auths?|laundry|homework|forms|admin|"
    r"meetings|calls|messages|notifications|deadlines|requests|referrals|charts|notes)\b"
    r"(\W+(\w+ ){0,3}(pls |please )?send (help|coffee|snacks|chocolate))?|"
    rf"\b(i'?m|im|i am) (so |sooo |totally )?done with (this|the|today'?s) (week|day|month|heat|rain|"
    rf"weather|queue|line|wait|{THINGS})\b"
)
FIGURES = (
    rf"\b(i'?d|i would|i could|id|could|would) (\w+ )?kill for ({_WANTED})\b|"
    r"\b(i'?m|im|i am|been|i'?ve been) (\w+ )?dying (to (know|see|try|hear|find out|meet|ask|tell|"
    r"watch|read|eat|go home|get home|get (out|started|going|it over with))|for (a|an|some) "
    r"(coffee|tea|snack|nap|sandwich|burger|pizza|drink of water|glass of water|break|shower|"
    r"seat|sit))\b|"
    rf"\b(my|the|these|those|this|that)? ?({_NUISANCE}) (is|are|'s|has been|have been|keeps?|"
    r"(is|are) (really|honestly|literally|absolutely|just|seriously) ?) ?killing me\b|"
    rf"\b(could|gonna|going to|about to|ready to|want to|wants to|wanna|'ll|will) (strangle|throttle|kill|murder|punch|smash) (the|this|that|these|those|"
    rf"my|your) {A_THING}|"
    r"\b(died|dying|die|dead) (laughing|of laughter|of embarrassment)\b|"
    r"\b(bored|scared|worried|frightened|freezing) to death\b|\bdead (tired|on my feet)\b|"
    r"\b(bored|hungry|thirsty|embarrassed|cold) (that )?i could (die|scream|cry)\b|"
    r"\b(when|after|once|by the time|before) (i'?m|im|i am|we'?re|we are) (all )?done "
    r"(today|here|for (the day|today)|with (my|the|this|today'?s) (infusion|session|treatment|"
    r"appointment|visit|forms?|paperwork|questionnaire|check-?in|drip|iv))\b|"
    r"\b(i'?m|im|i am) (literally |actually |so |lowkey )?(dead|deceased|ded)\b"
    r"(?=\W*(lol|lmao|lmfao|haha\w*|hehe\w*|😂|🤣|💀|😭|☠))|"
    r"\b(gonna|going to|about to|will|could|i'?ll) (explode|burst|pop)\b(?= if (i|we) (eat|drink|"
    r"have)| from (all )?(the|this|that) (water|coffee|food|tea|soda|lunch|breakfast))|"
    r"\b(i'?m|im|i am) (such an?|a (total|complete|real)|an absolute) (idiot|moron|dummy|klutz|"
    r"airhead|dope|doofus|dingbat|goof|scatterbrain|dork|space ?cadet)\b|"
    r"\b(i|we) did it\W+(i |we )?(passed|graduated|got (the|my|a) (job|license|licence|degree|"
    r"promotion|place|offer)|finished (the|my) (race|marathon|exam|course|degree|thesis))\b|"
    + IDIOMS
)

# A figure explains only itself: outside it, the message must hold no word of harm, danger or
# finality ("When I'm done here today, I'm done for good. The note's already written.").
FIGURE_ALARM = (
    rf"{VISIT_ALARM}|{FEELING_MEANS_MORE}|\b(kill\w*|dying|died|murder\w*|shoot\w*|stab\w*|"
    r"strangl\w*|chok\w*|weapon|rifle|revolver|pistol|shotgun|firearm|ammo|bullets?|knife|knives|"
    r"poison\w*|jump\w*|bridge|rope|done|over|ending|ended|tonight|"
    r"plan|pain|can'?t|cannot|won'?t|nobody|no one|alone|worthless|burden|hopeless|pointless)\b"
)

C, D, P = Kind.CRISIS, Kind.REFUSE_DOSING, Kind.REFUSE_PERSONAL

# fmt: off  (one rule a line: a rule table reads best as a table)
RULES: tuple[Rule, ...] = (
    # --- crisis: danger to self ----------------------------------------------------------
    _r(
        "crisis.kill_self",
        C,
        r"\b(kill|killing|kills|hang|hanging|hangs|shoot|shooting|shoots|drown|drowning|off|hurt|hurting|hurts|harm|harming|harms|cut|cutting|cuts|burn|burning|burns|poison|poisoning|suffocate|suffocating|strangle|strangling|punish|punishing|hit|hitting|beat|beating|scratch|scratching|starve|starving|starves) ?(my ?self|myself|mysef|meself|him ?self|herself|themselves|themself|yourself)\b",
        unless=ABOUT_OTHERS,
    ),
    _r(
        "crisis.end_life",
        C,
        r"\b(end|ending|take|taking|took) (my|his|her|their|our) (own )?li(fe|ves)\b",
        unless=HISTORY,
    ),
    _r(
        "crisis.suicidal_self",
        C,
        rf"\b{ME} (\w+ ){{0,3}}(suicidal|suicide)\b|\b(commit|committing|attempt|attempted|attempting|planning|plan) (suicide|sucide|suicde)\b|\bsuicide (plan|note|letter|method)s?\b|\bfeel(ing)? suicidal\b|\bsuicidal (right now|rn|now|tonight|today|again|atm)\b",
        unless=HISTORY,
    ),
    _r(
        "crisis.want_die",
        C,
        rf"\b{ME} (\w+ ){{0,3}}(want|wanna|wish|going|gonna|plan|planning|ready|trying|tried|deserve|need|hope) (to |i could |i was |i were )?(die|dead|be dead|not (be )?(alive|here|exist|wake up)|disappear forever|stop existing|not exist)\b",
    ),
    _r(
        "crisis.wish_dead",
        C,
        r"\b(wish|want) (i was|i were|to be|i could be) (dead|gone|never born)\b|\bbetter off (dead|without me|if i (was|were) (dead|gone))\b",
    ),
    _r(
        "crisis.passive",
        C,
        rf"\b{ME} (\w+ ){{0,3}}(hope|wish|pray)( that)? i (just )?(don'?t|do not|never|won'?t|wont) wake( up)?\b|\bdisap+ea?r (permanently|permanantly|permenantly|permanetly|forever|for good|and never come back)\b|\b(fall asleep|go to sleep|sleep) and (just )?never (come back|wake( up)?)\b|\b(go to sleep|fall asleep) (for good|forever)\b|\b(nobody|no-one|noone) would (even )?(miss|notice|care)\b|\b(done|finished|through) (with )?(trying to )?(stay|staying|keep|keeping) (my ?self |myself )?alive\b|\b(tired|sick|exhausted) of (existing|being alive|living|being here|breathing)\b|\b(to|just|could|would) (just )?not exist( anymore| any more)?\b|\b(stop|ceas(e|ing)) (existing|to exist)\b|\b(i'?ve|i have|ive) had enough of (everything|life|living|it all|this life|being alive)\b|\b(if|when) (my |the |a )?(plane|car|bus|train|flight) (went down|crashed|crashes|goes down|hit me)\b.{{0,40}}\b(relieved|wouldn'?t mind|fine with (it|that)|ok with (it|that)|okay with (it|that)|glad)\b|\bwouldn'?t (mind|care) if i (died|didn'?t wake up|never woke up|got hit|was gone|were gone)\b|\b(i'?m|i am|im|i feel like|i feel|feel like|feeling like) (such |just |only )?a burden (to|on|for) (everyone|everybody|my \w+|them|you|people|the world)\b|\b(she|he|they) (keeps? saying|says|said) (she'?s|he'?s|they'?re|she is|he is|they are) a burden\b|\b(what'?s|whats|what is) the point (of|in) (me|my life|living|being alive|going on|it all)\b|\b(i'?d|i would|id) (\w+ ){{0,2}}rather (just )?(be dead|die|not be here|not exist|not wake up)\b|\b(i'?m|i am|im) (just )?(so )?(done|finished|through) (fighting|trying|with (life|living|it all|everything))\b|\b(tired of|sick of|can'?t keep) fighting (to live|to stay alive|this|it|anymore)\b|\bgive me one (good )?reason\b(?! (why|to (buy|choose|use|try|pick|get|switch|book|come|start|pay)))|\b(i'?m|i am|im) (standing|sitting|up|out) on (the |a |my )?(ledge|edge|roof|rooftop|railing|bridge|tracks|train tracks|overpass|balcony railing)\b|\b(want|wanna|need|ready|long|going|gonna) to (be with|join|hold) (my (late )?\w+|\w+) again\b(?! (in|at|on|for|after|before|today|tomorrow|next|when)\b).{{0,80}}\b((know|knows|figured out|found|have) (how|a way|the way) to (get there|do it|be with|join|reach)|won'?t be long now)\b",
    ),
    _r(
        "crisis.vehicle",
        C,
        r"\b(steer|steering|swerve|swerving|drive|driving|crash|crashing|ram|ramming) (my car |the car |it )?(straight )?(into|off|in front of) (a |the |an |oncoming )?(river|wall|tree|bridge|traffic|lake|cliff|truck|lorry|pole|ocean|sea|train|barrier|overpass|highway|road|ravine|pier|edge)\b.{0,40}\b(on purpose|deliberately|intentionally)\b|\b(on purpose|deliberately|how easy it would be|thinking (about|of)|think about|thought about|want to|wanna|urge to|tempted to|going to|gonna|picturing|imagining|fantasi[sz]ing about|daydreaming about)\b.{0,40}\b(steer|steering|swerve|swerving|drive|driving|crash|crashing) (\w+ ){0,2}(into|off|in front of) (a |the |an |oncoming )?(river|wall|tree|bridge|traffic|lake|cliff|truck|lorry|pole|ocean|sea|train|barrier|overpass|highway|road|ravine|pier|edge)\b|\b(walk|walking|step|stepping|jump|jumping) (out )?(into|in front of) (traffic|a (bus|train|truck|car))\b",
    ),
    _r(
        "crisis.no_point",
        C,
        r"\b(no|dont see the|don't see the|see no|lost all) (reason|point|will) (to|in|of) (live|living|life|go on|going on|keep going|wake up)\b|\bcan'?t (go on|do this anymore|take (it|this) anymore|keep living)\b|\bdon'?t want to (live|be alive|exist|wake up|be here)\b|\b(is )?my life (even |still |really )?worth (living|it)\b|\blife (even |still )?worth living anymore\b|\b(any|no|one) (good )?reason (left )?to (keep goin[g']?|go on|carry on|stay alive|keep living|live)\b",
    ),
    _r(  # the words of safety planning: "I don't feel safe", "I can't keep myself safe"
        "crisis.not_safe",
        C,
        r"\b(i'?m|im|i am|i feel|i'?m feeling|im feeling|i am feeling|feeling) (really |very |so |just |still )?(not |un)safe\b(?! (to|for|with (the|this|that|it|ketamine|esketamine|spravato|an?|my (car|meds))|driving|taking|using|doing|getting|going|leaving|having|around (needles|dogs|cats|crowds))\b)|\b(i )?(don'?t|do not|dont|no longer|never) feel safe\b(?! (to|for|taking|driving|using|doing|getting|going|leaving|having|with (the|this|that|it|ketamine|esketamine|spravato|an?)|(at|in) (the|this|your) (clinic|office|infusion)|around (needles|dogs|cats|crowds))\b)|\b(can'?t|cannot|can not|not sure (if )?i can|don'?t (think|know if) i can|unable to) (keep|stay|be) (myself |my ?self )?safe\b|\b(i'?m|im|i am|i feel like i'?m|i might be) (a )?danger to (myself|my ?self|others|other people|someone|my (kids|children|family|wife|husband|partner|baby))\b",
    ),
    _r(
        "crisis.goodbye",
        C,
        r"\b(goodbye|good bye|farewell|suicide) (letter|note|message)s?\b|\bgiving away (all )?my (stuff|things|belongings)\b|\b(text|texting|write|writing|send|sending|leave|leaving|record|recording) (\w+ ){0,3}(a |my )?(final |last )?(goodbye|good bye|goodbyes)\b(?! (to|from) (the|this|my old) (clinic|job|office|house|apartment|team|class|school)\b)|\bsay(ing)? (my )?(final|last) goodbyes?\b|\b(goodbye|good bye|farewell) to (everyone|everybody|the world|all of you|this world)\b|\b(wrote|written|writing) (goodbye |final |last )?letters (to|for) (everyone|everybody|all of them|each of (them|my \w+)|my (family|kids|children|parents|loved ones|wife|husband|partner|sister|brother|mum|mom|dad|son|daughter))\b",
    ),
    _r(
        "crisis.method",
        C,
        r"\b(easiest|easy|painless|quickest|quick|fastest|best|surest|simplest|least painful|most effective|sure) (way|ways|method|methods|means) (to|of) (die|dying|kill (my ?self|yourself|oneself)|end (it|my life|your life|things)|commit suicide|suicide|overdose|od)\b|\bhow (do|can|could|would|should) (i|you|one|someone) (kill|off|hang|end) (my|your|them|him|her)?(self|selves|life)\b",
    ),
    _r(
        "crisis.lethal_self",
        C,
        r"\b(how (much|many)|what amount|which) .{0,40}\b(to|would|will|could|so( that)?( i| you| he| she| they)?) (die|kill (me|myself|my ?self|someone|him|her|them)|end (it|my life)|be (lethal|fatal|deadly) (for|to) me|(not|never|don'?t|won'?t|wont|dont) wake( back)? up|sleep forever|stop breathing)\b",
    ),
    _r(
        "crisis.lethal_amount",
        C,
        r"\b(what|whats|what's|how|which|tell me|is there)\b[^.?!]{0,30}\b(lethal|fatal|deadly|killing)\b[^.?!]{0,25}\b(dose|doses|dosage|amount|quantity|mg|milligrams?|mcg|grams?|number|pills?|tablets?|level)\b|^(a |the )?(lethal|fatal|deadly) (dose|doses|dosage|amount|quantity)\b|\b(how (much|many)|what amount|what quantity|what number) (\w+ ){0,5}(is|are|would be|will be|could be|to be|becomes?) (lethal|fatal|deadly)\b|\bhow (much|many) (\w+ ){0,5}(would|will|could|does it take to|would it take to|it takes to|to) kill (a person|someone|somebody|a human|an adult|a man|a woman|you|a kid|a child)\b|\b(amount|quantity|number|dose) (of )?(\w+ ){0,4}(that |which )?(would|will|could|might|is|are)( be)? (lethal|fatal|deadly|enough to kill)\b|\b(lethal|deadly|fatal)\b.{0,40}\bif (i|you|someone|one|he|she) (took|take|swallowed|swallow|had) (them |it |those |these )?(all|everything|at once)\b|\bhow (much|many) (\w+ ){0,5}kills (a person|someone|somebody|a human|an adult|you|people)\b|\b(deadliest|most lethal|most deadly|most toxic|most dangerous)\b.{0,40}\b(smallest|least|tiniest|lowest) (amount|dose|quantity|number)\b",
    ),
    _r(
        "crisis.self_harm",
        C,
        rf"\brelaps(e|ed|ing) (on |into |with )?(cutting|self[- ]?harm(ing)?|burning myself)\b|\b{ME} (\w+ ){{0,3}}(self[- ]?harm(ing)?|cut(ting)? (myself|my ?self)|relaps\w+ (on|into) (self[- ]?harm|cutting))\b|\bself[- ]?harm(ing)? again\b|\b(cut|cutting|burn|burning) (my ?self |myself )?again\b|\b(blade|blades|razor|razors)\b.{{0,40}}\bcut (my ?self|myself|deep|deeper)\b|(?<!like )\b(bang|banging|bash|bashing|hit|hitting|slam|slamming) my head (on|against|into)\b(?! (a|the) brick wall)|\bpunch(ing)? (walls|the wall|a wall) (until|till|so hard)\b|\bcut (\w+ )?deeper\b|\b(when|if|before|after|next time) i (cut|burn) (myself|my ?self|tonight|again)\b",
    ),
    _r(
        "crisis.slang",
        C,
        r"\b(kms|kys|unalive|unaliving|end it all|ending it all|end things|catch the bus|sewerslide|su1c1de)\b|\bcheck(ing)? out (for good|permanently|forever)\b",
    ),
    _r(
        "crisis.sleep_forever",
        C,
        rf"\b{ME} (\w+ ){{0,5}}(go to sleep|sleep|fall asleep|rest) (for good(?! measure)|forever|and never wake|and not wake)\b|\b(never|not) (to )?wake up again\b|\b(picked|chosen|set|planned) (a|the) date\b|\bsaving (up )?(my |all my )?(pills|meds|medication|tablets)\b|\bstockpil\w+ (my |all my )?(pills|meds|medication|tablets)\b|\bno one would (miss|notice|care)\b",
    ),
    _r(
        "crisis.non_english",
        C,
        r"\b(quiero morir\w*|me quiero morir|matarme|suicidarme|suicidar\w*|quitarme la vida|no quiero vivir|no quiero seguir|acabar con mi vida|quero morrer|me matar|tirar (a )?minha (propria )?vida|nao aguento mais|no aguanto mas|me jogar|tirarme|je veux mourir|me suicider|me tuer|en finir|mettre fin a (mes jours|ma vie)|ich will sterben|mich umbringen|umbringen|selbstmord|suizid\w*|nicht mehr leben|voglio morire|uccidermi|suicidarmi|farla finita|togliermi la vita|non voglio piu vivere)\b|\b(magpakamatay|gusto ko (nang|ng) mamatay|ayoko nang mabuhay|mamatay na lang|marna chahta|marna chahti|mar jana chahta|mar jaana chahta|khudkushi|aatmahatya|jeena nahi chahta|jeena nahi chahti|geritzt|ritze mich|mich ritzen|me corto|cortarme|me corte|me cortei|me cortar|me scarifie|je me coupe|me mutile|automutil\w*|autolesion\w*|mi taglio|tagliarmi)\b|\b((usarla|usarlo) conmigo|pegarme un tiro|dispararme|ahorcarme|cortarme las venas|me tirer une balle|me pendre|me jeter (du|d'un|sous)|dar um tiro em mim|me enforcar|spararmi|impiccarmi|mich erschiessen|mich erhangen)\b|\b(me fais vomir|me faire vomir|me hago vomitar|hacerme vomitar|me faco vomitar|me fazer vomitar|mi faccio vomitare|farmi vomitare|bring mich zum erbrechen|mich ubergeben nach dem essen)\b",
    ),
    _r(
        "crisis.ingested_household",
        C,
        r"\b(drank|drunk|swallowed|ate|eaten|drinking|swallowing|bevuto|bebio|bebeu|tomo|a bu|a avale|getrunken|verschluckt|ingested|ingerito|ingirio)\b.{0,40}\b(bleach|candeggina|lejia|lavandina|javel|agua sanitaria|bleichmittel|antifreeze|detergent|laundry pods?|tide pods?|cleaner|drain cleaner|pesticide|insecticide|rat poison|weed killer|battery|batteries|button battery|lighter fluid|gasoline|petrol|mouthwash|hand sanitizer|nail polish remover|essential oil|paint thinner|poison|veleno|veneno|poison)\b",
        "poisoning",
    ),
    _r(
        "crisis.stop_breathing",
        C,
        r"\b(stop|stops|end) (my|his|her) (breathing|heart|heartbeat)\b|\b(would|will|could|to) (kill|stop) (me|my heart|my breathing)\b|\b(buy|get|find) (a )?(gun|firearm|pistol|handgun|rope|noose)\b.{0,40}\b(fast|quick|quickly|today|tonight|now|without (a )?background|won'?t need it)\b",
    ),
    _r(
        "crisis.overdose_intent",
        C,
        rf"\b(let|make|help) me (overdose|od|die|not wake up)\b|\b{ME} (\w+ ){{0,3}}(want|wanna|going|gonna|plan|planning|trying|tried|thinking about|thinking of) (to )?(overdose|od|take (all|every|the whole|a whole|an entire|enough))\b|\b(enough|all) (of )?(my|these|the) (\w+ )?(pills|meds|tablets|medication) to (die|end|kill|not wake)\b|\b(i|myself)\b[^.?!]{{0,40}}\b(need|needed|have|take|takes|took) to (overdose|od)\b|\bfor me to (overdose|od)\b|\b(take|taking|took|swallow|swallowing|down|eat) (everything|all|every pill|all the pills|every bottle|the lot|whatever'?s|whatever is) (in|from) (the|my|our|mum'?s|mom'?s|dad'?s) (\w+ )?(medicine|meds|bathroom|pill) (cabinet|cupboard|drawer|box|chest)\b",
    ),
    _r(
        "crisis.self_harm_hide",
        C,
        r"\b(hide|hiding|conceal|concealing) (my |the |these |fresh |new |old )?(cuts|scars|burns|bruises|wounds|self[- ]?harm)\b|\b(cover|covering)( up)? (my|the|these|those|fresh|new|old) (cuts|scars|burns|bruises|wounds|self[- ]?harm)\b|\bwhere (can|should|do) i (cut|burn|hurt) (myself|my ?self)?\b|\bhow deep (should|do|can) (i|you) cut\b|\b(cut|cuts|burn|burns|scars?|wounds?)\b.{0,50}\bhide (it|them)\b|\bhide (it|them)\b.{0,30}\b(cut|cuts|burn|burns|scars?)\b|\b(spot|place|part|where)\b.{0,30}\b(can|should|could) i (cut|burn|scratch|hurt)\b|\b(cut|burn|scratch|hurt|hit|hitting|cutting|burning) (my )?(arm|arms|leg|legs|thigh|thighs|wrist|wrists|skin|stomach|hips?)\b",
        unless=ABOUT_OTHERS,
    ),
    _r(
        "crisis.promote",
        C,
        r"\b(write|create|make|draft|compose|generate|post|find|recommend|suggest|list|share|give me)\b.{0,60}\b(glorif\w+|encourag\w+|promot\w+|romantici\w+|celebrat\w+|pro[- ]?)\b.{0,30}\b(suicide|self[- ]?harm|cutting|anorexia|bulimia|starving|starvation|eating disorders?|purging)\b|\b(suicide|self[- ]?harm|anorexia|bulimia|starving|purging|pro[- ]?ana) (is|are) (good|healthy|beautiful|a lifestyle|a choice|the answer|brave|worth it)\b|\b(communities|forums|groups|sites|websites|chats?) (that|which|where)? ?(\w+ ){0,3}(encourage|support|promote|help with|teach) (\w+ ){0,2}(suicide|self[- ]?harm|cutting|starving|anorexia|purging)\b",
    ),
    _r(
        "crisis.eating_tips",
        C,
        r"\b(tips|ways|tricks|how) (to|for|do i|can i) (\w+ ){0,3}(starve|stop eating|not eat|eat less than \d+|suppress (my )?appetite|make (my ?self|myself) (throw up|vomit|sick)|purge (after|what i|food|meals|calories)|hide (not eating|my weight|weight loss))\b|\b(eat|eating) (\w+ ){0,2}(less than|under) \d+ ?(calories|kcal|cals)\b|\b(laxatives?|diuretics?|diet pills|water pills|ipecac|fat burners?)\b.{0,50}\b(lose|drop|losing|dropping|shed) (weight|\d+ ?(pounds|lbs|kilos|kg)|fat|the weight|\w+ (pounds|lbs|kilos|kg))\b",
    ),
    _r(
        "crisis.ingestion_count",
        C,
        rf"\b{SOMEONE} (\w+ ){{0,3}}(took|taken|swallowed|ate|had) (like |about |around |maybe )?(\d{{2,}}|a dozen|dozens of|twenty|thirty|forty|fifty|a hundred|a handful of|a whole bottle of|the whole bottle of) (of )?(my |his |her |their |the )?(\w+ ){{0,2}}(pills|tablets|tabs|capsules|caps|gummies|vitamins|{DRUGS})\b",
        "poisoning",
    ),
    _r(
        "crisis.finality",
        C,
        r"\b(i'?m|im|i am) (so )?done (w|w/|with) (everything|it all|life|all of it|this life)\b(?! (on|in|for|at|i need|that|which|from|about)\b)|\b(plan|planning|going|ready|about|want|wanna|gonna|time for me) to check out\b(?! (of|the|a|an|this|that|your|our|some|at|on|with|from|early|late|now|here|there|online)\b)(?!.*\b(hotel|cart|checkout|library|book|store|shop|groceries)\b)|\b(this is|these are) my (very )?last (message|words|post|text|goodbye|note)\b|\blast message (to anyone|ever|i'?ll (ever )?send)\b|\b(look(ed)? after|take care of|care for|feed|adopt|rehome|find a home for) (my )?(\w+ ){0,2}(once|when|after) i'?m (gone|dead|no longer (here|around))\b|\b(won'?t|will not|wont) be (here|around|alive) (after|by|past|beyond|for) (this|the|tonight|today|tomorrow|next|friday|saturday|sunday|monday|tuesday|wednesday|thursday)\b|\b(don'?t|do not) (think|expect) i'?ll (make it|live|be alive|be (here|around)) (to|until|till|past|for) (\d+|my (\d+\w* |next )?birthday|next (year|month)|christmas|new year'?s?|graduation|the summer)\b|\btonight(?:'s| is) the night\b|\b(selfish|wrong|okay|ok|fair) to (leave|go|end it|give up|die|end my life|do it)\b.{0,60}\bbetter off\b|\b(everyone|everybody|my family|my kids|the world) (is|are|would be|will be|'d be) better off\b|\b(world|everyone|everybody|things|life|my family|the unit|the team) (would )?(run|runs|be|is|go|goes|get|gets|do|does) (\w+ )?(smoother|better|easier|fine|just fine) without me( in it| around| here)?\b|\bso (nobody|no one|no-one) (has|have|will have|would have|needs|needs) to (clean|scrub|find|see|deal with|mop)\b|\b(letting|let) (you|them|everyone|y'?all) know where to find me\W*$|\bknow where to find me\W*$|\bi know (exactly )?how (many|much) (\w+ ){0,4}it (takes|would take|will take)\b|\b(any|another|my next) (\w+ ){0,2}(appointment|session|infusion|treatment|refill)s? ever again\b|\b(won'?t|will not|wont) (be )?need(ing)? (\w+ ){0,4}ever again\b|^(?=.*\b(passed( away)?|died|death|heaven|lost (my|her|him)|my late \w+)\b).*\b(time|ready|want|going|gonna|wanna|planning|ok|okay|alright|fine) (for me )?to (go )?(and )?(join|be with) (her|him|them|my (late |dead |deceased )?\w+)\b|\bwake up in (the |a )?(hospital|er|icu|psych ward)\b.{0,20}\b(again|like last time|last time)\b|\bbe done with (it all|life|everything|this life|this world|living)\b|\b(all at once|in one go)\b.{0,40}\b(be done|end (it|this|everything)|over with|never wake|not wake|die)\b|\benough to (just )?(not|never) wake( up)?\b|\benough to (die|kill me|end (it|my life)|stop my heart)\b|\b(won'?t|will not|wont) be (here|around|alive) (for|to see|to make) (it|that|them|the next \w+)\b",
    ),
    _r(  # warning signs: pills saved up or laid out, a ledge, thinking of who will find them
        "crisis.warning_signs",
        C,
        rf"\b{ME} (\w+ ){{0,3}}(saving|saved|stockpil\w*|hoard\w*|stash\w*|putting aside|put aside|setting aside|set aside|collecting)( up)? (\w+ ){{0,3}}(pills|tablets|meds|medications?|medicines|painkillers|sleeping pills|oxy\w*)\b|\b(pills|tablets|meds|medications?|bottles?|painkillers)\b.{{0,40}}\b(lined up|laid out|counted out|all set out)\b|\b(saving|saved|stockpiling|hoarding) (them|it|those|these) (all )?up instead of taking\b|\b(months?|weeks?)'?s?'? worth\b.{{0,30}}\b(in a|in the|in my) (jar|drawer|box|bag|bottle|sock|stash)\b|\bwhoever finds (me|my body)\b|\b(put|putting|puts|got|getting|have|had|'ve) (all )?my affairs in order\b|\b(counting|counted|count|counts) (up |out )?(all )?(of )?my (\w+ )?(pills|tablets|meds|medications?|painkillers)\b.{{0,60}}\b((finally|at last) enough|enough (now|at last))\b(?! (to last|until|till|for))|\b{ME}\b.{{0,40}}\b(edge|ledge) of (the |a )?(platform|roof|rooftop|bridge|cliff|balcony|building|overpass|tracks|car park)\b",
    ),
    _r(
        "crisis.means",
        C,
        r"\bhow long (does it|would it|will it|can it|do you|does one|would one|to) (take )?(for (a person|someone|me|you|one|a human) )?(to )?(die|bleed out|suffocate|pass out and die) (from|of|by|in|with|if|after|using)\b|\b(wanted|wants|want|wanting|were to want) to (die|end (it|their life|his life|her life|my life|things)|kill (them|him|her|my|your|one)sel\w+) (using|with|from|by|on|taking)\b|\bhow would (they|someone|he|she|i|you|one) (do it|go about it)\b.{0,30}\b(die|dying|suicide|end it|kill)\b|\b(die|dying|suicide|end (it|their life)|kill (them|him|her)sel\w+)\b.{0,60}\bhow would (they|someone|he|she|i|you|one) (do it|go about it)\b",
    ),
    _r(
        "crisis.means_compare",
        C,
        r"\b(most|more|least) (dangerous|deadly|lethal|toxic|fatal)\b.{0,30}\bto (take|swallow|overdose on|od on) (a lot|lots|too many|too much|a bunch|a handful|all)\b|\b(jump(ing)?|hang(ing)?|drown(ing)?|shoot(ing)? (myself|my ?self)|overdos(e|ing)|od|pills|slit(ting)?|gas)\b,? (or|vs|versus) (to )?(jump(ing)?|hang(ing)?|drown(ing)?|shoot(ing)? (myself|my ?self)|overdos(e|ing)|od|pills|slit(ting)? \w+|gas)\b.{0,30}\b(better|quicker|faster|easier|less painful|more painful|surer|more certain|work)\b|\b(better|quicker|faster|easier|less painful|surer) to (jump|hang|drown|overdose|od|shoot (myself|my ?self)) or\b|\b(stop|shut down|destroy|wreck|fry) my (liver|kidneys|heart|breathing|organs)( from)?( working)?\b",
    ),
    _r(  # "the shotgun loaded on the kitchen table and i dont see a reason to unload it tonight"
        "crisis.gun_ready",
        C,
        r"\b(loaded|cocked)\b.{0,50}\b(don'?t see (a|the|any) (reason|point)|no reason to|tonight|on (the|my) (kitchen |bedside |night ?stand )?table|in my lap|next to (me|my bed)|by my bed|to my (head|temple|chest)|in my mouth)\b(?=.*\b(gun|shotgun|rifle|pistol|revolver|handgun|glock|firearm)\b)|\b(gun|shotgun|rifle|pistol|revolver|handgun|glock|firearm)\b.{0,40}\b(loaded|cocked)\b.{0,50}\b(don'?t see (a|the|any) (reason|point)|no reason to|tonight|in my lap|next to (me|my bed)|by my bed|to my (head|temple|chest)|in my mouth)\b",
    ),
    _r(  # "what method actually works, I've failed twice already"
        "crisis.failed_attempts",
        C,
        r"\b(method|way|thing)\b.{0,30}\b(actually |really |definitely )?(works?|worked)\b.{0,40}\b(failed|messed (it )?up|screwed (it )?up|survived)\b|\b(failed|survived)\b.{0,30}\b(twice|two times|three times|before|already|last time)\b.{0,40}\b(method|way|works?|this time)\b",
    ),
    _r(  # "I attempted last year and I'm feeling that way again"
        "crisis.attempt_again",
        C,
        r"\b(i|i'?ve|ive|i have|i had) (\w+ )?(attempted(?! to)|attempted suicide|tried to (kill|hurt|off) myself|tried to end (it|my life|things)|overdosed( on purpose)?)\b[^?]{0,80}\b(again|coming back|came back|are back|is back|back now)\b",
    ),
    _r(  # "tell my therapist thanks for trying? I won't be making it to Thursday."
        "crisis.not_making_it",
        C,
        r"\b(won'?t|will not|wont|not going to|not gonna|don'?t think i'?ll) (be )?mak(e|ing) it (to|until|till|past|through) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the weekend|next week|the end of (the|this) (week|month))\b(?!'?s| (appointment|session|infusion|class|meeting|group|visit|in time|on time))|\b(tell|let) (my |the )?\w+ (know )?(thanks|thank you|thank them|goodbye|i'?m sorry|i said (goodbye|thanks|sorry))\b.{0,40}\b(won'?t|will not|not) (be )?(mak(e|ing) it|around|here|coming back)\b",
    ),
    _r(  # sudden calm after deciding: "feeling calm, I did it", "I feel at peace, it was time"
        "crisis.calm_resolved",
        C,
        r"\b(calm|at peace|peaceful|at ease|lighter)\b[^?]{0,40}\b(i did it|it was time|"
        r"everything(?:'s| is) (sorted|settled|in order|taken care of)|my affairs are in order|"
        r"i'?ve made my peace|nothing left to do)( now)?\W*$",
    ),
    _r(
        "crisis.self_harm_tools",
        C,
        r"\b(took|take|taking|get|got|getting|pulled|pull|broke|break) (the )?(blade|blades|razor) (out|from)\b|\b(blade|blades|razor|lighter|scissors|compass)\b.{0,60}\bfeel (something|anything|alive|real)\b",
    ),
    # --- crisis: danger to others --------------------------------------------------------
    _r(
        "crisis.indirect",
        C,
        r"\bwon'?t (need|be needing) (it|them|this|that|these|those|anything|my \w+)\b.{0,40}\b(where i'?m going|much longer|for long|anymore|after (tonight|today|this week))\b|\bwhere i'?m going\b.{0,30}\bwon'?t need\b|\b(won'?t|will not|wont) be alive\b|\b(won'?t|will not|wont) be (here|around) (much longer|for long|for much longer)\b|\b(not|never) (come|coming|go|going) back (down|home|up)\b|\b(i|i'm|im|i'll|ill|i will|gonna|going to|want to|wanna|thinking about|planning to) (\w+ ){0,3}jump(ing)? (off|from|in front of)\b.{0,40}\b(bridge|building|roof|garage|cliff|tower|train|bus|balcony|window)\b|\b(bridge|building|roof|rooftop|ledge|cliff|tower|balcony|window|overpass|top floor)\b.{0,40}\b(i|i'm|im|i'll|ill|i will|gonna|going to|want to|wanna|ready to|about to|thinking about|planning to) (\w+ ){0,2}jump(ing)?\b(?! (rope|start|in|on|into (the )?(pool|lake|water)|for joy|at the chance))",
    ),
    _r(
        "crisis.harm_child",
        C,
        r"\b(pillow|hand|hands|blanket|bag) over (her|his|their|the baby'?s?|my baby'?s?|my son'?s?|my daughter'?s?) (face|mouth|head|nose)?\b|\b(think|thinking|thought|urge|urges) (about|of|to) (hurt|hurting|harm|harming|shake|shaking|smother|smothering|drown|drowning|kill|killing) (my|the|our) (baby|newborn|infant|child|kid|son|daughter|toddler)\b|\b(says|said|keeps saying|is saying|told me) (that )?(she|he|they) (has|have|needs?|wants?|is going|'s going|are going) to (hurt|harm|kill|drown|smother|shake) (our|my|the|her|his|their) (baby|newborn|infant|child|kid|son|daughter|toddler|twins?)\b",
    ),
    _r(
        "crisis.seizure_now",
        C,
        r"\bfoaming at the mouth\b|\b(having|had|has|in) (a )?(fit|fits|seizure|seizures|convulsion|convulsions)\b.{0,30}\b(now|minutes?|right now|won'?t stop|still)\b|\b(jerking|twitching|shaking) (and|uncontrollably|all over)\b",
        "emergency",
    ),
    _r(
        "crisis.harm_others",
        C,
        rf"\b{ME} (\w+ ){{0,3}}(want|wanna|going|gonna|plan|planning|will|ready|about)( back| over| down)?( there| here| home)? (to )?(kill|hurt|shoot|stab|poison|murder|strangle|beat up) (him|her|them|someone|somebody|people|everyone|(my|the|a) (?!{A_THING})\w+)\b|\bhow (do|can|could) i (kill|poison|murder|hurt|shoot|stab) (someone|somebody|a person|my \w+|him|her|them|people)\b|^(?=.*\b(kid|kids|guy|girl|man|woman|person|people|teacher|boss|coworker|co-worker|neighbou?r|classmates?|students?|him|her|them|everyone|my (ex|wife|husband|partner|dad|mom|father|mother|brother|sister|son|daughter))\b).*\b{ME} (\w+ ){{0,3}}(want|wanna|going|gonna|plan|planning|will|ready|about) (to )?(shoot|stab|kill|murder|strangle|poison)\b(?! it\b| (a |the |some |my |this |that )?{A_THING})",
    ),
    _r(
        # intoxicated and drowsy: "pt admits he snorted ketamine + drank a fifth before his appt,
        # nodding off in chair"
        "crisis.intoxicated_drowsy",
        C,
        r"\b(snorted|shot up|mixed|smoked (some|a lot|crack|meth|heroin|fentanyl)|drank (a fifth|a (whole )?bottle|too much|a lot|so much|vodka|whiskey|tequila|rum|gin|\d+ (beers|shots|drinks))|(took|popped|swallowed) (too many|a bunch|a handful|a lot|all|everything|\d+))\b.{0,60}\b(nodding off|passing out|passed out|slumped( over)?|can'?t (stay awake|be woken|wake (him|her|them) up)|won'?t wake( up)?|barely (conscious|breathing|awake))\b",
        unless=HISTORY,
    ),
    _r(
        # command hallucinations: "the voices say the nurse deserves it"
        "crisis.command_voices",
        C,
        r"\b(the|my|these) voices\b.{0,40}\b(kill|hurt|harm|stab|die|dead|end it|deserves?|jump|burn|punish|attack|shoot|cut|poison)\b|\bvoices (in my head )?(are |keep |won'?t stop )?(tell|order|command|say)\w* me\b",
    ),
    _r(
        "crisis.threat_nearby",
        C,
        rf"\b(he|she|they|someone|somebody|a (guy|man|woman|person|patient|kid)|he'?s|she'?s|they'?re)\b (\w+ ){{0,6}}(going to|gonna|about to|threaten\w* to) (shoot|stab|kill|hurt|attack|blow up|strangle) (everyone|everybody|us|me|people|someone|all of us|(the|my) (?!{A_THING})\w+|her|him)\b|\b(has|holding|pulled( out)?|waving|got) (a |an )?(gun|knife|weapon|rifle|pistol)\b.{{0,40}}\b(threaten\w*|waiting room|lobby|clinic|school|shoot|kill|stab|screaming)\b",
    ),
    _r(  # "pt escalating in room 5, says he'll stab the next nurse who walks in"
        "crisis.threat_said",
        C,
        rf"\b(says|said|saying|screaming|yelling|shouting|threatening|threatens|threatened|swears|swore)( that)? (he|she|they)('ll| will|'s going to| is going to|'s gonna| is gonna|'d| would| are going to|'re going to) (shoot|stab|kill|hurt|attack|strangle|beat|punch|choke) (the|a|an|every|any|his|her|their|my|our|your|some|whoever|anyone|anybody|everyone|everybody|somebody|someone|us|you|me|staff|people)\b(?! {A_THING})|\bthreaten\w* to (\w+ ){{0,5}}(shoot|stab|kill|hurt|attack|strangle|beat up|blow up) (whoever\w*|anyone|anybody|everyone|everybody|the staff|staff|us|people|someone|somebody|the (nurse|nurses|doctor|receptionist|front desk))\b|\btake (the whole family|his whole family|her whole family|everyone|us all|all of us|the kids|the children|his family|her family) with (him|her|them|me)\b|\b(don'?t|do not|won'?t) want (her|him|them) to (fight back|resist|remember|struggle|scream)\b|\bkeep (her|him|them|my \w+) from (remembering|fighting back|resisting|struggling)\b|\bso (she|he|they) (won'?t|can'?t|doesn'?t|don'?t|will not|cannot|wont) (fight back|resist|remember|struggle|scream)\b",
    ),
    _r(  # "I'm bringing the AR to roll call", "crossing them off starting this week"
        "crisis.threat_planned",
        C,
        r"\b(revenge|make (them|him|her|'?em) pay|get (them|him|her|'?em) back)\b.{0,30}\b(gun|knife|weapon|rifle|pistol|glock|shotgun|machete|blade)\b|\bbring(ing)? (the |my |a |an )?(ar|ar-?15|ak|ak-?47|gun|rifle|pistol|glock|shotgun|piece|strap|heat|knife|machete) (\w+ ){0,2}(to|into) (roll call|work|school|class|church|the (office|meeting|station|clinic|party|group|shift|lobby|waiting room|building|funeral))\b|\b(list of names|names on (a|my|the) list|hit list)\b.{0,80}\bcross\w* (them|each|\w+) off\b|\bobituar(y|ies)\b.{0,40}\b(i'?ve|i have|i'?ll|i will|gonna) (made|make) sure\b|\b(i'?ve|i have|i'?ll|i will) (made|make) sure\b.{0,40}\bobituar(y|ies)\b",
    ),
    _r(
        "crisis.poison_someone",
        C,
        r"\b(slip|sneak|spike|lace)\b (\w+ ){0,4}(into|in) (his|her|their|my \w+'?s?|someone'?s?|the) (coffee|drink|tea|food|salad|meal|water|soda|beer|wine|dinner|lunch|smoothie)\b|\b(poisonous|toxic|deadly) enough to (put|slip|add|kill|make (him|her|them|someone|somebody) (sick|ill|suffer))\b|\bi want (him|her|them|my \w+( \w+)?) to suffer\b",
    ),
    # --- crisis: overdose, poisoning, emergency symptoms ---------------------------------
    _r(
        "crisis.overdose_now",
        C,
        rf"\b{SOMEONE} (\w+ ){{0,2}}(just |accidentally |accidently )?(took|taken|swallowed|ate|eaten|drank|drunk|injected|snorted|used|od'?d|overdosed|overdosing)\b.{{0,40}}\b(too (many|much)|whole|entire|all (of )?(my|the|his|her|it|them)|bottle|handful|bunch|\d+ ?(pills?|tablets?|tabs|caps|capsules)|overdose|a lot of)|\b{SOMEONE} (\w+ ){{0,2}}got into (my|his|her|their|the|grandma'?s|grandpa'?s) (\w+ ){{0,2}}(pills|meds|medications?|medicine|kit|stash|bottle|patches|{DRUGS})\b|\b(put on|used|took|taken|applied|wore|had) [\"']?(\w+ ){{0,2}}(extra|too many|more|double)[\"']? (\w+ ){{0,3}}(patch|patches|pills|tablets|meds|sprays|troches|lozenges|gummies)\b.{{0,80}}\b(barely|not making sense|confused|slurring|drowsy|can'?t wake|won'?t wake|sleepy|out of it|passed out|nodding|falling over)\b|\blost count of how many\b.{{0,40}}\b(took|taken|had|swallowed|used)\b",
        "poisoning",
        unless=HISTORY,
    ),
    _r(
        "crisis.overdosed",
        C,
        rf"\b{SOMEONE} (\w+ ){{0,2}}(overdosed|overdosing|od'?d|od'?ing|have overdosed|has overdosed|is overdosing|am overdosing)\b",
        "poisoning",
        unless=f"{HISTORY}|{BINGED}",
    ),
    _r(
        "crisis.ingestion_amount",
        C,
        rf"\b(\d{{2,}}|a dozen|twenty|thirty|forty|fifty|a hundred|a handful of|a bottle of|the whole bottle of|all (of )?my) (of )?(my |his |her )?(\w+ )?({DRUGS})\b.{{0,40}}\b(ago|down|just now|earlier tonight|in one go|at once|all at once)\b",
        "poisoning",
    ),
    _r(
        "crisis.child_ingested",
        C,
        r"\b(child|kid|son|daughter|toddler|baby|infant|dog|cat|puppy|grandson|granddaughter|nephew|niece|\d+ ?(year|yr|month|mo)[- ]?olds?|\d+ ?yo) (\w+ ){0,2}(ate|eaten|swallowed|drank|drunk|got into|chewed|bit into|bit open|licked|is eating|was eating|chewing|chewing on|was chewing|sucking on|sucked on|got hold of)\b",
        "poisoning",
    ),
    _r(
        "crisis.poisoned",
        C,
        rf"\b({SOMEONE}|{ME}) (\w+ ){{0,3}}(been poisoned|was poisoned|is poisoned|got poisoned|poisoned (my ?self|myself|me))\b|\b(should|do|must|need to|have to|gotta|going to|gonna) (i |we )?(call|phone|contact|ring) poison control\b|\bpoison control (number|hotline|phone)\b",
        "poisoning",
    ),
    _r(
        "crisis.accidental_overdose",
        C,
        rf"\b(accidentally|accidently|accidentaly|by mistake|by accident|mistakenly|in error)\b.{{0,30}}\b(took|taken|take|swallowed|ate|eaten|drank|gave|given|doubled?|doubled up on|injected|used)\b.{{0,40}}\b({DRUGS}|pills?|tablets?|meds|medications?|dose|doses|sprays?|patch(es)?)\b|\b(took|taken|swallowed|ate|drank|gave|given|doubled?|doubled up on|injected)\b.{{0,40}}\b({DRUGS}|pills?|tablets?|meds|medications?|dose|doses|sprays?|patch(es)?)\b.{{0,40}}\b(accidentally|accidently|by mistake|by accident|mistakenly|in error)\b|\b(took|taken|gave (him|her|them|my \w+)) (my|his|her|their|the) (\w+ ){{0,2}}(pills?|tablets?|meds|medications?|dose|{DRUGS}) (twice|two times|double|again)\b",
        "poisoning",
    ),
    _r(
        "crisis.med_mixup",
        C,
        r"\b(took|taken|injected|swallowed|used|gave (him|her|them|my \w+)) (\w+ ){0,3}(pen|pills?|meds|medicine|medication|insulin|tablets?|dose|inhaler|patch)\b.{0,40}\b(thinking it was|thought it was|instead of (my|his|her|their)|mixed up|mix-?up)\b|\bmixed up (her|his|their|my|the) (pills|meds|medications|tablets)\b.{0,60}\b(took|taken|gave|now|feel\w*|dizzy|sleepy|weird|confused)\b",
        "poisoning",
    ),
    _r(
        "crisis.fumes",
        C,
        r"\bcarbon monoxide\b.{0,60}\b(headaches?|dizzy|dizziness|nause\w*|sick|vomit\w*|confused|drowsy|faint\w*|alarm|detector)\b|\b(headaches?|dizzy|dizziness|nause\w*|sick|vomit\w*|drowsy|faint\w*)\b.{0,80}\b(carbon monoxide|gas (leak|heater|smell)|smell (of )?gas|fumes|exhaust|generator|furnace)\b|\b(mixed|mixing|combined) (\w+ ){0,2}(bleach|ammonia|chlorine|cleaners?|chemicals)\b.{0,60}\b(fumes?|breath\w*|cough\w*|dizzy|chest|throat|eyes|smell|inhaled|burn\w*)\b|\b(breathed|breathing|inhaled|inhaling) (in )?(\w+ ){0,2}(fumes|bleach|ammonia|chlorine|gas|smoke)\b.{0,40}\b(dizzy|cough\w*|chest|can'?t|burn\w*|sick|headache)\b",
        "poisoning",
    ),
    _r(
        "crisis.exposure",
        C,
        r"\b(bleach|chemicals?|cleaner|acid|lye|ammonia|oven cleaner|drain cleaner|pepper spray|weed killer|pesticide|chlorine|solvent|detergent)\b.{0,40}\b(in|into) (my|his|her|their|the baby'?s|the kid'?s) (eyes?|mouth|nose)\b|\b(splashed|sprayed|spilled|got)\b (\w+ ){0,3}(in|into|on|all over) (my|his|her|their) (eyes?|mouth|face|skin|hands|arms|legs)\b.{0,60}\b(burn\w*|blister\w*|sting\w*|swell\w*|can'?t see|dizzy)\b|\b(generator|engine|exhaust|gas heater|furnace|charcoal|camp stove|space heater|car running)\b.{0,80}\b(headaches?|dizzy|dizziness|nause\w*|confused|confusion|drowsy|vomit\w*|faint\w*|passed out)\b",
        "poisoning",
    ),
    _r(  # staff shorthand: suicidal/homicidal ideation with intent or a plan; alarming vitals
        "crisis.staff_shorthand",
        C,
        r"\b(active|acute|current|\+) ?(si|hi)\b|\b(si|hi|suicidal ideation|homicidal ideation) (w/|with|and|\+) ?(intent|a plan|plan|means)\b|\b(hr|heart rate|pulse) (of |is |at |now |down to |up to )?([1-3]\d|1[5-9]\d|2\d\d)\b(?! ?(years|yrs|mins|minutes|days|%))|\b(sats?|spo2|o2 sats?|oxygen( sats?| saturation)?) (of |is |at |now |down to |dropped to )?([4-8]\d) ?%?(?! ?(years|yrs|mins|minutes|days))\b|\b(grey|gray|pale|ashen) and (clammy|sweaty|cold)\b|\bclammy and (grey|gray|pale)\b|\bnot (responding|responsive) to (voice|pain|sternal rub|verbal\w*|stimul\w*|touch|(his|her|their) name)\b|\b(barely|not|hardly|un)[- ]?rous(e)?able\b|\b(can'?t|cannot|won'?t) (be )?rouse\b|\b(resps?|respirations|breathing) (look |looks |are |is |getting |going )?(shallow|agonal|irregular|very slow|gurgl\w*)\b|\b(is|are|started|starts|keeps?|began|now) (seizing|convulsing|fitting|posturing)\b|\bnodding (hard|out|off)?\b.{0,30}\b(not (answering|responding|waking)|won'?t (answer|respond|wake)|can'?t (wake|rouse))\b",
        "emergency",
    ),
    _r(
        "crisis.cant_breathe",
        C,
        rf"\b({SOMEONE}|{ME}|he's|she's|they're|his|her) (\w+ ){{0,5}}(can'?t|cannot|can not|could not|couldn'?t|can barely|could barely|barely able to|unable to|struggling to|having trouble|hard to|not) (breathe|breathing|catch (my|his|her|their) breath|get (a |my |his |her |their |any |enough )?(breath|air)( in)?(?! of fresh air))\b",
        "emergency",
    ),
    _r(
        "crisis.symptom_now",
        C,
        rf"\b({ME}|{SOMEONE}|he's|she's|they're|my) ([\w']+ ){{0,4}}(having|has|have|got|getting|feel|feeling|is|are|am)? ?(a )?(crushing |bad |severe |sharp )?(chest pains?|chest (hurts|is tight|tightness)|heart attack|stroke|seizures?|seizing(?! up)|convulsing|convulsions|fitting|blue lips|lips (are |turning )?blue|turning blue|unconscious|unresponsive|not responding|won'?t wake|wont wake|can'?t wake|not waking(?! me)|isn'?t waking(?! me)|passed out|fainted|collapsed|not breathing|stopped breathing|choking)\b(?! (history|hx|disorders?|conditions?|risk|threshold|meds|medications?|in the past|years ago))",
        "emergency",
        unless=HISTORY,
    ),
    _r(
        "crisis.symptom_more",
        C,
        r"\b(lips|face|skin|fingers|fingertips|nails|mouth) (look |looks |are |is |turning |turned |went |going |gone |getting )?(blue|purple|grey|gray|bluish|blue-?ish|purple-?ish|purplish|greyish|grayish)\b|\b(she'?s|he'?s|they'?re|baby'?s|is|went|gone|going|all|really|very|suddenly) (all )?(floppy|limp)\b|\b(pale|blue|grey|gray|cold) and (floppy|limp)\b|\b(baby|infant|newborn|toddler|child|kid|son|daughter)\b.{0,60}\bbreathing (really |very |so )?(fast|hard|weird|strange\w*|funny|shallow|noisy)\b|\b(won'?t|wont|will not|doesn'?t|does not) stop bleeding\b|\bbleeding (won'?t|wont|will not|doesn'?t|does not) stop\b|\b(on|in) the (floor|ground)\b.{0,30}\b(twitching|shaking|jerking|seizing|convulsing|not moving|won'?t move|unresponsive|not breathing)\b|\b(1[89]\d|2\d\d) ?(over|/) ?\d{2,3}\b.{0,60}\b(headache|pounding|chest|blurry|vision|confus\w*|numb\w*|dizzy)\b|\bthroat (is |feels |feel )?(like it'?s |like it is )?(closing|swelling)( up)?\b|\b(tongue|lips|face) (is |are )?(swelling|swollen)( up)?\b|\b(pain|pressure|tightness) in (the|his|her|my|their) chest\b|\b(i'?m|im|i am|he'?s|she'?s|they'?re|been|keeps?|started|is|am) (\w+ ){0,2}(coughing|throwing|vomiting|spitting) up blood\b",
        "emergency",
    ),
    _r(
        "crisis.emergency_foreign",
        C,
        r"\b(douleur|dolor|dor|dolore|schmerz\w*) (\w+ ){0,4}(poitrine|pecho|peito|petto|brust)\b|\bbrustschmerz\w*\b|\b(no puedo|no puede|je ne peux (pas|plus)|il ne peut (pas|plus)|elle ne peut (pas|plus)|nao consigo|nao consegue|non riesco a|non riesce a|ich kann nicht|er kann nicht|sie kann nicht) (\w+ )?(respirar|respirer|respirare|atmen)\b|\b(no respira|ne respire (pas|plus)|nao respira|non respira|atmet nicht|hindi (ako |siya )?(makahinga|humihinga)|saans nahi)\b|\b(convulsionando|convulsando|krampfanfall|ataque epileptico|crise d'?epilepsie|nahimatay|behosh|bewusstlos|se desmayo|desmaiou|s'?est evanoui|svenut[oa]|no despierta|ne se reveille pas|nao acorda|wacht nicht auf|non si sveglia|hindi magising)\b|\b(no (para|deja) de sangrar|hort nicht auf zu bluten|n'?arrete pas de saigner|nao para de sangrar|non smette di sanguinare)\b",
        "emergency",
    ),
    # --- crisis: eating disorders --------------------------------------------------------
    _r(
        "crisis.eating",
        C,
        rf"\b{ME} (\w+ ){{0,3}}(stop(ped)? eating|not eating|refuse to eat|make (my ?self|myself) (throw up|vomit|sick)|throw(ing)? up after (eating|meals|i eat)|binge and purge)\b|\bstarv(e|ing) (my ?self|myself)\b|\bhide (that i'?m |my )?(not eating|eating disorder|weight loss|purging)\b|\b(pro[- ]?ana|pro[- ]?mia|thinspo\w*|thinspiration|meanspo|bonespo|skinnyspo)\b|\bpurg(e|es|ed|ing)\b.{{0,40}}\b(food|foods|meal|meals|eat|eating|ate|calories|binge|dinner|lunch|breakfast)\b|\b(food|foods|meal|meals|eat|eating|ate|calories|binge)\b.{{0,40}}\bpurg(e|es|ed|ing)\b|\b(punish|punishing) (my ?self|myself)\b|\b(i|i've|ive|i have|i'm|im|i am|i keep|i still) (\w+ ){{0,2}}(purging|purged|been purging|binging and purging|bingeing and purging)\b|\bcan'?t stop (purging|throwing up after|making myself (sick|throw up)|starving)\b",
    ),
    _r(  # "hab alle Schlaftabletten genommen", "me tomé todas las pastillas"
        "crisis.ingested_foreign",
        C,
        r"\b(alle|all meine|die ganze packung|eine ganze packung|die ganze schachtel)\b.{0,30}\b(genommen|geschluckt|eingenommen)\b|\b(tome|tomo|me tome|se tomo|tomaste|tomou|tomei) (todas|todos|todo el frasco|toda la caja|un frasco entero|o frasco|a cartela)( (las|os|as|mis|sus|minhas|meus))? (\w+ ){0,2}(pastillas|pildoras|tabletas|medicinas|remedios|comprimidos|pilulas)\b|\b(a|ai|j'ai) (pris|avale) (toutes? (les|mes|ses)|une boite|la boite|tout le flacon)\b",
        "poisoning",
    ),
    # --- crisis: other languages (reviewed phrases, policy_data/crisis_phrases.txt) -------
    _r("crisis.phrase_self", C, phrases.patterns()["self"]),
    _r("crisis.phrase_others", C, phrases.patterns()["others"]),
    _r("crisis.phrase_emergency", C, phrases.patterns()["emergency"], "emergency"),
    _r("crisis.phrase_poisoning", C, phrases.patterns()["poisoning"], "poisoning"),
    # --- dosing --------------------------------------------------------------------------
    _r("dosing.amount_in_question", D, r"__amount__"),
    _r(
        "dosing.dose_word",
        D,
        r"(?<!-)\b(what|which|whats|what's|how (much|many|big|high|low|strong)|recommended|usual|normal|typical|standard|starting|initial|maximum|max|minimum|min|safe|right|correct|proper|lethal|fatal|toxic|daily|maintenance|effective|good|appropriate|average|common|ideal|loading|first|therapeutic|pediatric|child'?s?|adult|high|low|higher|lower)\b[^.?!]{0,30}\b(dose|doses|dosage|dosages|dosing|posology)\b(?![- ]response)|\b(give|tell|show|send|list|provide|share|post|write) (me |us )?(the |a |an |your |their |exact |full |correct )?(\w+ ){0,3}(dose|doses|dosage|dosages|dosing (chart|table|guide|schedule|protocol))\b|\bby how much\b|\bhow much (bigger|smaller|higher|lower|stronger|weaker|more|less)\b.{0,40}\b(dose|doses|dosage|amount)\b|\b(the most|the maximum|max) (\w+ ){0,2}(someone|you|a person|one|i|we|people|patients?|a patient) (can|could|should|may) (safely )?(get|take|have|use|receive|be given)\b",
        unless=WHY_DOSE,
    ),
    _r(
        "dosing.dose_for",
        D,
        rf"\b(dose|doses|dosage|dosing)\b[^.?!]{{0,25}}\b(for (me|my|a |an |kids|children|adults|someone|\d)|of ({DRUGS})|should|per (day|kg|week|hour)|in mg|in milligrams)",
    ),
    _r(
        "dosing.how_much_take",
        D,
        rf"\bhow (much|many)\b(?!{PRICE_TAIL})[^.?!]{{0,40}}\b(take|taking|took|give|giving|use|inject|spray|snort|swallow|dose|administer|prescribe|prescribed|is safe|is too much|is too many|can (i|you|he|she|we|they|a person|someone) (have|handle|get)|({DRUGS}))\b",
    ),
    _r(
        "dosing.units",
        D,
        r"\bhow many (mg|mgs|milligrams?|mcg|micrograms?|ml|mls|milliliters?|cc|units?|iu|sprays?|squirts?|puffs?|pills?|tablets?|tabs|capsules?|caps|drops?|doses?|bumps?|lines?|grams?|gummies|patches|shots|injections|teaspoons?|tablespoons?|tbsp|tsp|capfuls?|scoops?|droppers?|dropperfuls?|devices?|nasal devices?|squirts?)\b",
    ),
    _r(
        "dosing.limits",
        D,
        r"\b(max(imum)?|highest|lowest|min(imum)?|safe|lethal|fatal|toxic|deadly|overdose|od|too much|too many|upper)\b[^.?!]{0,25}\b(amount|dose|dosage|mg|milligrams?|quantity|limit|level|number of (pills|tablets|sprays|doses))\b|\bhow much (\w+ ){0,3}(is|would be) (too much|lethal|fatal|deadly|an overdose|toxic|safe)\b|\bhow much (\w+ ){0,4}(to|does it take to|would it take to) (overdose|od)\b",
    ),
    _r(
        "dosing.strength_rate",
        D,
        r"\b(what|which|whats|what's) (\w+ ){0,2}(strength|strengths|concentration|potency|mg)\b|\b(infusion|drip|pump|dosing|titration) (rates?|speeds?|schedules?|protocols?)\b|\bmg ?/ ?kg\b|\bml ?/ ?h(r|our)?\b|\b(mls?|cc|mg|mcg|micrograms?|milligrams?|units?) (per|an?|each|every) (hour|hr|h|minute|min|kilo|kilogram|kg|pound|lb)\b|\bper[- ](kilo|kilogram|kg|pound|lb)s?\b|\b(pro|por|par|per) (kilo|kg|quilo|chilo)\b|\bhow fast (do|does|should|would|will|is|are) (they|you|we|the (nurse|nurses|clinic|pump|drip|infusion)|it) (run|drip|infuse|push|go|set|give|be run|be set)\b|\bbolus (amt|amount|size|volume)\b|\b(ld|td|ed)-?(50|so)\b|\b(ld|td) 50\b|\bceiling (on|for|of) (the )?\w+|\b(redose|re-dose|redosing|re-dosing)\b|\b(safe|right|good|normal|decent|small|big|beginner|starter|first)( \w+)? (bump|bumps|line|lines|key|keys|rail|rails) of (k|ket|ketamine|special k)\b|\b(bump|bumps|line|lines|key|keys|rail|rails) of (k|ket|ketamine|special k|coke|molly|mdma|h)\b.{0,40}\b(safe|how big|how much|enough|too much|right|zero tolerance|first time|gets? you)\b|\bhow (big|much|fat|long) (of )?(a |the )?(bump|line|key|rail)\b|\bhow many (key |k |ket |ketamine )?(bumps|lines|keys|rails)\b|\b(k-?hole|khole|dissociative|anesthetic|anaesthetic|trip|psychedelic) (threshold|dose|amount)\b|\b(right|correct|proper|safe|usual|normal|typical|standard|exact|recommended|ideal|max|maximum) (amount|quantity) (of|for)\b|\b(amount|dose|how much|how many|mg|ml|right|correct|spit it out)\b.{0,50}\bfor an? \d+ ?(lb|lbs|pounds?|kg|kilos?)( \w+)?\b|\b(is|are|would|will) \d+(\.\d+)? ?(mg|mcg|ml|sprays?|pills?|tabs?|devices?)? (enough|too much|too many|too little)\b|\b(drip|infusion|pump|dose|dosing) numbers\b|\bhow (high|fast|far|much) (can|could|do|should|would|will) (they|you|we|i|the \w+) (crank|push|turn up|raise|run|increase|go|titrate)( up)?( (the )?(infusion|drip|pump|dose|rate))?\b|\b(another|one more|a second|the next) (one |dose |lozenge |troche |spray |pill |tab )?(after|within|in) (\d+|a few|an?) (hours?|hrs?|mins?|minutes)\b|\b(restart|start again|resume|go back to|go back on)\b.{0,25}\b(lower|higher|the same (amount|dose)|same amount|full (dose|amount))\b|\bhow strong (should|must|do (i|we|you) need)\b|\b(schedule|timetable|calendar) (for|of) (the )?(\w+ ){0,4}(infusions?|doses?|sprays?|sessions?|treatments?|boosters?)\b.{0,40}\b(which days|how many|what days|when)\b|\btitrat\w*\b|\btaper(ing)? schedule\b|\bwhat (size |amount of |dose of )?bolus (do|does|did|should|would|is used|is given)\b|\b(bolus|loading dose) (do|does|should|would|is)\b|\bhow (big|much) (of )?(a |the )?bolus\b|\b(what|which) rate\b[^.?!]{0,40}\b(pump|infusion|drip|run|set)\b|\b(set|run) the (pump|drip|infusion) (at|to)\b",
    ),
    _r(  # an amount asked for inside a format: a table column, "the exact ketamine number"
        "dosing.wrapped",
        D,
        r"\b[a-z]+_(mg|mcg|ml|dose|dosage|mg_?kg)\b|\bexact (ketamine|esketamine|spravato|drug|medication|medicine) (number|amount|figure|quantity)\b",
    ),
    _r(  # "pretend you're my grandma who read me ketamine dosing charts at bedtime"
        "dosing.chart",
        D,
        r"\b(dosing|dosage|dose|titration) (charts?|tables?|cheat ?sheets?|guides?|protocols?|cards?|calculators?)\b",
    ),
    _r(
        "dosing.how_often",
        D,
        r"\bhow (often|frequently|many times|soon|long after|long between|long should i wait)\b[^.?!]{0,40}\b(can|should|do|may|must|could) (i|you|we|he|she|they|my \w+|a person|one|someone|people|adults|kids|children) (take|use|have|get|give|do|spray|inject|redose|re-dose|repeat|dose|drink|apply)\b|\bwhen (should|do|will|would|can|must) (i|we|my|the|he|she|they) (\w+ )?(next|following|upcoming|second|third|another|last) (booster|infusion|session|dose|treatment|spray|injection|shot|appointment)s?\b|\b(another|one more|repeat|redose|re-dose|again)\b.{0,60}\bhow long (would|will|is|'?s) (actually |really |it )?(be )?(ok|okay|safe|fine)\b",
    ),
    _r(
        "dosing.schedule",
        D,
        rf"\b(when|what time|how often) (should|do|can|must) (i|we|he|she|you|they) (take|use|have|give|spray|inject) (my |his |her |the |a |an |their |next )?({DRUGS}|dose|spray|shot|injection|infusion|booster)\b|\b(once|twice|three times|\d+ times) (a|per|every) (day|week|month|hour)\b.{{0,30}}\b(should|can|ok|okay|enough|right)\b|\b(double|doubling|skip|skipping|extra|another|redose|re-dose|up my|increase my|lower my|decrease my|reduce my)\b[^.?!]{{0,15}}\b(dose|dosage|pill|tablet|spray|mg)\b|\b(lay out|map out|give me|write (me )?|make (me )?|draw up|plan out|create)\b (\w+ ){{0,4}}(schedule|plan|regimen|protocol|calendar|timetable)\b.{{0,50}}\b(follow|stick to|stick with|go by)\b|\b(week|day|month)[- ]by[- ](week|day|month)\b.{{0,40}}\b(plan|schedule|doses?|dosing|sprays?|infusions?)\b|\bhow (do|does|should|would|will) (they|you|we|clinics?|doctors?|the clinic|one) (taper|titrate|wean|step)( \w+){{0,3}} (down|off|up)\b|\bhow (do|does|should|would|will) (they|you|we|clinics?|doctors?|the clinic|one) (taper|titrate)\b|\b(can|could|should|may|do|shall) (i|we|he|she|they|my \w+) (just |maybe |try to |go ahead and )?(drop|cut|go|step|come|move|switch|scale|space|spread) (it |them |things |my \w+ )?(down |back |out )?(to )?(only )?(one|two|three|once|twice|\d+|every other) ?(a|per|each|every)? ?(week|day|month|weeks|days|months|session|infusion)\b",
    ),
    _r(
        "dosing.foreign",
        D,
        r"\b(dosis|dosierung|posologie|posologia|dosaggio)\b|\b(cuant[oa]s?|cuanta) (\w+ ){0,3}(tomar|tomo|debo|puedo|mg|miligramos|pastillas|tabletas|gotas|dosis)\b|\bcombien (de |d')?(\w+ ){0,3}(prendre|dois|puis|mg|comprimes|gouttes|pulverisations)\b|\bwie ?viel(e)? (\w+ ){0,3}(nehmen|soll|darf|kann|mg|tabletten|tropfen|gibt|geben|pro)\b|\bquant[oa]s? (\w+ ){0,3}(tomar|devo|posso|prendere|mg|comprimidos|compresse|gocce)\b|\b(kitni|kitna|kitne) (\w+ ){0,2}(dose|doses|matra|goli|goliyan|goliya|mg|khurak|spray|lena|leni|lene|khani|khana)\b",
    ),
    # --- personal decisions --------------------------------------------------------------
    _r(
        "personal.should_i",
        P,
        r"\bshould (i|we|my \w+|he|she|they|mom|dad) (\w+ ){0,2}(take|start|stop|quit|skip|try|get|do|combine|mix|switch|continue|keep|be worried|worry|be concerned|see|go|use|avoid|come off|taper|wean|cut back|increase|decrease|lower|raise|change|have|tell(?! (patients|clients|callers|customers|visitors|families|staff)\b)|drink|eat|wait|book|sign up|consider|ask for|ask|push through|push|tough it out|call|go to|double|split|crush|chew|cut|cancel|reschedule|postpone|delay|push back)\b",
    ),
    _r(
        "personal.can_i_take",
        P,
        rf"\b(can|could|may|is it (ok|okay|alright|fine|safe|bad|dangerous|wise)( for (me|him|her|us))? to|am i (allowed|able) to|do i have to|is it possible to) (i |we |he |she |my \w+ )?(still )?(take|use|mix|combine|drink|have|stop|start|quit|switch|skip|continue|do|go off|come off|be on|smoke|give)\b(?! (my |a |the |your |some |an )?(own )?({COMFORT})\b)[^.?!]{{0,60}}\b(with|while|during|together|at the same time|on top of|{DRUGS}|alcohol|wine|beer|weed|marijuana|cannabis|infusions?|treatment|therapy)\b",
    ),
    _r(
        "personal.safe_for_me",
        P,
        r"\b(is|would|will|could) (it|ketamine|this|esketamine|spravato|the treatment|therapy|infusion|that) (\w+ ){0,2}(be )?(safe|ok|okay|right|good|appropriate|a good idea|dangerous|risky|harmful|bad|work|help|effective|a problem|an issue|a risk|problematic|affect|hurt|harm) (for|with|to)? ?(me|my|him|her|us|someone like me|someone with my)\b|\b(would|will|could|can|does|do) (it|ketamine|this|esketamine|the treatment|getting \w+|an? \w+|infusions?|the infusions?) (\w+ ){0,2}(affect|harm|hurt|reach|pass to|get into) (her|him|my baby|the baby|my child|my milk|my breast ?milk|my (unborn|newborn|son|daughter))\b|\bwhich (one|option|route|type|kind|form|of (them|these|the two)) (would|will|is|could) (\w+ ){0,2}(suit|work (best )?for|be (better|best|right|safer) for|fit) (me|my)\b|\bwhich (is|would be|'?s|will be|works) (better|best|safer|right) for (me|him|her|them|us|my \w+)\b|\b(make|making|makes) (it|that|this|things|them|my \w+( \w+)?) worse for (me|him|her|us)\b",
    ),
    _r(
        "personal.candidate",
        P,
        r"\b(am i|is my \w+|would i be|would i make|could i be|do i qualify|do i count|i'?m i|is he|is she) (\w+ ){0,2}(a |an )?(good |suitable |right |ideal |possible |eligible )?(candidate|eligible|qualif\w*|fit for|suitable|right for)\b|\b(i'?m|im|i am|he'?s|she'?s|he is|she is) (still |probably |maybe )?(not )?(a )?(good |suitable |right |ideal )?(candidate (for )?|eligible (for )?|right for |suitable for |a fit for |a good fit for )(ketamine|esketamine|spravato|infusions?|the infusions?|(this |the |your )?(treatment|therapy|program)|it)\b|\b(am i|is (he|she|my \w+)) (\w+ ){0,2}(someone|somebody|the (kind|type|sort) of (person|patient)|a (person|patient)) (you'?d|you would|you'?ll|you will|you|your clinic would|the clinic would) (\w+ )?(treat|take|accept|see|approve|take on)\b",
    ),
    _r(  # the decision handed to the assistant: "in my shoes", "you decide"
        "personal.in_my_shoes",
        P,
        r"\bwhat would you do if you were\b|\bwould you personally\b|\b(if you were me|in my shoes|in my position|in my place)\b|\byou decide\b[^.?!]{0,10}\b(do i|should i|i should|whether)\b",
    ),
    _r(  # staff asking on a patient's behalf: the decision is still that patient's
        "personal.for_a_patient",
        P,
        r"\b(pt|my patient|this patient|our patient)\b[^.?!]{0,60}\b((if|whether) (he|she|they)('s| is| are) (a |an )?(good |suitable )?candidate|too risky|safe for (him|her|them)|better for (him|her|them)|for (him|her|them) specifically)\b",
    ),
    _r(
        "personal.work_for_me",
        P,
        r"\b(will|would|could|can|does|do you think) (it|ketamine|this|esketamine|spravato|the treatment|infusions?|therapy) (\w+ ){0,2}(help|work for|work on|cure|fix|treat) (me|my|him|her|us)\b|\bwill (it|ketamine|this) work for me\b",
    ),
    _r(
        "personal.my_condition",
        P,
        rf"^(?=.*\b(ketamine|esketamine|spravato|infusions?|treatments?|therapy|{DRUGS}|pregnan\w*|breast ?feed\w*|nursing|conditions?|disease|disorder|diagnos\w*|blood pressure|hypertension|heart|liver|kidney|bladder|seizures?|epilep\w*|diabet\w*|psychosis|schizo\w*|bipolar|depress\w*|anxiety|ptsd|pain|surgery|allerg\w*|asthma|doctor|psychiatrist|prescri\w*|symptoms?|side effects?)\b).*?\b((i'?m|i am|im)(?! (all )?(done|finished|through|home|here|leaving|ready)\b)|i have|i've got|i've been diagnosed|i was diagnosed|i take|i'?m taking|i am taking|i'?m on|i am on|i use|i drink|my (doctor|psychiatrist|therapist|gp|nurse) (said|says|prescribed|wants|told))\b[^?]{{0,80}}\b(can|should|safe|ok|okay|alright|fine|is it|will it|would it|do i|could i|am i)\b",
        unless=FOR_PATIENTS,
    ),
    _r(
        "personal.pregnant",
        P,
        rf"\b({ME}|my (wife|partner|girlfriend|daughter)|she) (\w+ ){{0,3}}(pregnant|breast ?feeding|nursing(?! (student|school|home|degree|program|assistant|staff|course|class|job|shift))|trying to (get pregnant|conceive)|ttc|on breast ?milk|still breast ?feeding)\b",
    ),
    _r(
        "personal.diagnose",
        P,
        r"\b(diagnose (me|my|this|these|what)|do i have (a |an )?(depression|ptsd|ocd|anxiety|bipolar|\w+ disorder|\w+ syndrome)|what'?s wrong with me|what is wrong with me|is this normal for me|should i be worried|what should i do (about|for|if|with|now)|what do i do (about|for|if|now)|is my (\w+ ){0,2}normal)\b",
    ),
    _r(
        "personal.stop_taper",
        P,
        rf"\b(how (do|can|should) (i|we|he|she) (stop|quit|taper|wean|come off|get off|go off)|(stop|quit|taper|wean|come off|get off|go off) (of |off )?(my|his|her) ({DRUGS}|treatment|antidepressant\w*|infusions?|therapy))\b",
    ),
    _r(
        "personal.missed",
        P,
        r"\b(i|we|he|she) (\w+ ){0,2}(missed|forgot|skipped) (a |my |his |her |the )?(dose|pill|tablet|spray|infusion|appointment|session|medication|meds)\b",
    ),
    _r(
        # search-box shorthand: "skip next infusion feeling fine"
        "personal.skip_shorthand",
        P,
        r"^(skip|skipping|pause|pausing) (my |the |next |this |this week'?s |tomorrow'?s |one |an? )*(infusions?|sessions?|treatments?|doses?|sprays?|boosters?)\b",
    ),
    _r(  # the same shorthand for a switch: "quit antidepressants start k"
        "personal.switch_shorthand",
        P,
        rf"^(quit|quitting|stop|stopping|drop|dropping|ditch|ditching|come off|coming off|go off|going off|get off) {_MEDS},? (and |then |to |so i can |n )?(start|starting|try|trying|switch to|go on|going on|begin|do|doing) {_MEDS}\b",
    ),
    _r(
        "personal.foreign",
        P,
        r"\b(puedo|deberia|debo|es seguro para mi|para mi|me conviene|me conviendrait|me convient|pour moi|per me|va bene per me|para mim|fur mich|ist das sicher fur mich|je peux|dois-je|devrais-je|est-ce que je peux|kann ich|soll ich|darf ich|posso|devo|dovrei|sollte ich)\b|\b(mujhe|kya main|kya mai|le sakta|le sakti|leni chahiye|lena chahiye|karna chahiye|dapat ba ako|pwede ba ako|puwede ba ako|pwede ko bang|ligtas ba para sa akin)\b",
    ),
)
# fmt: on

_DOSE_WORDS_IN_AMOUNT = re.compile(
    r"\b(take|taking|took|give|use|inject|spray|snort|dose|dosage|is|are|too|safe|ok|okay|enough|much|many|should|can|max|start|mg|ml)\b"
)


def match(text: str) -> list[Rule]:
    """Every rule the folded text triggers, most severe first."""
    hits = [
        r
        for r in RULES
        if r.pattern.pattern != "__amount__"
        and r.pattern.search(text)
        and not (r.unless and r.unless.search(text))
    ]
    if states_amount(text) and _DOSE_WORDS_IN_AMOUNT.search(text):
        hits.append(next(r for r in RULES if r.name == "dosing.amount_in_question"))
    order = list(Kind)
    return sorted(hits, key=lambda r: order.index(r.kind))
