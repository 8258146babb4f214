"""The schema cache of `/rest/v1` (PostgREST's SchemaCache): the tables and views of the exposed
schema with their columns, types, defaults, keys and foreign keys. Every identifier a request names is
looked up here before any SQL is composed; what is not here does not exist for a client.

Loaded when a worker starts and again on `NOTIFY pgrst, 'reload schema'` (what PostgREST listens for;
`ifarm migrate` sends it). Relationships follow PostgREST's rules for finding an embedded resource,
extended to this schema's composite tenant foreign keys: a key `(tenant_id, farm_id) -> farms
(tenant_id, id)` is named by its constraint, by its distinguishing column (`farm_id`, the pair whose
names differ) or by the referenced column (`id`), as PostgREST does for single-column keys.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from app.errors import ApiError

EXPOSED_SCHEMAS = ("public",)
JSON_TYPES = frozenset({"json", "jsonb"})

_COLUMNS = """
select n.nspname, c.relname, c.relkind, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
       bt.typname, not a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attgenerated <> ''
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
join pg_catalog.pg_type t on t.oid = a.atttypid
join pg_catalog.pg_type bt on bt.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
left join pg_catalog.pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
where n.nspname = any(%s) and c.relkind in ('r', 'v', 'm', 'p', 'f') and not c.relispartition
order by n.nspname, c.relname, a.attnum
"""

_KEYS = """
select n.nspname, c.relname, i.indisprimary,
       array(select a.attname from unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
             join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum order by k.ord)
from pg_catalog.pg_index i
join pg_catalog.pg_class c on c.oid = i.indrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where i.indisunique and i.indpred is null and i.indexprs is null and n.nspname = any(%s)
"""

_FOREIGN_KEYS = """
select n1.nspname, c1.relname, con.conname, n2.nspname, c2.relname,
       array(select a.attname from unnest(con.conkey) with ordinality k(attnum, ord)
             join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord),
       array(select a.attname from unnest(con.confkey) with ordinality k(attnum, ord)
             join pg_catalog.pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord)
