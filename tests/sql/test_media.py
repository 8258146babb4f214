"""Media files and the storage.objects policies, as real roles with real claims (what Supabase Storage
and iFarm's /storage/v1 both run): who may add, upload, overwrite, read and remove which tenant's files,
and what happens to them when an animal, a farm or a tenant goes."""

from __future__ import annotations

import json
from datetime import timedelta

import psycopg
import pytest

from tests.conftest import Actor, World

JPEG = {"mimetype": "image/jpeg", "size": 1234, "eTag": '"x"'}


@pytest.fixture
def farm(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    north = owner.one("select api.create_farm(tenant_id => %s, name => 'North') ->> 'id'", (tenant,))
    south = owner.one("select api.create_farm(tenant_id => %s, name => 'South') ->> 'id'", (tenant,))
    cow = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'C1', species => 'cattle', "
                    "sex => 'female') ->> 'id'", (tenant, south))
    worker = world.member(tenant, "worker")
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)", (tenant, worker.id, north))
    return world, tenant, owner, worker, north, south, cow


def media(actor: Actor, tenant: str, **subject) -> dict:
    args = ", ".join(f"{k} => %({k})s" for k in subject)
    return actor.one(f"select api.create_media(tenant_id => %(tenant)s, {args})", {"tenant": tenant, **subject})


def photo(actor: Actor, tenant: str, cow: str) -> dict:
    return media(actor, tenant, animal_id=cow, content_type="image/jpeg")


def put(actor: Actor, item: dict, metadata: dict | None = JPEG, upsert: bool = False) -> dict:
    return actor.one("select private.storage_put_object(%s, %s, %s, %s, null)",
                     (item["bucket"], item["path"], upsert, json.dumps(metadata) if metadata else None))


def refused(fn, sqlstate: str = "42501") -> psycopg.Error:
    with pytest.raises(psycopg.Error) as err:
        fn()
    assert err.value.diag.sqlstate == sqlstate, err.value.diag.message_primary
    return err.value


def test_a_photo_is_added_then_its_upload_makes_it_ready(farm):
    world, tenant, owner, _, _, _, cow = farm
    item = photo(owner, tenant, cow)
    assert item["bucket"] == "animal-photos" and item["status"] == "pending"
    assert item["path"] == f"{tenant}/{item['id']}.jpg"
    assert item["upload_url"] == f"/storage/v1/object/animal-photos/{item['path']}"
    put(owner, item)
    row = owner.one("select to_jsonb(m) from media_files m where id = %s", (item["id"],))
    assert row["status"] == "ready" and row["size_bytes"] == 1234 and row["uploaded_at"] is not None


def test_a_worker_without_the_animals_farm_can_neither_add_nor_upload_its_photo(farm):
    world, tenant, owner, worker, _, _, cow = farm
    err = refused(lambda: photo(worker, tenant, cow))
    assert err.diag.message_hint == "permission_denied"
    item = photo(owner, tenant, cow)
    refused(lambda: put(worker, item))  # the owner's pending row does not open the upload to the worker
    refused(lambda: worker.one("select private.storage_can_upload(%s, %s, false)", (item["bucket"], item["path"])))


def test_a_worker_with_the_farm_adds_and_uploads_photos_there(farm):
    world, tenant, owner, worker, north, _, _ = farm
    calf = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'N1', "
                     "species => 'cattle', sex => 'female') ->> 'id'", (tenant, north))
    item = photo(worker, tenant, calf)
    worker.one("select private.storage_can_upload(%s, %s, false)", (item["bucket"], item["path"]))
    put(worker, item)
    assert worker.one("select private.storage_object(%s, %s) -> 'metadata' ->> 'mimetype'",
                      (item["bucket"], item["path"])) == "image/jpeg"


def test_a_name_without_its_media_row_cannot_be_uploaded(farm):
    world, tenant, owner, _, _, _, cow = farm
    for name in (f"{tenant}/0190c0de-0000-7000-8000-000000000000.jpg", f"{tenant}/cow.jpg", "cow.jpg",
                 f"{tenant}/../{tenant}/x.jpg"):
        refused(lambda n=name: owner.one("select private.storage_put_object('animal-photos', %s, false, null, null)",
                                         (n,)))
    item = photo(owner, tenant, cow)
    refused(lambda: owner.one("select private.storage_put_object('farm-photos', %s, false, null, null)",
                              (item["path"],)))  # its own bucket only


