"""/rest/v1 over real HTTP: PostgREST's status codes, headers and error bodies; reads with filters,
embeddings, counts and ranges; writes with their Prefer options; Supabase's apikey handling; and the
database's rules (RLS, grants, triggers) deciding what a client may do. Runs against every PostgreSQL
server under test (rest_api)."""

from __future__ import annotations

import time
import uuid
from datetime import date, timedelta
from urllib.parse import quote

import jwt
import pytest

from app.db import REST_PREPARED_PER_CONNECTION
from tests.api.conftest import REST_MAX_ROWS, SECRET, RestApi
from tests.conftest import TODAY


def error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) >= {"code", "message", "details", "hint"} and isinstance(body["code"], str)
    assert body["code"] == code, body
    return body


ANIMALS = 30


@pytest.fixture(scope="module")
def herd(rest_api: RestApi) -> dict:
    """A tenant with two farms, 30 animals of varied sex, names, birth dates and values on the first and
    3 on the second, a location; and another tenant with animals of its own."""
    owner, tenant, (north, south) = rest_api.owner_with_farm(2)
    rows = []
    for n in range(ANIMALS):
        rows.append({"tenant_id": tenant, "farm_id": north, "tag_number": f"N{n:03}", "species": "cattle",
                     "sex": "female" if n % 3 else "male", "name": None if n % 5 == 0 else f"cow {n % 7}",
                     "birth_date": (date(2024, 1, 1) + timedelta(days=11 * n)).isoformat(),
                     "estimated_value": None if n % 4 == 0 else 500 + 25 * (n % 9)})
    rows += [{"tenant_id": tenant, "farm_id": south, "tag_number": f"S{n}", "species": "goat", "sex": "female",
              "name": f"goat {n}", "birth_date": "2025-03-01", "estimated_value": 90} for n in range(3)]
    r = rest_api.rest("POST", "animals?columns=tenant_id,farm_id,tag_number,species,sex,name,birth_date,"
                      "estimated_value", owner, json=rows)
    assert r.status_code == 201, r.text
    location = rest_api.rest("POST", "locations", owner, json={"tenant_id": tenant, "farm_id": north, "name": "Barn"},
                             headers={"Prefer": "return=representation"}).json()[0]["id"]
    other, other_tenant, (other_farm,) = rest_api.owner_with_farm()
    rest_api.rest("POST", "animals", other, json=[{"tenant_id": other_tenant, "farm_id": other_farm,
                                                   "tag_number": f"O{n}", "species": "cattle", "sex": "male"}
                                                  for n in range(4)])
    return {"owner": owner, "tenant": tenant, "north": north, "south": south, "location": location,
            "other": other, "other_tenant": other_tenant}


# ---------------------------------------------------------------- reads


def test_a_filtered_ordered_page_with_an_exact_count_is_206_with_its_content_range(rest_api: RestApi, herd: dict):
    r = rest_api.rest("GET", f"animals?select=tag_number,sex&farm_id=eq.{herd['north']}&order=tag_number.desc"
                      "&offset=2&limit=5", herd["owner"], headers={"Prefer": "count=exact"})
    assert r.status_code == 206
    assert r.headers["content-range"] == f"2-6/{ANIMALS}"
    assert r.headers["preference-applied"] == "count=exact"
    assert [a["tag_number"] for a in r.json()] == [f"N{n:03}" for n in range(ANIMALS - 3, ANIMALS - 8, -1)]
    whole = rest_api.rest("GET", f"animals?select=id&farm_id=eq.{herd['south']}", herd["owner"],
                          headers={"Prefer": "count=exact"})
    assert whole.status_code == 200 and whole.headers["content-range"] == "0-2/3"
    uncounted = rest_api.rest("GET", f"animals?select=id&farm_id=eq.{herd['south']}", herd["owner"])
    assert uncounted.headers["content-range"] == "0-2/*"


def test_an_offset_past_the_total_is_416_and_an_empty_page_is_star_slash_zero(rest_api: RestApi, herd: dict):
    body = error(rest_api.rest("GET", "animals?select=id&offset=500", herd["owner"], headers={"Prefer": "count=exact"}),
                 416, "PGRST103")
    assert body["details"] == f"An offset of 500 was requested, but there are only {ANIMALS + 3} rows."
    empty = rest_api.rest("GET", "animals?tag_number=eq.nobody", herd["owner"], headers={"Prefer": "count=exact"})
    assert empty.status_code == 200 and empty.json() == [] and empty.headers["content-range"] == "*/0"


