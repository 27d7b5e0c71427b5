"""The starter model: a cube per table, a cube per role a table plays twice (an employee's
manager, an order's billing and shipping address), each join named by its role. Cubes are built
as plain data (`Cube`), curated (`curation`), then written as Cube JavaScript."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from lemminflect import getAllInflections, getAllLemmas

from stack.starter import naming
from stack.starter.schema import Column, Join, Table, quote
from stack.starter.words import identifier, plural, title, words_of

HEADER = """// Starter data model written by `quarry model init` from {source}; it compiles.
// Curate it in curation.toml beside this file, not here: `quarry model init --refresh` rewrites
// these files and applies the curation again. Guessed from names and values: titles, other
// names (`synonyms`), which values people name (`sample_values`), units, display names.
"""
# What a column that joins a table to itself says of the row it points to.
ROLE_NAMES = {"reports to": "manager", "supervisor": "manager", "boss": "manager"}

Members = dict[str, dict[str, Any]]
FLAG_META = {"sample_values": True, "common_words": True}


@dataclass
class Cube:
    name: str
    sql: str
    title: str
    joins: dict[str, dict[str, str]] = field(default_factory=dict)
    measures: Members = field(default_factory=dict)
    dimensions: Members = field(default_factory=dict)
    comment: str = ""
    label: str | None = None  # the dimension that names a row ("title", "full name")


@dataclass
class Role:
    name: str  # the cube's name, also the join's
    table: Table  # the table playing it
    words: str  # "manager", "billing address"
    # its values are also the table's own (a manager is an employee): named by the base cube,
    # which answers "the department Bruce Young works in"; two roles of one row (billing and
    # shipping address) each name their own
    named: bool = True
    # words before a value that make it this role's: "reports to" Andrew Fuller, the manager
    cues: tuple[str, ...] = ()


@dataclass
class Model:
    tables: list[Table]
    cubes: dict[str, str] = field(default_factory=dict)  # table -> cube name
    roles: list[Role] = field(default_factory=list)
    join_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, column) -> cube
    # what a table is called where another points to it: an employee as "sales rep", "manager"
    role_words: dict[str, list[str]] = field(default_factory=dict)


def build(tables: list[Table]) -> list[Cube]:
    model = Model(tables, _unique({t.name: identifier(t.name) for t in tables}))
    for table in tables:
        for join in table.joins:
            model.join_names[(table.name, join.column)] = _joined_as(model, table, join)
    return [_cube(model, t) for t in tables] + [_role_cube(r) for r in model.roles]


def _unique(names: dict[str, str]) -> dict[str, str]:
    """Each its own name: `Order_Items` and `OrderItems` are order_items and order_items_2."""
    unique: dict[str, str] = {}
    for key, name in names.items():
        unique[key] = _free(unique.values(), name)
    return unique


def _joined_as(model: Model, table: Table, join: Join) -> str:
    """The target's cube, or a role cube where the table joins itself, or joins the target twice
    and the column names a role ("ReportsTo", "billing_address_id")."""
    twice = sum(j.target == join.target for j in table.joins) > 1
    target = next(t for t in model.tables if t.name == join.target)
    role = _role_words(table, join, target)
    # an employee's department and a department's manager: two ways between two tables
    back = any(j.target == table.name for j in target.joins)
    # a project's team leader, beside the employees linked to the project: a role, or "people
    # on the project" would count its leader through the shorter join
    linked = any(
        naming.is_bridge(b) and {j.target for j in b.joins} >= {table.name, target.name}
        for b in model.tables
    )
    if not (join.target == table.name or ((twice or back or linked) and role)):
        if role and role != target.entity:
            model.role_words.setdefault(join.target, []).append(role)
        return model.cubes[join.target]
    role = _role_words(table, join, target, keep_target=True) if twice else role or "parent"
    name = identifier(role)
    if name in model.cubes.values() or any(r.name == name for r in model.roles):
        name = f"{model.cubes[table.name]}_{name}"
    model.roles.append(Role(name, target, role, named=twice, cues=_cues(table, join)))
    return name


def _cues(table: Table, join: Join) -> tuple[str, ...]:
    """A column named by a verb and its preposition ("ReportsTo", "managed_by"): each form of
    the verb with it ("reports to", "reporting to") says the value after it is this role's."""
    words = words_of(table.bare(join.column))
    if len(words) != 2 or words[1] not in ("to", "by", "for", "under"):
        return ()
    lemmas = getAllLemmas(words[0]).get("VERB", ())
    if not lemmas:
        return ()
    forms = {words[0], lemmas[0]} | {
        f for fs in getAllInflections(lemmas[0], "VERB").values() for f in fs
    }
    return tuple(sorted(f"{form} {words[1]}" for form in forms))


