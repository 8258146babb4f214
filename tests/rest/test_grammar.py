"""The PostgREST grammar parser (app/rest/grammar.py), without a database: what the clients send
parses into the expected shapes, and malformed input is a 400 in PostgREST's shape."""

from __future__ import annotations

import pytest

from app.errors import ApiError
from app.rest.grammar import (
    Condition,
    Field,
    JsonStep,
    Logic,
    Media,
    OrderTerm,
    SelectColumn,
    SelectEmbed,
    Value,
    negotiate,
    parse_filter,
    parse_logic,
    parse_order,
    parse_prefer,
    parse_query,
    parse_range,
    parse_select,
)


def plain(shape):
    """A parsed shape with each Value replaced by its content (Values all compare equal)."""
    if isinstance(shape, Value):
        return ("value", shape.v)
    if isinstance(shape, (tuple, list)):
        return type(shape)(plain(x) for x in shape)
    if hasattr(shape, "__dataclass_fields__"):
        return (type(shape).__name__, *(plain(getattr(shape, f)) for f in shape.__dataclass_fields__))
    return shape


def V(v):  # noqa: N802 - reads like the constructor in the expected shapes
    return Value(v)


def refused(call, code: str = "PGRST100", status: int = 400) -> ApiError:
    with pytest.raises(ApiError) as info:
        call()
    assert (info.value.status, info.value.code) == (status, code), info.value.message
    body = info.value.body()
    assert all(key.encode() in body for key in ("code", "message", "details", "hint"))
    return info.value


def test_select_reads_columns_aliases_casts_and_json_paths():
    assert plain(parse_select("id,tag:tag_number,born::text,data->a->>b,n:data->0::int")) == plain((
        SelectColumn(Field("id"), name="id"),
        SelectColumn(Field("tag_number"), alias="tag", name="tag"),
        SelectColumn(Field("born"), cast="text", name="born"),
        SelectColumn(Field("data", (JsonStep("->", V("a"), False), JsonStep("->>", V("b"), False))), name="b"),
        SelectColumn(Field("data", (JsonStep("->", V("0"), True),)), alias="n", cast="int", name="n"),
    ))
    assert parse_select("*")[0].field.name == "*"
    assert parse_select("data->>b")[0].output_name == "b" and parse_select("data->0")[0].output_name == "data"


def test_select_reads_embedded_resources_with_alias_hint_and_join_type():
    (farm,) = parse_select("farm:farms!animals_farm_fkey!inner(name,locations(*))")
    locations = SelectEmbed("locations", items=(SelectColumn(Field("*")),))
    assert farm == SelectEmbed("farms", "farm", "animals_farm_fkey", True,
                               (SelectColumn(Field("name"), name="name"), locations))
    assert parse_select("farms!left(name)")[0].inner is False
    assert parse_select("farms()")[0].items == ()


def test_select_keeps_quoted_names_and_ignores_spaces_around_items():
    assert parse_select(' id , "odd name" ') == (SelectColumn(Field("id"), name="id"),
                                                 SelectColumn(Field("odd name"), name="odd name"))


@pytest.mark.parametrize("bad", ["id,", "id)", "farms(name", "id::", "id::text;drop table x", 'id"', "a:b:c",
                                 "farms!x!y!z(name)", "id name!hint"])
def test_malformed_select_is_refused_with_pgrst100(bad: str):
    error = refused(lambda: parse_select(bad))
    assert error.message.startswith("failed to parse select parameter")


def test_casts_admit_words_only_so_nothing_can_leave_the_cast():
    for bad in ("text)", "text; select 1", "text--", "$q$", "text[]", "int'"):
        refused(lambda bad=bad: parse_select(f"id::{bad}"))
    assert parse_select("id::double precision")[0].cast == "double precision"


def test_aggregates_are_refused_as_on_supabase():
    refused(lambda: parse_select("count()"), "PGRST123")
    refused(lambda: parse_select("weight_kg.sum()"), "PGRST123")


def test_spread_embedding_is_not_implemented():
    refused(lambda: parse_select("...farms(name)"), "PGRST127")


