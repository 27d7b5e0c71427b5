"""`quarry model init`: a starter model that answers, from a SQLite schema nobody curated.

Each test builds a small database whose names are written the ways schemas write them
(CamelCase, snake_case, abbreviations, prefixes) and checks one thing the model must say."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cli import main
from stack.starter import CURATION_FILE, ModelError, generate, write_model
from stack.starter.render import Cube, build
from stack.starter.schema import read_schema
from stack.starter.trying import LocalModel
from understanding import offline
from understanding.catalog import build_catalog

STORE = """
CREATE TABLE Region (RegionId INTEGER PRIMARY KEY, RegionName TEXT);
CREATE TABLE Address (AddressId INTEGER PRIMARY KEY, City TEXT, PostalCode TEXT);
CREATE TABLE Staff (
    StaffId INTEGER PRIMARY KEY, FirstName TEXT, LastName TEXT, Title TEXT, Email TEXT,
    ReportsTo INTEGER REFERENCES Staff (StaffId), BirthYear INTEGER
);
CREATE TABLE Client (
    ClientId INTEGER PRIMARY KEY, Company TEXT, RegionId INTEGER REFERENCES Region (RegionId),
    AccountRepId INTEGER REFERENCES Staff (StaffId), Phone TEXT
);
CREATE TABLE SalesOrder (
    SalesOrderId INTEGER PRIMARY KEY, ClientId INTEGER REFERENCES Client (ClientId),
    OrderDate TEXT, Total NUMERIC, ShipMode TEXT,
    BillingAddressId INTEGER REFERENCES Address (AddressId),
    ShippingAddressId INTEGER REFERENCES Address (AddressId)
);
CREATE TABLE order_line (
    line_no INTEGER PRIMARY KEY, sales_order_id INTEGER REFERENCES SalesOrder (SalesOrderId),
    unit_price REAL, qty INTEGER, duration_milliseconds INTEGER, file_bytes INTEGER,
    comment TEXT
);
"""


def _fill(conn: sqlite3.Connection) -> None:
    conn.executemany("INSERT INTO Region VALUES (?, ?)", [(1, "North"), (2, "South")])
    conn.executemany(
        "INSERT INTO Address VALUES (?, ?, ?)",
        [(i, f"Town {i % 4}", f"{10000 + i}") for i in range(1, 9)],
    )
    staff = [(1, "Ann", "Lee", "Director", "ann@x.test", None, 1970)]
    staff += [
        (i, f"Name{i}", f"Surname{i}", "Rep", f"s{i}@x.test", 1, 1980 + i) for i in range(2, 6)
    ]
    conn.executemany("INSERT INTO Staff VALUES (?, ?, ?, ?, ?, ?, ?)", staff)
    conn.executemany(
        "INSERT INTO Client VALUES (?, ?, ?, ?, ?)",
        [(i, f"Company {i}", 1 + i % 2, 2 + i % 4, "555-0100") for i in range(1, 11)],
    )
    orders = [
        (
            i,
            1 + i % 10,
            f"2024-0{1 + i % 9}-1{i % 10}",
            10.0 * i,
            ("Truck", "Rail")[i % 2],
            i % 8 + 1,
            (i + 3) % 8 + 1,
        )
        for i in range(1, 41)
    ]
    conn.executemany("INSERT INTO SalesOrder VALUES (?, ?, ?, ?, ?, ?, ?)", orders)
    conn.executemany(
        "INSERT INTO order_line VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(i, 1 + i % 40, 2.5, 1 + i % 3, 1000 * i, 2048, f"free text {i}") for i in range(1, 81)],
    )


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(STORE)
        _fill(conn)
    conn.close()
    return path


def _cubes(path: Path) -> dict[str, Cube]:
    return {c.name: c for c in build(read_schema(path))}


def test_titles_are_words_people_write_and_counts_are_named_by_the_plural(store: Path) -> None:
    cubes = _cubes(store)
    order = cubes["sales_order"]
    assert order.title == "Sales orders"
    assert order.measures["count"]["title"] == "Number of sales orders"
    assert order.dimensions["order_date"]["title"] == "Order date"
    assert order.dimensions["ship_mode"]["title"] == "Ship mode"
    line = cubes["order_line"]
    assert line.dimensions["quantity"]["title"] == "Quantity"  # qty
    assert line.dimensions["unit_price"]["title"] == "Unit price"
    assert (
        "sum_quantity" in line.measures
        and line.measures["sum_quantity"]["title"] == "Total quantity"
    )


def test_only_amounts_get_sums_and_averages(store: Path) -> None:
    cubes = _cubes(store)
    staff = cubes["staff"]
    assert not any(name.endswith(("birth_year", "staff_id")) for name in staff.measures)
    line = cubes["order_line"]
    assert not any("line_number" in name for name in line.measures)  # a key is no amount
    order = cubes["sales_order"]
    assert order.measures["sum_total"]["title"] == "Sum of sales order totals"  # not "Total total"
    assert order.dimensions["total"]["title"] == "Sales order total"


def test_people_and_things_people_name_have_sampled_values(store: Path) -> None:
    cubes = _cubes(store)
    staff = cubes["staff"].dimensions
    name = staff["staff_name"]
    assert name["sql"] == '${CUBE}."FirstName" || \' \' || ${CUBE}."LastName"'
    assert name["meta"]["sample_values"] is True
    assert "staff" in name["meta"]["synonyms"]
    assert "account rep" in name["meta"]["synonyms"]  # the role a client's AccountRepId gives
    assert staff["title"]["meta"].get("sample_values")  # few job titles: named in questions
    assert "sample_values" not in staff["email"]["meta"]
    client = cubes["client"].dimensions
    assert client["company"]["meta"].get("sample_values")
    assert "sample_values" not in cubes["order_line"].dimensions["comment"]["meta"]
    assert cubes["region"].dimensions["region_name"]["meta"]["synonyms"] == ["region"]


def test_units_and_dates_stored_as_text(store: Path) -> None:
    cubes = _cubes(store)
    line = cubes["order_line"].dimensions
    assert line["unit_price"]["meta"]["unit"] == "USD"
    assert line["duration_milliseconds"]["meta"]["unit"] == "milliseconds"
    assert line["file_bytes"]["meta"]["unit"] == "bytes"
    assert cubes["sales_order"].dimensions["order_date"]["type"] == "time"  # TEXT in the schema


def test_a_table_playing_two_roles_gets_a_cube_per_role(store: Path) -> None:
    cubes = _cubes(store)
    order = cubes["sales_order"]
    assert set(order.joins) == {"client", "billing_address", "shipping_address"}
    assert "BillingAddressId" in order.joins["billing_address"]["sql"]
    assert cubes["billing_address"].title == "Billing addresses"
    assert cubes["shipping_address"].dimensions["city"]["title"] == "Shipping address city"
    staff = cubes["staff"]
    assert list(staff.joins) == ["manager"]  # ReportsTo: the staff member's manager
    assert cubes["manager"].dimensions["manager_name"]["title"] == "Manager name"
    assert cubes["client"].joins["staff"]["sql"].endswith('${staff}."StaffId"')


def test_the_model_compiles_and_answers_with_no_curation(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "model"
    write_model(store, folder)
    model = LocalModel(folder, store)
    catalog = model.catalog()
    answer = model.answer("How many sales orders were shipped by Truck?", catalog)
    with sqlite3.connect(store) as conn:
        expected = conn.execute(
            "SELECT count(*) FROM SalesOrder WHERE ShipMode = 'Truck'"
        ).fetchone()
    conn.close()
    assert answer.rows[0][-1] == expected[0]
    by_rep = model.answer("Which account rep has the most clients?", catalog)
    assert by_rep.rows[0][0].startswith("Name")  # a rep's full name, from the role
    with pytest.raises(offline.NeedsClarification):
        model.answer("How many unicorns are there?", catalog)


def test_a_model_cube_cannot_compile_is_not_written(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / CURATION_FILE).write_text(
        '[measures.sales_order.broken]\nsql = "${CUBE}.Total"\ntype = "no_such_type"\n'
    )
    with pytest.raises(ModelError, match=r"measures\.broken\.type"):
        write_model(store, folder)
    assert not list(folder.glob("*.js"))


def test_curation_is_applied_and_survives_a_refresh(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "model"
    write_model(store, folder)
    (folder / CURATION_FILE).write_text(
        "[cubes.client]\nsynonyms = ['customer', 'account']\n\n"
        "[members.\"sales_order.ship_mode\"]\nsynonyms = ['carrier']\n"
        "value_synonyms = { Truck = ['lorry'] }\n\n"
        '[members."order_line.comment"]\nhidden = true\n'
    )
    write_model(store, folder)  # --refresh
    text = (folder / "client.js").read_text()
    assert "`customer`, `account`" in text
    meta = build_catalog({"cubes": LocalModel(folder, store).meta["cubes"]})
    assert "carrier" in meta.members["sales_order.ship_mode"].phrases
    assert meta.members["sales_order.ship_mode"].value_synonyms == {"Truck": ("lorry",)}
    assert "order_line.comment" not in meta.members


def test_curation_that_names_nothing_is_an_error(store: Path, tmp_path: Path) -> None:
    curation = tmp_path / CURATION_FILE
    curation.write_text('[members."sales_order.shipmode"]\nsynonyms = ["x"]\n')
    with pytest.raises(ModelError, match=r"no member sales_order\.shipmode"):
        generate(store, curation)


def test_check_reports_meta_keys_the_agent_does_not_know(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "model"
    write_model(store, folder)
    assert main(["model", "check", str(folder)]) == 0
    (folder / CURATION_FILE).write_text('[members."sales_order.ship_mode"]\nsynonym = ["x"]\n')
    write_model(store, folder)
    assert main(["model", "check", str(folder)]) == 1
    assert "meta key `synonym` means nothing" in capsys.readouterr().out


def test_the_command_refuses_to_overwrite_without_refresh(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cmd"
    assert main(["model", "init", "--sqlite", str(store), "--out", str(out)]) == 0
    assert "compiles with Cube" in capsys.readouterr().out
    assert main(["model", "init", "--sqlite", str(store), "--out", str(out)]) == 2
    assert "--refresh" in capsys.readouterr().err
    assert main(["model", "init", "--sqlite", str(store), "--out", str(out), "--refresh"]) == 0
    assert main(["model", "init", "--sqlite", str(tmp_path / "nope.sqlite")]) == 2
    assert "no such database file" in capsys.readouterr().err


SHOP = """
CREATE TABLE shop_sales (
    City TEXT, State TEXT, Segment TEXT, Sales REAL, Profit REAL, paid TEXT, flagged INTEGER
);
"""
SHOP_ROWS = [
    ("Texas City", "Texas", "Retail", 500.0, 50.0, "y", 1),
    ("Broken Arrow", "Oklahoma", "Retail", 300.0, -30.0, "n", 0),
    ("Springfield Gardens", "Oklahoma", "Trade", 900.0, 90.0, "y", 0),
    ("Austin", "Texas", "Trade", 700.0, -10.0, "n", 0),
    ("Tulsa", "Oklahoma", "Retail", 100.0, 5.0, "y", 1),
    ("Dallas", "Texas", "Trade", 2000.0, 400.0, "y", 0),
    ("Salem", "Oregon", "Retail", 50.0, -5.0, "n", 0),
]


@pytest.fixture(scope="module")
def shop_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalModel, Any]:
    """Sales lines of cities and states, some named alike ("Texas", "Texas City")."""
    folder = tmp_path_factory.mktemp("shop")
    path = folder / "shop.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(SHOP)
        conn.executemany("INSERT INTO shop_sales VALUES (?, ?, ?, ?, ?, ?, ?)", SHOP_ROWS)
    conn.close()
    write_model(path, folder / "model")
    model = LocalModel(folder / "model", path)
    return model, model.catalog()


def _ask(shop_model: tuple[LocalModel, Any], question: str) -> list[list[Any]]:
    model, catalog = shop_model
    return model.answer(question, catalog).rows


def test_a_verb_is_no_inflection_of_a_name(shop_model: tuple[LocalModel, Any]) -> None:
    rows = _ask(shop_model, "Break down sales by state.")  # not the city Broken Arrow
    assert {r[0]: r[1] for r in rows} == {"Oklahoma": 1300.0, "Texas": 3200.0, "Oregon": 50.0}


def test_a_name_said_whole_beats_one_it_begins(shop_model: tuple[LocalModel, Any]) -> None:
    assert _ask(shop_model, "How many shop sales came from Texas?") == [[3]]  # the state


def test_a_partial_name_before_another_name_is_asked(shop_model: tuple[LocalModel, Any]) -> None:
    with pytest.raises(offline.NeedsClarification):
        _ask(shop_model, "What were the sales in Springfield Heights?")


def test_top_n_by_an_amount_ranks_by_its_total(shop_model: tuple[LocalModel, Any]) -> None:
    rows = _ask(shop_model, "What are the top 2 states by sales?")
    assert [r[0] for r in rows] == ["Texas", "Oklahoma"]


def test_groups_with_more_than_an_amount_compare_their_totals(
    shop_model: tuple[LocalModel, Any],
) -> None:
    rows = _ask(shop_model, "Which states had more than $1,000 in sales?")
    assert sorted(r[0] for r in rows) == ["Oklahoma", "Texas"]  # no one line is over 2,000
    lines = _ask(shop_model, "How many shop sales lines had sales over $800?")
    assert lines == [[2]]  # the rows are named: each line's own sales


def test_profit_over_sales_is_the_margin(shop_model: tuple[LocalModel, Any]) -> None:
    rows = _ask(shop_model, "Which state has the best profit margin?")
    assert rows[0][0] == "Texas" and rows[0][1] == pytest.approx(100 * 440 / 3200)


def test_yes_no_columns_are_named_by_their_name(shop_model: tuple[LocalModel, Any]) -> None:
    assert _ask(shop_model, "How many shop sales are unpaid?") == [[3]]
    assert _ask(shop_model, "How many shop sales were paid?") == [[4]]


def test_a_total_of_nothing_named_is_asked_not_counted(
    shop_model: tuple[LocalModel, Any],
) -> None:
    with pytest.raises(offline.NeedsClarification):
        _ask(shop_model, "What is the total widget value for each segment?")


def test_an_attribute_of_a_named_row_and_rows_counted_by_their_verb(
    store: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "model"
    write_model(store, folder)
    model = LocalModel(folder, store)
    catalog = model.catalog()
    assert model.answer("What is Ann Lee's title?", catalog).rows == [["Director"]]
    placed = model.answer("Which company placed the most orders?", catalog)
    with sqlite3.connect(store) as conn:
        top = conn.execute(
            "SELECT c.Company, count(*) FROM SalesOrder o JOIN Client c USING (ClientId)"
            " GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
    conn.close()
    assert placed.rows[0] == [top[0], top[1]]


SCHOOL = """
CREATE TABLE teacher (teacher_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT);
CREATE TABLE course (course_id INTEGER PRIMARY KEY, title TEXT, credits INTEGER,
                     teacher_id INTEGER REFERENCES teacher (teacher_id));
