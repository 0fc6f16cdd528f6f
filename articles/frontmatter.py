"""The front-matter file format: ``parse(text) -> Document`` and ``render(Document) -> text``.

A file is a YAML mapping between two ``---`` fence lines, followed by an optional body
(``_data/topics/*.yaml`` files are the same YAML without fences and body). This module
knows the format only; it imports no models.

Lossless round trip
    ``render(parse(text)) == text`` for every file this module accepts. ``parse`` splits a
    file into its *data* (the values, in file order) and its *layout* (how they were
    written), and ``render`` rebuilds the text from both. The layout is JSON and holds
    format details only:

    - ``newline`` (``"\\r\\n"`` for CRLF files), ``bom``, ``fenced``, the fence lines
      ``open``/``close`` when they are not ``---``, ``eof`` (no newline after the closing
      fence), ``indent`` (mapping and sequence indentation when not 2 and 2);
    - ``order``: the key order of every mapping, so a caller may hand ``render`` its data
      in any order; keys unknown to the layout are placed after their predecessor in the
      data;
    - ``style``: how each scalar was quoted (``""`` plain, ``'"'``, ``"'"``, ``"|"``,
      ``">"``, or ``"flow"`` for a ``[...]``/``{...}`` collection);
    - ``gaps``: the text between two scalars (blank lines, comments, trailing spaces,
      unusual indentation) wherever it differs from what ``render`` would write;
    - ``text``: the original spelling of a scalar wherever it differs from what ``render``
      would write (``2020-08-18T02:57:00-07:00``, ``0755``, ``no``, ``1.50``, escapes).
      A spelling is reused only while it still denotes the value being rendered, so an
      edited value is written afresh and the lines around it stay as they were.

    Paths into the data are JSON pointers (``/images/0/url``); gaps are keyed by
    ``k<pointer>`` (before a key) or ``v<pointer>`` (before a value).

Values
    Quoted and block scalars are strings. Plain scalars are resolved as YAML 1.1 readers
    such as Jekyll resolve them (``no`` is false, ``0755`` is 493, ``1:20`` is 80,
    ``2020-06-18`` is a date), and ``Document.scalar_text`` gives the text they were
    written as, so callers that want text keep it. Timestamps without an offset are UTC.

Strictness
    ``parse`` raises ``FrontMatterError`` (with line, column and key where known) for a
    missing or unterminated front matter, a fenced file whose line endings are CR alone
    (bare YAML, which takes CR for a line break, is read), YAML syntax errors, a document
    that is not a mapping, duplicate keys, anchors and aliases (the door to alias bombs),
    explicit tags, and nesting deeper than ``MAX_DEPTH``.
"""

import datetime
import functools
import math
import re
from dataclasses import dataclass, field

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader

MAX_DEPTH = 20
DEFAULT_INDENT = [2, 2]
_DASH = re.compile(r" *- ")

PLAIN, DOUBLE, SINGLE, LITERAL, FOLDED, FLOW = "", '"', "'", "|", ">", "flow"
UTC = datetime.UTC


