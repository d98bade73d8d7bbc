"""The shape of a YAML text (nesting, size, anchors, tags) in one linear pass, before parsing it.

PyYAML's pure-Python parser is slow on some shapes and holds the GIL while it works, so one
upload can stall every session of the server: each open flow bracket keeps a "possible simple
key" that the scanner checks again for every later token, which makes ``[[[[…`` quadratic
(5,000 brackets take seconds, 64 KB minutes); deep nesting exhausts the recursion limit; an
alias bomb expands exponentially. `yaml_shape` reads the text once, with the scanner's own
rules for where a token starts (plain, quoted and block scalars, comments, flow and block
indicators, simple keys, indentation), and stops as soon as the text is nested deeper than
`max_depth` collections, holds more than `max_tokens` tokens or `max_text` characters in keys
and values, or uses an anchor, an alias or a tag; then it checks the number of lines and their
length. A caller can so refuse the file before any parser sees it.

Depth counts collections around a value: ``a: 1`` is 1, ``a: {b: [1]}`` is 3. It is an upper
bound of the depth of what ``yaml.safe_load`` builds (a flow sequence entry written
``[a: b]`` counts the mapping YAML makes of it; a flow collection used as a key counts the
mapping around it). Tokens count what PyYAML's scanner produces except the ones it adds
itself (block ends, implicit keys): each scalar, indicator (``- ? : , [ ] { }``) and document
marker. Where PyYAML would stop with a syntax error (a tab before a token, an unclosed quote),
the pass stops too and reports what it saw until there: the parser does no more work than that.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Literal

__all__ = ["ShapeProblem", "YamlShape", "yaml_shape"]

ShapeProblem = Literal["depth", "tokens", "text", "alias", "tag", "lines", "line"]

# PyYAML refuses any text with one of these before reading a token (yaml.reader.Reader).
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# Every line break PyYAML knows, as one "\n" (it counts "\r\n" as one break).
_BREAKS = str.maketrans({"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
# Spaces, comments and line breaks between tokens (tabs are not skipped: PyYAML stops at one).
_SKIP = re.compile(r"(?:[ ]++|#[^\n]*+|\n)*+")
_MARKER = r"(?:---|\.\.\.)(?=[ \t\n]|\Z)"
_IS_MARKER = re.compile(_MARKER)
# A plain scalar's runs of text: in block context ":" ends one only before a space; in flow
# context also before a flow indicator, and ", ? [ ] { }" end it.
_BLOCK_RUN = r"(?:[^ \t\n:]|:(?=[^ \t\n]))++"
_FLOW_RUN = r"(?:[^ \t\n:,?\[\]{}]|:(?=[^ \t\n,\[\]{}]))++"
_FLOW_PLAIN = re.compile(
    rf"{_FLOW_RUN}(?:[ ]++(?!#){_FLOW_RUN})*+"
    rf"(?:[ ]*+\n(?:[ ]*+\n)*+(?!{_MARKER})[ ]*+(?!#){_FLOW_RUN}(?:[ ]++(?!#){_FLOW_RUN})*+)*+"
)
_SINGLE_QUOTED = re.compile(r"'[^']*+(?:''[^']*+)*+'")
_DOUBLE_QUOTED = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
_SPACES_THEN_BREAK = re.compile(r"[ ]*+\n")
_BLANK_OR_SPACES = re.compile(r"[ \n]*+")
# A block scalar's indicators (chomping, indentation) and the rest of its first line.
_BLOCK_SCALAR_HEADER = re.compile(
    r"([+-][1-9]?|[1-9][+-]?)?(?=[ \n]|\Z)[ ]*+(?:#[^\n]*+)?(?:\n|\Z)"
)
_WHITE = " \t\n"


def _end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where `pattern` (which may match nothing) stops matching from `pos`."""
    found = pattern.match(text, pos)
    return pos if found is None else found.end()


@cache
def _block_plain(indent: int) -> re.Pattern[str]:
    """A block plain scalar whose continuation lines are indented at least `indent` spaces."""
    line = rf"{_BLOCK_RUN}(?:[ ]++(?!#){_BLOCK_RUN})*+"
    spaces = f"[ ]{{{indent},}}+"
    return re.compile(rf"{line}(?:[ ]*+\n(?:[ ]*+\n)*+(?!{_MARKER}){spaces}(?!#){line})*+")


@cache
def _block_scalar_lines(indent: int) -> re.Pattern[str]:
    """The rest of a block scalar's first line and its next lines: blank or `indent` deep."""
    return re.compile(rf"[^\n]*+(?:\n(?:[ ]{{0,{indent}}}(?=\n)|[ ]{{{indent}}}[^\n]*+))*+")