def test_reads_are_capped_at_max_rows_and_the_range_header_pages_like_offset_and_limit(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    rest_api.rest("POST", "animals", owner, json=[
        {"tenant_id": tenant, "farm_id": farm, "tag_number": f"CAP{n}", "species": "sheep",
         "sex": "female"} for n in range(REST_MAX_ROWS + 5)])
    herd = {"owner": owner}
    capped = rest_api.rest("GET", "animals?select=id&species=eq.sheep", herd["owner"],
                           headers={"Prefer": "count=exact"})
    assert capped.status_code == 206 and len(capped.json()) == REST_MAX_ROWS
    assert capped.headers["content-range"] == f"0-{REST_MAX_ROWS - 1}/{REST_MAX_ROWS + 5}"
    ranged = rest_api.rest("GET", "animals?select=tag_number&species=eq.sheep&order=tag_number", herd["owner"],
                           headers={"Range": "3-5", "Range-Unit": "items"})
    by_params = rest_api.rest("GET", "animals?select=tag_number&species=eq.sheep&order=tag_number&offset=3&limit=3",
                              herd["owner"])
    assert ranged.json() == by_params.json() and len(ranged.json()) == 3
    assert ranged.headers["content-range"] == "3-5/*"
    error(rest_api.rest("GET", "animals", herd["owner"], headers={"Range": "5-2"}), 416, "PGRST103")


def test_filters_logic_and_null_ordering_select_the_rows_postgresql_would(rest_api: RestApi, herd: dict):
    def tags(query: str) -> list[str]:
        r = rest_api.rest("GET", f"animals?select=tag_number&farm_id=eq.{herd['north']}&{query}", herd["owner"])
        assert r.status_code == 200, r.text
        return [a["tag_number"] for a in r.json()]

    assert tags("name=is.null&order=tag_number") == [f"N{n:03}" for n in range(0, ANIMALS, 5)]
    assert tags("or=(sex.eq.male,name.eq.cow 1)&name=not.is.null&order=tag_number") == sorted(
        f"N{n:03}" for n in range(ANIMALS) if n % 5 and (n % 3 == 0 or n % 7 == 1))
    assert tags("tag_number=in.(N001,N002,\"N003\")&order=tag_number.desc") == ["N003", "N002", "N001"]
    assert tags("name=ilike.*COW 3*&order=tag_number") == [f"N{n:03}" for n in range(ANIMALS) if n % 5 and n % 7 == 3]
    assert tags("and=(birth_date.gte.2024-03-01,birth_date.lt.2024-04-01)&order=birth_date") == [
        f"N{n:03}" for n in range(ANIMALS) if date(2024, 3, 1) <= date(2024, 1, 1) + timedelta(days=11 * n)
        < date(2024, 4, 1)]
    value = {f"N{n:03}": None if n % 4 == 0 else 500 + 25 * (n % 9) for n in range(ANIMALS)}
    valued = sorted((v, t) for t, v in value.items() if v is not None)
    highest = sorted(valued, key=lambda vt: (-vt[0], vt[1]))
    assert tags("order=estimated_value.desc.nullslast,tag_number&limit=3") == [t for _, t in highest[:3]]
    assert tags("order=estimated_value.asc.nullsfirst,tag_number&limit=9") == [
        t for t, v in sorted(value.items()) if v is None] + [t for _, t in valued[:1]]
    assert tags("not.or=(sex.eq.female,name.is.null)&order=tag_number") == [
        f"N{n:03}" for n in range(ANIMALS) if n % 3 == 0 and n % 5]


def test_select_renames_casts_and_embeds_the_farm_and_the_reverse_direction(rest_api: RestApi, herd: dict):
    r = rest_api.rest("GET", "animals?select=tag:tag_number,born:birth_date::text,value:estimated_value::int,"
                      "farm:farms(name)&tag_number=eq.N001", herd["owner"])
    assert r.json() == [{"tag": "N001", "born": "2024-01-12", "value": 525, "farm": {"name": "Farm 0"}}]
    farms = rest_api.rest("GET", "farms?select=name,animals(tag_number)&animals.order=tag_number.desc"
                          "&animals.limit=2&order=name", herd["owner"]).json()
    assert farms == [{"name": "Farm 0", "animals": [{"tag_number": "N029"}, {"tag_number": "N028"}]},
                     {"name": "Farm 1", "animals": [{"tag_number": "S2"}, {"tag_number": "S1"}]}]
    located = rest_api.rest("GET", "farms?select=name,locations(name)&locations=not.is.null", herd["owner"]).json()
    assert located == [{"name": "Farm 0", "locations": [{"name": "Barn"}]}]


def test_an_inner_embed_filters_the_parents_and_counts_follow(rest_api: RestApi, herd: dict):
    r = rest_api.rest("GET", "animals?select=tag_number,farm:farms!inner(name)&farm.name=eq.Farm 1&order=tag_number",
                      herd["owner"], headers={"Prefer": "count=exact"})
    assert [a["tag_number"] for a in r.json()] == ["S0", "S1", "S2"]
    assert r.headers["content-range"] == "0-2/3"
    left = rest_api.rest("GET", "animals?select=tag_number,farm:farms(name)&farm.name=eq.Farm 1&tag_number=eq.N001",
                         herd["owner"]).json()
    assert left == [{"tag_number": "N001", "farm": None}]  # without !inner the embed alone is filtered
    ordered = rest_api.rest("GET", "animals?select=tag_number,f:farms(name)&order=f(name).desc,tag_number&limit=1",
                            herd["owner"]).json()
    assert ordered == [{"tag_number": "S0", "f": {"name": "Farm 1"}}]


def test_composite_tenant_keys_are_named_by_their_column_and_ambiguity_is_300(rest_api: RestApi, herd: dict):
    owner = herd["owner"]
    cow = rest_api.rest("GET", "animals?select=id&tag_number=eq.N010", owner).json()[0]["id"]
    moved = rest_api.rest("POST", "animal_movements", owner, json={
        "tenant_id": herd["tenant"], "animal_id": cow, "to_farm_id": herd["south"], "reason": "grazing"})
    assert moved.status_code == 201, moved.text
    r = rest_api.rest("GET", "animal_movements?select=reason,to:farms!to_farm_id(name),from:farms!from_farm_id(name),"
                      f"animals(tag_number)&animal_id=eq.{cow}", owner)
    assert r.json() == [{"reason": "grazing", "to": {"name": "Farm 1"}, "from": {"name": "Farm 0"},
                         "animals": {"tag_number": "N010"}}]
    ambiguous = error(rest_api.rest("GET", "animal_movements?select=farms(name)", owner), 300, "PGRST201")
    assert len(ambiguous["details"]) == 2 and "farms!" in ambiguous["hint"]
    error(rest_api.rest("GET", "animals?select=species_products(*)", owner), 400, "PGRST200")
    back = rest_api.rest("POST", "animal_movements", owner, json={
        "tenant_id": herd["tenant"], "animal_id": cow, "to_farm_id": herd["north"]})
    assert back.status_code == 201


def test_a_single_object_is_an_object_or_406_and_csv_and_head_answer_in_kind(rest_api: RestApi, herd: dict):
    obj = rest_api.rest("GET", "animals?select=tag_number,name&tag_number=eq.N001", herd["owner"],
                        headers={"Accept": "application/vnd.pgrst.object+json"})
    assert obj.status_code == 200 and obj.json() == {"tag_number": "N001", "name": "cow 1"}
    assert obj.headers["content-type"].startswith("application/vnd.pgrst.object+json")
    body = error(rest_api.rest("GET", "animals?tag_number=like.N00*", herd["owner"],
                               headers={"Accept": "application/vnd.pgrst.object+json"}), 406, "PGRST116")
    assert body["details"] == "The result contains 10 rows"
    csv = rest_api.rest("GET", "animals?select=tag_number,name&tag_number=in.(N000,N001)&order=tag_number",
                        herd["owner"], headers={"Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv") and csv.text == 'tag_number,name\nN000,\nN001,"cow 1"'
    head = rest_api.rest("HEAD", f"animals?farm_id=eq.{herd['south']}", herd["owner"],
                         headers={"Prefer": "count=exact"})
    assert head.status_code == 200 and head.content == b"" and head.headers["content-range"].endswith("/3")
    stripped = rest_api.rest("GET", "animals?select=tag_number,name&tag_number=eq.N000", herd["owner"],
                             headers={"Accept": "application/vnd.pgrst.array+json;nulls=stripped"})
    assert stripped.json() == [{"tag_number": "N000"}]
    error(rest_api.rest("GET", "animals", herd["owner"], headers={"Accept": "application/xml"}), 406, "PGRST107")


def test_planned_and_estimated_counts_come_from_the_planner_and_the_capped_count(rest_api: RestApi, herd: dict):
    planned = rest_api.rest("GET", "animals?select=id", herd["owner"], headers={"Prefer": "count=planned"})
    assert planned.status_code in (200, 206) and planned.headers["content-range"].split("/")[1].isdigit()
    estimated = rest_api.rest("GET", f"animals?select=id&farm_id=eq.{herd['south']}&species=eq.goat", herd["owner"],
                              headers={"Prefer": "count=estimated"})
    assert estimated.headers["content-range"] == "0-2/3"  # under max rows: exact


def test_names_outside_the_schema_cache_get_postgrest_errors(rest_api: RestApi, herd: dict):
    body = error(rest_api.rest("GET", "animal", herd["owner"]), 404, "PGRST205")
    assert body["message"] == "Could not find the table 'public.animal' in the schema cache"
    assert body["hint"] == "Perhaps you meant the table 'public.animals'"
    error(rest_api.rest("GET", "animals?select=nope", herd["owner"]), 400, "42703")
    error(rest_api.rest("GET", "animals?nope=eq.1", herd["owner"]), 400, "42703")
    error(rest_api.rest("GET", "animals?order=nope", herd["owner"]), 400, "42703")
    error(rest_api.rest("GET", "animals?farms.name=eq.x", herd["owner"]), 400, "PGRST108")
    error(rest_api.rest("GET", "animals?select=farm:farms(name)&farms.name=eq.x", herd["owner"]), 400, "PGRST108")
    error(rest_api.rest("POST", "animals", herd["owner"], json={"tenant_id": herd["tenant"], "nope": 1}), 400,
          "PGRST204")
    error(rest_api.rest("GET", "animals", herd["owner"], headers={"Accept-Profile": "private"}), 406, "PGRST106")
    error(rest_api.rest("GET", "animals?select=count()", herd["owner"]), 400, "PGRST123")


# ---------------------------------------------------------------- writes


def test_insert_answers_201_minimal_representation_or_headers_only_with_location(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    row = {"tenant_id": tenant, "farm_id": farm, "species": "cattle", "sex": "female"}
    minimal = rest_api.rest("POST", "animals", owner, json={**row, "tag_number": "M1"})
    assert minimal.status_code == 201 and minimal.content == b"" and minimal.headers["content-range"] == "*/*"
    full = rest_api.rest("POST", "animals?select=tag_number,status,farm:farms(name)", owner,
                         json={**row, "tag_number": "M2"}, headers={"Prefer": "return=representation,count=exact"})
    assert full.status_code == 201 and full.headers["content-range"] == "*/1"
    assert full.json() == [{"tag_number": "M2", "status": "active", "farm": {"name": "Farm 0"}}]
    located = rest_api.rest("POST", "animals", owner, json={**row, "tag_number": "M3"},
                            headers={"Prefer": "return=headers-only"})
    assert located.status_code == 201
    made = rest_api.rest("GET", "animals?select=id&tag_number=eq.M3", owner).json()[0]["id"]
    assert located.headers["location"] == f"/animals?tenant_id=eq.{tenant}&id=eq.{made}"


def test_bulk_insert_with_columns_and_missing_default(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    rows = [{"tenant_id": tenant, "farm_id": farm, "tag_number": "B1", "species": "cattle", "sex": "male",
             "status": "active"},
            {"tenant_id": tenant, "farm_id": farm, "tag_number": "B2", "species": "cattle", "sex": "male"}]
    defaulted = rest_api.rest("POST", "animals?columns=tenant_id,farm_id,tag_number,species,sex,acquisition&select="
                              "tag_number,acquisition", owner, json=rows,
                              headers={"Prefer": "return=representation,missing=default"})
    assert defaulted.status_code == 201, defaulted.text
    assert defaulted.json() == [{"tag_number": "B1", "acquisition": "born"},
                                {"tag_number": "B2", "acquisition": "born"}]
    assert defaulted.headers["preference-applied"] == "return=representation, missing=default"
    error(rest_api.rest("POST", "animals", owner, json=rows), 400, "PGRST102")  # keys differ, no columns=
    error(rest_api.rest("POST", "animals", owner, content=b"[{not json"), 400, "PGRST102")


def test_unfiltered_updates_and_deletes_are_refused_and_change_nothing(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    rest_api.rest("POST", "counterparties", owner, json={"tenant_id": tenant, "kind": "vendor", "name": "Feed Co"})
    body = error(rest_api.rest("PATCH", "counterparties", owner, json={"name": "Renamed"}), 400, "21000")
    assert body["message"] == "UPDATE requires a WHERE clause"
    body = error(rest_api.rest("DELETE", "animal_weights", owner, content=b"{}"), 400, "21000")
    assert body["message"] == "DELETE requires a WHERE clause"
    assert rest_api.rest("GET", "counterparties?select=name", owner).json() == [{"name": "Feed Co"}]


def test_update_and_delete_with_filters_answer_as_postgrest(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    rest_api.rest("POST", "animals", owner, json=[{"tenant_id": tenant, "farm_id": farm, "tag_number": f"U{n}",
                                                   "species": "cattle", "sex": "female"} for n in range(3)])
    quiet = rest_api.rest("PATCH", "animals?tag_number=in.(U0,U1)", owner, json={"notes": "checked"},
                          headers={"Prefer": "count=exact"})
    assert quiet.status_code == 204 and quiet.headers["content-range"] == "0-1/2"
    shown = rest_api.rest("PATCH", "animals?tag_number=eq.U2&select=tag_number,notes", owner, json={"notes": "sold"},
                          headers={"Prefer": "return=representation"})
    assert shown.status_code == 200 and shown.json() == [{"tag_number": "U2", "notes": "sold"}]
    cow = rest_api.rest("GET", "animals?select=id&tag_number=eq.U0", owner).json()[0]["id"]
    for n in range(2):
        rest_api.rest("POST", "animal_weights", owner, json={"tenant_id": tenant, "animal_id": cow,
                                                             "weighed_on": f"2026-0{n + 1}-01", "weight_kg": 300 + n})
    gone = rest_api.rest("DELETE", f"animal_weights?animal_id=eq.{cow}&weight_kg=gt.300&select=weight_kg", owner,
                         headers={"Prefer": "return=representation,count=exact"})
    assert gone.status_code == 200 and gone.json() == [{"weight_kg": 301}] and gone.headers["content-range"] == "*/1"
    # Animals are deleted softly (their history stays): a hard delete has no grant.
    error(rest_api.rest("DELETE", f"animals?id=eq.{cow}", owner), 403, "42501")
    soft = rest_api.rest("PATCH", f"animals?id=eq.{cow}", owner, json={"deleted_at": "2026-06-17T12:00:00Z"})
    assert soft.status_code == 204
    assert rest_api.rest("GET", f"animals?id=eq.{cow}&deleted_at=is.null", owner).json() == []


def test_upsert_merges_or_ignores_duplicates_and_put_replaces_one_row(rest_api: RestApi):
    owner, tenant, _ = rest_api.owner_with_farm()
    prefer = {"Prefer": "return=representation,resolution=merge-duplicates"}
    row = {"tenant_id": tenant, "role": "manager", "max_amount": 2500}
    merged = rest_api.rest("POST", "approval_limits?on_conflict=tenant_id,role", owner, json=row, headers=prefer)
    assert merged.status_code == 200 and merged.json()[0]["max_amount"] == 2500  # the default row existed
    created = rest_api.rest("POST", "approval_limits", owner, json={**row, "role": "worker", "max_amount": 10},
                            headers=prefer)
    assert created.status_code == 201
    ignored = rest_api.rest("POST", "approval_limits", owner, json={**row, "max_amount": 1},
                            headers={"Prefer": "return=representation,resolution=ignore-duplicates"})
    assert ignored.status_code == 201 and ignored.json() == []
    put = rest_api.rest("PUT", f"approval_limits?tenant_id=eq.{tenant}&role=eq.vet", owner,
                        json={"tenant_id": tenant, "role": "vet", "max_amount": 50},
                        headers={"Prefer": "return=representation"})
    assert put.status_code == 201 and put.json()[0]["max_amount"] == 50
    again = rest_api.rest("PUT", f"approval_limits?tenant_id=eq.{tenant}&role=eq.vet", owner,
                          json={"tenant_id": tenant, "role": "vet", "max_amount": 60})
    assert again.status_code == 204
    limits = {r["role"]: r["max_amount"] for r in rest_api.rest("GET", "approval_limits", owner).json()}
    assert (limits["manager"], limits["worker"], limits["vet"]) == (2500, 10, 60)
    error(rest_api.rest("PUT", "approval_limits?role=eq.vet", owner, json={"role": "vet"}), 405, "PGRST105")
    error(rest_api.rest("PUT", f"approval_limits?tenant_id=eq.{tenant}&role=eq.vet", owner,
                        json={"tenant_id": tenant, "role": "admin", "max_amount": 1}), 400, "PGRST115")
    error(rest_api.rest("POST", "approval_limits?on_conflict=nope", owner, json=row, headers=prefer), 400, "42703")


def test_a_single_object_write_or_a_strict_max_affected_that_does_not_hold_changes_nothing(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    rest_api.rest("POST", "animals", owner, json=[{"tenant_id": tenant, "farm_id": farm, "tag_number": f"R{n}",
                                                   "species": "cattle", "sex": "female"} for n in range(3)])
    body = error(rest_api.rest("PATCH", "animals?tag_number=like.R*", owner, json={"notes": "x"},
                               headers={"Prefer": "return=representation",
                                        "Accept": "application/vnd.pgrst.object+json"}), 406, "PGRST116")
    assert body["details"] == "The result contains 3 rows"
    body = error(rest_api.rest("PATCH", "animals?tag_number=like.R*", owner, json={"notes": "x"},
                               headers={"Prefer": "handling=strict,max-affected=2"}), 400, "PGRST124")
    assert body["details"] == "The query affects 3 rows"
    assert rest_api.rest("GET", "animals?notes=eq.x", owner).json() == []
    single = rest_api.rest("PATCH", "animals?tag_number=eq.R0&select=tag_number", owner, json={"notes": "x"},
                           headers={"Prefer": "return=representation", "Accept": "application/vnd.pgrst.object+json"})
    assert single.status_code == 200 and single.json() == {"tag_number": "R0"}


# ---------------------------------------------------------------- keys and roles


def test_the_anon_key_reads_reference_data_and_no_tenant_data(rest_api: RestApi, herd: dict):
    species = rest_api.rest("GET", "species?select=code&order=code")
    assert species.status_code == 200 and {"code": "cattle"} in species.json()
    error(rest_api.rest("GET", "animals"), 401, "42501")
    error(rest_api.rest("POST", "animals", json={"tenant_id": herd["tenant"]}), 401, "42501")


def test_a_bearer_equal_to_the_apikey_or_a_new_format_key_is_anon(rest_api: RestApi, herd: dict):
    for key in ("sb_publishable_abc123", "not-a-jwt"):
        r = rest_api.http.get("/rest/v1/species?select=code&limit=1",
                              headers={"apikey": key, "Authorization": f"Bearer {key}"})
        assert r.status_code == 200, r.text
    r = rest_api.http.get("/rest/v1/species?select=code&limit=1",
                          headers={"apikey": rest_api.keys["anon"], "Authorization": "Bearer sb_publishable_x"})
    assert r.status_code == 200
    r = rest_api.http.get("/rest/v1/animals", headers={"apikey": "sb_publishable_abc123",
                                                       "Authorization": "Bearer sb_publishable_abc123"})
    error(r, 401, "42501")
    error(rest_api.http.get("/rest/v1/species", headers={"Authorization": "Bearer garbage"}), 401, "PGRST301")


def test_the_service_key_is_the_service_role_and_a_forged_key_is_refused(rest_api: RestApi, herd: dict):
    service = rest_api.keys["service_role"]
    r = rest_api.http.get(f"/rest/v1/animals?select=id&tenant_id=in.({herd['tenant']},{herd['other_tenant']})",
                          headers={"apikey": service, "Authorization": f"Bearer {service}"})
    assert r.status_code == 200 and len(r.json()) >= ANIMALS + 3 + 4  # bypasses RLS, as Supabase's service key
    forged = jwt.encode({"role": "service_role", "iss": "ifarm", "exp": int(time.time()) + 60},
                        "not the secret, not the secret, not the secret", algorithm="HS256")
    error(rest_api.http.get("/rest/v1/species", headers={"apikey": forged}), 401, "PGRST301")
    user_token = herd["owner"]["access_token"]  # a user's token is no API key
    error(rest_api.http.get("/rest/v1/species", headers={"apikey": user_token}), 401, "PGRST301")
    via_query = rest_api.http.get(f"/rest/v1/species?select=code&limit=1&apikey={service}")
    assert via_query.status_code == 200
    jwt_secret_keys = jwt.decode(rest_api.keys["anon"], SECRET, algorithms=["HS256"])
    assert jwt_secret_keys["role"] == "anon"


def test_another_tenants_member_sees_and_changes_none_of_it(rest_api: RestApi, herd: dict):
    other = herd["other"]
    assert rest_api.rest("GET", f"animals?tenant_id=eq.{herd['tenant']}", other).json() == []
    assert rest_api.rest("GET", f"farms?id=eq.{herd['north']}", other).json() == []
    patched = rest_api.rest("PATCH", f"animals?tenant_id=eq.{herd['tenant']}", other, json={"notes": "mine"},
                            headers={"Prefer": "count=exact"})
    assert patched.status_code == 204 and patched.headers["content-range"] == "*/0"
    error(rest_api.rest("POST", "animals", other, json={"tenant_id": herd["tenant"], "farm_id": herd["north"],
                                                         "tag_number": "X", "species": "cattle", "sex": "male"}),
          403, "42501")
    gone = rest_api.rest("DELETE", f"locations?tenant_id=eq.{herd['tenant']}", other)
    assert gone.status_code in (204, 403)
    assert rest_api.rest("GET", "animals?notes=eq.mine", herd["owner"]).json() == []
    assert len(rest_api.rest("GET", f"locations?id=eq.{herd['location']}", herd["owner"]).json()) == 1


def test_a_worker_records_production_on_their_farms_only_and_a_viewer_adds_no_animals(rest_api: RestApi):
    owner, tenant, (granted, other_farm) = rest_api.owner_with_farm(2)
    worker = rest_api.join(owner, tenant, "worker")
    viewer = rest_api.join(owner, tenant, "viewer")
    rest_api.rpc("grant_farm_access", owner, tenant_id=tenant, user_id=worker["user"]["id"], farm_id=granted)
    cows = rest_api.rest("POST", "animals?select=id,farm_id", owner, headers={"Prefer": "return=representation"},
                         json=[{"tenant_id": tenant, "farm_id": farm, "tag_number": f"W{n}", "species": "cattle",
                                "sex": "female"} for n, farm in enumerate((granted, other_farm))]).json()
    mine = next(c["id"] for c in cows if c["farm_id"] == granted)
    theirs = next(c["id"] for c in cows if c["farm_id"] == other_farm)
    milk = {"tenant_id": tenant, "product": "milk", "quantity": 12.5, "unit": "l", "session": "am"}
    ok = rest_api.rest("POST", "production_records", worker, json={**milk, "animal_id": mine})
    assert ok.status_code == 201, ok.text
    refused = rest_api.rest("POST", "production_records", worker, json={**milk, "animal_id": theirs})
    assert refused.status_code in (403, 404), refused.text
    error(rest_api.rest("POST", "animals", viewer, json={"tenant_id": tenant, "farm_id": granted, "tag_number": "V",
                                                          "species": "cattle", "sex": "male"}), 403, "42501")
    seen = rest_api.rest("GET", "animals?select=tag_number&order=tag_number", worker).json()
    assert seen == [{"tag_number": "W0"}]


def test_nobody_writes_invoice_numbers_or_billing_through_rest_not_even_the_owner(rest_api: RestApi):
    owner, tenant, _ = rest_api.owner_with_farm()
    assert rest_api.rest("GET", "subscriptions?select=status", owner).json() == [{"status": "trial"}]
    error(rest_api.rest("PATCH", f"subscriptions?tenant_id=eq.{tenant}", owner, json={"status": "active"}),
          403, "42501")
    error(rest_api.rest("POST", "invoice_counters", owner, json={"tenant_id": tenant, "year": 2026,
                                                                  "last_number": 0}), 403, "42501")
    error(rest_api.rest("DELETE", f"payment_attempts?tenant_id=eq.{tenant}", owner), 403, "42501")
    assert rest_api.rest("GET", "subscriptions?select=status", owner).json() == [{"status": "trial"}]


# ---------------------------------------------------------------- the database's rules hold for direct writes


def test_milk_inside_a_withdrawal_period_is_withheld_and_a_slaughter_sale_refused(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    cow = rest_api.rest("POST", "animals?select=id", owner, headers={"Prefer": "return=representation"},
                        json={"tenant_id": tenant, "farm_id": farm, "tag_number": "T1", "species": "cattle",
                              "sex": "female"}).json()[0]["id"]
    treated = rest_api.rest("POST", "treatments", owner, json={
        "tenant_id": tenant, "animal_id": cow, "medicine": "Oxytet", "course_start": TODAY.isoformat(),
        "course_end": TODAY.isoformat(), "milk_withdrawal_hours": 96, "meat_withdrawal_hours": 28 * 24})
    assert treated.status_code == 201, treated.text
    milk = rest_api.rest("POST", "production_records?select=is_withheld", owner,
                         headers={"Prefer": "return=representation"},
                         json={"tenant_id": tenant, "animal_id": cow, "product": "milk", "quantity": 10, "unit": "l",
                               "session": "am"})
    assert milk.status_code == 201 and milk.json() == [{"is_withheld": True}]
    sale = rest_api.rest("POST", "animal_sales", owner, json={"tenant_id": tenant, "animal_id": cow, "price": 900,
                                                             "sold_on": TODAY.isoformat(), "for_slaughter": True})
    body = error(sale, 409, "PT409")
    assert body["hint"].startswith("meat_withdrawal")


def test_a_head_count_never_goes_below_zero_through_rest(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    group = rest_api.rpc("create_group", owner, tenant_id=tenant, farm_id=farm, name="Flock", species="chicken")["id"]
    event = {"tenant_id": tenant, "group_id": group, "event_type": "addition", "female_delta": 5}
    assert rest_api.rest("POST", "group_count_events", owner, json=event).status_code == 201
    too_many = rest_api.rest("POST", "group_count_events", owner,
                             json={**event, "event_type": "death", "female_delta": -6})
    assert error(too_many, 409, "PT409")["hint"] == "head_count_negative"
    counts = rest_api.rest("GET", f"animal_groups?select=female_count&id=eq.{group}", owner).json()
    assert counts == [{"female_count": 5}]


def test_nobody_approves_their_own_expense_through_rest(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    category = rest_api.rest("GET", "expense_categories?select=id&limit=1", owner).json()[0]["id"]
    expense = rest_api.rest("POST", "expenses?select=id,status", owner, headers={"Prefer": "return=representation"},
                            json={"tenant_id": tenant, "farm_id": farm, "category_id": category, "amount": 120,
                                  "description": "feed", "spent_on": TODAY.isoformat()}).json()[0]
    assert expense["status"] == "draft"
    submitted = rest_api.rest("PATCH", f"expenses?id=eq.{expense['id']}", owner, json={"status": "submitted"})
    assert submitted.status_code == 204, submitted.text
    approved = rest_api.rest("PATCH", f"expenses?id=eq.{expense['id']}", owner, json={"status": "approved"})
    assert error(approved, 403, "42501")["hint"] == "self_approval"
    assert rest_api.rest("GET", f"expenses?select=status&id=eq.{expense['id']}", owner).json() == [
        {"status": "submitted"}]


def test_an_inactive_subscription_makes_the_tenant_read_only_through_rest(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    rest_api.sql("update public.subscriptions set status = 'suspended' where tenant_id = %s", (tenant,))
    refused = rest_api.rest("POST", "animals", owner, json={"tenant_id": tenant, "farm_id": farm, "tag_number": "Z",
                                                             "species": "cattle", "sex": "male"})
    assert error(refused, 402, "PT402")["hint"].startswith("subscription_inactive")
    assert rest_api.rest("GET", f"farms?select=name&id=eq.{farm}", owner).json() == [{"name": "Farm 0"}]


def test_rest_writes_publish_their_events_marked_as_coming_from_rest(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    rest_api.rest("POST", "animals", owner, json={"tenant_id": tenant, "farm_id": farm, "tag_number": "E1",
                                                  "species": "cattle", "sex": "female"})
    rest_api.rest("PATCH", "animals?tag_number=eq.E1", owner, json={"name": "Evt"})
    events = rest_api.sql("select payload ->> 'type', headers ->> 'source' from outbox.events where tenant_id = %s "
                          "and payload ->> 'aggregate' = 'animal' order by id", (tenant,))
    assert events == [("animal_created", "rest"), ("animal_updated", "rest")]


# ---------------------------------------------------------------- rpc and the schema cache


def test_rpc_reaches_schema_api_read_only_for_get(rest_api: RestApi):
    owner = rest_api.signup()
    who = rest_api.rest("GET", "rpc/whoami", owner)
    assert who.status_code == 200 and who.json()["role"] == "authenticated"
    slug = f"g-{uuid.uuid4().hex[:10]}"
    refused = rest_api.rest("GET", f"rpc/create_tenant?name=T&slug={slug}", owner)
    error(refused, 405, "25006")  # a GET runs read-only
    assert rest_api.rest("GET", "rpc/list_my_tenants", owner).json() == []
    error(rest_api.rest("POST", "rpc/no_such_function", owner, json={}), 404, "PGRST202")
    error(rest_api.rest("POST", "rpc/create_tenant", owner, json={"name": "T"}), 400, "PGRST103")


def test_a_notify_reloads_the_schema_cache_for_tables_columns_and_functions(rest_api: RestApi):
    owner = rest_api.signup()
    rest_api.sql("create table public.rest_reload_probe (id int primary key, note text)")
    try:
        rest_api.sql("alter table public.rest_reload_probe enable row level security")
        rest_api.sql("create policy \"anyone signed in reads and writes the probe\" on public.rest_reload_probe "
                     "for all to authenticated using (true) with check (true)")
        rest_api.sql("grant select, insert on public.rest_reload_probe to authenticated")
        rest_api.sql("create function api.rest_probe_void() returns void language sql as 'select'")
        rest_api.sql("grant execute on function api.rest_probe_void() to authenticated")
        rest_api.sql("notify pgrst, 'reload schema'")
        assert _eventually(lambda: rest_api.rest("GET", "rest_reload_probe", owner).status_code == 200)
        assert _eventually(lambda: rest_api.rest("POST", "rpc/rest_probe_void", owner, json={}).status_code == 204)
        rest_api.sql("alter table public.rest_reload_probe add column extra text")
        error(rest_api.rest("POST", "rest_reload_probe", owner, json={"id": 1, "extra": "x"}), 400, "PGRST204")
        rest_api.sql("notify pgrst, 'reload schema'")
        assert _eventually(lambda: rest_api.rest("POST", "rest_reload_probe", owner,
                                                 json={"id": 1, "extra": "x"}).status_code == 201)
    finally:
        rest_api.sql("drop table if exists public.rest_reload_probe")
        rest_api.sql("drop function if exists api.rest_probe_void()")
        rest_api.sql("notify pgrst, 'reload schema'")


def _eventually(check, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


# ---------------------------------------------------------------- injection


PAYLOAD = "x'); drop table public.farms; --"


def test_injection_attempts_in_every_position_are_refused_or_harmless(rest_api: RestApi):
    owner, tenant, (farm,) = rest_api.owner_with_farm()
    made = rest_api.rest("POST", "animals", owner, json={"tenant_id": tenant, "farm_id": farm, "tag_number": PAYLOAD,
                                                          "species": "cattle", "sex": "female"})
    assert made.status_code == 201
    farms_before = rest_api.sql("select count(*) from public.farms")[0][0]
    row = {"tenant_id": tenant, "role": "manager", "max_amount": 1}
    attempts = [
        ("GET", 'animals?select=tag_number,"x\\"; drop table public.farms; --"', None, {}, 400),  # a column
        ("GET", "animals?select=tag_number&tag_number=eq;drop table public.farms.1", None, {}, 400),  # an operator
        ("GET", "animals?order=tag_number;drop table public.farms", None, {}, 400),  # order
        ("GET", "animals?order=tag_number.desc nulls first;drop", None, {}, 400),
        ("GET", "animals?select=farms;drop table public.farms(name)", None, {}, 400),  # an embedded name
        ("GET", 'animals?select=f:farms!"x; drop table public.farms"(name)', None, {}, 400),  # a hint
        ("GET", "animals?select=tag_number::text);drop table public.farms;--", None, {}, 400),  # a cast
        ("GET", "animals?select=tag_number::text union select current_user", None, {}, 400),
        ("GET", "animals?limit=1;drop table public.farms", None, {}, 400),
        ("GET", "animals?name=fts(english');drop table public.farms;--).x", None, {}, 400),
        ("GET", "animals;drop table public.farms", None, {}, 404),  # the table
        ("POST", "rpc/whoami;drop table public.farms", {}, {}, 404),  # the function
        ("POST", "approval_limits?on_conflict=role);drop table public.farms;--", row,
         {"Prefer": "resolution=merge-duplicates"}, 400),  # on_conflict
        ("POST", "animals", {'tag_number"); drop table public.farms; --': 1}, {}, 400),  # a payload key
        ("GET", "animals", None, {"Accept-Profile": "public; drop table public.farms"}, 406),  # the profile
    ]
    for method, path, body, headers, status in attempts:
        r = rest_api.rest(method, path, owner, headers=headers, json=body)
        assert r.status_code == status, (path, r.text)
        assert set(r.json()) >= {"code", "message", "details", "hint"}
    harmless = {  # values, JSON keys and aliases are data or quoted names: the query runs, on the literal
        f"animals?select=tag_number&tag_number=eq.{quote(PAYLOAD)}": [{"tag_number": PAYLOAD}],
        f"animals?select=tag_number&tag_number=in.(\"{quote(PAYLOAD)}\",b)": [{"tag_number": PAYLOAD}],
        f"animals?select=tag_number&or=(tag_number.eq.{quote(PAYLOAD.replace(')', ''))},sex.eq.male)": [],
        'animals?select="a%(v0)s":tag_number&tag_number=like.x*': [{"a%(v0)s": PAYLOAD}],
        "animals?select=k:tag_number->>\"x'); drop table public.farms; --\"&tag_number=like.x*": [{"k": None}],
    }
    for path, expected in harmless.items():
        r = rest_api.rest("GET", path, owner)
        assert (r.status_code, r.json()) == (200, expected), path
    assert rest_api.sql("select count(*) from public.farms")[0][0] == farms_before


def test_requests_of_one_shape_bind_their_own_values_through_the_statement_cache(rest_api: RestApi, herd: dict):
    owner = herd["owner"]
    for tag in ("N001", "N002", "N003"):
        assert rest_api.rest("GET", f"animals?select=tag_number&tag_number=eq.{tag}", owner).json() == [
            {"tag_number": tag}]
    for key in ("a", "b"):  # a JSON key that names the output is part of the shape
        assert rest_api.rest("GET", f"animals?select=tag_number->>{key}&tag_number=eq.N001", owner).json() == [
            {key: None}]
    for n in (2, 3, 1):
        assert len(rest_api.rest("GET", f"animals?select=id&limit={n}", owner).json()) == n
        assert len(rest_api.rest("GET", "animals?select=id", owner, headers={"Range": f"0-{n - 1}"}).json()) == n
    for farm, expected in ((herd["north"], ANIMALS), (herd["south"], 3)):
        counted = rest_api.rest("GET", f"animals?select=id&farm_id=eq.{farm}&limit=1", owner,
                                headers={"Prefer": "count=exact"})
        assert counted.headers["content-range"] == f"0-0/{expected}"


def test_queries_stay_right_past_the_statements_a_connection_keeps_prepared(rest_api: RestApi, herd: dict):
    """A query runs as a statement prepared once per pooled connection and role; past
    REST_PREPARED_PER_CONNECTION shapes a connection deallocates its oldest and prepares it again when
    it comes back. Each shape here names its output differently, so a mixed-up statement would show."""
    owner = herd["owner"]
    shapes = [f"animals?select=t{n}:tag_number&tag_number=eq.N001" for n in range(3 * REST_PREPARED_PER_CONNECTION)]
    for n in [*range(len(shapes)), 0, 1, 2]:  # the first ones again, deallocated by now
        assert rest_api.rest("GET", shapes[n], owner).json() == [{f"t{n}": "N001"}]
    for session in (None, owner, None):  # one shape as anon and as a member: each role its own statement
        assert rest_api.rest("GET", "species?select=code&code=eq.cattle", session).json() == [{"code": "cattle"}]
        animals = rest_api.rest("GET", "animals?select=tag_number&tag_number=eq.N001", session)
        if session is None:
            error(animals, 401, "42501")
        else:
            assert animals.json() == [{"tag_number": "N001"}]


def test_a_remembered_token_stops_working_when_it_expires(rest_api: RestApi):
    """Verified tokens are remembered (the JWT cache) only until their own expiry."""
    expires = int(time.time()) + 5  # room for two requests on a busy machine
    token = jwt.encode({"role": "anon", "exp": expires}, SECRET, algorithm="HS256")
    headers = {"apikey": token, "Authorization": f"Bearer {token}"}
    assert rest_api.http.get("/rest/v1/species?select=code&limit=1", headers=headers).status_code == 200
    assert rest_api.http.get("/rest/v1/species?select=code&limit=1", headers=headers).status_code == 200
    time.sleep(max(0.0, expires - time.time()) + 1.05)  # past the expiry whatever the clock's fraction
    expired = rest_api.http.get("/rest/v1/species?select=code&limit=1",
                                headers={"Authorization": f"Bearer {token}"})
    assert error(expired, 401, "PGRST301")["message"] == "JWT expired"
