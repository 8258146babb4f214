-- 080_expenses: expense categories, vendors and customers, approval limits, and the expense
-- workflow. Rules (triggers, so they hold for direct table writes too):
--  * a new expense is a draft, in the tenant's currency unless another is given;
--  * draft -> submitted (by its creator or a finance writer) -> approved | rejected; submitted ->
--    draft (withdrawn); rejected -> draft (reworked); approved -> paid; nothing else;
--  * nobody approves or rejects their own expense, and an approver's role must have a limit row
--    covering the amount (approval_limits: null = unlimited, no row = may not approve);
--  * only drafts change content or are deleted; approved and paid expenses are immutable --
--    corrections are new expenses referencing them (negative amounts allowed there);
--  * only approved and paid expenses count in reports.

-- ===================================================================== helpers and defaults

-- Is the tenant being deleted (its row already gone in this transaction)? Then rules that protect
-- history let its rows go with it.
CREATE OR REPLACE FUNCTION private.tenant_is_going(p_tenant_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT NOT EXISTS (SELECT 1 FROM public.tenants t WHERE t.id = p_tenant_id)
$$;

-- Can the caller see this expense (finance readers on the farm, or its creator)?
CREATE OR REPLACE FUNCTION private.can_see_expense(p_tenant_id uuid, p_expense_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.expenses e
        WHERE e.tenant_id = p_tenant_id AND e.id = p_expense_id
          AND (e.created_by = auth.uid()
               OR (private.has_permission(p_tenant_id, 'finance.read')
                   AND e.farm_id IN (SELECT private.accessible_farm_ids(p_tenant_id)))))
$$;
GRANT EXECUTE ON FUNCTION private.can_see_expense(uuid, uuid) TO authenticated, service_role;

-- Every tenant starts with the usual categories and approval limits (manager up to 1,000,
-- accountant up to 10,000, admin and owner unlimited, in the tenant's currency).
CREATE OR REPLACE FUNCTION private.add_finance_defaults(p_tenant_id uuid) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
    INSERT INTO public.expense_categories (tenant_id, code, name)
    SELECT p_tenant_id, c.code, c.name FROM (VALUES ('feed', 'Feed'), ('veterinary', 'Veterinary'),
        ('labour', 'Labour'), ('fuel', 'Fuel'), ('equipment', 'Equipment'), ('utilities', 'Utilities'),
        ('breeding', 'Breeding and AI'), ('transport', 'Transport'), ('other', 'Other')) c (code, name)
    ON CONFLICT DO NOTHING;
    INSERT INTO public.approval_limits (tenant_id, role, max_amount)
    VALUES (p_tenant_id, 'owner', NULL), (p_tenant_id, 'admin', NULL), (p_tenant_id, 'manager', 1000),
           (p_tenant_id, 'accountant', 10000)
    ON CONFLICT DO NOTHING;
$$;

CREATE OR REPLACE FUNCTION private.finance_defaults_for_new_tenant() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    PERFORM private.add_finance_defaults(NEW.id);
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS finance_defaults ON public.tenants;
CREATE TRIGGER finance_defaults AFTER INSERT ON public.tenants
    FOR EACH ROW EXECUTE FUNCTION private.finance_defaults_for_new_tenant();
-- Tenants created before this file get them too (idempotent).
SELECT private.add_finance_defaults(t.id) FROM public.tenants t;

-- ===================================================================== rules

-- New expenses are drafts stamped with their creator and the tenant's currency; a correction
-- must point at an approved or paid expense and inherit its farm, category and currency.
CREATE OR REPLACE FUNCTION private.prepare_expense() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_original public.expenses;
BEGIN
    NEW.status := 'draft';
    NEW.submitted_at := NULL;
    NEW.decided_by := NULL;
    NEW.decided_at := NULL;
    NEW.rejection_reason := NULL;
    NEW.paid_by := NULL;
    NEW.paid_at := NULL;
    NEW.created_by := coalesce(auth.uid(), NEW.created_by);
    NEW.currency := coalesce(NEW.currency, (SELECT t.currency FROM public.tenants t WHERE t.id = NEW.tenant_id));
    IF NEW.corrects_id IS NOT NULL AND NOT private.is_outsider(NEW.tenant_id) THEN
        SELECT * INTO v_original FROM public.expenses e WHERE e.tenant_id = NEW.tenant_id AND e.id = NEW.corrects_id;
        IF v_original.status NOT IN ('approved', 'paid') THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'only an approved expense is corrected',
                HINT = 'not_approved: edit the draft instead';
        END IF;
        NEW.farm_id := v_original.farm_id;
        NEW.category_id := v_original.category_id;
        NEW.currency := v_original.currency;
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS prepare_expense ON public.expenses;
CREATE TRIGGER prepare_expense BEFORE INSERT ON public.expenses
    FOR EACH ROW EXECUTE FUNCTION private.prepare_expense();

-- The workflow, the four-eyes rule and the approval limits (see the banner).
CREATE OR REPLACE FUNCTION private.guard_expense() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_uid uuid := auth.uid();
    v_role text;
    v_limit public.approval_limits;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' AND NOT private.tenant_is_going(OLD.tenant_id) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('a %s expense cannot be deleted', OLD.status),
                HINT = 'expense_immutable';
        END IF;
        RETURN OLD;
    END IF;
    IF (NEW.farm_id, NEW.category_id, NEW.vendor_id, NEW.amount, NEW.currency, NEW.spent_on, NEW.description,
        NEW.receipt_media_id, NEW.corrects_id)
       IS DISTINCT FROM (OLD.farm_id, OLD.category_id, OLD.vendor_id, OLD.amount, OLD.currency, OLD.spent_on,
                         OLD.description, OLD.receipt_media_id, OLD.corrects_id)
       AND OLD.status <> 'draft' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('a %s expense cannot be changed', OLD.status),
            HINT = CASE WHEN OLD.status IN ('approved', 'paid') THEN 'expense_immutable: record a correction'
                        ELSE 'expense_locked: withdraw it to draft first' END;
    END IF;
    IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
        IF NEW.payment_reference IS DISTINCT FROM OLD.payment_reference AND OLD.status <> 'paid' THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'only a paid expense has a payment reference';
        END IF;
        NEW.rejection_reason := OLD.rejection_reason;
        RETURN NEW;
    END IF;
    IF NOT ((OLD.status, NEW.status) IN (('draft', 'submitted'), ('submitted', 'draft'), ('submitted', 'approved'),
                                          ('submitted', 'rejected'), ('rejected', 'draft'), ('approved', 'paid'))) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = format('a %s expense cannot become %s', OLD.status, NEW.status),
            HINT = CASE WHEN OLD.status = 'rejected' AND NEW.status = 'paid' THEN 'rejected_cannot_be_paid'
                        ELSE 'invalid_expense_transition' END;
    END IF;
    IF v_uid IS NOT NULL AND NEW.status IN ('submitted', 'draft') AND v_uid IS DISTINCT FROM OLD.created_by
       AND NOT private.has_permission(NEW.tenant_id, 'finance.write') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only its creator or a finance manager moves this expense',
            HINT = 'permission_denied';
    END IF;
    IF NEW.status IN ('approved', 'rejected') THEN
        IF v_uid IS NOT NULL THEN
            IF v_uid = OLD.created_by THEN
                RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'nobody decides on their own expense',
                    HINT = 'self_approval';
            END IF;
            v_role := private.member_role(NEW.tenant_id);
            SELECT * INTO v_limit FROM public.approval_limits l WHERE l.tenant_id = NEW.tenant_id AND l.role = v_role;
            IF NOT FOUND OR NOT private.has_permission(NEW.tenant_id, 'finance.approve') THEN
                RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('the %s role may not approve expenses', v_role),
                    HINT = 'permission_denied';
            END IF;
            IF v_limit.max_amount IS NOT NULL AND abs(NEW.amount) > v_limit.max_amount THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = format('the %s role approves up to %s %s', v_role, v_limit.max_amount, NEW.currency),
                    DETAIL = format('amount=%s', NEW.amount), HINT = 'over_approval_limit';
            END IF;
        END IF;
        IF NEW.status = 'rejected' AND coalesce(btrim(NEW.rejection_reason), '') = '' THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a rejection needs a reason';
        END IF;
        NEW.decided_by := v_uid;
        NEW.decided_at := now();
    END IF;
    IF NEW.status = 'submitted' THEN
        NEW.submitted_at := now();
    ELSIF NEW.status = 'draft' THEN
        NEW.submitted_at := NULL;
        NEW.decided_by := NULL;
        NEW.decided_at := NULL;
        NEW.rejection_reason := NULL;
    ELSIF NEW.status = 'paid' THEN
        IF v_uid IS NOT NULL AND NOT private.has_permission(NEW.tenant_id, 'finance.write') THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may not pay expenses', HINT = 'permission_denied';
        END IF;
        NEW.paid_by := v_uid;
        NEW.paid_at := now();
    END IF;
    IF NEW.status <> 'rejected' THEN
        NEW.rejection_reason := NULL;
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS guard_expense ON public.expenses;
CREATE TRIGGER guard_expense BEFORE UPDATE OR DELETE ON public.expenses
    FOR EACH ROW EXECUTE FUNCTION private.guard_expense();
DROP TRIGGER IF EXISTS touch_updated_at ON public.expenses;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.expenses
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();

-- ===================================================================== policies

DROP POLICY IF EXISTS "members read their tenant's expense categories" ON public.expense_categories;
CREATE POLICY "members read their tenant's expense categories" ON public.expense_categories
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids()));
DROP POLICY IF EXISTS "finance managers add expense categories" ON public.expense_categories;
CREATE POLICY "finance managers add expense categories" ON public.expense_categories
    FOR INSERT TO authenticated WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write')));