class FrontMatterError(ValueError):
    """A file that is not valid front matter; names where and what is wrong."""

    def __init__(self, message, *, path=None, line=None, column=None, key=None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.key = key

    def __str__(self):
        where = [str(part) for part in (self.path, self.line, self.column) if part]
        prefix = ":".join(where)
        key = f"{self.key}: " if self.key else ""
        return f"{prefix}: {key}{self.message}" if prefix else f"{key}{self.message}"


@dataclass
class Document:
    data: dict
    body: str = ""
    layout: dict = field(default_factory=dict)
    positions: dict = field(default_factory=dict)  # pointer -> (line, column), 1-based

    def scalar_text(self, pointer):
        """Return the text a scalar was written as (unquoted), e.g. ``no`` or ``0755``."""
        value = _get(self.data, pointer)
        spelled = self.layout.get("text", {}).get(pointer)
        if spelled is not None and self.layout.get("style", {}).get(pointer) == PLAIN:
            return spelled
        return value if isinstance(value, str) else _canonical_text(value)

    def position(self, pointer):
        """The (line, column) of the value at ``pointer``; for a key the file lacks, of the
        value lacking it (``provider: ~`` for ``/provider/domain``); (None, None) for none."""
        while pointer and pointer not in self.positions:
            pointer = pointer.rpartition("/")[0]
        return self.positions.get(pointer, (None, None))


def pointer(parent, key):
    """Return the JSON pointer of ``key`` (a mapping key or list index) below ``parent``."""
    key = str(key)
    if "~" in key or "/" in key:
        key = key.replace("~", "~0").replace("/", "~1")
    return f"{parent}/{key}"


def _get(data, ptr):
    for part in ptr.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


# --------------------------------------------------------------------------- parse


def breaks_lines_with_crlf(text):
    """Tell whether every line break of ``text`` is a CRLF (Windows files, excerpts some feeds wrote)."""
    return "\r\n" in text and "\n" not in text.replace("\r\n", "")


def parse(text, *, fenced=True, path=None):
    """Parse a front-matter file (or, with ``fenced=False``, a bare YAML file)."""
    layout = {}
    if text.startswith("\ufeff"):
        layout["bom"] = True
        text = text[1:]
    if breaks_lines_with_crlf(text):
        layout["newline"] = "\r\n"
        text = text.replace("\r\n", "\n")

    if fenced:
        yaml_text, body, line_offset = _split_fences(text, layout, path)
    else:
        layout["fenced"] = False
        yaml_text, body, line_offset = text, "", 0
    if "\ufeff" in yaml_text:
        # Invisible, and YAML readers drop it where it starts a scalar or the stream, so
        # neither the value nor the file's layout could be kept.
        line = yaml_text[: yaml_text.index("\ufeff")].count("\n") + 1 + line_offset
        raise FrontMatterError("a byte order mark (U+FEFF) inside the front matter; remove it", path=path, line=line)

    data, tokens, positions, order = _read_events(yaml_text, line_offset, path)
    _record_layout(data, tokens, order, yaml_text, layout)
    return Document(data=data, body=body, layout=layout, positions=positions)


def _split_fences(text, layout, path):
    if "\r" in text and "\n" not in text:
        # Jekyll finds front matter by its LF line breaks: on the site, such a file has none.
        raise FrontMatterError(
            "its line endings are CR alone (as old Macs wrote them): save it with LF or CRLF line endings",
            path=path,
            line=1,
        )
    first_end = text.find("\n")
    open_line = text if first_end < 0 else text[:first_end]
    if open_line.rstrip() != "---":
        raise FrontMatterError("no front matter: the file must start with a '---' line", path=path, line=1)
    if open_line != "---":
        layout["open"] = open_line
    match = re.compile(r"^(---|\.\.\.)[ \t\r]*$", re.MULTILINE).search(
        text, first_end + 1 if first_end >= 0 else len(text)
    )
    if first_end < 0 or not match:
        raise FrontMatterError("unterminated front matter: no closing '---' line", path=path, line=1)
    if match.group(0) != "---":
        layout["close"] = match.group(0)
    yaml_text = text[first_end + 1 : match.start()]
    rest = text[match.end() :]
    if rest:
        body = rest[1:]  # after the newline that ends the closing fence
    else:
        body = ""
        layout["eof"] = True
    return yaml_text, body, 1


class _Frame:
    __slots__ = ("container", "ptr", "is_map", "key", "key_ptr", "flow_start")

    def __init__(self, container, ptr, flow_start=None):
        self.container = container
        self.ptr = ptr
        self.is_map = isinstance(container, dict)
        self.key = self.key_ptr = None  # the pending key of a mapping and its pointer, once read
        self.flow_start = flow_start


def _read_events(yaml_text, line_offset, path):
    """Build the data from YAML events.

    Returns the data, the scalar tokens ``(kind, pointer, start, end, style)`` in file
    order, the positions of keys and values, and the key order of every mapping.
    """
    tokens = []
    positions = {}
    order = {}
    stack = []
    root = None
    flow_depth = 0
    documents = 0

    def fail(message, mark, key=None):
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        raise FrontMatterError(message, path=path, line=line, column=column, key=key)

    def refuse_properties(event):
        if event.anchor is not None:
            fail("anchors and aliases are not allowed", event.start_mark)
        fail(f"explicit YAML tags are not allowed ({event.tag})", event.start_mark)

    def place(value):
        """Attach a finished value to the collection on top of the stack; return its pointer."""
        nonlocal root
        if not stack:
            root = value
            return ""
        frame = stack[-1]
        if frame.is_map:
            ptr = frame.key_ptr
            frame.container[frame.key] = value
            frame.key = None
        else:
            ptr = pointer(frame.ptr, len(frame.container))
            frame.container.append(value)
        return ptr

    # The C parser's events are read directly: this loop is the hot path of an import.
    loader = None
    try:
        loader = SafeLoader(yaml_text)
        while (event := loader.get_event()) is not None:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None or (event.tag is not None and not any(event.implicit)):
                    refuse_properties(event)
                mark = event.start_mark
                style = event.style or PLAIN
                frame = stack[-1] if stack else None
                if frame is not None and frame.is_map and frame.key is None:
                    key = event.value
                    if key == "<<" and style == PLAIN:
                        fail("merge keys (<<) are not allowed", mark)
                    if key in frame.container:
                        fail("duplicate key", mark, key=key)
                    frame.key = key
                    frame.key_ptr = ptr = pointer(frame.ptr, key)
                    if not flow_depth:
                        tokens.append(("k", ptr, mark.index, event.end_mark.index, style))
                    positions.setdefault(ptr, (mark.line + 1 + line_offset, mark.column + 1))
                    continue
                try:
                    value = resolve_plain(event.value) if style == PLAIN else event.value
                except (ValueError, OverflowError, yaml.YAMLError):  # "2021-13-45", "<<", "="
                    fail(f"{event.value!r} is not a valid value; put it in quotes if it is meant as text", mark)
                ptr = place(value)
                positions[ptr] = (mark.line + 1 + line_offset, mark.column + 1)
                if not flow_depth:
                    end = event.end_mark.index
                    if style in (LITERAL, FOLDED) and "+" not in yaml_text[mark.index : end].split("\n", 1)[0]:
                        # the line breaks that end a block scalar belong to the gap after it (stepped
                        # over in place: copying the text up to here for each scalar is quadratic)
                        while end > mark.index and yaml_text[end - 1] == "\n":
                            end -= 1
                    tokens.append(("v", ptr, mark.index, end, style))
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or (event.tag is not None and not event.implicit):
                    refuse_properties(event)
                if len(stack) >= MAX_DEPTH:
                    fail(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
                in_map = bool(stack) and stack[-1].is_map
                if in_map and stack[-1].key is None:
                    fail("a key must be a single value, not a list or mapping", event.start_mark)
                container = {} if kind is yaml.MappingStartEvent else []
                ptr = place(container)
                if in_map:
                    positions.setdefault(ptr, (event.start_mark.line + 1 + line_offset, event.start_mark.column + 1))
                flow_start = None
                if event.flow_style:
                    if not flow_depth:
                        flow_start = event.start_mark.index
                    flow_depth += 1
                stack.append(_Frame(container, ptr, flow_start))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame.is_map:
                    order[frame.ptr] = list(frame.container)
                if flow_depth:
                    flow_depth -= 1
                    if frame.flow_start is not None:
                        tokens.append(("v", frame.ptr, frame.flow_start, event.end_mark.index, FLOW))
            elif kind is yaml.AliasEvent:
                fail("anchors and aliases are not allowed", event.start_mark)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    fail("more than one YAML document", event.start_mark)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        fail(f"YAML syntax error: {problem}", mark)
    except yaml.reader.ReaderError as error:
        # libyaml's position counts UTF-8 bytes, not characters; the reader refuses the
        # first character it cannot read, so its first occurrence is the place.
        at = yaml_text.find(chr(error.character))
        line = yaml_text.count("\n", 0, at)
        column = at - yaml_text.rfind("\n", 0, at)
        raise FrontMatterError(
            f"the control character U+{error.character:04X} cannot appear in YAML: "
            "remove it, or write it as an escape inside double quotes",
            path=path,
            line=line + 1 + line_offset,
            column=column,
        ) from None
    except RecursionError:
        raise FrontMatterError("nesting too deep", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()

    if root is None:
        raise FrontMatterError("the front matter is empty", path=path, line=1 + line_offset)
    if not isinstance(root, dict):
        raise FrontMatterError("the front matter must be a mapping of keys to values", path=path, line=1 + line_offset)
    return root, tokens, positions, order


def _record_layout(data, tokens, order, yaml_text, layout):
    """Record, for this file, every format detail that ``render`` would not reproduce."""
    indent = _detect_indent(tokens, yaml_text)
    if indent != DEFAULT_INDENT:
        layout["indent"] = indent
    layout["order"] = order
    styles = {ptr: style for kind, ptr, _, _, style in tokens if kind == "v"}
    layout["style"] = styles

    canonical = _tokens(data, layout)
    if len(canonical) != len(tokens):  # pragma: no cover - guards the emitter itself
        raise FrontMatterError("internal error: the file's structure could not be recorded")
    gaps, texts = {}, {}
    position = 0
    for (kind, ptr, start, end, _style), (_, _, lead, text) in zip(tokens, canonical):
        raw_lead = yaml_text[position:start]
        if raw_lead != lead:
            gaps[kind + ptr] = raw_lead
        raw_text = yaml_text[start:end]
        if raw_text != text:
            texts[("k" + ptr) if kind == "k" else ptr] = raw_text
        position = end
    if yaml_text[position:] != "\n":
        gaps["end"] = yaml_text[position:]
    if gaps:
        layout["gaps"] = gaps
    if texts:
        layout["text"] = texts


def _detect_indent(tokens, yaml_text):
    """Find the file's indentation for nested mappings and for sequences under a key."""
    indent = list(DEFAULT_INDENT)
    key_columns = {}
    found_map = found_seq = False
    for kind, ptr, start, _end, _style in tokens:
        if found_map and found_seq:
            break
        line_start = yaml_text.rfind("\n", 0, start) + 1
        column = start - line_start
        parent = ptr.rpartition("/")[0]
        if kind == "k":
            key_columns[ptr] = column
            if not found_map and parent in key_columns and yaml_text[line_start:start].strip() == "":
                indent[0], found_map = column - key_columns[parent], True
        dash = _DASH.match(yaml_text, line_start, start)
        if dash and not found_seq:
            item = ptr if kind == "v" else parent
            sequence = item.rpartition("/")[0]
            if sequence in key_columns:
                indent[1], found_seq = dash.end() - line_start - 2 - key_columns[sequence], True
    return [max(indent[0], 1), max(indent[1], 0)]


# --------------------------------------------------------------------------- render


def render(document, *, default_styles=None):
    """Render a document to text; ``render(parse(text)) == text``.

    ``default_styles`` maps pointers (list indexes written as ``*``) to the quoting of
    values the layout has never seen, e.g. a new article's ``{"/title": '"'}``.
    """
    layout = document.layout
    data = _ordered(document.data, "", layout.get("order", {}))
    parts = []
    yaml_parts = []
    for _kind, _ptr, lead, text in _tokens(data, layout, default_styles or {}, rendering=True):
        yaml_parts.append(lead)
        yaml_parts.append(text)
    yaml_parts.append(layout.get("gaps", {}).get("end", "\n"))
    if layout.get("fenced", True):
        parts.append(layout.get("open", "---") + "\n")
        parts.extend(yaml_parts)
        parts.append(layout.get("close", "---"))
        if not layout.get("eof"):
            parts.append("\n" + document.body)
    else:
        parts.extend(yaml_parts)
    text = "".join(parts)
    newline = layout.get("newline", "\n")
    if newline != "\n":
        text = text.replace("\n", newline)
    if layout.get("bom"):
        text = "\ufeff" + text
    return text


def _ordered(value, ptr, order):
    """Return ``value`` with every mapping's keys in the layout's order."""
    if isinstance(value, dict):
        known = order.get(ptr)
        keys = list(value)
        if known:
            placed = [key for key in known if key in value]
            is_placed = set(placed)  # looking keys up in the list took time in the square of their number
            for index, key in enumerate(keys):
                if key not in is_placed:
                    before = next((k for k in reversed(keys[:index]) if k in is_placed), None)
                    placed.insert(placed.index(before) + 1 if before is not None else 0, key)
                    is_placed.add(key)
            keys = placed
        return {key: _ordered(value[key], pointer(ptr, key), order) for key in keys}
    if isinstance(value, list):
        return [_ordered(child, pointer(ptr, index), order) for index, child in enumerate(value)]
    return value


def _tokens(data, layout, default_styles=None, rendering=False):
    """Return ``(kind, pointer, lead, text)`` for every key and value, in file order.

    While parsing (``rendering=False``) these are the canonical form the layout is
    measured against; while rendering they carry the layout's recorded gaps and texts.
    """
    map_indent, seq_indent = layout.get("indent", DEFAULT_INDENT)
    styles = layout.get("style", {})
    gaps = layout.get("gaps", {}) if rendering else {}
    texts = layout.get("text", {}) if rendering else {}
    shapes = _shape_styles(styles) if rendering else {}
    default_styles = default_styles or {}
    tokens = []

    def style_of(ptr, value):
        if ptr in styles:
            return styles[ptr]
        if isinstance(value, (list, dict)):
            return ""  # block, unless recorded as flow
        shape = _INDEX.sub("/*", ptr)
        style = shapes.get(shape, default_styles.get(shape))
        return PLAIN if style is None else style

    def is_block(ptr, value):
        return isinstance(value, (dict, list)) and value and styles.get(ptr) != FLOW

    def emit_value(ptr, value, lead):
        style = style_of(ptr, value)
        text = _flow_text(value) if isinstance(value, (list, dict)) else write_scalar(value, style)
        spelled = texts.get(ptr)
        if spelled is not None and spelled != text:
            if _denotes(spelled, styles.get(ptr, style), value):
                text = spelled
            elif style in (LITERAL, FOLDED):
                text = _literal_block(value, spelled) or text
        if lead == ": " and text == "":
            lead = ":"
        tokens.append(("v", ptr, gaps.get("v" + ptr, lead), text))

    def emit(value, ptr, indent, lead):
        """Emit a block mapping or sequence."""
        if isinstance(value, dict):
            for index, (key, child) in enumerate(value.items()):
                child_ptr = pointer(ptr, key)
                key_lead = lead if index == 0 else "\n" + " " * indent
                key_text = texts.get("k" + child_ptr)
                if key_text is None or _key_value(key_text) != key:
                    key_text = _key_text(key)
                tokens.append(("k", child_ptr, gaps.get("k" + child_ptr, key_lead), key_text))
                if is_block(child_ptr, child):
                    child_indent = indent + (map_indent if isinstance(child, dict) else seq_indent)
                    emit(child, child_ptr, child_indent, ":\n" + " " * child_indent)
                else:
                    emit_value(child_ptr, child, ": ")
        else:
            for index, child in enumerate(value):
                child_ptr = pointer(ptr, index)
                item_lead = (lead if index == 0 else "\n" + " " * indent) + "- "
                if is_block(child_ptr, child):
                    emit(child, child_ptr, indent + 2, item_lead)
                else:
                    emit_value(child_ptr, child, item_lead)

    if is_block("", data):
        emit(data, "", 0, "")
    else:
        emit_value("", data, "")
    return tokens


_INDEX = re.compile(r"/\d+(?=/|$)")


def _shape_styles(styles):
    shapes = {}
    for ptr, style in styles.items():
        shapes.setdefault(_INDEX.sub("/*", ptr), style)
    return shapes


# --------------------------------------------------------------------------- scalars

_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


@functools.lru_cache(maxsize=16384)
def resolve_plain(text):
    """Return the value a YAML 1.1 reader gives the plain scalar ``text``."""
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return text
    value = _constructor.construct_object(yaml.ScalarNode(tag, text))
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: |\s#|[\s:]$|[\x00-\x1f\x7f\x85\u2028\u2029\ufeff]")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


@functools.lru_cache(maxsize=8192)
def plain_safe(text, *, in_flow=False):
    """Tell whether ``text`` written plain reads back as the same string."""
    if not text or _PLAIN_UNSAFE.search(text) or (in_flow and _FLOW_UNSAFE.search(text)):
        return False
    if text.startswith(("- ", "? ", "--- ", "...")) or text in ("-", "?", "---"):
        return False
    try:
        return resolve_plain(text) == text
    except (ValueError, OverflowError, yaml.YAMLError):  # "2021-13-45", "<<": a reader fails on them unquoted
        return False


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\0": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\uFEFF",
}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f\x85\u2028\u2029\ufeff]')
_SINGLE_UNSAFE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029\ufeff]")


