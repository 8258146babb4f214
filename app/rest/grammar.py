"""PostgREST's query-string and header grammar, parsed into plain data. No database here: names are
checked against the schema cache and turned into SQL by app/rest/query.py.

What is parsed (PostgREST's `ApiRequest/QueryParams.hs` and `Preferences.hs`, the subset the Supabase
clients send):
  select=   col, alias:col, col::cast, col->json->>path, *, alias:rel!hint!inner(...), rel(...) nested
  filters   col=[not.]op.value with eq neq gt gte lt lte like ilike match imatch (and their (any)/(all)
            forms), is, isdistinct, in, cs cd ov sl sr nxl nxr adj, fts plfts phfts wfts[(lang)];
            rel.col=... on an embedded resource; or=(...), and=(...), not.or=(...), rel.or=(...), nested
  order=    col[.asc|.desc][.nullsfirst|.nullslast], rel(col)..., rel.order=...
  limit= offset= rel.limit= rel.offset=, columns=, on_conflict=
  Prefer    return, count, resolution, missing, handling, max-affected (others ignored, as PostgREST)
Refused with PostgREST's errors: aggregates (PGRST123, off on Supabase too), spread `...rel` and
unknown operators (PGRST100).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from app.errors import ApiError

RESERVED = frozenset({"select", "columns", "on_conflict"})
EMBEDDABLE = frozenset({"order", "limit", "offset", "and", "or"})
IGNORED = frozenset({"apikey"})  # the Supabase gateway takes the key from here too and strips it

QUANT_OPS = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "like": "like", "ilike": "ilike",
             "match": "~", "imatch": "~*"}
SIMPLE_OPS = {"neq": "<>", "cs": "@>", "cd": "<@", "ov": "&&", "sl": "<<", "sr": ">>", "nxr": "&<", "nxl": "&>",
              "adj": "-|-"}
FTS_OPS = {"fts": "to_tsquery", "plfts": "plainto_tsquery", "phfts": "phraseto_tsquery",
           "wfts": "websearch_to_tsquery"}
IS_VALUES = {"null": "NULL", "not_null": "NOT NULL", "true": "TRUE", "false": "FALSE", "unknown": "UNKNOWN"}
AGGREGATES = ("sum", "avg", "count", "max", "min")
CAST = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?: [A-Za-z_][A-Za-z0-9_]*)*")
_NAME = re.compile(r"[\w $]+(?:-(?!>)[\w $]+)*")  # letters, digits, _, space, $; dashes between
_KEY = re.compile(r"[^-(:.,>)]+(?:-(?!>)[^-(:.,>)]+)*")  # a JSON key: anything but the grammar's marks
_INDEX = re.compile(r"-?\d+")
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN_LIST = re.compile(r"(?:\*|[A-Za-z_][A-Za-z0-9_]*)(?:,(?:\*|[A-Za-z_][A-Za-z0-9_]*))*")
OPERATORS_HINT = "operator (eq, neq, gt, gte, lt, lte, like, ilike, match, imatch, is, isdistinct, in, cs, cd, ov, " \
                 "sl, sr, nxl, nxr, adj, fts, plfts, phfts, wfts)"


def grammar_error(message: str, details: str | None = None) -> ApiError:
    return ApiError(400, "PGRST100", message, details=details)


def strip_nul(text: str) -> str:
    """PostgreSQL text cannot hold NUL; PostgREST cuts it out of values and identifiers alike."""
    return text.replace("\x00", "")


# ---------------------------------------------------------------- the parsed shapes


# The Values of the request being parsed, in the order they are made (see Value).
_VALUES: ContextVar[list | None] = ContextVar("rest_values", default=None)


class Value:
    """A value from the client (a filter's operand, a JSON key, a limit, a body). Every Value compares
    equal to every other and hashes alike, so two requests that differ only in their values have equal
    shapes (Query.shape(): what they asked for, in the order they asked it). The shape keys the
    statement cache (app/db.py), and a Value is bound as the placeholder `p<index>`, its index the
    order in which the request's parse made it -- the same for every request of one shape."""

    __slots__ = ("v", "index")

    def __init__(self, v: object):
        self.v = v
        made = _VALUES.get()
        self.index = -1 if made is None else len(made)
        if made is not None:
            made.append(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Value)

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return f"Value({self.v!r})"


@dataclass(frozen=True)
class JsonStep:
    arrow: str  # "->" or "->>"
    key: Value  # bound: an object key (text) or an array index
    index: bool  # an array index (`->0`) rather than an object key


@dataclass(frozen=True)
class Field:
    name: str
    path: tuple[JsonStep, ...] = ()


@dataclass(frozen=True)
class SelectColumn:
    field: Field
    alias: str | None = None
    cast: str | None = None
    # The output name: the alias, else a JSON path's last key, else the column. Part of the shape: a
    # JSON key is a bound value, but the name it gives the output is in the SQL text.
    name: str = ""

    @property
    def output_name(self) -> str:
        return self.name or self.alias or self.field.name


@dataclass(frozen=True)
class SelectEmbed:
    relation: str
    alias: str | None = None
    hint: str | None = None
    inner: bool = False
    items: tuple = ()

    @property
    def output_name(self) -> str:
        return self.alias or self.relation


@dataclass(frozen=True)
class Condition:
    field: Field
    op: str  # a key of QUANT_OPS, SIMPLE_OPS, FTS_OPS, or "in", "is", "isdistinct"
    value: Value | str  # bound as given, but: `in` an array literal, like/ilike with * as %; `is` a keyword
    negate: bool = False
    quantifier: str | None = None  # "any" | "all"
    language: Value | None = None  # fts


@dataclass(frozen=True)
class Logic:
    op: str  # "and" | "or"
    items: tuple  # Condition | Logic
    negate: bool = False


@dataclass(frozen=True)
class OrderTerm:
    field: Field
    relation: str | None = None  # order=rel(col): a to-one embedded resource's column
    descending: bool | None = None
    nulls: str | None = None  # "first" | "last"


Path = tuple[str, ...]  # an embedded resource by its names from the root: () is the root


@dataclass
class Query:
    select: tuple = (SelectColumn(Field("*")),)
    filters: dict[Path, list] = field(default_factory=dict)  # Condition | Logic per level
    order: dict[Path, list[OrderTerm]] = field(default_factory=dict)
    limits: dict[Path, Value] = field(default_factory=dict)  # of int
    offsets: dict[Path, Value] = field(default_factory=dict)  # of int
    columns: tuple[str, ...] | None = None
    on_conflict: tuple[str, ...] | None = None
    items: list[tuple] = field(default_factory=list)  # what was parsed, in the request's order
    values: list[Value] = field(default_factory=list)  # every Value, in the order made

    def root_filters(self) -> list:
        return self.filters.get((), [])

    def shape(self) -> tuple:
        """What decides the SQL text -- every parameter parsed, in order, with Values for values."""
        return tuple(self.items)

    def value(self, v: object) -> Value:
        """A Value the route adds after parsing (a range, a body), numbered after the parsed ones."""
        made = Value(v)
        made.index = len(self.values)
        self.values.append(made)
        return made

    def params(self) -> list:
        """The request's values by index: `p<index>` in the SQL (app/rest/query.py bind)."""
        return [v.v for v in self.values]


# ---------------------------------------------------------------- the scanner


class _Scanner:
    """Recursive-descent helper over one parameter's text; errors say where parsing stopped."""

    def __init__(self, text: str, what: str):
        self.text = text
        self.pos = 0
        self.what = what

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos:self.pos + n]

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def startswith(self, s: str) -> bool:
        return self.text.startswith(s, self.pos)

    def eat(self, s: str) -> bool:
        if self.startswith(s):
            self.pos += len(s)
            return True
        return False

    def expect(self, s: str) -> None:
        if not self.eat(s):
            self.fail(f'"{s}"')

    def skip_space(self) -> None:
        while self.peek() in (" ", "\t") and not self.at_end():
            self.pos += 1

    def fail(self, expecting: str):
        found = f'"{self.text[self.pos]}"' if not self.at_end() else "end of input"
        raise grammar_error(f"failed to parse {self.what} ({self.text})",
                            f"unexpected {found} at position {self.pos + 1} expecting {expecting}")

    # -- names

    def quoted(self) -> str:
        self.expect('"')
        out = []
        while not self.at_end():
            ch = self.text[self.pos]
            if ch == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if ch == '"':
                self.pos += 1
                return "".join(out)
            out.append(ch)
            self.pos += 1
        self.fail('closing "')

    def _dash_separated(self, pattern: re.Pattern) -> str:
        """PostgREST's sepByDash: parts joined by `-` (not `->`), each part stripped."""
        m = pattern.match(self.text, self.pos)
        if not m:
            return ""
        self.pos = m.end()
        return "-".join(part.strip() for part in m.group(0).split("-"))

    def field_name(self) -> str:
        if self.peek() == '"':
            return self.quoted()
        start = self.pos
        name = self._dash_separated(_NAME)
        if not name.strip("- "):
            self.pos = start
            self.fail("field name (* or [a..z0..9_$])")
        return name

    def json_path(self, terminators: str = ".,)") -> tuple[JsonStep, ...]:
        steps = []
        while self.startswith("->"):
            arrow = "->>" if self.startswith("->>") else "->"
            self.pos += len(arrow)
            m = _INDEX.match(self.text, self.pos)
            if m and (m.end() == len(self.text) or self.text[m.end()] in terminators
                      or self.text.startswith(("->", "::"), m.end())):
                self.pos = m.end()
                steps.append(JsonStep(arrow, Value(m.group(0)), True))
                continue
            if self.peek() == '"':
                key = self.quoted()
            else:
                key = self._dash_separated(_KEY)
            if not key:
                self.fail("a JSON key or index")
            steps.append(JsonStep(arrow, Value(strip_nul(key)), False))
        return tuple(steps)

    def field(self) -> Field:
        self.skip_space()
        name = self.field_name()
        path = self.json_path()
        self.skip_space()
        return Field(strip_nul(name), path)