@cache
def _block_scalar_breaks(indent: int) -> re.Pattern[str]:
    return re.compile(rf"[ ]{{0,{indent}}}(?:\n[ ]{{0,{indent}}})*+")


@dataclass(frozen=True)
class YamlShape:
    """What `yaml_shape` found.

    depth: most collections around a value, up to where the pass stopped.
    tokens: tokens read (scalars, indicators, document markers).
    problem: the first limit passed, if any: ``depth``, ``tokens``, ``text`` (characters in
    scalars), ``lines`` (number of lines), ``line`` (characters in a line); or ``alias`` (an
    anchor or an alias) or ``tag`` (a YAML tag).
    line: the line (from 1) where the problem is; None without a problem.
    """

    depth: int
    tokens: int
    problem: ShapeProblem | None = None
    line: int | None = None


class _Stop(Exception):
    """The pass cannot go on: a limit is passed or PyYAML would stop here."""

    def __init__(self, problem: ShapeProblem | None = None) -> None:
        super().__init__(problem)
        self.problem = problem


class _Flow:
    """One open flow collection: ``[`` or ``{``, whether its current entry is a single-pair
    mapping (``[a: b]``), and the deepest depth reached in the entry and in the collection."""

    __slots__ = ("entry_peak", "kind", "pair", "peak")

    def __init__(self, kind: str, depth: int) -> None:
        self.kind = kind
        self.pair = False
        self.entry_peak = depth
        self.peak = depth


