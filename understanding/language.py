"""General English for questions about data: tokens with their lemmas, numbers, units and the
closed-class words (function words, aggregations, comparisons, order) that carry no data.

Nothing here names a data set: words about the data come from the semantic layer (/meta).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from lemminflect import getAllLemmas, getAllLemmasOOV, getInflection
from text_to_num import alpha2digit

from understanding.letters import plain_letters

# fmt: off
# Word tables are packed a few entries a line; the formatter would give each its own line.

# Words that shape a question but name nothing in the data: only these may go unexplained.
# Words that carry meaning are absent, so that a reading must account for them or ask: not,
# than, before, most, each (recognised by the reader); only, both, between (plan rules and
# periods); around, roughly, approximately, available, known (nothing here reads them yet).
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "there", "here", "it", "its", "it's",
    "they", "them", "their", "theirs", "we", "our", "us", "you", "your", "i", "me", "my", "he",
    "she", "his", "her", "which", "what", "who", "whom", "whose", "where", "how", "when", "why",
    "whether", "be", "am", "is", "are", "was", "were", "been", "being", "do", "does", "did",
    "done", "have", "has", "had", "having", "get", "got", "of", "in", "on", "at", "for", "to",
    "from", "with", "within", "by", "about", "as", "into", "onto", "out", "up", "down", "off",
    "over", "per", "via", "and", "or", "nor", "also", "both", "either", "neither", "so", "then",
    "can", "could", "would", "should", "will", "shall", "may", "might", "must", "all",
    "any", "some", "every", "ever", "overall", "altogether", "combined", "together", "total",
    "show", "list", "give", "tell", "find", "display", "see", "know", "want", "need", "please",
    "return", "report", "calculate", "compute", "count", "let", "lets", "i'd", "i'm", "what's",
    "whats", "there's", "theres", "just", "exactly",
    "many", "much", "number", "amount", "value", "values", "figure",
    "figures", "data", "dataset", "record", "recorded", "records", "listed", "logged",
    "registered", "measured", "observed", "one", "ones", "s",
    "during", "throughout", "but", "while", "conditions", "statistics", "stats", "info",
    "information", "results", "level", "levels", "kind", "kinds", "inclusive", "inclusively",
    # the talk around a question, and where its data sits ("in the planes table")
    "hey", "hi", "hello", "wondering", "wonder", "curious", "im", "something",
    "anything", "stuff", "whole", "entire", "table", "tables", "database", "among", "amongst",
    "registry",
    # a gloss the question gives of its own words ("in the evening, meaning after 6 pm")
    "meaning", "ie", "namely", "too", "including", "counting",
})

# Words of time going by before a span ("how many days pass between ...", "the time it takes
# from ..."): the span's own.
SPAN_LEADS = frozenset({
    "pass", "passes", "passed", "elapse", "elapses", "elapsed", "wait", "waited", "go", "goes",
    "by", "days", "day", "time", "number", "of", "how", "many", "long", "does", "do", "did", "it",
    "take", "takes", "took", "is", "are", "was", "there", "the", "to",
})  # fmt: skip

# Nouns that count what follows "of" ("the number of orders"), never an attribute of it.
COUNTING = frozenset({"number", "count", "amount", "total", "quantity", "numbers", "counts"})

# Verbs that carry no data in a question about it ("covered 500 miles", "rain fell", "saw
# delays"), matched by lemma, and adverbs of the same kind.
LIGHT_VERBS = frozenset({
    "cover", "spend", "fall", "see", "experience", "happen", "occur", "take", "reach", "hit",
    "suffer", "face", "encounter", "undergo", "achieve", "contain", "include", "involve", "exist",
    "log", "register", "post", "rack", "accumulate", "anywhere", "somewhere", "receive",
    "handle", "welcome", "accommodate", "get", "look", "check", "determine", "identify", "use",
    "generate", "bring", "earn", "come", "go", "give", "still", "currently", "already", "yet",
    "everywhere", "altogether", "overall", "ever", "generally", "usually", "typically", "ago",
    "directly", "send", "run", "away", "carry", "worth", "valued",
    # where something is: the place word after them ("based in Germany") is the cue
    "base", "locate", "situate", "headquarter", "belong", "sit", "stand", "lie",
    # asking for a table: "break down revenue by region"; "appear in the data"; "how is
    # revenue split across regions"
    "break", "appear", "split", "spread", "distribute",
    # degree adverbs that add nothing to a state ("completely fulfilled")
    "completely", "fully", "entirely",
    # what a row is marked as: the value after them ("orders marked urgent") says it
    "mark", "label", "tag", "classify",
})

# Words light only with the particle after them: "account for" ("Canadian accounts" are
# customers), "ended up cancelled", "the nation home to the most suppliers".
PARTICLE_VERBS = {"account": "for", "end": "up", "wind": "up", "turn": "out", "home": "to"}

# Nouns that open a question as verbs asking for a list ("Name the top 3 countries").
ASKING_VERBS = frozenset({"name"})

# Not late: at most zero on a column the model calls "late" above zero ("left on time").
ON_TIME = ("on time", "on-time", "punctually")

# Verbs of a figure's change: "revenue fell from 1995 to 1996" names two ends, not a span.
CHANGE_VERBS = frozenset({"rise", "grow", "fall", "drop", "decline", "decrease", "increase",
                          "climb", "shrink", "change", "jump", "sink", "dip", "slide", "improve",
                          "worsen"})

# Idioms that say nothing of the data ("stock on hand").
IDIOMS = ("on hand", "at hand", "on the schedule", "on the books")

# "Counting only airlines with 500 flights, which ...": as "among", the rows the rest is about.
RESTRICTING = ("counting only", "only counting", "considering only", "only considering",
               "looking only at", "restricted to", "limited to", "restricting to", "limiting to")

# Adverbs that may sit inside a value's cue and change nothing of it ("report directly to").
CUE_ADVERBS = frozenset({w for w in LIGHT_VERBS if w.endswith("ly")} | {"still", "already"})

# Words of organisations' and places' names that tell nothing apart ("Southwest Airlines Co.").
NAME_SUFFIXES = frozenset({"inc", "co", "corp", "corporation", "company", "ltd", "llc", "plc",
                           "group", "intl", "international", "national", "natl", "regional",
                           "municipal", "the", "of"})

# Abbreviations in names, and what people write instead ("Reagan Washington National").
NAME_ABBREVIATIONS = {"intl": "international", "natl": "national", "rgnl": "regional",
                      "mem": "memorial", "muni": "municipal", "fld": "field", "cnty": "county",
                      "arpt": "airport", "mtn": "mountain", "st": "saint", "ft": "fort",
                      # sizes and packs ("LG PKG" is a large package)
                      "sm": "small", "med": "medium", "lg": "large", "pkg": "package"}

# Everyday short forms people type for words ("avg acct balance", "in pct"): read as the word.
SHORT_FORMS = {"acct": "account", "accts": "accounts", "qty": "quantity", "pct": "percent",
               "amt": "amount", "yr": "year", "yrs": "years", "num": "number", "avg": "average",
               "mfr": "manufacturer", "mfrs": "manufacturers"}

# Meaning this kind of query cannot express: a question that needs them is asked about, never
# answered without them.
UNSUPPORTED = ("make up", "made up", "makes up", "catch up", "median", "percentile", "quartile",
               "standard deviation", "variance", "correlation", "correlate", "related to",
               "trend", "growth", "change from", "compared to last", "previous", "prior year",
               "year over year", "per capita", "ratio of", "divert", "diverted", "reroute",
               # times relative to today, which the data's years do not reach
               "this year", "this month", "this week", "this quarter", "last year", "last month",
               "next year", "next month", "today", "yesterday", "tomorrow", "recently", "so far",
               "to date", "past year", "past month")

# "How are sales going?", "How's LaGuardia doing?": how something fares, by no figure said.
HOW_IT_GOES = frozenset({"going", "doing", "performing", "faring", "shaping", "looking"})

# Words that introduce a thing's identifier: "the airport with code PDX", "the part called X".
IDENTIFIER_WORDS = frozenset({"code", "id", "identifier", "called", "named", "key"})

# "scheduled to take off": what was planned, not what took place (meta `happened_verbs`).
PLANNED = frozenset({"scheduled", "supposed", "due", "planned", "expected", "slated", "set"})

# "flights that actually took off": only the rows that really happened (meta `happened`).
REALIZED = ("actually", "really", "in fact", "in reality", "in practice")

# Signs said of any number: "a negative account balance".
SIGNS = {"negative": "-1", "positive": "1", "measurable": "1", "nonzero": "1", "non-zero": "1",
         # of money: "accounts in the red"
         "in the red": "-1", "in the black": "1"}
MONEY_SIGNS = frozenset({"in the red", "in the black"})

# Words after which a word of the data is its verb, not a value or a noun ("did we ship").
BEFORE_A_VERB = frozenset({"we", "you", "they", "i", "did", "do", "does", "didnt", "dont", "to"})

# Before "by", words that make what follows the figure ranked by, not a grouping.
RANKED_BY = frozenset({"going", "judging", "measured", "ranked", "sorted", "ordered", "judged"})

# Before a value, words that keep its rows in rather than keep only them.
INCLUDING = frozenset({"including", "counting", "incl", "inclusive"})

# Parts of the day as hours (inclusive), on a model's hour-of-day column (meta hour_of_day).
# Night wraps past midnight and is left to be asked about.
DAY_PARTS = {"morning": (5, 11), "afternoon": (12, 17), "evening": (18, 23)}
HOUR_OF_DAY = "hour of day"

# Beside a superlative, the extreme of one row: "the single longest flight".
ONE_ROW_WORDS = frozenset({"single", "individual"})

# "what" of "what is the average": a question word whose noun, if any, is the grouping.
QUESTION_WORDS = frozenset({"which", "what"})

# Cue words that say where, not which role: "airports in Texas" may be of either role.
PLACE_CUES = ("at", "in", "for", "on", "with")
NEGATIONS = ("not", "never", "except", "excluding", "exclude", "besides", "other than",
             "apart from", "but not", "non", "outside", "aside from", "neither", "nor",
             "anywhere but", "everywhere but", "all but", "everyone but", "anything but",
             "any but", "not counting")
MISSING = ("no", "without", "missing", "unknown", "null", "blank", "empty", "lack", "lacking",
           "not recorded", "not known", "not available", "absent", "not have")
CONNECTORS = frozenset({"or", "and", ",", "/", "(", ")", "&", "either", "both", "nor", "plus",
                        "as well as", "respectively"})
COMPARE_WORDS = ("compare", "comparison", "versus", "vs", "against", "compared", "side by side")
GROUP_WORDS = ("by", "per", "each", "every", "for each", "for every", "across", "broken down by",
               "break down by", "breakdown by", "split by", "grouped by", "group by", "for all")

# Aggregations: the word, what it asks for.
AGGREGATIONS: dict[str, str] = {
    "average": "avg", "mean": "avg", "avg": "avg", "typical": "avg", "on average": "avg",
    "averaged": "avg", "averaging": "avg",
    "total": "sum", "sum": "sum", "sum of": "sum", "combined": "sum", "cumulative": "sum",
    "in total": "sum", "altogether": "sum", "overall": "sum", "how much": "sum",
    "maximum": "max", "max": "max", "peak": "max",
    "minimum": "min", "min": "min",
    "how many": "count", "number of": "count", "count of": "count", "count": "count",
    "how often": "count", "frequency": "count", "amount of": "count",
    "distinct": "distinct", "different": "distinct", "unique": "distinct", "separate": "distinct",
    "percentage": "rate", "percent": "rate", "%": "rate", "share": "rate", "proportion": "rate",
    "fraction": "rate", "rate": "rate", "ratio": "rate", "how likely": "rate", "likelihood": "rate",
}
# Superlatives: the direction they rank in; on a single number, maximum or minimum.
SUPERLATIVES: dict[str, str] = {
    "most": "desc", "highest": "desc", "largest": "desc", "biggest": "desc", "greatest": "desc",
    "top": "desc", "maximum": "desc", "max": "desc", "heaviest": "desc", "busiest": "desc",
    "longest": "desc", "farthest": "desc", "furthest": "desc",
    "least": "asc", "fewest": "asc", "lowest": "asc", "smallest": "asc", "minimum": "asc",
    "min": "asc", "bottom": "asc", "quietest": "asc", "lightest": "asc", "shortest": "asc",
}
# Before an amount with no unit, words that say it is what a thing is worth.
WORTH_WORDS = frozenset({"worth", "valued", "totalling", "totaling", "amounting"})

# Words that put the values of a list together: "the UK and France combined".
TOGETHER = frozenset({"combined", "together", "altogether", "total", "overall", "jointly"})

# Superlatives of size: said of a thing, the one amount it carries ("the biggest order").
SIZE_WORDS = frozenset({"largest", "biggest", "smallest", "greatest"})
# Extremes of a date: "the most recent order", "the earliest hire" (the date ranked, its rows
# listed); the plain adjective each is the superlative of, which a model's meta may give a
# column instead ("the oldest plane": its year built).
TIME_EXTREMES: dict[str, tuple[str, str]] = {
    "latest": ("late", "desc"), "most recent": ("recent", "desc"), "newest": ("new", "desc"),
    "most recently": ("recent", "desc"), "earliest": ("early", "asc"), "oldest": ("old", "asc"),
    "least recent": ("recent", "asc"),
}
# "Which had more flights, JFK or LGA?": a comparison between named values, ranked.
COMPARATIVES = {"more": "desc", "fewer": "asc", "less": "asc", "higher": "desc", "lower": "asc",
                "larger": "desc", "smaller": "asc", "bigger": "desc", "greater": "desc",
                "longer": "desc", "shorter": "asc"}
# "most often", "most common": order by how many rows.
FREQUENCY_WORDS = ("often", "common", "frequent", "frequently", "popular", "busy", "busiest")
# "best", "worst": a direction only where the data model says whether higher is better.
QUALITY_WORDS = {"best": "better", "better": "better", "good": "better", "worst": "worse",
                 "worse": "worse", "bad": "worse", "best first": "better", "worst first": "worse"}
# "by name", "with their names": show the readable name beside a code (meta label_member).
LABEL_WORDS = ("by name", "with name", "their name", "name", "full name", "by their name")
ORDER_WORDS = ("rank", "ranked", "ranking", "order", "ordered", "sort", "sorted", "list")
DESCENDING = ("descending", "highest to lowest", "largest to smallest", "most to least",
              "highest first", "largest first", "biggest first", "most first", "longest first")
ASCENDING = ("ascending", "lowest to highest", "smallest to largest", "least to most",
             "lowest first", "smallest first", "fewest first", "least first", "shortest first")

# Comparisons, with the number after the words ("more than 5")...
COMPARATORS_BEFORE: dict[str, str] = {
    "more than": "gt", "greater than": "gt", "higher than": "gt", "larger than": "gt",
    "bigger than": "gt", "longer than": "gt", "over": "gt", "above": "gt", "exceeding": "gt",
    "in excess of": "gt", "later than": "gt", "after": "gt", "beyond": "gt", "warmer than": "gt",
    "exceeds": "gt", "exceeded": "gt", "exceed": "gt", "tops": "gt", "topped": "gt",
    "at least": "gte", "no less than": "gte", "not less than": "gte", "minimum of": "gte",
    "less than": "lt", "fewer than": "lt", "lower than": "lt", "smaller than": "lt",
    "shorter than": "lt", "under": "lt", "below": "lt", "earlier than": "lt", "before": "lt",
    "colder than": "lt", "prior to": "lt",
    "at most": "lte", "no more than": "lte", "not more than": "lte", "up to": "lte",
    "maximum of": "lte", "in or after": "gte", "on or after": "gte", "at or after": "gte",
    "in or before": "lte", "on or before": "lte", "at or before": "lte", "at or above": "gte",
    "at or below": "lte",
    "exactly": "equals", "equal to": "equals", "equals": "equals", "just": "equals",
    "only": "equals",
}
# ... or before them ("5 or more").
COMPARATORS_AFTER: dict[str, str] = {
    "or more": "gte", "or greater": "gte", "or higher": "gte", "or longer": "gte",
    "or later": "gte", "or above": "gte", "or over": "gte", "plus": "gte", "+": "gte",
    "and up": "gte", "or less": "lte", "or fewer": "lte", "or lower": "lte", "or shorter": "lte",
    "or earlier": "lte", "or below": "lte", "or under": "lte",
}
NEGATED = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt", "equals": "notEquals"}
# Where a number is signed by a word ("30 minutes early" is -30 on a delay), the comparison
# flips with the sign: "more than 30 minutes early" is delay < -30.
FLIPPED = {"gt": "lt", "gte": "lte", "lt": "gt", "lte": "gte", "equals": "equals"}

# Units a question may use, in the unit a column is stored in (meta.unit), with the factor.
UNIT_WORDS: dict[str, tuple[str, float]] = {
    "minute": ("minutes", 1), "min": ("minutes", 1), "mins": ("minutes", 1),
    "hour": ("minutes", 60), "hr": ("minutes", 60), "hrs": ("minutes", 60), "h": ("minutes", 60),
    "second": ("minutes", 1 / 60),
    "mile": ("miles", 1), "mi": ("miles", 1), "kilometer": ("miles", 0.621371),
    "km": ("miles", 0.621371), "foot": ("feet", 1), "feet": ("feet", 1), "ft": ("feet", 1),
    "meter": ("feet", 3.28084), "mph": ("mph", 1), "inch": ("inches", 1),
    "degree": ("degrees", 1), "percent": ("%", 1),
    "%": ("%", 1), "f": ("°F", 1), "fahrenheit": ("°F", 1), "millibar": ("millibars", 1),
    "mb": ("millibars", 1), "hpa": ("millibars", 1),
    # currencies, as ISO codes (a money column's meta.unit): the sign comes before the number
    "$": ("USD", 1), "dollar": ("USD", 1), "usd": ("USD", 1), "buck": ("USD", 1),
    "\u20ac": ("EUR", 1), "euro": ("EUR", 1), "eur": ("EUR", 1),
    "\u00a3": ("GBP", 1), "gbp": ("GBP", 1), "sterling": ("GBP", 1),
}
CURRENCY_SIGNS = frozenset({"$", "\u20ac", "\u00a3"})
CURRENCIES = frozenset(unit for unit, _ in UNIT_WORDS.values() if unit.isupper() and len(unit) == 3)
# Durations a column may be stored in (meta.unit), in minutes: a question's "5 minutes" is
# 300,000 of a milliseconds column.
DURATION_MINUTES = {"milliseconds": 1 / 60000, "seconds": 1 / 60, "minutes": 1, "hours": 60,
                    "days": 1440}


# A share stored as a fraction of one (meta unit "fraction": a discount of 0.05) is 5 %.
FRACTION = "fraction"
SHARE_SCALES: dict[tuple[str | None, str | None], float] = {
    (FRACTION, "%"): 0.01,
    ("%", FRACTION): 100.0,
}


def unit_factor(column_unit: str | None, said_unit: str | None) -> float | None:
    """What one of the unit said is in the column's unit (1 for the same unit); None when
    they measure different things."""
    if column_unit == said_unit:
        return 1.0
    if (column_unit, said_unit) in SHARE_SCALES:
        return SHARE_SCALES[(column_unit, said_unit)]
    if column_unit in DURATION_MINUTES and said_unit in DURATION_MINUTES:
        return DURATION_MINUTES[said_unit] / DURATION_MINUTES[column_unit]
    return None
UNIT_NAMES = frozenset({"minute", "hour", "mile", "kilometer", "foot", "inch", "degree"})
CLOCK_WORDS = {"noon": 1200, "midday": 1200, "midnight": 0}
# Quantities English names by a word, and what they are of ("below freezing": a temperature
# under 32 °F, i.e. 0 °C).
NAMED_QUANTITIES = {"freezing": (32.0, "°F", "temperature")}

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_ABBREVIATIONS = {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name and name != "May"
}
MONTH_ABBREVIATIONS["sept"] = 9
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1,
            "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
SMALL_NUMBERS = {"zero": 0, "one": 1, "two": 2, "three": 3, "a": 1, "an": 1, "single": 1,
                 "half": 0.5, "dozen": 12}
# Meteorological seasons of the northern hemisphere; the interpretation names their months.
SEASONS = {"spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11), "fall": (9, 10, 11),
           "winter": (12, 1, 2)}
GRANULARITY_WORDS = {
    "day": "day", "date": "day", "daily": "day", "week": "week", "weekly": "week",
    "month": "month", "monthly": "month", "quarter": "quarter", "quarterly": "quarter",
    "year": "year", "yearly": "year", "annual": "year", "annually": "year",
}
# "across all years", "of all time": the whole of the data's time, no period and no grouping.
WHOLE_TIME = ("across all years", "over all years", "in all years", "for all years",
              "across all the years", "over all the years", "all years", "all time",
              "of all time", "across all time", "in all time", "all years combined")
# fmt: on

_TOKEN = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}"  # ISO date
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?"  # 7/4 or 7/4/2013
    r"|\d{1,2}:\d{2}"  # 18:30
    r"|[0-9]+-[A-Z][A-Z]+\b"  # 1-URGENT: a code in capitals led by its rank
    r"|\d+(?:,\d{3})*(?:\.\d+)?(?:st|nd|rd|th)?"  # 2,000 | 4.5 | 4th
    r"|[A-Z]+-\d+[A-Za-z0-9]*\b"  # PG-13, NC-17: a code in capitals, one word
    r"|[A-Za-z]+\d[A-Za-z0-9]*"  # A320
    r"|[^\W\d_]+(?:['\u2019-][^\W\d_]+)*"  # O'Hare, turbo-fan, and words in any script
    r"|[%(),/&+?$\u20ac\u00a3:\u2014-]"  # $, euro and pound signs are units
)
# Words that say a member is a value: "whose country is the USA".
COPULA_WORDS = frozenset({"is", "are", "was", "were", "be", "the"})
_CONTRACTIONS = {"n't": "not", "'s": "", "'re": "are", "'ll": "will", "'d": "would", "'ve": "have"}


@dataclass(frozen=True)
class Token:
    text: str  # as written: capitals tell a name ("Delta") from a word ("delta")
    norm: str  # lower case, apostrophes dropped: "o'hare" -> "ohare"
    lemmas: frozenset[str]
    # False where the writer uses no capitals at all, so case cannot tell names from words
    cased: bool = True
    possessive: bool = False  # "Delta's": the name ends here, whatever word follows

    @property
    def is_number(self) -> bool:
        return number(self.norm) is not None

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


_SCALED = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(k|thousand|mn|million|bn|billion|(?<=\$\d)m)\b",
    re.IGNORECASE,
)
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
}
# '95: a year of two digits, in the century the pivot says (50 and above: the 1900s)
_SHORT_YEAR = re.compile(r"(?<![\w'])'(\d{2})\b")


_WORD_NUMBER = re.compile(r"\b([a-z]{3,})-(\d+)\b(?!-)", re.IGNORECASE)
_MERIDIEM = re.compile(r"(?<=\d)\s*([ap])\.m\.?", re.IGNORECASE)
_NUMBER_HYPHEN = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred)-(?=[a-z])",
    re.IGNORECASE,
)


_SHORT_FORM = re.compile(rf"\b({'|'.join(SHORT_FORMS)})\b", re.IGNORECASE)


def _long_form(match: re.Match[str]) -> str:
    written = match[0]
    if written.isupper() and written != written.lower():
        return written  # "QTY" written as a code stays a code
    return SHORT_FORMS[written.lower()]


# Comparisons written as symbols ("precip > 0"), in words
_SYMBOLS = re.compile(r"(?<![-=<>])\s*(>=|<=|\u2265|\u2264|>|<)(?![=<>])\s*")  # not "->"
_SYMBOL_WORDS = {">=": "at least", "\u2265": "at least", "<=": "at most", "\u2264": "at most",
                 ">": "more than", "<": "less than"}  # fmt: skip


# "never placed a single order": after a negation, "a single" is "any" (none at all)
_NOT_A_SINGLE = re.compile(
    r"\b((?:never|\w+n't|(?:did|does|do|has|have|had)\s+not)\s+(?:[\w']+\s+)?)a\s+single\b", re.I
)


def numbers_as_digits(text: str) -> str:
    """ "three hours" -> "3 hours", "$300k" -> "$300000", "in '95" -> "in 1995"; short forms
    ("avg acct balance") in full."""
    text = _SHORT_FORM.sub(_long_form, text.replace("\u2019", "'"))
    text = _SYMBOLS.sub(lambda m: f" {_SYMBOL_WORDS[m[1]]} ", text)
    text = _NOT_A_SINGLE.sub(r"\1any", text)
    text = _NUMBER_HYPHEN.sub(r"\1 ", text)  # "two-engine": a number and what it counts
    text = _WORD_NUMBER.sub(r"\1 \2", text)  # "size-15 parts": the column, then its value
    text = _MERIDIEM.sub(lambda m: m[1].lower() + "m", text)  # "6 a.m." is "6 am"
    text = _SHORT_YEAR.sub(lambda m: str((1900 if int(m[1]) >= 50 else 2000) + int(m[1])), text)
    text = str(alpha2digit(_SCALED.sub(_scaled, text), "en"))
    return _SCALED.sub(_scaled, text)


def _scaled(match: re.Match[str]) -> str:
    value = float(match[1].replace(",", "")) * _SCALES[match[2].lower()]
    return str(int(value)) if value.is_integer() else f"{value:g}"


_DEGREE_SIGN = re.compile(r"\s*\u00b0\s*")


def tokenize(text: str) -> list[Token]:
    text = _DEGREE_SIGN.sub(" degrees ", text)  # "70°F", "(°F)": the sign is a word
    text = numbers_as_digits(plain_letters(text))
    cased = text != text.lower() and text != text.upper()  # all capitals tell nothing either
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        parts = _split_contraction(match.group(0))
        owner = match.group(0).lower().endswith("'s")
        for n, part in enumerate(parts):
            norm = part.lower().replace("'", "")
            if norm[:1].isalpha():
                norm = norm.replace("-", "")  # "turbo-fan" is "turbofan"; 2013-10-31 stays
            if norm:
                ends = owner and n == len(parts) - 1
                tokens.append(Token(part, norm, lemmas(norm), cased=cased, possessive=ends))
    return tokens


# Words that rank what a verb after a hyphen says: "best-selling", "highest-paid".
RANKING_PREFIXES = frozenset({"best", "worst", "top", "highest", "lowest", "most", "least"})


def _split_hyphen(raw: str) -> list[str]:
    """ "turbo-fan" stays one word; "June-August" is a range and "non-Delta" a negation."""
    parts = raw.split("-")
    lowered = [p.lower() for p in parts]
    if len(parts) == 2 and parts[0].isascii() and parts[0].isdigit():
        return [parts[0], parts[1]]  # "1-URGENT": the words of the value, as its name has them
    if len(parts) == 2 and lowered[0] in RANKING_PREFIXES:
        return [parts[0], parts[1]]  # "best-selling": the best, by what is sold
    words = len(parts) == 2 and all(p.isalpha() and is_dictionary_word(p) for p in lowered)
    if words and not is_dictionary_word("".join(lowered)):
        return [parts[0], parts[1]]  # "furniture-segment": two words ("check-in" is one)
    if len(parts) == 2 and parts[0].isalpha() and _past_participle(lowered[1]):
        return [parts[0], parts[1]]  # "Embraer-built", "Texas-based": a name, then the verb
    if lowered[0] == "non" or any(p in MONTHS or p in MONTH_ABBREVIATIONS for p in lowered):
        split: list[str] = []
        for part in parts:
            split += [part, "-"]
        return split[:-1]
    return [raw]


def _past_participle(word: str) -> bool:
    return any(word in getInflection(verb, "VBN") for verb in getAllLemmas(word).get("VERB", ()))


def _split_contraction(raw: str) -> list[str]:
    if "-" in raw:
        parts = _split_hyphen(raw)
        if len(parts) > 1:
            return [piece for part in parts for piece in _split_contraction(part)]
    lower = raw.lower()
    for ending, replacement in _CONTRACTIONS.items():
        if lower.endswith(ending) and len(lower) > len(ending):
            stem = raw[: -len(ending)]
            if ending == "n't":
                stem = {"wo": "will", "ca": "can", "sha": "shall"}.get(stem.lower(), stem)
            return [stem, replacement] if replacement else [stem]
    return [raw]


@lru_cache(maxsize=65536)
def lemmas(norm: str) -> frozenset[str]:
    """The word and every lemma it may have: "left" -> {left, leave}, "flights" -> {flight}."""
    if not norm.isalpha():
        return frozenset({norm})
    found = {norm}
    for forms in getAllLemmas(norm).values():
        found.update(forms)
    if len(found) == 1 and norm.endswith("s") and len(norm) > 3:
        for forms in getAllLemmasOOV(norm, "NOUN").values():
            found.update(forms)
        if found == {norm} and not norm.endswith("ss"):
            found.add(norm[:-1])  # "SKUs": a plural no dictionary knows
    return frozenset(found)


def inflected(phrase: str) -> bool:
    """ "flown", "taken off": a verb said in one of its forms, not as its lemma."""
    return any(
        norm not in getAllLemmas(norm).get("VERB", (norm,)) for norm in phrase.lower().split()
    )


def is_adjective(norm: str) -> bool:
    return bool(getAllLemmas(norm).get("ADJ"))


def is_base_verb(norm: str) -> bool:
    """A verb as an order gives it ("break", "show"), not a form of one ("united")."""
    return norm in getAllLemmas(norm).get("VERB", ())


@lru_cache(maxsize=65536)
def is_dictionary_word(norm: str) -> bool:
    """An ordinary English word ("delta", "field"), as opposed to a name ("Denver", "JetBlue")."""
    return bool(getAllLemmas(norm))


@lru_cache(maxsize=65536)
def phrase_tokens(phrase: str) -> tuple[Token, ...]:
    return tuple(tokenize(phrase))


def number(norm: str) -> float | None:
    """ "2,000" -> 2000.0, "4.5" -> 4.5, "4th" -> None (an ordinal is not a quantity)."""
    if re.fullmatch(r"\d+(?:,\d{3})*(?:\.\d+)?", norm):
        return float(norm.replace(",", ""))
    return None


def ordinal(norm: str) -> int | None:
    if norm in ORDINALS:
        return ORDINALS[norm]
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", norm)
    return int(match.group(1)) if match else None


@lru_cache(maxsize=16)
def holidays_of(year: int) -> tuple[tuple[str, date], ...]:
    """Named days of a year ("Thanksgiving Day", "Christmas Eve"), from the holidays package,
    with the short form people use where the name ends in "Day" ("Thanksgiving")."""
    import holidays

    found: list[tuple[str, date]] = []
    days = holidays.country_holidays("US", years=year, categories=("public", "unofficial"))
    for day, names in sorted(days.items()):
        for name in names.split("; "):
            found.append((name, day))
            if name.endswith(" Day") and " " not in name[:-4]:
                found.append((name[:-4], day))
    return tuple(found)


def longest_cue(before: list[Token], cues: tuple[str, ...]) -> int:
    """How many words the longest of `cues` has that ends the words `before` ("landed in": 2);
    an adverb inside it changes nothing ("reports directly to")."""
    before = [t for t in before if t.norm not in CUE_ADVERBS]
    longest = 0
    for cue in cues:
        words = phrase_tokens(cue)
        tail = before[-len(words) :] if words else []
        if len(tail) == len(words) and all(
            same_word(a, b) for a, b in zip(words, tail, strict=True)
        ):
            longest = max(longest, len(words))
    return longest


def is_function_word(token: Token) -> bool:
    """A word that carries no data: "the", "were", a light verb in any form ("fell")."""
    if token.cased and len(token.text) > 1 and token.text.isupper():
        return False  # "US", "IT": a code written in capitals, not "us" or "it"
    return token.norm in FUNCTION_WORDS or bool(token.lemmas & LIGHT_VERBS)


# Unit words that mean something else on their own: a rate ("what percent"), an aggregation
# ("min"), a letter or an ordinal ("second").
_NOT_ALONE = frozenset({"percent", "%", "min", "h", "f", "mi", "second", "mb"})
# Scales after "degrees": "degrees F" is Fahrenheit; Celsius is a unit the data may not have.
_DEGREE_SCALES = {"f": "°F", "fahrenheit": "°F", "c": "°C", "celsius": "°C", "centigrade": "°C"}


def degree_scale(norm: str) -> str | None:
    """The scale a word after "degrees" names ("F", "Celsius"), or None."""
    return _DEGREE_SCALES.get(norm)


def standalone_unit(token: Token, before: str, asked: bool = False) -> tuple[str, float] | None:
    """The unit a word on its own names ("mph", "millibars", "kilometres", "Celsius"), as the
    data model writes units, with the factor to it ("hours": minutes, 60); None for a word
    that is no unit here."""
    if token.norm in _DEGREE_SCALES and (before.startswith("degree") or len(token.norm) > 1):
        return _DEGREE_SCALES[token.norm], 1.0
    for form in (token.norm, *sorted(token.lemmas), token.norm.replace("metre", "meter")):
        for word in (form, form[:-1] if form.endswith("s") else ""):
            # asked for a figure in a unit ("... in percent"), percent is the unit
            alone = word not in _NOT_ALONE or (
                asked and before in ("in", "as") and word in ("percent", "%")
            )
            if word in UNIT_WORDS and alone:
                return UNIT_WORDS[word]
    return None


# A unit the data is not in, asked for by name: how figures are converted to it. A word's own
# factor (UNIT_WORDS: "kilometre" is 0.621371 miles) is turned around; scales that do not
# start at the same zero have an offset.
_AFFINE = {("°F", "°C"): (5 / 9, -160 / 9), ("°C", "°F"): (9 / 5, 32.0)}
_LABELS = {
    "kilometer": "km", "km": "km", "hour": "hours", "hr": "hours", "hrs": "hours",
    "second": "seconds", "meter": "metres", "mile": "miles", "minute": "minutes",
}  # fmt: skip


def conversion(data_unit: str | None, token: Token, before: str) -> tuple[float, float, str] | None:
    """(factor, offset, label) taking figures in the data's unit to the one a word names
    ("kilometres" of miles: 1.609344, 0, "km"); None when the word names no such unit."""
    found = standalone_unit(token, before, asked=True)
    if found is None or data_unit is None:
        return None
    unit, factor = found
    if unit == data_unit and factor != 1:
        forms = [w.replace("metre", "meter") for w in (token.norm, *sorted(token.lemmas))]
        forms += [w[:-1] for w in forms if w.endswith("s")]
        return 1 / factor, 0.0, next((_LABELS[w] for w in forms if w in _LABELS), token.norm)
    if (data_unit, unit) in _AFFINE:
        return (*_AFFINE[(data_unit, unit)], unit)
    if (unit, data_unit) in SHARE_SCALES:  # a fraction of one, in percent
        return SHARE_SCALES[(unit, data_unit)], 0.0, unit
    return None


def same_unit(said: str, data: str | None) -> bool:
    """Whether a unit asked for is the one the data is in ("degrees" of a °F column)."""
    if data is None:
        return False
    return said == data or (said == "degrees" and data.startswith("°"))


def says_adjective(said: str, adjectives: tuple[str, ...]) -> list[str]:
    """The adjectives a word is a form of: "longest" of ("long", "short") -> ["long"]; not
    a word that merely begins like one ("Newark" is no form of "new")."""
    return [w for w in adjectives if said in adjective_forms(w)]


IRREGULAR_DEGREES = {
    "far": ("farther", "farthest", "further", "furthest"),
    "good": ("better", "best"),
    "bad": ("worse", "worst"),
}


def adjective_forms(word: str) -> set[str]:
    """An adjective and its comparative and superlative: "late" -> "later", "latest";
    "busy" -> "busier"; "hot" -> "hotter"."""
    forms = {word, word + "er", word + "est", *IRREGULAR_DEGREES.get(word, ())}
    if word.endswith("e"):
        forms |= {word + "r", word + "st"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ier", word[:-1] + "iest"}
    if re.fullmatch(r"[^aeiou]*[aeiou][b-df-hj-np-tv-z]", word):
        forms |= {word + word[-1] + "er", word + word[-1] + "est"}
    return forms


def same_noun(a: Token, b: Token) -> bool:
    """The same noun, singular or plural ("flight", "flights"), but not a verb form of it
    ("ordered" is not the noun "order")."""
    return singular(a.norm) == singular(b.norm)


def syllables(norm: str) -> int:
    """Roughly how many syllables a word has ("long" 1, "expensive" 3): one-syllable
    adjectives rank with -est, not with "most"."""
    groups = len(re.findall(r"[aeiouy]+", norm))
    return max(1, groups - (norm.endswith("e") and not norm.endswith("le") and groups > 1))


def singular(norm: str) -> str:
    if norm.endswith("ies") and len(norm) > 4:
        return norm[:-3] + "y"
    if norm.endswith(("ches", "shes", "xes", "sses")):
        return norm[:-2]
    if norm.endswith("s") and not norm.endswith("ss") and len(norm) > 3:
        return norm[:-1]
    return norm


def same_word(a: Token, b: Token) -> bool:
    return a.norm == b.norm or bool(a.lemmas & b.lemmas)


def same_name_word(a: Token, b: Token) -> bool:
    """A word of a value's name as written, or its plural: "highest" does not name the priority
    "high" (it ranks), nor "break" the city "Broken Arrow". One definite determiner
    stands for another: "received after their commit date" says "... after the commit date"."""
    return a.norm == b.norm or same_noun(a, b) or {a.norm, b.norm} <= DEFINITE_DETERMINERS


DEFINITE_DETERMINERS = frozenset({"the", "their", "its", "his", "her", "our", "your"})


@lru_cache(maxsize=65536)
def degree(norm: str) -> str:
    """ "higher" -> "comparative", "highest" -> "superlative", else "" (the word as it is)."""
    if norm in ("worse", "worst"):
        return "comparative" if norm == "worse" else "superlative"  # irregular, of "bad"
    bases = {*getAllLemmas(norm).get("ADJ", ()), *getAllLemmas(norm).get("ADV", ())} - {norm}
    if not bases:
        return ""
    if norm.endswith("est"):
        return "superlative"
    return "comparative" if norm.endswith("er") else ""


def plural(noun: str) -> str:
    """ "airline" -> "airlines", "origin airport" -> "origin airports" (the last word)."""
    from lemminflect import getInflection

    head, _, last = noun.rpartition(" ")
    if not last or last.endswith("s"):
        return noun
    forms = getInflection(last, "NNS")
    word = forms[0] if forms else last + "s"
    return f"{head} {word}" if head else word


# Words that open a clause after a noun phrase: "(the flights to Boston) did JetBlue operate".
_CLAUSE_WORDS = frozenset(
    {
        "did",
        "does",
        "do",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "that",
        "which",
        "who",
        "whose",
    }
)


def is_clause_verb(token: Token) -> bool:
    """A word that ends a noun phrase and starts what is said of it: an auxiliary or relative
    word, or a verb that is not also the noun as written ("came", "left"; not "orders")."""
    from lemminflect import getAllLemmas

    if token.norm in _CLAUSE_WORDS:
        return True
    forms = getAllLemmas(token.norm)
    verbs = forms.get("VERB", ())
    if not verbs:
        return False
    nouns = forms.get("NOUN", ())
    return not nouns or (token.norm in nouns and token.norm not in verbs)


def agent_nouns(verb: str) -> set[str]:
    """Who does it: "manufacture" -> manufacturer, "build" -> builder, "operate" -> operator."""
    stem = verb[:-1] if verb.endswith("e") else verb
    return {stem + "er", stem + "or", verb + "r"}


# Names of people and things from a place that no rule below derives from the place's name.
_IRREGULAR_DEMONYMS = {
    "france": "french",
    "peru": "peruvian",
    "united kingdom": "british",
    "uk": "british",
    "united states": "american",
    "usa": "american",
    "netherlands": "dutch",
    "switzerland": "swiss",
    "mozambique": "mozambican",
    "middle east": "middle eastern",
    "argentina": "argentine",
    "saudi arabia": "saudi",
    "philippines": "filipino",
    "thailand": "thai",
    "poland": "polish",
    "spain": "spanish",
    "sweden": "swedish",
    "denmark": "danish",
    "finland": "finnish",
    "ireland": "irish",
    "turkey": "turkish",
    "greece": "greek",
    "wales": "welsh",
    "scotland": "scottish",
    "england": "english",
}


# Countries by their usual short names: "UK suppliers", "US customers".
_COUNTRY_SHORT_NAMES = {
    "united kingdom": ("UK", "U.K."),
    "united states": ("US", "USA", "U.S."),
    "united arab emirates": ("UAE",),
}


def demonyms(place: str) -> set[str]:
    """What people from a place are called: "romania" -> romanian, "canada" -> canadian,
    "japan" -> japanese, "germany" -> german, "iraq" -> iraqi, "europe" -> european; and a
    country's short name ("UK")."""
    name = place.lower()
    found = {_IRREGULAR_DEMONYMS[name]} if name in _IRREGULAR_DEMONYMS else set()
    found |= set(_COUNTRY_SHORT_NAMES.get(name, ()))
    if not name.isalpha() or len(name) < 4:
        return found
    if name.endswith("y"):
        return found | {name[:-1]}
    if name[-1] in "aeo":
        stem = name[:-1]
        return found | {name + "n", name + "an", stem + "an", stem + "ian", stem + "ese"}
    return found | {name + "ian", name + "ese", name + "i", name + "an"}