# ---------------------------------------------------------------- select


def parse_select(text: str) -> tuple:
    if _PLAIN_LIST.fullmatch(text):  # the common case: plain column names
        return _plain_select(text)
    scanner = _Scanner(text, "select parameter")
    items = _select_forest(scanner, top=True)
    if not scanner.at_end():
        scanner.fail('"," or end of input')
    return items


# Plain selects, orders and column names hold no Value (nothing bound), so each is parsed once per text.
@lru_cache(maxsize=256)
def _plain_select(text: str) -> tuple:
    return tuple(SelectColumn(_plain_field(n), name=n) if n != "*" else SelectColumn(_plain_field("*"))
                 for n in text.split(","))


@lru_cache(maxsize=1024)
def _plain_field(name: str) -> Field:
    return Field(name)


def _select_forest(s: _Scanner, top: bool) -> tuple:
    items = []
    s.skip_space()
    if s.at_end() or (not top and s.peek() == ")"):
        return ()
    while True:
        items.append(_select_item(s))
        s.skip_space()
        if not s.eat(","):
            break
    return tuple(items)


def _alias(s: _Scanner) -> str | None:
    """`alias:` before a field or relation (a single colon: `::` is a cast)."""
    start = s.pos
    try:
        name = s.field_name()
    except ApiError:
        s.pos = start
        return None
    if s.startswith(":") and not s.startswith("::"):
        s.pos += 1
        return strip_nul(name)
    s.pos = start
    return None


