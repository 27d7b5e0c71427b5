"""What each column means to a reader of questions, guessed from its name and values: its title
and other names, whether people name its values, whether it is money or a duration, whether
summing it means anything, and which column names a row (an entity's display name)."""

from __future__ import annotations

from lemminflect import getAllLemmas

from stack.starter.schema import Column, Table
from stack.starter.words import plural, title, words_of
from understanding.language import is_dictionary_word, singular

# Words that say a number is not an amount: summing or averaging it means nothing.
NOT_AMOUNTS = {"id", "key", "code", "number", "zip", "postal", "phone", "fax", "year", "month"}
MONEY = {
    "price",
    "cost",
    "amount",
    "total",
    "sales",
    "revenue",
    "profit",
    "payment",
    "balance",
    "fee",
    "salary",
    "income",
    "budget",
    "gross",
    "charge",
    "freight",
    "box",
    "spend",
    "paid",
}
DURATIONS = {
    "milliseconds": "milliseconds",
    "seconds": "seconds",
    "minutes": "minutes",
    "runtime": "minutes",
    "hours": "hours",
    "days": "days",
}
SIZES = {"bytes": "bytes"}
# A line's own amount: where a table has one, price times quantity is not added beside it.
LINE_TOTALS = {"total", "sales", "revenue", "subtotal"}
LINE_WORDS = {"line", "lines", "detail", "details", "item", "items"}
LINE_VERBS = ["order", "buy", "sell", "purchase"]
LINE_TOTAL_NAMES = [
    "sales", "revenue", "turnover", "sales revenue", "sales amount", "amount sold", "spending",
    "money",
]  # fmt: skip
# Amounts that add up ("total sales"); others (prices, ratings, rates) are averaged by default.
ADDITIVE = MONEY - {"price", "balance", "salary", "fee"} | {
    "quantity",
    "units",
    "votes",
    "reviews",
    "bytes",
    "count",
}
# Other names and verbs of columns whose names are business words. A starter guess, as units are:
# curation adds a business's own words, and the agent only takes them as evidence like any other.
RELATED = {
    "sales": ["revenue", "turnover"],
    "revenue": ["sales", "turnover"],
    "profit": ["earnings"],
    "quantity": ["units", "number of units"],
    "salary": ["pay", "wage"],
    "budget": ["spending plan"],
    "freight": ["freight charge", "freight cost", "shipping cost"],
}
# How people say a contact detail ("Phone": its phone number).
CONTACT_WORDS = {
    "phone": ["phone number", "telephone", "telephone number"],
    "fax": ["fax number"],
    "email": ["email address", "e-mail"],
    "zip": ["zip code"],
}
VERBS = {
    "sales": ["sell"],
    "revenue": ["sell", "earn"],
    "profit": ["make", "earn"],
    "salary": ["earn", "pay"],
    "price": ["cost"],
}
# A money column where below zero is a loss: "order lines sold at a loss". Only words of a row:
# "states losing money" is about each state's total, which the row's sign does not tell.
SIGNED = {"profit": (["at a profit"], ["at a loss"])}
# What people call common business things and what those things do, beyond their table's name.
ENTITIES = {
    "employee": (
        ["staff member", "worker", "person", "people", "headcount", "sales rep", "salesperson"],
        ["work", "employ"],
    ),
    "staff": (["staff member", "employee", "worker", "person", "people"], ["work", "employ"]),
    "customer": (["client", "buyer"], ["buy", "purchase", "order", "shop"]),
    "order": (["purchase"], ["order", "place", "buy", "purchase"]),
    "sale": (["order", "deal"], ["sell", "order", "place"]),
    "invoice": (["bill"], ["bill", "invoice", "buy", "purchase"]),
    "supplier": (["vendor"], ["supply"]),
    "product": (["item"], []),
    "loan": (["borrowing"], ["borrow", "lend", "loan"]),
    "author": (["writer"], ["write"]),
    "shipper": (["carrier", "shipping company", "courier"], ["ship", "deliver", "carry"]),
    "film": (["movie"], []),
    "movie": (["film"], []),
}
# Words of an entity that name how many there are, not one of them.
COUNT_NOUNS = {"headcount"}
# Noun endings whose stem is the verb of what a row records: a rental is rented, a payment paid.
DERIVED = (
    ("ment", ""),
    ("al", ""),
    ("al", "e"),
    ("ing", ""),
    ("ation", "e"),
    ("ery", "er"),
    ("ion", "e"),
)
# Answers a yes/no column holds for yes and for no.
YES = {"y", "yes", "t", "true"}
NO = {"n", "no", "f", "false"}
# Text people do not name in questions: no values sampled.
UNNAMED = {
    "phone",
    "fax",
    "email",
    "address",
    "comment",
    "comments",
    "description",
    "url",
    "website",
    "image",
    "picture",
    "password",
    "username",
    "note",
    "notes",
    "postal",
}
# One word that names a column's kind on its own, whatever qualifies it ("billing country").
HEADS = {
    "country",
    "city",
    "state",
    "region",
    "price",
    "company",
    "address",
    "phone",
    "email",
    "genre",
    "category",
}
# A column called only this says little without its table: "Name" of an artist.
GENERIC = {
    "name",
    "title",
    "description",
    "type",
    "status",
    "code",
    "date",
    "id",
    "key",
    "total",
    "amount",
    "value",
    "count",
}
NAME_WORDS = ("name", "title")
SAMPLE_AT_MOST = 5000  # values the catalog samples (services/catalogs.SAMPLE_LIMIT)
SAMPLE_LENGTH_AT_MOST = 40