CREATE TABLE student (student_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT,
                      enrolled INTEGER);
CREATE TABLE course_student (course_id INTEGER REFERENCES course (course_id),
                             student_id INTEGER REFERENCES student (student_id),
                             PRIMARY KEY (course_id, student_id));
"""


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalModel, Any, Path]:
    """Students in courses through a table that only links them; a 0/1 column."""
    folder = tmp_path_factory.mktemp("school")
    path = folder / "school.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHOOL)
        conn.executemany(
            "INSERT INTO teacher VALUES (?, ?, ?)", [(1, "Mira", "Osei"), (2, "Joon", "Park")]
        )
        courses = [(1, "Algebra", 5, 1), (2, "Break Dance", 3, 2), (3, "Chemistry", 4, 1)]
        conn.executemany("INSERT INTO course VALUES (?, ?, ?, ?)", courses)
        students = [(i, f"Kit{i}", f"Vale{i}", i % 3 != 0) for i in range(1, 10)]
        conn.executemany("INSERT INTO student VALUES (?, ?, ?, ?)", students)
        links = [(1 + i % 3, i) for i in range(1, 10)] + [(1, 2), (1, 4), (3, 4)]
        conn.executemany("INSERT INTO course_student VALUES (?, ?)", links)
    conn.close()
    write_model(path, folder / "model")
    model = LocalModel(folder / "model", path)
    return model, model.catalog(), path


def _sql(path: Path, statement: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        found = conn.execute(statement).fetchall()
    conn.close()
    return found


def test_a_linking_table_relates_both_sides(school: tuple[LocalModel, Any, Path]) -> None:
    model, catalog, path = school
    rows = model.answer("Which course has the most students?", catalog).rows
    top = _sql(
        path,
        "SELECT c.title, count(*) FROM course_student JOIN course c USING (course_id)"
        " GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
    )
    assert rows[0] == [top[0][0], top[0][1]]


def test_a_zero_one_column_is_yes_or_no(school: tuple[LocalModel, Any, Path]) -> None:
    model, catalog, path = school
    enrolled = _sql(path, "SELECT count(*) FROM student WHERE enrolled = 1")[0][0]
    assert model.answer("How many students are enrolled?", catalog).rows == [[enrolled]]
    assert model.answer("How many students are not enrolled?", catalog).rows == [[9 - enrolled]]


def test_a_person_is_named_whole_not_by_first_and_last_apart(
    school: tuple[LocalModel, Any, Path],
) -> None:
    model, catalog, _ = school
    assert catalog.members["teacher.teacher_name"].sample_values
    assert not catalog.members["teacher.first_name"].sample_values
    with pytest.raises(offline.NeedsClarification):  # no teacher is Mira Park
        model.answer("How many courses does Mira Park teach?", catalog)
    assert model.answer("How many courses does Mira Osei teach?", catalog).rows == [[2]]


def test_an_order_that_opens_the_question_names_no_value(
    school: tuple[LocalModel, Any, Path],
) -> None:
    """ "Break down ..." orders; it does not begin a course called "Break Dance"."""
    model, catalog, _ = school
    rows = model.answer("Break down the total credits by teacher", catalog).rows
    assert sorted(map(tuple, rows)) == [("Joon Park", 3), ("Mira Osei", 9)]


def test_quarry_up_names_the_models_it_cannot_serve() -> None:
    from services.settings import Settings
    from stack.up import broken_models

    settings = Settings(default_model="flights", tenant_models="shop=shop,acme=nowhere")
    assert list(broken_models(settings)) == ["nowhere"]  # flights and shop compile


def test_a_year_said_of_rows_without_dates_is_their_year_column(
    school: tuple[LocalModel, Any, Path], tmp_path: Path
) -> None:
    """A budget per fiscal year: "the 2024 budget" filters the year column."""
    path = tmp_path / "budget.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE budget (fiscal_year INTEGER, team TEXT, amount REAL)")
        rows = [(2023, "Ops", 10.0), (2024, "Ops", 20.0), (2024, "Lab", 5.0)]
        conn.executemany("INSERT INTO budget VALUES (?, ?, ?)", rows)
    conn.close()
    write_model(path, tmp_path / "model")
    model = LocalModel(tmp_path / "model", path)
    rows_of = model.answer("Break down the 2024 budget amount by team", model.catalog()).rows
    assert sorted(map(tuple, rows_of)) == [("Lab", 5.0), ("Ops", 20.0)]


def test_the_attribute_nearest_the_named_row_is_the_one_asked(tmp_path: Path) -> None:
    """Ada's own department, not the department it reports to (one join further)."""
    path = tmp_path / "org.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TABLE dept (dept_no TEXT PRIMARY KEY, department TEXT,
                               head_dept TEXT REFERENCES dept (dept_no));
            CREATE TABLE emp (emp_no INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT,
                              dept_no TEXT REFERENCES dept (dept_no));
            INSERT INTO dept VALUES ('1', 'Headquarters', NULL), ('2', 'Research', '1');
            INSERT INTO emp VALUES (1, 'Ada', 'Byron', '2'), (2, 'Alan', 'Turing', '1');
            """
        )
    conn.close()
    write_model(path, tmp_path / "model")
    model = LocalModel(tmp_path / "model", path)
    answer = model.answer("Which department does Ada Byron work in?", model.catalog())
    assert answer.rows == [["Research"]]


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Films with ratings written as codes (PG-13) and running times in minutes."""
    folder = tmp_path_factory.mktemp("films")
    path = folder / "films.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE pictures (id INTEGER PRIMARY KEY, name TEXT, rated TEXT,"
            " runtime_minutes INTEGER)"
        )
        rows = [
            (1, "Harbor Lights", "PG-13", 98),
            (2, "Stone Garden", "R", 141),
            (3, "Winter Echo", "PG-13", 87),
            (4, "Meadow Signal", "NC-17", 120),
        ]
        conn.executemany("INSERT INTO pictures VALUES (?, ?, ?, ?)", rows)
    conn.close()
    return path, folder