@pytest.mark.parametrize(("key", "value", "cond"), [
    ("farm_id", "eq.f1", Condition(Field("farm_id"), "eq", V("f1"))),
    ("weight", "not.gt.300", Condition(Field("weight"), "gt", V("300"), negate=True)),
    ("status", 'in.(active,"sold, old",a"b)', Condition(Field("status"), "in", V('{"active","sold, old","a\\"b"}'))),
    ("status", "in.()", Condition(Field("status"), "in", V("{}"))),
    ("deleted_at", "is.null", Condition(Field("deleted_at"), "is", "null")),
    ("flag", "is.NOT_NULL", Condition(Field("flag"), "is", "not_null")),
    ("name", "ilike.%bell%", Condition(Field("name"), "ilike", V("%bell%"))),
    ("name", "like.*bell*", Condition(Field("name"), "like", V("%bell%"))),
    ("name", "like(any).{a*,b*}", Condition(Field("name"), "like", V("{a%,b%}"), quantifier="any")),
    ("tags", "cs.{a,b}", Condition(Field("tags"), "cs", V("{a,b}"))),
    ("tags", "cd.{a}", Condition(Field("tags"), "cd", V("{a}"))),
    ("doc", "plfts(english).fat cat", Condition(Field("doc"), "plfts", V("fat cat"), language=V("english"))),
    ("sex", "isdistinct.f", Condition(Field("sex"), "isdistinct", V("f"))),
    ("born", "eq.2026-01-01 10:00:00", Condition(Field("born"), "eq", V("2026-01-01 10:00:00"))),
    ("name", "eq.a\x00b", Condition(Field("name"), "eq", V("ab"))),
])
def test_filters_parse_as_the_clients_send_them(key, value, cond):
    assert plain(parse_filter(key, value.replace("\\x00", "\x00"))) == plain(((), cond))


def test_filters_on_embedded_resources_and_json_paths_name_their_level():
    assert plain(parse_filter("farms.name", "eq.North")) == plain((("farms",), Condition(Field("name"), "eq",
                                                                                         V("North"))))
    assert plain(parse_filter("data->>kind", "eq.x")[1].field) == plain(Field("data", (JsonStep("->>", V("kind"),
                                                                                                False),)))


@pytest.mark.parametrize("value", ["foo.1", "eq", "is.maybe", "eq(some).1", "in.(a", "not.nope.1", "fts(eng;).x",
                                   "in.a,b"])
def test_unknown_operators_and_bad_values_are_refused(value: str):
    refused(lambda: parse_filter("col", value))


def test_logic_trees_nest_and_negate():
    path, logic = parse_logic("or", "(sex.eq.f,and(weight.gt.300,name.not.is.null),tag.in.(a,b))")
    assert path == ()
    assert plain(logic) == plain(Logic("or", (
        Condition(Field("sex"), "eq", V("f")),
        Logic("and", (Condition(Field("weight"), "gt", V("300")),
                      Condition(Field("name"), "is", "null", negate=True))),
        Condition(Field("tag"), "in", V('{"a","b"}')),
    )))
    assert parse_logic("not.and", "(a.eq.1,b.eq.2)")[1].negate
    assert parse_logic("farms.or", "(name.eq.x,name.eq.y)")[0] == ("farms",)
    quoted = parse_logic("or", '(name.eq."a,b",tags.cs.{x,y})')[1].items
    assert (quoted[0].value.v, quoted[1].value.v) == ("a,b", "{x,y}")


@pytest.mark.parametrize("value", ["()", "(a.eq.1", "(a.eq.1,)", "(xor(a.eq.1))", "(a.nope.1)", "a.eq.1"])
def test_malformed_logic_is_refused(value: str):
    refused(lambda: parse_logic("or", value))


def test_order_reads_directions_nulls_json_paths_and_related_columns():
    assert plain(parse_order("born.desc.nullslast,tag,data->k.asc,farms(name).desc")) == plain([
        OrderTerm(Field("born"), None, True, "last"),
        OrderTerm(Field("tag")),
        OrderTerm(Field("data", (JsonStep("->", V("k"), False),)), None, False),
        OrderTerm(Field("name"), "farms", True),
    ])


@pytest.mark.parametrize("text", ["tag", "tag.asc,id", "born.desc.nullslast,tag.nullsfirst", "a.asc.nullsfirst,b.desc"])
def test_plain_orders_read_as_the_scanner_reads_them(text: str):
    # plain column orders take a shortcut; a space after each comma sends the same order through the scanner
    assert plain(parse_order(text)) == plain(parse_order(text.replace(",", ", ")))


@pytest.mark.parametrize("value", ["eq.f1", "not.gt.300", "is.NOT_NULL", "not.is.null", "like.*bell*", "ilike.%a%",
                                   "isdistinct.f", "cs.{a,b}", "neq.a.b", "eq.two\nlines", "match.^a", "eq."])
def test_plain_filters_read_as_the_scanner_reads_them(value: str):
    # `[not.]op.value` takes a shortcut; inside or=(...) the same condition goes through the scanner
    assert plain(parse_filter("col", value)[1]) == plain(parse_logic("or", f"(col.{value})")[1].items[0])


@pytest.mark.parametrize("bad", ["id.ac", "id.descc", "id.nulsfist", "id;drop", "farms(name,id)", ""])
def test_malformed_order_is_refused(bad: str):
    refused(lambda: parse_order(bad))


