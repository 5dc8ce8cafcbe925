"""Question analysis: what a question asks for, found without a language model.

It finds recommendation ids in any common form ("V-17", "Rec. V 17", "recommendation 17",
"v17"), Convention Articles ("Article 38(2)", "Art. 38 para 2"), Parties by any of their names
("Türkiye", "Russia", a typo like "Norwey"), urgency words, and what kind of answer is wanted
(a list, a count, a definition, promising practices). A short follow-up ("And Monaco?") is read
in the light of the conversation before it.

Everything it matches against (which ids, Parties and words exist) comes from the corpus.

    >>> from corpus.collection import Corpus
    >>> analyser = Analyser(Corpus.load())
    >>> a = analyser.analyse("What is Norway required to do?")
    >>> a.parties, [l.value for l in a.levels]
    (['Norway'], ['require'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from corpus.articles import find_articles
from corpus.collection import Corpus
from corpus.parties import within_one_edit, fold
from corpus.records import Level
from index.text import STOPWORDS, stem, tokens, words

PARAPHRASES = Path(__file__).with_name("paraphrases.yaml")

_ROMAN = r"[IVXLC]{1,7}"
_DASH = r"[-–‑]"
_STRICT_ID = re.compile(rf"\b(?P<prefix>{_ROMAN})\s?{_DASH}\s?(?P<number>\d{{1,3}})\b", re.IGNORECASE)
_REC_WORD = r"(?:recc?om+[ae]n?d\w*|recs?\.?(?=\s)|rec\.)"
_WORD_ID = re.compile(
    rf"\b{_REC_WORD}\s*(?:no\.?|n°|nr\.?|number|#)?\s*(?:(?P<prefix>{_ROMAN})\s?(?:{_DASH}|\.)?\s?)?(?P<number>\d{{1,3}})\b", re.IGNORECASE
)
_NUMBER_WORDS = {
    w: n for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
        "eighteen nineteen".split()
    )
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SPELLED_ID = re.compile(
    rf"\b{_REC_WORD}\s*(?:no\.?|number|#)?\s*(?P<words>(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(list(_NUMBER_WORDS)[1:10])}))?|{'|'.join(_NUMBER_WORDS)})\b",
    re.IGNORECASE,
)
_MORE_IDS = re.compile(rf"\s*(?:,|and|&|or|et|ou)\s*(?:(?P<prefix>{_ROMAN})\s?{_DASH}?\s?)?(?P<number>\d{{1,3}})\b", re.IGNORECASE)
_RANGE = re.compile(rf"\s*(?:to|through|until|à|-|–)\s*(?:(?P<prefix>{_ROMAN})\s?{_DASH}?\s?)?(?P<number>\d{{1,3}})\b", re.IGNORECASE)

_LEVEL_FORMS = {
    Level.REQUIRE: ("require", "requires", "required", "requirement", "requirements", "requiring"),
    Level.REQUEST: ("request", "requests", "requested"),
    Level.INVITE: ("invite", "invites", "invited", "invitation", "invitations", "inviting"),
}
_LEVEL_WORD = {form: level for level, forms in _LEVEL_FORMS.items() for form in forms}
#: Every word that names an urgency level ("required", "invitations"): a level, not a subject.
LEVEL_WORDS = frozenset(_LEVEL_WORD)
_ANY_LEVEL = "|".join(sorted(_LEVEL_WORD, key=len, reverse=True))
# A level word counts when it is about the Committee's recommendations, not, say, a law that "requires".
_LEVEL_USES = [
    re.compile(rf"\b(?:committee|recommendations?|recs?|it|they|them|those|these|which|that|one|ones)\s+(?:\w+\s+){{0,2}}?(?P<w>{_ANY_LEVEL})\b"),
    re.compile(r"\b(?P<w>required|requested|invited)\s+(?:to|of|by)\b"),
    re.compile(r"\b(?P<w>requirements?|invitations?)\b"),
    re.compile(rf"['\"‘“«]\s*(?P<w>{_ANY_LEVEL})\s*['\"’”»]"),
    re.compile(rf"\blevels?\s+(?:of\s+)?(?:urgency\s+)?['\"‘“]?(?P<w>{_ANY_LEVEL})\b"),
    re.compile(rf"\b(?P<w>{_ANY_LEVEL})['\"’”]?[\s-]+(?:level|category|urgency)\b"),
    re.compile(rf"\bas\s+(?:a\s+)?(?P<w>{_ANY_LEVEL})\b"),
    # "the difference between an invitation and a request": both.
    re.compile(rf"\bbetween\s+(?:an?\s+|the\s+)?['\"‘“]?(?P<w>{_ANY_LEVEL})['\"’”]?\s+and\b"),
    re.compile(rf"\bbetween\s+(?:an?\s+|the\s+)?['\"‘“]?(?:{_ANY_LEVEL})['\"’”]?\s+and\s+(?:an?\s+|the\s+)?['\"‘“]?(?P<w>{_ANY_LEVEL})\b"),
    # "list the requests and requirements": a level word beside one that can only be a level.
    re.compile(rf"\b(?P<w>{_ANY_LEVEL})\s+(?:and|or|&)\s+(?:the\s+|all\s+)?(?:requirements?|invitations?)\b"),
    re.compile(rf"\b(?:requirements?|invitations?)\s+(?:and|or|&)\s+(?:the\s+|all\s+)?(?P<w>{_ANY_LEVEL})\b"),
    # "Which recommendation is the only request?"
    re.compile(rf"\b(?:the|an?)\s+(?:only|single|sole|one)\s+(?P<w>{_ANY_LEVEL})\b"),
    re.compile(rf"^\s*(?P<w>{_ANY_LEVEL})\b"),
    # "And required?", "what about invited ones?": a follow-up that names nothing but a level.
    re.compile(rf"^\W*(?:and|or|wh?at abo?u?t|how about|and wh?at abo?u?t|only|just|now)\s+(?:the\s+)?(?P<w>{_ANY_LEVEL})(?:\s+(?:ones?|recommendations?|level))?\s*\W*$"),
    # "same question but for requests", "and for invitations?": a follow-up that ends on "for" a level.
    re.compile(rf"\bfor\s+(?:the\s+)?(?P<w>{_ANY_LEVEL})(?:\s+(?:ones?|recommendations?|level))?\s*\W*$"),
    # "No, I meant the request": a correction that names a level.
    re.compile(rf"\bi\s+mean[t]?\s+(?:the\s+|an?\s+)?(?P<w>{_ANY_LEVEL})\b"),
    # "And Norway invited?", "what about Cyprus, required?": a follow-up that ends on a level.
    re.compile(rf"^\W*(?:and|or|what about|how about|and what about)\s+(?:[\w'-]+[\s,]+){{1,3}}(?P<w>{_ANY_LEVEL})\s*\W*$"),
    # "Why does V-19 require ...": a level said of a recommendation named by its id.
    re.compile(rf"\b{_ROMAN.lower()}\s?{_DASH}\s?\d{{1,3}}\s+(?:\w+\s+){{0,1}}?(?P<w>{_ANY_LEVEL})\b"),
]

# "the most urgent level" is the first of the levels, "the least urgent" the last.
# "Which recommendations are the strongest?": the same, the noun before the superlative.
_STRONGEST = re.compile(r"\b(?:most urgent|strongest|highest|most binding|most serious|top)\s+(?:level|urgency|category|recommendations?)\b"
                        r"|\b(?:recommendations?|recs?|ones)\s+(?:is|are)\s+(?:the\s+)?(?:most urgent|strongest|most binding|most serious)\b")
_WEAKEST = re.compile(r"\b(?:least urgent|weakest|lowest|least binding|softest)\s+(?:level|urgency|category|recommendations?)\b"
                      r"|\b(?:recommendations?|recs?|ones)\s+(?:is|are)\s+(?:the\s+)?(?:least urgent|weakest|least binding|softest)\b")
_COUNT = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b|\bin total\b|\btotal number\b|\bhow much\b")
_LIST = re.compile(r"\bwhich\b|\blist\b|\bwhat are\b|\bname (?:all|the|every)\b|\benumerate\b|\bshow (?:me )?(?:all|the|every)\b|\ball (?:the )?recommendations\b")
_DEFINE = re.compile(
    r"\bmean(?:s|ing|t)?\b|\bdefin\w*|\bindicat\w*|\bcorrespond\w*|\bstand for\b|\b(?:difference|diff)\s+between\b|\bsignif\w*|\bimpl(?:y|ies)\b"
    r"|\bbinding\b|\bmandatory\b|\bcompulsory\b|\bobligatory\b|\blegally\b|\ban obligation\b"
)
_MEANING = re.compile(r"\bmean(?:s|ing|t)?\b|\bdefin\w*|\bbinding\b|\bdifference\b")
_URGENCY_TERMS = re.compile(r"\b(?:what|which)(?: is|'s)? the (?:most urgent|strongest|highest|least urgent|weakest|lowest) (?:level|category)\b|\blevels? of urgency\b|\burgency levels?\b|\bterms?\b.*\burgency\b|\blevels?\b.*\b(?:use|used|uses)\b")
# ... and "Which Parties reported ...?": what a Party reported is a practice, the recommendations are the Committee's.
_PRACTICE = re.compile(r"\b(?:promising|good|best)\s+practices?\b|\bpractices?\b|\bexamples?\b|\bprais\w*|\bcommend(?:ed|s)?\b"
                       r"|\bwhich\s+(?:parties|states|countries)\s+(?:have\s+)?(?:reported|described)\b")
_ALL_PARTIES = re.compile(
    r"\b(?:to|for|of|on|by|asks?|invites?|requests?|requires?|recommends?|addressed|apply|applies|concern|concerns)\s+(?:the\s+)?all\s+(?:the\s+)?(?:states?\s+)?parties\b"
    r"|\ball (?:the )?(?:states? )?parties\s+(?:are|must|should|have|need|to)\b|\bevery party\b|\beach party\b|\ball parties\b(?=\s*[?.]?$)"
)
_NAMED_ONLY = re.compile(
    r"\b(?:specific|named|particular|individual|certain|specified)\s+(?:named\s+)?(?:parties|states|countries)\b|\bby name\b"
    # "and to specific ones?" after "addressed to all Parties".
    r"|\b(?:to|for)\s+(?:the\s+)?(?:specific|named|particular|individual|certain|specified)\s+ones\b"
)
# "Which recommendation names the most Parties?" (1), "... the fewest?" (-1).
_NAMING = r"\b(?:names?|naming|concerns?|concerning|address(?:es)?|addressed to|lists?|mentions?|covers?|with|has|have|to)\s+the\s+"
_MOST_PARTIES = re.compile(_NAMING + r"(?:most|largest number of|greatest number of|highest number of)\s+(?:named\s+)?(?:parties|states|countries|addressees)\b|\bmost (?:parties|states|countries) (?:are )?named\b")
_FEWEST_PARTIES = re.compile(_NAMING + r"(?:fewest|least|smallest number of|lowest number of)\s+(?:named\s+)?(?:parties|states|countries|addressees)\b|\bfewest (?:parties|states|countries) (?:are )?named\b")
# ("How many recommendations invite Parties to act?" counts recommendations.)
_PARTIES_COUNT = re.compile(r"\bhow many\s+(?:(?!recommendations?\b|recs?\b)\w+\s+){0,2}(?:parties|states|countries)\b")
_BOTH = re.compile(r"\bboth\b|\bin common\b|\bas well as\b|\bshare[sd]?\b[^?]*\bwith\b")
_RECOMMENDATION = re.compile(r"\brecommendations?\b|\brecs?\b|\brecommend\w*")
# "Which recommendations share Article 38(2)?": the verb right after "which recommendations" says how they
# relate to what follows (share, concern, cover), not what they are about.
_RELATION_VERB = re.compile(r"^\W*(?:which|what)\s+(?:two\s+|three\s+|other\s+)?(?:recommendations|recs)\s+(?:also\s+|both\s+)?(?P<verb>[a-z]+)\b(?=\s+(?:the\s+)?(?:article|art\.|level|v-?\d))")
_OBLIGATION = re.compile(
    r"\b(?:must|should|shall|has to|have to|hav to|need(?:s)? to|supposed to|expected to|asked to|asked of|ask of|asks?|asked|askd|"
    r"obliged|obligations?|required|requested|invited|recommend\w*|recs?|targeted|addressed|apply|applies|duty|duties|to do|want(?:s|ed)? (?:from|of))\b"
)
_GENERAL = re.compile(r"\boverall\b|\bsay(?:s)? about\b|\btell me about\b|\beverything\b|\banything\b|\bmention\w*|\bin general\b|\bsummar\w*")
_FOLLOW_UP_START = re.compile(
    r"^\s*(?:and|what about|how about|what of|same for|(?:the\s+)?same question(?:\s+but)?(?:\s+(?:for|about|with))?|and for|also|or|then|et|what if|wh?at abo?u?t|how bout|only|just"
    r"|(?:no|nope|sorry|oops|actually|wait)\b[\s,.!]*(?:i meant|i mean|rather|instead)?|i meant|i mean)\b",
    re.IGNORECASE,
)
_ANAPHORA = re.compile(r"\b(?:it|its|this|that|these|those|they|them|their|the same|same one|this one|that one|the ones|above|previous|other)\b")
# "What does CSAM mean?", "What does the abbreviation BKA stand for?"
ACRONYM_QUESTION = re.compile(
    r"\b(?i:what\s+(?:does|do|is|are)\s+(?:the\s+)?(?:abbreviation\s+|acronym\s+|term\s+)?)['\"“‘]?(?P<acronym>[A-Z][A-Z0-9-]{1,9})['\"”’]?\s+(?i:mean|stand\s+for|refer\s+to)\b"
)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "1st", "2nd", "3rd", "4th", "5th")
_ORDINAL = re.compile(rf"\b(?:the\s+)?({'|'.join(_ORDINALS)}|last|middle)\s+(?:one|recommendation|rec|of them|of those|item)\b")
# "and the second?": the ordinal ends the question.
_ORDINAL_END = re.compile(rf"\bthe\s+({'|'.join(_ORDINALS)}|last|middle)\s*[?.!]*\s*$")
# How a follow-up opens when it corrects or narrows the last question ("sorry, I meant ...", "now only ..."):
# not what the question is about.
_OPENER = re.compile(r"^\W*(?:(?:no|nope|sorry|oops|actually|wait|now|only|just)\b[\s,.!]*)*(?:i\s+meant|i\s+mean)?\b", re.IGNORECASE)
# "I want to know which ...", "I wonder whether ...": how the question is put, not what it is about.
_FRAMING = re.compile(
    r"^\W*(?:i\s+(?:want|would like|'d like|wish|need|am trying|'m trying)\s+to\s+(?:know|understand|find out|learn|see|check)|i\s+wonder(?:ed)?|"
    r"i'?m\s+(?:curious|wondering)(?:\s+about)?|i\s+am\s+(?:curious|wondering)(?:\s+about)?|(?:can|could|would)\s+you\s+(?:please\s+)?(?:tell|show)\s+me|please\s+tell\s+me"
    # "What search terms should I use to find ...", "Where in the factsheet can I find ...": how to look, not what for.
    r"|(?:what|which)\s+(?:search\s+)?(?:terms|keywords?|key\s+words|words)\s+(?:should|could|can|do|would|might|must)\s+(?:i|we|one)\s+(?:use|type|enter|search\s+for|look\s+for)"
    r"(?:\s+to\s+(?:find|look\s+up|search\s+for|locate|get\s+to|get))?"
    r"|(?:what|which)\s+(?:search\s+)?(?:terms|keywords?|key\s+words|words)\s+(?:would|will|could|might)\s+(?:find|bring\s+up|get|turn\s+up)"
    r"|where\s+(?:in\s+the\s+(?:factsheet|document|text)\s+)?(?:can|should|do|could|would|might)\s+(?:i|we|one)\s+(?:find|look\s+(?:up|for)?|read\s+about|see))\b",
    re.IGNORECASE,
)
# "As a policy officer, ...", "I'm a journalist: ...", "I work for an NGO; ...": who asks, not what is asked
# (left out only when it names nothing the question is about: "As a journalist covering Monaco, ..." keeps it).
_ROLE = re.compile(
    r"^\W*(?:(?:speaking|writing|asking)\s+)?as\s+(?:an?\s+|the\s+|one\s+of\s+the\s+)?[\w'’ -]{2,50}?(?:\s*[,:;–—]|\s+-)\s*(?=\S)"
    r"|^\W*(?:i'?m|i\s+am|we'?re|we\s+are|(?:i|we)\s+work\s+(?:for|at|in|as|with))\s+[\w'’ -]{2,50}?(?:\s*[,:;–—]|\s+-)\s*(?=\S)",
    re.IGNORECASE,
)
# "... about it as a journalist?": the role at the end.
_ROLE_AFTER = re.compile(r",?\s+(?:speaking\s+)?as\s+(?:an?|the)\s+[\w'’-]+(?:\s+[\w'’-]+){0,2}(?P<end>\s*[?.!]*\s*)$", re.IGNORECASE)
_HOW_MANY_WORDS = frozenset(tokens("many much"))
# What a finding does not hold: a deadline, a sanction, a budget. Asked of a recommendation, a Party or a
# paragraph, the answer is that the source says nothing of it (when the corpus has none of its words).
DETAILS = (
    ("deadline", re.compile(
        r"\b(?:deadlines?|time[- ]?limits?|time[- ]?frames?|timelines?|timetables?|due dates?|target dates?|by when|until when|"
        r"by what date|how (?:long|much time) do (?:they|parties|states|it|\w+) have)\b")),
    ("sanction", re.compile(
        # ("What happens if a Party receives an extradition request ...?" asks what the Convention provides: no sanction.)
        r"\b(?:sanction(?:s|ed)?|penalt(?:y|ies)|fines|fined|punish(?:ed|ment|ments)?|consequences?|"
        r"what (?:happens |would happen |will happen )?(?:if|when) (?:[\w'-]+ ){1,3}?(?:ignores?|ignored|does not|doesn't|do not|don't|did not|didn't|"
        r"fails?|failed|refuses?|refused|breach\w*|violat\w*|disregard\w*))\b")),
    ("budget", re.compile(r"\b(?:budgets?|funding|funds?|funded|money|costs?|costing)\b")),
)

# "what about 7?" after "What does V-6 say?": a bare number stands for a recommendation number.
_BARE_NUMBER = re.compile(
    r"^\W*(?:(?:and|or|what about|how about|and what about|ok|okay|then|now|et)\W+)*(?:the\s+)?(?:(?:no|number|nr|n°)\.?\s*|#\s*)?"
    r"(?P<numbers>\d{1,3}(?:\s*(?:,|and|&|or|et)\s*\d{1,3})*)\s*(?:then|too|please|pls|alors)?\W*$",
    re.IGNORECASE,
)
# "Unrelated: ...", "different question: ...": a new subject, whatever the last one was.
_NEW_TOPIC = re.compile(
    r"^\W*(?:unrelated|(?:a |one |another )?(?:different|new|other|separate|unrelated) (?:question|topic|subject)|"
    r"on (?:a |another )?(?:different|other|separate|unrelated) (?:note|topic|subject)|chang(?:e|ing) (?:of )?(?:the )?(?:subject|topic)|off[- ]topic)\b"
)
# "and in total?" after a count: the count of every recommendation, whatever the last one counted.
_IN_TOTAL = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|but)\W+)?(?:how many\s+)?(?:(?:are there|is that|does it make|altogether)\s+)?"
    r"(?:in total|altogether|all together|overall|in all|all in all|all told)\W*$"
)
# "and under (c)?", "and paragraph 4?" after an Article: another part of the same Article.
_BARE_PART = re.compile(
    r"(?<![\w)])\(\s*(?P<part>[a-z]|\d{1,2})\s*\)(?![\w(])"
    r"|\b(?:sub-?paragraph|paragraphe?|para\.?|letter|lettre|point|alin[ée]a|litt?\.?)\s+\(?(?P<named>[a-z]|\d{1,2})\)?(?![\w(])",
    re.IGNORECASE,
)
# "the first two", "and the last three?": that many of the last list, from its start or its end.
_FIRST_LAST_N = re.compile(r"\b(?:the\s+)?(first|last)\s+(two|three|four|five|2|3|4|5)\b(?!\s+(?:parties|states|countries|articles?|sections?|practices?)\b)")
# Chat spellings of small words ("teh", "abt", "pls", "the second 1"), read as the words they stand for.
_CASUAL = {"teh": "the", "hte": "the", "pls": "please", "plz": "please",
           "tho": "though", "thx": "thanks", "u": "you", "ur": "your", "r": "are", "k": "ok", "kk": "ok", "nxt": "next"}
# (single letters only in lower case: "R" or "U" may be an initial)
_CASUAL_WORD = re.compile(
    r"\b(?:(?i:" + "|".join(w for w in _CASUAL if len(w) > 1) + r")|" + "|".join(w for w in _CASUAL if len(w) == 1) + r")\b(?!['’&.-])"
)
_ONE_AS_DIGIT = re.compile(r"\b(first|second|third|fourth|fifth|last|middle|next|previous|other) 1\b", re.IGNORECASE)
_ORDINAL_SLOT = re.compile(r"\b([a-z0-9]+)\s+(?:one|recommendation|rec|of them|of those|item)\b")
# Words that point back at what the last answer listed.
_BACK_REFERENCE = re.compile(r"^\W*(?:and\s+|so\s+)?(?:is|are) (?:that|this|those|these)\b|\b(?:either|neither|each|both|any|all|none) of (?:those|these|them)\b|\b(?:those|these) (?:recommendations|ones|two|three)\b|^\W*(?:and\s+|so\s+|but\s+)?(?:are they|is it)\b|\bof them\b|\bthe same recommendation\b|\bthat recommendation\b|\bthis recommendation\b")
# "it", "that one": one thing already named ("the other one" is not it).
_SINGULAR_REFERENCE = re.compile(r"\b(?:it|its|this|that)\b(?! other)")
_PLURAL_REFERENCE = re.compile(r"\b(?:either|neither|both|those|these|them|they)\b")
_ARTICLE_WORD = re.compile(r"\barticles?\b|\bprovisions?\b")
_WHO = re.compile(r"\bwho\b|\bto whom\b|\baddressed\b|\baddressees?\b|\bwhich (?:parties|states|countries)\b")
# "And the next one?", "the one before": a recommendation's neighbour in its document's order.
_NEXT = re.compile(
    r"\b(?:next|following|subsequent)\s+(?:one|recommendation|rec)\b|\bthe one (?:right |just )?after\b|\b(?:recommendation|one)\s+(?:right |just )?after (?:it|that|this)\b"
    r"|\bwhat comes (?:next|after)\b|\bthe next\s*[?.!]*\s*$"
    # "and after that?": the one after the recommendation just named.
    r"|^\W*(?:and|ok|okay|then|so)?\W*(?:the one\s+)?(?:right\s+|just\s+)?after(?: (?:that|it|this)(?: one)?)?\W*$"
)
# "Which recommendation follows V-5?", "what comes before recommendation 12?": a neighbour of the id named.
_FOLLOWS_ID = re.compile(
    r"\b(?:(?P<after>follows?|following|(?:comes?|is|one|recommendation|rec)\s+(?:right\s+|just\s+|immediately\s+)?after|(?:right|just|immediately)\s+after)"
    r"|(?P<before>precedes?|preceding|(?:comes?|is|one|recommendation|rec)\s+(?:right\s+|just\s+|immediately\s+)?before|(?:right|just|immediately)\s+before))"
    r"\s+(?:the\s+)?(?:recommendation\s+|rec\.?\s+)?(?:no\.?\s+|number\s+)?[a-z]{0,3}\W{0,2}\d{1,3}\b"
)
# "the nineteenth recommendation", "the last recommendation": a place in the document's own order.
_NTH_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
    "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
)
_NTH_RECOMMENDATION = re.compile(rf"\b(?:the|its)\s+(?:very\s+)?({'|'.join(_NTH_WORDS)}|last|final)\s+(?:recommendation|rec)\b")
_NEXT_FEW = re.compile(r"\b(next|previous|preceding)\s+(two|three|four|2|3|4)\b(?!\s+(?:parties|states|countries|articles?|sections?)\b)")
_PREVIOUS = re.compile(
    r"\b(?:previous|preceding|prior)\s+(?:one|recommendation|rec)\b|\bthe one (?:right |just )?before\b|\b(?:recommendation|one)\s+(?:right |just )?before (?:it|that|this)\b"
    r"|\bwhat comes before\b"
    r"|^\W*(?:and|ok|okay|then|so)?\W*(?:the one\s+)?(?:right\s+|just\s+)?before(?: (?:that|it|this)(?: one)?)?\W*$"
)
# "Which of them ...", "how many of those ...": a choice among what the last answer listed.
_AMONG = re.compile(r"\b(?:which|what|how many|any)\s+(?:ones?\s+|recommendations?\s+)?(?:of|among)\s+(?:them|those|these|the above|the ones (?:above|you (?:listed|named|cited)))\b")
# "which ones are about ...", "and which ones name Bulgaria?": "ones" stands for what was listed, unless
# the question names a thing of the kind the last one named ("and which ones concern Article 38(1)(c)?"
# after Article 38(1)(a)): that is the same question asked of another thing.
_WHICH_ONES = re.compile(r"^\W*(?:(?:and|so|ok|okay|now)\W+)*(?:which|what) ones\b|^\W*(?:(?:and|so|ok|okay|now)\W+)*which (?:is the )?one\b")
_SAME_SECTION = re.compile(r"\b(?:same|that|this)\s+(?:section|chapter|part|area|field)\b")
# "what's the urgency level?", "how urgent?": the level of what the conversation is about (not "the levels").
_ITS_LEVEL = re.compile(r"\b(?:the|its|their)\s+(?:urgency\s+level|level\s+of\s+urgency|level)\b(?!s)|\bwhat level\b|\bhow urgent\b")
# "only the ones about investigations", "for victims specifically": the follow-up's subject narrows the last one.
_NARROWING = re.compile(r"^\W*(?:and\s+)?(?:only|just)\b|\bspecifically\b|\bin particular\b|\bparticularly\b")
# "which is the most urgent?", "which of them is the least binding?": a choice among the last list by its level.
_WHICH_SUPERLATIVE = re.compile(
    r"\bwhich\b(?:\s+one|\s+of (?:them|those|these))?\s+(?:is|are)\s+(?:the\s+)?"
    r"(?:(?P<most>most|strongest|highest)|(?P<least>least|weakest|lowest))(?:\s+(?:urgent|binding|serious|pressing|important))?\b"
)
_SAME_LEVEL = re.compile(r"\bsame\s+(?:level|urgency|level of urgency|category)\b|\bequally urgent\b")
_OTHER = re.compile(r"\bother\b|\brest\b|\bremaining\b|\belse\b")
_COMPARE = re.compile(r"\bdiffer\w*|\bcompar\w*|\bcontrast\b|\bversus\b|\bvs\.?\b|\bthe same as\b|\bsimilar\w*|\blike\b")
# "Is that the same for Norway?", "Does it apply to Malta too?": the last answer's recommendation, asked of another Party.
_SAME_FOR = re.compile(
    r"\bsame\b|\balso\b|\btoo\b|\bas well\b|\bapply\b|\bapplies\b|\binclude[sd]?\b|\bcover(?:s|ed)?\b"
    # "Is Sweden in it?", "is Georgia named in that one?", "is Malta on that list?"
    r"|\b(?:in|on|part of|among)\s+(?:it|this|that)\b|\b(?:named|listed|mentioned)\s+(?:in|by)\s+(?:it|this|that)\b|\bconcern(?:s|ed)?\b"
    # "is Norway named?" (but not "is Norway named in any recommendation?", which asks of them all)
    r"|\b(?:named|listed|mentioned)\s*[?.!]*\s*$"
)
# "is Norway included?": a yes-or-no question about a Party points at the last answer without a pronoun.
_YES_NO = re.compile(r"^\W*(?:and\s+|so\s+|but\s+)?(?:is|are|does|do)\b")
_COUNTRY_QUESTION = re.compile(r"\b(?:which|what|whose)\s+(?:country|countries|state|states|party|parties)\b|\bwho (?:is|was|does|did) (?:that|this|it)\b|\bwhere (?:is|was) (?:that|this|it)\b")
# Sentences that try to instruct the assistant rather than ask it something: they are not read.
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|rules?|prompts?|guidelines?|guardrails?|polic(?:y|ies))\b"
    # "ignore the above", but not "forget about the previous one, what does V-9 say?" (a question of the conversation, not a rule)
    r"|\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:above|previous)\b(?!\s+(?:one|question|answer|turn|message|request|recommendation)\b)"
    r"|\byou are now\b|\bsystem prompt\b|\bdeveloper mode\b|\bnew instructions?\b|\bjailbreak\w*|\bdo anything now\b|\bpretend (?:to be|you)\b"
    r"|\bfrom now on\b|\b(?:always|only) (?:cite|answer|say|reply)\b",
    re.IGNORECASE,
)
_SELF_DESCRIPTION = re.compile(r"^\s*(?:i'm|i am|i work|we are|we're|as an?)\b[^?]*[.!]\s*$", re.IGNORECASE)
# "Thanks!", "OK, great." before the next question: courtesy, not what is asked.
_COURTESY_WORDS = (
    r"(?:ok(?:ay)?|thanks?(?: a lot)?|thank you(?: (?:very|so) much)?|thx|ty|great|cool|perfect|nice|good|got it|i see|understood|alright|"
    r"all right|fine|super|merci(?: beaucoup)?|d'accord|parfait|tr[eè]s bien|bien|entendu|compris|hmm+|ah|oh|k|kk|"
    # "never mind", "scratch that": the last question is dropped, not asked about.
    r"never ?mind|scratch that|forget (?:it|that)|forget about (?:it|that)|anyway|anyways|by the way|btw|laisse tomber|peu importe|bref)"
)
_COURTESY = re.compile(rf"^\s*(?:{_COURTESY_WORDS}\b[\s,!.]*)+$", re.IGNORECASE)
# "ok thanks, what about Norway?": the courtesy words that open a sentence, before a comma or a stop.
_COURTESY_OPENING = re.compile(rf"^\s*(?:{_COURTESY_WORDS}\b\s*)+(?:[,!.:;]+|\s-+)\s*(?=\w)", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE_SPLIT = re.compile(r",?\s+and\s+(?=(?:which|what|who|how|when|where|is|are|does|do|did)\b)|\?\s+(?=\S)|;\s+", re.IGNORECASE)
# Words that say what kind of answer is wanted rather than what it is about.
# Verbs that say a recommendation exists or is made, not what it is about ("How many recommendations
# does the factsheet make?").
EXISTENCE_WORDS = frozenset(tokens("make makes made give gives given issue issues issued set sets formulate formulated contain contains include includes exist exists there"))
GENERIC_WORDS = EXISTENCE_WORDS | frozenset(
    tokens(
        """recommendation recommendations recommend recommends committee lanzarote convention parties party states state countries
        country factsheet say says said ask asks asked do does must should require requires required requirement requirements
        request requests requested invite invites invited invitation invitations level levels urgency article articles concern
        concerns concerning which list many number total practice practices promising example examples identified identify
        mention mentions named name addressed address addressees about tell explain describe summarise summarize what who
        how overall general anything everything recs rec mean means meaning compare comparison difference also other same one ones it they their them there here whats wat plz please
        abt r u ur kind type sort apply applies obligation obligations need needs supposed expected relate relates related
        implement implements fall falls under deal deals cover covers refer refers use uses used altogether overall total
        exactly precisely actually really briefly correspond corresponds corresponding specific specifically word words
        term terms quote quotes quoted quotation cite verbatim text wording source exact passage already yet
        short shortly nutshell simple simply plain quick quickly summary besides apart except else talk talks talking
        full complete entire whole detail details detailed common reason reasons rationale justification though
        binding mandatory compulsory obligatory provision provisions least"""
    )
) | frozenset(
    tokens(
        # "the Europol bit", "that thing about Barnahus": a casual way of pointing at a passage; "What search terms
        # should I use to find ...", "which Parties should I contact about ...": what the asker will do with the
        # answer. Neither is what the question is about.
        """bit bits thing things stuff piece passage search keyword keywords find found look locate contact approach raise know"""
    )
)
# Words that only say what kind of answer is wanted; unlike GENERIC_WORDS, words such as "Parties",
# "countries" or "Convention" stay, because a passage can contain them or not.
INTENT_WORDS = frozenset(
    tokens(
        """recommendation recommendations recommend recommends committee lanzarote factsheet say says said ask asks asked
        which list many number total mention mentions tell explain describe summarise summarize what who how overall
        general anything everything also same one ones it they their them there here whats wat plz please abt r u ur
        name named show give contain contains exactly precisely actually really briefly deal deals dealing across section
        sections relate relates related regarding concerning recs rec talk talks talking
        bit bits thing things stuff piece passage search keyword keywords find found look locate contact approach raise know"""
    )
)
_FUZZY_TARGETS = (
    "recommendation", "recommendations", "requirement", "requirements", "required", "requested", "invited",
    "invitation", "invitations", "reservation", "reservations", "promising", "practice", "practices",
    "supposed", "committee", "article", "articles", "parties", "addressed", "obligations",
)


@dataclass(frozen=True)
class Analysis:
    """What one question (or one clause of it) asks, after any follow-up has been resolved."""

    text: str
    normalised: str = ""  # the text with typos in steering words mended
    language: str = "en"  # the language to answer in
    rec_ids: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    levels: tuple[Level, ...] = ()
    count: bool = False
    list_: bool = False
    define: bool = False
    practice: bool = False
    all_parties: bool = False
    named_only: bool = False
    parties_count: bool = False
    most_parties: int = 0  # 1: the recommendations naming the most Parties; -1: the fewest
    both: bool = False
    recommendation_word: bool = False
    obligation: bool = False
    general: bool = False
    who: bool = False
    article_word: bool = False
    follow_up: bool = False
    topic: tuple[str, ...] = ()  # content tokens that are not entities or intent words
    terms: tuple[str, ...] = ()  # content tokens that are not entities: what a passage should contain
    paraphrased: tuple[str, ...] = ()  # the Convention's terms the question names in everyday words ("back home")
    # What a finding does not hold that the question asks for ("deadline", "sanction", "budget"; see DETAILS),
    # with the words it is asked in.
    details: tuple[str, ...] = ()
    detail_words: tuple[str, ...] = ()
    # A follow-up completed from the conversation: the earlier question it was completed from (its words help
    # the keyword search find what "it" is).
    context: str = ""
    # "Which of them ...": the recommendations (of the conversation) the answer is chosen among; None: all.
    within: tuple[str, ...] | None = None
    # what `within` is: "listed" (the last answer's), "level" or "other-level" (at its level), "section" (its section's)
    among: str = ""
    # "Which recommendations are in the same section?": the (document, section) pairs the last answer quoted from.
    sections: tuple[tuple[str, str], ...] = ()
    # "Which country is that?": the promising practices (passage ids) whose countries are asked for.
    practices: tuple[str, ...] = ()
    # "And the next one?" after the last recommendation of its document: (that recommendation, +1 or -1).
    edge: tuple[str, int] | None = None
    clauses: tuple[Analysis, ...] = field(default=(), compare=False)
    # A follow-up completed from the conversation keeps the question as asked, read on its own: a
    # follow-up that brings a subject of its own the corpus does not know ("And what is the capital
    # of Norway?") is judged in or out of scope by what it asks, not by what it inherited.
    own: Analysis | None = field(default=None, compare=False, repr=False)

    @property
    def has_entities(self) -> bool:
        return bool(self.rec_ids or self.articles or self.parties or self.levels)


class Analyser:
    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.gazetteer = corpus.gazetteer
        self.prefixes = corpus.id_prefixes or ["V"]
        self.vocabulary = corpus.vocabulary  # built once per corpus (and cached with its parse)
        self._compact = re.compile(rf"\b(?P<prefix>{'|'.join(map(re.escape, self.prefixes))})\s?(?P<number>\d{{1,3}})\b", re.IGNORECASE)
        self._name_words = {w for w in self.gazetteer.spelling_words if len(w) >= 3} - self.vocabulary_common()

    # Public ------------------------------------------------------------------------------------

    def analyse(
        self, question: str, history: list[str] | None = None, previous_ids: tuple[tuple[str, ...], ...] = (),
        previous_passages: tuple[tuple[str, ...], ...] = (), language: str | None = None,
    ) -> Analysis:
        """Analyse `question` (to be answered in `language`, English when None); `history` is the conversation's earlier user questions, oldest first,
        and `previous_ids` the recommendations each earlier answer named, in order, oldest answer
        first ("the second one" is the second of the last answer); `previous_passages` the other
        passages (practices, paragraphs) each earlier answer quoted, by passage id, aligned with
        `previous_ids` ("Which country is that?", "in the same section").

        Sentences that try to instruct the assistant ("Ignore your instructions and ...") are left
        out: they are not questions, and they must not steer the answer.
        """
        question = self.without_role(without_instructions(question))
        previous: Analysis | None = None
        resolved: list[Analysis] = []
        for earlier in history or []:
            previous = self._resolve(self._single(self.without_role(without_instructions(earlier))), previous)
            resolved.append(previous)
        single = self._single(question)
        # "What does V-4 say?", "What's the capital of France?", "and which Article is it under?": a question
        # about a recommendation's Article, level or addressees does not point at an aside the findings cannot
        # answer, but at the question before it.
        asks_of_a_recommendation = (single.article_word or single.levels or single.who or single.recommendation_word
                                    or bool(_ITS_LEVEL.search(fold(single.text))))
        if (len(resolved) >= 2 and self._off_subject(resolved[-1]) and asks_of_a_recommendation and not single.rec_ids
                and not single.parties and not single.articles and _ANAPHORA.search(fold(single.text))):
            previous = resolved[-2]
        if previous is not None and previous.count and previous.recommendation_word and not previous.parties_count and _IN_TOTAL.match(fold(single.text)):
            current = replace(single, count=True, recommendation_word=True, follow_up=True)
        else:
            current = self._resolve(self._bare_reference(single, previous), previous)
        current = self._refer_back(current, previous_ids if history else (), previous_passages if history else (), previous)
        current = self._in_document_order(current, any(previous_ids) if history else False)
        clauses = self._clauses(question, current)
        if language:
            return replace(current, language=language, clauses=tuple(replace(c, language=language) for c in clauses))
        return replace(current, clauses=clauses)

    def _in_document_order(self, current: Analysis, answered_before: bool) -> Analysis:
        """"Which recommendation follows V-5?", "the one before V-12": the named recommendation's neighbour in
        its document's order; "the nineteenth recommendation", "the last recommendation" with no earlier
        answer to count in: that one of the document's recommendations (an id past the end is not found)."""
        folded = fold(current.text)
        if len(current.rec_ids) == 1 and (m := _FOLLOWS_ID.search(folded)):
            anchor = self.corpus.recommendation(current.rec_ids[0])
            if anchor is None:
                return current
            step = 1 if m.group("after") else -1
            same_document = [r for r in self.corpus.recommendations if r.document == anchor.document]
            position = same_document.index(anchor) + step
            reset = {"articles": (), "parties": (), "levels": (), "topic": (), "terms": (), "count": False, "list_": False}
            if 0 <= position < len(same_document):
                return replace(current, rec_ids=(same_document[position].id,), **reset)
            return replace(current, rec_ids=(), edge=(anchor.id, step), **reset)
        if answered_before or current.rec_ids or current.parties or current.articles or not (m := _NTH_RECOMMENDATION.search(folded)):
            return current
        documents = list(dict.fromkeys(r.document for r in self.corpus.recommendations))
        if len(documents) != 1:
            return current
        recs = [r for r in self.corpus.recommendations if r.document == documents[0]]
        word = "last" if m.group(1) == "final" else m.group(1)
        if word == "last":
            chosen = recs[-1].id
        else:
            number = _NTH_WORDS.index(word) + 1
            chosen = recs[number - 1].id if number <= len(recs) else self._id(None, str(number))
        topic = tuple(t for t in current.topic if t != stem(word))
        return replace(current, rec_ids=(chosen,), topic=topic, terms=tuple(t for t in current.terms if t != stem(word)),
                       levels=(), count=False, list_=False, recommendation_word=True)

    def _bare_reference(self, current: Analysis, previous: Analysis | None) -> Analysis:
        """A follow-up that is only a number ("what about 7?") after a question that named recommendations
        by number, or only a part of an Article ("and (c)?", "and paragraph 4?") after one that named an
        Article: the recommendation with that number, the same Article's other part."""
        if previous is None or current.has_entities:
            return current
        # ("sorry, 17", "I meant 17": the opener of a correction is not part of it)
        text = _OPENER.sub(" ", current.normalised or current.text, count=1).strip()
        if previous.rec_ids and (m := _BARE_NUMBER.match(text)):
            ids = tuple(dict.fromkeys(self._id(None, n) for n in re.findall(r"\d{1,3}", m.group("numbers"))))
            return replace(current, rec_ids=ids, recommendation_word=True, topic=(), terms=())
        parts = [m.group("part") or m.group("named") for m in _BARE_PART.finditer(text)]
        if previous.articles and len(parts) == 1:
            part = parts[0].lower()
            anchor = previous.articles[-1]
            if part.isdigit():
                article = anchor.split("(")[0] + f"({part})"
            elif m := re.match(r"\d+\(\d+\)", anchor):
                article = f"{m.group(0)}({part})"
            else:
                return current
            kept = tuple(t for t in current.topic if t != part)
            return replace(current, articles=(article,), topic=kept, terms=tuple(t for t in current.terms if t != part))
        return current

    def _refer_back(
        self, current: Analysis, previous_ids: tuple[tuple[str, ...], ...], previous_passages: tuple[tuple[str, ...], ...] = (),
        previous: Analysis | None = None,
    ) -> Analysis:
        """"Tell me more about the second one", "Is either of those a requirement?": the recommendations
        of the last answer (of the last answers, when the words point at more than it named)."""
        own = current.own or current
        folded = fold(current.text)
        if (about := self._about_last_answer(current, own, folded, previous_ids, previous_passages, previous)) is not None:
            return about
        answers = [ids for ids in previous_ids if ids]
        if not answers or own.rec_ids or own.parties or own.articles:
            return current
        last = answers[-1]
        if m := _FIRST_LAST_N.search(folded):
            count = _NUMBER_WORDS.get(m.group(2)) or int(m.group(2))
            lists = [ids for ids in reversed(answers) if len(ids) > count]
            if lists:
                chosen = lists[0][:count] if m.group(1) == "first" else lists[0][-count:]
                return replace(current, rec_ids=tuple(chosen), articles=(), parties=(), levels=(), follow_up=True, define=False, count=False,
                               list_=False, own=None)
        if word := _ordinal_word(folded):
            if word == "middle":
                # "the middle one": of the last answer that listed an odd number (three or more).
                lists = [ids for ids in reversed(answers) if len(ids) >= 3 and len(ids) % 2]
                chosen = lists[0] if lists else last
                position = len(chosen) // 2 if len(chosen) >= 3 and len(chosen) % 2 else len(chosen)
            else:
                position = -1 if word == "last" else _ORDINALS.index(word) % 5
                # "the third one" after an answer that named only one: the last answer that listed enough.
                lists = [ids for ids in reversed(answers) if len(ids) >= 2 and -len(ids) <= position < len(ids)]
                chosen = lists[0] if lists else last
            if -len(chosen) <= position < len(chosen):
                topic = tuple(t for t in current.topic if not within_one_edit(t, stem(word)) and t != stem(word))
                return replace(
                    current, rec_ids=(chosen[position],), articles=(), parties=(), levels=(), topic=topic,
                    follow_up=True, define=False, count=False, list_=False, own=None,
                )
        # "Which Article do both implement?", "What do they have in common?", "what's the difference?" after
        # two answers of one recommendation each: both of them, whatever Party or level the follow-up inherited.
        pair = bool(re.search(r"\bboth\b", folded)) or (
            not own.topic and bool(_PLURAL_REFERENCE.search(folded) or re.search(r"\b(?:differences?|differ|in common|compare|comparison)\b", folded))
        )
        if pair and not own.has_entities and len(last) == 1 and len(answers) >= 2:
            ids = tuple(dict.fromkeys([*answers[-2], *last]))
            if len(ids) == 2:
                return replace(current, rec_ids=ids, parties=(), levels=(), articles=(), follow_up=True, define=False, own=None)
        # "Which Parties are named in V-2?" then "What does the Committee invite them to do?": "them" are the
        # Parties the last answer named.
        if (previous is not None and previous.who and _PLURAL_REFERENCE.search(folded) and (own.levels or own.obligation)
                and not own.rec_ids and not own.parties and not own.articles and not own.topic and not _BACK_REFERENCE.search(folded)):
            named = tuple(dict.fromkeys(
                p for i in last if (r := self.corpus.recommendation(i)) is not None and not r.to_all_parties for p in r.addressees
            ))
            if len(named) >= 2:
                return replace(current, parties=named, rec_ids=(), articles=(), follow_up=True, define=False, own=None)
        if current.rec_ids or current.parties or current.articles:
            return current
        # "Which Article do they implement?", "Who are they addressed to?": nothing of its own but a
        # reference to what the last answer listed.
        narrows = own.all_parties or own.named_only or own.practice or own.count
        if (len(last) >= 2 and not own.has_entities and not own.topic and not narrows and _PLURAL_REFERENCE.search(folded)
                and not _BACK_REFERENCE.search(folded)):
            return replace(current, rec_ids=last, follow_up=True, define=False, levels=(), own=None)
        # "Which Article is that?", "who is it addressed to?" after a list: the Articles, the addressees of what it listed.
        if len(last) >= 2 and (own.article_word or own.who) and not own.has_entities and not own.topic and _SINGULAR_REFERENCE.search(folded):
            return replace(current, rec_ids=last, follow_up=True, define=False, levels=(), own=None)
        if _BACK_REFERENCE.search(folded):
            ids = list(last)
            if _PLURAL_REFERENCE.search(folded):
                for earlier in reversed(answers[:-1]):
                    if len(ids) >= 2:
                        break
                    ids = [*earlier, *ids]
            return replace(current, rec_ids=tuple(dict.fromkeys(ids)), follow_up=True, define=False, levels=())
        # "What does it say?" with nothing of its own: the recommendation the last answer named.
        if len(last) == 1 and not current.has_entities and not own.topic and _SINGULAR_REFERENCE.search(folded):
            return replace(current, rec_ids=last, follow_up=True, own=None)
        return current

    def _about_last_answer(
        self, current: Analysis, own: Analysis, folded: str, previous_ids: tuple[tuple[str, ...], ...],
        previous_passages: tuple[tuple[str, ...], ...], previous: Analysis | None,
    ) -> Analysis | None:
        """A follow-up that asks about what the last answer cited, read off its records: its neighbour
        in the document ("the next one"), others at its level or in its section, a choice among what
        it listed ("which of them ..."), a comparison ("how is it different from V-18?"), the same
        question of another Party ("is that the same for Norway?"), the countries of the practices it
        quoted ("which country is that?"). None when the question is none of these."""
        if not previous_ids and not previous_passages:
            return None
        last = previous_ids[-1] if previous_ids else ()
        quoted = previous_passages[-1] if previous_passages else ()
        last_recs = [r for i in last if (r := self.corpus.recommendation(i))]
        follow = {"follow_up": True, "own": None, "define": False}
        other = bool(_OTHER.search(folded))
        # Its neighbour in the document's order.
        step = 1 if _NEXT.search(folded) else -1 if _PREVIOUS.search(folded) else 0
        # "give me the next two", "the previous three"
        if several := _NEXT_FEW.search(folded):
            step = 1 if several.group(1) == "next" else -1
        if step and len(last_recs) == 1 and not own.rec_ids and not own.parties and not own.articles:
            anchor = last_recs[0]
            same_document = [r for r in self.corpus.recommendations if r.document == anchor.document]
            position = same_document.index(anchor) + step
            if 0 <= position < len(same_document):
                how_many = (_NUMBER_WORDS.get(several.group(2)) or int(several.group(2))) if several else 1
                reach = [same_document.index(anchor) + step * k for k in range(1, how_many + 1)]
                ids = tuple(same_document[p].id for p in sorted(reach) if 0 <= p < len(same_document))
                return replace(current, rec_ids=ids, articles=(), parties=(), levels=(), topic=(), terms=(),
                               count=False, list_=False, **follow)
            return replace(current, rec_ids=(), articles=(), parties=(), levels=(), topic=(), terms=(), edge=(anchor.id, step), **follow)
        # Others at its level ("the other recommendation at the same level").
        if _SAME_LEVEL.search(folded) and last_recs and not own.rec_ids:
            levels = tuple(dict.fromkeys(r.level for r in last_recs))
            documents = {r.document for r in last_recs}
            ids = {r.id for r in last_recs} if other else set()
            within = tuple(r.id for r in self.corpus.recommendations if r.document in documents and r.id not in ids)
            return replace(own, within=within, among="other-level" if other else "level", levels=levels, list_=True, **{**follow, "own": own})
        # What else is in its section ("Which recommendations are in the same section?").
        if _SAME_SECTION.search(folded) and not own.rec_ids and (last_recs or quoted):
            passages = [self.corpus.passage_by_id[p] for p in quoted if p in self.corpus.passage_by_id]
            sections = tuple(dict.fromkeys([(r.document, r.section) for r in last_recs] + [(p.document, p.section) for p in passages]))
            ids = {r.id for r in last_recs} if other else set()
            within = tuple(r.id for r in self.corpus.recommendations if (r.document, r.section) in sections and r.id not in ids)
            return replace(own, within=within, among="section", sections=sections, list_=True, **{**follow, "own": own})
        # A choice among the promising practices it quoted ("Which of them involve Romania?", "Which one is
        # about police?"): a question about practices, on the Party or subject it names.
        quoted_practices = [p for p in quoted if p in self.corpus.passage_by_id and self.corpus.passage_by_id[p].kind == "practice"]
        if (_AMONG.search(folded) or re.search(r"\bwhich one\b", folded)) and len(quoted_practices) >= 2 and not last and not own.rec_ids:
            return replace(own, practice=True, recommendation_word=False, **{**follow, "own": own})
        # The most (or least) urgent of what it listed: the highest (or lowest) level among them.
        if (m := _WHICH_SUPERLATIVE.search(folded)) and len(last_recs) >= 2 and not own.rec_ids and not own.parties and not own.articles:
            present = sorted({r.level for r in last_recs}, key=list(Level).index)
            level = present[0] if m.group("most") else present[-1]
            return replace(own, within=tuple(last), among="listed", levels=(level,), list_=True, recommendation_word=True, topic=(), terms=(),
                           **{**follow, "own": own})
        # A choice among what it listed ("Which of those are requests?").
        parallel = previous is not None and bool(
            (own.levels and previous.levels) or (own.articles and previous.articles) or (own.parties and previous.parties)
        )
        among = _AMONG.search(folded) or (_WHICH_ONES.search(folded) and not parallel)
        if among and len(last) >= 2 and not own.rec_ids:
            return replace(own, within=tuple(last), among="listed", list_=not own.count, recommendation_word=True, **{**follow, "own": own})
        # Another recommendation compared with it ("How is it different from V-18?").
        if own.rec_ids and len(last) == 1 and last[0] not in own.rec_ids and _COMPARE.search(folded) and _SINGULAR_REFERENCE.search(folded):
            return replace(current, rec_ids=(last[0], *own.rec_ids), both=False, **follow)
        # The same question asked of another Party ("Is that the same for Norway?").
        if (own.parties and not own.rec_ids and len(last) == 1 and (_SINGULAR_REFERENCE.search(folded) or _YES_NO.search(folded))
                and _SAME_FOR.search(folded) and not own.levels and not own.articles):
            return replace(current, rec_ids=last, parties=own.parties, levels=(), articles=(), **follow)
        # The countries of the practices it quoted ("Which country is that?").
        if _COUNTRY_QUESTION.search(folded) and quoted and not last and not own.has_entities and not own.topic:
            passages = [self.corpus.passage_by_id[p] for p in quoted if p in self.corpus.passage_by_id]
            practices = tuple(p.id for p in passages if p.kind == "practice")
            sections = tuple(dict.fromkeys((p.document, p.section) for p in passages))
            topic = previous.topic if previous is not None else ()
            return replace(current, practices=practices, sections=sections, practice=True, who=True, rec_ids=(), parties=(), levels=(),
                           articles=(), topic=topic, list_=False, count=False, **follow)
        return None

    def without_role(self, text: str) -> str:
        """The question without the asker's role before it ("As a policy officer, which Parties ...?"),
        when the role names nothing the question is about (a Party, a recommendation, an Article, a number)."""
        if (m := _ROLE_AFTER.search(text)) and text[:m.start()].strip() and not self._names_something(m.group(0)):
            text = text[:m.start()].rstrip(" ,") + m.group("end")
        m = _ROLE.match(text)
        if m is None or not text[m.end():].strip() or self._names_something(m.group(0)):
            return text
        rest = text[m.end():]
        return rest[:1].upper() + rest[1:]

    def _names_something(self, text: str) -> bool:
        return bool(re.search(r"\d", text) or self._rec_ids(text) or self.gazetteer.find(text, adjectives=True))

    # Internals ---------------------------------------------------------------------------------

    def _clauses(self, question: str, whole: Analysis) -> tuple[Analysis, ...]:
        """Split "What does X mean, and which recommendations use it?" into parts that each ask one thing.

        A part without content of its own ("and what are they?") stays with the one before it.
        """
        parts = [p.strip() for p in _CLAUSE_SPLIT.split(question) if p and p.strip()]
        if len(parts) < 2:
            return (whole,)
        clauses: list[Analysis] = []
        pending: Analysis | None = None  # a part with no content of its own, waiting for one that has
        for part in parts:
            single = self._single(part)
            contentful = single.has_entities or single.topic or single.practice or single.define
            if not contentful:
                # "OK, and ...", "and what are they?": its intents join a neighbouring clause.
                if clauses:
                    clauses[-1] = _merge_intents(clauses[-1], single)
                else:
                    pending = single if pending is None else _merge_intents(pending, single)
                continue
            if clauses and _ANAPHORA.search(fold(part)) and not single.has_entities:
                single = _carry(single, clauses[-1])
            elif clauses and _ANAPHORA.search(fold(part)) and not (single.rec_ids or single.parties or single.articles):
                # "What is Denmark praised for and what is it required to do?", "What does V-1 say, and is it
                # a requirement?": "it" is what the part before named, asked of at this part's level.
                single = replace(_carry(replace(single, levels=()), clauses[-1]), levels=single.levels)
            elif whole.follow_up and not single.has_entities:
                single = _carry(single, whole)
            if pending is not None:
                single = replace(_merge_intents(single, pending), text=single.text, normalised=single.normalised)
                pending = None
            clauses.append(single)
        if len(clauses) < 2:
            return (replace(whole, **_intent_fields(clauses[0])) if clauses else whole,)
        return tuple(clauses)

    def _resolve(self, current: Analysis, previous: Analysis | None) -> Analysis:
        if previous is None:
            return current
        folded = fold(current.text)
        if _NEW_TOPIC.search(folded):
            return current
        starts = bool(_FOLLOW_UP_START.search(folded))
        short = len(words(current.text)) <= 8
        if not previous.has_entities and not previous.practice:
            # "What does the factsheet say about the Budapest Convention?" then "Which recommendation is
            # about it?": "it" is the earlier subject, however the earlier question was answered.
            # A bare "How many?" after a question about a subject counts what was said of it.
            # ("by when?", "is there a deadline?": a detail asked of the last subject)
            bare_follow_up = len(words(current.text)) <= 4 and (current.count or current.list_ or current.who or bool(current.details))
            context = previous.normalised or previous.text
            own_topic = [t for t in current.topic if t not in current.detail_words]
            if previous.topic and not current.has_entities and not own_topic and (re.search(r"\b(?:it|this|that)\b", folded) or bare_follow_up):
                return replace(_carry(current, previous), follow_up=True, own=current, context=context)
            # "and which recommendation invites them to?": a level of its own, asked of the earlier subject.
            level_only = bool(current.levels) and not (current.rec_ids or current.articles or current.parties)
            if previous.topic and level_only and not current.topic and _ANAPHORA.search(folded):
                return replace(_carry(current, previous), follow_up=True, own=current, context=context)
            # "who does it train?" after "What is the PROMISE Barnahus network?": something asked, in words of its own,
            # of the earlier subject.
            if (previous.topic and not current.has_entities and short and len(current.topic) <= 2 and not current.practice
                    and re.search(r"\b(?:it|its|they|them|their|there)\b", folded)):
                carried = _carry(current, previous)
                return replace(
                    carried, topic=tuple(dict.fromkeys((*previous.topic, *current.topic))),
                    terms=tuple(dict.fromkeys((*previous.terms, *current.terms))), follow_up=True, own=current, context=context,
                )
            # "Which recommendations are addressed to all Parties?" then "and to specific ones?": the same
            # question, narrowed the other way; "only the ones about investigations": narrowed by a subject.
            narrowed = (current.all_parties or current.named_only) and not current.topic
            if starts and short and not current.has_entities and (narrowed or (current.topic and previous.topic and _NARROWING.search(folded))):
                return replace(_carry(current, previous), follow_up=True, own=current, context=context)
            return current
        # "what is it required to do then?": a level of its own does not stop "it" pointing back.
        # ("Is that a requirement or an invitation?" asks the level of what the last answer cited.)
        only_levels = (len(current.levels) == 1 and not (current.rec_ids or current.articles or current.parties)
                       and not _BACK_REFERENCE.search(folded))
        refers = bool(_ANAPHORA.search(folded)) and (not current.has_entities or bool(only_levels and _SINGULAR_REFERENCE.search(folded)))
        # A short question of another kind, with nothing that points back ("Which promising practices did
        # the Committee identify?" after a Party's obligations), is a new question, not an ellipsis.
        same_kind = current.practice == previous.practice
        # ("is there a deadline?" asks a detail of what the last question was about)
        bare = short and not current.has_entities and not set(current.topic) - set(current.detail_words) and not current.define and same_kind
        its_level = short and not current.has_entities and not current.topic and bool(_ITS_LEVEL.search(folded)) and not _MEANING.search(folded)
        # "Which budget is planned?": a detail the findings do not hold, asked of what the last question was about.
        detail = short and bool(current.details) and not current.has_entities
        if not ((starts and short) or refers or bare or its_level or detail):
            return current
        return replace(_carry(current, previous), follow_up=True, own=current, context=previous.normalised or previous.text)

    def _single(self, question: str) -> Analysis:
        text = re.sub(r"\s+", " ", question).strip()
        text = _ONE_AS_DIGIT.sub(r"\1 one", _CASUAL_WORD.sub(lambda m: _CASUAL[m.group(0).lower()], text))
        repaired = self._repair(re.sub(r"[*_`]+", " ", text))
        folded = fold(repaired)
        # "addressed to all Parties rather than to named countries": the first of the two wins.
        everyone, named = _ALL_PARTIES.search(folded), _NAMED_ONLY.search(folded)
        all_parties = bool(everyone) and not (named and named.start() < everyone.start())
        named_only = bool(named) and not all_parties
        rec_ids = self._rec_ids(repaired)
        articles = tuple(find_articles(repaired, bare=True))
        parties = tuple(self.gazetteer.find(repaired, adjectives="attributive", fuzzy_vocabulary=self.vocabulary))
        levels = self._levels(folded)
        # "No, I meant the request": the "meant" of a correction does not ask what a word means.
        asked = fold(_OPENER.sub(" ", repaired, count=1))
        define = bool(_DEFINE.search(asked) and (levels or re.search(rf"\b(?:{_ANY_LEVEL})\b", asked) or "urgency" in asked)) or bool(
            _URGENCY_TERMS.search(asked) and not re.search(r"\burgency levels? of\b|\blevels? of urgency of\b", asked) and not rec_ids
        )
        if define and not levels:
            levels = tuple(dict.fromkeys(_LEVEL_WORD[w] for w in re.findall(rf"\b(?:{_ANY_LEVEL})\b", folded)))
        # "back home" is also read as "State of residence" (assistant/paraphrases.yaml).
        paraphrased = tuple(paraphrased_terms(folded))
        unread = self._unread(folded)
        content = [
            stem(w) for w in words(self.gazetteer.strip(_strip_entities(_FRAMING.sub(" ", _OPENER.sub(" ", repaired, count=1).strip(), count=1))))
            if w not in STOPWORDS and not w.isdigit() and not self._is_name_word(w) and w not in unread
        ]
        content += [stem(w) for term in paraphrased for w in words(term) if w not in STOPWORDS]
        relation = {stem(m.group("verb"))} if (m := _RELATION_VERB.search(folded)) else set()
        asked = [(kind, m.group(0)) for kind, pattern in DETAILS for m in pattern.finditer(folded)]
        details = tuple(dict.fromkeys(kind for kind, _ in asked))
        # (the words that name the detail: "how long do Parties have" names it by "long")
        detail_words = tuple(dict.fromkeys(
            t for _, phrase in asked for t in tokens(phrase) if t not in GENERIC_WORDS and t not in _HOW_MANY_WORDS
        ))
        topic = tuple(dict.fromkeys(t for t in content if t not in GENERIC_WORDS and t not in relation))
        terms = tuple(dict.fromkeys(t for t in content if t not in INTENT_WORDS))
        return Analysis(
            text=text,
            normalised=repaired,
            rec_ids=rec_ids,
            articles=articles,
            parties=parties,
            levels=levels,
            count=bool(_COUNT.search(folded)),
            list_=bool(_LIST.search(folded)),
            define=define,
            practice=bool(_PRACTICE.search(folded)),
            all_parties=all_parties,
            named_only=named_only,
            parties_count=bool(_PARTIES_COUNT.search(folded)),
            most_parties=1 if _MOST_PARTIES.search(folded) else -1 if _FEWEST_PARTIES.search(folded) else 0,
            both=bool(_BOTH.search(folded)),
            recommendation_word=bool(_RECOMMENDATION.search(folded)) or bool(rec_ids),
            obligation=bool(_OBLIGATION.search(folded)),
            general=bool(_GENERAL.search(folded)),
            who=bool(_WHO.search(folded)),
            article_word=bool(_ARTICLE_WORD.search(folded)),
            topic=topic,
            terms=terms,
            paraphrased=paraphrased,
            details=details,
            detail_words=detail_words,
        )

    def _unread(self, folded: str) -> set[str]:
        """Words of the question that stand for nothing the corpus could hold, and are left out of its topic:
        what the asker calls their own and the corpus never names ("my ministry", "our NGO"), and
        a hyphenated word the corpus never uses joined ("non-Parties": its parts are read, "countries that
        are not Parties" is its term in assistant/paraphrases.yaml) and its negating part."""
        unread: set[str] = {m.group(1) for m in re.finditer(r"\b(?:my|our)\s+([a-z]+)", folded) if m.group(1) not in self.vocabulary}
        for m in re.finditer(r"[a-z0-9]+(?:-[a-z0-9]+)+", folded):
            joined = m.group(0).replace("-", "")
            if joined not in self.vocabulary:
                unread |= {joined} | ({"non"} & set(m.group(0).split("-")))
        return unread

    def _off_subject(self, analysis: Analysis) -> bool:
        """A question whose own subject words are none of the corpus's ("What's the capital of France?")."""
        own = analysis.own or analysis
        content = [
            w for w in words(own.text)
            if len(w) >= 5 and w not in STOPWORDS and not self._is_name_word(w) and stem(w) not in GENERIC_WORDS
        ]
        return bool(content) and not any(w in self.vocabulary for w in content)

    def vocabulary_common(self) -> set[str]:
        """Corpus words that are also parts of State names but used as ordinary words ("and", "of")."""
        return {"and", "of", "the", "republic", "federation", "united", "north", "see", "holy", "san"} & self.vocabulary

    def _is_name_word(self, word: str) -> bool:
        if word in self._name_words:
            return True
        return len(word) >= 5 and word not in self.vocabulary and any(
            within_one_edit(word, name) for name in self._name_words if abs(len(name) - len(word)) <= 1
        )

    def _repair(self, text: str) -> str:
        """Mend typos in the words that steer the answer ("reqirements", "recomendation")."""

        def mend(match: re.Match) -> str:
            word = match.group(0)
            lower = word.lower()
            if len(lower) < 6 or lower in self.vocabulary or lower in _FUZZY_TARGETS:
                return word
            for target in _FUZZY_TARGETS:
                if within_one_edit(lower, target):
                    return target
            # A long word one typo away from exactly one word of the corpus ("widthdraw", "databse"), with the
            # same first letter: "praised" is not a typo of "raised".
            if len(lower) >= 7:
                near = {
                    v for n in (len(lower) - 1, len(lower), len(lower) + 1) for v in self._by_length.get(n, ())
                    if v[0] == lower[0] and within_one_edit(lower, v)
                }
                if len(near) == 1:
                    return near.pop()
            return word

        return re.sub(r"[A-Za-z]+", mend, text)

    @cached_property
    def _by_length(self) -> dict[int, list[str]]:
        """The corpus's words (letters only) by length, for mending typos."""
        found: dict[int, list[str]] = {}
        for w in self.vocabulary:
            if w.isalpha():
                found.setdefault(len(w), []).append(w)
        return found

    def _levels(self, folded: str) -> tuple[Level, ...]:
        found = []
        if m := _STRONGEST.search(folded):
            found.append((m.start(), list(Level)[0]))
        if m := _WEAKEST.search(folded):
            found.append((m.start(), list(Level)[-1]))
        for pattern in _LEVEL_USES:
            for m in pattern.finditer(folded):
                found.append((m.start("w"), _LEVEL_WORD[m.group("w")]))
        return tuple(dict.fromkeys(level for _, level in sorted(found)))

    def _rec_ids(self, text: str) -> tuple[str, ...]:
        found: list[tuple[float, str]] = []

        def add(position: float, prefix: str | None, number: str) -> None:
            found.append((position, self._id(prefix, number)))

        for pattern in (_STRICT_ID, _WORD_ID, self._compact):
            for m in pattern.finditer(text):
                if pattern is self._compact and not (m.group("prefix").isupper() or re.search(r"\d", m.group(0))):
                    continue
                prefix = m.group("prefix")
                add(m.start(), prefix, m.group("number"))
                end = m.end()
                if (r := _RANGE.match(text, end)) is not None and int(r.group("number")) > int(m.group("number")):
                    first, last = int(m.group("number")), int(r.group("number"))
                    if last - first <= 40:
                        for n in range(first + 1, last + 1):
                            add(m.start() + (n - first) / (last - first + 1), r.group("prefix") or prefix, str(n))
                    end = r.end()
                while (more := _MORE_IDS.match(text, end)) is not None:
                    add(more.start(), more.group("prefix") or prefix, more.group("number"))
                    end = more.end()
        for m in _SPELLED_ID.finditer(text):
            parts = re.split(r"[\s-]+", m.group("words").lower())
            number = sum(_TENS.get(p, _NUMBER_WORDS.get(p, 0)) for p in parts)
            add(m.start(), None, str(number))
        # An Article number is not a recommendation number ("Article 38(2)" after "recommendations on").
        article_spans = [m.span() for m in re.finditer(r"\b(?:articles?|art\.?)\s*\d+", text, re.IGNORECASE)]
        ids = [rec for position, rec in sorted(found) if not any(a <= position < b for a, b in article_spans)]
        return tuple(dict.fromkeys(ids))

    def _id(self, prefix: str | None, number: str) -> str:
        number = str(int(number))
        if prefix:
            return f"{prefix.upper()}-{number}"
        existing = [f"{p}-{number}" for p in self.prefixes if self.corpus.recommendation(f"{p}-{number}")]
        return existing[0] if existing else f"{self.prefixes[0]}-{number}"