DROP POLICY IF EXISTS "expense submitters read vendors and customers" ON public.counterparties;
CREATE POLICY "expense submitters read vendors and customers" ON public.counterparties
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.submit')));
DROP POLICY IF EXISTS "finance managers add vendors and customers" ON public.counterparties;
CREATE POLICY "finance managers add vendors and customers" ON public.counterparties
    FOR INSERT TO authenticated WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write')));
DROP POLICY IF EXISTS "finance managers change vendors and customers" ON public.counterparties;
CREATE POLICY "finance managers change vendors and customers" ON public.counterparties
    FOR UPDATE TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write')))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('finance.write')));

DROP POLICY IF EXISTS "members read their tenant's approval limits" ON public.approval_limits;
CREATE POLICY "members read their tenant's approval limits" ON public.approval_limits
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids()));
DROP POLICY IF EXISTS "owners and admins set approval limits" ON public.approval_limits;
CREATE POLICY "owners and admins set approval limits" ON public.approval_limits
    FOR ALL TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')));

DROP POLICY IF EXISTS "finance readers read expenses on their farms and submitters their own" ON public.expenses;
CREATE POLICY "finance readers read expenses on their farms and submitters their own" ON public.expenses
    FOR SELECT TO authenticated
    USING ((created_by = (SELECT auth.uid()) AND tenant_id IN (SELECT private.my_tenant_ids()))
           OR (tenant_id IN (SELECT private.my_tenant_ids_with('finance.read'))
               AND (tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)));
