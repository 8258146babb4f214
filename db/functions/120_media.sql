-- 120_media: media files (DESIGN section 8). A row of public.media_files says what a file belongs to
-- and who may read, add or remove it; its bytes are object `{tenant_id}/{id}.{ext}` of one of iFarm's
-- four buckets, in Supabase Storage or in iFarm's own /storage/v1. The same policies guard both the
-- rows and storage.objects (on Supabase the real table, elsewhere the V0020 shim), so Supabase Storage
-- and iFarm decide alike: upload = INSERT, upsert = INSERT + SELECT + UPDATE, download, list and sign
-- = SELECT, remove = DELETE -- each allowed only for a name that has its media row.
--
-- Who may do what (private.media_allowed):
--   animal and farm media: read = access to the farm (the animal's farm); add = that and media.write
--     (owner, admin, manager, worker, vet); remove = that and media.delete (owner, admin, manager),
--     or media.write for what one uploaded oneself;
--   profile pictures: read = members of the tenant; add and remove = the member or members.manage;
--   invoice documents: finance.read to read, finance.write to add and remove;
--   expense documents: the expense's creator, or finance.read / finance.write on its farm.
-- A tenant whose subscription is inactive can upload nothing (the policies refuse the object).
-- Lifecycle: soft-deleting an animal (or a farm) deletes its photos' rows, deleting the tenant
-- deletes all its rows; an object left without its row is removed with its bytes by the
-- remove_orphaned_media job (scheduler/jobs.py). Documents of a soft-deleted animal stay, like its
-- health records.

-- ===================================================================== helpers

-- iFarm's buckets: the only ones these policies open.
CREATE OR REPLACE FUNCTION private.media_buckets() RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
    SELECT ARRAY['profile-pictures', 'animal-photos', 'farm-photos', 'documents']
$$;

-- The file extension an accepted content type is stored under (null: not a media type iFarm keeps).
CREATE OR REPLACE FUNCTION private.media_extension(p_content_type text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
    SELECT CASE p_content_type
        WHEN 'image/jpeg' THEN 'jpg' WHEN 'image/png' THEN 'png' WHEN 'image/webp' THEN 'webp'
        WHEN 'application/pdf' THEN 'pdf' END
$$;

-- May the caller read, write (add, upload, overwrite) or delete a media file of this subject?
-- The one place the rules at the top of this file are written.
CREATE OR REPLACE FUNCTION private.media_allowed(p_tenant_id uuid, p_animal_id uuid, p_farm_id uuid, p_user_id uuid,
    p_invoice_id uuid, p_expense_id uuid, p_uploaded_by uuid, p_action text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_uid uuid := auth.uid();
    v_farm uuid;
    v_creator uuid;
    v_finance text := CASE p_action WHEN 'read' THEN 'finance.read' ELSE 'finance.write' END;
BEGIN
    IF v_uid IS NULL OR NOT private.is_member(p_tenant_id) THEN
        RETURN false;
    END IF;
    IF p_user_id IS NOT NULL THEN
        RETURN p_action = 'read' OR p_user_id = v_uid OR private.has_permission(p_tenant_id, 'members.manage');
    END IF;
    IF p_invoice_id IS NOT NULL THEN
        RETURN private.has_permission(p_tenant_id, v_finance);
    END IF;
    IF p_expense_id IS NOT NULL THEN
        SELECT e.created_by, e.farm_id INTO v_creator, v_farm
        FROM public.expenses e WHERE e.tenant_id = p_tenant_id AND e.id = p_expense_id;
        RETURN v_creator = v_uid
            OR (private.has_permission(p_tenant_id, v_finance)
                AND v_farm IN (SELECT private.accessible_farm_ids(p_tenant_id)));
    END IF;
    v_farm := coalesce(p_farm_id, (SELECT a.farm_id FROM public.animals a
                                   WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id));
    IF v_farm IS NULL OR v_farm NOT IN (SELECT private.accessible_farm_ids(p_tenant_id)) THEN
        RETURN false;
    END IF;
    RETURN CASE p_action
        WHEN 'read' THEN true
        WHEN 'write' THEN private.has_permission(p_tenant_id, 'media.write')
        ELSE private.has_permission(p_tenant_id, 'media.delete')
             OR (p_uploaded_by = v_uid AND private.has_permission(p_tenant_id, 'media.write'))
    END;
END
$$;

-- The media row an object name belongs to: `{tenant_id}/{id}.{ext}` in the row's bucket, else null.
CREATE OR REPLACE FUNCTION private.media_for_object(p_bucket_id text, p_name text) RETURNS public.media_files
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_uuid constant text := '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
    v_media public.media_files;
BEGIN
    IF p_name IS NULL OR p_name !~ ('^' || v_uuid || '/' || v_uuid || '\.[a-z0-9]{1,5}$') THEN
        RETURN NULL;
    END IF;
    SELECT m.* INTO v_media FROM public.media_files m
    WHERE m.tenant_id = split_part(p_name, '/', 1)::uuid
      AND m.id = split_part(split_part(p_name, '/', 2), '.', 1)::uuid
      AND m.bucket_id = p_bucket_id AND m.object_name = p_name;
    RETURN v_media;
END
$$;

-- May the caller read, write or delete this storage object? Only names with a media row qualify,
-- and nothing is written into a tenant whose subscription is inactive.
CREATE OR REPLACE FUNCTION private.object_allowed(p_bucket_id text, p_name text, p_action text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_media public.media_files := private.media_for_object(p_bucket_id, p_name);
BEGIN
    IF v_media.id IS NULL THEN
        RETURN false;
    END IF;
    IF p_action <> 'read' AND EXISTS (
        SELECT 1 FROM public.subscriptions s
        WHERE s.tenant_id = v_media.tenant_id AND s.status IN ('suspended', 'expired', 'cancelled')) THEN
        RETURN false;
    END IF;
    RETURN private.media_allowed(v_media.tenant_id, v_media.animal_id, v_media.farm_id, v_media.user_id,
                                 v_media.invoice_id, v_media.expense_id, v_media.uploaded_by, p_action);
END
$$;

-- A media row as clients see it, with where to upload its bytes (relative to the server).
CREATE OR REPLACE FUNCTION private.media_json(m public.media_files) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT jsonb_build_object(
        'id', m.id, 'tenant_id', m.tenant_id, 'bucket', m.bucket_id, 'path', m.object_name,
        'content_type', m.content_type, 'status', m.status, 'size_bytes', m.size_bytes,
        'animal_id', m.animal_id, 'farm_id', m.farm_id, 'user_id', m.user_id, 'invoice_id', m.invoice_id,
        'expense_id', m.expense_id, 'document_type', m.document_type, 'title', m.title, 'file_name', m.file_name,
        'uploaded_by', m.uploaded_by, 'created_at', m.created_at, 'uploaded_at', m.uploaded_at,
        'upload_url', '/storage/v1/object/' || m.bucket_id || '/' || m.object_name,
        'public_url', CASE WHEN m.bucket_id = 'profile-pictures'
                           THEN '/storage/v1/object/public/' || m.bucket_id || '/' || m.object_name END)
$$;

GRANT EXECUTE ON FUNCTION private.media_buckets(), private.media_extension(text),
    private.media_allowed(uuid, uuid, uuid, uuid, uuid, uuid, uuid, text), private.media_for_object(text, text),
    private.object_allowed(text, text, text), private.media_json(public.media_files)
    TO anon, authenticated, service_role;

-- ===================================================================== policies: the rows

DROP POLICY IF EXISTS "members read the media of what they may see" ON public.media_files;
CREATE POLICY "members read the media of what they may see" ON public.media_files
    FOR SELECT TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids())
           AND private.media_allowed(tenant_id, animal_id, farm_id, user_id, invoice_id, expense_id, uploaded_by,
                                     'read'));
DROP POLICY IF EXISTS "members add media to what they may change" ON public.media_files;
CREATE POLICY "members add media to what they may change" ON public.media_files
    FOR INSERT TO authenticated
    WITH CHECK (uploaded_by = (SELECT auth.uid())
                AND private.media_allowed(tenant_id, animal_id, farm_id, user_id, invoice_id, expense_id,
                                          uploaded_by, 'write'));
DROP POLICY IF EXISTS "members retitle media of what they may change" ON public.media_files;
CREATE POLICY "members retitle media of what they may change" ON public.media_files
    FOR UPDATE TO authenticated
    USING (private.media_allowed(tenant_id, animal_id, farm_id, user_id, invoice_id, expense_id, uploaded_by,
                                 'write'))
    WITH CHECK (private.media_allowed(tenant_id, animal_id, farm_id, user_id, invoice_id, expense_id, uploaded_by,
                                      'write'));
DROP POLICY IF EXISTS "managers and uploaders remove media" ON public.media_files;
CREATE POLICY "managers and uploaders remove media" ON public.media_files
    FOR DELETE TO authenticated
    USING (private.media_allowed(tenant_id, animal_id, farm_id, user_id, invoice_id, expense_id, uploaded_by,
                                 'delete'));

-- ===================================================================== policies: the objects
-- The same text on Supabase's storage.objects and on the shim. The first folder of the name is the
-- tenant (Supabase's canonical storage.foldername check, a cheap filter); the media row decides.

DROP POLICY IF EXISTS "ifarm members read the media they may see" ON storage.objects;
CREATE POLICY "ifarm members read the media they may see" ON storage.objects
    FOR SELECT TO authenticated
    USING (bucket_id = ANY (private.media_buckets())
           AND (storage.foldername(name))[1] IN (SELECT t::text FROM private.my_tenant_ids() t)
           AND private.object_allowed(bucket_id, name, 'read'));
DROP POLICY IF EXISTS "ifarm members upload the media they added" ON storage.objects;
CREATE POLICY "ifarm members upload the media they added" ON storage.objects
    FOR INSERT TO authenticated
    WITH CHECK (bucket_id = ANY (private.media_buckets())
                AND (storage.foldername(name))[1] IN (SELECT t::text FROM private.my_tenant_ids() t)
                AND private.object_allowed(bucket_id, name, 'write'));
DROP POLICY IF EXISTS "ifarm members overwrite the media they may change" ON storage.objects;
CREATE POLICY "ifarm members overwrite the media they may change" ON storage.objects
    FOR UPDATE TO authenticated
    USING (bucket_id = ANY (private.media_buckets())
           AND (storage.foldername(name))[1] IN (SELECT t::text FROM private.my_tenant_ids() t)
           AND private.object_allowed(bucket_id, name, 'write'))
    WITH CHECK (bucket_id = ANY (private.media_buckets())
                AND private.object_allowed(bucket_id, name, 'write'));
DROP POLICY IF EXISTS "ifarm managers and uploaders remove media" ON storage.objects;
CREATE POLICY "ifarm managers and uploaders remove media" ON storage.objects
    FOR DELETE TO authenticated
    USING (bucket_id = ANY (private.media_buckets())
           AND (storage.foldername(name))[1] IN (SELECT t::text FROM private.my_tenant_ids() t)
           AND private.object_allowed(bucket_id, name, 'delete'));
-- Bucket settings are no secret: signed-in clients see iFarm's buckets (Storage's GET /bucket).
DROP POLICY IF EXISTS "signed-in users read ifarm's buckets" ON storage.buckets;
CREATE POLICY "signed-in users read ifarm's buckets" ON storage.buckets
    FOR SELECT TO authenticated USING (id = ANY (private.media_buckets()));

-- ===================================================================== triggers

-- An object must carry the type its media row was created for (iFarm's /storage/v1 sets the
-- mimetype from the bytes; Supabase Storage from the upload's header).
CREATE OR REPLACE FUNCTION private.check_media_object() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_media public.media_files := private.media_for_object(NEW.bucket_id, NEW.name);
BEGIN
    IF v_media.id IS NOT NULL AND NEW.metadata ? 'mimetype'
       AND NEW.metadata ->> 'mimetype' IS DISTINCT FROM v_media.content_type THEN
        RAISE EXCEPTION USING ERRCODE = 'PT415',
            MESSAGE = format('mime type %s is not supported', NEW.metadata ->> 'mimetype'),
            DETAIL = format('the media file was created for %s', v_media.content_type),
            HINT = 'media_type_mismatch';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS ifarm_check_media_object ON storage.objects;
CREATE TRIGGER ifarm_check_media_object BEFORE INSERT OR UPDATE ON storage.objects
    FOR EACH ROW EXECUTE FUNCTION private.check_media_object();

-- The bytes arrived: the media row is ready, with the object's size.
CREATE OR REPLACE FUNCTION private.media_object_stored() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_media public.media_files := private.media_for_object(NEW.bucket_id, NEW.name);
BEGIN
    IF v_media.id IS NOT NULL AND NEW.metadata IS NOT NULL THEN
        UPDATE public.media_files m
        SET status = 'ready', uploaded_at = now(),
            size_bytes = nullif(NEW.metadata ->> 'size', '')::bigint
        WHERE m.tenant_id = v_media.tenant_id AND m.id = v_media.id;
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS ifarm_media_object_stored ON storage.objects;
CREATE TRIGGER ifarm_media_object_stored AFTER INSERT OR UPDATE ON storage.objects
    FOR EACH ROW EXECUTE FUNCTION private.media_object_stored();

-- An object removed through Storage takes its media row along.
CREATE OR REPLACE FUNCTION private.media_object_removed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    DELETE FROM public.media_files m WHERE m.bucket_id = OLD.bucket_id AND m.object_name = OLD.name;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS ifarm_media_object_removed ON storage.objects;
CREATE TRIGGER ifarm_media_object_removed AFTER DELETE ON storage.objects
    FOR EACH ROW EXECUTE FUNCTION private.media_object_removed();

-- Soft-deleting an animal or a farm deletes its photos (their objects follow with the cleanup job);
-- its documents stay, like its other records.
CREATE OR REPLACE FUNCTION private.remove_photos_of_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    IF TG_TABLE_NAME = 'animals' THEN
        DELETE FROM public.media_files m
        WHERE m.tenant_id = NEW.tenant_id AND m.animal_id = NEW.id AND m.bucket_id = 'animal-photos';
    ELSE
        DELETE FROM public.media_files m
        WHERE m.tenant_id = NEW.tenant_id AND m.farm_id = NEW.id AND m.bucket_id = 'farm-photos';
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS remove_photos_of_deleted ON public.animals;
CREATE TRIGGER remove_photos_of_deleted AFTER UPDATE OF deleted_at ON public.animals
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION private.remove_photos_of_deleted();
DROP TRIGGER IF EXISTS remove_photos_of_deleted ON public.farms;
CREATE TRIGGER remove_photos_of_deleted AFTER UPDATE OF deleted_at ON public.farms
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION private.remove_photos_of_deleted();

-- ===================================================================== api

-- Add a media file to an animal, a farm, a member (profile picture), an invoice or an expense: the
-- row that allows the upload of its bytes to `upload_url` (POST, Storage's API; iFarm's /storage/v1
-- or Supabase Storage). A document_type (or an invoice or expense) makes it a document.
CREATE OR REPLACE FUNCTION api.create_media(tenant_id uuid, content_type text, animal_id uuid DEFAULT NULL,
    farm_id uuid DEFAULT NULL, user_id uuid DEFAULT NULL, invoice_id uuid DEFAULT NULL, expense_id uuid DEFAULT NULL,
    document_type text DEFAULT NULL, title text DEFAULT NULL, file_name text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid := private.uuid7();
    v_document text := create_media.document_type;
    v_bucket text;
    v_media public.media_files;
BEGIN
    PERFORM private.require_permission(create_media.tenant_id, 'tenant.read');
    IF num_nonnulls(create_media.animal_id, create_media.farm_id, create_media.user_id, create_media.invoice_id,
                    create_media.expense_id) <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a media file belongs to exactly one animal, farm, member, invoice or expense',
            HINT = 'media_subject';
    END IF;
    IF create_media.invoice_id IS NOT NULL OR create_media.expense_id IS NOT NULL THEN
        v_document := coalesce(v_document, CASE WHEN create_media.invoice_id IS NOT NULL THEN 'invoice'
                                                ELSE 'receipt' END);
    END IF;
    IF create_media.user_id IS NOT NULL AND v_document IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a profile picture is not a document',
            HINT = 'media_subject';
    END IF;
    v_bucket := CASE WHEN v_document IS NOT NULL THEN 'documents'
                     WHEN create_media.animal_id IS NOT NULL THEN 'animal-photos'
                     WHEN create_media.farm_id IS NOT NULL THEN 'farm-photos'
                     ELSE 'profile-pictures' END;
    IF private.media_extension(create_media.content_type) IS NULL
       OR NOT create_media.content_type = ANY (private.storage_bucket_types(v_bucket)) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT415',
            MESSAGE = format('%s does not take %s', v_bucket, coalesce(create_media.content_type, 'null')),
            DETAIL = format('accepted: %s', array_to_string(private.storage_bucket_types(v_bucket), ', ')),
            HINT = 'invalid_mime_type';
    END IF;
    IF NOT private.media_allowed(create_media.tenant_id, create_media.animal_id, create_media.farm_id,
                                 create_media.user_id, create_media.invoice_id, create_media.expense_id, auth.uid(),
                                 'write') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('you may not add files to %s here', v_bucket),
            HINT = 'permission_denied';
    END IF;
    INSERT INTO public.media_files (tenant_id, id, bucket_id, extension, content_type, animal_id, farm_id, user_id,
        invoice_id, expense_id, document_type, title, file_name, uploaded_by)
    VALUES (create_media.tenant_id, v_id, v_bucket, private.media_extension(create_media.content_type),
            create_media.content_type, create_media.animal_id, create_media.farm_id, create_media.user_id,
            create_media.invoice_id, create_media.expense_id, v_document, create_media.title, create_media.file_name,
            auth.uid())
    RETURNING * INTO v_media;
    RETURN private.media_json(v_media);
END
$$;
COMMENT ON FUNCTION api.create_media(uuid, text, uuid, uuid, uuid, uuid, uuid, text, text, text) IS
    'Add a photo or document to an animal, farm, member, invoice or expense; returns where to upload it.';

-- The media of one animal, farm, member, invoice or expense the caller may see, newest first (the
-- API adds a signed URL to each ready file).
CREATE OR REPLACE FUNCTION api.list_media(tenant_id uuid, animal_id uuid DEFAULT NULL, farm_id uuid DEFAULT NULL,
    user_id uuid DEFAULT NULL, invoice_id uuid DEFAULT NULL, expense_id uuid DEFAULT NULL,
    "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_media.tenant_id, 'tenant.read');
    RETURN (
        WITH visible AS (
            SELECT m.* FROM public.media_files m
            WHERE m.tenant_id = list_media.tenant_id
              AND (list_media.animal_id IS NULL OR m.animal_id = list_media.animal_id)
              AND (list_media.farm_id IS NULL OR m.farm_id = list_media.farm_id)
              AND (list_media.user_id IS NULL OR m.user_id = list_media.user_id)
              AND (list_media.invoice_id IS NULL OR m.invoice_id = list_media.invoice_id)
              AND (list_media.expense_id IS NULL OR m.expense_id = list_media.expense_id))
        SELECT jsonb_build_object(
            'count', (SELECT count(*) FROM visible),
            'results', coalesce((SELECT jsonb_agg(private.media_json(p) ORDER BY p.created_at DESC, p.id DESC)
                                 FROM (SELECT v.* FROM visible v ORDER BY v.created_at DESC, v.id DESC
                                       LIMIT least(greatest(list_media."limit", 1), 100)
                                       OFFSET greatest(list_media."offset", 0)) p), '[]'::jsonb)));
END
$$;
COMMENT ON FUNCTION api.list_media(uuid, uuid, uuid, uuid, uuid, uuid, integer, integer) IS
    'The photos and documents of an animal, farm, member, invoice or expense, with signed URLs.';

-- One media file the caller may see.
CREATE OR REPLACE FUNCTION api.get_media(tenant_id uuid, media_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_media public.media_files;
BEGIN
    PERFORM private.require_permission(get_media.tenant_id, 'tenant.read');
    SELECT m.* INTO v_media FROM public.media_files m WHERE m.tenant_id = get_media.tenant_id AND m.id = get_media.media_id;
    IF v_media.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'media file not found', HINT = 'media_not_found';
    END IF;
    RETURN private.media_json(v_media);
END
$$;
COMMENT ON FUNCTION api.get_media(uuid, uuid) IS 'One photo or document, with a signed URL when uploaded.';

-- Remove a media file: its row now, its bytes with the next cleanup job.
CREATE OR REPLACE FUNCTION api.delete_media(tenant_id uuid, media_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM api.get_media(delete_media.tenant_id, delete_media.media_id);  -- 404 unless visible
    DELETE FROM public.media_files m WHERE m.tenant_id = delete_media.tenant_id AND m.id = delete_media.media_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you may not remove this media file',
            HINT = 'permission_denied';
    END IF;
    RETURN jsonb_build_object('id', delete_media.media_id, 'deleted', true);
END
$$;
COMMENT ON FUNCTION api.delete_media(uuid, uuid) IS 'Remove a photo or document (its bytes go with the next cleanup).';

-- ===================================================================== jobs

-- Objects of iFarm's buckets whose media row is gone (the animal, farm, member or tenant was
-- deleted, or the file was removed through the API): the cleanup job removes their bytes through
-- the storage backend, then forgets them with private.forget_media_objects.
CREATE OR REPLACE FUNCTION private.orphaned_media_objects(p_limit integer)
RETURNS TABLE (bucket_id text, name text)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT o.bucket_id, o.name FROM storage.objects o
    WHERE o.bucket_id = ANY (private.media_buckets())
      AND NOT EXISTS (SELECT 1 FROM public.media_files m WHERE m.bucket_id = o.bucket_id AND m.object_name = o.name)
    ORDER BY o.created_at, o.name
    LIMIT p_limit
$$;

-- Forgets objects whose bytes are gone (only those still without a media row).
CREATE OR REPLACE FUNCTION private.forget_media_objects(p_bucket_id text, p_names text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_count bigint;
BEGIN
    PERFORM set_config('storage.allow_delete_query', 'true', true);  -- Supabase refuses direct deletes otherwise
    DELETE FROM storage.objects o
    WHERE o.bucket_id = p_bucket_id AND o.name = ANY (p_names)
      AND NOT EXISTS (SELECT 1 FROM public.media_files m WHERE m.bucket_id = o.bucket_id AND m.object_name = o.name);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

-- Job: media rows whose upload never came, a day after they were created, are deleted.
CREATE OR REPLACE FUNCTION private.expire_pending_media(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_count bigint;
BEGIN
    DELETE FROM public.media_files m WHERE m.status = 'pending' AND m.created_at < p_as_of - interval '1 day'
      AND NOT EXISTS (SELECT 1 FROM public.expenses e WHERE e.tenant_id = m.tenant_id AND e.receipt_media_id = m.id);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
