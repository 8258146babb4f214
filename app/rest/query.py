"""SQL for one /rest/v1 request, composed with psycopg.sql.

This is the one place where iFarm's Python builds SQL, by design: the shape of the query is the
client's (PostgREST's grammar: which columns, filters, orders, embeddings), so it cannot be a fixed
`api.*` function. The rules that keep it safe:
  - every identifier is looked up in the schema cache (app/rest/catalog.py) first -- tables, columns,
    relationships, on_conflict and payload keys -- and then quoted with sql.Identifier; output names
    chosen by the client (aliases) are quoted the same way;
  - every value (filter values, JSON keys, limits, the request body) is a bound placeholder; the only
    SQL text that comes from outside this file is the catalog's own (type names from format_type,
    column defaults from pg_get_expr) and cast names restricted to words;
  - operators and keywords (ASC, NULLS LAST, IS NULL, ...) come from fixed tables, never from input;
  - the statement runs as the caller's role inside the request transaction, so RLS, grants, column
    privileges and triggers decide what it may read or change; nothing is filtered here.
One statement returns the body as JSON text (json_agg over a CTE, as PostgREST's mainRead and
mainWrite) and the counts, so the response is never parsed in Python.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from psycopg import sql
from psycopg.types.json import Jsonb

from app.errors import ApiError
from app.rest.catalog import Catalog, Column, Relationship, Table
from app.rest.grammar import (
    FTS_OPS,
    IS_VALUES,
    QUANT_OPS,
    SIMPLE_OPS,
    Condition,
    Field,
    Logic,
    Media,
    OrderTerm,
    Path,
    Prefer,
    Query,
    SelectColumn,
    SelectEmbed,
    Value,
)

SOURCE = sql.Identifier("pgrst_source")
ROW = sql.Identifier("_postgrest_t")
BODY = sql.Identifier("pgrst_body")
JSON_OUT = sql.Identifier("pgrst_json")


def ident(name: str) -> sql.Identifier:
    """A quoted identifier; `%` doubled because values are bound client-side by %-placeholders."""
    return sql.Identifier(name.replace("%", "%%"))


def text(fragment: str) -> sql.SQL:
    """SQL text taken from the catalog (a type, a default expression)."""
    return sql.SQL(fragment.replace("%", "%%"))


def bind(value: Value) -> sql.Placeholder:
    """A client's value as its placeholder, `p<index>` (Query.params() gives the values by index)."""
    if value.index < 0:
        raise RuntimeError("a value made outside a request's parse cannot be bound")
    return sql.Placeholder(f"p{value.index}")


@dataclass(eq=False)
class Statement:
    """What a request runs: the statement, and before it an EXPLAIN of its count query for
    count=planned|estimated. The text depends only on the request's shape, so it is cached by it
    (and, being cached, compared by identity)."""

    query: sql.Composable
    explain: sql.Composable | None = None

    def parts(self) -> list[sql.Composable]:
        return [self.query] if self.explain is None else [self.explain, self.query]

    @property
    def count(self) -> int:
        return 1 if self.explain is None else 2


# ---------------------------------------------------------------- the resolved select tree


@dataclass
class Embed:
    node: Node
    rel: Relationship
    name: str  # output name (alias or relation)
    lateral: str  # the alias of its LATERAL join
    inner: bool
    shown: bool  # an embed with no columns filters but is not output

    @property
    def to_one(self) -> bool:
        return self.rel.to_one


@dataclass
class Node:
    table: Table
    alias: str
    path: Path
    columns: list[SelectColumn] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    filters: list = field(default_factory=list)  # Condition | Logic
    null_filters: list[tuple[Embed, bool]] = field(default_factory=list)  # (embed, must be null)
    order: list[OrderTerm] = field(default_factory=list)
    limit: Value | None = None
    offset: Value | None = None
    parent: Node | None = None
    rel: Relationship | None = None

    def embed(self, name: str) -> Embed:
        for e in self.embeds:
            if e.name == name:
                return e
        for e in self.embeds:
            if e.rel.target == name and e.name != name:
                raise ApiError(400, "PGRST108", f"'{name}' is not an embedded resource in this request",
                               details="Target names are not allowed in filters if they have an alias",
                               hint=f"Change '{name}' to '{e.name}' in filters, orders or limits.")
        raise ApiError(400, "PGRST108", f"'{name}' is not an embedded resource in this request",
                       hint=f"Verify that '{name}' is included in the 'select' query parameter.")

    def output_names(self) -> set[str]:
        names = set()
        for c in self.columns:
            names.update(self.table.columns if c.field.name == "*" else [c.output_name])
        names.update(e.name for e in self.embeds if e.shown)
        return names