class _Scan:
    """PyYAML's scanner (yaml/scanner.py) reduced to what decides nesting and token starts."""

    def __init__(self, text: str, max_depth: int, max_tokens: int, max_text: int) -> None:
        self.text = text
        self.end = len(text)
        self.max_depth = max_depth
        self.max_tokens = max_tokens
        self.max_text = max_text
        self.text_chars = 0
        self.pos = 1 if text.startswith("\ufeff") else 0
        # PyYAML counts a byte-order mark (anywhere) as no column: where they are, to do as well.
        self.marks = [found.start() for found in re.finditer("\ufeff", text)]
        self.line = 0
        self.line_start = 0
        self.tokens = 0
        self.deepest = 0
        # Block collections: PyYAML's indents, what each is, whether a sequence without
        # indentation ("a:\n- x") is open in it.
        self.indent = -1
        self.indents: list[int] = []
        self.kinds: list[str] = []
        self.indentless: list[bool] = []
        self.block_depth = 0
        self.flows: list[_Flow] = []
        self.flow_depth = 0
        self.allow_key = True
        # Possible simple keys by flow level: (line, index, column).
        self.keys: dict[int, tuple[int, int, int]] = {}
        self.block_key_peak = 0

    # --- depth ------------------------------------------------------------------------------

    def reach(self, depth: int) -> None:
        if depth > self.deepest:
            self.deepest = depth
            if depth > self.max_depth:
                raise _Stop("depth")

    def push_block(self, column: int, kind: str) -> bool:
        if self.indent >= column:
            return False
        self.indents.append(self.indent)
        self.indent = column
        self.kinds.append(kind)
        self.indentless.append(False)
        self.block_depth += 1
        self.reach(self.block_depth + self.flow_depth)
        return True

    def unwind(self, column: int) -> None:
        if self.flows:
            return
        while self.indent > column:
            self.indent = self.indents.pop()
            self.kinds.pop()
            self.block_depth -= 1 + self.indentless.pop()

    def open_flow(self, kind: str) -> None:
        self.flow_depth += 1
        flow = _Flow(kind, self.block_depth + self.flow_depth)
        self.flows.append(flow)
        self.reach(flow.peak)

    def close_flow(self) -> None:
        if not self.flows:
            return  # PyYAML's parser stops at this bracket
        flow = self.flows.pop()
        self.flow_depth -= 1 + flow.pair
        if self.flows:
            parent = self.flows[-1]
            parent.entry_peak = max(parent.entry_peak, flow.peak)
            parent.peak = max(parent.peak, flow.peak)
        else:
            self.block_key_peak = max(self.block_key_peak, flow.peak)

    def pair(self) -> None:
        """The current flow sequence entry is a key: YAML makes a one-pair mapping of it."""
        flow = self.flows[-1]
        if flow.kind != "[" or flow.pair:
            return
        flow.pair = True
        self.flow_depth += 1
        flow.entry_peak += 1  # what was read of the key is inside the new mapping
        flow.peak = max(flow.peak, flow.entry_peak)
        self.reach(flow.entry_peak)

    # --- keys -------------------------------------------------------------------------------

    def save_key(self, column: int) -> None:
        if self.allow_key:
            level = len(self.flows)
            self.keys[level] = (self.line, self.pos, column)
            if not level:
                self.block_key_peak = self.block_depth

    def remove_key(self) -> None:
        self.keys.pop(len(self.flows), None)

    # --- the pass ---------------------------------------------------------------------------

    def scalar_to(self, to: int) -> None:
        """Move to `to`, the end of a scalar, counting its characters."""
        self.text_chars += to - self.pos
        if self.text_chars > self.max_text:
            raise _Stop("text")
        self.advance(to)

    def advance(self, to: int) -> None:
        """Move to `to`, counting the line breaks passed."""
        breaks = self.text.count("\n", self.pos, to)
        if breaks:
            self.line += breaks
            self.line_start = self.text.rindex("\n", self.pos, to) + 1
        self.pos = to

    def run(self) -> None:
        text = self.text
        while True:
            start = self.pos
            self.advance(_end(_SKIP, text, start))
            if self.line_start > start and not self.flows:
                self.allow_key = True  # a line break in block context
            if self.pos >= self.end:
                return
            self.tokens += 1
            if self.tokens > self.max_tokens:
                raise _Stop("tokens")
            for level, (line, index, _) in list(self.keys.items()):
                if line != self.line or self.pos - index > 1024:
                    del self.keys[level]
            column = self.pos - self.line_start
            if self.marks:
                column -= bisect_left(self.marks, self.pos) - bisect_left(
                    self.marks, self.line_start
                )
            self.unwind(column)
            self.token(text[self.pos], column)

    def token(self, char: str, column: int) -> None:
        text, pos = self.text, self.pos
        after = text[pos + 1] if pos + 1 < self.end else "\n"
        entry = char == "-" and after in _WHITE
        if (
            not self.flows
            and column == self.indent
            and self.indentless[-1:] == [True]
            and not entry
        ):
            # A key at the mapping's own column ends the sequence written without indentation.
            self.indentless[-1] = False
            self.block_depth -= 1
        if column == 0 and (char == "%" or (char in "-." and _IS_MARKER.match(text, pos))):
            self.unwind(-1)
            self.remove_key()
            self.allow_key = False
            if char == "%":  # a directive: PyYAML reads the rest of its line
                newline = text.find("\n", pos)
                self.advance(self.end if newline < 0 else newline)
            else:
                self.advance(pos + 3)
            return
        if char in "[{":
            self.save_key(column)
            self.open_flow(char)
            self.allow_key = True
            self.pos += 1
        elif char in "]}":
            self.remove_key()
            self.close_flow()
            self.allow_key = False
            self.pos += 1
        elif char == ",":
            self.allow_key = True
            self.remove_key()
            if self.flows:
                flow = self.flows[-1]
                if flow.pair:
                    flow.pair = False
                    self.flow_depth -= 1
                flow.entry_peak = self.block_depth + self.flow_depth
            self.pos += 1
        elif char == "-" and after in _WHITE:
            self.block_entry(column)
        elif char == "?" and (self.flows or after in _WHITE):
            self.explicit_key(column)
        elif char == ":" and (self.flows or after in _WHITE):
            self.value(column)
        elif char in "*&":
            raise _Stop("alias")
        elif char == "!":
            raise _Stop("tag")
        elif char in "|>" and not self.flows:
            self.allow_key = True
            self.remove_key()
            self.block_scalar()
        elif char in "'\"":
            self.save_key(column)
            self.allow_key = False
            quoted = (_SINGLE_QUOTED if char == "'" else _DOUBLE_QUOTED).match(text, pos)
            if quoted is None:
                raise _Stop  # never closed: PyYAML stops at the end of the text
            self.scalar_to(quoted.end())
        elif char not in "\t\n-?:,[]{}#&*!|>'\"%@`" or (
            after not in _WHITE and (char == "-" or (not self.flows and char in "?:"))
        ):
            self.save_key(column)
            self.plain()
        else:
            raise _Stop  # a character no token starts with: PyYAML stops here

    def block_entry(self, column: int) -> None:
        if not self.flows:
            if not self.allow_key:
                raise _Stop  # "sequence entries are not allowed here"
            pushed = self.push_block(column, "seq")
            if not pushed and self.kinds[-1:] == ["map"] and not self.indentless[-1]:
                # "a:\n- x": a sequence at the mapping's own column, inside it.
                self.indentless[-1] = True
                self.block_depth += 1
                self.reach(self.block_depth)
        self.allow_key = True
        self.remove_key()
        self.pos += 1

    def explicit_key(self, column: int) -> None:
        if self.flows:
            self.pair()
        else:
            if not self.allow_key:
                raise _Stop  # "mapping keys are not allowed here"
            self.push_block(column, "map")
        self.allow_key = not self.flows
        self.remove_key()
        self.pos += 1

    def value(self, column: int) -> None:
        level = len(self.flows)
        key = self.keys.pop(level, None)
        if self.flows:
            self.pair()
            self.allow_key = False
        elif key is not None:
            if self.push_block(key[2], "map"):
                self.reach(self.block_key_peak + 1)  # a flow collection as the key
            self.allow_key = False
        else:
            if not self.allow_key:
                raise _Stop  # "mapping values are not allowed here"
            self.push_block(column, "map")
            self.allow_key = True
        self.pos += 1

    def plain(self) -> None:
        text = self.text
        pattern = _FLOW_PLAIN if self.flows else _block_plain(self.indent + 1)
        self.allow_key = False
        self.scalar_to(_end(pattern, text, self.pos))
        if _SPACES_THEN_BREAK.match(text, self.pos):
            self.allow_key = True  # PyYAML passed the line break while reading the scalar

    def block_scalar(self) -> None:
        text = self.text
        header = _BLOCK_SCALAR_HEADER.match(text, self.pos + 1)
        if header is None:
            raise _Stop  # bad indicators or text after them
        digits = [int(char) for char in header.group(1) or "" if char.isdigit()]
        self.advance(header.end())
        least = max(self.indent + 1, 1)
        if digits:
            indent = least + digits[0] - 1
            self.advance(_end(_block_scalar_breaks(indent), text, self.pos))
        else:
            blank = _end(_BLANK_OR_SPACES, text, self.pos)
            deepest = max(len(part) for part in text[self.pos : blank].split("\n"))
            indent = max(least, deepest)
            self.advance(blank)
        if self.pos < self.end and self.pos - self.line_start == indent:
            self.scalar_to(_end(_block_scalar_lines(indent), text, self.pos))