def test_a_code_with_a_hyphen_is_one_value(films: tuple[Path, Path]) -> None:
    path, folder = films
    write_model(path, folder / "plain")
    model = LocalModel(folder / "plain", path)
    catalog = model.catalog()
    assert model.answer("How many pictures are rated PG-13?", catalog).rows == [[2]]
    assert model.answer("How many NC-17 pictures are there?", catalog).rows == [[1]]


def test_the_longest_named_row_is_named_once_curated(films: tuple[Path, Path]) -> None:
    path, folder = films
    curated = folder / "curated"
    curated.mkdir()
    (curated / CURATION_FILE).write_text('[cubes.pictures]\nsynonyms = ["film", "movie"]\n')
    write_model(path, curated)
    model = LocalModel(curated, path)
    catalog = model.catalog()
    assert "film" in catalog.members["pictures.name"].phrases  # the label is a film too
    assert model.answer("Which film is the longest?", catalog).rows[0][0] == "Stone Garden"
    assert model.answer("What is the shortest movie?", catalog).rows[0][0] == "Winter Echo"


def test_an_attribute_of_an_attribute_is_not_one_lookup(tmp_path: Path) -> None:
    """ "Who manages the department Ada works in": a chain of two, never one of its links."""
    path = tmp_path / "org.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TABLE dept (dept_no TEXT PRIMARY KEY, department TEXT,
                               mngr_no INTEGER REFERENCES emp (emp_no));
            CREATE TABLE emp (emp_no INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT,
                              dept_no TEXT REFERENCES dept (dept_no));
            INSERT INTO dept VALUES ('1', 'Headquarters', 2), ('2', 'Research', 2);
            INSERT INTO emp VALUES (1, 'Ada', 'Byron', '2'), (2, 'Alan', 'Turing', '1');
            """
        )
    conn.close()
    write_model(path, tmp_path / "model")
    model = LocalModel(tmp_path / "model", path)
    catalog = model.catalog()
    with pytest.raises(offline.NeedsClarification):
        model.answer("Who manages the department that Ada Byron works in?", catalog)
    assert model.answer("Who manages the Research department?", catalog).rows == [["Alan Turing"]]


def test_people_are_named_by_name_and_rows_by_what_is_done(tmp_path: Path) -> None:
    """A person's job title is no name, even where most titles differ; a rental is rented
    (the rental date answers "rented in"); when a row was last written is no date of it."""
    path = tmp_path / "hire.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TABLE clerk (clerk_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT,
                                title TEXT);
            CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, rental_date TEXT,
                                 clerk_id INTEGER REFERENCES clerk (clerk_id), last_update TEXT);
            INSERT INTO clerk VALUES (1, 'Ana', 'Ruiz', 'Lead'), (2, 'Bo', 'Li', 'Clerk'),
                                     (3, 'Cy', 'Ng', 'Intern');
            INSERT INTO rental VALUES (1, '2024-05-02', 1, '2025-01-01'),
                                      (2, '2024-05-09', 2, '2025-01-01'),
                                      (3, '2024-06-01', 1, '2025-01-01');
            """
        )
    conn.close()
    cubes = _cubes(path)
    assert "clerk" in cubes["clerk"].dimensions["clerk_name"]["meta"]["synonyms"]
    assert (
        "synonyms" not in cubes["clerk"].dimensions["title"]["meta"]
        or "clerk" not in (cubes["clerk"].dimensions["title"]["meta"]["synonyms"])
    )
    assert "last_update" not in cubes["rental"].dimensions
    assert "rent" in cubes["rental"].measures["count"]["meta"]["verbs"]
    write_model(path, tmp_path / "model")
    model = LocalModel(tmp_path / "model", path)
    catalog = model.catalog()
    assert model.answer("How many rentals were rented in May 2024?", catalog).rows == [[2]]
    assert model.answer("Which clerk has the most rentals?", catalog).rows[0][0] == "Ana Ruiz"


