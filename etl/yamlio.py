"""Read a YAML file so that every mapping remembers its line: errors can then name it.

In: a path (or text and the path it came from). Out: the parsed data; each dict carries its
1-based line under ``__line__``. A syntax error or a duplicate key (which PyYAML would let
replace the first silently) becomes an ``EtlError`` naming the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from etl.errors import EtlError

LINE = "__line__"


# libyaml's parser when PyYAML was built with it (about ten times faster; same nodes and marks)
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_Base):  # type: ignore[valid-type,misc]
    pass


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A key given twice in one mapping."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.setdefault(key, key_node.start_mark.line + 1)
        except TypeError:  # an unhashable key: construct_mapping reports it
            continue
        if first != key_node.start_mark.line + 1:
            raise DuplicateKeyError(
                problem=f"duplicate key {key!r} (first given on line {first})",
                problem_mark=key_node.start_mark,
            )
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: periods such as 2022-09 and published_on are parsed by the ETL itself.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> Any:
    """Parse ``path``; mappings get ``__line__``. Raises EtlError on unreadable or bad YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise EtlError(path, "file not found", "restore the file from git") from e
    except UnicodeDecodeError as e:
        raise EtlError(path, f"not UTF-8 ({e.reason} at byte {e.start})", "save as UTF-8") from e
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path | str) -> Any:
    """Parse ``text`` read from ``path`` as ``load_yaml`` does (errors name ``path``)."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except DuplicateKeyError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        raise EtlError(path, str(e.problem), "keep one of the two", line=line) from e
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        raise EtlError(
            path, f"malformed YAML: {e.problem}", "correct the YAML syntax", line=line
        ) from e