def test_the_query_string_splits_into_reserved_parameters_filters_and_levels():
    query, args = parse_query([("select", "id,farms(name)"), ("farm_id", "eq.f"), ("order", "tag.asc"),
                               ("limit", "20"), ("offset", "5"), ("farms.limit", "1"), ("farms.order", "name"),
                               ("or", "(a.eq.1,b.eq.2)"), ("farms.name", "neq.x"), ("columns", '"a","b"'),
                               ("on_conflict", "tenant_id,role"), ("apikey", "k"), ("empty", "")])
    assert args == []
    assert {p: v.v for p, v in query.limits.items()} == {(): 20, ("farms",): 1}
    assert {p: v.v for p, v in query.offsets.items()} == {(): 5}
    assert set(query.filters) == {(), ("farms",)} and len(query.root_filters()) == 2
    assert query.order[("farms",)][0].field.name == "name"
    assert query.columns == ("a", "b") and query.on_conflict == ("tenant_id", "role")


def test_rpc_arguments_are_the_keys_that_are_not_reserved():
    _, args = parse_query([("p_farm", "f1"), ("tags", "{a,b}"), ("select", "*")], rpc=True)
    assert args == [("p_farm", "f1"), ("tags", "{a,b}")]


@pytest.mark.parametrize("bad", [("limit", "-1"), ("limit", "ten"), ("offset", "1.5"), ("farms..limit", "1")])
def test_limits_and_offsets_are_non_negative_integers(bad):
    refused(lambda: parse_query([bad]))


def test_prefer_reads_comma_lists_over_several_headers_first_one_wins():
    prefer = parse_prefer(["return=representation,count=exact", "count=planned, missing=default",
                           "resolution=merge-duplicates", "tx=rollback", "whatever=1"])
    assert (prefer.representation, prefer.count, prefer.missing, prefer.resolution) == (
        "representation", "exact", "default", "merge-duplicates")
    assert prefer.invalid == ["whatever=1"]
    assert parse_prefer(["handling=strict, max-affected=5"]).max_affected == 5


def test_prefer_with_strict_handling_refuses_what_it_does_not_know():
    refused(lambda: parse_prefer(["handling=strict, return=everything"]), "PGRST122")


def test_accept_chooses_json_object_or_csv_and_refuses_the_rest():
    assert negotiate(None) == Media("json")
    assert negotiate("*/*") == Media("json")
    assert negotiate("application/vnd.pgrst.object+json") == Media("object")
    assert negotiate("application/vnd.pgrst.object+json;nulls=stripped") == Media("object", True)
    assert negotiate("application/vnd.pgrst.array+json;nulls=stripped") == Media("json", True)
    assert negotiate("text/csv") == Media("csv")
    assert negotiate("text/html;q=0.9, text/csv") == Media("csv")
    refused(lambda: negotiate("application/xml"), "PGRST107", 406)


def test_the_range_header_is_an_offset_and_a_limit():
    assert parse_range("0-9") == (0, 10)
    assert parse_range("10-") == (10, None)
    assert parse_range("junk") is None
    refused(lambda: parse_range("5-2"), "PGRST103", 416)


def test_requests_that_differ_only_in_values_have_one_shape_and_their_values_number_alike():
    first, _ = parse_query([("select", "tag_number,k:data->>k"), ("farm_id", "eq.f1"),
                            ("or", "(a.eq.1,b.in.(x,y))"), ("limit", "5")])
    second, _ = parse_query([("select", "tag_number,k:data->>other"), ("farm_id", "eq.f2"),
                             ("or", "(a.eq.9,b.in.(z))"), ("limit", "50")])
    assert first.shape() == second.shape() and hash(first.shape()) == hash(second.shape())
    assert [v.v for v in first.values] == ["k", "f1", "1", '{"x","y"}', 5]
    assert [v.v for v in second.values] == ["other", "f2", "9", '{"z"}', 50]
    # a JSON key that names the output (no alias) is part of the shape: the name is in the SQL text
    unnamed = [parse_query([("select", f"data->>{key}")])[0].shape() for key in ("k", "other")]
    assert unnamed[0] != unnamed[1]
    assert first.params() == ["k", "f1", "1", '{"x","y"}', 5]  # by index: p0, p1, ...
    assert first.value("added").index == 5  # the route's own values come after the parsed ones
    # the order of the parameters in the URL is part of the shape (it orders the SQL's conditions)
    swapped, _ = parse_query([("status", "eq.a"), ("farm_id", "eq.f1")])
    straight, _ = parse_query([("farm_id", "eq.f1"), ("status", "eq.a")])
    assert swapped.shape() != straight.shape()
    different, _ = parse_query([("farm_id", "neq.f1")])
    assert different.shape() != parse_query([("farm_id", "eq.f1")])[0].shape()
    later, _ = parse_query([("farm_id", "eq.f1"), ("select", "tag_number,data->>k")])
    assert later.shape() != first.shape()  # the same parameters in another order: another shape