def column_phrase(table: Table, column: Column) -> str:
    words = words_of(table.bare(column.name))
    text = " ".join(words) or column.name.lower()
    if text in GENERIC:
        return f"{table.entity} {text}"
    return text


def column_title(table: Table, column: Column) -> str:
    return title(column_phrase(table, column))


# Things bought and sold: their money column is what they are worth, what was sold or spent.
TRANSACTIONS = {"order", "sale", "invoice", "payment", "transaction", "purchase", "booking"}
WORTH = {"total", "amount", "value"}


def is_worth(table: Table, column: Column) -> bool:
    """An order's or invoice's total, a payment's amount: the money a row is worth."""
    head = table.entity.split()[-1]
    return column.kind == "number" and head in TRANSACTIONS and bool(set(column.words) & WORTH)


def synonyms(table: Table, column: Column) -> list[str]:
    text = column_phrase(table, column)
    words = text.split()
    found = [w for word in words for w in RELATED.get(word, [])] if column.kind == "number" else []
    if column.kind == "string" and words[-1] in CONTACT_WORDS:
        found += [" ".join([*words[:-1], w]) for w in CONTACT_WORDS[words[-1]]]
    if is_worth(table, column):
        names = [table.entity, *ENTITIES.get(table.entity.split()[-1], ([], []))[0]]
        found += [f"{n} {w}" for n in names for w in sorted(WORTH)] + ["revenue", "sales"]
    if not text.startswith(table.entity):
        found.append(f"{table.entity} {text}")  # "customer country"
    if len(words) > 1 and words[-1] in HEADS:
        found.append(words[-1])  # "billing country" is a country
    bare = " ".join(words_of(table.bare(column.name)))
    if bare in GENERIC and bare != "total" and bare != text:
        found.append(bare)  # "Ann Lee's title": the staff title, said without the table
    return found


def verbs(table: Table, column: Column) -> list[str]:
    found = [v for word in column.words for v in VERBS.get(word, [])]
    return found + (["spend", "sell", "earn"] if is_worth(table, column) else [])


# A column named for what happens to a row: its verb ("ship date", "ship mode", "hire date").
ACTION_HEADS = {"date", "time", "day", "on", "at", "mode", "method", "via"}


def action(column: Column) -> str | None:
    """The verb a column's name says rows undergo: `ShipDate` -> ship, `created_at` -> create;
    "shipped in May", "hired before 1990" then name that column."""
    words = column.words
    if len(words) != 2 or words[-1] not in ACTION_HEADS or words[0] in ("last", "first"):
        return None
    lemmas = getAllLemmas(words[0]).get("VERB", ())
    return lemmas[0] if lemmas else derived_verb(words[0])  # "rental date": rent


def derived_verb(noun: str) -> str | None:
    """The verb a noun is made from: "rental" -> rent, "payment" -> pay, "delivery" -> deliver."""
    for ending, added in DERIVED:
        stem = noun[: -len(ending)] + added if noun.endswith(ending) else ""
        if len(stem) > 2 and stem in getAllLemmas(stem).get("VERB", ()):
            return stem
    return None


