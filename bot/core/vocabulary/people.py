"""Who does what, as tables: people described rather than named ("a new guy", "someone named
Olivia"), someone else's deeds ("my partner pitched"), their purchases ("Priya booked the photo
package", "Okafor agreed to a trial", "Leah's in!"), and the seller's cheers ("lets goooo").
Used by `bot.core.subjects` and `bot.core.clause`. Pure data."""

from __future__ import annotations

from bot.core.domain import Kind
from bot.core.roles import Role


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split("|"))


MORE_WORDS: dict[tuple[Role, tuple[Kind, ...]], str] = {
    (Role.VERB, (Kind.NURTURE,)): "dropped off|dropped by|dropped in|stopped by|popped by"
    "|popped in|swung by|checked on",
    (Role.NOUN, (Kind.LEAD,)): "new guy|new gal|new woman|new lady|new man|new girl|new face"
    "|new faces|new client prospect",
    (Role.FILLER, ()): "ngl|tbh|tbf|honestly|lowkey|fr|much|so much|very|super|kinda|sorta"
    "|literally|omw|happy bday|happy birthday|hbd|happy holidays|happy anniversary"
    "|happy new year|merry christmas|congrats|congratulations"
    "|coffee shop|coffee shops|coffeeshop|coffee house|coffee place|lunch spot|sold out",
    (Role.VERB, (Kind.LEAD,)): "met this guy|met this woman|met this lady|met this man"
    "|met this gal|met this girl|met this dude|met a dude|met this couple",
    (Role.STOP, ()): "through|thru",
    (Role.TO, ()): "heard back from|heard from|got back from|got a reply from"
    "|got a response from|got an answer from|once with|one with",
}
"""Words added to the lexicon (a word already known keeps its first sense): places named for
what they serve ("at the coffee shop") and "sold out" (stock ran out) are no stage."""

THEIR_LEAD = 1
"""The value of a stage verb sense that someone else does to become a lead ("filled out my
form", "booked a call via my site"): never their own deed."""
CHEER = 1
"""The value of an ACK sense that cheers ("lets go"): a plan when a stage follows it."""
CHEERS = "lets go|lets goo|lfg|lesgo|lessgo|here we go|woo hoo"

