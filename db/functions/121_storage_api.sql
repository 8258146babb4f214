-- 121_storage_api: the statements iFarm's own /storage/v1 (app/storage/routes.py) runs, one function
-- per Storage operation, doing what Supabase Storage does against storage.objects. Each runs as the
-- caller (SECURITY INVOKER), in the transaction the API opened with the caller's role and claims,
-- so the policies of db/functions/120_media.sql decide exactly as they do for Supabase Storage.
-- Only the bucket lookups, the public read and the signed-URL read are definer functions: Storage
-- itself does those as its superuser (a signed URL's token was checked by the API before).
-- Errors: PT404 with hint bucket_not_found or object_not_found; RLS refusals stay 42501.

-- A bucket's settings as Storage's API shows them (404 bucket_not_found if there is none).
CREATE OR REPLACE FUNCTION private.storage_bucket(p_bucket_id text) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_bucket jsonb;
BEGIN
    SELECT jsonb_build_object('id', b.id, 'name', b.name, 'owner', coalesce(b.owner::text, ''), 'public', b.public,
                              'file_size_limit', b.file_size_limit, 'allowed_mime_types', b.allowed_mime_types,
                              'created_at', b.created_at, 'updated_at', b.updated_at)
    INTO v_bucket FROM storage.buckets b WHERE b.id = p_bucket_id;
    IF v_bucket IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'Bucket not found', HINT = 'bucket_not_found';
    END IF;
    RETURN v_bucket;
END
$$;

-- The content types a bucket accepts.
CREATE OR REPLACE FUNCTION private.storage_bucket_types(p_bucket_id text) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT coalesce(b.allowed_mime_types, '{}') FROM storage.buckets b WHERE b.id = p_bucket_id
$$;

-- An object row as Storage's API shows it.
CREATE OR REPLACE FUNCTION private.storage_object_json(o storage.objects) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT jsonb_build_object('id', o.id, 'bucket_id', o.bucket_id, 'name', o.name, 'owner', o.owner,
                              'owner_id', o.owner_id, 'version', o.version, 'metadata', o.metadata,
                              'user_metadata', o.user_metadata, 'created_at', o.created_at,
                              'updated_at', o.updated_at, 'last_accessed_at', o.last_accessed_at)
$$;

-- Upload or overwrite an object's row as the caller: INSERT, or for an upsert INSERT ... ON
-- CONFLICT DO UPDATE (so INSERT, SELECT and UPDATE policies all apply, as on Supabase).
CREATE OR REPLACE FUNCTION private.storage_put_object(p_bucket_id text, p_name text, p_upsert boolean,
    p_metadata jsonb, p_user_metadata jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_object storage.objects;
BEGIN
    PERFORM private.storage_bucket(p_bucket_id);
    IF p_upsert THEN
        INSERT INTO storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
        VALUES (p_bucket_id, p_name, auth.uid(), auth.uid()::text, p_metadata, p_user_metadata, gen_random_uuid()::text)
        ON CONFLICT (bucket_id, name) DO UPDATE
            SET metadata = EXCLUDED.metadata, user_metadata = EXCLUDED.user_metadata, version = EXCLUDED.version,
                owner = EXCLUDED.owner, owner_id = EXCLUDED.owner_id, updated_at = now(), last_accessed_at = now()
        RETURNING * INTO v_object;
    ELSE
        INSERT INTO storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata, version)
        VALUES (p_bucket_id, p_name, auth.uid(), auth.uid()::text, p_metadata, p_user_metadata, gen_random_uuid()::text)
        RETURNING * INTO v_object;
    END IF;
    RETURN private.storage_object_json(v_object);
END
$$;

-- Storage's "canUpload": the upload's row is tried and rolled back before any byte is read, so a
-- refused upload costs nothing. Returns the bucket (its size limit and accepted types).
CREATE OR REPLACE FUNCTION private.storage_can_upload(p_bucket_id text, p_name text, p_upsert boolean) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_bucket jsonb := private.storage_bucket(p_bucket_id);
BEGIN
    BEGIN
        PERFORM private.storage_put_object(p_bucket_id, p_name, p_upsert, NULL, NULL);
        RAISE EXCEPTION USING ERRCODE = 'PT299', MESSAGE = 'permission test rolled back';
    EXCEPTION WHEN SQLSTATE 'PT299' THEN
        NULL;
    END;
    RETURN v_bucket;
END
$$;

-- One object the caller may read (download, info, sign), else 404 object_not_found.
CREATE OR REPLACE FUNCTION private.storage_object(p_bucket_id text, p_name text) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = '' AS $$
DECLARE
    v_object jsonb;
BEGIN
    PERFORM private.storage_bucket(p_bucket_id);
    SELECT private.storage_object_json(o) INTO v_object
    FROM storage.objects o WHERE o.bucket_id = p_bucket_id AND o.name = p_name;
    IF v_object IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'Object not found', HINT = 'object_not_found';
    END IF;
    RETURN v_object;
END
$$;

-- Which of these names the caller may read (Storage's batch create-signed-urls).
CREATE OR REPLACE FUNCTION private.storage_readable_names(p_bucket_id text, p_names text[]) RETURNS text[]
LANGUAGE plpgsql STABLE SET search_path = '' AS $$
BEGIN
    PERFORM private.storage_bucket(p_bucket_id);
    RETURN ARRAY(SELECT o.name FROM storage.objects o WHERE o.bucket_id = p_bucket_id AND o.name = ANY (p_names));
END
$$;

-- An object of a public bucket, for anyone (Storage serves /object/public as its superuser); a
-- private bucket is "not found" here, as on Supabase.
CREATE OR REPLACE FUNCTION private.storage_public_object(p_bucket_id text, p_name text) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_object jsonb;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM storage.buckets b WHERE b.id = p_bucket_id AND b.public) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'Bucket not found', HINT = 'bucket_not_found';
    END IF;
    SELECT private.storage_object_json(o) INTO v_object
    FROM storage.objects o WHERE o.bucket_id = p_bucket_id AND o.name = p_name;
    IF v_object IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'Object not found', HINT = 'object_not_found';
    END IF;
    RETURN v_object;
END
$$;

-- An object named by a signed URL whose token the API has verified (Storage reads it as superuser).
CREATE OR REPLACE FUNCTION private.storage_signed_object(p_bucket_id text, p_name text) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_object jsonb;
BEGIN
    SELECT private.storage_object_json(o) INTO v_object
    FROM storage.objects o WHERE o.bucket_id = p_bucket_id AND o.name = p_name;
    IF v_object IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'Object not found', HINT = 'object_not_found';
    END IF;
    RETURN v_object;
END
$$;

-- Storage's list: storage.search one level below the prefix, as the caller, in its order.
CREATE OR REPLACE FUNCTION private.storage_list(p_bucket_id text, p_prefix text, p_limit integer, p_offset integer,
    p_search text, p_sort_column text, p_sort_order text) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = '' AS $$
BEGIN
    PERFORM private.storage_bucket(p_bucket_id);
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('name', s.name, 'id', s.id, 'updated_at', s.updated_at,
                                                         'created_at', s.created_at,
                                                         'last_accessed_at', s.last_accessed_at,
                                                         'metadata', s.metadata) ORDER BY s.n), '[]'::jsonb)
            FROM storage.search(p_prefix, p_bucket_id, p_limit,
                                coalesce(array_length(string_to_array(p_prefix || p_search, '/'), 1), 1),
                                p_offset, p_search, p_sort_column, p_sort_order)
                 WITH ORDINALITY AS s (name, id, updated_at, created_at, last_accessed_at, metadata, n));
