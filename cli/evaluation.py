"""Grading answers against an eval file (format: shared eval README): scalar, top, rows, labels,
clarify."""

from __future__ import annotations

import calendar
import re
import time
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.ask import Answer, Scalar


class Expectation(BaseModel):
    # a misspelt key ("rows" for "values") would otherwise grade against nothing and pass
    model_config = ConfigDict(extra="forbid")

    kind: Literal["scalar", "top", "rows", "labels", "clarify"]
    value: float | None = None
    label: str | None = None
    values: dict[str, float] = Field(default_factory=dict)
    labels: list[str] = Field(default_factory=list)
    # other readings' answers: a number of a scalar's, or a whole expectation of its own
    alt: list[float | Expectation] = Field(default_factory=list)

    @field_validator("label", mode="before")
    @classmethod
    def _label_as_text(cls, value: object) -> object:
        """A year or an hour may be written as a number ("label": 1994)."""
        return str(value) if isinstance(value, int | float) else value

    @field_validator("labels", mode="before")
    @classmethod
    def _labels_as_text(cls, value: object) -> object:
        return [str(v) for v in value] if isinstance(value, list) else value

    tolerance: float = 0.0

    @model_validator(mode="after")
    def _says_what_is_expected(self) -> Expectation:
        needed = {
            "scalar": self.value,
            "top": self.label,
            "rows": self.values,
            "labels": self.labels,
        }
        if self.kind in needed and needed[self.kind] in (None, {}, []):
            raise ValueError(f"an expectation of kind {self.kind} says nothing expected")
        return self


class EvalCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    expect: Expectation
    note: str = ""


class Grade(BaseModel):
    passed: bool
    reason: str


def grade(case: EvalCase, answer: Answer | None) -> Grade:
    """Measures are the numbers; every other column is a label. An answer to another
    reading the case accepts (`alt`) passes too."""
    graded = _grade(case, answer)
    for other in case.expect.alt:
        if graded.passed or not isinstance(other, Expectation):
            continue
        if (
            other.kind != "clarify"
            and _grade(case.model_copy(update={"expect": other}), answer).passed
        ):
            graded = Grade(passed=True, reason=f"another reading's answer ({other.kind})")
    return graded


def _grade(case: EvalCase, answer: Answer | None) -> Grade:
    if answer is None or not answer.rows:
        return Grade(passed=False, reason="no rows came back")
    numeric_columns = [i for i, c in enumerate(answer.columns) if c.kind == "measure"]
    expect = case.expect
    if expect.kind == "scalar":
        return _scalar(expect, answer, numeric_columns)
    if expect.kind == "top":
        labels = _labels(answer.rows[0], numeric_columns)
        ok = _norm(expect.label or "") in labels
        return Grade(passed=ok, reason=f"first row labels {sorted(labels)}")
    if expect.kind == "labels":
        return _label_set(expect, answer, numeric_columns)
    return _rows(case, answer, numeric_columns)


def _label_set(expect: Expectation, answer: Answer, numeric: list[int]) -> Grade:
    """Exactly the expected things, in any order: each row names one, and each is named."""
    wanted = {_norm(label) for label in expect.labels}
    rows = [_labels(row, numeric) for row in answer.rows]
    unexpected = [sorted(r) for r in rows if not r & wanted]
    missing = sorted(w for w in wanted if not any(w in r for r in rows))
    ok = not unexpected and not missing and len(rows) == len(wanted)
    return Grade(passed=ok, reason=f"missing {missing}, unexpected {unexpected}")


def _scalar(expect: Expectation, answer: Answer, numeric: list[int]) -> Grade:
    if len(answer.rows) == 1 and not numeric:
        # a look-up of a number ("how many seats does plane N14228 have"): its one value
        numeric = [i for i, v in enumerate(answer.rows[0]) if _float(v) is not None][:1]
    if len(answer.rows) != 1 or not numeric:
        return Grade(passed=False, reason=f"{len(answer.rows)} rows, expected one number")
    got = _float(answer.rows[0][numeric[0]])
    alts = [v for v in expect.alt if not isinstance(v, Expectation)]
    accepted = [v for v in (expect.value, *alts) if v is not None]
    ok = got is not None and any(abs(got - v) <= expect.tolerance for v in accepted)
    return Grade(passed=ok, reason=f"got {got}, expected {expect.value}")