class Planner:
    """Resolves a parsed Query against the schema cache into a Node tree, then composes SQL."""

    def __init__(self, catalog: Catalog, table: Table, query: Query, max_rows: int | None = None):
        self.catalog = catalog
        self.table = table
        self.query = query
        self.max_rows = max_rows  # for count=estimated (the route caps the root's limit itself)
        self._aliases = itertools.count(1)
        self.bind = bind
        self.root = self._node(table, query.select, (), None, None)
        self._attach()

    # -- resolution

    def _node(self, table: Table, items: tuple, path: Path, parent: Node | None,
              rel: Relationship | None) -> Node:
        node = Node(table, "t0" if parent is None else f"t{next(self._aliases)}", path, parent=parent, rel=rel)
        for item in items:
            if isinstance(item, SelectEmbed):
                found = self.catalog.relationship(table, item.relation, item.hint)
                target = self.catalog.table(table.schema, found.target)
                name = item.output_name
                child = self._node(target, item.items, (*path, name), node, found)
                node.embeds.append(Embed(child, found, name, f"e{next(self._aliases)}", item.inner,
                                         shown=bool(item.items)))
            else:
                if item.field.name != "*":
                    table.column(item.field.name)
                node.columns.append(item)
        return node

    def _find(self, path: Path) -> Node:
        node = self.root
        for name in path:
            node = node.embed(name).node
        return node

    def _attach(self) -> None:
        q = self.query
        for path, items in q.filters.items():
            node = self._find(path)
            for item in items:
                if isinstance(item, Condition) and not item.field.path and item.field.name not in node.table.columns \
                        and any(e.name == item.field.name for e in node.embeds):
                    node.null_filters.append((node.embed(item.field.name), _null_embed(item)))
                else:
                    self._check_fields(node, item)
                    node.filters.append(item)
        for path, terms in q.order.items():
            node = self._find(path)
            for term in terms:
                if term.relation is None:
                    node.table.column(term.field.name)
                else:
                    embed = node.embed(term.relation)
                    if not embed.to_one:
                        raise ApiError(400, "PGRST118", f"A related order on '{embed.name}' is not possible",
                                       details=f"'{node.table.name}' and '{embed.name}' do not form a many-to-one "
                                               "or one-to-one relationship")
                    if term.field.name not in embed.node.output_names():
                        raise ApiError(400, "42703", f"column {embed.name}.{term.field.name} does not exist",
                                       hint=f"order by a column selected in '{embed.name}'")
                node.order.append(term)
        for path, limit in q.limits.items():
            self._find(path).limit = limit
        for path, offset in q.offsets.items():
            self._find(path).offset = offset

    def _check_fields(self, node: Node, item) -> None:
        if isinstance(item, Logic):
            for sub in item.items:
                self._check_fields(node, sub)
        else:
            node.table.column(item.field.name)

    # -- expressions

    def field(self, node: Node, fld: Field) -> sql.Composable:
        column = node.table.column(fld.name)
        expr: sql.Composable = sql.SQL("{}.{}").format(ident(node.alias), ident(fld.name))
        return self._json_path(expr, column, fld)

    def _json_path(self, expr: sql.Composable, column: Column | None, fld: Field) -> sql.Composable:
        if not fld.path:
            return expr
        if column is not None and not column.is_json:
            expr = sql.SQL("to_jsonb({})").format(expr)
        for step in fld.path:
            key = sql.SQL("{}::int").format(self.bind(step.key)) if step.index else self.bind(step.key)
            expr = sql.SQL("({} {} {})").format(expr, sql.SQL(step.arrow), key)
        return expr

    def condition(self, node: Node, cond: Condition) -> sql.Composable:
        column = node.table.column(cond.field.name)
        target = self.field(node, cond.field)
        op = cond.op
        if op == "is":
            expr = sql.SQL("{} IS {}").format(target, sql.SQL(IS_VALUES[cond.value]))
        elif op == "in":  # the value is an array literal: `= ANY('{"a","b"}')`, as PostgREST binds it
            expr = sql.SQL("{} = ANY({})").format(target, self.bind(cond.value))
        elif op == "isdistinct":
            expr = sql.SQL("{} IS DISTINCT FROM {}").format(target, self.bind(cond.value))
        elif op in FTS_OPS:
            if column.base != "tsvector" and not cond.field.path:
                target = sql.SQL("to_tsvector({}{})").format(
                    sql.SQL("{}, ").format(self.bind(cond.language)) if cond.language else sql.SQL(""), target)
            args = [self.bind(cond.language)] if cond.language else []
            expr = sql.SQL("{} @@ {}({})").format(target, sql.SQL(FTS_OPS[op]),
                                                 sql.SQL(", ").join([*args, self.bind(cond.value)]))
        elif op in SIMPLE_OPS:
            expr = sql.SQL("{} {} {}").format(target, sql.SQL(SIMPLE_OPS[op]), self.bind(cond.value))
        else:
            bound = self.bind(cond.value)
            if cond.quantifier:
                bound = sql.SQL("{}({})").format(sql.SQL(cond.quantifier.upper()), bound)
            expr = sql.SQL("{} {} {}").format(target, sql.SQL(QUANT_OPS[op]), bound)
        return sql.SQL("NOT ({})").format(expr) if cond.negate else sql.SQL("({})").format(expr)

    def logic(self, node: Node, item) -> sql.Composable:
        if isinstance(item, Condition):
            return self.condition(node, item)
        joined = sql.SQL(" AND " if item.op == "and" else " OR ").join(self.logic(node, i) for i in item.items)
        return sql.SQL("{}({})").format(sql.SQL("NOT " if item.negate else ""), joined)

    def order_term(self, node: Node, term: OrderTerm) -> sql.Composable:
        if term.relation is None:
            expr = self.field(node, term.field)
        else:
            embed = node.embed(term.relation)
            expr = self._json_path(sql.SQL("{}.{}").format(ident(embed.lateral), ident(term.field.name)),
                                   embed.node.table.columns.get(term.field.name), term.field)
        parts = [expr]
        if term.descending is not None:
            parts.append(sql.SQL("DESC" if term.descending else "ASC"))
        if term.nulls:
            parts.append(sql.SQL("NULLS FIRST" if term.nulls == "first" else "NULLS LAST"))
        return sql.SQL(" ").join(parts)

    # -- the SELECT of one level

    def select_items(self, node: Node) -> list[sql.Composable]:
        items: list[sql.Composable] = []
        for c in node.columns:
            if c.field.name == "*":
                items.append(sql.SQL("{}.*").format(ident(node.alias)))
                continue
            expr = self.field(node, c.field)
            if c.cast:
                expr = sql.SQL("CAST({} AS {})").format(expr, sql.SQL(c.cast))
            items.append(sql.SQL("{} AS {}").format(expr, ident(c.output_name)))
        for e in node.embeds:
            if not e.shown:
                continue
            out = sql.SQL("{}.{}").format(ident(e.lateral), JSON_OUT)
            if not e.to_one:
                out = sql.SQL("COALESCE({}, '[]')").format(out)
            items.append(sql.SQL("{} AS {}").format(out, ident(e.name)))
        return items

    def level(self, node: Node, source: sql.Composable, *, counting: bool = False, filtered: bool = True,
              ranged: bool = True) -> sql.Composable:
        """SELECT of one level: its columns and embeds, joins to embeds, filters, order, range."""
        embeds = [e for e in node.embeds if not counting or e.inner or any(n[0] is e for n in node.null_filters)]
        items = [sql.SQL("1")] if counting else (self.select_items(node) or [sql.SQL("NULL AS pgrst_empty")])
        parts = [sql.SQL("SELECT "), sql.SQL(", ").join(items),
                 sql.SQL(" FROM {} AS {}").format(source, ident(node.alias))]
        for e in embeds:
            parts.append(self.lateral(e))
        where = self.where(node) if filtered else []
        if where:
            parts += [sql.SQL(" WHERE "), sql.SQL(" AND ").join(where)]
        if not counting and node.order:
            parts += [sql.SQL(" ORDER BY "), sql.SQL(", ").join(self.order_term(node, t) for t in node.order)]
        if not counting and ranged:
            if node.limit is not None:
                parts.append(sql.SQL(" LIMIT {}").format(self.bind(node.limit)))
            if node.offset is not None:
                parts.append(sql.SQL(" OFFSET {}").format(self.bind(node.offset)))
        return sql.Composed(parts)

    def where(self, node: Node) -> list[sql.Composable]:
        """A level's conditions: its filters, the join to its parent, null filters on its embeds."""
        conds = [self.logic(node, item) for item in node.filters]
        if node.rel is not None and node.parent is not None:
            for mine, theirs in node.rel.pairs:  # pairs are (parent column, this level's column)
                conds.append(sql.SQL("{}.{} = {}.{}").format(ident(node.alias), ident(theirs),
                                                              ident(node.parent.alias), ident(mine)))
        for embed, must_be_null in node.null_filters:
            conds.append(sql.SQL("{}.{} IS {}").format(ident(embed.lateral), JSON_OUT,
                                                       sql.SQL("NULL" if must_be_null else "NOT NULL")))
        return conds

    def lateral(self, e: Embed) -> sql.Composable:
        sub = self.level(e.node, sql.SQL("{}.{}").format(ident(e.node.table.schema), ident(e.node.table.name)))
        x = sql.Identifier("pgrst_x")
        join = sql.SQL(" INNER" if e.inner else " LEFT")
        if e.to_one:
            return sql.SQL("{} JOIN LATERAL (SELECT row_to_json({}) AS {}, {}.* FROM ({}) AS {}) AS {} ON TRUE").format(
                join, x, JSON_OUT, x, sub, x, ident(e.lateral))
        on = sql.SQL("{}.{} IS NOT NULL").format(ident(e.lateral), JSON_OUT) if e.inner else sql.SQL("TRUE")
        return sql.SQL("{} JOIN LATERAL (SELECT json_agg({}) AS {} FROM ({}) AS {}) AS {} ON {}").format(
            join, x, JSON_OUT, sub, x, ident(e.lateral), on)

    def table_source(self) -> sql.Composable:
        return sql.SQL("{}.{}").format(ident(self.table.schema), ident(self.table.name))


