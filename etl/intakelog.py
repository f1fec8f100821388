"""The intake's honest curve: data/intake_log.csv, one row per real article as the proposer
first read it (before any rule changed because of it).

In: the log file (absent before the first article is logged). Out: ``IntakeRow`` records in
curation order, each with its first-pass accuracy computed from its counts: the figures mapped
right as proposed over every figure a curator kept, corrected, added by hand or rejected. The
log's own ``first_pass_accuracy`` column must agree with its counts (a typo there is an error
naming the line), so the curve never shows a number the counts do not give.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.dims import read_csv
from etl.errors import EtlError

COUNTS = ("figures_listed", "accepted_as_proposed", "corrected", "added_by_hand", "rejected")
REQUIRED = ("seq", "curated_on", "source_id", *COUNTS, "wrong_at_medium", "first_pass_accuracy")


@dataclass(frozen=True)
class IntakeRow:
    """One article's first pass through the intake."""

    seq: int
    curated_on: str
    source_id: str
    figures_listed: int
    accepted_as_proposed: int
    corrected: int
    added_by_hand: int
    rejected: int
    wrong_at_medium: int
    first_pass_accuracy: float | None
    notes: str


def _int(path: Path, line: int, name: str, value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise EtlError(path, f"{name} {value!r} is not a count", "write a whole number", line=line)
    return n


def read_intake_log(path: Path) -> list[IntakeRow]:
    """Every row of the log, in ``seq`` order (none when there is no log yet)."""
    if not path.exists():
        return []
    out = []
    for line, r in enumerate(read_csv(path, REQUIRED, key="source_id"), start=2):
        n = {k: _int(path, line, k, r[k]) for k in ("seq", *COUNTS, "wrong_at_medium")}
        judged = n["accepted_as_proposed"] + n["corrected"] + n["added_by_hand"] + n["rejected"]
        accuracy = n["accepted_as_proposed"] / judged if judged else None
        stated = r["first_pass_accuracy"].strip()
        if stated and (accuracy is None or abs(float(stated) - accuracy) > 0.006):
            raise EtlError(
                path,
                f"first_pass_accuracy {stated} does not follow from the counts "
                f"({n['accepted_as_proposed']} of {judged})",
                "correct the counts or the accuracy",
                line=line,
            )
        out.append(
            IntakeRow(
                seq=n["seq"],
                curated_on=r["curated_on"],
                source_id=r["source_id"],
                figures_listed=n["figures_listed"],
                accepted_as_proposed=n["accepted_as_proposed"],
                corrected=n["corrected"],
                added_by_hand=n["added_by_hand"],
                rejected=n["rejected"],
                wrong_at_medium=n["wrong_at_medium"],
                first_pass_accuracy=accuracy,
                notes=r.get("notes") or "",
            )
        )
    return sorted(out, key=lambda x: x.seq)
