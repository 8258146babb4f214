-- V0020: media storage. On plain PostgreSQL, the part of Supabase Storage's `storage` schema that
-- iFarm's /storage/v1 and its policies use (buckets, objects, foldername/filename/extension,
-- search), created only when schema storage does not exist: on Supabase the real schema is used
-- and never altered here. Then, on both: iFarm's four buckets (as data) and public.media_files,
-- which links each object to the animal, farm, member, invoice or expense it belongs to.
-- Policies, helpers and triggers live in db/functions/120_media.sql.

DO $shim$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'storage') THEN
        RAISE NOTICE 'schema storage exists (Supabase): storage shim skipped';
        RETURN;
    END IF;

    CREATE SCHEMA storage;
    GRANT USAGE ON SCHEMA storage TO anon, authenticated, service_role;

    -- Supabase's storage.buckets: one row per bucket, with its size limit and allowed types.
    CREATE TABLE storage.buckets (
        id text PRIMARY KEY,
        name text NOT NULL UNIQUE,
        owner uuid,
        owner_id text,
        public boolean NOT NULL DEFAULT false,
        avif_autodetection boolean DEFAULT false,
        file_size_limit bigint,
        allowed_mime_types text[],
        type text NOT NULL DEFAULT 'STANDARD',
        created_at timestamptz DEFAULT now(),
        updated_at timestamptz DEFAULT now()
    );

    -- Supabase's storage.objects: one row per stored object; RLS on it decides who may upload
    -- (INSERT), overwrite (UPDATE), read, sign or list (SELECT) and remove (DELETE).
    CREATE TABLE storage.objects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bucket_id text REFERENCES storage.buckets (id),
        name text,
        owner uuid,
        owner_id text,
        created_at timestamptz DEFAULT now(),
        updated_at timestamptz DEFAULT now(),
        last_accessed_at timestamptz DEFAULT now(),
        metadata jsonb,
        path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
        version text,
        user_metadata jsonb
    );
    CREATE UNIQUE INDEX bucketid_objname ON storage.objects (bucket_id, name);
    CREATE INDEX name_prefix_search ON storage.objects (name text_pattern_ops);

    ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
    ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
    ALTER TABLE storage.buckets FORCE ROW LEVEL SECURITY;
    ALTER TABLE storage.objects FORCE ROW LEVEL SECURITY;
    -- As on Supabase: the client roles hold the privileges and the policies decide.
    GRANT SELECT, INSERT, UPDATE, DELETE ON storage.objects TO anon, authenticated;
    GRANT SELECT ON storage.buckets TO anon, authenticated;
    GRANT ALL ON storage.buckets, storage.objects TO service_role;

    -- Supabase's helpers for policies: the folders of a name, its file name and its extension.
    CREATE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $f$
    DECLARE
        _parts text[];
    BEGIN
        SELECT string_to_array(name, '/') INTO _parts;
        RETURN _parts[1:array_length(_parts, 1) - 1];
    END
    $f$;
    CREATE FUNCTION storage.filename(name text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $f$
    DECLARE
        _parts text[];
    BEGIN
        SELECT string_to_array(name, '/') INTO _parts;
        RETURN _parts[array_length(_parts, 1)];
    END
    $f$;
    CREATE FUNCTION storage.extension(name text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $f$
    DECLARE
        _parts text[];
        _filename text;
    BEGIN
        SELECT string_to_array(name, '/') INTO _parts;
        SELECT _parts[array_length(_parts, 1)] INTO _filename;
        RETURN reverse(split_part(reverse(_filename), '.', 1));
    END
    $f$;

    -- Supabase's storage.search (what POST /object/list runs, as the caller): the entries one level
    -- below a prefix -- folders first (name only), then objects -- sorted, paged. Invoker: RLS on
    -- storage.objects decides which names exist for the caller.
    CREATE FUNCTION storage.search(prefix text, bucketname text, limits integer DEFAULT 100,
        levels integer DEFAULT 1, offsets integer DEFAULT 0, search text DEFAULT '',
        sortcolumn text DEFAULT 'name', sortorder text DEFAULT 'asc')
    RETURNS TABLE (name text, id uuid, updated_at timestamptz, created_at timestamptz,
                   last_accessed_at timestamptz, metadata jsonb)
    LANGUAGE plpgsql STABLE SECURITY INVOKER AS $f$
    DECLARE
        v_prefix text := coalesce(prefix, '') || coalesce(search, '');
        v_start integer := coalesce(array_length(string_to_array(coalesce(prefix, ''), '/'), 1), 1);
        v_levels integer := coalesce(array_length(string_to_array(v_prefix, '/'), 1), 1);
        v_column text := CASE lower(coalesce(sortcolumn, 'name'))
                             WHEN 'updated_at' THEN 'updated_at' WHEN 'created_at' THEN 'created_at'
                             WHEN 'last_accessed_at' THEN 'last_accessed_at' ELSE 'name' END;
        v_order text := CASE WHEN lower(coalesce(sortorder, 'asc')) = 'desc' THEN 'desc' ELSE 'asc' END;
    BEGIN
        RETURN QUERY EXECUTE format(
            $sql$
            WITH folders AS (
                SELECT DISTINCT array_to_string(o.path_tokens[$1:$2], '/') AS folder
                FROM storage.objects o
                WHERE o.bucket_id = $4 AND starts_with(o.name, $3)
                  AND array_length(o.path_tokens, 1) <> $2
            )
            (SELECT f.folder, NULL::uuid, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::jsonb
             FROM folders f ORDER BY f.folder %s)
            UNION ALL
            (SELECT array_to_string(o.path_tokens[$1:$2], '/'), o.id, o.updated_at, o.created_at,
                    o.last_accessed_at, o.metadata
             FROM storage.objects o
             WHERE o.bucket_id = $4 AND starts_with(o.name, $3)
               AND array_length(o.path_tokens, 1) = $2
             ORDER BY %I %s, o.name %s)
            LIMIT $5 OFFSET $6
            $sql$, v_order, v_column, v_order, v_order)
        USING v_start, v_levels, v_prefix, bucketname, least(coalesce(limits, 100), 1000), coalesce(offsets, 0);
    END
    $f$;
    GRANT EXECUTE ON FUNCTION storage.foldername(text), storage.filename(text), storage.extension(text),
        storage.search(text, text, integer, integer, integer, text, text, text)
        TO anon, authenticated, service_role;
END
$shim$;

-- iFarm's buckets, on Supabase too: whether anyone may read them by URL, the largest object, and
-- the types accepted (iFarm's /storage/v1 checks the type from the bytes). Profile pictures are
-- public (shown wherever a member's name is); everything else is read through signed URLs.
INSERT INTO storage.buckets (id, name, public, file_size_limit, allowed_mime_types) VALUES
    ('profile-pictures', 'profile-pictures', true, 2097152, '{image/jpeg,image/png,image/webp}'),
    ('animal-photos', 'animal-photos', false, 10485760, '{image/jpeg,image/png,image/webp}'),
    ('farm-photos', 'farm-photos', false, 10485760, '{image/jpeg,image/png,image/webp}'),
    ('documents', 'documents', false, 52428800, '{application/pdf,image/jpeg,image/png}')
ON CONFLICT (id) DO UPDATE SET public = EXCLUDED.public, file_size_limit = EXCLUDED.file_size_limit,
    allowed_mime_types = EXCLUDED.allowed_mime_types, updated_at = now();

-- A media file of a tenant: what it belongs to (an animal, a farm, a member's profile picture, or a
-- document of an animal, farm, invoice or expense), and where its bytes are: object
-- `{tenant_id}/{id}.{extension}` of its bucket. The row comes first (status pending) and says what
-- the upload may be; the storage object's arrival makes it ready (db/functions/120_media.sql).
CREATE TABLE public.media_files (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    bucket_id text NOT NULL CHECK (bucket_id IN ('profile-pictures', 'animal-photos', 'farm-photos', 'documents')),
    extension text NOT NULL CHECK (extension ~ '^[a-z0-9]{1,5}$'),
    object_name text NOT NULL GENERATED ALWAYS AS (tenant_id::text || '/' || id::text || '.' || extension) STORED,
    content_type text NOT NULL CHECK (content_type ~ '^[a-z]+/[a-z0-9.+-]+$'),
    animal_id uuid,
    farm_id uuid,
    user_id uuid,
    invoice_id uuid,
    expense_id uuid,
    document_type text CHECK (document_type IN ('invoice', 'receipt', 'vet_report', 'certificate', 'contract',
                                                'other')),
    title text CHECK (length(title) <= 200),
    file_name text CHECK (length(file_name) <= 255),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ready')),
    size_bytes bigint CHECK (size_bytes >= 0),
    uploaded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    uploaded_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES public.tenant_members (tenant_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.invoices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, expense_id) REFERENCES public.expenses (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, uploaded_by) REFERENCES public.tenant_members (tenant_id, user_id)
        ON DELETE SET NULL (uploaded_by),
    -- What each bucket holds: photos of one animal or farm, one member's picture, a document of one thing.
    CHECK (CASE bucket_id
        WHEN 'animal-photos' THEN animal_id IS NOT NULL AND num_nonnulls(farm_id, user_id, invoice_id, expense_id) = 0
        WHEN 'farm-photos' THEN farm_id IS NOT NULL AND num_nonnulls(animal_id, user_id, invoice_id, expense_id) = 0
        WHEN 'profile-pictures' THEN user_id IS NOT NULL
                                     AND num_nonnulls(animal_id, farm_id, invoice_id, expense_id) = 0
        ELSE user_id IS NULL AND num_nonnulls(animal_id, farm_id, invoice_id, expense_id) = 1
    END),
    CHECK ((bucket_id = 'documents') = (document_type IS NOT NULL)),
    CHECK ((status = 'ready') = (uploaded_at IS NOT NULL))
);
CREATE INDEX media_files_animal_idx ON public.media_files (tenant_id, animal_id, created_at)
    WHERE animal_id IS NOT NULL;
CREATE INDEX media_files_farm_idx ON public.media_files (tenant_id, farm_id, created_at) WHERE farm_id IS NOT NULL;
CREATE INDEX media_files_user_idx ON public.media_files (tenant_id, user_id, created_at) WHERE user_id IS NOT NULL;
CREATE INDEX media_files_invoice_idx ON public.media_files (tenant_id, invoice_id, created_at)
    WHERE invoice_id IS NOT NULL;
CREATE INDEX media_files_expense_idx ON public.media_files (tenant_id, expense_id, created_at)
    WHERE expense_id IS NOT NULL;
CREATE INDEX media_files_uploader_idx ON public.media_files (tenant_id, uploaded_by) WHERE uploaded_by IS NOT NULL;
-- The cleanup job finds objects whose row is gone by (bucket, name).
CREATE INDEX media_files_object_idx ON public.media_files (bucket_id, object_name);

-- Media permissions: who works on a farm may add photos and documents there; managers and above
-- (and the uploader) may remove them.
INSERT INTO public.role_permissions (role, permission)
SELECT r.role, p.permission
FROM (VALUES
    ('media.write', '{owner,admin,manager,worker,vet}'),
    ('media.delete', '{owner,admin,manager}')
) AS p (permission, roles)
CROSS JOIN LATERAL unnest(p.roles::text[]) AS r (role);

ALTER TABLE public.media_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.media_files FORCE ROW LEVEL SECURITY;
GRANT SELECT,
      INSERT (tenant_id, id, bucket_id, extension, content_type, animal_id, farm_id, user_id, invoice_id, expense_id,
              document_type, title, file_name, uploaded_by),
      UPDATE (title),
      DELETE
    ON public.media_files TO authenticated;
GRANT ALL ON public.media_files TO service_role;