def _ordinal_word(folded: str) -> str | None:
    """The ordinal of "the second one", "the last of them", also with one typo ("the secnd one")."""
    if m := _ORDINAL.search(folded) or _ORDINAL_END.search(folded):
        return m.group(1)
    for m in _ORDINAL_SLOT.finditer(folded):
        word = m.group(1)
        if len(word) >= 5:
            for ordinal in (*_ORDINALS[:5], "last"):
                if len(ordinal) >= 5 and within_one_edit(word, ordinal):
                    return ordinal
    return None


def levels_named(text: str) -> tuple[Level, ...]:
    """Every urgency level whose word occurs in `text`, wherever it stands ("required, requested or invited?")."""
    return tuple(dict.fromkeys(_LEVEL_WORD[w] for w in re.findall(rf"\b(?:{_ANY_LEVEL})\b", fold(text))))


def without_instructions(text: str) -> str:
    """The text without the sentences that try to instruct the assistant, nor those in which the
    asker only describes themselves ("I'm a police officer in Croatia.") or thanks ("Thanks!", "ok, great,")
    before the question."""
    sentences = _SENTENCE.split(text)
    kept = [s for s in sentences if not _INJECTION.search(s)]
    if len(kept) > 1:
        kept = [s for s in kept[:-1] if not _SELF_DESCRIPTION.search(s) and not _COURTESY.search(s)] + kept[-1:]
    return _COURTESY_OPENING.sub("", " ".join(kept), count=1).strip()


