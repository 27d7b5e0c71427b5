"""Names as people say them: a column called `BillingPostalCode`, `unit_price` or `Sub-Category`
is "billing postal code", "unit price", "sub-category"; a table `InvoiceLine` holds "invoice
lines". English only, and only what schema names need."""

from __future__ import annotations

import re

from lemminflect import getAllLemmas

# Abbreviations schema writers use for whole words.
ABBREVIATIONS = {
    "qty": "quantity",
    "amt": "amount",
    "no": "number",
    "num": "number",
    "nbr": "number",
    "desc": "description",
    "dt": "date",
    "addr": "address",
    "cust": "customer",
    "emp": "employee",
    "dept": "department",
    "pct": "percent",
    "cnt": "count",
    "yr": "year",
    "tel": "telephone",
    "mngr": "manager",
    "mgr": "manager",
    "proj": "project",
    "ext": "extension",
    "ms": "milliseconds",
    "msec": "milliseconds",
    "sec": "seconds",
    "secs": "seconds",
    "mins": "minutes",
    "hrs": "hours",
}
IRREGULAR_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women"}
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def words_of(name: str) -> list[str]:
    """ "BillingPostalCode" -> [billing, postal, code]; "imdbRating" -> [imdb, rating];
    "l_extendedprice" -> [l, extendedprice]; "Sub-Category" -> [sub-category]."""
    found: list[str] = []
    for part in re.split(r"[_\s.]+", name.strip()):
        if "-" in part and part.replace("-", "").isalpha():
            found.append(part.lower())
            continue
        found += [w.lower() for w in _CAMEL.findall(part)]
    return [ABBREVIATIONS.get(w, w) for w in found if w]


def phrase(name: str) -> str:
    return " ".join(words_of(name))


def title(text: str) -> str:
    """A title: the first letter up, and ids as people write them."""
    text = re.sub(r"\bid\b", "ID", text)
    return text[:1].upper() + text[1:]


def identifier(name: str) -> str:
    """A Cube member or cube name for a schema name: snake case, ASCII letters, digits,
    underscores; a name with none of those gets one made from its bytes ("c_e5908d...")."""
    text = "_".join(words_of(name)).replace("-", "_")
    text = re.sub(r"[^A-Za-z0-9_]", "", text)
    if not text:
        return f"c_{name.encode().hex()[:16]}"
    return text if not text[0].isdigit() else f"c_{text}"


def plural(text: str) -> str:
    """The plural of a phrase's last word: "invoice line" -> "invoice lines"."""
    head, _, last = text.rpartition(" ")
    if last in IRREGULAR_PLURALS:
        word = IRREGULAR_PLURALS[last]
    elif last.endswith("s") and not last.endswith("ss"):
        word = last  # already plural ("customers", "orders")
    elif re.search(r"[^aeiou]y$", last):
        word = last[:-1] + "ies"
    elif last.endswith(("ss", "x", "ch", "sh")):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}".strip()


def singular(text: str) -> str:
    head, _, last = text.rpartition(" ")
    irregular = {v: k for k, v in IRREGULAR_PLURALS.items()}
    nouns = getAllLemmas(last).get("NOUN", ())
    if last in irregular:
        word = irregular[last]
    elif nouns and last.endswith("s") and not last.endswith("ss"):
        word = nouns[0]  # "tomatoes" -> "tomato", "categories" -> "category"
    elif last.endswith("ies") and len(last) > 4:
        word = last[:-3] + "y"
    elif last.endswith(("sses", "xes", "ches", "shes")):
        word = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        word = last[:-1]
    else:
        word = last
    return f"{head} {word}".strip()
