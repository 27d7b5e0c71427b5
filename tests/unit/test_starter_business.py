"""A starter model of a small trading company nobody curated: order lines priced by price,
quantity and discount, dates stored as SQLite text, an undeclared "reports to" key, nouns of
one thing's attribute ("product category"). Each test fails on a generator without the point."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from stack.starter import write_model
from stack.starter.trying import LocalModel
from understanding import offline
from understanding.catalog import Catalog
from understanding.reader import ValueItem

SCHEMA = """
CREATE TABLE Categories (CategoryID INTEGER PRIMARY KEY, CategoryName TEXT);
CREATE TABLE Products (ProductID INTEGER PRIMARY KEY, ProductName TEXT,
                       CategoryID INTEGER REFERENCES Categories (CategoryID), UnitPrice REAL);
CREATE TABLE Employees (EmployeeID INTEGER PRIMARY KEY, FirstName TEXT, LastName TEXT,
                        BirthDate DATETIME, HireDate DATETIME, ReportsTo INTEGER);
CREATE TABLE Customers (CustomerID TEXT PRIMARY KEY, CompanyName TEXT, City TEXT, Country TEXT,
                        Phone TEXT);
CREATE TABLE Orders (OrderID INTEGER PRIMARY KEY, OrderDate DATETIME,
                     EmployeeID INTEGER REFERENCES Employees (EmployeeID),
                     CustomerID TEXT REFERENCES Customers (CustomerID), Freight REAL,
                     ShippedDate DATETIME);
CREATE TABLE Order_Lines (OrderID INTEGER REFERENCES Orders (OrderID),
                          ProductID INTEGER REFERENCES Products (ProductID),
                          UnitPrice REAL, Quantity INTEGER, Discount REAL,
                          PRIMARY KEY (OrderID, ProductID));
INSERT INTO Categories VALUES (1, 'Beverages'), (2, 'Seafood');
INSERT INTO Products VALUES (1, 'Green Tea', 1, 10.0), (2, 'Smoked Salmon', 2, 30.0),
                            (3, 'Lemonade', 1, 4.0);
INSERT INTO Employees VALUES
  (1, 'Grace', 'Hopper', '1980-12-09', '2019-03-01 00:00:00', NULL),
  (2, 'Alan', 'Kay', '1990-05-17', '2020-06-15 00:00:00', 1),
  (3, 'Edsger', 'Dijkstra', '1975-05-11', '2021-09-30 00:00:00', 1),
  (4, 'Barbara', 'Liskov', '1985-11-07', '2022-01-10 00:00:00', 2);
INSERT INTO Customers VALUES
  ('ALFA', 'Alfa Foods', 'London', 'United Kingdom', '020 7946 0001'),
  ('BETA', 'Beta Markets', 'Boston', 'United States', '617 555 0102'),
  ('GAMA', 'Gamma Deli', 'Denver', 'United States', '303 555 0103'),
  ('DELT', 'Delta Shop', 'Leeds', 'United Kingdom', '0113 496 0004');
INSERT INTO Orders VALUES (10, '2023-01-01 00:00:00', 2, 'ALFA', 10.0, '2023-01-20 00:00:00'),
                          (11, '2023-01-15 00:00:00', 3, 'BETA', 20.0, '2023-01-16 00:00:00'),
                          (12, '2023-02-01 00:00:00', 2, 'ALFA', 30.0, '2023-02-03 00:00:00'),
                          (13, '2022-12-31 00:00:00', 4, 'DELT', 40.0, '2023-01-25 00:00:00');
INSERT INTO Order_Lines VALUES (10, 1, 10.0, 3, 0.0), (10, 2, 30.0, 1, 0.5),
                               (11, 3, 4.0, 10, 0.25), (12, 2, 30.0, 2, 0.0),
                               (13, 1, 10.0, 1, 0.0);
