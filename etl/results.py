"""What the ETL reports besides the data: a consistency check's outcome, and a number as
people write it. A leaf module (it imports nothing of the ETL), so that any stage can report
without depending on the checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one consistency check."""

    check_id: str
    kind: str
    description: str
    expected: str
    observed: str
    status: str
    explanation: str
    description_zh: str | None = None  # None where no Chinese is given (reported by the build)
    explanation_zh: str | None = None


def fmt_number(v: float) -> str:
    """12 -> '12', 0.5 -> '0.5': a value as people write it."""
    return f"{v:g}" if abs(v - round(v)) > 1e-9 else str(round(v))