def test_values_that_are_words_are_named_in_any_case_and_best_selling_ranks(
    shop_model: tuple[LocalModel, Any],
) -> None:
    """ "retail" names the segment Retail (a word, not a name); "best-selling" is the best
    by what is sold."""
    model, catalog = shop_model
    assert catalog.members["shop_sales.segment"].common_words
    assert _ask(shop_model, "How many shop sales were retail?") == [[4]]
    rows = model.answer("What are the two best-selling states?", catalog).rows
    assert [r[0] for r in rows] == ["Texas", "Oklahoma"]


def test_durations_said_in_one_unit_compare_with_a_column_in_another(tmp_path: Path) -> None:
    """ "longer than 5 minutes" of a column in milliseconds is over 300,000; "100 seconds"
    is 100,000."""
    path = tmp_path / "songs.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE song (song_id INTEGER PRIMARY KEY, name TEXT, duration_ms INT)")
        rows = [
            (1, "Aria", 180000),
            (2, "Ballad", 420000),
            (3, "Canon", 610000),
            (4, "Dirge", 95000),
        ]
        conn.executemany("INSERT INTO song VALUES (?, ?, ?)", rows)
    conn.close()
    write_model(path, tmp_path / "model")
    model = LocalModel(tmp_path / "model", path)
    catalog = model.catalog()
    assert catalog.members["song.duration_milliseconds"].unit == "milliseconds"
    assert model.answer("How many songs are longer than 5 minutes?", catalog).rows == [[2]]
    assert model.answer("How many songs are shorter than 100 seconds?", catalog).rows == [[1]]
    assert model.answer("What is the longest song?", catalog).rows[0][0] == "Canon"


