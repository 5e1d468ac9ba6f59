"""JSON and YAML within bounds: size, values (YAML aliases expanded), nesting depth, one string's length, NUL
and lone surrogates.

JSON: the values are counted from the text before parsing (every value but the first follows a `,`, `[` or
`{`), the C parser's own recursion guard is turned into a message, and the result is walked once without
recursion for depth and strings. YAML: the event stream (libyaml, no recursion) is read before anything is
composed, counting the values each anchor stands for, so `*alias` bombs and deep nesting are refused before
PyYAML's recursive composer or our own line-keeping builder would meet them. Syntax errors are left to the
caller's parser, which reports them with its own line numbers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import yaml

from rashinban.i18n import translate as _
from rashinban.limits import LimitError, Limits, check_size
from rashinban.limits.text import line_of, text_problem

# NUL and lone surrogates in a JSON text can only come from \u escapes once the text is valid UTF-8.
_SUSPECT_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")
_EVENT_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _too_many(name: str, limits: Limits, line: int | None = None) -> LimitError:
    return LimitError(
        _("the file holds more than %(count)s values") % {"count": f"{limits.max_items:,}"}, file=name, row=line
    )


def _too_deep(name: str, limits: Limits, line: int | None = None, field: str = "") -> LimitError:
    return LimitError(
        _("the file is nested deeper than %(count)s levels") % {"count": limits.max_depth},
        file=name,
        row=line,
        field=field,
    )


def _path_text(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_json(
    text: str | bytes,
    name: str,
    limits: Limits,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> Any:
    """Parse a JSON document within `limits`; json.JSONDecodeError for syntax, LimitError for bounds."""
    if isinstance(text, bytes):
        check_size(len(text), name, limits)
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LimitError(_("a JSON file must be UTF-8 text"), file=name) from None
    else:
        check_size(len(text), name, limits)
    problem = text_problem(text)
    if problem:
        position = text.find("\x00")
        raise LimitError(problem, file=name, row=line_of(text, position) if position >= 0 else None)
    if text.count(",") + text.count("[") + text.count("{") >= limits.max_items:
        raise _too_many(name, limits)
    try:
        data = json.loads(text, object_pairs_hook=object_pairs_hook)
    except RecursionError:
        raise _too_deep(name, limits) from None
    walk_checked(data, name, limits, strings=_SUSPECT_ESCAPE.search(text) is not None)
    return data


def walk_checked(data: Any, name: str, limits: Limits, *, strings: bool = True) -> None:
    """Walk parsed data without recursion: depth, string length and, if `strings`, NUL and lone surrogates."""
    stack: list[tuple[Any, int, list[str | int]]] = [(data, 1, [])]
    longest = limits.max_cell_chars
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict):
            if depth > limits.max_depth:
                raise _too_deep(name, limits, field=_path_text(path))
            for key, item in value.items():
                if isinstance(key, str):
                    _check_string(key, name, limits, path, strings, longest)
                stack.append((item, depth + 1, [*path, key]))
        elif isinstance(value, list):
            if depth > limits.max_depth:
                raise _too_deep(name, limits, field=_path_text(path))
            stack.extend((item, depth + 1, [*path, index]) for index, item in enumerate(value))
        elif isinstance(value, str):
            _check_string(value, name, limits, path, strings, longest)


def _check_string(value: str, name: str, limits: Limits, path: list[str | int], strings: bool, longest: int) -> None:
    if len(value) > longest:
        raise LimitError(
            _("a value is longer than %(count)s characters") % {"count": f"{longest:,}"},
            file=name,
            field=_path_text(path),
        )
    if strings:
        problem = text_problem(value)
        if problem:
            raise LimitError(problem, file=name, field=_path_text(path))


def check_yaml(text: str, name: str, limits: Limits) -> None:
    """Refuse a YAML text beyond `limits` before it is composed; syntax errors are left to the real parse."""
    check_size(len(text), name, limits)
    problem = text_problem(text)
    if problem:
        position = text.find("\x00")
        raise LimitError(problem, file=name, row=line_of(text, position) if position >= 0 else None)
    # Each open collection: [values inside so far, deepest level below it, anchor or None].
    open_nodes: list[list[Any]] = [[0, 0, None]]
    anchors: dict[str, tuple[int, int]] = {}  # anchor -> (values it stands for, its depth)

    def add(count: int, depth: int, line: int) -> None:
        parent = open_nodes[-1]
        parent[0] += count
        parent[1] = max(parent[1], depth)
        if sum(node[0] for node in open_nodes) > limits.max_items:
            raise _too_many(name, limits, line)
        if len(open_nodes) - 1 + depth > limits.max_depth:
            raise _too_deep(name, limits, line)

    try:
        for event in yaml.parse(text, Loader=_EVENT_LOADER):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_nodes) > limits.max_depth:
                    raise _too_deep(name, limits, line)
                open_nodes.append([1, 1, event.anchor])
            elif isinstance(event, yaml.CollectionEndEvent):
                count, depth, anchor = open_nodes.pop()
                if anchor is not None:
                    anchors[anchor] = (count, depth)
                add(count, depth, line or 0)
            elif isinstance(event, yaml.ScalarEvent):
                if len(event.value) > limits.max_cell_chars:
                    raise LimitError(
                        _("a value is longer than %(count)s characters") % {"count": f"{limits.max_cell_chars:,}"},
                        file=name,
                        row=line,
                    )
                if event.anchor is not None:
                    anchors[event.anchor] = (1, 0)
                add(1, 0, line or 0)
            elif isinstance(event, yaml.AliasEvent):
                count, depth = anchors.get(event.anchor, (1, 0))
                add(count, depth, line or 0)
    except yaml.YAMLError as error:
        if "nesting depth" in str(error):  # libyaml's own guard (1,000 levels) met before our count
            raise _too_deep(name, limits) from None
        return  # any other syntax error: the caller's parser reports it with its own line numbers


def load_yaml(text: str, name: str, limits: Limits) -> Any:
    """Parse one YAML document within `limits` (yaml.YAMLError for syntax, LimitError for bounds)."""
    check_yaml(text, name, limits)
    try:
        return yaml.load(text, Loader=_EVENT_LOADER)  # noqa: S506 - CSafeLoader or SafeLoader
    except RecursionError:
        raise _too_deep(name, limits) from None