def _role_words(table: Table, join: Join, target: Table, keep_target: bool = False) -> str:
    """What the column calls the row it points to: "manager" (ReportsTo), "sales rep"
    (`sales_rep` of an employee), "billing address" (kept whole where `keep_target`)."""
    words = words_of(table.bare(join.column))
    if len(words) > 1 and words[-1] in ("id", "key", "number", "code"):
        words = words[:-1]
    own = target.entity.split()
    if words[-len(own) :] == own and table.name != target.name and not keep_target:
        words = words[: -len(own)]
    if words == table.entity.split():
        return ""  # a job's `job_country` is the job's country, no role
    text = " ".join(words)
    return ROLE_NAMES.get(text, text)


def _cube(model: Model, table: Table) -> Cube:
    name = model.cubes[table.name]
    cube = Cube(name, _select(table), naming.entity_title(table))
    for join in table.joins:
        joined = model.join_names[(table.name, join.column)]
        primary = table.column(join.column).primary
        cube.joins[joined] = {
            "relationship": "one_to_one" if primary else "many_to_one",
            "sql": f"${{CUBE}}.{quote(join.column)} = ${{{joined}}}.{quote(join.key)}",
        }
    for bridge in model.tables:
        # a table that only links two others (a book's authors): each side reaches the other
        # through it, so "the author with the most books" counts books per author
        if naming.is_bridge(bridge) and any(j.target == table.name for j in bridge.joins):
            own = next(j for j in bridge.joins if j.target == table.name)
            cube.joins[model.cubes[bridge.name]] = {
                "relationship": "one_to_many",
                "sql": f"${{CUBE}}.{quote(own.key)} = ${{{model.cubes[bridge.name]}}}"
                f".{quote(own.column)}",
            }
    count_meta = {
        "synonyms": naming.row_names(table),
        "verbs": naming.row_verbs(table),
        "joins": list(cube.joins),
    }
    cube.measures["count"] = {
        "type": "count",
        "title": naming.count_title(table),
        "meta": count_meta,
    }
    for column in table.columns:
        cube.measures.update(_measures(model, table, column))
    cube.measures.update(_margin(table, name))
    if line_total := _line_total(table):
        cube.measures.update(line_total)
        # a line is what was ordered and sold: "products never ordered", "units sold"
        count_meta["verbs"] = list(dict.fromkeys([*count_meta["verbs"], *naming.LINE_VERBS]))
    cube.dimensions = _dimensions(
        table, table.entity, model.join_names, also=model.role_words.get(table.name, [])
    )
    cube.label = _label_name(table)
    if any(r.table is table for r in model.roles):
        # its values are also a role's ("Engineering" heads departments too): this one first
        for member in cube.dimensions.values():
            if member.get("meta", {}).get("sample_values"):
                member["meta"]["primary"] = True
    return cube


def _label_name(table: Table) -> str | None:
    label = naming.label_column(table)
    if label is not None:
        return identifier(table.bare(label.name))
    people = naming.person_names(table)
    if people is None:
        return None
    who = " ".join(w for w in people[0].words if w not in ("first", "given", "name"))
    return identifier(f"{who or table.entity} name")


def _role_cube(role: Role) -> Cube:
    """A table in a role: its names and the values people name, titled by the role."""
    table = role.table
    cube = Cube(
        role.name,
        _select(table),
        title(plural(role.words)),
        comment=f"{table.name} as {role.words}: a cube of its own, so both joins can be asked for",
    )
    cube.measures["count"] = {
        "type": "count",
        "title": f"Number of {plural(role.words)}",
        "meta": {"synonyms": [role.words]},
    }
    keys = {(table.name, j.column): "" for j in table.joins}
    cube.dimensions = _dimensions(table, role.words, keys, named_only=True)
    for member in cube.dimensions.values():
        meta = member.get("meta", {})
        if role.cues and meta.get("sample_values") and member["title"].endswith(" name"):
            meta["value_cues"] = list(role.cues)  # "reports to Andrew Fuller": this one's
        elif not role.named:
            meta.pop("sample_values", None)
    return cube


