"""One strict loader for the course's content YAML (evidence, references, quiz banks, cases).

`yaml.safe_load` is safe from code execution but not from three things that hit this course:
  * aliases: a "billion laughs" file of a few hundred bytes expands, once a loader turns a field into
    text, into gigabytes (21-37 s and a MemoryError that names no file);
  * duplicate keys: a second `R2:` silently replaces the first;
  * size: nothing bounds the work a file can ask for.
`load_yaml` refuses all three before any Python object is built, and every refusal is a
`ContentError` whose message starts with the file's repo-relative name, then the place in the file
(line, and the path of the entry and field) and what is wrong:
    lessons/references.yaml: line 41, key 'R2': duplicate key (first defined on line 31); ...

Order of the checks: size (from the file's length, before reading); then one pass over the parser's
events, which streams and never expands an alias, refusing anchors, aliases, merge keys, complex
keys and deep nesting; only then composing and constructing, where duplicate keys are refused.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# The largest content file (lessons/evidence.yaml) is about 170 kB; 2 MB leaves over ten times that for
# growth while bounding the parse (well under a second with libyaml) and the memory of a hostile or
# accidental file (e.g. a pasted data dump).
MAX_BYTES = 2_000_000
# Real content nests at most 6 levels (a case's face.states.left.muscle). The limit is far above that
# and far below where composing a node tree would recurse into Python's (or C's) stack limit.
MAX_DEPTH = 40

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster, same rules
_MERGE_TAG = "tag:yaml.org,2002:merge"


class ContentError(ValueError):
    """Broken course content; the message names the file, the entry and field, and the line when known."""


def display_name(path: Path | str) -> str:
    """The repo-relative name ('lessons/evidence.yaml') of a course file; the bare file name otherwise.
    Never an absolute path: messages end up in test logs and screenshots."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except (ValueError, OSError):
        return path.name


def short(value, limit: int = 60) -> str:
    """A value for an error message: its kind, and a clipped repr for a scalar; never an unbounded repr."""
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' * (len(value) != 1)}"
    if isinstance(value, dict):
        return f"a mapping of {len(value)} key{'s' * (len(value) != 1)}"
    if value is None:
        return "nothing (null)"
    kind = (
        "true/false"
        if isinstance(value, bool)
        else "a number"
        if isinstance(value, (int, float))
        else "text"
        if isinstance(value, str)
        else f"a {type(value).__name__}"
    )
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"{kind} {text}"


def _format_path(path: list) -> str:
    """['questions', (2, 'q3'), 'stem'] -> "questions[2] (id 'q3').stem"."""
    out = ""
    if len(path) > 8:
        path = [*path[:8], "…"]
    for part in path:
        if part == "…":
            out += " …"
        elif isinstance(part, tuple):
            out += f"[{part[0]}] (id {part[1]!r})"
        elif isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "the top level"


def _where(mark, path: list | None = None, key: str | None = None) -> str:
    parts = [f"line {mark.line + 1}"] if mark is not None else []
    if path is not None:
        place = _format_path(path)
        parts.append(
            f"key {key!r} in {place}"
            if key is not None and path
            else f"key {key!r}"
            if key is not None
            else f"at {place}"
        )
    return ", ".join(parts)