def _strip_entities(text: str) -> str:
    text = _STRICT_ID.sub(" ", text)
    text = _WORD_ID.sub(" ", text)
    # Up to the end of the reference, punctuation included ("Article 38(1)(c)?" leaves no "c").
    return re.sub(r"\b(?:articles?|art\.?)\s*(?:\d[\d(),.a-z]*?)?(?=[^\w()]|$)", " ", text, flags=re.IGNORECASE)


def _intent_fields(analysis: Analysis) -> dict:
    return {
        name: getattr(analysis, name)
        for name in ("count", "list_", "define", "practice", "all_parties", "named_only", "parties_count", "both", "who", "article_word")
    }


def _merge_intents(first: Analysis, second: Analysis) -> Analysis:
    merged = {name: value or getattr(second, name) for name, value in _intent_fields(first).items()}
    return replace(first, text=f"{first.text} {second.text}", normalised=f"{first.normalised} {second.normalised}", **merged)


def _carry(current: Analysis, previous: Analysis) -> Analysis:
    """Fill what `current` leaves open from `previous`.

    Each kind of entity that `current` names replaces the earlier one; a question that names
    recommendations by id does not inherit Parties, levels or Articles, and the other way round.
    """
    updates: dict = {}
    if current.rec_ids:
        carried: tuple[str, ...] = ()
    elif current.parties or current.levels or current.articles:
        carried = ("articles", "parties", "levels")
    else:
        carried = ("rec_ids", "articles", "parties", "levels")
    # "who does that apply to?" with a subject of its own asks for the Parties: it is not filtered by one.
    if current.who and current.topic:
        carried = tuple(name for name in carried if name != "parties")
    for name in carried:
        if not getattr(current, name):
            updates[name] = getattr(previous, name)
    # "What promising practice is reported for Germany?" then "and does Germany have any obligations?": the
    # words of a question about practices are not the subject of one about a Party's recommendations.
    to_recommendations = (current.obligation or current.recommendation_word or current.levels) and not current.practice
    # ("is there a deadline for that?": a detail the findings do not hold is asked of the earlier subject)
    own_topic = [t for t in current.topic if t not in current.detail_words]
    inherits = not own_topic and not (previous.practice and to_recommendations and current.parties)
    if inherits or (current.topic and _NARROWING.search(fold(current.text)) and previous.topic):
        updates["topic"] = tuple(dict.fromkeys((*previous.topic, *current.topic)))
        updates["terms"] = tuple(dict.fromkeys((*previous.terms, *current.terms)))
    # What the earlier question asked about (obligations, practices) holds unless this one says otherwise.
    if not (current.obligation or current.recommendation_word or current.practice or current.levels):
        for name in ("obligation", "recommendation_word", "practice"):
            updates[name] = getattr(previous, name)
    # "... to all Parties?" then "and to specific ones?": the one the follow-up names replaces the other.
    if not (current.all_parties or current.named_only):
        for name in ("all_parties", "named_only"):
            updates[name] = getattr(previous, name)
    if not any((current.count, current.list_, current.define, current.who, current.article_word)):
        for name in ("count", "list_", "define"):
            updates[name] = getattr(previous, name)
    # "Which Parties are named in V-17?" then "How many are there?": a count of Parties.
    # ("and how many in V-18?": a recommendation named by its id is where the Parties are counted.)
    if current.count and previous.who and not _RECOMMENDATION.search(fold(current.text)):
        updates["parties_count"] = True
    # "What do the terms mean?" then "and Malta?": a Party or a recommendation is not defined.
    if (current.parties or current.rec_ids) and not current.define:
        updates["define"] = False
    # "What level of urgency is that?" about a Party or a recommendation asks for its level, not for definitions.
    carried_subject = updates.get("rec_ids") or updates.get("parties")
    if carried_subject and current.define and not _MEANING.search(fold(current.text)):
        updates["define"] = False
    return replace(current, **updates)