def _select_item(s: _Scanner):
    s.skip_space()
    if s.startswith("..."):
        raise ApiError(400, "PGRST127", "Feature not implemented",
                       details="spread embedding (...relation) is not supported by iFarm's /rest/v1")
    if s.eat("*"):
        return SelectColumn(Field("*"))
    start = s.pos
    alias = _alias(s)
    if s.startswith("count()"):
        raise ApiError(400, "PGRST123", "Use of aggregate functions is not allowed")
    name = s.field_name()
    # A relation: name[!hint][!inner|!left]( ... )
    hint, inner, params = None, False, 0
    probe = s.pos
    while s.peek() == "!" and params < 2:
        s.pos += 1
        if s.eat("inner"):
            inner = True
        elif s.eat("left"):
            inner = False
        else:
            hint = strip_nul(s.field_name())
        params += 1
    if s.peek() == "(":
        s.pos += 1
        items = _select_forest(s, top=False)
        s.skip_space()
        s.expect(")")
        return SelectEmbed(strip_nul(name), alias, hint, inner, items)
    if params:
        s.pos = probe
        s.fail('"("')
    # A column: name[->path][::cast][.aggregate()]
    s.pos = start
    alias = _alias(s)
    fld = s.field()
    cast = None
    if s.eat("::"):
        cast = _cast(s)
    name = alias or (fld.path[-1].key.v if fld.path and not fld.path[-1].index else fld.name)
    if s.peek() == ".":
        rest = s.text[s.pos + 1:]
        if any(rest.startswith(f"{a}()") for a in AGGREGATES):
            raise ApiError(400, "PGRST123", "Use of aggregate functions is not allowed")
        s.fail('"," or ")" or end of input')
    return SelectColumn(fld, alias, cast, name)


