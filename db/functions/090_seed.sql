-- 090_seed: the demo tenant `ifarm seed demo` (and `ifarm up`) creates. Idempotent: running it
-- again changes nothing. The API hashes the demo password; only the hash arrives here.

-- Demo user (owner), a worker, two farms; returns the demo tenant id.
CREATE OR REPLACE FUNCTION private.seed_demo(p_email text, p_password_hash text) RETURNS uuid
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_owner uuid;
    v_worker uuid;
    v_tenant uuid;
    v_farm uuid;
BEGIN
    SELECT u.id INTO v_owner FROM auth.users u WHERE lower(u.email) = lower(p_email);
    IF v_owner IS NULL THEN
        v_owner := (private.auth_signup(p_email, p_password_hash, '{"full_name": "Demo Owner"}'::jsonb) ->> 'id')::uuid;
    END IF;
    SELECT u.id INTO v_worker FROM auth.users u WHERE lower(u.email) = 'worker@' || split_part(lower(p_email), '@', 2);
    IF v_worker IS NULL THEN
        v_worker := (private.auth_signup('worker@' || split_part(lower(p_email), '@', 2), p_password_hash,
                     '{"full_name": "Demo Worker"}'::jsonb) ->> 'id')::uuid;
    END IF;
    SELECT t.id INTO v_tenant FROM public.tenants t WHERE t.slug = 'demo';
    IF v_tenant IS NULL THEN
        INSERT INTO public.tenants (name, slug, country, currency, timezone, created_by)
        VALUES ('Demo Farms Ltd', 'demo', 'KE', 'KES', 'Africa/Nairobi', v_owner)
        RETURNING id INTO v_tenant;
    END IF;
    INSERT INTO public.tenant_members (tenant_id, user_id, role) VALUES
        (v_tenant, v_owner, 'owner'), (v_tenant, v_worker, 'worker')
    ON CONFLICT DO NOTHING;
    INSERT INTO public.farms (tenant_id, name) VALUES (v_tenant, 'Green Valley Dairy'), (v_tenant, 'Hilltop Poultry')
    ON CONFLICT DO NOTHING;
    SELECT f.id INTO v_farm FROM public.farms f WHERE f.tenant_id = v_tenant AND f.name = 'Green Valley Dairy';
    INSERT INTO public.farm_access (tenant_id, user_id, farm_id) VALUES (v_tenant, v_worker, v_farm)
    ON CONFLICT DO NOTHING;
    RETURN v_tenant;
END
$$;