def _null_embed(cond: Condition) -> bool:
    """`rel=is.null` (no related row) or `rel=not.is.null`; nothing else is allowed on an embed."""
    if cond.op != "is" or cond.value not in ("null", "not_null"):
        raise ApiError(400, "PGRST120", f"Bad operator on the '{cond.field.name}' embedded resource",
                       details="Only is null or not is null filters are allowed on embedded resources")
    is_null = cond.value == "null"
    return is_null != cond.negate


def body_sql(media: Media, head: bool) -> sql.Composable:
    """The response body from the rows of _postgrest_t, as PostgREST's handlers render it."""
    if head:
        return sql.SQL("NULL::text")
    if media.kind == "csv":
        header = sql.SQL("(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k "
                         "FROM (SELECT row_to_json(hh) AS r FROM pgrst_source AS hh LIMIT 1) s) a)")
        rows = sql.SQL("coalesce(string_agg(substring({r}::text, 2, length({r}::text) - 2), E'\\n'), '')").format(
            r=ROW)
        return sql.SQL("({} || E'\\n' || {})").format(header, rows)
    agg = sql.SQL("json_agg({})").format(ROW)
    if media.kind == "object":
        agg = sql.SQL("({})->0").format(agg)
    if media.strip_nulls:
        agg = sql.SQL("json_strip_nulls({})").format(agg)
    empty = sql.SQL("'null'" if media.kind == "object" else "'[]'")
    return sql.SQL("coalesce({}, {})::text").format(agg, empty)