def _scan_events(text: str, name: str, error: type[ContentError]) -> None:
    """Refuse anchors, aliases, merge keys, non-text-like keys and deep nesting, from parser events.

    The parser streams: an alias is seen as one event, before anything is expanded or built."""
    stack: list[list] = []  # per open collection: ["map", expecting_key, key] or ["seq", index]

    def path() -> list:
        out = []
        for frame in stack:
            if frame[0] == "map" and frame[2] is not None:
                out.append(frame[2])
            elif frame[0] == "seq":
                out.append(frame[1])
        return out

    def advance() -> None:  # a complete node was read at the current position
        if not stack:
            return
        frame = stack[-1]
        if frame[0] == "seq":
            frame[1] += 1
        elif frame[1]:
            frame[1] = False
        else:
            frame[1], frame[2] = True, None

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise error(
                    f"{name}: {_where(event.start_mark, path())}: alias '*{event.anchor}' refused: anchors (&) "
                    "and aliases (*) are not allowed in course content (an alias can expand a small file "
                    "into gigabytes); write the text out in full"
                )
            if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if event.anchor is not None:
                    raise error(
                        f"{name}: {_where(event.start_mark, path())}: anchor '&{event.anchor}' refused: "
                        "anchors (&) and aliases (*) are not allowed in course content"
                    )
                key_position = bool(stack) and stack[-1][0] == "map" and stack[-1][1]
                if key_position and not isinstance(event, yaml.ScalarEvent):
                    raise error(
                        f"{name}: {_where(event.start_mark, path())}: a key must be plain text, not a list or mapping"
                    )
            if isinstance(event, yaml.ScalarEvent):
                key_position = bool(stack) and stack[-1][0] == "map" and stack[-1][1]
                if key_position:
                    if event.tag == _MERGE_TAG or (event.value == "<<" and event.implicit[0] and not event.style):
                        raise error(
                            f"{name}: {_where(event.start_mark, path())}: merge key '<<' refused: it "
                            "copies another mapping in; write the fields out in full"
                        )
                    stack[-1][2] = event.value
                    stack[-1][1] = False
                    continue
                advance()
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise error(f"{name}: {_where(event.start_mark, path())}: nested more than {MAX_DEPTH} levels deep")
                stack.append(["seq", 0] if isinstance(event, yaml.SequenceStartEvent) else ["map", True, None])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()
                advance()
    except yaml.YAMLError as exc:
        raise error(f"{name}: not valid YAML ({_yaml_problem(exc, name)})") from None


def _yaml_problem(exc: yaml.YAMLError, name: str) -> str:
    return " ".join(str(exc).replace('"<unicode string>"', name).replace("<unicode string>", name).split())


def _node_label(node) -> str | None:
    """'id' of a mapping node, for naming list entries: questions[2] (id 'q3')."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
                return value.value
    return None


def _check_keys(loader, node, name: str, error: type[ContentError], path: list) -> None:
    """Refuse a key that occurs twice in one mapping (YAML would keep the last one silently)."""
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            label = _node_label(item)
            _check_keys(loader, item, name, error, [*path, (index, label) if label else index])
    elif isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key (a list or mapping) is refused by the event scan already
                raise error(f"{name}: {_where(key_node.start_mark)}: a key must be plain text") from None
            if first is not None:
                place = f" in {_format_path(path)}" if path else " at the top level"
                raise error(
                    f"{name}: line {key_node.start_mark.line + 1}, key {key!r}{place}: duplicate key (first "
                    f"defined on line {first.line + 1}); YAML would silently keep only the last one"
                )
            seen[key] = key_node.start_mark
            _check_keys(loader, value_node, name, error, [*path, key])


def parse_yaml(text: str, name: str, error: type[ContentError] = ContentError):
    """Parse one YAML document strictly; `name` (repo-relative) starts every error message."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8")) > MAX_BYTES:
        raise error(
            f"{name}: the file is larger than {MAX_BYTES // 1_000_000} MB (content files are far smaller; "
            "is this the right file?)"
        )
    _scan_events(text, name, error)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_keys(loader, node, name, error, [])
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise error(f"{name}: not valid YAML ({_yaml_problem(exc, name)})") from None
    finally:
        loader.dispose()


def load_yaml(path: Path | str, error: type[ContentError] = ContentError, name: str | None = None):
    """Read and parse a content file strictly (see the module docstring); raise `error` (a ContentError)."""
    path = Path(path)
    name = name or display_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise error(
                f"{name}: the file is {size / 1_000_000:.1f} MB, larger than the {MAX_BYTES // 1_000_000} MB "
                "a content file may be (content files are far smaller; is this the right file?)"
            )
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise error(f"{name}: file not found") from None
    except IsADirectoryError:
        raise error(f"{name}: is a folder, not a file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{name}: not UTF-8 text (byte {exc.start})") from None
    return parse_yaml(text, name, error)


__all__ = ["ContentError", "MAX_BYTES", "MAX_DEPTH", "display_name", "load_yaml", "parse_yaml", "short"]
