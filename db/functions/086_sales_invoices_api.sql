-- 086_sales_invoices_api: api.* functions for sales, invoices and payments (rules: 085).

-- Sell an animal, or heads from a group (female, male, unknown counts).
CREATE OR REPLACE FUNCTION api.record_animal_sale(tenant_id uuid, price numeric, animal_id uuid DEFAULT NULL,
    group_id uuid DEFAULT NULL, female integer DEFAULT 0, male integer DEFAULT 0, unknown integer DEFAULT 0,
    sold_on date DEFAULT NULL, buyer_id uuid DEFAULT NULL, weight_kg numeric DEFAULT NULL,
    for_slaughter boolean DEFAULT true) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.animal_sales;
BEGIN
    PERFORM private.require_permission(record_animal_sale.tenant_id, 'finance.write');
    INSERT INTO public.animal_sales (tenant_id, animal_id, group_id, female, male, unknown, buyer_id, sold_on, price,
        weight_kg, for_slaughter)
    VALUES (record_animal_sale.tenant_id, record_animal_sale.animal_id, record_animal_sale.group_id,
        record_animal_sale.female, record_animal_sale.male, record_animal_sale.unknown, record_animal_sale.buyer_id,
        coalesce(record_animal_sale.sold_on, private.tenant_today(record_animal_sale.tenant_id)), record_animal_sale.price,
        record_animal_sale.weight_kg, record_animal_sale.for_slaughter)
    RETURNING * INTO v_row;
    RETURN to_jsonb(v_row);
END
$$;
COMMENT ON FUNCTION api.record_animal_sale(uuid, numeric, uuid, uuid, integer, integer, integer, date, uuid, numeric,
    boolean) IS 'Sell an animal or heads of a group (refused inside a meat withdrawal period).';

-- Sell produce; never more than the saleable (not withheld) stock.
CREATE OR REPLACE FUNCTION api.record_product_sale(tenant_id uuid, farm_id uuid, product text, quantity numeric,
    unit text, unit_price numeric, sold_on date DEFAULT NULL, buyer_id uuid DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.product_sales;
BEGIN
    PERFORM private.require_permission(record_product_sale.tenant_id, 'finance.write');
    INSERT INTO public.product_sales (tenant_id, farm_id, product, quantity, unit, unit_price, sold_on, buyer_id)
    VALUES (record_product_sale.tenant_id, record_product_sale.farm_id, record_product_sale.product,
        record_product_sale.quantity, record_product_sale.unit, record_product_sale.unit_price,
        coalesce(record_product_sale.sold_on, private.tenant_today(record_product_sale.tenant_id)), record_product_sale.buyer_id)
    RETURNING * INTO v_row;
    RETURN to_jsonb(v_row);
END
$$;
COMMENT ON FUNCTION api.record_product_sale(uuid, uuid, text, numeric, text, numeric, date, uuid) IS
    'Sell milk, eggs or other produce (withheld production is never sold).';

-- How much of a product a farm can sell: produced, withheld, sold, available.
CREATE OR REPLACE FUNCTION api.saleable_stock(tenant_id uuid, farm_id uuid, product text, unit text,
    as_of date DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(saleable_stock.tenant_id, 'finance.read');
    IF saleable_stock.farm_id NOT IN (SELECT private.accessible_farm_ids(saleable_stock.tenant_id)) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you cannot work on this farm', HINT = 'permission_denied';
    END IF;
    RETURN (SELECT jsonb_build_object('produced', coalesce(s.produced, 0), 'withheld', coalesce(s.withheld, 0),
                'sold', coalesce(s.sold, 0), 'available', coalesce(s.available, 0))
            FROM (SELECT 1) one LEFT JOIN private.saleable_stock(saleable_stock.tenant_id, saleable_stock.farm_id,
                saleable_stock.product, saleable_stock.unit,
                coalesce(saleable_stock.as_of, private.tenant_today(saleable_stock.tenant_id))) s ON true);
END
$$;
COMMENT ON FUNCTION api.saleable_stock(uuid, uuid, text, text, date) IS
    'A farm''s produced, withheld, sold and still saleable quantity of a product.';

-- Sales over a period.
CREATE OR REPLACE FUNCTION api.list_sales(tenant_id uuid, from_date date DEFAULT NULL, to_date date DEFAULT NULL,
    farm_id uuid DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_from date := coalesce(list_sales.from_date, '-infinity'::date);
    v_to date := coalesce(list_sales.to_date, 'infinity'::date);
BEGIN
    PERFORM private.require_permission(list_sales.tenant_id, 'finance.read');
    RETURN jsonb_build_object(
        'animal_sales', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.sold_on DESC, s.id), '[]'::jsonb)
                         FROM public.animal_sales s WHERE s.tenant_id = list_sales.tenant_id
                           AND s.sold_on BETWEEN v_from AND v_to
                           AND (list_sales.farm_id IS NULL OR s.farm_id = list_sales.farm_id)),
        'product_sales', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.sold_on DESC, s.id), '[]'::jsonb)
                          FROM public.product_sales s WHERE s.tenant_id = list_sales.tenant_id
                            AND s.sold_on BETWEEN v_from AND v_to
                            AND (list_sales.farm_id IS NULL OR s.farm_id = list_sales.farm_id)));