"""


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalModel, Catalog]:
    folder = tmp_path_factory.mktemp("company")
    path = folder / "company.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA)
    conn.close()
    write_model(path, folder / "model")
    model = LocalModel(folder / "model", path)
    return model, model.catalog()


def number(company: tuple[LocalModel, Catalog], question: str) -> float:
    model, catalog = company
    rows = model.answer(question, catalog).rows
    assert len(rows) == 1, (question, rows)
    value = rows[0][-1]
    assert isinstance(value, int | float), (question, rows)
    return float(value)


def test_a_range_keeps_its_first_day_of_dates_stored_as_text(
    company: tuple[LocalModel, Catalog],
) -> None:
    """ "2023-01-01 00:00:00" is in January 2023 (Cube compares "2023-01-01T00:00:00.000")."""
    assert number(company, "How many orders were placed in January 2023?") == 2


def test_order_lines_have_their_sales_price_times_quantity_less_discount(
    company: tuple[LocalModel, Catalog],
) -> None:
    total = 3 * 10.0 + 30.0 * 0.5 + 4.0 * 10 * 0.75 + 2 * 30.0 + 10.0
    assert number(company, "What is the total revenue?") == pytest.approx(total)


def test_lines_without_dates_of_their_own_take_their_orders(
    company: tuple[LocalModel, Catalog],
) -> None:
    assert number(company, "What were total sales in 2022?") == pytest.approx(10.0)


def test_an_undeclared_reports_to_key_is_a_manager(company: tuple[LocalModel, Catalog]) -> None:
    model, catalog = company
    assert number(company, "How many employees report to Grace Hopper?") == 2
    assert number(company, "How many people report directly to Alan Kay?") == 1
    assert model.answer("Who does Barbara Liskov report to?", catalog).rows == [["Alan Kay"]]


def test_a_things_noun_then_its_attributes_noun_is_that_attribute(
    company: tuple[LocalModel, Catalog],
) -> None:
    model, catalog = company
    answer = model.answer("Break down revenue by product category", catalog)
    by_category = {row[0]: row[-1] for row in answer.rows}
    assert by_category == pytest.approx({"Beverages": 30.0 + 30.0 + 10.0, "Seafood": 15.0 + 60.0})


def test_the_thing_at_the_extreme_of_a_date(company: tuple[LocalModel, Catalog]) -> None:
    model, catalog = company
    assert model.answer("Who was hired most recently?", catalog).rows[0][0] == "Barbara Liskov"
    assert (
        model.answer("What is the earliest order date?", catalog)
        .rows[0][0]
        .startswith("2022-12-31")
    )


def test_a_manager_key_is_not_guessed_where_values_are_not_the_tables_keys(
    tmp_path: Path,
) -> None:
    path = tmp_path / "staff.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, name TEXT, manager INTEGER);"
            "INSERT INTO staff VALUES (1, 'Ann', NULL), (2, 'Bob', 7);"
        )
    conn.close()
    write_model(path, tmp_path / "model")
    assert not (tmp_path / "model" / "manager.js").exists()


def test_things_that_never_did_something_are_listed(company: tuple[LocalModel, Catalog]) -> None:
    model, catalog = company
    answer = model.answer("Which customers have never placed an order with us?", catalog)
    assert [row[0] for row in answer.rows] == ["Gamma Deli"]


def test_things_without_dates_are_counted_where_they_are_dated(
    company: tuple[LocalModel, Catalog],
) -> None:
    """Customers have no dates; their orders do: the different customers among 2023's orders."""
    assert number(company, "How many customers placed an order in 2023?") == 2


def test_a_groups_own_things_are_the_way_to_it(company: tuple[LocalModel, Catalog]) -> None:
    model, catalog = company
    answer = model.answer("Which category's products sold the most units?", catalog)
    assert answer.rows[0][0] == "Beverages"  # 3 + 10 + 1 units against 3


def test_the_pronoun_us_is_not_the_country_us(company: tuple[LocalModel, Catalog]) -> None:
    assert number(company, "How many customers are in the US?") == 2
    _, catalog = company
    reading = offline.read("Which customers placed an order with us in 2023?", catalog)
    assert not [i for i in reading.of(ValueItem) if reading.text(i).lower() == "us"]


