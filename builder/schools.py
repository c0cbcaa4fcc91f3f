"""Per-school editions: the optional `sites/<slug>/schools.csv`, read and checked row by row.

Each valid row becomes a `School`; each bad row becomes a `Problem` naming its CSV
line, and the other schools still build (`toolkit check` reports the problems
as errors, `toolkit build` as warnings).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .layout import inside
from .schema import EMAIL_PATTERN, PATTERN_NAMES, PHONE_PATTERN, first_unprintable, unprintable_message

SCHOOLS_FILE = "schools.csv"
REQUIRED_COLUMNS = ("school", "principal", "contact_name", "phone", "email", "languages")
OPTIONAL_COLUMNS = ("grades", "example")
GRADE_NAMES = {"PK": -2, "TK": -1, "K": 0, **{str(n): n for n in range(1, 13)}}
"""The grades a `grades` cell may name (`K-5`, `6-8`, `TK-8`, `9-12`), as numbers: kindergarten is 0."""

_YES, _NO = {"yes", "true", "1", "y"}, {"no", "false", "0", "n", ""}


@dataclass(frozen=True)
class School:
    slug: str
    """Folder name under `schools/`, made from the school's name."""
    name: str
    principal: str
    contact_name: str
    phone: str
    email: str
    languages: tuple[str, ...]
    """The community languages this school's families read, in the order the row lists them."""
    example: bool
    """True when the row is invented: its documents are marked SAMPLE."""
    line: int
    grades: tuple[int, int] | None = None
    """The lowest and highest grade it teaches (kindergarten is 0), when the row gives them."""


@dataclass(frozen=True)
class SchoolList:
    schools: tuple[School, ...] = ()
    problems: tuple[Problem, ...] = ()


def school_slug(name: str) -> str:
    """'César Chávez Elementary' → 'cesar-chavez-elementary'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


MAX_CSV_BYTES = 4 * 1024 * 1024
"""About 20,000 schools' rows: more than any state has; a larger file is refused before it is read."""
MAX_SCHOOLS = 10_000
MAX_CELL = 200
"""Longest text a cell may hold (a school's name becomes part of file names, which systems limit to 255 bytes)."""
MAX_SLUG = 80