# ---------------------------------------------------------------- reads


def read(planner: Planner, prefer: Prefer, media: Media, head: bool) -> Statement:
    """WITH pgrst_source AS (<select>) SELECT total, page count, body (PostgREST's mainRead)."""
    root = planner.root
    main = planner.level(root, planner.table_source())
    total: sql.Composable = sql.SQL("NULL::bigint")
    explain = None
    if prefer.count:
        counted = planner.level(root, planner.table_source(), counting=True)
        if prefer.count == "estimated" and planner.max_rows is not None:  # exact up to the cap
            counted = sql.SQL("{} LIMIT {}").format(counted, sql.Literal(planner.max_rows + 1))
        if prefer.count in ("planned", "estimated"):
            explain = sql.SQL("EXPLAIN (FORMAT JSON) {}").format(
                planner.level(root, planner.table_source(), counting=True))
        if prefer.count != "planned":
            total = sql.SQL("(SELECT count(*) FROM ({}) AS pgrst_count)").format(counted)
    query = sql.SQL("WITH {src} AS ({main}) SELECT {total} AS total, count({row}) AS page, {body} AS body "
                    "FROM (SELECT * FROM {src}) AS {row}").format(
        src=SOURCE, main=main, total=total, row=ROW, body=body_sql(media, head))
    return Statement(query, explain)


# ---------------------------------------------------------------- writes