def test_names_that_would_escape_the_javascript_and_odd_schemas(tmp_path: Path) -> None:
    """Names with backticks or ${ are left out (never written into the model's JavaScript);
    a key of a one-row table stays a key; a key to a table named in another case, a composite
    key, a view, a broken view and names in another script neither crash nor mislead."""
    path = tmp_path / "odd.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TABLE Customer (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE "bad`table" (id INTEGER PRIMARY KEY);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL,
                                 "v${(()=>{throw new Error('x')})()}" TEXT,
                                 customer_id INTEGER REFERENCES customer (id));
            CREATE TABLE pair (a INTEGER, b INTEGER, PRIMARY KEY (a, b));
            CREATE TABLE child (x INTEGER, a INTEGER, b INTEGER,
                                FOREIGN KEY (a, b) REFERENCES pair (a, b));
            CREATE TABLE 注文 (番号 INTEGER PRIMARY KEY, 数量 INTEGER, 名前 TEXT);
            CREATE TABLE gone (id INTEGER PRIMARY KEY, c TEXT);
            CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 10;
            CREATE VIEW broken AS SELECT c FROM gone;
            INSERT INTO Customer VALUES (1, 'Ann');
            INSERT INTO orders VALUES (1, 20.0, 'x', 1);
            DROP TABLE gone;
            """
        )
    conn.close()
    files = generate(path)
    text = "".join(files.values())
    assert "${(" not in text and "bad`table" not in text
    customer = build(read_schema(path))[0]
    assert customer.dimensions["id"].get("primary_key")  # one row with id 1: still the key
    orders = {c.name: c for c in build(read_schema(path))}["orders"]
    assert "customer" in orders.joins  # REFERENCES customer, the table is Customer
    child = {c.name: c for c in build(read_schema(path))}["child"]
    assert not child.joins  # a composite key is no one-column join
    assert "broken.js" not in files and "big_orders.js" in files
    assert "rowid" not in files["big_orders.js"]
    write_model(path, tmp_path / "model")  # and it compiles


