-- 081_expenses_api: api.* functions for categories, vendors and customers, approval limits and
-- expenses. SECURITY INVOKER: the policies and the triggers in 080_expenses.sql decide.

-- Expense categories of the tenant.
CREATE OR REPLACE FUNCTION api.list_expense_categories(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_expense_categories.tenant_id, 'tenant.read');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'code', c.code, 'name', c.name) ORDER BY c.name),
                            '[]'::jsonb)
            FROM public.expense_categories c WHERE c.tenant_id = list_expense_categories.tenant_id);
END
$$;
COMMENT ON FUNCTION api.list_expense_categories(uuid) IS 'The tenant''s expense categories.';

-- Add a category of the tenant's own.
CREATE OR REPLACE FUNCTION api.create_expense_category(tenant_id uuid, code text, name text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.expense_categories;
BEGIN
    PERFORM private.require_permission(create_expense_category.tenant_id, 'finance.write');
    BEGIN
        INSERT INTO public.expense_categories (tenant_id, code, name)
        VALUES (create_expense_category.tenant_id, lower(create_expense_category.code), btrim(create_expense_category.name))
        RETURNING * INTO v_row;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('the category %L exists', create_expense_category.code),
            HINT = 'category_exists';
    END;
    RETURN to_jsonb(v_row);
END
$$;
COMMENT ON FUNCTION api.create_expense_category(uuid, text, text) IS 'Add an expense category.';

-- Vendors and customers.
CREATE OR REPLACE FUNCTION api.list_counterparties(tenant_id uuid, kind text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_counterparties.tenant_id, 'finance.submit');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.name), '[]'::jsonb)
            FROM public.counterparties c
            WHERE c.tenant_id = list_counterparties.tenant_id
              AND (list_counterparties.kind IS NULL OR c.kind IN (list_counterparties.kind, 'both')));
END
$$;
COMMENT ON FUNCTION api.list_counterparties(uuid, text) IS 'Vendors and customers (filter by kind).';

CREATE OR REPLACE FUNCTION api.create_counterparty(tenant_id uuid, name text, kind text DEFAULT 'vendor',
    phone text DEFAULT NULL, email text DEFAULT NULL, tax_id text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.counterparties;
BEGIN
    PERFORM private.require_permission(create_counterparty.tenant_id, 'finance.write');
    BEGIN
        INSERT INTO public.counterparties (tenant_id, kind, name, phone, email, tax_id)
        VALUES (create_counterparty.tenant_id, create_counterparty.kind, btrim(create_counterparty.name),
                create_counterparty.phone, create_counterparty.email, create_counterparty.tax_id)
        RETURNING * INTO v_row;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('%L exists', create_counterparty.name),
            HINT = 'counterparty_exists';
    END;
    RETURN to_jsonb(v_row);
END
$$;
COMMENT ON FUNCTION api.create_counterparty(uuid, text, text, text, text, text) IS 'Add a vendor or customer.';

-- What each role may approve.
CREATE OR REPLACE FUNCTION api.list_approval_limits(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_approval_limits.tenant_id, 'tenant.read');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('role', l.role, 'max_amount', l.max_amount) ORDER BY r.rank),
                            '[]'::jsonb)
            FROM public.approval_limits l JOIN public.roles r ON r.role = l.role
            WHERE l.tenant_id = list_approval_limits.tenant_id);
END
$$;
COMMENT ON FUNCTION api.list_approval_limits(uuid) IS 'How much each role may approve (null: no limit).';

-- Set (or with allowed = false, remove) a role's approval limit.
CREATE OR REPLACE FUNCTION api.set_approval_limit(tenant_id uuid, role text, max_amount numeric DEFAULT NULL,
    allowed boolean DEFAULT true) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(set_approval_limit.tenant_id, 'members.manage');
    IF set_approval_limit.allowed THEN
        INSERT INTO public.approval_limits (tenant_id, role, max_amount)
        VALUES (set_approval_limit.tenant_id, set_approval_limit.role, set_approval_limit.max_amount)
        ON CONFLICT ON CONSTRAINT approval_limits_pkey DO UPDATE SET max_amount = excluded.max_amount;
    ELSE
        DELETE FROM public.approval_limits l
        WHERE l.tenant_id = set_approval_limit.tenant_id AND l.role = set_approval_limit.role;
    END IF;
    RETURN api.list_approval_limits(set_approval_limit.tenant_id);