DROP POLICY IF EXISTS "members submit expenses on their farms" ON public.expenses;
CREATE POLICY "members submit expenses on their farms" ON public.expenses
    FOR INSERT TO authenticated
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('finance.submit'))
                AND (tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "creators and finance managers move expenses" ON public.expenses;
CREATE POLICY "creators and finance managers move expenses" ON public.expenses
    FOR UPDATE TO authenticated
    USING ((created_by = (SELECT auth.uid()) AND tenant_id IN (SELECT private.my_tenant_ids_with('finance.submit')))
           OR (tenant_id IN (SELECT private.my_tenant_ids_with('finance.approve'))
               AND (tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)))
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "creators delete their draft expenses" ON public.expenses;
CREATE POLICY "creators delete their draft expenses" ON public.expenses
    FOR DELETE TO authenticated
    USING (created_by = (SELECT auth.uid()) AND tenant_id IN (SELECT private.my_tenant_ids()));

DROP POLICY IF EXISTS "members read allocations of expenses they see" ON public.expense_allocations;
CREATE POLICY "members read allocations of expenses they see" ON public.expense_allocations
    FOR SELECT TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids()) AND private.can_see_expense(tenant_id, expense_id));
DROP POLICY IF EXISTS "members allocate expenses they see" ON public.expense_allocations;
CREATE POLICY "members allocate expenses they see" ON public.expense_allocations
    FOR INSERT TO authenticated
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('finance.submit'))
                AND private.can_see_expense(tenant_id, expense_id));
DROP POLICY IF EXISTS "members remove allocations of expenses they see" ON public.expense_allocations;
CREATE POLICY "members remove allocations of expenses they see" ON public.expense_allocations
    FOR DELETE TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('finance.submit'))
           AND private.can_see_expense(tenant_id, expense_id));