PERSON_NOUNS = _set(
    "guy|gal|woman|lady|man|girl|dude|person|someone|somebody|fella|chap|bloke|mom|dad|mum"
    "|owner|manager|couple|family|prospect|lead|referral|contact"
)
"""People described, not named: "a woman called Rosa", "someone named Olivia"."""
NAMING = _set("named|called")
AFFILIATION = _set("from")
"""In a subject, these tie someone to where they are from: "someone from Harbor Realty"."""
"""After a person noun and before a name, these name them: "a guy called Wes"."""
NEWCOMERS = _set("someone|somebody")
"""A subject that opens with these is someone new: "someone reached out"; so is one with an
article and a person noun, "new" or a lead noun: "a new prospect called me"."""
NEW = _set("new")
INTRODUCED_ME = _set("introduced me to|introd me to|referred me to")
"""Someone else's deeds that give the seller a lead: "Marta introduced me to Jules"."""
"""A lead noun opening with these is someone new: "talked to a new guy" met a lead."""
INBOUND = _set(
    "reached out|called|emailed|e-mailed|messaged|texted|dmed|dmd|contacted|pinged|wrote"
    "|wrote to|rang|phoned"
)
"""Someone new reaching the seller is a lead: "someone named Olivia reached out"."""
CONVERSATIONS = _set(
    "talked to|talked with|spoke to|spoke with|chatted with|met with|got talking to"
)
"""Talking to "a new guy" meets a lead: "talked to a new guy at the gym, Andre"."""
PURCHASES = _set("booked|reserved|agreed|committed")
"""Someone else's verbs that buy when a thing (not a call or meeting) follows them: "Priya
booked the photo package", "Okafor agreed to a 3 month trial"."""
SELLER_WINS = _set(
    "closed|won|sold|landed|landed a client|landed a deal|closed a deal|closed the deal"
    "|landed a new client|converted"
)
"""Answer verbs a seller says of their own win: "my cofounder closed a deal" is not mine."""
PRODUCTS = _set(
    "package|packages|session|sessions|plan|plans|program|programme|course|class|classes"
    "|membership|trial|bundle|service|services|shoot|retainer|subscription|upgrade|kit"
    "|pack|deal|contract|proposal|offer|quote|order|tier|option|coaching"
)
"""What someone books or agrees to that is a purchase: "booked the photo package" (not "booked
the venue", "booked a call")."""
AGREED_TO = _set(
    "buy|sign|sign up|join|start|purchase|renew|upgrade|go ahead|move forward|proceed|book"
)
"""What someone "agreed to" do that is a yes."""
JOINED = _set("in|onboard")
LEFT = _set("out")
"""After "he's", "Vince is", this says no: "heard back from Vince, he's out"."""
"""After "Leah's", "she's", these say yes: "leah's in!"."""
ASKED_ABOUT = _set("how|what|about|after")
"""After "asked", these ask about someone's life, not for the sale: "asked how it went"."""
ASKED_IF = _set("if|whether")
"""After "asked", these open the question put to someone: "asked if she's in"."""
VISITS = _set("at|on")
"""After a touch verb, a capitalised name after these is who: "checked in on Gabe"."""
RESTATING = _set("just|only|exactly|literally")
"""A count alone after a log with these says it again: "one ask today. just one."."""
RELATIONS = _set(
    "neighbor|neighbour|friend|cousin|boss|client|customer|coworker|co-worker|colleague|buddy"
    "|pal|mate|sister|brother|sis|bro|aunt|uncle|mom|mum|dad|wife|husband|partner|landlord"
    "|dentist|doctor|accountant|lawyer|barber|hairdresser|trainer|coach|mentor|classmate"
    "|roommate|teacher|pastor|realtor|agent|owner|manager|founder|ceo|director|contact"
    "|referral|lead|prospect|guy|lady|girl|dude|kid|son|daughter|niece|nephew|gym buddy"
    "|bestie|ex-boss|ex-colleague|old boss|receptionist|vendor|supplier|contractor"
)
"""Who someone is to the seller: a lowercase word right after them is a name ("my neighbour
gail", "my old client walt")."""
FAMILY = _set(
    "husband|wife|hubby|wifey|spouse|kid|kids|son|daughter|mom|mum|dad|mother|father|boyfriend"
    "|girlfriend|bf|gf|fiance|fiancee|toddler|dog|cat|parents|in-laws|family|sister|brother"
    "|sis|bro|aunt|uncle|grandma|grandpa|nan|landlord|landlady|bank|roommate|flatmate|doctor"
)
"""Family saying yes or no is most likely not a buyer: "my husband said yes to dinner"."""
SERVICES = _set(
    "plumber|electrician|mechanic|printer|vet|dentist|hairdresser|barber|cleaner|handyman"
    "|contractor|bank|insurer|garage|pharmacy|doctor|doctors|barista|waiter|waitress|cashier"
    "|bartender|driver|server|receptionist"
)
"""Who serves the seller: their yes or no, or a call to them, asks before it logs ("the
printer said no", "called the plumber about my sink")."""
RELATIVES = _set("who|that|which|whom")
"""After a stage word, these tell of someone: "called two customers who bought last year"."""
COLLEAGUES = _set(
    "partner|business partner|cofounder|co-founder|colleague|coworker|co-worker|teammate"
    "|associate|assistant|va|rep|sales rep|boss|team|employee|intern|competitor|competition"
)
"""Their wins are not the seller's: "my partner Jess signed three new clients"."""
DEAL_NOUNS = _set("deal|account")
"""After "the" and one lowercase word, these show the word is who: "lost the dunmore deal"."""
FOR_WHOM = _set("for")
"""A capitalised name after these is who: "did a demo for Northwind", "a quote for Acme"."""
BUYERS_SAY = _set(
    "said yes|said no|says yes|says no|say yes|say no|said yess|said yep|said yup|said sure"
    "|declined|passed|rejected|refused|accepted|turned down|signed up|said no thanks|said pass"
)
"""A buyer's answers: said by the seller ("I said no to dessert") they are not one."""
THINGS_ENDED = _set("lost|closed|won|landed")
"""Verbs that end a deal or a thing: "lost my keys", "closed the office" tell of a thing."""
TO_DO_VERBS = _set("offered|asked|proposed|invited|volunteered|promised")
"""With "to" and a verb of the seller's own, these tell of no ask: "offered to drive"."""
HIRED = _set("booked|hired|booked in|signed")
"""Someone who "booked me" hired the seller: a yes (not "bought me lunch")."""
SENT_THINGS = _set("sent|gave|sent out")
"""Something sent to people with no stage word ("sent Maria a photo") is likely a touch."""
CALLS = _set(
    "call|calls|demo|demos|meeting|meetings|zoom|zooms|phone call|sales call|discovery call"
    "|demo call|mtg|video call|intro call"
)
"""A sales conversation: an ask said right after it was made in it ("demo call with Acme,
asked them to sign" is one ask; "lunch with Dev and asked him" a lunch and an ask)."""
SELLERS_TOO = _set("signed up|accepted")
"""Said with nobody before them, these are the seller's own: "just signed up"."""
PERSONAL = _set(
    "house|home|car|apartment|flat|rent|lease|vacation|holiday|trip|phone|laptop|keys|dog|cat"
    "|coffee|lunch|dinner|breakfast|kid|kids|room|garden|sink|marriage|seat|lease|wedding"
    "|birthday|anniversary|bbq|barbecue|party|groceries|shopping"
)
"""The seller's own things: "the offer on our house fell through" is no deal of theirs."""
ONE_MORE = _set("a|an|another|one more")
"""After "sent … to", one more person: "sent a sample menu to a third one"."""
MORE = _set("more|extra")
"""A count with these adds to the log before: "asked Tom. 2 more"."""
VENUE_CUES = _set("at|during|after|before|over|via")
"""A stage noun after these is where it happened, not what: "met ravi at the chamber lunch"."""
OF_PLACE = _set("of|at|from")
"""After a relation, these lead to where they work: "the owner of blue door cafe"."""
OURS = _set("my|our")
"""The seller's own: "my kid", "our house", "my partner"."""