def test_another_tenants_owner_reads_writes_and_removes_nothing(farm):
    world, tenant, owner, _, _, _, cow = farm
    item = photo(owner, tenant, cow)
    put(owner, item)
    stranger = world.user()
    world.tenant(stranger)
    assert stranger.one("select count(*) from storage.objects") == 0
    assert stranger.one("select count(*) from media_files") == 0
    refused(lambda: stranger.one("select private.storage_object(%s, %s)", (item["bucket"], item["path"])), "PT404")
    refused(lambda: put(stranger, item, upsert=True))
    assert stranger.one("select private.storage_remove(%s, %s)", (item["bucket"], [item["path"]])) == []
    assert stranger.rowcount("delete from media_files where id = %s", (item["id"],)) == 0
    refused(lambda: stranger.one("select api.get_media(tenant_id => %s, media_id => %s)", (tenant, item["id"])))
    assert owner.one("select count(*) from storage.objects") == 1


def test_an_upsert_needs_the_right_to_overwrite_and_a_plain_upload_does_not_replace(farm):
    world, tenant, owner, worker, north, _, _ = farm
    calf = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'N1', "
                     "species => 'cattle', sex => 'female') ->> 'id'", (tenant, north))
    item = photo(worker, tenant, calf)
    put(worker, item)
    refused(lambda: put(worker, item), "23505")  # Storage: KeyAlreadyExists
    put(worker, item, {**JPEG, "size": 99}, upsert=True)
    assert owner.one("select size_bytes from media_files where id = %s", (item["id"],)) == 99
    owner.one("select api.revoke_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
              (tenant, worker.id, north))
    refused(lambda: put(worker, item, upsert=True))


def test_an_object_must_carry_the_type_its_media_was_added_for(farm):
    world, tenant, owner, _, _, _, cow = farm
    item = photo(owner, tenant, cow)
    err = refused(lambda: put(owner, item, {**JPEG, "mimetype": "application/pdf"}), "PT415")
    assert err.diag.message_hint == "media_type_mismatch"
    refused(lambda: media(owner, tenant, animal_id=cow, content_type="text/html"), "PT415")
    refused(lambda: media(owner, tenant, animal_id=cow, content_type="application/pdf"), "PT415")  # not a photo type


def test_workers_remove_only_their_own_uploads_and_managers_any(farm):
    world, tenant, owner, worker, north, _, _ = farm
    calf = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'N1', "
                     "species => 'cattle', sex => 'female') ->> 'id'", (tenant, north))
    mine, theirs = photo(worker, tenant, calf), photo(owner, tenant, calf)
    put(worker, mine)
    put(owner, theirs)
    assert worker.one("select jsonb_array_length(private.storage_remove('animal-photos', %s))",
                      ([theirs["path"]],)) == 0
    assert worker.one("select jsonb_array_length(private.storage_remove('animal-photos', %s))",
                      ([mine["path"]],)) == 1
    assert owner.one("select count(*) from media_files where id = %s", (mine["id"],)) == 0  # the row followed
    manager = world.member(tenant, "manager")
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
              (tenant, manager.id, north))
    assert manager.one("select api.delete_media(tenant_id => %s, media_id => %s) ->> 'deleted'",
                       (tenant, theirs["id"])) == "true"


def test_profile_pictures_are_the_members_own_and_every_member_sees_them(farm):
    world, tenant, owner, worker, _, _, _ = farm
    viewer = world.member(tenant, "viewer")
    mine = media(worker, tenant, user_id=worker.id, content_type="image/png")
    assert mine["bucket"] == "profile-pictures"
    assert mine["public_url"] == f"/storage/v1/object/public/profile-pictures/{mine['path']}"
    refused(lambda: media(viewer, tenant, user_id=worker.id, content_type="image/png"))
    media(owner, tenant, user_id=worker.id, content_type="image/png")  # members.manage may
    assert viewer.one("select (api.list_media(tenant_id => %s, user_id => %s)) -> 'count'", (tenant, worker.id)) == 2