def test_a_curation_of_the_wrong_shape_is_an_error_that_says_where(
    store: Path, tmp_path: Path
) -> None:
    curation = tmp_path / CURATION_FILE
    for text, said in (
        ('[members."sales_order.ship_mode"]\nsynonyms = "carrier"\n', "list of words"),
        ("[cubes]\nclient = 5\n", "must be a table"),
        ('[measures.sales_order]\n"x: 1 }; throw" = { type = "sum" }\n', "a name, then"),
    ):
        curation.write_text(text)
        with pytest.raises(ModelError, match=said):
            generate(store, curation)


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalModel, Any, Path]:
    """A project's leader beside the people linked to it; offices and staff in countries."""
    folder = tmp_path_factory.mktemp("projects")
    path = folder / "projects.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TABLE office (office_no INTEGER PRIMARY KEY, office_name TEXT,
                                 location TEXT);
            CREATE TABLE staff (staff_no INTEGER PRIMARY KEY, first_name TEXT,
                                last_name TEXT, country TEXT, salary REAL,
                                office_no INTEGER REFERENCES office (office_no));
            CREATE TABLE venture (venture_id INTEGER PRIMARY KEY, venture_name TEXT,
                                  team_leader INTEGER REFERENCES staff (staff_no));
            CREATE TABLE staff_venture (staff_no INTEGER REFERENCES staff (staff_no),
                                        venture_id INTEGER REFERENCES venture (venture_id),
                                        PRIMARY KEY (staff_no, venture_id));
            INSERT INTO office VALUES (1, 'Harbour', 'Japan'), (2, 'Prairie', 'Canada');
            INSERT INTO venture VALUES (1, 'Lantern', 1), (2, 'Orchard', 2),
                                       (3, 'Marketing venture 3', 3);
            """
        )
        people = [
            (i, f"Rin{i}", f"Sato{i}", "Japan" if i % 3 == 0 else "Canada", 1000.0 * i, 1 + i % 2)
            for i in range(1, 10)
        ]
        conn.executemany("INSERT INTO staff VALUES (?, ?, ?, ?, ?, ?)", people)
        links = [(i, 1) for i in range(2, 8)] + [(i, 2) for i in range(5, 10)]
        conn.executemany("INSERT INTO staff_venture VALUES (?, ?)", links)
    conn.close()
    write_model(path, folder / "model")
    model = LocalModel(folder / "model", path)
    return model, model.catalog(), path


def test_a_reference_beside_a_linking_table_is_a_role(
    projects: tuple[LocalModel, Any, Path],
) -> None:
    """The people on a venture are the linked ones, not its leader (the shorter join)."""
    model, catalog, path = projects
    linked = _sql(path, "SELECT count(*) FROM staff_venture WHERE venture_id = 1")[0][0]
    on = model.answer("How many people work on the Lantern venture?", catalog)
    assert on.rows == [[linked]]
    leader = model.answer("Who is the team leader of the Lantern venture?", catalog)
    assert leader.rows == [["Rin1 Sato1"]]


def test_a_word_naming_the_things_counted_is_no_part_of_a_value(
    projects: tuple[LocalModel, Any, Path],
) -> None:
    """ "ventures", in a question with no capitals, counts ventures: not "Marketing venture 3"."""
    model, catalog, path = projects
    query = offline.understand("how many ventures does each staff member work on?", catalog)
    assert isinstance(query, offline.CubeQuery)
    assert query.filters == [] or all(f.operator == "set" for f in query.filters)
    per_person = dict(
        _sql(
            path,
            "SELECT first_name || ' ' || last_name, count(*) FROM staff_venture"
            " JOIN staff USING (staff_no) GROUP BY 1",
        )
    )
    rows = model.answer("how many ventures does each staff member work on?", catalog).rows
    assert {name: count for name, count in rows if name in per_person} == per_person


def test_a_member_said_to_be_a_value_places_it(projects: tuple[LocalModel, Any, Path]) -> None:
    """ "whose country is Japan": the staff's own country, not the office's location; "whose
    office location is Japan": the office's."""
    model, catalog, path = projects
    own = _sql(path, "SELECT avg(salary) FROM staff WHERE country = 'Japan'")[0][0]
    answer = model.answer("What is the average salary of staff whose country is Japan?", catalog)
    assert answer.rows == [[pytest.approx(own)]]
    office = _sql(
        path,
        "SELECT avg(salary) FROM staff JOIN office USING (office_no) WHERE location = 'Japan'",
    )[0][0]
    question = "What is the average salary of staff whose office location is Japan?"
    assert model.answer(question, catalog).rows == [[pytest.approx(office)]]


def test_a_number_after_a_verb_limits_the_column_the_verb_is_said_of(
    projects: tuple[LocalModel, Any, Path],
) -> None:
    """ "staff who earn more than 5,000": what they earn is their salary, row by row."""
    model, catalog, path = projects
    expected = _sql(path, "SELECT count(*) FROM staff WHERE salary > 5000")[0][0]
    answer = model.answer("How many staff earn more than 5000?", catalog)
    assert answer.rows == [[expected]]