def double_quoted(text):
    def escape(match):
        char = match.group(0)
        return _ESCAPES.get(char) or f"\\x{ord(char):02X}"

    return '"' + _NEEDS_ESCAPE.sub(escape, text) + '"'


def write_scalar(value, style):
    """Write one scalar as ``render`` does: in ``style`` when it can hold the value."""
    if not isinstance(value, str):
        text = _canonical_text(value)
        # A quoted time stays quoted (readers of the file parse it); numbers, booleans and
        # nulls are always written plain so they read back as what they are.
        quoted_time = isinstance(value, datetime.date) and style in (DOUBLE, SINGLE, LITERAL, FOLDED)
        return double_quoted(text) if quoted_time else text
    if style == PLAIN and plain_safe(value):
        return value
    if style == SINGLE and not _SINGLE_UNSAFE.search(value):
        return "'" + value.replace("'", "''") + "'"
    return double_quoted(value)


_BLOCK_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]")


def _literal_block(value, spelled):
    """Write an edited block value as a ``|`` block indented as its old ``spelled`` block,
    so that editing one of its lines changes only that line of the file; ``None`` when a
    literal block cannot hold the value (control characters, several final newlines...)."""
    if not isinstance(value, str) or not value.strip() or _BLOCK_UNSAFE.search(value):
        return None
    old_lines = [line for line in spelled.split("\n")[1:] if line.strip()]
    if not old_lines:
        return None
    indent = " " * (len(old_lines[0]) - len(old_lines[0].lstrip(" ")))
    lines = value.removesuffix("\n").split("\n")
    chomping = "" if value.endswith("\n") else "-"
    text = "|" + chomping + "".join("\n" + (indent + line if line else "") for line in lines)
    try:
        return text if _read_scalar(text) == value else None
    except FrontMatterError:
        return None