def test_invoice_and_expense_documents_follow_the_finance_rights(farm):
    world, tenant, owner, worker, north, south, _ = farm
    accountant = world.member(tenant, "accountant")
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
              (tenant, accountant.id, north))
    feed = owner.one("select id from expense_categories where tenant_id = %s and code = 'feed'", (tenant,))
    expense = worker.one("select api.create_expense(tenant_id => %s, farm_id => %s, category_id => %s, "
                         "amount => 50, description => 'salt lick') ->> 'id'", (tenant, north, feed))
    receipt = media(worker, tenant, expense_id=expense, content_type="application/pdf")
    assert (receipt["bucket"], receipt["document_type"]) == ("documents", "receipt")
    assert accountant.one("select count(*) from media_files where id = %s", (receipt["id"],)) == 1
    viewer = world.member(tenant, "viewer")
    assert viewer.one("select count(*) from media_files where id = %s", (receipt["id"],)) == 0
    cow = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'S1', species => 'cattle', "
                    "sex => 'male') ->> 'id'", (tenant, south))
    sale = owner.one("select api.record_animal_sale(tenant_id => %s, animal_id => %s, price => 500) ->> 'id'",
                     (tenant, cow))
    invoice = owner.one("select api.create_invoice(tenant_id => %s, animal_sale_ids => %s) ->> 'id'",
                        (tenant, f'["{sale}"]'))
    refused(lambda: media(worker, tenant, invoice_id=invoice, content_type="application/pdf"))
    pdf = media(accountant, tenant, invoice_id=invoice, content_type="application/pdf")
    assert pdf["document_type"] == "invoice"
    assert worker.one("select count(*) from media_files where id = %s", (pdf["id"],)) == 0
    vet_report = media(owner, tenant, animal_id=cow, document_type="vet_report", content_type="application/pdf")
    assert vet_report["bucket"] == "documents"


def test_an_expense_points_only_at_its_tenants_files_and_keeps_its_receipt(farm):
    world, tenant, owner, worker, north, _, _ = farm
    feed = owner.one("select id from expense_categories where tenant_id = %s and code = 'feed'", (tenant,))
    expense = worker.one("select api.create_expense(tenant_id => %s, farm_id => %s, category_id => %s, "
                         "amount => 50, description => 'hay') ->> 'id'", (tenant, north, feed))
    receipt = media(worker, tenant, expense_id=expense, content_type="application/pdf")  # never uploaded
    other = world.user()
    other_tenant = world.tenant(other)
    other_farm = other.one("select api.create_farm(tenant_id => %s, name => 'F') ->> 'id'", (other_tenant,))
    foreign = media(other, other_tenant, farm_id=other_farm, content_type="image/jpeg")
    point = "update expenses set receipt_media_id = %s where id = %s"
    refused(lambda: owner.rowcount(point, (foreign["id"], expense)), "23503")  # another tenant's file
    assert owner.rowcount(point, (receipt["id"], expense)) == 1
    refused(lambda: owner.one("select api.delete_media(tenant_id => %s, media_id => %s)", (tenant, receipt["id"])),
            "23503")  # 409: the expense's receipt stays
    now = world.admin.execute("select now()").fetchone()[0]
    assert world.admin.execute("select private.expire_pending_media(%s)",
                               (now + timedelta(days=2),)).fetchone()[0] == 1  # the other tenant's, not the receipt
    assert owner.one("select count(*) from media_files where id = %s", (receipt["id"],)) == 1
    owner.rowcount("delete from tenants where id = %s", (tenant,))  # a tenant still goes with all it holds
    gone = world.admin.execute("select count(*) from public.expenses where tenant_id = %s", (tenant,)).fetchone()[0]
    assert gone == 0


def test_soft_deleting_an_animal_removes_its_photos_and_keeps_its_documents(farm):
    world, tenant, owner, _, _, _, cow = farm
    pic, report = photo(owner, tenant, cow), media(owner, tenant, animal_id=cow, document_type="vet_report",
                                                    content_type="application/pdf")
    put(owner, pic)
    put(owner, report, {**JPEG, "mimetype": "application/pdf"})
    assert world.admin.execute("select count(*) from private.orphaned_media_objects(10)").fetchone()[0] == 0
    owner.one("select api.delete_animal(tenant_id => %s, animal_id => %s)", (tenant, cow))
    assert owner.one("select array_agg(bucket_id) from media_files") == ["documents"]
    orphans = world.admin.execute("select bucket_id, name from private.orphaned_media_objects(10)").fetchall()
    assert orphans == [("animal-photos", pic["path"])]
    assert world.admin.execute("select private.forget_media_objects('animal-photos', %s)",
                               ([pic["path"], report["path"]],)).fetchone()[0] == 1  # only the orphan
    assert world.admin.execute("select count(*) from storage.objects").fetchone()[0] == 1