END
$$;
COMMENT ON FUNCTION api.set_approval_limit(uuid, text, numeric, boolean) IS
    'Set how much a role may approve (null: unlimited), or take approval away from it.';

-- JSON of an expense with its category, vendor and allocations.
CREATE OR REPLACE FUNCTION private.expense_json(e public.expenses) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT to_jsonb(e) || jsonb_build_object(
        'category', (SELECT c.code FROM public.expense_categories c WHERE c.tenant_id = e.tenant_id AND c.id = e.category_id),
        'vendor', (SELECT v.name FROM public.counterparties v WHERE v.tenant_id = e.tenant_id AND v.id = e.vendor_id),
        'allocations', coalesce((SELECT jsonb_agg(jsonb_build_object('animal_id', a.animal_id, 'group_id', a.group_id,
                            'heads', a.heads, 'amount', a.amount, 'per_head', round(a.amount / a.heads, 2))
                        ORDER BY a.amount DESC, a.id)
                        FROM public.expense_allocations a WHERE a.tenant_id = e.tenant_id AND a.expense_id = e.id),
                        '[]'::jsonb))
$$;
GRANT EXECUTE ON FUNCTION private.expense_json(public.expenses) TO authenticated, service_role;

-- Record an expense as a draft (or submitted at once), optionally shared out over animals and
-- groups: [{"animal_id": ...}, {"group_id": ...}] -- a group counts its current heads.
CREATE OR REPLACE FUNCTION api.create_expense(tenant_id uuid, farm_id uuid, category_id uuid, amount numeric,
    description text, spent_on date DEFAULT NULL, vendor_id uuid DEFAULT NULL, currency text DEFAULT NULL,
    allocate_to jsonb DEFAULT NULL, submit boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid := private.uuid7();
    v_items jsonb;
BEGIN
    PERFORM private.require_permission(create_expense.tenant_id, 'finance.submit');
    IF create_expense.amount IS NULL OR create_expense.amount <= 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'amount must be more than 0',
            HINT = 'corrections of approved expenses go through correct_expense';
    END IF;
    INSERT INTO public.expenses (tenant_id, id, farm_id, category_id, vendor_id, amount, currency, spent_on, description)
    VALUES (create_expense.tenant_id, v_id, create_expense.farm_id, create_expense.category_id, create_expense.vendor_id,
            create_expense.amount, upper(create_expense.currency),
            coalesce(create_expense.spent_on, private.tenant_today(create_expense.tenant_id)),
            btrim(create_expense.description));
    IF create_expense.allocate_to IS NOT NULL THEN
        IF jsonb_typeof(create_expense.allocate_to) <> 'array' OR jsonb_array_length(create_expense.allocate_to) = 0 THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = 'allocate_to must be a list of {"animal_id": ...} or {"group_id": ...}';
        END IF;
        SELECT jsonb_agg(jsonb_build_object('animal_id', x.item ->> 'animal_id', 'group_id', x.item ->> 'group_id', 'n', x.n,
                   'heads', CASE WHEN x.item ? 'group_id'
                                 THEN (SELECT g.female_count + g.male_count + g.unknown_count FROM public.animal_groups g
                                       WHERE g.tenant_id = create_expense.tenant_id
                                         AND g.id = (x.item ->> 'group_id')::uuid) ELSE 1 END))
        INTO v_items
        FROM jsonb_array_elements(create_expense.allocate_to) WITH ORDINALITY x (item, n);
        IF EXISTS (SELECT 1 FROM jsonb_to_recordset(v_items) r (animal_id uuid, group_id uuid, heads integer, n integer)
                   WHERE (r.animal_id IS NULL) = (r.group_id IS NULL) OR coalesce(r.heads, 0) = 0) THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = 'each allocation names one animal or one non-empty group of this tenant';
        END IF;
        -- Equal cost per head; the rounding remainder goes to the last allocation.
        INSERT INTO public.expense_allocations (tenant_id, expense_id, animal_id, group_id, heads, amount)
        SELECT create_expense.tenant_id, v_id, a.animal_id, a.group_id, a.heads,
               CASE WHEN a.n = a.last THEN create_expense.amount - coalesce(a.before, 0) ELSE a.share END
        FROM (SELECT b.*, sum(b.share) OVER (ORDER BY b.n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
              FROM (SELECT r.*, round(create_expense.amount * r.heads / sum(r.heads) OVER (), 2) AS share,
                           count(*) OVER () AS last
                    FROM jsonb_to_recordset(v_items) r (animal_id uuid, group_id uuid, heads integer, n integer)) b) a;
    END IF;
    IF create_expense.submit THEN
        UPDATE public.expenses e SET status = 'submitted' WHERE e.tenant_id = create_expense.tenant_id AND e.id = v_id;
    END IF;
    RETURN (SELECT private.expense_json(e) FROM public.expenses e WHERE e.tenant_id = create_expense.tenant_id AND e.id = v_id);
END
$$;
COMMENT ON FUNCTION api.create_expense(uuid, uuid, uuid, numeric, text, date, uuid, text, jsonb, boolean) IS
    'Record an expense (draft, or submitted at once), optionally allocated to animals and groups.';

-- Change a draft expense; absent fields keep their value.
CREATE OR REPLACE FUNCTION api.update_expense(tenant_id uuid, expense_id uuid, amount numeric DEFAULT NULL,
    description text DEFAULT NULL, category_id uuid DEFAULT NULL, vendor_id uuid DEFAULT NULL,
    spent_on date DEFAULT NULL, farm_id uuid DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.expenses;
BEGIN
    PERFORM private.require_permission(update_expense.tenant_id, 'finance.submit');
    UPDATE public.expenses e SET amount = coalesce(update_expense.amount, e.amount),
        description = coalesce(btrim(update_expense.description), e.description),
        category_id = coalesce(update_expense.category_id, e.category_id),
        vendor_id = coalesce(update_expense.vendor_id, e.vendor_id),
        spent_on = coalesce(update_expense.spent_on, e.spent_on), farm_id = coalesce(update_expense.farm_id, e.farm_id)
    WHERE e.tenant_id = update_expense.tenant_id AND e.id = update_expense.expense_id
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'expense not found', HINT = 'expense_not_found';
    END IF;
    RETURN private.expense_json(v_row);
END
$$;
COMMENT ON FUNCTION api.update_expense(uuid, uuid, numeric, text, uuid, uuid, date, uuid) IS 'Change a draft expense.';

-- Moves an expense to a status; the trigger checks the workflow and who may.
CREATE OR REPLACE FUNCTION private.move_expense(p_tenant_id uuid, p_expense_id uuid, p_status text,
    p_reason text DEFAULT NULL, p_reference text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.expenses;
BEGIN
    SELECT * INTO v_row FROM public.expenses e WHERE e.tenant_id = p_tenant_id AND e.id = p_expense_id;
    IF v_row.status = p_status THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('the expense is already %s', p_status),
            HINT = 'already_' || p_status;
    END IF;
    UPDATE public.expenses e SET status = p_status, rejection_reason = p_reason,
        payment_reference = coalesce(p_reference, e.payment_reference)
    WHERE e.tenant_id = p_tenant_id AND e.id = p_expense_id
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        IF private.can_see_expense(p_tenant_id, p_expense_id) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may not move this expense',
                HINT = 'permission_denied';
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'expense not found', HINT = 'expense_not_found';
    END IF;
    RETURN private.expense_json(v_row);
END
$$;
GRANT EXECUTE ON FUNCTION private.move_expense(uuid, uuid, text, text, text) TO authenticated, service_role;

CREATE OR REPLACE FUNCTION api.submit_expense(tenant_id uuid, expense_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(submit_expense.tenant_id, 'finance.submit');
    RETURN private.move_expense(submit_expense.tenant_id, submit_expense.expense_id, 'submitted');
END
$$;
COMMENT ON FUNCTION api.submit_expense(uuid, uuid) IS 'Submit a draft expense for approval.';

CREATE OR REPLACE FUNCTION api.withdraw_expense(tenant_id uuid, expense_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(withdraw_expense.tenant_id, 'finance.submit');
    RETURN private.move_expense(withdraw_expense.tenant_id, withdraw_expense.expense_id, 'draft');
END
$$;
COMMENT ON FUNCTION api.withdraw_expense(uuid, uuid) IS 'Take a submitted or rejected expense back to draft.';

CREATE OR REPLACE FUNCTION api.approve_expense(tenant_id uuid, expense_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(approve_expense.tenant_id, 'finance.approve');
    RETURN private.move_expense(approve_expense.tenant_id, approve_expense.expense_id, 'approved');
END
$$;
COMMENT ON FUNCTION api.approve_expense(uuid, uuid) IS
    'Approve a submitted expense (not your own; within your role''s limit).';

CREATE OR REPLACE FUNCTION api.reject_expense(tenant_id uuid, expense_id uuid, reason text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(reject_expense.tenant_id, 'finance.approve');
    RETURN private.move_expense(reject_expense.tenant_id, reject_expense.expense_id, 'rejected', reject_expense.reason);
END
$$;
COMMENT ON FUNCTION api.reject_expense(uuid, uuid, text) IS 'Reject a submitted expense, with a reason.';

CREATE OR REPLACE FUNCTION api.mark_expense_paid(tenant_id uuid, expense_id uuid, payment_reference text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(mark_expense_paid.tenant_id, 'finance.write');
    RETURN private.move_expense(mark_expense_paid.tenant_id, mark_expense_paid.expense_id, 'paid', NULL,
                                mark_expense_paid.payment_reference);
END
$$;
COMMENT ON FUNCTION api.mark_expense_paid(uuid, uuid, text) IS 'Mark an approved expense paid.';

-- Correct an approved expense: a new draft referencing it, with the change in amount (may be
-- negative), which then goes through approval itself.
CREATE OR REPLACE FUNCTION api.correct_expense(tenant_id uuid, expense_id uuid, amount_change numeric, reason text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid := private.uuid7();
    v_original public.expenses;
BEGIN
    PERFORM private.require_permission(correct_expense.tenant_id, 'finance.submit');
    SELECT * INTO v_original FROM public.expenses e
    WHERE e.tenant_id = correct_expense.tenant_id AND e.id = correct_expense.expense_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'expense not found', HINT = 'expense_not_found';
    END IF;
    INSERT INTO public.expenses (tenant_id, id, farm_id, category_id, vendor_id, amount, currency, spent_on,
        description, corrects_id)
    VALUES (correct_expense.tenant_id, v_id, v_original.farm_id, v_original.category_id, v_original.vendor_id,
        correct_expense.amount_change, v_original.currency, v_original.spent_on,
        left('Correction: ' || btrim(correct_expense.reason), 500), v_original.id);
    RETURN (SELECT private.expense_json(e) FROM public.expenses e WHERE e.tenant_id = correct_expense.tenant_id AND e.id = v_id);
END
$$;
COMMENT ON FUNCTION api.correct_expense(uuid, uuid, numeric, text) IS
    'Correct an approved expense with a new expense (the change in amount) that references it.';

-- Delete a draft expense.
CREATE OR REPLACE FUNCTION api.delete_expense(tenant_id uuid, expense_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(delete_expense.tenant_id, 'finance.submit');
    DELETE FROM public.expenses e WHERE e.tenant_id = delete_expense.tenant_id AND e.id = delete_expense.expense_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'expense not found', HINT = 'expense_not_found';
    END IF;
    RETURN jsonb_build_object('id', delete_expense.expense_id, 'deleted', true);
END
$$;
COMMENT ON FUNCTION api.delete_expense(uuid, uuid) IS 'Delete a draft expense.';

CREATE OR REPLACE FUNCTION api.get_expense(tenant_id uuid, expense_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_row public.expenses;
BEGIN
    PERFORM private.require_permission(get_expense.tenant_id, 'finance.submit');
    SELECT * INTO v_row FROM public.expenses e WHERE e.tenant_id = get_expense.tenant_id AND e.id = get_expense.expense_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'expense not found', HINT = 'expense_not_found';
    END IF;
    RETURN private.expense_json(v_row);
END
$$;
COMMENT ON FUNCTION api.get_expense(uuid, uuid) IS 'One expense with its allocations.';

-- Expenses the caller may see, filtered and paged (newest first).
CREATE OR REPLACE FUNCTION api.list_expenses(tenant_id uuid, status text DEFAULT NULL, farm_id uuid DEFAULT NULL,
    category_id uuid DEFAULT NULL, from_date date DEFAULT NULL, to_date date DEFAULT NULL,
    "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_expenses.tenant_id, 'finance.submit');
    PERFORM private.check_page(list_expenses."limit", list_expenses."offset");
    RETURN (
        WITH matching AS NOT MATERIALIZED (
            SELECT e.* FROM public.expenses e
            WHERE e.tenant_id = list_expenses.tenant_id
              AND (list_expenses.status IS NULL OR e.status = list_expenses.status)
              AND (list_expenses.farm_id IS NULL OR e.farm_id = list_expenses.farm_id)
              AND (list_expenses.category_id IS NULL OR e.category_id = list_expenses.category_id)
              AND (list_expenses.from_date IS NULL OR e.spent_on >= list_expenses.from_date)
              AND (list_expenses.to_date IS NULL OR e.spent_on <= list_expenses.to_date))
        SELECT jsonb_build_object('count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(private.expense_json(p) ORDER BY p.spent_on DESC, p.id DESC)
                                 FROM (SELECT * FROM matching m ORDER BY m.spent_on DESC, m.id DESC
                                       LIMIT list_expenses."limit" OFFSET list_expenses."offset") p), '[]'::jsonb)));
END
$$;
COMMENT ON FUNCTION api.list_expenses(uuid, text, uuid, uuid, date, date, integer, integer) IS
    'Expenses the caller may see: filter by status, farm, category and dates.';

-- Approved (and paid) expenses by category over a period: what reports count.
CREATE OR REPLACE FUNCTION api.expense_summary(tenant_id uuid, from_date date, to_date date,
    farm_id uuid DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(expense_summary.tenant_id, 'finance.read');
    RETURN (SELECT jsonb_build_object('from_date', expense_summary.from_date, 'to_date', expense_summary.to_date,
                'total', coalesce(sum(x.total), 0),
                'by_category', coalesce(jsonb_agg(jsonb_build_object('category', x.code, 'currency', x.currency,
                    'total', x.total, 'expenses', x.n) ORDER BY x.total DESC), '[]'::jsonb))
            FROM (SELECT c.code, e.currency, sum(e.amount) AS total, count(*) FILTER (WHERE e.corrects_id IS NULL) AS n
                  FROM public.expenses e
                  JOIN public.expense_categories c ON c.tenant_id = e.tenant_id AND c.id = e.category_id
                  WHERE e.tenant_id = expense_summary.tenant_id AND e.status IN ('approved', 'paid')
                    AND e.spent_on BETWEEN expense_summary.from_date AND expense_summary.to_date
                    AND (expense_summary.farm_id IS NULL OR e.farm_id = expense_summary.farm_id)
                  GROUP BY c.code, e.currency) x);
END
$$;
COMMENT ON FUNCTION api.expense_summary(uuid, date, date, uuid) IS
    'Approved and paid expenses by category over a period (drafts, submitted and rejected never count).';