def _canonical_text(value):
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.isoformat() + "Z"
        try:
            return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
        except OverflowError:  # the first or last hours of years 1 and 9999 have no UTC form here
            return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _flow_text(value):
    if isinstance(value, dict):
        items = (f"{_key_text(key)}: {_flow_text(child)}" for key, child in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow_text(child) for child in value) + "]"
    if isinstance(value, str):
        return value if plain_safe(value, in_flow=True) else double_quoted(value)
    return "null" if value is None else _canonical_text(value)


@functools.lru_cache(maxsize=4096)
def _key_text(key):
    return key if plain_safe(key) or _is_plain_key(key) else double_quoted(key)


def _is_plain_key(key):
    # Keys are never resolved to other types, so `yes:` or `2020:` stay plain keys; but a
    # plain `<<` is YAML's merge key, which other readers would act on: it is quoted.
    return bool(key) and key != "<<" and not _PLAIN_UNSAFE.search(key) and not key.startswith(("- ", "? "))


@functools.lru_cache(maxsize=4096)
def _read_scalar(text):
    """Return the value a scalar spelled ``text`` (quotes included) denotes, read as ``parse``
    reads it: as a mapping's value, where a plain first line like "--- x" is no document start."""
    if text[:1] in ("|", ">") and not text.endswith("\n"):
        text += "\n"
    return _read_events("value: " + text, 0, None)[0]["value"]


def _key_value(text):
    return text if text[:1] not in ("'", '"') else _read_scalar(text)


def _denotes(spelled, style, value):
    """Tell whether the recorded spelling still stands for ``value``."""
    try:
        read = _read_scalar(spelled)
    except FrontMatterError:
        return False
    if style == PLAIN and isinstance(value, str) and spelled == value and read is not None:
        return True  # a text field that was written plain, like `title: no`, keeps its text
    return _same(read, value)


def _same(read, value):
    if isinstance(value, datetime.datetime):
        read = as_datetime(read)
        return read is not None and read == value
    if isinstance(value, float) and isinstance(read, float) and math.isnan(value):
        return math.isnan(read)
    if isinstance(value, list) and isinstance(read, list):
        return len(read) == len(value) and all(_same(a, b) for a, b in zip(read, value))
    if isinstance(value, dict) and isinstance(read, dict):
        return list(read) == list(value) and all(_same(read[k], value[k]) for k in value)
    return type(read) is type(value) and read == value


def as_datetime(value):
    """``value`` (a datetime, a date or ISO text) as an aware datetime, UTC if it names no zone; None if it is none."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(), UTC)
    return None
