"""Public sample databases that no one here curated, built as SQLite files from registry
packages, to try `quarry model init` on (tests and `eval/samples/`):

- `superstore`: the "Sample Superstore" retail order lines (PyPI `bokeh-sampledata`, CSV);
- `movies`: OMDb and Rotten Tomatoes facts of 17k films (PyPI `bokeh-sampledata`, SQLite);
- `employee`: the Firebird example company (Debian `firebird3.0-examples`, SQL script):
  departments, employees, jobs, projects, customers and sales, with declared keys;
- `northwind`: the Northwind trading company (Debian `virtuoso-vad-demo`, the INSERTs of
  OpenLink Virtuoso's demo database): customers, orders and their lines, products,
  categories, suppliers, shippers and employees, with the keys Virtuoso declares.

    python -m stack.samples DIR    # builds the files into DIR (default .data/samples)
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
SAMPLES = ("superstore", "movies", "employee", "northwind")
SUPERSTORE_TYPES = {"Sales": "REAL", "Quantity": "INTEGER", "Discount": "REAL", "Profit": "REAL"}
FIREBIRD_PACKAGE = "firebird3.0-examples"
FIREBIRD_SCRIPT = "usr/share/doc/firebird3.0-common-doc/examples/employee.sql.gz"
VIRTUOSO_PACKAGE = "virtuoso-vad-demo"
VIRTUOSO_ARCHIVE = "usr/share/virtuoso-opensource-7/vad/demo_dav.vad"


class SampleError(RuntimeError):
    """A sample's package is not installed or could not be fetched."""


def build_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    built = {}
    for name in SAMPLES:
        path = folder / f"{name}.sqlite"
        if not path.exists():
            partial = path.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            BUILDERS[name](partial)
            partial.replace(path)
        built[name] = path
    return built


def _bokeh_data() -> Path:
    spec = importlib.util.find_spec("bokeh_sampledata")
    if spec is None or spec.origin is None:
        raise SampleError("install bokeh-sampledata (pip install -e '.[dev]')")
    return Path(spec.origin).parent / "_data"


def build_superstore(path: Path) -> None:
    with gzip.open(_bokeh_data() / "SampleSuperstore.csv.gz", "rt", newline="") as file:
        rows = list(csv.reader(file))
    header = rows[0]
    columns = ", ".join(f'"{name}" {SUPERSTORE_TYPES.get(name, "TEXT")}' for name in header)
    with sqlite3.connect(path) as conn:
        conn.execute(f"CREATE TABLE orders ({columns})")
        conn.executemany(f"INSERT INTO orders VALUES ({', '.join('?' * len(header))})", rows[1:])
    conn.close()


def build_movies(path: Path) -> None:
    shutil.copyfile(_bokeh_data() / "movies.db", path)


def build_employee(path: Path) -> None:
    script = _firebird_script()
    with sqlite3.connect(path) as conn:
        conn.executescript((HERE / "employee.sql").read_text())
        for statement in _data_statements(script):
            conn.execute(statement)
        conn.execute("DROP TRIGGER save_salary_change")
    conn.close()


def _firebird_script() -> str:
    with gzip.open(_debian_file(FIREBIRD_PACKAGE, FIREBIRD_SCRIPT), "rt") as file:
        return file.read()


def _debian_file(package: str, member: str) -> Path:
    """One file of a Debian package, downloaded (no root needed) and unpacked into a scratch
    folder of the user's own, then moved into the user's cache once whole, for the next build."""
    cache = Path.home() / ".cache" / "quarry" / "samples" / package
    path = cache / member
    if path.exists():
        return path
    with tempfile.TemporaryDirectory(prefix="quarry-sample-") as scratch:
        try:
            subprocess.run(
                ["apt-get", "download", package],
                cwd=scratch,
                check=True,
                capture_output=True,
                timeout=300,
            )
            deb = next(Path(scratch).glob("*.deb"))
            subprocess.run(["dpkg-deb", "-x", str(deb), scratch], check=True, timeout=120)
        except (OSError, subprocess.SubprocessError, StopIteration) as exc:
            raise SampleError(f"cannot fetch the Debian package {package}: {exc}") from exc
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(Path(scratch) / member), path.with_suffix(".partial"))
        path.with_suffix(".partial").replace(path)
    return path


def build_northwind(path: Path) -> None:
    archive = _debian_file(VIRTUOSO_PACKAGE, VIRTUOSO_ARCHIVE).read_bytes()
    with sqlite3.connect(path) as conn:
        conn.executescript((HERE / "northwind.sql").read_text())
        for statement in _northwind_statements(archive):
            conn.execute(statement)
    conn.close()


_VIRTUOSO_DATE = re.compile(r"stringdate\('(\d{4})\.(\d\d)\.(\d\d) [^']*'\)")
_VIRTUOSO_ESCAPE = re.compile(r"\\([0-7]{2,3})")
_VIRTUOSO_BLOB = re.compile(r",\s*DB\.DBA\.get_blob_from_dav\('[^']*'\)")


def _unescaped(found: re.Match[str]) -> str:
    """Virtuoso writes a quote or a line break inside a string as an octal escape (\\47)."""
    char = chr(int(found[1], 8))
    return "''" if char == "'" else char


def _northwind_statements(archive: bytes) -> list[str]:
    """The demo script's INSERTs of the Northwind tables, as SQLite reads them: dates in ISO,
    pictures (kept elsewhere in the archive) left out. The script is Latin-1 text."""
    start = archive.index(b"CREATE TABLE demo.Categories(")
    end = archive.index(b"Order Details loaded", start)
    statements = []
    for line in archive[start:end].decode("latin-1").splitlines():
        if not line.startswith("INSERT soft "):
            continue
        line = "INSERT INTO " + line.removeprefix("INSERT soft ").rstrip().rstrip(";")
        line = _VIRTUOSO_DATE.sub(lambda m: f"'{m[1]}-{m[2]}-{m[3]}'", line)
        line = _VIRTUOSO_ESCAPE.sub(_unescaped, line)
        if "get_blob_from_dav" in line:
            line = _VIRTUOSO_BLOB.sub("", line).replace(",Picture)", ")").replace(",Photo,", ",")
        statements.append(line)
    return statements


_US_DATE = re.compile(r"'(\d\d)/(\d\d)/(\d\d)'")


def _data_statements(script: str) -> list[str]:
    """The script's INSERTs and UPDATEs outside its procedures and triggers, dates in ISO."""
    body = re.sub(r"/\*.*?\*/", "", script, flags=re.DOTALL)
    body = re.sub(r"SET TERM !! ;.*?SET TERM ; !!", "", body, flags=re.DOTALL | re.IGNORECASE)
    statements = []
    for text in re.split(r";\s*\n", body):
        text = text.strip()
        if re.match(r"(INSERT INTO|UPDATE)\s", text, re.IGNORECASE):
            statements.append(_US_DATE.sub(lambda m: f"'19{m[3]}-{m[1]}-{m[2]}'", text))
    return statements


BUILDERS = {
    "superstore": build_superstore,
    "movies": build_movies,
    "employee": build_employee,
    "northwind": build_northwind,
}