@dataclass
class Payload:
    rows: list[dict]
    columns: tuple[str, ...]  # in the table's order
    body: Value  # the rows as jsonb: an array, or one object for PATCH and PUT
    single: bool


def payload(table: Table, body: object, columns: tuple[str, ...] | None, single: bool,
            value: Callable[[object], Value]) -> Payload:
    """The request body's rows and their columns, checked against the table (PGRST204) -- PostgREST's
    rules: `columns=` names them, else every object must have the same keys (PGRST102)."""
    if isinstance(body, dict):
        rows = [body]
    elif isinstance(body, list) and not single and all(isinstance(r, dict) for r in body):
        rows = body
    else:
        raise ApiError(400, "PGRST102", "Empty or invalid json" if body is None else
                       "the body must be a JSON object" + ("" if single else " or an array of objects"))
    if columns is not None:
        names = set(columns)
    else:
        names = set(rows[0]) if rows else set()
        if any(set(r) != names for r in rows[1:]):
            raise ApiError(400, "PGRST102", "All object keys must match")
    for name in sorted(names):
        table.payload_column(name)
    return Payload(rows, tuple(c for c in table.columns if c in names), value(Jsonb(rows[0] if single else rows)),
                   single)


def _body_source(planner: Planner, data: Payload, missing_default: bool, one: bool) -> sql.Composable:
    """FROM-items yielding the payload as typed rows named pgrst_body (PostgREST's fromJsonBodyF)."""
    table = planner.table
    typed = sql.SQL(", ").join(sql.SQL("{} {}").format(ident(c), text(table.columns[c].type)) for c in data.columns)
    body = sql.SQL("{}::jsonb").format(bind(data.body))
    defaults = [c for c in data.columns if missing_default and table.columns[c].default
                and not table.columns[c].generated]
    if defaults:
        build = sql.SQL("jsonb_build_object({})").format(sql.SQL(", ").join(
            sql.SQL("{}, {}").format(sql.Literal(c.replace("%", "%%")), text(table.columns[c].default))
            for c in defaults))
        if one:
            return sql.SQL("jsonb_to_record({} || {}) AS {}({})").format(build, body, BODY, typed)
        return sql.SQL("jsonb_array_elements({}) AS pgrst_elem(elem), LATERAL jsonb_to_record({} || pgrst_elem.elem) "
                       "AS {}({})").format(body, build, BODY, typed)
    fn = sql.SQL("jsonb_to_record" if one else "jsonb_to_recordset")
    return sql.SQL("{}({}) AS {}({})").format(fn, body, BODY, typed)


def _returning(planner: Planner, prefer: Prefer, target: sql.Composable) -> sql.Composable:
    if prefer.representation == "representation":
        return sql.SQL("RETURNING {}.*").format(target)
    if prefer.representation == "headers-only" and planner.table.primary_key:
        return sql.SQL("RETURNING {}").format(sql.SQL(", ").join(
            sql.SQL("{}.{}").format(target, ident(c)) for c in planner.table.primary_key))
    return sql.SQL("RETURNING 1")


def _inserted(delta: str) -> sql.Composable:
    """PostgREST's trick to tell inserted rows from merged ones: count up per proposed row, down per
    conflicting one, in a transaction-local setting read after the statement."""
    sign, floor = ("+", "0") if delta == "+" else ("-", "-1")
    return sql.SQL("set_config('pgrst.inserted', (coalesce(nullif(current_setting('pgrst.inserted', true), '')::int, 0)"
                   " " + sign + " 1)::text, true) <> '" + floor + "'")


