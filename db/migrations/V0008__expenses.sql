-- V0008: farm finance, first part -- expense categories, vendors and customers, approval limits
-- per role, expenses with their approval workflow and allocation to animals or groups. Rules,
-- policies and functions: db/functions/080_expenses.sql.

-- What an expense is for (feed, veterinary, labour...). Every tenant starts with the defaults and
-- may add its own.
CREATE TABLE public.expense_categories (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    code text NOT NULL CHECK (code ~ '^[a-z_]{2,40}$'),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code)
);

-- Who the tenant buys from and sells to.
CREATE TABLE public.counterparties (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    kind text NOT NULL CHECK (kind IN ('vendor', 'customer', 'both')),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    phone text CHECK (length(phone) <= 40),
    email text CHECK (length(email) <= 200),
    tax_id text CHECK (length(tax_id) <= 50),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX counterparties_name_key ON public.counterparties (tenant_id, lower(name));

-- How much a role may approve, in the tenant's currency (null = no limit; no row = may not approve).
CREATE TABLE public.approval_limits (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    role text NOT NULL REFERENCES public.roles (role),
    max_amount numeric(14, 2) CHECK (max_amount >= 0),
    PRIMARY KEY (tenant_id, role)
);

-- An expense and its workflow: draft -> submitted -> approved | rejected, approved -> paid. An
-- approved or paid expense is immutable; a correction is a new expense referencing it (its amount
-- may be negative). Only approved and paid expenses count in reports.
CREATE TABLE public.expenses (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    category_id uuid NOT NULL,
    vendor_id uuid,
    amount numeric(14, 2) NOT NULL CHECK (amount <> 0),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    spent_on date NOT NULL,
    description text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 500),
    receipt_media_id uuid,
    corrects_id uuid,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'paid')),
    created_by uuid,
    submitted_at timestamptz,
    decided_by uuid,
    decided_at timestamptz,
    rejection_reason text CHECK (length(rejection_reason) <= 500),
    paid_by uuid,
    paid_at timestamptz,
    payment_reference text CHECK (length(payment_reference) <= 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, category_id) REFERENCES public.expense_categories (tenant_id, id),
    FOREIGN KEY (tenant_id, vendor_id) REFERENCES public.counterparties (tenant_id, id) ON DELETE SET NULL (vendor_id),
    FOREIGN KEY (tenant_id, corrects_id) REFERENCES public.expenses (tenant_id, id),
    CHECK (amount > 0 OR corrects_id IS NOT NULL),
    CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
);
CREATE INDEX expenses_farm_spent_idx ON public.expenses (tenant_id, farm_id, spent_on);
CREATE INDEX expenses_status_idx ON public.expenses (tenant_id, status, spent_on);
CREATE INDEX expenses_creator_idx ON public.expenses (tenant_id, created_by);

-- An expense shared out over animals or groups: its cost per head.
CREATE TABLE public.expense_allocations (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    expense_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    heads integer NOT NULL CHECK (heads > 0),
    amount numeric(14, 2) NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, expense_id) REFERENCES public.expenses (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups (tenant_id, id) ON DELETE CASCADE,
    CHECK (num_nonnulls(animal_id, group_id) = 1)
);
CREATE INDEX expense_allocations_expense_idx ON public.expense_allocations (tenant_id, expense_id);

-- Finance permissions. Everyone who works may submit expenses; managers, accountants, admins and
-- owners read and manage finance and approve (within their role's limit).
INSERT INTO public.role_permissions (role, permission)
SELECT r.role, p.permission
FROM (VALUES
    ('finance.submit', '{owner,admin,manager,worker,vet,accountant}'),
    ('finance.read', '{owner,admin,manager,accountant}'),
    ('finance.write', '{owner,admin,manager,accountant}'),
    ('finance.approve', '{owner,admin,manager,accountant}')
) AS p (permission, roles)
CROSS JOIN LATERAL unnest(p.roles::text[]) AS r (role);

ALTER TABLE public.expense_categories ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.expense_categories FORCE ROW LEVEL SECURITY;
ALTER TABLE public.counterparties ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.counterparties FORCE ROW LEVEL SECURITY;
ALTER TABLE public.approval_limits ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.approval_limits FORCE ROW LEVEL SECURITY;
ALTER TABLE public.expenses ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.expenses FORCE ROW LEVEL SECURITY;
ALTER TABLE public.expense_allocations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.expense_allocations FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT (tenant_id, id, code, name) ON public.expense_categories TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, kind, name, phone, email, tax_id), UPDATE (kind, name, phone, email, tax_id)
    ON public.counterparties TO authenticated;
GRANT SELECT, INSERT (tenant_id, role, max_amount), UPDATE (max_amount), DELETE ON public.approval_limits TO authenticated;
GRANT SELECT,
      INSERT (tenant_id, id, farm_id, category_id, vendor_id, amount, currency, spent_on, description, receipt_media_id,
              corrects_id),
      UPDATE (farm_id, category_id, vendor_id, amount, currency, spent_on, description, receipt_media_id, status,
              rejection_reason, payment_reference),
      DELETE
    ON public.expenses TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, expense_id, animal_id, group_id, heads, amount), DELETE
    ON public.expense_allocations TO authenticated;
GRANT ALL ON public.expense_categories, public.counterparties, public.approval_limits, public.expenses,
    public.expense_allocations TO service_role;