def load_schools(path: Path, display: str, languages: list[str], folder: Path | None = None) -> SchoolList:
    """Read a schools.csv; `languages` are the community's, which a school's must come from. The file
    must be inside `folder` (the community's own) once symbolic links are followed."""
    if not path.is_file():
        return SchoolList()
    if folder is not None and not inside(path, folder):
        return SchoolList(
            problems=(Problem(display, 1, 1, "", "expected a file inside the community's folder, found a link out of it"),)
        )
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        message = f"expected a file of at most {MAX_CSV_BYTES // (1024 * 1024)} MB, found {size / (1024 * 1024):,.1f} MB"
        return SchoolList(problems=(Problem(display, 1, 1, "", message),))
    try:
        # As bytes: read_text would turn a carriage return inside a cell into a line feed. The byte-order
        # mark spreadsheet programs often write is dropped.
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return SchoolList(problems=(Problem(display, 1, 1, "", f"expected UTF-8 text: {error.reason}"),))
    # newline="": line breaks are the csv module's to read, so a quoted cell may hold one and only \r, \n
    # and \r\n end a row (str.splitlines would also break at U+2028, form feeds and others).
    reader = csv.reader(io.StringIO(text, newline=""))
    schools: list[School] = []
    problems: list[Problem] = []
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        duplicates = sorted({name for name in header if header.count(name) > 1})
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        unknown = [name for name in header if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
        if missing or unknown or duplicates:
            wanted = ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
            found = (
                f"missing {', '.join(missing)}"
                if missing
                else f"unknown {', '.join(map(repr, unknown))}"
                if unknown
                else f"{', '.join(duplicates)} more than once"
            )
            message = f"expected the columns {wanted} (grades and example optional), each once; {found}"
            return SchoolList(problems=(Problem(display, 1, 1, "", message),))
        seen: dict[str, int] = {}
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if len(schools) + len(problems) >= MAX_SCHOOLS:
                message = f"expected at most {MAX_SCHOOLS:,} schools; the rest of the file is left out"
                problems.append(Problem(display, start, 1, "", message))
                break
            if not any(cell.strip() for cell in row):
                continue
            cells = dict(zip(header, row, strict=False))
            school, row_problems = _read_row(cells, len(row), len(header), start, display, languages)
            if school and school.slug in seen:
                message = f"expected each school once; {school.name!r} is also on line {seen[school.slug]}"
                row_problems.append(Problem(display, start, 1, "school", message))
            if row_problems or school is None:
                problems.extend(row_problems)
                continue
            seen[school.slug] = start
            schools.append(school)
    except csv.Error as error:  # a cell longer than the csv module reads (128 KB), a NUL outside quotes...
        problems.append(
            Problem(
                display,
                reader.line_num or 1,
                1,
                "",
                f"expected CSV the file can be read as: {error}; the rest of the file is left out",
            )
        )
    return SchoolList(tuple(schools), tuple(problems))


def _read_row(
    row: dict, cells: int, columns: int, line: int, display: str, languages: list[str]
) -> tuple[School | None, list[Problem]]:
    def problem(column: str, message: str) -> Problem:
        return Problem(display, line, 1, column, message)

    if cells != columns:
        return None, [problem("", f"expected {columns} cells as in the header, found {cells}")]
    values = {key: value.strip() for key, value in row.items()}
    problems = [problem(name, "expected a value, found an empty cell") for name in REQUIRED_COLUMNS if not values[name]]
    for name, value in values.items():
        if len(value) > MAX_CELL:
            problems.append(problem(name, f"expected at most {MAX_CELL} characters, found {len(value)}"))
        elif (bad := first_unprintable(value)) is not None:
            problems.append(problem(name, unprintable_message(bad)))
    for name, pattern in (("phone", PHONE_PATTERN), ("email", EMAIL_PATTERN)):
        if values[name] and not re.match(pattern, values[name]):
            problems.append(problem(name, f"expected {PATTERN_NAMES[pattern]}, found {values[name]!r}"))
    codes = tuple(dict.fromkeys(code for code in re.split(r"[\s,;]+", values["languages"]) if code))
    strangers = [code for code in codes if code not in languages]
    if strangers:
        problems.append(
            problem(
                "languages", f"expected some of the community's languages ({' '.join(languages)}), found {' '.join(strangers)}"
            )
        )
    example = values.get("example", "").lower()
    if example not in _YES | _NO:
        problems.append(problem("example", f"expected yes or no, found {values['example']!r}"))
    try:
        grades = _grades(values.get("grades", ""))
    except ValueError:
        grades = None
        problems.append(problem("grades", f"expected grades such as K-5, 6-8 or 9-12, found {values['grades']!r}"))
    if len(school_slug(values["school"])) > MAX_SLUG:
        problems.append(problem("school", f"expected a name of at most {MAX_SLUG} letters and digits, found a longer one"))
    elif not school_slug(values["school"]) and values["school"]:
        problems.append(problem("school", f"expected a name with letters or digits, found {values['school']!r}"))
    if problems:
        return None, problems
    school = School(
        school_slug(values["school"]),
        values["school"],
        values["principal"],
        values["contact_name"],
        values["phone"],
        values["email"],
        codes,
        example in _YES,
        line,
        grades,
    )
    return school, []


def _grades(cell: str) -> tuple[int, int] | None:
    """`K-5` as (0, 5); None for an empty cell; ValueError for one that names no grades."""
    if not cell:
        return None
    low, _, high = cell.upper().replace("–", "-").partition("-")
    low, high = low.strip(), (high or low).strip()
    if low not in GRADE_NAMES or high not in GRADE_NAMES or GRADE_NAMES[low] > GRADE_NAMES[high]:
        raise ValueError(cell)
    return GRADE_NAMES[low], GRADE_NAMES[high]