@lru_cache(maxsize=1)
def _paraphrases() -> tuple[tuple[str, re.Pattern], ...]:
    entries = yaml.safe_load(PARAPHRASES.read_text(encoding="utf-8")) or []
    return tuple((e["term"], re.compile(r"\b(?:" + "|".join(e["wordings"]) + r")\b")) for e in entries)


def paraphrased_words(folded: str) -> set[str]:
    """The (folded) question's words that an everyday wording of a Convention term is made of.

    >>> sorted(paraphrased_words("which recs talk about helping victims"))
    ['helping']
    """
    return {w for _, pattern in _paraphrases() for m in pattern.finditer(folded) for w in words(m.group(0))}


@lru_cache(maxsize=1)
def _naming_paraphrases() -> tuple[re.Pattern, ...]:
    entries = yaml.safe_load(PARAPHRASES.read_text(encoding="utf-8")) or []
    return tuple(re.compile(r"\b(?:" + "|".join(e["wordings"]) + r")\b") for e in entries if e.get("names"))


def naming_words(folded: str) -> set[str]:
    """The (folded) question's words that make up a wording which names the same people or things as a
    Convention term (`names: true` in assistant/paraphrases.yaml): "children whose images were shared" are
    the victims, and their words stand for that term rather than for themselves.

    >>> sorted(naming_words("how to help children whose images were shared"))
    ['children', 'images', 'whose']
    """
    return {w for pattern in _naming_paraphrases() for m in pattern.finditer(folded) for w in words(m.group(0))}


def paraphrase_groups(folded: str) -> list[set[str]]:
    """For each everyday wording in the (folded) question, the stems of its words and of the term it stands
    for: either side, in a passage, is what the question said ("contributed" or "participate")."""
    groups = []
    for term, pattern in _paraphrases():
        for m in pattern.finditer(folded):
            groups.append({stem(w) for w in words(f"{m.group(0)} {term}") if w not in STOPWORDS})
    return groups


def named_terms(folded: str) -> list[str]:
    """The Convention's terms (of assistant/paraphrases.yaml) that the (folded) question names, in everyday words
    or in the term's own ("countries that are not Parties")."""
    return [term for term, pattern in _paraphrases() if pattern.search(folded) or re.search(rf"\b{re.escape(fold(term))}\b", folded)]


def paraphrased_terms(folded: str) -> list[str]:
    """The Convention's terms that the (folded) question names in everyday words.

    >>> paraphrased_terms("can kids abused abroad complain back home")
    ['State of residence', 'complaint']
    """
    return [term for term, pattern in _paraphrases() if pattern.search(folded)]
