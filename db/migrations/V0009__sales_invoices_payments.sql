-- V0009: farm finance, second part -- animal and product sales, invoices with per-tenant gapless
-- numbers, and payments. Rules, policies and functions: db/functions/085_sales_invoices.sql.

-- A sale of an animal, or of heads from a group.
CREATE TABLE public.animal_sales (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    female integer NOT NULL DEFAULT 0 CHECK (female >= 0),
    male integer NOT NULL DEFAULT 0 CHECK (male >= 0),
    unknown integer NOT NULL DEFAULT 0 CHECK (unknown >= 0),
    buyer_id uuid,
    sold_on date NOT NULL,
    price numeric(14, 2) NOT NULL CHECK (price > 0),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    weight_kg numeric(10, 2) CHECK (weight_kg > 0),
    for_slaughter boolean NOT NULL DEFAULT true,
    invoice_id uuid,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES public.counterparties (tenant_id, id) ON DELETE SET NULL (buyer_id),
    CHECK (num_nonnulls(animal_id, group_id) = 1),
    CHECK (animal_id IS NULL OR female + male + unknown = 0),
    CHECK (group_id IS NULL OR female + male + unknown > 0)
);
CREATE INDEX animal_sales_sold_idx ON public.animal_sales (tenant_id, farm_id, sold_on);

-- A sale of produce (milk, eggs, wool...). Never more than the saleable (not withheld) stock.
CREATE TABLE public.product_sales (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    product text NOT NULL CHECK (product IN ('milk', 'eggs', 'wool', 'honey', 'meat')),
    quantity numeric(12, 3) NOT NULL CHECK (quantity > 0),
    unit text NOT NULL CHECK (unit IN ('l', 'kg', 'count', 'g')),
    unit_price numeric(14, 4) NOT NULL CHECK (unit_price >= 0),
    total numeric(14, 2) NOT NULL,
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    sold_on date NOT NULL,
    buyer_id uuid,
    invoice_id uuid,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES public.counterparties (tenant_id, id) ON DELETE SET NULL (buyer_id)
);
CREATE INDEX product_sales_stock_idx ON public.product_sales (tenant_id, farm_id, product, unit);

-- The last invoice number used per tenant and year; issuing takes the next under this row's lock,
-- so numbers have no gaps and no duplicates.
CREATE TABLE public.invoice_counters (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    last_number integer NOT NULL DEFAULT 0 CHECK (last_number >= 0),
    PRIMARY KEY (tenant_id, year)
);

-- An invoice: draft (no number) -> issued (numbered) -> paid | overdue | void. Totals are computed
-- from its lines in SQL; a voided invoice keeps its number.
CREATE TABLE public.invoices (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    customer_id uuid,
    number text,
    year integer,
    sequence integer,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'paid', 'overdue', 'void')),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    issued_on date,
    due_on date,
    subtotal numeric(14, 2) NOT NULL DEFAULT 0,
    tax_total numeric(14, 2) NOT NULL DEFAULT 0,
    total numeric(14, 2) NOT NULL DEFAULT 0,
    amount_paid numeric(14, 2) NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
    notes text CHECK (length(notes) <= 2000),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, year, sequence),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES public.counterparties (tenant_id, id) ON DELETE SET NULL (customer_id),
    CHECK ((status = 'draft') = (number IS NULL)),
    CHECK (amount_paid <= total),
    CHECK (due_on IS NULL OR issued_on IS NULL OR due_on >= issued_on)
);
CREATE INDEX invoices_open_idx ON public.invoices (tenant_id, due_on) WHERE status IN ('issued', 'overdue');

-- A line of an invoice: line total = round(quantity x unit price, 2); tax = round(line total x rate, 2).
CREATE TABLE public.invoice_lines (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    invoice_id uuid NOT NULL,
    position integer NOT NULL,
    description text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 300),
    quantity numeric(12, 3) NOT NULL CHECK (quantity > 0),
    unit_price numeric(14, 4) NOT NULL CHECK (unit_price >= 0),
    tax_rate numeric(6, 4) NOT NULL DEFAULT 0 CHECK (tax_rate BETWEEN 0 AND 1),
    line_total numeric(14, 2) NOT NULL,
    tax numeric(14, 2) NOT NULL,
    animal_sale_id uuid,
    product_sale_id uuid,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, invoice_id, position),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.invoices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_sale_id) REFERENCES public.animal_sales (tenant_id, id) ON DELETE SET NULL (animal_sale_id),
    FOREIGN KEY (tenant_id, product_sale_id) REFERENCES public.product_sales (tenant_id, id) ON DELETE SET NULL (product_sale_id)
);
ALTER TABLE public.animal_sales ADD FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.invoices (tenant_id, id)
    ON DELETE SET NULL (invoice_id);
ALTER TABLE public.product_sales ADD FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.invoices (tenant_id, id)
    ON DELETE SET NULL (invoice_id);

-- A payment against an invoice: partial allowed, overpayment refused.
CREATE TABLE public.payments (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    invoice_id uuid NOT NULL,
    amount numeric(14, 2) NOT NULL CHECK (amount > 0),
    paid_on date NOT NULL,
    method text NOT NULL DEFAULT 'cash' CHECK (method IN ('cash', 'bank_transfer', 'mobile_money', 'card', 'cheque', 'other')),
    reference text CHECK (length(reference) <= 100),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.invoices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX payments_invoice_idx ON public.payments (tenant_id, invoice_id);

ALTER TABLE public.animal_sales ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.animal_sales FORCE ROW LEVEL SECURITY;
ALTER TABLE public.product_sales ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.product_sales FORCE ROW LEVEL SECURITY;
ALTER TABLE public.invoice_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.invoice_counters FORCE ROW LEVEL SECURITY;
ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.invoices FORCE ROW LEVEL SECURITY;
ALTER TABLE public.invoice_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.invoice_lines FORCE ROW LEVEL SECURITY;
ALTER TABLE public.payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.payments FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT (tenant_id, id, animal_id, group_id, female, male, unknown, buyer_id, sold_on, price, currency,
    weight_kg, for_slaughter) ON public.animal_sales TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, farm_id, product, quantity, unit, unit_price, currency, sold_on, buyer_id)
    ON public.product_sales TO authenticated;
GRANT SELECT ON public.invoice_counters TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, customer_id, currency, due_on, notes), UPDATE (customer_id, due_on, notes, status),
    DELETE ON public.invoices TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, invoice_id, position, description, quantity, unit_price, tax_rate, animal_sale_id,
    product_sale_id), DELETE ON public.invoice_lines TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, invoice_id, amount, paid_on, method, reference) ON public.payments TO authenticated;
GRANT ALL ON public.animal_sales, public.product_sales, public.invoice_counters, public.invoices, public.invoice_lines,
    public.payments TO service_role;