def _line_total(table: Table) -> Members:
    """Price times quantity (less a discount given as a fraction), where a table has both and
    no amount of its own: what a line of an order or invoice sold for, "sales"."""
    price = next(
        (c for c in table.columns if "price" in c.words and naming.is_amount(table, c)), None
    )
    quantity = next(
        (
            c
            for c in table.columns
            if {"quantity", "qty"} & set(c.words) and naming.is_amount(table, c)
        ),
        None,
    )
    has_total = any(set(c.words) & naming.LINE_TOTALS for c in table.columns)
    # a line of something: of a header row it joins (an order), or named so ("order_items")
    line = bool(table.joins) or bool(set(words_of(table.name)) & naming.LINE_WORDS)
    if price is None or quantity is None or has_total or not line:
        return {}
    discount = next(
        (c for c in table.columns if "discount" in c.words and c.high is not None and c.high < 1),
        None,
    )
    sql = f"{_sql(price)} * {_sql(quantity)}"
    if discount is not None:
        sql += f" * (1 - COALESCE({_sql(discount)}, 0))"
    meta = {
        "synonyms": naming.LINE_TOTAL_NAMES,
        "verbs": ["sell", "spend", "earn"],
        "unit": naming.unit(price),
    }
    return {"sales": {"sql": sql, "type": "sum", "title": "Sales", "meta": meta}}


def _margin(table: Table, cube: str) -> Members:
    """Profit over revenue, in percent, where a table has both: what "margin" means."""
    profit = next(
        (c for c in table.columns if "profit" in c.words and naming.is_amount(table, c)), None
    )
    revenue = next(
        (
            c
            for c in table.columns
            if set(c.words) & {"sales", "revenue", "turnover"} and naming.is_amount(table, c)
        ),
        None,
    )
    if profit is None or revenue is None:
        return {}
    sql = f"100.0 * SUM({_sql(profit)}) / NULLIF(SUM({_sql(revenue)}), 0)"
    meta = {
        "synonyms": ["margin", "profit margin", "profitability"],
        "unit": "%",
        "better": "higher",
    }
    return {
        "profit_margin": {"sql": sql, "type": "number", "title": "Profit margin (%)", "meta": meta}
    }


def _select(table: Table) -> str:
    rowid = "rowid, " if table.key == "rowid" else ""
    return f"SELECT {rowid}* FROM {quote(table.name)}"


def _measures(model: Model, table: Table, column: Column) -> Members:
    name = identifier(table.bare(column.name))
    of = {"of": f"{model.cubes[table.name]}.{name}"}
    join = table.join_of(column.name)
    if join is not None:
        target = next(t for t in model.tables if t.name == join.target)
        return {
            f"distinct_{name}": {
                "sql": _sql(column),
                "type": "count_distinct",
                "title": f"Number of different {plural(target.entity)}",
                "meta": of,
            }
        }
    label = naming.label_column(table)  # its rows are counted by the count itself
    if naming.is_named(table, column) and column.distinct > 1 and column is not label:
        return {
            f"distinct_{name}": {
                "sql": _sql(column),
                "type": "count_distinct",
                "title": f"Number of different {plural(naming.column_phrase(table, column))}",
                "meta": of,
            }
        }
    if not naming.is_amount(table, column):
        return {}
    # what is done to amount to it ("sell": sales) names its default aggregate
    done = {"verbs": naming.verbs(table, column)}
    return {
        f"{agg}_{name}": {
            "sql": _sql(column),
            "type": agg,
            "title": naming.measure_title(agg, table, column),
            "meta": {**of, **(done if agg == naming.default_agg(column) else {})},
        }
        for agg in ("sum", "avg", "min", "max")
    }


def _dimensions(
    table: Table,
    entity: str,
    join_names: dict[tuple[str, str], str],
    named_only: bool = False,
    also: list[str] | None = None,
) -> Members:
    """Its columns but the keys to other tables, and a person's full name where first and last
    names are kept apart. What names a row is also called by the entity's name and by the roles
    it plays for other tables (`also`: "sales rep")."""
    members: Members = {}
    if table.key == "rowid":
        members["rowid"] = {"sql": "${CUBE}.rowid", "type": "number", "primary_key": True}
    label = naming.label_column(table)
    people = naming.person_names(table)
    names = [entity, *(also or []), *(naming.thing_names(table) if entity == table.entity else [])]
    if people:
        first, last = people
        who = " ".join(w for w in first.words if w not in ("first", "given", "name")) or entity
        synonyms = [*names, f"{who} full name"] if label is None else [f"{who} full name"]
        members[identifier(f"{who} name")] = {
            "sql": f"${{CUBE}}.{quote(first.name)} || ' ' || ${{CUBE}}.{quote(last.name)}",
            "type": "string",
            "title": title(f"{who} name"),
            "meta": {"synonyms": synonyms, "sample_values": True},
        }
    for column in table.columns:
        if column.filled == 0 or (table.name, column.name) in join_names:
            continue  # empty, or a key the join and the other table's names say better
        if naming.is_audit(column):
            continue  # when the row was last written: no date of what it records
        member = _dimension(table, column, entity, names if column is label else None)
        if member is not None and (
            not named_only or column.primary or member["meta"].get("sample_values")
        ):
            members[_free(members, identifier(table.bare(column.name)))] = member
    return members


