"""The Jinja environment a unit's Word template is filled in (SECURITY: no code
from uploads).

A restyled template is data a province typed in Word, not code. Every template
docxtpl compiles (body, headers, footers, footnotes, document properties) goes
through `ReportEnvironment._parse`, which refuses any tag outside a small
grammar: names the report context provides (and loop variables), attributes
that are keys of that context, a short list of harmless filters, no calls, no
imports, loops nested at most three deep. Rendering itself runs in Jinja's
immutable sandbox with no globals, so a template stored before these checks
cannot reach Python objects either.
"""

import re
from typing import Any

from jinja2 import meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

# Filters a report template may use; none can allocate without bound or reach
# an attribute (no attr, map, format, center, replace, batch…).
SAFE_FILTERS = frozenset(
    {
        "upper",
        "lower",
        "title",
        "capitalize",
        "trim",
        "default",
        "d",
        "length",
        "count",
        "first",
        "last",
        "join",
        "round",
        "int",
        "string",
        "e",
        "escape",
        "truncate",
        "wordcount",
        "striptags",
        "list",
        "reverse",
        "abs",
    }
)
LOOP_ATTRIBUTES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length"}
)
# The grammar of a template: output, conditions, loops, a few operators.
ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Name,
    nodes.Const,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Slice,
    nodes.For,
    nodes.If,
    nodes.Filter,
    nodes.Test,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.CondExpr,
    nodes.Concat,
    nodes.Assign,
    nodes.List,
    nodes.Tuple,
    nodes.Keyword,
    nodes.Add,
    nodes.Sub,
    nodes.Neg,
    nodes.Pos,
)
# How a refused construct is named to the officer.
REFUSED_SYNTAX = {
    "Call": "lời gọi hàm “( )”",
    "Mul": "phép nhân “*”",
    "Pow": "phép lũy thừa “**”",
    "Div": "phép chia",
    "FloorDiv": "phép chia",
    "Mod": "phép “%”",
    "Include": "lệnh chèn tệp “include”",
    "Import": "lệnh “import”",
    "FromImport": "lệnh “import”",
    "Extends": "lệnh “extends”",
    "Macro": "lệnh “macro”",
    "CallBlock": "lệnh “call”",
    "FilterBlock": "khối “filter”",
    "With": "khối “with”",
    "Block": "khối “block”",
    "AssignBlock": "khối “set”",
    "Dict": "từ điển “{ }”",
}
MAX_LOOP_DEPTH = 3
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_XML = re.compile(r"<[^>]+>")


class UnsafeTemplate(SecurityError):
    """A tag outside the template grammar; the message names it in Vietnamese."""


def _tag_text(source: str, lineno: int, token: str) -> str:
    """The tag holding `token` on the template's line, as the officer typed it."""
    lines = source.splitlines()
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else source
    tags = [_XML.sub("", t) for t in _TAG.findall(line)]
    for tag in tags:
        if token in tag:
            return " ".join(tag.split())[:120]
    return token[:120]


class _Checker:
    def __init__(
        self, source: str, names: frozenset[str], attributes: frozenset[str]
    ) -> None:
        self.source, self.names, self.attributes = source, names, attributes

    def refuse(self, node: nodes.Node, token: str, why: str) -> UnsafeTemplate:
        tag = _tag_text(self.source, node.lineno, token)
        return UnsafeTemplate(f"thẻ “{tag}” {why}")

    def check(self, tree: nodes.Template) -> None:
        self.walk(tree, 0)  # first: the name lookup below compiles the filters
        for name in sorted(meta.find_undeclared_variables(tree) - self.names):
            # The first use, for its line.
            node = next(n for n in tree.find_all(nodes.Name) if n.name == name)
            raise self.refuse(
                node, name, f"dùng tên “{name}” không có trong số liệu báo cáo"
            )

    def walk(self, node: nodes.Node, depth: int) -> None:
        if not isinstance(node, ALLOWED_NODES):
            kind = type(node).__name__
            what = REFUSED_SYNTAX.get(kind, f"cú pháp {kind}")
            raise self.refuse(node, "", f"dùng {what}, không được phép trong mẫu")
        if isinstance(node, nodes.Name) and node.name.startswith("_"):
            raise self.refuse(node, node.name, "dùng tên bắt đầu bằng “_”")
        if isinstance(node, nodes.Getattr):
            self.attribute(node, node.attr)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            if isinstance(node.arg.value, str):
                self.attribute(node, node.arg.value)
            elif not isinstance(node.arg.value, int):
                raise self.refuse(node, "[", "dùng chỉ số không hợp lệ")
        if isinstance(node, nodes.Filter) and node.name not in SAFE_FILTERS:
            raise self.refuse(
                node, node.name, f"dùng bộ lọc “{node.name}” không được phép"
            )
        if isinstance(node, nodes.For):
            depth += 1
            if depth > MAX_LOOP_DEPTH:
                raise self.refuse(
                    node, "for", f"lồng quá {MAX_LOOP_DEPTH} vòng lặp “for”"
                )
        for child in node.iter_child_nodes():
            self.walk(child, depth)

    def attribute(self, node: nodes.Node, attr: str) -> None:
        if attr.startswith("_") or attr not in self.attributes:
            raise self.refuse(
                node, attr, f"đọc thuộc tính “{attr}” không có trong số liệu báo cáo"
            )


class ReportEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, without globals, with the safe filters only,
    refusing at compile time any tag outside the grammar above."""

    def __init__(self, names: frozenset[str], attributes: frozenset[str]) -> None:
        super().__init__(autoescape=True)
        self.globals.clear()
        self.filters = {k: v for k, v in self.filters.items() if k in SAFE_FILTERS}
        self.allowed_names = names
        self.allowed_attributes = attributes | LOOP_ATTRIBUTES

    def _parse(
        self, source: str, name: str | None, filename: str | None
    ) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        _Checker(source, self.allowed_names, self.allowed_attributes).check(tree)
        return tree

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return attr in self.allowed_attributes and super().is_safe_attribute(
            obj, attr, value
        )