def _cast(s: _Scanner) -> str:
    m = CAST.match(s.text, s.pos)
    if not m:
        s.fail("a type name (letters, digits, _ and single spaces)")
    s.pos = m.end()
    return m.group(0).strip()


# ---------------------------------------------------------------- filters and logic


def parse_tree_path(key: str, what: str = "filter") -> tuple[Path, Field]:
    """`farms.name` -> (("farms",), Field("name")); `data->>k` -> ((), Field("data", ...))."""
    if _PLAIN.fullmatch(key):  # the common case, a plain column name
        return (), _plain_field(key)
    s = _Scanner(key, f"tree path ({what})")
    names = [s.field_name()]
    while s.eat("."):
        names.append(s.field_name())
    path = s.json_path()
    if not s.at_end():
        s.fail('"." or "->" or end of input')
    return tuple(strip_nul(n) for n in names[:-1]), Field(strip_nul(names[-1]), path)


_OP = re.compile(r"([a-z]+)(?:\(([^)]*)\))?\.", re.S)
_LOGIC = re.compile(r"(not\.)?(and|or)\(")


def _op_expr(s: _Scanner, fld: Field, single_value) -> Condition:
    negate = s.eat("not.")
    m = _OP.match(s.text, s.pos)
    if not m:
        s.fail(OPERATORS_HINT)
    op, arg = m.group(1), m.group(2)
    s.pos = m.end()
    if op == "in" and arg is None:
        items = _list_value(s)
        literal = "{}" if items == ("",) else "{" + ",".join(_array_element(v) for v in items) + "}"
        return Condition(fld, "in", Value(literal), negate)
    if op in FTS_OPS:
        if arg is not None and not re.fullmatch(r"[A-Za-z0-9_ $]+", arg):
            s.fail("a text search configuration name")
        return Condition(fld, op, Value(strip_nul(single_value(s))), negate,
                         language=Value(arg.strip()) if arg else None)
    if op in SINGLE_VALUE_OPS and arg is None:
        return _single(fld, op, single_value(s), negate)
    if op in QUANT_OPS and arg in ("any", "all"):
        return _single(fld, op, single_value(s), negate, quantifier=arg)
    s.pos = m.start()
    s.fail(OPERATORS_HINT)


# The operators that take one plain value: `op.value`.
SINGLE_VALUE_OPS = frozenset({"is", "isdistinct", *SIMPLE_OPS, *QUANT_OPS})


def _single(fld: Field, op: str, raw: str, negate: bool, quantifier: str | None = None) -> Condition:
    """A condition of SINGLE_VALUE_OPS on its value as given."""
    if op == "is":
        if raw.lower() not in IS_VALUES:
            raise grammar_error(f"failed to parse filter (is.{raw})",
                                "unexpected value expecting isVal: (null, not_null, true, false, unknown)")
        return Condition(fld, "is", raw.lower(), negate)
    value = strip_nul(raw)
    if op in ("like", "ilike"):
        value = value.replace("*", "%")  # PostgREST's wildcard for URLs
    return Condition(fld, op, Value(value), negate, quantifier=quantifier)