def _free(taken: Collection[str], name: str) -> str:
    """A name not yet taken (two columns, or two tables, may read alike): name, name_2, ..."""
    given, n = name, 1
    while given in taken:
        n += 1
        given = f"{name}_{n}"
    return given


def _dimension(
    table: Table, column: Column, entity: str, label: list[str] | None
) -> dict[str, Any]:
    phrase = naming.column_phrase(table, column)
    if entity != table.entity:  # a role: "manager name", "manager city"
        phrase = phrase.replace(table.entity, entity, 1)
        phrase = phrase if phrase.startswith(entity) else f"{entity} {phrase}"
    meta: dict[str, Any] = {}
    if label:
        meta["synonyms"] = [n for n in label if n != phrase]
    elif not column.primary:
        said = [s.replace(table.entity, entity, 1) for s in naming.synonyms(table, column)]
        # a role's columns are said with the role ("manager title"), never bare
        meta["synonyms"] = said if entity == table.entity else [s for s in said if entity in s]
    if label or naming.is_named(table, column):
        meta["sample_values"] = True
        meta["common_words"] = naming.values_are_words(column)
    if (answers := naming.yes_no(column)) is not None:
        named = naming.column_phrase(table, column)
        yes, no = answers
        meta["value_synonyms"] = {yes: [named], **({no: naming.negative(named)} if no else {})}
    meta["unit"] = naming.unit(column)
    if column.kind == "time" and (verb := naming.action(column)):
        meta["verbs"] = [verb]  # "shipped in May": the ship date
    meta["above_zero"], meta["below_zero"] = naming.signs(column)
    meta["higher"], meta["lower"] = naming.more_less(column)
    meta["better"] = naming.better(column)
    if naming.is_amount(table, column):
        meta["default_agg"] = naming.default_agg(column)
    if column.flag:  # 1 and 0 as yes and no: "active members", "not active"
        sql = f"CASE {_sql(column)} WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"
        return {"sql": sql, "type": "string", "title": title(phrase), "meta": meta | FLAG_META}
    # blank text is no value: unknown, as NULL is (and ranked groups leave it out)
    text = column.kind == "string" and not column.primary
    sql = f"NULLIF(TRIM({_sql(column)}), '')" if text else _sql(column)
    if column.text_date:
        # SQLite keeps dates as text ("2009-01-01 00:00:00"); Cube compares them with its own
        # "2009-01-01T00:00:00.000", which sorts after the stored form: a range would miss its
        # first day. In Cube's form, every stored form compares right.
        sql = f"strftime('%Y-%m-%dT%H:%M:%f', {_sql(column)})"
    member: dict[str, Any] = {
        "sql": sql,
        "type": "number" if column.kind in ("number", "boolean") else column.kind,
        "title": title(phrase),
        "meta": {k: v for k, v in meta.items() if v},
    }
    if column.primary:
        member.update(primary_key=True, shown=True)
    return member


def _sql(column: Column) -> str:
    return f"${{CUBE}}.{quote(column.name)}"


def to_javascript(cube: Cube, source: str) -> str:
    lines = [HEADER.format(source=source)]
    if cube.comment:
        lines.append(f"// {cube.comment}.")
    lines += [
        f"cube(`{cube.name}`, {{",
        f"  sql: {_js(cube.sql, live=True)},",
        f"  title: {_js(cube.title)},",
    ]
    for section in ("joins", "measures", "dimensions"):
        members = getattr(cube, section)
        if members:
            lines.append(f"\n  {section}: {{")
            lines += [f"    {name}: {_js(member)}," for name, member in members.items()]
            lines.append("  },")
    lines.append("});\n")
    return "\n".join(lines)


def _key(name: str) -> str:
    """An object key: as written where it is an identifier, else quoted ("*", "United States")."""
    return name if name.isidentifier() else json.dumps(name)


def _js(value: object, live: bool = False) -> str:
    """A JavaScript literal, strings in backticks; only SQL keeps Cube's `${CUBE}` references
    live, so a name in the database or the curation cannot run as code."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value.replace("\\", "\\\\").replace("`", "\\`")
        return "`" + (text if live else text.replace("${", "\\${")) + "`"
    if isinstance(value, list):
        return "[" + ", ".join(_js(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(
            f"{_key(k)}: {_js(v, live=k == 'sql')}"
            for k, v in value.items()
            if v not in (None, [], {})
        )
        return "{ " + inner + " }"
    return json.dumps(value)