# Columns that say when a row was written, not anything of what it records.
AUDIT = (
    {"last", "update"},
    {"last", "updated"},
    {"updated", "at"},
    {"modified"},
    {"last", "modified"},
    {"modified", "date"},
    {"update", "date"},
)


def is_audit(column: Column) -> bool:
    return any(set(column.words) == words for words in AUDIT)


def signs(column: Column) -> tuple[list[str], list[str]]:
    """Words for a value above zero and below it ("profitable", "at a loss")."""
    for word in column.words:
        if word in SIGNED and column.kind == "number":
            return SIGNED[word]
    return [], []


def is_amount(table: Table, column: Column) -> bool:
    """A number whose sum, average, least and most mean something."""
    if column.kind != "number" or column.primary or column.flag or column.filled == 0:
        return False
    if table.join_of(column.name) is not None:
        return False
    words = set(words_of(table.bare(column.name)))
    return not (words & NOT_AMOUNTS) and not is_year(column)


def is_year(column: Column) -> bool:
    return "year" in column.words and column.kind == "number"


def unit(column: Column) -> str | None:
    if column.kind != "number":
        return None
    words = set(column.words)
    if words & MONEY and not words & {"rate", "percent", "ratio"}:
        return "USD"
    for word in column.words:
        if word in DURATIONS:
            return DURATIONS[word]
        if word in SIZES:
            return SIZES[word]
    return "year" if is_year(column) else None


# Adjectives that say more or less of a column ("the longest track", "cheapest product").
MORE_LESS = (
    (
        {"milliseconds", "seconds", "minutes", "hours", "days", "runtime", "duration", "length"},
        (["long"], ["short"]),
    ),
    ({"price", "cost", "fee", "rate"}, (["expensive", "pricey", "costly"], ["cheap"])),
    ({"bytes", "size"}, (["big", "large"], ["small"])),
)


def more_less(column: Column) -> tuple[list[str], list[str]]:
    if column.kind == "time" and {"birth", "born", "dob", "birthday"} & set(column.words):
        return ["young"], ["old"]  # a later birth date is a younger person
    if column.kind != "number":
        return [], []
    for words, adjectives in MORE_LESS:
        if words & set(column.words):
            return adjectives
    return [], []


# Amounts a business wants more of: "the best-selling", "the best states" rank them highest.
MORE_IS_BETTER = {
    "sales",
    "revenue",
    "turnover",
    "profit",
    "earnings",
    "income",
    "gross",
    "quantity",
    "units",
}


def better(column: Column) -> str | None:
    return "higher" if column.kind == "number" and MORE_IS_BETTER & set(column.words) else None


def default_agg(column: Column) -> str:
    return "sum" if set(column.words) & ADDITIVE else "avg"


def is_named(table: Table, column: Column) -> bool:
    """Text whose values people name in questions ("in Texas", "by Second Class"): few enough
    to sample, short, and not contact details or free text."""
    if column.kind != "string" or column.filled == 0 or column.primary:
        return False
    if set(column.words) & UNNAMED:
        return False
    if column in (person_names(table) or ()):
        return False  # "Ann Lee" is named by the full name, not "Ann" and "Lee" apart
    return 0 < column.distinct <= SAMPLE_AT_MOST and column.length <= SAMPLE_LENGTH_AT_MOST


def values_are_words(column: Column) -> bool:
    """Values that are ordinary words ("shipped", "open", "Binders", "Home Office"), not
    names: a status or a kind, said in any case ("how many binders")."""
    words = [
        v.replace(" ", "").isalpha() and all(_a_word(w.lower()) for w in v.split())
        for v in column.values
    ]
    # most of them: a dictionary does not know every word ("bookcases")
    return bool(words) and sum(words) >= 0.75 * len(words)


def _a_word(word: str) -> bool:
    return is_dictionary_word(word) or is_dictionary_word(singular(word))  # "accessories"


def label_column(table: Table) -> Column | None:
    """The column that names a row: a name or title with (nearly) a value per row."""
    best = None
    people = person_names(table) or ()
    # people are named by their names: an employee's title is a job, however many there are
    allowed = ("name",) if people else NAME_WORDS
    for column in table.columns:
        words = words_of(table.bare(column.name))
        own = words == table.entity.split()  # a customer's `customer` is its name
        if column.kind != "string" or not words or (words[-1] not in allowed and not own):
            continue
        if column in people:
            continue
        if column.filled == 0 or column.distinct < 0.5 * max(column.filled, 1):
            continue  # an employee's title is a job, not a name
        qualified = len(words) > 1 and " ".join(words[:-1]) not in table.entity
        if best is None or (not qualified and words[-1] == "name"):
            best = column
    return best


