-- 085_sales_invoices: animal and product sales, invoices and payments. Rules:
--  * an animal (or heads of a group) sold for slaughter inside a meat withdrawal period is
--    refused, naming the treatment and the clearance date; a sale marks the animal sold or takes
--    the heads out of the group;
--  * a product sale never exceeds the saleable stock: production of that product on that farm
--    that is not withheld, up to the sale date, less what was already sold;
--  * invoices: draft (no number) -> issued -> paid | overdue -> paid; issued | overdue -> void
--    when nothing is paid. Issuing takes the tenant's next number for the year (INV-2026-000123)
--    under the counter row's lock: no gaps, no duplicates; a voided invoice keeps its number.
--  * totals come from the lines: line total = round(quantity x unit price, 2), tax =
--    round(line total x rate, 2), total = sum of line totals + sum of taxes;
--  * payments: partial allowed, overpayment refused; paid when payments equal the total.

-- ===================================================================== sales

CREATE OR REPLACE FUNCTION private.prepare_animal_sale() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_animal public.animals;
    v_group public.animal_groups;
    v_treatment uuid;
    v_clear date;
    v_medicine text;
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;
    END IF;
    NEW.created_by := coalesce(auth.uid(), NEW.created_by);
    NEW.currency := coalesce(NEW.currency, (SELECT t.currency FROM public.tenants t WHERE t.id = NEW.tenant_id));
    IF NEW.sold_on > private.tenant_today(NEW.tenant_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'a sale cannot be dated in the future', HINT = 'invalid_date';
    END IF;
    IF NEW.animal_id IS NOT NULL THEN
        SELECT * INTO v_animal FROM public.animals a
        WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.animal_id AND a.deleted_at IS NULL FOR UPDATE;
        IF NOT FOUND OR v_animal.status <> 'active' THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'only an active animal can be sold',
                HINT = 'animal_not_active';
        END IF;
        NEW.farm_id := v_animal.farm_id;
    ELSE
        SELECT * INTO v_group FROM public.animal_groups g
        WHERE g.tenant_id = NEW.tenant_id AND g.id = NEW.group_id AND g.deleted_at IS NULL;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'group not found', HINT = 'subject_not_found';
        END IF;
        NEW.farm_id := v_group.farm_id;
    END IF;
    IF NEW.for_slaughter THEN
        SELECT w.treatment_id, w.clear_on INTO v_treatment, v_clear
        FROM private.withholding_treatment(NEW.tenant_id, NEW.animal_id, NEW.group_id, 'meat', NEW.sold_on) w;
        IF v_treatment IS NOT NULL THEN
            SELECT t.medicine INTO v_medicine FROM public.treatments t WHERE t.tenant_id = NEW.tenant_id AND t.id = v_treatment;
            RAISE EXCEPTION USING ERRCODE = 'PT409',
                MESSAGE = format('%s is inside a meat withdrawal period: treated with %s, clear on %s',
                                 coalesce(v_animal.tag_number, v_group.name), v_medicine, v_clear),
                DETAIL = format('treatment_id=%s clear_on=%s', v_treatment, v_clear),
                HINT = 'meat_withdrawal: sell from the clearance date on';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- The sale's effect on the herd: the animal is sold, or the heads leave the group (never below zero).
CREATE OR REPLACE FUNCTION private.apply_animal_sale() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    IF NEW.animal_id IS NOT NULL THEN
        UPDATE public.animals a SET status = 'sold', exit_date = NEW.sold_on, exit_reason = 'sold'
        WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.animal_id;
    ELSE
        INSERT INTO public.group_count_events (tenant_id, group_id, event_type, occurred_on, female_delta, male_delta,
            unknown_delta, note, recorded_by)
        VALUES (NEW.tenant_id, NEW.group_id, 'sale', NEW.sold_on, -NEW.female, -NEW.male, -NEW.unknown,
            'sale ' || NEW.id, NEW.created_by);
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS prepare_animal_sale ON public.animal_sales;
CREATE TRIGGER prepare_animal_sale BEFORE INSERT ON public.animal_sales
    FOR EACH ROW EXECUTE FUNCTION private.prepare_animal_sale();
DROP TRIGGER IF EXISTS apply_animal_sale ON public.animal_sales;
CREATE TRIGGER apply_animal_sale AFTER INSERT ON public.animal_sales
    FOR EACH ROW EXECUTE FUNCTION private.apply_animal_sale();

-- Saleable stock of a product on a farm on a day: not-withheld production up to that day, less sales.
CREATE OR REPLACE FUNCTION private.saleable_stock(p_tenant_id uuid, p_farm_id uuid, p_product text, p_unit text,
    p_on date, OUT produced numeric, OUT withheld numeric, OUT sold numeric, OUT available numeric)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT coalesce(sum(p.quantity), 0), coalesce(sum(p.quantity) FILTER (WHERE p.is_withheld), 0), s.sold,
           coalesce(sum(p.quantity) FILTER (WHERE NOT p.is_withheld), 0) - s.sold
    FROM public.production_records p
    CROSS JOIN (SELECT coalesce(sum(x.quantity), 0) AS sold FROM public.product_sales x
                WHERE x.tenant_id = p_tenant_id AND x.farm_id = p_farm_id AND x.product = p_product
                  AND x.unit = p_unit) s
    WHERE p.tenant_id = p_tenant_id AND p.farm_id = p_farm_id AND p.product = p_product AND p.unit = p_unit
      AND p.recorded_on <= p_on
    GROUP BY s.sold
$$;
GRANT EXECUTE ON FUNCTION private.saleable_stock(uuid, uuid, text, text, date) TO authenticated, service_role;

CREATE OR REPLACE FUNCTION private.prepare_product_sale() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_stock record;
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;
    END IF;
    NEW.created_by := coalesce(auth.uid(), NEW.created_by);
    NEW.currency := coalesce(NEW.currency, (SELECT t.currency FROM public.tenants t WHERE t.id = NEW.tenant_id));
    NEW.total := round(NEW.quantity * NEW.unit_price, 2);
    IF NEW.sold_on > private.tenant_today(NEW.tenant_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'a sale cannot be dated in the future', HINT = 'invalid_date';
    END IF;
    -- One seller at a time per farm and product, so two sales cannot both take the last litres.
    PERFORM pg_advisory_xact_lock(hashtext('ifarm-stock-' || NEW.tenant_id || NEW.farm_id), hashtext(NEW.product));
    SELECT * INTO v_stock FROM private.saleable_stock(NEW.tenant_id, NEW.farm_id, NEW.product, NEW.unit, NEW.sold_on);
    IF NEW.quantity > coalesce(v_stock.available, 0) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = format('only %s %s of saleable %s is on hand', coalesce(v_stock.available, 0), NEW.unit, NEW.product),
            DETAIL = format('produced=%s withheld=%s sold=%s', coalesce(v_stock.produced, 0),
                            coalesce(v_stock.withheld, 0), coalesce(v_stock.sold, 0)),
            HINT = 'exceeds_saleable_stock: withheld production is never sold';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS prepare_product_sale ON public.product_sales;
CREATE TRIGGER prepare_product_sale BEFORE INSERT ON public.product_sales
    FOR EACH ROW EXECUTE FUNCTION private.prepare_product_sale();

-- ===================================================================== invoices

CREATE OR REPLACE FUNCTION private.prepare_invoice() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    NEW.status := 'draft';
    NEW.number := NULL;
    NEW.year := NULL;
    NEW.sequence := NULL;
    NEW.issued_on := NULL;
    NEW.subtotal := 0;
    NEW.tax_total := 0;
    NEW.total := 0;
    NEW.amount_paid := 0;
    NEW.created_by := coalesce(auth.uid(), NEW.created_by);
    NEW.currency := coalesce(NEW.currency, (SELECT t.currency FROM public.tenants t WHERE t.id = NEW.tenant_id));
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS prepare_invoice ON public.invoices;
CREATE TRIGGER prepare_invoice BEFORE INSERT ON public.invoices
    FOR EACH ROW EXECUTE FUNCTION private.prepare_invoice();

-- The invoice workflow; issuing numbers the invoice.
CREATE OR REPLACE FUNCTION private.guard_invoice() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_internal boolean := pg_trigger_depth() > 1;  -- totals and payments, from iFarm's own triggers
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' AND NOT private.tenant_is_going(OLD.tenant_id) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'only a draft invoice is deleted; void it instead',
                HINT = 'invoice_locked';
        END IF;
        RETURN OLD;
    END IF;
    IF NOT v_internal AND OLD.status <> 'draft'
       AND (NEW.customer_id, NEW.due_on, NEW.notes) IS DISTINCT FROM (OLD.customer_id, OLD.due_on, OLD.notes) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('a %s invoice cannot be changed', OLD.status),
            HINT = 'invoice_locked';
    END IF;
    IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NEW;
    END IF;
    IF NOT ((OLD.status, NEW.status) IN (('draft', 'issued'), ('issued', 'void'), ('overdue', 'void'))
            OR (v_internal AND (OLD.status, NEW.status) IN (('issued', 'paid'), ('overdue', 'paid'), ('issued', 'overdue')))
            OR (auth.uid() IS NULL AND (OLD.status, NEW.status) IN (('issued', 'overdue')))) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('a %s invoice cannot become %s', OLD.status, NEW.status),
            HINT = 'invalid_invoice_transition';
    END IF;
    IF NEW.status = 'void' AND OLD.amount_paid > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'an invoice with payments cannot be voided',
            HINT = 'invoice_has_payments';
    END IF;
    IF NEW.status = 'issued' THEN
        IF OLD.total <= 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'an invoice needs lines before it is issued',
                HINT = 'invoice_empty';
        END IF;
        NEW.issued_on := coalesce(OLD.issued_on, private.tenant_today(NEW.tenant_id));
        NEW.due_on := coalesce(OLD.due_on, NEW.issued_on + 30);
        NEW.year := extract(year FROM NEW.issued_on)::int;
        INSERT INTO public.invoice_counters AS c (tenant_id, year, last_number) VALUES (NEW.tenant_id, NEW.year, 1)
        ON CONFLICT (tenant_id, year) DO UPDATE SET last_number = c.last_number + 1
        RETURNING c.last_number INTO NEW.sequence;
        NEW.number := format('INV-%s-%s', NEW.year, lpad(NEW.sequence::text, 6, '0'));
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS guard_invoice ON public.invoices;
CREATE TRIGGER guard_invoice BEFORE UPDATE OR DELETE ON public.invoices
    FOR EACH ROW EXECUTE FUNCTION private.guard_invoice();
DROP TRIGGER IF EXISTS touch_updated_at ON public.invoices;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.invoices
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();

-- Lines: computed amounts, only on drafts; the invoice's totals follow; sold items point at it.
CREATE OR REPLACE FUNCTION private.prepare_invoice_line() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    IF private.is_outsider(coalesce(NEW.tenant_id, OLD.tenant_id))
       OR (TG_OP = 'DELETE' AND private.tenant_is_going(OLD.tenant_id)) THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    IF (SELECT i.status FROM public.invoices i WHERE i.tenant_id = coalesce(NEW.tenant_id, OLD.tenant_id)
        AND i.id = coalesce(NEW.invoice_id, OLD.invoice_id)) <> 'draft' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'only a draft invoice changes its lines', HINT = 'invoice_locked';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    NEW.line_total := round(NEW.quantity * NEW.unit_price, 2);
    NEW.tax := round(NEW.line_total * NEW.tax_rate, 2);
    RETURN NEW;
END
$$;
CREATE OR REPLACE FUNCTION private.total_invoice() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_line public.invoice_lines := coalesce(NEW, OLD);
BEGIN
    UPDATE public.invoices i SET subtotal = t.subtotal, tax_total = t.tax, total = t.subtotal + t.tax
    FROM (SELECT coalesce(sum(l.line_total), 0) AS subtotal, coalesce(sum(l.tax), 0) AS tax FROM public.invoice_lines l
          WHERE l.tenant_id = v_line.tenant_id AND l.invoice_id = v_line.invoice_id) t
    WHERE i.tenant_id = v_line.tenant_id AND i.id = v_line.invoice_id;
    UPDATE public.animal_sales s SET invoice_id = CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE v_line.invoice_id END
    WHERE s.tenant_id = v_line.tenant_id AND s.id = v_line.animal_sale_id;
    UPDATE public.product_sales s SET invoice_id = CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE v_line.invoice_id END
    WHERE s.tenant_id = v_line.tenant_id AND s.id = v_line.product_sale_id;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS prepare_invoice_line ON public.invoice_lines;
CREATE TRIGGER prepare_invoice_line BEFORE INSERT OR DELETE ON public.invoice_lines
    FOR EACH ROW EXECUTE FUNCTION private.prepare_invoice_line();
DROP TRIGGER IF EXISTS total_invoice ON public.invoice_lines;
CREATE TRIGGER total_invoice AFTER INSERT OR DELETE ON public.invoice_lines
    FOR EACH ROW EXECUTE FUNCTION private.total_invoice();

-- Payments: only on issued or overdue invoices, never more than what is outstanding.
CREATE OR REPLACE FUNCTION private.prepare_payment() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_invoice public.invoices;
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;
    END IF;
    SELECT * INTO v_invoice FROM public.invoices i WHERE i.tenant_id = NEW.tenant_id AND i.id = NEW.invoice_id FOR UPDATE;
    IF v_invoice.status NOT IN ('issued', 'overdue') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('a %s invoice takes no payment', v_invoice.status),
            HINT = 'invoice_not_open';
    END IF;
    IF NEW.amount > v_invoice.total - v_invoice.amount_paid THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = format('the payment exceeds the %s %s outstanding', v_invoice.total - v_invoice.amount_paid,
                             v_invoice.currency),
            DETAIL = format('total=%s paid=%s payment=%s', v_invoice.total, v_invoice.amount_paid, NEW.amount),
            HINT = 'overpayment';
    END IF;
    NEW.recorded_by := coalesce(auth.uid(), NEW.recorded_by);
    RETURN NEW;
END
$$;
CREATE OR REPLACE FUNCTION private.apply_payment() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    UPDATE public.invoices i SET amount_paid = i.amount_paid + NEW.amount,
        status = CASE WHEN i.amount_paid + NEW.amount = i.total THEN 'paid' ELSE i.status END
    WHERE i.tenant_id = NEW.tenant_id AND i.id = NEW.invoice_id;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS prepare_payment ON public.payments;
CREATE TRIGGER prepare_payment BEFORE INSERT ON public.payments
    FOR EACH ROW EXECUTE FUNCTION private.prepare_payment();
DROP TRIGGER IF EXISTS apply_payment ON public.payments;
CREATE TRIGGER apply_payment AFTER INSERT ON public.payments
    FOR EACH ROW EXECUTE FUNCTION private.apply_payment();

-- Job: issued invoices past their due date become overdue: due_on is a date of the tenant's, so an
-- invoice due on D is overdue from the tenant's D + 1 on (in its time zone). Returns how many.
CREATE OR REPLACE FUNCTION private.mark_overdue_invoices(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_count bigint;
BEGIN
    UPDATE public.invoices i SET status = 'overdue'
    FROM public.tenants t
    WHERE t.id = i.tenant_id AND i.status = 'issued' AND i.due_on < (p_as_of AT TIME ZONE t.timezone)::date;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

-- ===================================================================== policies

DROP POLICY IF EXISTS "finance readers read sales on their farms" ON public.animal_sales;
CREATE POLICY "finance readers read sales on their farms" ON public.animal_sales
    FOR SELECT TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.read'))
           AND (tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "finance writers sell animals on their farms" ON public.animal_sales;
CREATE POLICY "finance writers sell animals on their farms" ON public.animal_sales
    FOR INSERT TO authenticated
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write'))
                AND (tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "finance readers read product sales on their farms" ON public.product_sales;
CREATE POLICY "finance readers read product sales on their farms" ON public.product_sales
    FOR SELECT TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.read'))
           AND (tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "finance writers sell produce of their farms" ON public.product_sales;
CREATE POLICY "finance writers sell produce of their farms" ON public.product_sales
    FOR INSERT TO authenticated
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write'))
                AND (tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "finance readers read invoice counters" ON public.invoice_counters;
CREATE POLICY "finance readers read invoice counters" ON public.invoice_counters
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.read')));
DROP POLICY IF EXISTS "finance readers read invoices" ON public.invoices;
CREATE POLICY "finance readers read invoices" ON public.invoices
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.read')));
DROP POLICY IF EXISTS "finance writers write invoices" ON public.invoices;
CREATE POLICY "finance writers write invoices" ON public.invoices
    FOR ALL TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write')))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write')));
DROP POLICY IF EXISTS "finance readers read invoice lines" ON public.invoice_lines;
CREATE POLICY "finance readers read invoice lines" ON public.invoice_lines
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.read')));
DROP POLICY IF EXISTS "finance writers write invoice lines" ON public.invoice_lines;
CREATE POLICY "finance writers write invoice lines" ON public.invoice_lines
    FOR ALL TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write')))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write')));
DROP POLICY IF EXISTS "finance readers read payments" ON public.payments;
CREATE POLICY "finance readers read payments" ON public.payments
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.read')));
DROP POLICY IF EXISTS "finance writers record payments" ON public.payments;
CREATE POLICY "finance writers record payments" ON public.payments
    FOR INSERT TO authenticated WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write')));