END
$$;
COMMENT ON FUNCTION api.list_sales(uuid, date, date, uuid) IS 'Animal and product sales over a period.';

-- JSON of an invoice with its lines and payments.
CREATE OR REPLACE FUNCTION private.invoice_json(i public.invoices) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT to_jsonb(i) || jsonb_build_object(
        'outstanding', i.total - i.amount_paid,
        'lines', coalesce((SELECT jsonb_agg(to_jsonb(l) - 'tenant_id' ORDER BY l.position) FROM public.invoice_lines l
                           WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.id), '[]'::jsonb),
        'payments', coalesce((SELECT jsonb_agg(to_jsonb(p) - 'tenant_id' ORDER BY p.paid_on, p.created_at)
                              FROM public.payments p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id), '[]'::jsonb))
$$;
GRANT EXECUTE ON FUNCTION private.invoice_json(public.invoices) TO authenticated, service_role;

-- A draft invoice from free lines [{description, quantity, unit_price, tax_rate}] and/or sales
-- not yet invoiced (their price becomes a line at tax_rate).
CREATE OR REPLACE FUNCTION api.create_invoice(tenant_id uuid, customer_id uuid DEFAULT NULL, lines jsonb DEFAULT NULL,
    animal_sale_ids jsonb DEFAULT NULL, product_sale_ids jsonb DEFAULT NULL, tax_rate numeric DEFAULT 0,
    due_on date DEFAULT NULL, notes text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid := private.uuid7();
    t uuid := create_invoice.tenant_id;
    v_missing text;
BEGIN
    PERFORM private.require_permission(t, 'finance.write');
    -- Every sale named is one of this tenant's: an unknown id (or another tenant's) is refused, never
    -- skipped into an invoice that lacks it.
    SELECT string_agg(x.id, ', ' ORDER BY x.id) INTO v_missing
    FROM (SELECT e AS id FROM jsonb_array_elements_text(coalesce(create_invoice.animal_sale_ids, '[]')) e
          WHERE NOT EXISTS (SELECT 1 FROM public.animal_sales s WHERE s.tenant_id = t AND s.id = private.try_uuid(e))
          UNION ALL
          SELECT e FROM jsonb_array_elements_text(coalesce(create_invoice.product_sale_ids, '[]')) e
          WHERE NOT EXISTS (SELECT 1 FROM public.product_sales s WHERE s.tenant_id = t AND s.id = private.try_uuid(e))) x;
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'sale not found', DETAIL = format('sale ids: %s', v_missing),
            HINT = 'sale_not_found';
    END IF;
    INSERT INTO public.invoices (tenant_id, id, customer_id, due_on, notes)
    VALUES (t, v_id, create_invoice.customer_id, create_invoice.due_on, create_invoice.notes);
    IF EXISTS (SELECT 1 FROM public.animal_sales s WHERE s.tenant_id = t AND s.invoice_id IS NOT NULL
               AND s.id::text IN (SELECT jsonb_array_elements_text(coalesce(create_invoice.animal_sale_ids, '[]'))))
       OR EXISTS (SELECT 1 FROM public.product_sales s WHERE s.tenant_id = t AND s.invoice_id IS NOT NULL
               AND s.id::text IN (SELECT jsonb_array_elements_text(coalesce(create_invoice.product_sale_ids, '[]')))) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'a sale is already invoiced', HINT = 'sale_invoiced';
    END IF;
    INSERT INTO public.invoice_lines (tenant_id, invoice_id, position, description, quantity, unit_price, tax_rate,
        animal_sale_id, product_sale_id)
    SELECT t, v_id, row_number() OVER (ORDER BY x.k, x.n), x.description, x.quantity, x.unit_price, x.tax_rate,
           x.animal_sale_id, x.product_sale_id
    FROM (SELECT 1 AS k, l.n, l.item ->> 'description' AS description, (l.item ->> 'quantity')::numeric AS quantity,
                 (l.item ->> 'unit_price')::numeric AS unit_price,
                 coalesce((l.item ->> 'tax_rate')::numeric, create_invoice.tax_rate) AS tax_rate,
                 NULL::uuid AS animal_sale_id, NULL::uuid AS product_sale_id
          FROM jsonb_array_elements(coalesce(create_invoice.lines, '[]')) WITH ORDINALITY l (item, n)
          UNION ALL
          SELECT 2, 0, coalesce(a.tag_number, g.name || ' x ' || (s.female + s.male + s.unknown)) || ' sold ' || s.sold_on,
                 1, s.price, create_invoice.tax_rate, s.id, NULL
          FROM public.animal_sales s
          LEFT JOIN public.animals a ON a.tenant_id = s.tenant_id AND a.id = s.animal_id
          LEFT JOIN public.animal_groups g ON g.tenant_id = s.tenant_id AND g.id = s.group_id
          WHERE s.tenant_id = t AND s.id::text IN (SELECT jsonb_array_elements_text(coalesce(create_invoice.animal_sale_ids, '[]')))
          UNION ALL
          SELECT 3, 0, s.product || ' ' || s.quantity || ' ' || s.unit || ' sold ' || s.sold_on, s.quantity, s.unit_price,
                 create_invoice.tax_rate, NULL, s.id
          FROM public.product_sales s
          WHERE s.tenant_id = t AND s.id::text IN (SELECT jsonb_array_elements_text(coalesce(create_invoice.product_sale_ids, '[]')))
         ) x;
    RETURN (SELECT private.invoice_json(i) FROM public.invoices i WHERE i.tenant_id = t AND i.id = v_id);
