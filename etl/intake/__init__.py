"""Intake: a new article becomes a source (``add``); its figures become proposed facts
(``propose``); the proposals an analyst accepts become facts (``accept``).

In: a file (or bytes) with the curator's metadata; a source id and a build of the existing data.
Out: the raw copy and its sidecar under ``data/raw/``; ``Proposal`` records, each saying which
rules decided it; facts appended to ``data/facts/<source_id>.yaml`` and a rebuilt database.
Every write goes to a temporary file that is renamed into place, under one lock for the whole
data folder, so two saves at once never corrupt a file, and a refused input or a failed build
leaves the previous data and database as they were.

The modules: ``article`` takes an article in (read, decode, guesses of date and title, ``add``);
``propose`` runs the proposer's named rules (``rules``, records in ``rules.yaml``) over the text
around each figure (``text``, computed once per article) against a build's vocabulary
(``vocab``); ``curate`` writes what is accepted (``accept``, the lock and the atomic write in
``files``). The word lists the rules use are data: ``words.yaml``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from etl.intake.article import (
        DateGuess,
        add,
        decode,
        earliest_plausible_date,
        guess_date,
        guess_title,
        read_article,
        read_date,
    )
    from etl.intake.curate import AcceptResult, accept, from_row, proposals_as_rows, save_article
    from etl.intake.files import data_lock, write_atomic
    from etl.intake.proposal import COLUMNS, Proposal
    from etl.intake.proposer import preview, propose, propose_source
    from etl.intake.text import MAX_QUOTE, UNQUOTED
    from etl.intake.vocab import vocab_from_build
    from etl.intake.words import ID_PATTERN as _ID

# Where each name of the package lives: a module is imported when one of its names is first
# used, so that importing the package (the Curate page, the command line) costs nothing and
# the package stands no higher than the module of the name asked for.
_HOME = {
    "DateGuess": "article",
    "add": "article",
    "decode": "article",
    "earliest_plausible_date": "article",
    "guess_date": "article",
    "guess_title": "article",
    "read_article": "article",
    "read_date": "article",
    "AcceptResult": "curate",
    "accept": "curate",
    "from_row": "curate",
    "proposals_as_rows": "curate",
    "save_article": "curate",
    "data_lock": "files",
    "write_atomic": "files",
    "COLUMNS": "proposal",
    "Proposal": "proposal",
    "preview": "proposer",
    "propose": "proposer",
    "propose_source": "proposer",
    "MAX_QUOTE": "text",
    "UNQUOTED": "text",
    "vocab_from_build": "vocab",
}


def __getattr__(name: str) -> Any:
    if name == "_ID":
        return importlib.import_module("etl.intake.words").ID_PATTERN
    if name not in _HOME:
        raise AttributeError(f"module 'etl.intake' has no attribute {name!r}")
    return getattr(importlib.import_module(f"etl.intake.{_HOME[name]}"), name)


__all__ = [
    "COLUMNS",
    "MAX_QUOTE",
    "UNQUOTED",
    "_ID",
    "AcceptResult",
    "DateGuess",
    "Proposal",
    "accept",
    "add",
    "data_lock",
    "decode",
    "earliest_plausible_date",
    "from_row",
    "guess_date",
    "guess_title",
    "preview",
    "proposals_as_rows",
    "propose",
    "propose_source",
    "read_article",
    "read_date",
    "save_article",
    "vocab_from_build",
    "write_atomic",
]