def yaml_shape(
    text: str,
    max_depth: int = 64,
    max_tokens: int = 100_000,
    max_text: int = 10_000_000,
    max_lines: int = 1_000_000,
    max_line: int = 100_000,
) -> YamlShape:
    """Depth and tokens of a YAML text, or the first limit it passes; never parses it.

    Limits: `max_depth` collections around a value, `max_tokens` tokens, `max_text` characters
    in scalars (keys and values, quotes included), `max_lines` lines, `max_line` characters in
    one line. Linear in the length of the text; the pass stops at the first depth, token, text,
    anchor, alias or tag problem, then lines are checked. Line breaks may be any of PyYAML's
    (``\\n``, ``\\r\\n``, ``\\r``, NEL, LS, PS). A text PyYAML refuses outright (a
    non-printable character) or stops reading early has the shape of what it would read.

    >>> yaml_shape("business:\\n  retention: 0.8\\n  name: Bar Sport\\n")
    YamlShape(depth=2, tokens=8, problem=None, line=None)
    >>> yaml_shape("a: [1, {b: [2]}]").depth
    4
    >>> yaml_shape("[" * 5000, max_depth=4)
    YamlShape(depth=5, tokens=5, problem='depth', line=1)
    >>> yaml_shape("a: 1\\nb: &x [1]\\n").problem, yaml_shape("a: !!python/name:os.system").problem
    ('alias', 'tag')
    >>> yaml_shape("a: 1\\n" * 4, max_lines=3), yaml_shape("a: " + "1" * 99, max_line=80).problem
    (YamlShape(depth=1, tokens=12, problem='lines', line=4), 'line')
    """
    text = text.replace("\r\n", "\n").translate(_BREAKS)
    scan = _Scan(text, max_depth, max_tokens, max_text)
    if not _NON_PRINTABLE.search(text):
        try:
            scan.run()
        except _Stop as stop:
            if stop.problem is not None:
                return YamlShape(scan.deepest, scan.tokens, stop.problem, scan.line + 1)
    lengths = [len(line) for line in text.split("\n")]
    if not lengths[-1]:
        lengths.pop()  # the text ends with a line break, not with an empty line
    if len(lengths) > max_lines:
        return YamlShape(scan.deepest, scan.tokens, "lines", max_lines + 1)
    if max(lengths, default=0) > max_line:
        long_line = next(n for n, length in enumerate(lengths, 1) if length > max_line)
        return YamlShape(scan.deepest, scan.tokens, "line", long_line)
    return YamlShape(scan.deepest, scan.tokens)