END
$$;

-- Storage's remove: deletes the rows the caller may delete and returns them (the API then deletes
-- their bytes); names the caller may not delete are left alone and not returned, as on Supabase.
CREATE OR REPLACE FUNCTION private.storage_remove(p_bucket_id text, p_names text[]) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_removed jsonb;
BEGIN
    PERFORM private.storage_bucket(p_bucket_id);
    PERFORM set_config('storage.allow_delete_query', 'true', true);  -- what Supabase Storage sets too
    WITH removed AS (
        DELETE FROM storage.objects o WHERE o.bucket_id = p_bucket_id AND o.name = ANY (p_names) RETURNING o.*)
    SELECT coalesce(jsonb_agg(private.storage_object_json(r) ORDER BY r.name), '[]'::jsonb) INTO v_removed
    FROM removed r;
    RETURN v_removed;
END
$$;

-- Storage's bucket list, as the caller (the policies show signed-in users iFarm's buckets).
CREATE OR REPLACE FUNCTION private.storage_list_buckets() RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', b.id, 'name', b.name, 'owner', coalesce(b.owner::text, ''),
                                                 'public', b.public, 'file_size_limit', b.file_size_limit,
                                                 'allowed_mime_types', b.allowed_mime_types,
                                                 'created_at', b.created_at, 'updated_at', b.updated_at)
                              ORDER BY b.id), '[]'::jsonb)
    FROM storage.buckets b
$$;

GRANT EXECUTE ON FUNCTION private.storage_bucket(text), private.storage_bucket_types(text),
    private.storage_object_json(storage.objects), private.storage_put_object(text, text, boolean, jsonb, jsonb),
    private.storage_can_upload(text, text, boolean), private.storage_object(text, text),
    private.storage_readable_names(text, text[]), private.storage_public_object(text, text),
    private.storage_list(text, text, integer, integer, text, text, text), private.storage_remove(text, text[]),
    private.storage_list_buckets()
    TO anon, authenticated, service_role;
-- Only the API's own service-role call reads an object for a verified signed URL.
GRANT EXECUTE ON FUNCTION private.storage_signed_object(text, text) TO service_role;