END
$$;
COMMENT ON FUNCTION api.create_invoice(uuid, uuid, jsonb, jsonb, jsonb, numeric, date, text) IS
    'Create a draft invoice from lines and/or uninvoiced sales; totals are computed from the lines.';

-- Changes an invoice's status (the trigger checks the workflow and numbers it on issue).
CREATE OR REPLACE FUNCTION private.move_invoice(p_tenant_id uuid, p_invoice_id uuid, p_status text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.invoices;
BEGIN
    IF (SELECT i.status FROM public.invoices i WHERE i.tenant_id = p_tenant_id AND i.id = p_invoice_id) = p_status THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('the invoice is already %s', p_status),
            HINT = 'already_' || p_status;
    END IF;
    UPDATE public.invoices i SET status = p_status WHERE i.tenant_id = p_tenant_id AND i.id = p_invoice_id
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'invoice not found', HINT = 'invoice_not_found';
    END IF;
    RETURN private.invoice_json(v_row);
END
$$;
GRANT EXECUTE ON FUNCTION private.move_invoice(uuid, uuid, text) TO authenticated, service_role;

CREATE OR REPLACE FUNCTION api.issue_invoice(tenant_id uuid, invoice_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(issue_invoice.tenant_id, 'finance.write');
    RETURN private.move_invoice(issue_invoice.tenant_id, issue_invoice.invoice_id, 'issued');
END
$$;
COMMENT ON FUNCTION api.issue_invoice(uuid, uuid) IS 'Issue a draft invoice: it gets the next number of the year.';

CREATE OR REPLACE FUNCTION api.void_invoice(tenant_id uuid, invoice_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(void_invoice.tenant_id, 'finance.write');
    RETURN private.move_invoice(void_invoice.tenant_id, void_invoice.invoice_id, 'void');
END
$$;
COMMENT ON FUNCTION api.void_invoice(uuid, uuid) IS 'Void an issued invoice without payments (it keeps its number).';

CREATE OR REPLACE FUNCTION api.get_invoice(tenant_id uuid, invoice_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_row public.invoices;
BEGIN
    PERFORM private.require_permission(get_invoice.tenant_id, 'finance.read');
    SELECT * INTO v_row FROM public.invoices i WHERE i.tenant_id = get_invoice.tenant_id AND i.id = get_invoice.invoice_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'invoice not found', HINT = 'invoice_not_found';
    END IF;
    RETURN private.invoice_json(v_row);
END
$$;
COMMENT ON FUNCTION api.get_invoice(uuid, uuid) IS 'One invoice with its lines and payments.';

CREATE OR REPLACE FUNCTION api.list_invoices(tenant_id uuid, status text DEFAULT NULL, "limit" integer DEFAULT 20,
    "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_invoices.tenant_id, 'finance.read');
    PERFORM private.check_page(list_invoices."limit", list_invoices."offset");
    RETURN (
        WITH matching AS NOT MATERIALIZED (
            SELECT i.* FROM public.invoices i
            WHERE i.tenant_id = list_invoices.tenant_id AND (list_invoices.status IS NULL OR i.status = list_invoices.status))
        SELECT jsonb_build_object('count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(to_jsonb(p) || jsonb_build_object('outstanding', p.total - p.amount_paid)
                                                  ORDER BY p.created_at DESC, p.id)
                                 FROM (SELECT * FROM matching m ORDER BY m.created_at DESC, m.id
                                       LIMIT list_invoices."limit" OFFSET list_invoices."offset") p), '[]'::jsonb)));
END
$$;
COMMENT ON FUNCTION api.list_invoices(uuid, text, integer, integer) IS 'Invoices, newest first (filter by status).';

-- Record a payment (partial allowed, overpayment refused).
CREATE OR REPLACE FUNCTION api.record_payment(tenant_id uuid, invoice_id uuid, amount numeric, paid_on date DEFAULT NULL,
    method text DEFAULT 'cash', reference text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(record_payment.tenant_id, 'finance.write');
    INSERT INTO public.payments (tenant_id, invoice_id, amount, paid_on, method, reference)
    VALUES (record_payment.tenant_id, record_payment.invoice_id, record_payment.amount,
            coalesce(record_payment.paid_on, private.tenant_today(record_payment.tenant_id)), record_payment.method,
            record_payment.reference);
    RETURN api.get_invoice(record_payment.tenant_id, record_payment.invoice_id);
END
$$;
COMMENT ON FUNCTION api.record_payment(uuid, uuid, numeric, date, text, text) IS
    'Record a payment against an issued invoice; it is paid when payments reach its total.';
