"""Text-level edits of a YAML file that leave every other byte as it was.

Edits are located with the parser's node marks (line and column of each node's start and end),
so comments, order, quoting and line breaks of everything not edited stay untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from assess.questionnaire.yamlsafe import _Loader

# Characters a YAML double-quoted scalar may hold as they are (YAML 1.1 printable), minus the
# ones PyYAML reads as line breaks (NEL, LS, PS) and the byte order mark.
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
# Every line break YAML knows: the parser's line numbers count these.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar on one line, with YAML escapes."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _PRINTABLE.match(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `text` (start == end: an insertion)."""

    start: int
    end: int
    text: str


class Source:
    """A YAML text, its composed nodes found by where they start, and offsets of marks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.line_starts = [0] + [m.end() for m in _BREAK.finditer(text)]
        root = yaml.compose(text, Loader=_Loader)
        # (line, column) of a key -> (key node, value node, mapping node holding them)
        self.pairs: dict[tuple[int, int], tuple[yaml.Node, yaml.Node, yaml.Node]] = {}
        # (line, column, node class) of a sequence item -> (item node, sequence node)
        self.items: dict[tuple[int, int, type], tuple[yaml.Node, yaml.Node]] = {}
        self.root = root
        if root is not None:
            self._index(root)

    def _index(self, root: yaml.Node) -> None:
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    self.pairs[_start(key)] = (key, value, node)
                    stack.extend((key, value))
            elif isinstance(node, yaml.SequenceNode):
                for item in node.value:
                    self.items[(*_start(item), type(item))] = (item, node)
                    stack.append(item)

    def offset(self, mark: yaml.Mark) -> int:
        """The offset in the text of a parser mark (0-based line and column)."""
        return self.line_starts[mark.line] + mark.column

    def line_end(self, mark: yaml.Mark) -> int:
        """The offset where the mark's line ends (before its line break)."""
        found = _BREAK.search(self.text, self.offset(mark))
        return found.start() if found else len(self.text)

    def span(self, node: yaml.Node) -> tuple[int, int]:
        return self.offset(node.start_mark), self.offset(node.end_mark)

    def replace_scalar(self, node: yaml.Node, value: str) -> Edit:
        """The scalar `node` written as `value`, double-quoted."""
        start, end = self.span(node)
        # A block scalar (| or >) ends after its last line break: keep one.
        tail = self.newline if node.style in ("|", ">") else ""
        return Edit(start, end, quoted(value) + tail)

    def after_last(self, node: yaml.Node, entry: str, indent: int) -> Edit:
        """`entry` on a new line of `indent` spaces after the node `node` ends."""
        end = node.end_mark
        if end.column == 0 and end.line > node.start_mark.line:  # a block scalar's end
            at = self.offset(end)
            return Edit(at, at, " " * indent + entry + self.newline)
        at = self.line_end(end)
        return Edit(at, at, self.newline + " " * indent + entry)

    def add_to_mapping(self, mapping: yaml.MappingNode, key: str, value: str) -> Edit:
        """`key: value` added as the mapping's last pair (block: a new line; flow: before `}`)."""
        entry = f"{key}: {quoted(value)}"
        last_value = mapping.value[-1][1]
        if mapping.flow_style:
            at = self.offset(last_value.end_mark)
            return Edit(at, at, ", " + entry)
        return self.after_last(last_value, entry, mapping.value[0][0].start_mark.column)

    def text_of(self, node: yaml.Node) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def scalar_to_mapping(
        self, node: yaml.ScalarNode, key: yaml.Node | None, parent: yaml.Node, texts: dict
    ) -> Edit:
        """A plain-string text turned into a mapping of `texts` (language -> text), the default
        language first, its own scalar kept as written when it stands on one line."""
        first, *rest = texts
        one_line = node.style not in ("|", ">") and node.start_mark.line == node.end_mark.line
        lines = [f"{first}: {self.text_of(node) if one_line else quoted(texts[first])}"]
        lines += [f"{lang}: {quoted(texts[lang])}" for lang in rest]
        start, end = self.span(node)
        tail = self.newline if node.style in ("|", ">") else ""
        if parent.flow_style:
            return Edit(start, end, "{" + ", ".join(lines) + "}" + tail)
        if key is not None and key.start_mark.line == node.start_mark.line:
            # `help: text` becomes `help:` with the languages on lines of their own, indented.
            indent = self.newline + " " * (key.start_mark.column + 2)
            colon = self.text.rindex(":", self.offset(key.end_mark), start)
            return Edit(colon + 1, end, "".join(indent + line for line in lines) + tail)
        # A list item `- text`, or a value on the line below its key: in place.
        indent = self.newline + " " * node.start_mark.column
        return Edit(start, end, indent.join(lines) + tail)

    def add_to_sequence(self, sequence: yaml.SequenceNode, item: str) -> Edit:
        """`item` added as the sequence's last item (flow: `[a, item]`; block: `- item`)."""
        if sequence.flow_style:
            if sequence.value:
                at = self.offset(sequence.value[-1].end_mark)
                return Edit(at, at, ", " + item)
            at = self.text.rindex("]", 0, self.offset(sequence.end_mark))
            return Edit(at, at, item)
        last = sequence.value[-1]
        start = self.offset(last.start_mark)
        prefix = self.text[self.line_starts[last.start_mark.line] : start]
        if prefix.strip() != "-":
            prefix = " " * sequence.start_mark.column + "- "
        at = self.line_end(last.end_mark)
        return Edit(at, at, self.newline + prefix + item)


def _start(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def applied(text: str, edits: list[Edit]) -> str:
    """`text` with every edit made; edits may not overlap."""
    out = []
    last = len(text)
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if edit.end > last:
            raise ValueError("edits overlap")
        out.append(text[edit.end : last])
        out.append(edit.text)
        last = edit.start
    out.append(text[:last])
    return "".join(reversed(out))