def _array_element(value: str) -> str:
    """An element of a PostgreSQL array literal, always quoted (PostgREST's pgBuildArrayLiteral)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rest_of(s: _Scanner) -> str:
    value = s.text[s.pos:]
    s.pos = len(s.text)
    return value


def _list_value(s: _Scanner) -> tuple[str, ...]:
    s.skip_space()
    s.expect("(")
    items = []
    while True:
        if s.peek() == '"':
            save = s.pos
            value = s.quoted()
            if s.peek() not in (",", ")"):
                s.pos = save
                value = _until(s, ",)")
        else:
            value = _until(s, ",)")
        items.append(strip_nul(value))
        if not s.eat(","):
            break
    s.expect(")")
    s.skip_space()
    return tuple(items)


def _until(s: _Scanner, stops: str) -> str:
    start = s.pos
    while not s.at_end() and s.text[s.pos] not in stops:
        s.pos += 1
    return s.text[start:s.pos]


def _logic_value(s: _Scanner) -> str:
    """A value inside or=(...): "quoted", a {pg,array}, or up to the next , or )."""
    if s.peek() == '"':
        save = s.pos
        value = s.quoted()
        if s.at_end() or s.peek() in (",", ")"):
            return value
        s.pos = save
    if s.peek() == "{":
        end = s.text.find("}", s.pos)
        if end != -1 and "{" not in s.text[s.pos + 1:end]:
            value = s.text[s.pos:end + 1]
            s.pos = end + 1
            return value
    return _until(s, ",)")


_PLAIN_FILTER = re.compile(r"(not\.)?([a-z]+)\.(.*)", re.S)


def parse_filter(key: str, value: str) -> tuple[Path, Condition]:
    path, fld = parse_tree_path(key)
    plain = _PLAIN_FILTER.fullmatch(value)
    if plain and plain.group(2) in SINGLE_VALUE_OPS:  # the common case, `[not.]op.value`: nothing to scan
        return path, _single(fld, plain.group(2), plain.group(3), plain.group(1) is not None)
    s = _Scanner(value, "filter")
    cond = _op_expr(s, fld, _rest_of)
    if not s.at_end():
        s.fail("end of input")
    return path, cond


def parse_logic(key: str, value: str) -> tuple[Path, Logic]:
    """`or=(a.eq.1,and(b.gt.2,c.lt.3))`, `not.and=(...)`, `farms.or=(...)`."""
    s = _Scanner(key, "logic path")
    names = [s.field_name()]
    while s.eat("."):
        names.append(s.field_name())
    if not s.at_end():
        s.fail('"." or end of input')
    op = names[-1]
    negate = "not" in names[:-1]
    path = tuple(strip_nul(n) for n in names[:-1] if n != "not")
    tree = _Scanner(value, "logic tree")
    items = _logic_items(tree)
    if not tree.at_end():
        tree.fail("end of input")
    return path, Logic(op, items, negate)


def _logic_items(s: _Scanner) -> tuple:
    s.skip_space()
    s.expect("(")
    items = []
    while True:
        s.skip_space()
        items.append(_logic_item(s))
        s.skip_space()
        if not s.eat(","):
            break
    s.expect(")")
    s.skip_space()
    return tuple(items)


def _logic_item(s: _Scanner):
    m = _LOGIC.match(s.text, s.pos)
    if m:
        s.pos = m.end() - 1
        return Logic(m.group(2), _logic_items(s), bool(m.group(1)))
    fld = s.field()
    s.expect(".")
    return _op_expr(s, fld, _logic_value)


# ---------------------------------------------------------------- order, columns, ranges


_PLAIN_ORDER = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\.(asc|desc))?(?:\.nulls(first|last))?")


def parse_order(text: str) -> list[OrderTerm]:
    plain = _plain_order(text)
    if plain is not None:
        return list(plain)
    s = _Scanner(text, "order")
    terms = []
    while True:
        s.skip_space()
        start = s.pos
        relation = None
        name = s.field_name()
        if s.eat("("):
            relation = strip_nul(name)
            fld = s.field()
            s.expect(")")
        else:
            s.pos = start
            fld = s.field()
        descending = None
        nulls = None
        if s.eat(".asc"):
            descending = False
        elif s.eat(".desc"):
            descending = True
        if s.eat(".nullsfirst"):
            nulls = "first"
        elif s.eat(".nullslast"):
            nulls = "last"
        s.skip_space()
        terms.append(OrderTerm(fld, relation, descending, nulls))
        if s.eat(","):
            continue
        if not s.at_end():
            s.fail('"asc", "desc", "nullsfirst", "nullslast", "," or end of input')
        return terms


@lru_cache(maxsize=256)
def _plain_order(text: str) -> tuple[OrderTerm, ...] | None:
    """The common order, column names each with its direction and nulls; None for any other."""
    plain = [_PLAIN_ORDER.fullmatch(term) for term in text.split(",")]
    if not all(plain):
        return None
    return tuple(OrderTerm(_plain_field(m.group(1)), None, None if m.group(2) is None else m.group(2) == "desc",
                           m.group(3)) for m in plain)


def parse_columns(text: str, what: str) -> tuple[str, ...]:
    s = _Scanner(text, f"{what} parameter")
    names = []
    while True:
        s.skip_space()
        names.append(strip_nul(s.field_name()))
        s.skip_space()
        if not s.eat(","):
            break
    if not s.at_end():
        s.fail('"," or end of input')
    return tuple(names)


def _non_negative(key: str, value: str) -> Value:
    if not re.fullmatch(r"\+?\d{1,18}", value.strip()):
        raise grammar_error(f"failed to parse {key} parameter ({value})", f"{key} must be a non-negative integer")
    return Value(int(value))


def _embed_path(key: str, last: str) -> Path:
    """`farms.limit` -> ("farms",) for the reserved word `last`."""
    path, fld = parse_tree_path(key, last)
    if fld.name != last or fld.path:
        raise grammar_error(f"failed to parse tree path ({key})")
    return path


def parse_query(pairs: list[tuple[str, str]], rpc: bool = False) -> tuple[Query, list[tuple[str, str]]]:
    """The query string as PostgREST reads it. For tables every key that is not reserved is a filter;
    for RPC it is an argument of the function (returned second)."""
    q = Query()
    args: list[tuple[str, str]] = []
    token = _VALUES.set(q.values)
    try:
        _parse_pairs(q, pairs, rpc, args)
    finally:
        _VALUES.reset(token)
    return q, args


def _parse_pairs(q: Query, pairs: list[tuple[str, str]], rpc: bool, args: list) -> None:
    for key, value in pairs:
        if key in IGNORED or value == "":
            continue
        last = key.rsplit(".", 1)[-1]
        if key == "select":
            q.select = parse_select(value)
            q.items.append(("select", q.select))
        elif key == "columns":
            q.columns = parse_columns(value, "columns")
            q.items.append(("columns", q.columns))
        elif key == "on_conflict":
            q.on_conflict = parse_columns(value, "on_conflict")
            q.items.append(("on_conflict", q.on_conflict))
        elif last == "order":
            path, terms = _embed_path(key, "order"), parse_order(value)
            q.order.setdefault(path, []).extend(terms)
            q.items.append(("order", path, tuple(terms)))
        elif last in ("limit", "offset"):
            path, amount = _embed_path(key, last), _non_negative(key, value)
            (q.limits if last == "limit" else q.offsets)[path] = amount
            q.items.append((last, path, amount))
        elif last in ("and", "or"):
            path, logic = parse_logic(key, value)
            q.filters.setdefault(path, []).append(logic)
            q.items.append(("filter", path, logic))
        elif rpc:
            args.append((key, value))  # iFarm's functions return jsonb, not rows: nothing to filter
        else:
            path, cond = parse_filter(key, value)
            q.filters.setdefault(path, []).append(cond)
            q.items.append(("filter", path, cond))


# ---------------------------------------------------------------- headers


@dataclass
class Prefer:
    representation: str | None = None  # "minimal" | "headers-only" | "representation"
    count: str | None = None  # "exact" | "planned" | "estimated"
    resolution: str | None = None  # "merge-duplicates" | "ignore-duplicates"
    missing: str | None = None  # "default" | "null"
    handling: str | None = None  # "strict" | "lenient"
    max_affected: int | None = None
    invalid: list[str] = field(default_factory=list)


_PREFER_VALUES = {
    "return": ("representation", {"minimal", "headers-only", "representation"}),
    "count": ("count", {"exact", "planned", "estimated"}),
    "resolution": ("resolution", {"merge-duplicates", "ignore-duplicates"}),
    "missing": ("missing", {"default", "null"}),
    "handling": ("handling", {"strict", "lenient"}),
}
# Recognized by PostgREST and not applied here (as PostgREST with its default configuration).
_PREFER_IGNORED = ("tx", "timezone", "params")


def parse_prefer(headers: list[str]) -> Prefer:
    """RFC 7240 as PostgREST reads it: comma-separated, over one or more headers, first one wins;
    unknown values are ignored unless handling=strict (then 400 PGRST122)."""
    prefer = Prefer()
    seen: set[str] = set()
    for header in headers:
        for token in header.split(","):
            token = token.strip()
            if not token:
                continue
            key, _, value = token.partition("=")
            key, value = key.strip().lower(), value.strip()
            if key in seen:
                continue
            if key in _PREFER_VALUES and value in _PREFER_VALUES[key][1]:
                setattr(prefer, _PREFER_VALUES[key][0], value)
            elif key == "max-affected" and value.isdigit():
                prefer.max_affected = int(value)
            elif key in _PREFER_IGNORED:
                pass
            else:
                prefer.invalid.append(token)
                continue
            seen.add(key)
    if prefer.handling == "strict" and prefer.invalid:
        raise ApiError(400, "PGRST122", "Invalid preferences given with handling=strict",
                       details="Invalid preferences: " + ", ".join(prefer.invalid))
    return prefer


def applied(prefer: Prefer, method: str, has_key: bool) -> str | None:
    """The Preference-Applied header: what this request honoured."""
    parts = []
    if method == "POST" and prefer.resolution and has_key:
        parts.append(f"resolution={prefer.resolution}")
    if method in ("POST", "PATCH", "PUT", "DELETE") and prefer.representation:
        parts.append(f"return={prefer.representation}")
    if prefer.count:
        parts.append(f"count={prefer.count}")
    if method in ("POST", "PATCH", "PUT") and prefer.missing:
        parts.append(f"missing={prefer.missing}")
    if prefer.handling:
        parts.append(f"handling={prefer.handling}")
    if method in ("PATCH", "DELETE") and prefer.max_affected is not None:
        parts.append(f"max-affected={prefer.max_affected}")
    return ", ".join(parts) or None


@dataclass(frozen=True)
class Media:
    kind: str  # "json" | "object" | "csv"
    strip_nulls: bool = False

    @property
    def content_type(self) -> str:
        if self.kind == "csv":
            return "text/csv; charset=utf-8"
        base = "application/vnd.pgrst.object+json" if self.kind == "object" else "application/json"
        return base + ("; nulls=stripped" if self.strip_nulls else "") + "; charset=utf-8"


def negotiate(accept: str | None) -> Media:
    """The first acceptable media type of the Accept header (by quality, then order)."""
    if not accept or not accept.strip():
        return Media("json")
    offers = []
    for position, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        mime = pieces[0].lower()
        params = dict(p.split("=", 1) for p in pieces[1:] if "=" in p)
        try:
            quality = float(params.get("q", "1"))
        except ValueError:
            quality = 1.0
        offers.append((-quality, position, mime, params.get("nulls", "").lower() == "stripped"))
    for _, _, mime, stripped in sorted(offers):
        if mime in ("application/json", "application/*", "*/*", "application/vnd.pgrst.array+json",
                    "application/vnd.pgrst.array"):
            return Media("json", stripped)
        if mime in ("application/vnd.pgrst.object+json", "application/vnd.pgrst.object"):
            return Media("object", stripped)
        if mime in ("text/csv", "text/*"):
            return Media("csv")
    raise ApiError(406, "PGRST107", f"None of these media types are available: {accept}")


def parse_range(value: str | None) -> tuple[int, int | None] | None:
    """`Range: 0-9` (items) -> (offset 0, limit 10); `10-` -> (10, None)."""
    if not value:
        return None
    m = re.fullmatch(r"\s*(\d{1,18})-(\d{0,18})\s*", value)
    if not m:
        return None  # PostgREST ignores a Range it cannot read
    lower = int(m.group(1))
    if m.group(2) == "":
        return lower, None
    upper = int(m.group(2))
    if upper < lower:
        raise ApiError(416, "PGRST103", "Requested range not satisfiable",
                       details="The lower boundary must be lower than or equal to the upper boundary in the Range "
                               "header.")
    return lower, upper - lower + 1
