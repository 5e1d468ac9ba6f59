"""YAML uploads for the checks: parsed with line numbers, so an error says “policy.yaml, row 7: ...”."""

from __future__ import annotations

from typing import Any

from rashinban import limits
from rashinban.assessments.catalog import YamlPath, YamlProblem, line_for, parse_yaml
from rashinban.evidence.registry import InputError, Upload
from rashinban.evidence.text import _


class YamlDocument:
    """A parsed YAML upload that can point at the line of any value by its path."""

    def __init__(self, upload: Upload) -> None:
        self.file = upload.name
        try:
            limits.check_size(len(upload.data), upload.name, limits.SETTINGS_FILE)
        except limits.LimitError as error:
            raise InputError(error.problem, file=upload.name) from None
        try:
            text = upload.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(_("a YAML file must be UTF-8 text"), file=upload.name) from None
        try:
            self.data, self._lines = parse_yaml(text, limits.SETTINGS_FILE)
        except YamlProblem as problem:
            raise InputError(problem.message, file=upload.name, row=problem.line) from problem

    def line(self, path: YamlPath) -> int:
        return line_for(self._lines, path)

    def error(self, path: YamlPath, problem: str) -> InputError:
        """An error at `path`; the column is the key's name (e.g. "min_length" or "datasets[2].copies")."""
        return InputError(problem, file=self.file, row=self.line(path), column=path_text(path))

    def mapping(self, path: YamlPath, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(path, _("expected a mapping of names to values here"))
        return value


def path_text(path: YamlPath) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
