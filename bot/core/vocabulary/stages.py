"""The stage words and the grammar words, as tables: each maps words or phrases to what they
mean (a stage and its kinds, or a role such as a plan, a negation, a filler). Looked up by
`bot.core.vocabulary.LEXICON`; the stage sense of a word wins over any other. Pure data."""

from __future__ import annotations

from bot.core.domain import Kind
from bot.core.roles import Role

ASK, LEAD, NURTURE, YES, NO = Kind.ASK, Kind.LEAD, Kind.NURTURE, Kind.YES, Kind.NO

STAGES: dict[tuple[Role, tuple[Kind, ...]], str] = {
    (Role.NOUN, (ASK,)): "ask|asks|direct ask|direct asks|proposal|proposals|quote|quotes"
    "|offer|offers|pitch|pitches|sales pitch|sales pitches|ask for the sale|asks for the sale"
    "|contract|contracts|estimate|estimates|bid|bids|tender|tenders",
    (Role.VERB, (ASK,)): "asked|pitched|invited|offered|proposed|quoted|made an offer"
    "|made offers|asked for the sale|asked for the business|asked for the order"
    "|asked for the biz|asked for the job|asked for the work|asked for the booking"
    "|asked for the appointment|asked for the signature|asked for a decision|floated"
    "|put an offer in front of|put a proposal in front of|put a quote in front of|made the ask"
    "|made my ask|popped the question|asked for the close|went for the close",
    (Role.BASE, (ASK,)): "invite|propose|asking|pitching|inviting|offering",
    (Role.NOUN, (LEAD,)): "lead|leads|new lead|new leads|referral|referrals|prospect|prospects"
    "|new contact|new contacts|new prospect|new prospects|new person|new people|new ppl"
    "|new folks|form fill|form fills|inquiry|inquiries|enquiry|enquiries|new inquiry"
    "|new inquiries|inbound lead|inbound leads|web lead|web leads|website lead|website leads"
    "|new connection|new connections|intro|intros|introduction|introductions|new referral"
    "|new referrals|new client lead|warm lead|warm leads|cold lead|cold leads|business card"
    "|walk-in|walk-ins|walkin|walkins|inbound|inbound call|inbound calls|inbound email"
    "|inbound emails|inbound dm|inbound dms"
    "|business cards",
    (Role.NOUN, (NURTURE,)): "touch|touches|nurture|nurtures|follow-up|follow-ups|followup"
    "|followups|follow ups|check-in|check-ins|checkin|checkins|coffee|coffees|lunch|lunches"
    "|dinner|dinners|drinks|breakfast|call|calls|phone call|phone calls|zoom|zooms|catch-up"
    "|intro call|intro calls|discovery call|discovery calls|coffee chat|coffee chats"
    "|catch-ups|catchup|newsletter|newsletters|article|articles|case study|case studies"
    "|blog post|blog posts|resource|resources|checklist|checklists|podcast episode|guide|guides"
    "|ebook|ebooks|e-book|whitepaper|white paper|white papers"
    "|something useful|useful link|thank-you note|thank you note|voice note|voice notes"
    "|nurture touch|nurture touches|touchpoint|touchpoints|touch point|touch points"
    "|thank-you card|thank-you cards|thank you card|thank you cards|thank-you notes"
    "|thank you notes|thank-you gift|thank you gift|birthday card|birthday cards|bday card"
    "|birthday message|bday message|birthday text|bday text|holiday card|holiday cards"
    "|handwritten note|handwritten notes|vm|vms|voicemail|voicemails|bday msg|birthday msg"
    "|convo|convos|conversation|conversations|great catch up|good catch up|nice catch up"
    "|lovely catch up|quick catch up|long catch up"
    "|beer|beers|brunch|brunches|happy hour|round of golf|walk|walks|phone convo|video call"
    "|video calls|facetime|coffee catch-up|coffee catchup",
    (Role.VERB, (NURTURE,)): "nurtured|touched|followed up|followed-up|checked in|checked-in|called"
    "|telephoned|rang up"
    "|left a vm for|left a voicemail for|left a vm|left a voicemail|fud w|f-ud w"
    "|phoned|rang|caught up|touched base|shared|sent over|fud|f-ud|got off the phone with"
    "|was on the phone with|hopped on a call with|jumped on a call with|got on a call with"
    "|had a call with|checked in w|followed up w|caught up w|mailed|hung out with|reconnected with"
    "|grabbed coffee with|grabbed lunch with|grabbed drinks with",
    (Role.BASE, (NURTURE,)): "follow up|check in|catch up|touch base|nurture|calling|following up"
    "|checking in|catching up|phone|ring",
    (Role.NOUN, (NURTURE, ASK)): "meeting|meetings|mtg|mtgs|demo|demos|sales call|sales calls"
    "|presentation|presentations|email|emails|message|messages|dm|dms|text|texts|msg|msgs"
    "|sales meeting|sales meetings",
    (Role.VERB, (NURTURE, ASK)): "emailed|e-mailed|messaged|texted|dmed|dmd|dm'd|reached out"
    "|msgd|msg'd|msged|inboxed|whatsapped|wa'd|voice noted|vm'd|vmd|left a voicemail for"
    "|contacted|talked to|talked with|spoke to|spoke with|chatted with|visited|met with"
    "|demoed|demo'd|presented to|pinged|wrote to|wrote|sat down with|sat with|met up with",
    (Role.BASE, (NURTURE, ASK)): "email|message|reach out|contact|talk to|meet with|emailing"
    "|messaging|texting",
    (Role.VERB, (LEAD, NURTURE)): "met|connected with|connected|networked|networked with",
    (Role.VERB, (LEAD,)): "swapped cards with|exchanged cards with|traded cards with"
    "|added|found|sourced|generated|collected|prospected|introduced to"
    "|got introduced to|was introduced to|introduced me to|introd to|got introd to"
    "|introd me to|referred me to|got referred to|was referred to|met a guy|met a woman"
    "|met a lady|met a man|met a gal|met someone new|met somebody new",
    (Role.NOUN, (YES,)): "sale|sales|new client|new clients|new customer|new customers|close"
    "|closes|closed deal|closed deals|win|wins"
    "|signed contract|signed contracts",
    (Role.ANSWER, (YES,)): "yes|yeses|yesses|yep yes",
    (Role.ANSWER, (NO,)): "no|nos|noes|not interested",
    (Role.WIN, (YES,)): "closed|won|signed|sold|landed a client|landed a deal|said yes"
    "|said yess|said yep|said yup|said sure"
    "|says yes|say yes|signed up|accepted|converted|closed a deal|closed the deal"
    "|landed a new client|landed|closed-won|closed won"
    "|voted yes|gave the green light|gave me the green light|gave a yes|said go",
    (Role.WIN, (NO,)): "lost|declined|passed|rejected|turned down|turned me down|said no|say no"
    "|closed-lost|closed lost"
    "|fell through|fell apart|ghosted me|got ghosted by|ghosted by|was ghosted by"
    "|says no|refused|went with someone else|got turned down by|was turned down by"
    "|turned down by|got rejected by|was rejected by|rejected by|got a pass from|said no thanks"
    "|said pass|passed on it|said not now",
    (Role.REPLY, (NO,)): "nope|nah|not right now|not now|not at the moment|not at this time"
    "|not this time|not for now",
    (Role.REPLY, (YES,)): "yep|yup",
    (Role.THEIR_WIN, (YES,)): "bought|purchased|upgraded|renewed|enrolled|subscribed|went ahead"
    "|signed on|bought in|hired|paid|paid the deposit|paid a deposit|paid the invoice|prepaid"
    "|ordered"
    "|reordered|re-ordered|placed an order|is going ahead|are going ahead|going ahead",
    (Role.THEIR_WIN, (NO,)): "went with another|went with a competitor|went with a different"
    "|went elsewhere|chose another|chose someone else|picked another|picked someone else"
    "|decided to go with another|decided to list with another|chose to stay with"
    "|decided to stay with|stayed with their|stuck with their|went for another"
    "|hired someone else|backed out|pulled out",
    (Role.AGREE, (YES,)): "will take|will buy|will sign|will sign up|will go ahead|will do it"
    "|will join|will order|will purchase|will upgrade|will renew",
    (Role.AGREE, (NO,)): "will pass|will pass for now|would pass|will not buy|wont buy",
}
SINGLES: dict[Role, str] = {
    Role.SAY: "said|says|told me|replied|answered|responded|gave me a|gave me",
    Role.TIMES: "once",
    Role.CARRIER: "people|person|persons|ppl|folks|clients|client|customers|customer|companies"
    "|names|name"
    "|company|businesses|business|accounts|account|deals|deal|owners|friends|friend|guys"
    "|decision makers|contacts|contact|connections|strangers|times|past clients"
    "|old clients|former clients|existing clients|members|agencies|shops|stores|managers|mgrs"
    "|directors|founders|ceos|buyers|parents|families|homeowners|couples|patients|students"
    "|moms|dads|brides|policyholders|restaurants|cafes|offices|practices|clinics|households|teams|vendors",
    Role.FUTURE: "tomorrow|tmrw|tmr|next|next week|next month|next time|later|later today"
    "|tonight|soon|this weekend|upcoming",
    Role.NEG: "not|didnt|did not|havent|have not|hasnt|hadnt|never|nobody|no one|noone"
    "|nothing|none|zero|couldnt|cant|cannot|wasnt|werent|dont|doesnt|wont|failed to"
    "|forgot to|no luck|nope|nada|zilch|skipped|missed|almost|nearly|chickened out|bailed"
    "|called in sick|off sick|out sick|day off"
    "|too scared to|was scared to|wimped out|chickened|ran out of time",
    Role.PLAN: "will|gonna|going to|need to|needs to|need|needs|have to|has to|got to|gotta|must"
    "|shall|plan to|planning to|planning|plan|lets|about to|trying to|try to|intend to"
    "|todo|to-do|reminder|remind me|schedule|scheduled|booked|set up|setting up",
    Role.WISH: "want to|wanna|want|wish|hope|hoping|hope to|should|shouldve|would|wouldve"
    "|says to|said to|told me to|tells me to|always says|recommends|suggests|suggested"
    "|hopefully|fingers crossed that|fingers crossed|wish me luck"
    "|could|couldve|might|may|id like|would like|aim|aiming|goal|target|maybe|if only",
    Role.QUESTION: "what|whats|how|hows|why|when|where|which|who|whom|did i|do i|am i"
    "|have i|should i|can i|could i|can you|could you|will you|would you|is it|is that"
    "|are you|any tips|any ideas|status|progress|my stats|my progress|my pace|help",
    Role.GREET: "hi|hello|hey|hiya|howdy|yo|gm|morning|good morning|good afternoon"
    "|good evening|good day|sup|hey there|hi there|hello there|evening|afternoon|greetings",
    Role.THANKS: "thanks|thank you|thx|ty|cheers|much appreciated|appreciate it|thank u|tnx",
    Role.ACK: "ok|okay|k|kk|cool|great|nice|awesome|perfect|got it|sounds good|sure|alright"
    "|fine|good|amazing|wow|yay|lol|haha|ugh|meh|hmm|oops|whoops|sweet|noted|right|yeah"
    "|omg|omfg|lmao|lmfao|rofl|hehe|phew|whew|woot|yesss|wooo|welp|dang|damn",
    Role.VAGUE: "few|a few|several|some|many|lots|lot|a lot|a bunch|bunch|a ton|tons"
    "|handful|a handful|loads|plenty|more|dozens|various|all|all of them|each one|every one"
    "|each of them|every one of them|in each one|each",
    Role.FILLER: "just|so|also|finally|already|only|actually|really|today i|again|out|back"
    "|in total|total|altogether|log|logged|days|day|ago|another|other|more|extra"
    "|came in|come in|came through|rolled in|showed up"
    "|update|quick update|recap|eod|end of day|daily update|daily log|tally|scoreboard|btw"
    "|got an offer|got offers|received an offer|got a quote|got quotes|received a quote"
    "|got a proposal|on the phone|on the phones|got off|just got off|off|manage to|managed to"
    "|not much to report except|nothing to report except|not much except|nothing much except"
    "|not much to report but|except|fingers crossed|back and forth|unfortunately"
    "|fortunately|sadly|luckily|happily|anyway|anyways|probably|prob|likely|definitely|i guess"
    "|guess|thats|that is|so i guess|arr|mrr|roi|po|eta|asap|tbd"
    "|going back and forth|well|fyi"
    "|is called|was called|is named|was named|has|have|i would like to record that"
    "|i would like to log that|i would like to record|please record|please log|please note"
    "|just logging|logging|for the record|spring|summer|fall|autumn|winter|christmas|xmas"
    "|thanksgiving|easter|halloween|the holidays"
    "|upstairs|downstairs|next door|nearby|down the street|across the street|around the corner"
    "|which was|that was|which is|which makes|so thats"
    "|well done|done|too|as well|first|last time|so far|till now|until now"
    "|woohoo|woo|yess|boom|oh|ah|um|uh|like|basically|successfully|officially|around"
    "|for the sale|for the business|for the order|for the close|for a decision|for a yes"
    "|for the deal|for a sale|to buy|to sign|to sign up|to join|to commit|up|today i just"
    "|straight|straight up|straight out|point blank|outright|flat out|directly"
    "|over|there|here|quick|quickly|good|great|awesome|nice|solid|productive|big|huge"
    "|small|useful|helpful|personal|short|long|real|proper|first|second|third|finally got",
    Role.LIGHT: "made|sent|sent out|had|got|did|gave|held|ran|picked up|filled out|filled in"
    "|submitted|brought in|brought"
    "|scored|received|closed|lined up|went for|grabbed|took|hosted|attended|joined|did a",
    Role.TO: "to|with|from|w/|w|for coffee with|named",
    Role.STOP: "for|about|at|on|in|if|whether|regarding|re|after|before|by|via|during"
    "|because|since|as|into|so that|that|who|which|where|while|though|although|than|of"
    "|unless|in case|as soon as",
    Role.DET: "the|my|our|his|her|their|this|that|these|those|your|its|one of my|each|every"
    "|any|all my|all the|some of my",
    Role.PRONOUN: "he|she|they|him|her|them|it|everyone|everybody|someone|somebody|anyone"
    "|theyd|hed|theyll"
    "|anybody|hes|shes|theyre|theyve",
    Role.ME: "me|us",
    Role.IS: "is|are|am|was|were|be|been|being|seems|feels",
    Role.AND: "and|but|then|plus|also|n|aswell|as well as|&",
    Role.SELF: "i|we|ive|im|weve|myself|ourselves|i just|we just",
    Role.ADJ: "new|direct|more|extra|cold|warm|hot|qualified|good|great|solid|quick|short"
    "|happy|satisfied|loyal|regular|repeat|lovely"
    "|long|useful|helpful|sales|intro|discovery|video|online|in-person|personal"
    "|real|proper|big|small|potential|possible|interested|free|paid|past|old|existing",
    Role.LAST: "last|this past|past",
    Role.GROUP: "as a group|as a team|group total|team total|collectively|between us"
    "|between all of us|all of us|great job everyone|great job team|go team|well done all",
    Role.HABIT: "usually|always|often|normally|generally|typically|tend to|tends to|every time"
    "|whenever|used to|most days|each day|every day|per day|per week|every week|every month"
    "|every morning|every afternoon|every evening|each week|each month",
}