def insert(planner: Planner, data: Payload, prefer: Prefer, media: Media, on_conflict: tuple[str, ...] | None,
           put: bool = False) -> Statement:
    table = planner.table
    t0 = sql.Identifier("t0")
    cols = sql.SQL(", ").join(ident(c) for c in data.columns)
    track = put or prefer.resolution == "merge-duplicates"
    if data.columns:
        source = _body_source(planner, data, prefer.missing == "default", one=data.single)
        select = sql.SQL("SELECT {} FROM {}").format(
            sql.SQL(", ").join(sql.SQL("{}.{}").format(BODY, ident(c)) for c in data.columns), source)
        target = sql.SQL("INSERT INTO {}.{} AS {} ({}) ").format(ident(table.schema), ident(table.name), t0, cols)
    else:
        select = sql.SQL("SELECT FROM jsonb_array_elements({}::jsonb)").format(bind(data.body))
        target = sql.SQL("INSERT INTO {}.{} AS {} ").format(ident(table.schema), ident(table.name), t0)
    parts = [target, select]
    if track:
        parts.append(sql.SQL(" WHERE {}").format(_inserted("+")))
    conflict_cols = on_conflict if on_conflict else table.primary_key
    if (prefer.resolution or put) and conflict_cols:
        for c in conflict_cols:
            table.column(c)
        parts.append(sql.SQL(" ON CONFLICT ({}) ").format(sql.SQL(", ").join(ident(c) for c in conflict_cols)))
        updates = [c for c in data.columns if c not in conflict_cols]
        if (prefer.resolution == "ignore-duplicates" and not put) or not updates:
            parts.append(sql.SQL("DO NOTHING"))
        else:
            parts.append(sql.SQL("DO UPDATE SET {}").format(sql.SQL(", ").join(
                sql.SQL("{} = EXCLUDED.{}").format(ident(c), ident(c)) for c in updates)))
            if track:
                parts.append(sql.SQL(" WHERE {}").format(_inserted("-")))
    parts += [sql.SQL(" "), _returning(planner, prefer, t0)]
    inserted = sql.SQL("nullif(current_setting('pgrst.inserted', true), '')::int") if track else sql.SQL("NULL::int")
    return _write(planner, sql.Composed(parts), prefer, media, inserted, location=not put)


def mutation_where(planner: Planner) -> list[sql.Composable]:
    """The root filters of a PATCH or DELETE (the caller refuses an unfiltered one, as Supabase does)."""
    if planner.root.null_filters:
        raise ApiError(400, "PGRST100", "filters on embedded resources cannot restrict an update or a delete",
                       hint="filter on the table's own columns")
    return planner.where(planner.root)


def update(planner: Planner, data: Payload, prefer: Prefer, media: Media) -> Statement:
    table = planner.table
    t0 = sql.Identifier("t0")
    where = mutation_where(planner)
    if not data.columns:  # PostgREST: an empty body updates nothing
        mutation = sql.SQL("SELECT {}.* FROM {}.{} AS {} WHERE false").format(
            t0, ident(table.schema), ident(table.name), t0)
    else:
        source = _body_source(planner, data, prefer.missing == "default", one=True)
        sets = sql.SQL(", ").join(sql.SQL("{} = {}.{}").format(ident(c), BODY, ident(c)) for c in data.columns)
        mutation = sql.SQL("UPDATE {}.{} AS {} SET {} FROM {} WHERE {} {}").format(
            ident(table.schema), ident(table.name), t0, sets, source, sql.SQL(" AND ").join(where),
            _returning(planner, prefer, t0))
    return _write(planner, mutation, prefer, media, sql.SQL("NULL::int"), location=False)


def delete(planner: Planner, prefer: Prefer, media: Media) -> Statement:
    table = planner.table
    t0 = sql.Identifier("t0")
    mutation = sql.SQL("DELETE FROM {}.{} AS {} WHERE {} {}").format(
        ident(table.schema), ident(table.name), t0, sql.SQL(" AND ").join(mutation_where(planner)),
        _returning(planner, prefer, t0))
    return _write(planner, mutation, prefer, media, sql.SQL("NULL::int"), location=False)


def _write(planner: Planner, mutation: sql.Composable, prefer: Prefer, media: Media, inserted: sql.Composable,
           location: bool) -> Statement:
    """WITH pgrst_source AS (<mutation>) SELECT page count, body, Location, inserted (mainWrite)."""
    root = planner.root
    representation = prefer.representation == "representation"
    if representation:
        shown = planner.level(root, SOURCE, filtered=False, ranged=False)
    else:
        shown = sql.SQL("SELECT * FROM {}").format(SOURCE)
    loc: sql.Composable = sql.SQL("NULL::text")
    if location and prefer.representation == "headers-only" and planner.table.primary_key:
        keys = sql.SQL(", ").join(ident(c) for c in planner.table.primary_key)
        loc = sql.SQL("CASE WHEN count({row}) = 1 THEN (SELECT row_to_json(p)::text FROM (SELECT {keys} FROM {src} "
                      "LIMIT 1) AS p) END").format(row=ROW, keys=keys, src=SOURCE)
    query = sql.SQL("WITH {src} AS ({mutation}) SELECT count({row}) AS page, {body} AS body, {loc} AS location, "
                    "{inserted} AS inserted FROM ({shown}) AS {row}").format(
        src=SOURCE, mutation=mutation, row=ROW, body=body_sql(media, not representation), loc=loc,
        inserted=inserted, shown=shown)
    return Statement(query)