def test_a_person_is_old_or_young_by_birth_date_and_new_by_hire_date(
    company: tuple[LocalModel, Catalog],
) -> None:
    model, catalog = company
    assert model.answer("Who is our oldest employee?", catalog).rows[0][0] == "Edsger Dijkstra"
    assert model.answer("Who is the youngest employee?", catalog).rows[0][0] == "Alan Kay"
    assert model.answer("Who is the newest employee?", catalog).rows[0][0] == "Barbara Liskov"


def test_best_selling_ranks_by_what_is_sold(company: tuple[LocalModel, Catalog]) -> None:
    model, catalog = company
    answer = model.answer("What are our 2 best-selling products?", catalog)
    assert [row[0] for row in answer.rows] == ["Smoked Salmon", "Green Tea"]  # 75 and 40


def test_customers_in_a_city_are_listed_not_looked_up(company: tuple[LocalModel, Catalog]) -> None:
    """Several customers may be in Leeds: their list, by their own city (not a lookup of one)."""
    model, catalog = company
    answer = model.answer("Who are our customers in Leeds?", catalog)
    assert [row[0] for row in answer.rows] == ["Delta Shop"]
    assert model.answer("What is the phone number of Beta Markets?", catalog).rows == [
        ["617 555 0102"]
    ]


def test_a_threshold_in_money_is_a_condition_on_the_price(
    company: tuple[LocalModel, Catalog],
) -> None:
    assert number(company, "How many products cost more than $5?") == 2


def test_an_aggregation_word_then_a_columns_longer_name(
    company: tuple[LocalModel, Catalog],
) -> None:
    """ "average freight charge": "average", then "freight charge" (not "average freight")."""
    assert number(company, "What is the average freight charge?") == pytest.approx(25.0)


def test_things_counted_among_the_rows_that_reach_a_value(
    company: tuple[LocalModel, Catalog],
) -> None:
    """Products never reach a customer; the lines that sold them do."""
    assert number(company, "How many different products has Alfa Foods bought?") == 2
    assert number(company, "How many products did we sell to customers in the US?") == 1


def test_the_date_a_verb_names_is_the_one_ranked(company: tuple[LocalModel, Catalog]) -> None:
    """ "the earliest order shipped": the first ship date, not the first order's date."""
    model, catalog = company
    answer = model.answer("When was the earliest order shipped?", catalog)
    assert str(answer.rows[0][0]).startswith("2023-01-16")


def test_an_adjective_before_a_role_is_of_the_role_itself(
    company: tuple[LocalModel, Catalog],
) -> None:
    """ "the youngest manager": never the manager of the youngest employee."""
    model, catalog = company
    try:
        answer = model.answer("Who is the youngest manager?", catalog)
    except offline.NeedsClarification:
        return
    assert answer.rows[0][0] == "Alan Kay"  # managers: Alan Kay (1990), Grace Hopper (1980)


def test_rows_take_the_dates_only_of_what_they_are_parts_of(tmp_path: Path) -> None:
    """A staff member's department was founded in 2020: that is no date of the staff."""
    path = tmp_path / "org.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE departments (department_id INTEGER PRIMARY KEY, name TEXT,"
            " founded DATE);"
            "CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT,"
            " department_id INTEGER REFERENCES departments (department_id));"
            "INSERT INTO departments VALUES (1, 'Research', '2020-02-01'),"
            " (2, 'Sales', '2021-05-01');"
            "INSERT INTO staff VALUES (1, 'Ann', 'Lee', 1), (2, 'Bob', 'Ray', 2);"
        )
    conn.close()
    write_model(path, tmp_path / "model")
    model = LocalModel(tmp_path / "model", path)
    with pytest.raises(offline.NeedsClarification):
        model.answer("How many staff members were there in 2020?", model.catalog())
