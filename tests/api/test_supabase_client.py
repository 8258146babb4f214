"""The real supabase-py client (`supabase.create_client(iFarm URL, anon key)`, unchanged) against a real
`ifarm api`: auth, rpc, and table reads and writes through /rest/v1; a second user in another tenant
sees and changes none of it. (Storage calls are added with the media work.)"""

from __future__ import annotations

import uuid

import pytest
from postgrest.exceptions import APIError
from supabase import Client, create_client
from supabase_auth.errors import AuthApiError

from tests.api.conftest import RestApi


def signed_up(rest_api: RestApi) -> tuple[Client, str, str]:
    client = create_client(rest_api.base_url, rest_api.keys["anon"])
    email = f"sb{uuid.uuid4().hex[:10]}@example.test"
    password = "correct horse battery"
    # supabase-py's default flow is PKCE: sign-up carries code_challenge fields, which must be accepted.
    response = client.auth.sign_up({"email": email, "password": password, "options": {"data": {"plan": "demo"}}})
    assert response.session is not None and response.session.expires_at
    assert response.user.email == email and response.user.user_metadata == {"plan": "demo"}
    assert response.user.identities[0].provider == "email"
    return client, email, password


def test_supabase_py_runs_a_farm_through_ifarm_and_another_tenant_sees_none_of_it(rest_api: RestApi):
    client, email, password = signed_up(rest_api)
    client.auth.sign_out()
    assert client.auth.get_session() is None
    session = client.auth.sign_in_with_password({"email": email, "password": password}).session
    assert client.auth.get_session().access_token == session.access_token
    assert client.auth.get_user().user.email == email

    tenant = client.rpc("create_tenant", {"name": "Supa Farm", "slug": f"s-{uuid.uuid4().hex[:10]}"}).execute().data
    farm = client.rpc("create_farm", {"tenant_id": tenant["id"], "name": "Home"}).execute().data
    t, f = tenant["id"], farm["id"]

    first = client.table("animals").insert({"tenant_id": t, "farm_id": f, "tag_number": "C000", "species": "cattle",
                                            "sex": "female", "name": "Bella"}).execute()
    assert first.data[0]["tag_number"] == "C000" and first.data[0]["status"] == "active"
    herd = [{"tenant_id": t, "farm_id": f, "tag_number": f"C{n:03}", "species": "cattle",
             "sex": "female" if n % 2 else "male", "name": f"cow {n}"} for n in range(1, 25)]
    assert len(client.table("animals").insert(herd).execute().data) == 24

    page = (client.table("animals").select("id,tag_number,sex,farm:farms(name)", count="exact")
            .eq("farm_id", f).eq("sex", "female").order("tag_number", desc=True).range(2, 6).execute())
    assert page.count == 13  # Bella and the 12 odd-numbered cows
    assert [a["tag_number"] for a in page.data] == ["C019", "C017", "C015", "C013", "C011"]
    assert all(a["farm"] == {"name": "Home"} for a in page.data)
    filtered = (client.table("animals").select("tag_number").or_("name.eq.Bella,tag_number.in.(C001,C002)")
                .order("tag_number").execute())
    assert [a["tag_number"] for a in filtered.data] == ["C000", "C001", "C002"]
    assert client.table("animals").select("name").ilike("name", "%bell%").execute().data == [{"name": "Bella"}]
    assert len(client.table("animals").select("id").is_("deleted_at", None).limit(3).execute().data) == 3

    bella = client.table("animals").select("*").eq("tag_number", "C000").single().execute()
    assert bella.data["name"] == "Bella"
    with pytest.raises(APIError) as many:
        client.table("animals").select("*").eq("sex", "male").single().execute()
    assert many.value.code == "PGRST116"

    updated = client.table("animals").update({"notes": "checked"}).eq("farm_id", f).lt("tag_number", "C003").execute()
    assert sorted(a["tag_number"] for a in updated.data) == ["C000", "C001", "C002"]
    cow = updated.data[0]["id"]
    client.table("animal_weights").insert([{"tenant_id": t, "animal_id": cow, "weighed_on": f"2026-0{m}-01",
                                            "weight_kg": 300 + m} for m in (1, 2, 3)]).execute()
    deleted = client.table("animal_weights").delete(count="exact").eq("animal_id", cow).gte("weight_kg", 302).execute()
    assert deleted.count == 2 and sorted(w["weight_kg"] for w in deleted.data) == [302, 303]
    with pytest.raises(APIError) as unfiltered:
        client.table("animal_weights").delete().execute()
    assert unfiltered.value.code == "21000"

    limit = client.table("approval_limits").upsert({"tenant_id": t, "role": "manager", "max_amount": 4000},
                                                   on_conflict="tenant_id,role").execute()
    assert limit.data == [{"tenant_id": t, "role": "manager", "max_amount": 4000}]
    csv = client.table("animals").select("tag_number").eq("tag_number", "C000").csv().execute()
    assert csv.data == "tag_number\nC000"

    profile = client.auth.update_user({"data": {"farm": "Home"}})
    assert profile.user.user_metadata == {"plan": "demo", "farm": "Home"}
    refreshed = client.auth.refresh_session()
    assert refreshed.session.access_token != session.access_token
    assert client.table("animals").select("id", count="exact").limit(1).execute().count == 25  # the new token works

    # ---- another user, in another tenant, through the same client library
    other, _, _ = signed_up(rest_api)
    theirs = other.rpc("create_tenant", {"name": "Other", "slug": f"o-{uuid.uuid4().hex[:10]}"}).execute().data["id"]
    assert other.table("animals").select("id", count="exact").execute().count == 0
    assert other.table("animals").select("*").eq("tenant_id", t).execute().data == []
    assert other.table("farms").select("*").eq("id", f).execute().data == []
    assert other.table("animals").update({"name": "stolen"}).eq("tenant_id", t).execute().data == []
    assert other.table("animal_weights").delete().eq("tenant_id", t).execute().data == []
    for write in (lambda: other.table("animals").insert({"tenant_id": t, "farm_id": f, "tag_number": "X",
                                                         "species": "cattle", "sex": "male"}).execute(),
                  lambda: other.table("approval_limits").upsert({"tenant_id": t, "role": "manager", "max_amount": 1},
                                                                on_conflict="tenant_id,role").execute(),
                  lambda: other.rpc("create_farm", {"tenant_id": t, "name": "Mine now"}).execute()):
        with pytest.raises(APIError) as refused:
            write()
        assert refused.value.code == "42501"
    assert other.table("approval_limits").select("*").eq("tenant_id", theirs).execute().data  # their own: fine

    # ---- the first user's data is untouched
    assert client.table("animals").select("id", count="exact").eq("name", "stolen").execute().count == 0
    assert client.table("approval_limits").select("max_amount").eq("role", "manager").single().execute().data == {
        "max_amount": 4000}
    assert client.table("animal_weights").select("weight_kg").eq("animal_id", cow).execute().data == [
        {"weight_kg": 301}]

    client.auth.sign_out()
    assert client.auth.get_session() is None
    with pytest.raises(AuthApiError):
        client.auth.refresh_session(session.refresh_token)


def test_supabase_py_reads_reference_data_with_only_the_anon_key(rest_api: RestApi):
    client = create_client(rest_api.base_url, rest_api.keys["anon"])
    species = client.table("species").select("code").order("code").execute().data
    assert {"code": "cattle"} in species
    with pytest.raises(APIError) as refused:
        client.table("animals").select("*").execute()
    assert refused.value.code == "42501"
    assert client.rpc("whoami", {}).execute().data["role"] == "anon"