def test_deleting_a_tenant_orphans_all_its_objects(farm):
    world, tenant, owner, _, _, _, cow = farm
    put(owner, photo(owner, tenant, cow))
    other = world.user()
    other_tenant = world.tenant(other)
    other_cow = other.one("select api.create_animal(tenant_id => %s, farm_id => "
                          "(api.create_farm(tenant_id => %s, name => 'F') ->> 'id')::uuid, tag_number => 'X', "
                          "species => 'cattle', sex => 'female') ->> 'id'", (other_tenant, other_tenant))
    put(other, photo(other, other_tenant, other_cow))
    owner.rowcount("delete from tenants where id = %s", (tenant,))
    orphans = world.admin.execute("select name from private.orphaned_media_objects(10)").fetchall()
    assert [o[0].split("/")[0] for o in orphans] == [tenant]


def test_uploads_that_never_came_expire_after_a_day(farm):
    world, tenant, owner, _, _, _, cow = farm
    photo(owner, tenant, cow)  # never uploaded
    done = photo(owner, tenant, cow)
    put(owner, done)
    now = world.admin.execute("select now()").fetchone()[0]
    expire = "select private.expire_pending_media(%s)"
    assert world.admin.execute(expire, (now + timedelta(hours=23),)).fetchone()[0] == 0
    assert world.admin.execute(expire, (now + timedelta(days=2),)).fetchone()[0] == 1
    assert [r[0] for r in world.admin.execute("select id::text from media_files")] == [done["id"]]


def test_an_inactive_tenant_uploads_nothing(farm):
    world, tenant, owner, _, _, _, cow = farm
    item = photo(owner, tenant, cow)
    world.admin.execute("update subscriptions set status = 'suspended' where tenant_id = %s", (tenant,))
    refused(lambda: put(owner, item))
    refused(lambda: photo(owner, tenant, cow), "PT402")


def test_media_belongs_to_exactly_one_thing(farm):
    world, tenant, owner, _, north, _, cow = farm
    err = refused(lambda: media(owner, tenant, animal_id=cow, farm_id=north, content_type="image/jpeg"), "22023")
    assert err.diag.message_hint == "media_subject"
    refused(lambda: media(owner, tenant, content_type="image/jpeg"), "22023")


def test_signed_in_users_see_ifarms_buckets_and_anon_nothing(farm):
    world, _, owner, _, _, _, _ = farm
    buckets = owner.one("select private.storage_list_buckets()")
    assert [(b["id"], b["public"], b["file_size_limit"]) for b in buckets] == [
        ("animal-photos", False, 10485760), ("documents", False, 52428800), ("farm-photos", False, 10485760),
        ("profile-pictures", True, 2097152)]
    assert world.anon().one("select private.storage_list_buckets()") == []
    assert world.anon().one("select count(*) from storage.objects") == 0


def test_listing_shows_one_level_below_the_prefix_and_only_what_the_caller_may_see(farm):
    world, tenant, owner, worker, north, _, cow = farm
    calf = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'N1', "
                     "species => 'cattle', sex => 'female') ->> 'id'", (tenant, north))
    south_pic, north_pic = photo(owner, tenant, cow), photo(owner, tenant, calf)
    put(owner, south_pic)
    put(owner, north_pic)
    top = owner.one("select private.storage_list('animal-photos', '', 100, 0, '', 'name', 'asc')")
    assert top == [{"name": tenant, "id": None, "updated_at": None, "created_at": None, "last_accessed_at": None,
                    "metadata": None}]
    inside = owner.one("select private.storage_list('animal-photos', %s, 100, 0, '', 'name', 'desc')", (f"{tenant}/",))
    assert [i["name"] for i in inside] == sorted([south_pic["path"].split("/")[1], north_pic["path"].split("/")[1]],
                                                  reverse=True)
    seen = worker.one("select private.storage_list('animal-photos', %s, 100, 0, '', 'name', 'asc')", (f"{tenant}/",))
    assert [i["name"] for i in seen] == [north_pic["path"].split("/")[1]]
    paged = owner.one("select private.storage_list('animal-photos', %s, 1, 1, '', 'created_at', 'asc')",
                      (f"{tenant}/",))
    assert [i["id"] for i in paged] == [owner.one("select id::text from storage.objects where name = %s",
                                                  (north_pic["path"],))]