from pg_catalog.pg_constraint con
join pg_catalog.pg_class c1 on c1.oid = con.conrelid
join pg_catalog.pg_namespace n1 on n1.oid = c1.relnamespace
join pg_catalog.pg_class c2 on c2.oid = con.confrelid
join pg_catalog.pg_namespace n2 on n2.oid = c2.relnamespace
where con.contype = 'f' and con.conparentid = 0 and n1.nspname = any(%s) and n2.nspname = any(%s)
order by con.conname
"""


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # format_type() with search_path '', so qualified wherever it is not pg_catalog's
    base: str  # the base type's name (a domain's underlying type)
    nullable: bool
    default: str | None  # the default expression, as pg_get_expr prints it (qualified)
    generated: bool

    @property
    def is_json(self) -> bool:
        return self.base in JSON_TYPES


@dataclass(frozen=True)
class Relationship:
    """A foreign key seen from `origin`, embedding `target`."""

    constraint: str
    origin: str
    target: str
    pairs: tuple[tuple[str, str], ...]  # (origin column, target column)
    cardinality: str  # "many-to-one" | "one-to-many" | "one-to-one"

    @property
    def to_one(self) -> bool:
        return self.cardinality != "one-to-many"

    @property
    def is_self(self) -> bool:
        return self.origin == self.target

    @property
    def distinguishing(self) -> tuple[tuple[str, str], ...]:
        """The pairs that name this key: composite tenant keys share (tenant_id, tenant_id)."""
        pairs = tuple(p for p in self.pairs if p[0] != p[1])
        return pairs or self.pairs

    def matches_origin_column(self, name: str) -> bool:
        return len(self.distinguishing) == 1 and self.distinguishing[0][0] == name

    def matches_target_column(self, name: str) -> bool:
        return len(self.distinguishing) == 1 and self.distinguishing[0][1] == name

    def describe(self) -> dict:
        origin_cols = ", ".join(a for a, _ in self.pairs)
        target_cols = ", ".join(b for _, b in self.pairs)
        return {"cardinality": self.cardinality, "embedding": f"{self.origin} with {self.target}",
                "relationship": f"{self.constraint} using {self.origin}({origin_cols}) and "
                                f"{self.target}({target_cols})"}


@dataclass
class Table:
    schema: str
    name: str
    kind: str  # pg_class.relkind
    columns: dict[str, Column] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    unique_keys: list[frozenset[str]] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)

    def column(self, name: str) -> Column:
        found = self.columns.get(name)
        if found is None:
            raise ApiError(400, "42703", f"column {self.name}.{name} does not exist")
        return found

    def payload_column(self, name: str) -> Column:
        found = self.columns.get(name)
        if found is None:
            raise ApiError(400, "PGRST204", f"Could not find the '{name}' column of '{self.name}' in the schema cache")
        return found

    def is_unique(self, columns: set[str]) -> bool:
        return any(key <= columns for key in self.unique_keys)


class Catalog:
    def __init__(self, tables: dict[tuple[str, str], Table], schemas: tuple[str, ...] = EXPOSED_SCHEMAS):
        self.tables = tables
        self.schemas = schemas

    def table(self, schema: str, name: str) -> Table:
        found = self.tables.get((schema, name))
        if found is None:
            names = [t for (s, t) in self.tables if s == schema]
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
            raise ApiError(404, "PGRST205", f"Could not find the table '{schema}.{name}' in the schema cache",
                           hint=f"Perhaps you meant the table '{schema}.{close[0]}'" if close else None)
        return found

    def relationship(self, origin: Table, target: str, hint: str | None) -> Relationship:
        """PostgREST's findRel: by the target table's name, a constraint name or a column, with an
        optional !hint; none is PGRST200, more than one PGRST201."""
        found = [r for r in origin.relationships if _matches(r, target, hint)]
        if len(found) == 1:
            return found[0]
        if not found:
            hinted = f"' using the hint '{hint}" if hint else ""
            raise ApiError(400, "PGRST200",
                           f"Could not find a relationship between '{origin.name}' and '{target}' in the schema cache",
                           details=f"Searched for a foreign key relationship between '{origin.name}' and '{target}"
                                   f"{hinted}' in the schema '{origin.schema}', but no matches were found.")
        options = ", ".join(f"'{r.target}!{r.constraint}'" for r in found)
        raise ApiError(300, "PGRST201",
                       f"Could not embed because more than one relationship was found for '{origin.name}' and "
                       f"'{target}'",
                       details=[r.describe() for r in found],
                       hint=f"Try changing '{target}' to one of the following: {options}. Find the desired "
                            "relationship in the 'details' key.")


def _matches(rel: Relationship, target: str, hint: str | None) -> bool:
    if rel.is_self:
        if hint is None:  # children by the table's name, the parent by the key's column
            return (target == rel.target and rel.cardinality == "one-to-many") or (
                rel.matches_origin_column(target) and rel.cardinality != "one-to-many")
        return target == rel.target and rel.cardinality == "one-to-many" and (
            rel.matches_target_column(hint) or hint == rel.constraint)
    if hint is None:
        return target == rel.target or target == rel.constraint or (
            rel.matches_origin_column(target) and rel.to_one)
    return target == rel.target and (hint == rel.constraint or rel.matches_origin_column(hint)
                                     or rel.matches_target_column(hint))


async def load(conn, schemas: tuple[str, ...] = EXPOSED_SCHEMAS) -> Catalog:
    """Reads the catalog in one transaction with an empty search_path, so that types and defaults
    come out schema-qualified and can be used in any later statement as they are."""
    tables: dict[tuple[str, str], Table] = {}
    async with conn.transaction():
        await conn.execute("set local search_path to ''")
        columns = await (await conn.execute(_COLUMNS, (list(schemas),))).fetchall()
        keys = await (await conn.execute(_KEYS, (list(schemas),))).fetchall()
        fkeys = await (await conn.execute(_FOREIGN_KEYS, (list(schemas), list(schemas)))).fetchall()
    for schema, rel, kind, name, typ, base, nullable, default, generated in columns:
        table = tables.setdefault((schema, rel), Table(schema, rel, kind))
        table.columns[name] = Column(name, typ, base, nullable, default, generated)
    for schema, rel, primary, cols in keys:
        table = tables.get((schema, rel))
        if table is None:
            continue
        table.unique_keys.append(frozenset(cols))
        if primary:
            table.primary_key = tuple(cols)
    for schema, child, constraint, fschema, parent, cols, fcols in fkeys:
        if schema != fschema or (schema, child) not in tables or (fschema, parent) not in tables:
            continue
        child_table, parent_table = tables[(schema, child)], tables[(fschema, parent)]
        one_to_one = child_table.is_unique(set(cols))
        pairs = tuple(zip(cols, fcols, strict=True))
        child_table.relationships.append(Relationship(
            constraint, child, parent, pairs, "one-to-one" if one_to_one else "many-to-one"))
        parent_table.relationships.append(Relationship(
            constraint, parent, child, tuple((b, a) for a, b in pairs), "one-to-one" if one_to_one else "one-to-many"))
    return Catalog(tables, schemas)