def _rows(case: EvalCase, answer: Answer, numeric: list[int]) -> Grade:
    expect = case.expect
    got: dict[str, float | None] = {}
    for row in answer.rows:
        for label in _labels(row, numeric):
            got[label] = _float(row[numeric[0]]) if numeric else None
    missing = [
        k
        for k, v in expect.values.items()
        if (g := got.get(_norm(k))) is None or abs(g - v) > expect.tolerance
    ]
    limited = any(ch.isdigit() for ch in case.question) or "top" in case.question.lower()
    extra = limited and len(answer.rows) > len(expect.values)
    ok = not missing and not extra
    reason = f"missing or wrong: {missing}" if missing else ("extra rows" if extra else "all rows")
    return Grade(passed=ok, reason=reason)


def _labels(row: list[Scalar], numeric: list[int]) -> set[str]:
    """Every way a row's label may be written: '7', '2013-07', 'July' all name July; 'Q1',
    '1994-Q1' name the first quarter."""
    labels: set[str] = set()
    for i, value in enumerate(row):
        if i in numeric or value is None:
            continue
        text = _norm(str(value))
        labels.add(text)
        if text[:4].isdigit() and text[4:6] == "-q" and text[6:7].isdigit():  # 1994-q1
            labels.update({text[5:7], text[6:7], text[:7]})
        elif len(text) == 2 and text[0] == "q" and text[1] in "1234":  # q1
            labels.add(text[1])
        elif text[:7].count("-") == 1 and text[:4].isdigit() and text[5:7].isdigit():
            month = int(text[5:7])  # 2013-07-01t00:00:00.000
            labels.update({str(month), text[:7], calendar.month_name[month].lower()})
        elif (said := re.fullmatch(r"([a-z]+)(?: \d{4})?", text)) and said[1] in _MONTH_NAMES:
            labels.add(str(_MONTH_NAMES.index(said[1])))  # july, july 2013
    return labels


_MONTH_NAMES = [name.lower() for name in calendar.month_name]


def _norm(text: str) -> str:
    text = text.strip().lower()
    return text[:-2] if text.endswith(".0") else text


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


Outcome = Literal["right", "asked", "wrong", "failed"]


class CaseResult(BaseModel):
    """One question's outcome: right; asked for a clarification (where an answer was due);
    confidently wrong (an answer that is not the expected one, or an answer where the question
    should have been asked about); or failed (the run ended without an answer)."""

    case: EvalCase
    status: str
    outcome: Outcome
    grade: Grade
    text: str = ""
    interpretation: str = ""


def load_cases(path: str) -> list[EvalCase]:
    with open(path, encoding="utf-8") as handle:
        return [EvalCase.model_validate_json(line) for line in handle if line.strip()]


LIMITED_RETRIES = 30


def run_case(http: httpx.Client, case: EvalCase, wait_seconds: float) -> CaseResult:
    """Asks through the running API. HTTP failures raise: they are errors, not wrong answers."""
    body = {"question": case.question, "wait_seconds": wait_seconds}
    reply = http.post("/v1/questions", json=body)
    for _ in range(LIMITED_RETRIES):  # over the tenant's new-run limit: wait as it says
        if reply.status_code != 429:
            break
        time.sleep(float(reply.headers.get("Retry-After", "1")))
        reply = http.post("/v1/questions", json=body)
    reply.raise_for_status()
    body = reply.json()
    status = str(body.get("status"))
    if status == "needs_clarification":
        text = (body.get("clarification") or {}).get("question", "")
        expected = case.expect.kind == "clarify"
        return CaseResult(
            case=case,
            status=status,
            outcome="right" if expected else "asked",
            grade=Grade(passed=expected, reason=text),
        )
    answer = Answer.model_validate(body["answer"]) if body.get("answer") else None
    if answer is None:
        reason = str(body.get("error") or status)
        failed = Grade(passed=False, reason=reason)
        return CaseResult(case=case, status=status, outcome="failed", grade=failed)
    if case.expect.kind == "clarify":
        result = Grade(passed=False, reason="answered a question it should have asked about")
    else:
        result = grade(case, answer)
    return CaseResult(
        case=case,
        status=status,
        outcome="right" if result.passed else "wrong",
        grade=result,
        text=answer.text,
        interpretation=answer.interpretation,
    )
