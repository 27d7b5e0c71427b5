-- The Firebird "employee" example database (Debian package firebird3.0-examples,
-- examples/employee.sql), its tables in SQLite: the same columns, keys and foreign keys, without
-- Firebird's domains, CHECK constraints, computed columns and array columns.
CREATE TABLE country (country TEXT NOT NULL PRIMARY KEY, currency TEXT NOT NULL);
CREATE TABLE job (
    job_code TEXT NOT NULL, job_grade INTEGER NOT NULL, job_country TEXT NOT NULL
        REFERENCES country (country),
    job_title TEXT NOT NULL, min_salary NUMERIC NOT NULL, max_salary NUMERIC NOT NULL,
    job_requirement TEXT,
    PRIMARY KEY (job_code, job_grade, job_country)
);
CREATE TABLE department (
    dept_no TEXT NOT NULL PRIMARY KEY, department TEXT NOT NULL UNIQUE,
    head_dept TEXT REFERENCES department (dept_no), mngr_no INTEGER REFERENCES employee (emp_no),
    budget NUMERIC, location TEXT, phone_no TEXT
);
CREATE TABLE employee (
    emp_no INTEGER NOT NULL PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
    phone_ext TEXT, hire_date TIMESTAMP NOT NULL, dept_no TEXT NOT NULL
        REFERENCES department (dept_no),
    job_code TEXT NOT NULL, job_grade INTEGER NOT NULL, job_country TEXT NOT NULL,
    salary NUMERIC NOT NULL
);
CREATE TABLE project (
    proj_id TEXT NOT NULL PRIMARY KEY, proj_name TEXT NOT NULL UNIQUE,
    proj_desc TEXT, team_leader INTEGER REFERENCES employee (emp_no), product TEXT
);
CREATE TABLE employee_project (
    emp_no INTEGER NOT NULL REFERENCES employee (emp_no),
    proj_id TEXT NOT NULL REFERENCES project (proj_id),
    PRIMARY KEY (emp_no, proj_id)
);
CREATE TABLE proj_dept_budget (
    fiscal_year INTEGER NOT NULL, proj_id TEXT NOT NULL REFERENCES project (proj_id),
    dept_no TEXT NOT NULL REFERENCES department (dept_no), projected_budget NUMERIC,
    PRIMARY KEY (fiscal_year, proj_id, dept_no)
);
CREATE TABLE salary_history (
    emp_no INTEGER NOT NULL REFERENCES employee (emp_no), change_date TIMESTAMP NOT NULL,
    updater_id TEXT NOT NULL, old_salary NUMERIC NOT NULL, percent_change REAL NOT NULL,
    PRIMARY KEY (emp_no, change_date, updater_id)
);
CREATE TABLE customer (
    cust_no INTEGER NOT NULL PRIMARY KEY, customer TEXT NOT NULL, contact_first TEXT,
    contact_last TEXT, phone_no TEXT, address_line1 TEXT, address_line2 TEXT, city TEXT,
    state_province TEXT, country TEXT REFERENCES country (country), postal_code TEXT,
    on_hold TEXT
);
CREATE TABLE sales (
    po_number TEXT NOT NULL PRIMARY KEY, cust_no INTEGER NOT NULL REFERENCES customer (cust_no),
    sales_rep INTEGER REFERENCES employee (emp_no), order_status TEXT NOT NULL,
    order_date TIMESTAMP NOT NULL, ship_date TIMESTAMP, date_needed TIMESTAMP, paid TEXT,
    qty_ordered INTEGER NOT NULL, total_value NUMERIC NOT NULL, discount REAL NOT NULL,
    item_type TEXT
);
-- The example's trigger save_salary_change, which fills salary_history from its salary updates.
CREATE TRIGGER save_salary_change AFTER UPDATE OF salary ON employee
WHEN old.salary <> new.salary
BEGIN
    INSERT INTO salary_history (emp_no, change_date, updater_id, old_salary, percent_change)
    VALUES (old.emp_no, 'NOW', 'SYSDBA', old.salary, (new.salary - old.salary) * 100 / old.salary);
END;