def person_names(table: Table) -> tuple[Column, Column] | None:
    """First and last name columns, which together name a person."""
    first = last = None
    for column in table.columns:
        words = words_of(table.bare(column.name))
        if column.kind != "string":
            continue
        if words[-2:] in (["first", "name"], ["given", "name"]) or words[-1:] == ["first"]:
            first = column
        if words[-2:] in (["last", "name"], ["family", "name"]) or words[-1:] in (
            ["last"],
            ["surname"],
        ):
            last = column
    return (first, last) if first and last else None


def entity_title(table: Table) -> str:
    return title(plural(table.entity))


def measure_title(agg: str, table: Table, column: Column) -> str:
    text = column_phrase(table, column)
    if agg == "sum" and {"total", "sum"} & set(text.split()):
        return title(f"sum of {plural(text)}")
    word = {"sum": "total", "avg": "average", "min": "minimum", "max": "maximum"}[agg]
    return title(f"{word} {text}")


def count_title(table: Table) -> str:
    return f"Number of {plural(table.entity)}"


def row_names(table: Table) -> list[str]:
    """What one row is called: "order", "order line", "order record", and for a business thing
    what people also call it ("client"); people are "people"."""
    entity = table.entity
    names = [entity, *(f"{entity} {word}" for word in ("line", "record", "row", "entry"))]
    names += ENTITIES.get(entity.split()[-1], ([], []))[0]
    if person_names(table) and entity.split()[-1] not in ENTITIES:
        names += ["person", "people"]
    return list(dict.fromkeys(names))


def thing_names(table: Table) -> list[str]:
    """What one thing of the table is called besides its entity ("staff member", "client"):
    the words that name a row, but its count ("headcount")."""
    names = row_names(table)[5:]
    return [n for n in names if n not in COUNT_NOUNS]


def row_verbs(table: Table) -> list[str]:
    """What a row records being done: columns named for it ("ship date": ship), the verb of
    the entity's noun ("rental": rent, "payment": pay), and a business thing's usual verbs."""
    found = [a for c in table.columns if (a := action(c))]
    head = table.entity.split()[-1]
    found += ENTITIES.get(head, ([], []))[1]
    if head.endswith(("er", "or")) and len(head) > 4:
        # who does it: a writer writes, a director directs
        for stem in (head[:-2], head[:-1], head[:-2] + "e"):
            if stem in getAllLemmas(stem).get("VERB", ()):
                found.append(stem)
                break
    if (verb := derived_verb(head)) is not None:
        found.append(verb)
    return list(dict.fromkeys(found))


def is_bridge(table: Table) -> bool:
    """A table that links rows of two others and says little else: a book's authors."""
    keys = {j.column for j in table.joins}
    targets = {j.target for j in table.joins}
    rest = [c for c in table.columns if c.name not in keys and c.words[-1:] != ["update"]]
    return len(keys) == 2 and len(targets) == 2 and len(rest) <= 1 and table.name not in targets


def yes_no(column: Column) -> tuple[str, str | None] | None:
    """A column that says yes or no ("paid": y/n, "on hold": "*" or nothing, "active": 1/0):
    the value for yes and the value for no."""
    values = [v.lower() for v in column.values]
    if column.kind == "string" and values and set(values) <= YES | NO:
        yes = next((v for v in column.values if v.lower() in YES), None)
        no = next((v for v in column.values if v.lower() in NO), None)
        return (yes, no) if yes else None
    if column.flag:
        return "yes", "no"  # a 0/1 column, written as yes and no (render.FLAG_SQL)
    if column.kind == "string" and len(values) == 1 and not any(c.isalnum() for c in values[0]):
        return column.values[0], None  # a mark where it holds
    return None


def negative(text: str) -> list[str]:
    """ "not paid", and "unpaid" / "inactive" where English has the word."""
    found = [f"not {text}"]
    if " " not in text:
        found += [w for w in (f"un{text}", f"in{text}") if getAllLemmas(w)]
    return found
