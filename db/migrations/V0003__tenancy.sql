-- V0003: tenants, members and their roles, the role -> permission table, farms (the unit of
-- access; the livestock issue adds their details), per-farm access, profiles, invitations.
-- Policies and helpers live in db/functions/010_tenancy.sql; this file holds the tables, keys,
-- indexes, grants and RLS enablement.

-- Member roles, most powerful first. Data, not code: a new role is an INSERT.
CREATE TABLE public.roles (
    role text PRIMARY KEY CHECK (role ~ '^[a-z_]{2,30}$'),
    rank smallint NOT NULL UNIQUE,
    description text NOT NULL
);

-- What each role may do. Policies and api functions ask private.has_permission(), never a role name.
CREATE TABLE public.role_permissions (
    role text NOT NULL REFERENCES public.roles (role) ON DELETE CASCADE,
    permission text NOT NULL CHECK (permission ~ '^[a-z_]+\.[a-z_]+$'),
    PRIMARY KEY (role, permission)
);

-- A farm business: the unit of isolation. Everything else carries its id.
CREATE TABLE public.tenants (
    id uuid PRIMARY KEY DEFAULT private.uuid7(),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'cancelled')),
    country char(2) NOT NULL DEFAULT 'US' CHECK (country ~ '^[A-Z]{2}$'),
    currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    timezone text NOT NULL DEFAULT 'UTC',
    created_by uuid REFERENCES auth.users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Who belongs to a tenant and with which role.
CREATE TABLE public.tenant_members (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    role text NOT NULL REFERENCES public.roles (role),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);
-- private.my_tenant_ids() looks members up by user.
CREATE INDEX tenant_members_user_id_idx ON public.tenant_members (user_id, tenant_id);

-- A farm of a tenant. The livestock domain adds type, location, area, timezone.
CREATE TABLE public.farms (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);
-- Farm names are unique among a tenant's live farms.
CREATE UNIQUE INDEX farms_tenant_id_name_key ON public.farms (tenant_id, lower(name)) WHERE deleted_at IS NULL;

-- Which farms a member other than an owner or admin may see and work on.
CREATE TABLE public.farm_access (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    farm_id uuid NOT NULL,
    granted_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id, farm_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES public.tenant_members (tenant_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX farm_access_user_id_idx ON public.farm_access (user_id, tenant_id, farm_id);
CREATE INDEX farm_access_farm_idx ON public.farm_access (tenant_id, farm_id);

-- A person's display data, one per auth user, shared with the members of their tenants.
CREATE TABLE public.profiles (
    id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    email text CHECK (email = lower(email)),
    full_name text CHECK (length(full_name) <= 200),
    phone text CHECK (length(phone) <= 40),
    avatar_url text CHECK (length(avatar_url) <= 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- An invitation to join a tenant. Only the SHA-256 of the token is stored; it is accepted once,
-- before it expires, by a user signed in with the invited email.
CREATE TABLE public.invitations (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    email text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND email = lower(email)),
    role text NOT NULL REFERENCES public.roles (role),
    token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
    invited_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, invited_by) REFERENCES public.tenant_members (tenant_id, user_id) ON DELETE SET NULL (invited_by)
);
CREATE INDEX invitations_token_hash_idx ON public.invitations (token_hash);
-- One open invitation per email and tenant; inviting again replaces it.
CREATE UNIQUE INDEX invitations_open_email_key ON public.invitations (tenant_id, email) WHERE accepted_at IS NULL;

-- Every table in public: RLS enabled and forced, even for the table owner.
ALTER TABLE public.roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.roles FORCE ROW LEVEL SECURITY;
ALTER TABLE public.role_permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.role_permissions FORCE ROW LEVEL SECURITY;
ALTER TABLE public.tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.tenants FORCE ROW LEVEL SECURITY;
ALTER TABLE public.tenant_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.tenant_members FORCE ROW LEVEL SECURITY;
ALTER TABLE public.farms ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.farms FORCE ROW LEVEL SECURITY;
ALTER TABLE public.farm_access ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.farm_access FORCE ROW LEVEL SECURITY;
ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.profiles FORCE ROW LEVEL SECURITY;
ALTER TABLE public.invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.invitations FORCE ROW LEVEL SECURITY;

-- Least privilege: what each role may attempt; the policies decide which rows.
GRANT SELECT ON public.roles, public.role_permissions TO anon, authenticated;
GRANT SELECT, UPDATE (name, country, currency, timezone, updated_at), DELETE ON public.tenants TO authenticated;
GRANT SELECT, UPDATE (role, updated_at), DELETE ON public.tenant_members TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, name), UPDATE (name, updated_at, deleted_at) ON public.farms TO authenticated;
GRANT SELECT, INSERT (tenant_id, user_id, farm_id, granted_by), DELETE ON public.farm_access TO authenticated;
GRANT SELECT, INSERT (id, full_name, phone, avatar_url), UPDATE (full_name, phone, avatar_url, updated_at)
    ON public.profiles TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, email, role, token_hash, invited_by, expires_at), DELETE
    ON public.invitations TO authenticated;
GRANT ALL ON public.roles, public.role_permissions, public.tenants, public.tenant_members, public.farms,
    public.farm_access, public.profiles, public.invitations TO service_role;

-- The roles and what they may do.
INSERT INTO public.roles (role, rank, description) VALUES
    ('owner', 1, 'Owns the business: everything, including billing and deleting the tenant'),
    ('admin', 2, 'Runs the business: everything but deleting the tenant'),
    ('manager', 3, 'Manages farms and livestock on the farms granted'),
    ('worker', 4, 'Records daily work on the farms granted'),
    ('vet', 5, 'Records health and breeding on the farms granted'),
    ('accountant', 6, 'Manages finance; reads livestock'),
    ('viewer', 7, 'Reads');

INSERT INTO public.role_permissions (role, permission)
SELECT r.role, p.permission
FROM (VALUES
    ('owner', 'tenant.read'), ('owner', 'tenant.update'), ('owner', 'tenant.delete'),
    ('owner', 'members.read'), ('owner', 'members.manage'), ('owner', 'billing.manage'),
    ('owner', 'farms.read'), ('owner', 'farms.manage'), ('owner', 'farms.all'),
    ('admin', 'tenant.read'), ('admin', 'tenant.update'),
    ('admin', 'members.read'), ('admin', 'members.manage'), ('admin', 'billing.manage'),
    ('admin', 'farms.read'), ('admin', 'farms.manage'), ('admin', 'farms.all'),
    ('manager', 'tenant.read'), ('manager', 'members.read'), ('manager', 'farms.read'), ('manager', 'farms.manage'),
    ('worker', 'tenant.read'), ('worker', 'members.read'), ('worker', 'farms.read'),
    ('vet', 'tenant.read'), ('vet', 'members.read'), ('vet', 'farms.read'),
    ('accountant', 'tenant.read'), ('accountant', 'members.read'), ('accountant', 'farms.read'),
    ('viewer', 'tenant.read'), ('viewer', 'members.read'), ('viewer', 'farms.read')
) AS p (role, permission)
JOIN public.roles r USING (role);
