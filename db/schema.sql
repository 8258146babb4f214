--
-- PostgreSQL database dump
--

\restrict ifarm


SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: api; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA api;


--
-- Name: audit; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA audit;


--
-- Name: audit_archive; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA audit_archive;


--
-- Name: auth; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA auth;


--
-- Name: outbox; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA outbox;


--
-- Name: private; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA private;


--
-- Name: storage; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA storage;


--
-- Name: schema_version_type; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.schema_version_type AS ENUM (
    'auto',
    'manual'
);


--
-- Name: accept_invitation(text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.accept_invitation(token text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_uid uuid := private.require_user();
    v_inv public.invitations;
    v_email text;
    v_tenant public.tenants;
BEGIN
    SELECT * INTO v_inv FROM public.invitations i
    WHERE i.token_hash = pg_catalog.sha256(pg_catalog.convert_to(accept_invitation.token, 'UTF8'))
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'invitation not found', HINT = 'invitation_not_found';
    END IF;
    IF v_inv.accepted_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT410', MESSAGE = 'invitation already used',
            DETAIL = format('accepted_at=%s', v_inv.accepted_at), HINT = 'invitation_used';
    END IF;
    IF v_inv.expires_at <= now() THEN
        RAISE EXCEPTION USING ERRCODE = 'PT410', MESSAGE = 'invitation expired',
            DETAIL = format('expires_at=%s', v_inv.expires_at), HINT = 'invitation_expired: ask for a new one';
    END IF;
    SELECT lower(u.email) INTO v_email FROM auth.users u WHERE u.id = v_uid;
    IF v_email IS DISTINCT FROM v_inv.email THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'this invitation is for another email address',
            HINT = 'invitation_email_mismatch: sign in as the invited user';
    END IF;
    IF EXISTS (SELECT 1 FROM public.tenant_members m WHERE m.tenant_id = v_inv.tenant_id AND m.user_id = v_uid) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'you are already a member of this tenant',
            HINT = 'already_member';
    END IF;
    INSERT INTO public.tenant_members (tenant_id, user_id, role) VALUES (v_inv.tenant_id, v_uid, v_inv.role);
    UPDATE public.invitations i SET accepted_at = now(), accepted_by = v_uid
    WHERE i.tenant_id = v_inv.tenant_id AND i.id = v_inv.id;
    PERFORM private.ensure_profile(v_uid);
    SELECT * INTO v_tenant FROM public.tenants t WHERE t.id = v_inv.tenant_id;
    RETURN private.tenant_json(v_tenant, v_inv.role);
END
$$;


--
-- Name: animal_breeding_records(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.animal_breeding_records(tenant_id uuid, animal_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    t uuid := animal_breeding_records.tenant_id;
    a uuid := animal_breeding_records.animal_id;
BEGIN
    PERFORM private.require_permission(t, 'livestock.read');
    RETURN jsonb_build_object(
        'services', (SELECT coalesce(jsonb_agg(to_jsonb(s) || jsonb_build_object('checks',
                         (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.checked_on), '[]'::jsonb)
                          FROM public.pregnancy_checks c WHERE c.tenant_id = s.tenant_id AND c.service_id = s.id))
                     ORDER BY s.served_on DESC), '[]'::jsonb)
                     FROM public.breeding_services s WHERE s.tenant_id = t AND s.dam_id = a),
        'births', (SELECT coalesce(jsonb_agg(to_jsonb(b) ORDER BY b.born_on DESC), '[]'::jsonb)
                   FROM public.births b WHERE b.tenant_id = t AND b.dam_id = a),
        'lactations', (SELECT coalesce(jsonb_agg(to_jsonb(l) || jsonb_build_object('days_in_milk',
                           coalesce(l.dried_off_on, private.tenant_today(t)) - l.started_on) ORDER BY l.number DESC), '[]'::jsonb)
                       FROM public.lactations l WHERE l.tenant_id = t AND l.animal_id = a));
END
$$;


--
-- Name: animal_growth(uuid, uuid, date, date); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.animal_growth(tenant_id uuid, animal_id uuid, from_date date DEFAULT NULL::date, to_date date DEFAULT NULL::date) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_from date := coalesce(animal_growth.from_date, '-infinity'::date);
    v_to date := coalesce(animal_growth.to_date, 'infinity'::date);
BEGIN
    PERFORM private.require_permission(animal_growth.tenant_id, 'livestock.read');
    RETURN jsonb_build_object(
        'weights', (SELECT coalesce(jsonb_agg(jsonb_build_object('weighed_on', w.weighed_on, 'weight_kg', w.weight_kg)
                        ORDER BY w.weighed_on), '[]'::jsonb)
                    FROM public.animal_weights w
                    WHERE w.tenant_id = animal_growth.tenant_id AND w.animal_id = animal_growth.animal_id
                      AND w.weighed_on BETWEEN v_from AND v_to),
        'adg_kg_per_day', (SELECT g.adg_kg FROM private.animal_adg(animal_growth.tenant_id, v_from, v_to) g
                           WHERE g.animal_id = animal_growth.animal_id));
END
$$;


--
-- Name: animal_health_records(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.animal_health_records(tenant_id uuid, animal_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_today date := private.tenant_today(animal_health_records.tenant_id);
BEGIN
    PERFORM private.require_permission(animal_health_records.tenant_id, 'livestock.read');
    PERFORM private.require_subject(animal_health_records.tenant_id, animal_health_records.animal_id, NULL);
    RETURN jsonb_build_object(
        'animal_id', animal_health_records.animal_id,
        'status', private.animal_health_status(animal_health_records.tenant_id, animal_health_records.animal_id),
        'withdrawals', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('product', c.product, 'clear_on', c.clear_on,
                        'treatment_id', c.treatment_id, 'medicine', c.medicine,
                        'is_withheld_today', v_today < c.clear_on) ORDER BY c.product), '[]'::jsonb)
            FROM private.clearances(animal_health_records.tenant_id, animal_health_records.animal_id, NULL) c),
        'checks', (
            SELECT coalesce(jsonb_agg(private.health_check_json(h) ORDER BY h.checked_on DESC, h.id DESC), '[]'::jsonb)
            FROM public.health_checks h
            WHERE h.tenant_id = animal_health_records.tenant_id AND h.animal_id = animal_health_records.animal_id),
        'vaccinations', (
            SELECT coalesce(jsonb_agg(private.vaccination_json(v) ORDER BY v.given_on DESC, v.id DESC), '[]'::jsonb)
            FROM public.vaccinations v
            WHERE v.tenant_id = animal_health_records.tenant_id AND v.animal_id = animal_health_records.animal_id),
        'treatments', (
            SELECT coalesce(jsonb_agg(private.treatment_json(t) ORDER BY t.course_start DESC, t.id DESC), '[]'::jsonb)
            FROM public.treatments t
            WHERE t.tenant_id = animal_health_records.tenant_id AND t.animal_id = animal_health_records.animal_id));
END
$$;


--
-- Name: animal_production_history(uuid, uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.animal_production_history(tenant_id uuid, animal_id uuid, "limit" integer DEFAULT 30) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(animal_production_history.tenant_id, 'livestock.read');
    PERFORM private.check_page(animal_production_history."limit", 0);
    PERFORM private.require_subject(animal_production_history.tenant_id, animal_production_history.animal_id, NULL);
    RETURN (SELECT coalesce(jsonb_agg(private.production_json(h.p)
                                      ORDER BY (h.p).recorded_on DESC, (h.p).session DESC NULLS LAST, (h.p).id DESC),
                            '[]'::jsonb)
            FROM (SELECT p FROM public.production_records p
                  WHERE p.tenant_id = animal_production_history.tenant_id
                    AND p.animal_id = animal_production_history.animal_id
                  ORDER BY p.recorded_on DESC, p.session DESC NULLS LAST, p.id DESC
                  LIMIT animal_production_history."limit") h);
END
$$;


--
-- Name: approve_expense(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.approve_expense(tenant_id uuid, expense_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(approve_expense.tenant_id, 'finance.approve');
    RETURN private.move_expense(approve_expense.tenant_id, approve_expense.expense_id, 'approved');
END
$$;


--
-- Name: average_daily_gain(uuid, date, date, uuid, text, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.average_daily_gain(tenant_id uuid, from_date date, to_date date, farm_id uuid DEFAULT NULL::uuid, species text DEFAULT NULL::text, location_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(average_daily_gain.tenant_id, 'livestock.read');
    RETURN (SELECT jsonb_build_object('animals', count(*), 'mean_adg_kg_per_day', round(avg(g.adg_kg), 3),
                'per_animal', coalesce(jsonb_agg(jsonb_build_object('animal_id', a.id, 'tag_number', a.tag_number,
                    'adg_kg_per_day', g.adg_kg) ORDER BY a.tag_number), '[]'::jsonb))
            FROM private.animal_adg(average_daily_gain.tenant_id, average_daily_gain.from_date,
                                    average_daily_gain.to_date) g
            JOIN public.animals a ON a.tenant_id = average_daily_gain.tenant_id AND a.id = g.animal_id
            WHERE g.adg_kg IS NOT NULL
              AND (average_daily_gain.farm_id IS NULL OR a.farm_id = average_daily_gain.farm_id)
              AND (average_daily_gain.species IS NULL OR a.species = average_daily_gain.species)
              AND (average_daily_gain.location_id IS NULL OR a.location_id = average_daily_gain.location_id));
END
$$;


--
-- Name: births_due(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.births_due(tenant_id uuid, within_days integer DEFAULT 30) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(births_due.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('service_id', s.id, 'dam_id', s.dam_id,
                'tag_number', a.tag_number, 'status', s.status, 'served_on', s.served_on,
                'expected_due_on', s.expected_due_on) ORDER BY s.expected_due_on), '[]'::jsonb)
            FROM public.breeding_services s
            JOIN public.animals a ON a.tenant_id = s.tenant_id AND a.id = s.dam_id
            WHERE s.tenant_id = births_due.tenant_id AND s.status IN ('served', 'confirmed')
              AND s.expected_due_on <= private.tenant_today(births_due.tenant_id) + births_due.within_days);
END
$$;


--
-- Name: cancel_subscription(uuid, boolean); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.cancel_subscription(tenant_id uuid, at_period_end boolean DEFAULT true) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    t uuid := cancel_subscription.tenant_id;
    v_sub public.subscriptions := private.lock_subscription(t);
BEGIN
    IF v_sub.status IN ('cancelled', 'expired') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('the subscription is already %s', v_sub.status),
            HINT = 'subscription_not_active';
    END IF;
    IF coalesce(cancel_subscription.at_period_end, true) AND v_sub.status IN ('active', 'past_due') THEN
        UPDATE public.subscriptions s SET cancel_at_period_end = true, pending_plan_code = NULL,
            pending_billing_cycle = NULL
        WHERE s.tenant_id = t AND s.id = v_sub.id;
    ELSE
        UPDATE public.subscriptions s SET status = 'cancelled', cancelled_at = private.now(), next_billing_on = NULL,
            next_retry_on = NULL, cancel_at_period_end = false, pending_plan_code = NULL,
            pending_billing_cycle = NULL
        WHERE s.tenant_id = t AND s.id = v_sub.id;
    END IF;
    RETURN api.get_subscription(t);
END
$$;


--
-- Name: change_animal_status(uuid, uuid, text, date, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.change_animal_status(tenant_id uuid, animal_id uuid, status text, exit_date date DEFAULT NULL::date, exit_reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.animals;
BEGIN
    PERFORM private.require_permission(change_animal_status.tenant_id, 'livestock.read');
    UPDATE public.animals a SET status = change_animal_status.status, exit_date = change_animal_status.exit_date,
        exit_reason = change_animal_status.exit_reason
    WHERE a.tenant_id = change_animal_status.tenant_id AND a.id = change_animal_status.animal_id
      AND a.deleted_at IS NULL
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        IF EXISTS (SELECT 1 FROM public.animals a WHERE a.tenant_id = change_animal_status.tenant_id
                   AND a.id = change_animal_status.animal_id AND a.deleted_at IS NULL) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may not change this animal''s status',
                HINT = 'permission_denied';
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'animal not found', HINT = 'animal_not_found';
    END IF;
    RETURN private.animal_json(v_row);
END
$$;


--
-- Name: change_member_role(uuid, uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_member public.tenant_members;
BEGIN
    PERFORM private.require_permission(change_member_role.tenant_id, 'members.manage');
    IF NOT EXISTS (SELECT 1 FROM public.roles r WHERE r.role = change_member_role.role) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown role %L', change_member_role.role),
            HINT = 'one of: ' || (SELECT string_agg(r.role, ', ' ORDER BY r.rank) FROM public.roles r);
    END IF;
    UPDATE public.tenant_members m SET role = change_member_role.role
    WHERE m.tenant_id = change_member_role.tenant_id AND m.user_id = change_member_role.user_id
    RETURNING * INTO v_member;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'member not found', HINT = 'member_not_found';
    END IF;
    RETURN jsonb_build_object('tenant_id', v_member.tenant_id, 'user_id', v_member.user_id, 'role', v_member.role);
END
$$;


--
-- Name: change_plan(uuid, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.change_plan(tenant_id uuid, plan_code text, billing_cycle text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    t uuid := change_plan.tenant_id;
    v_sub public.subscriptions := private.lock_subscription(t);
    v_plan public.plans;
    v_cycle text := coalesce(change_plan.billing_cycle, v_sub.billing_cycle);
    v_over jsonb;
    v_today date := private.today();
    v_amount numeric := 0;
    v_invoice uuid;
BEGIN
    SELECT * INTO v_plan FROM public.plans p WHERE p.code = change_plan.plan_code AND p.code <> 'trial';
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = format('no plan %L to change to', change_plan.plan_code),
            HINT = 'plan_not_found';
    END IF;
    IF v_cycle NOT IN ('monthly', 'yearly') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'billing_cycle must be monthly or yearly',
            HINT = 'invalid_billing_cycle';
    END IF;
    v_over := private.usage_over_plan(t, v_plan.code);
    IF v_over <> '{}'::jsonb THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = format('the tenant holds more than the %s plan allows', v_plan.name),
            DETAIL = v_over::text, HINT = 'plan_usage_exceeds_limits: remove what is over the limits first';
    END IF;

    IF v_sub.status = 'trial' THEN
        UPDATE public.subscriptions s SET plan_code = v_plan.code, billing_cycle = v_cycle,
            pending_plan_code = NULL, pending_billing_cycle = NULL
        WHERE s.tenant_id = t AND s.id = v_sub.id;
    ELSIF v_sub.status IN ('cancelled', 'expired') THEN
        UPDATE public.subscriptions s SET plan_code = v_plan.code, billing_cycle = v_cycle, status = 'active',
            current_period_start = v_today, current_period_end = private.period_end(v_today, v_today, v_cycle),
            next_billing_on = private.period_end(v_today, v_today, v_cycle), billing_anchor_on = v_today,
            cancel_at_period_end = false,
            pending_plan_code = NULL, pending_billing_cycle = NULL, failed_attempts = 0, next_retry_on = NULL,
            cancelled_at = NULL
        WHERE s.tenant_id = t AND s.id = v_sub.id
        RETURNING * INTO v_sub;
        v_amount := private.plan_price(v_plan.code, v_cycle);
        v_invoice := private.raise_subscription_invoice(v_sub, 'recurring', v_today, v_sub.current_period_end,
                                                        v_amount, v_today);
    ELSIF private.plan_price(v_plan.code, 'monthly') > private.plan_price(v_sub.plan_code, 'monthly') THEN
        -- Upgrade: the rest of this period at the difference, on the current cycle's prices.
        v_amount := round((private.plan_price(v_plan.code, v_sub.billing_cycle)
                           - private.plan_price(v_sub.plan_code, v_sub.billing_cycle))
                          * (v_sub.current_period_end - greatest(v_today, v_sub.current_period_start))
                          / (v_sub.current_period_end - v_sub.current_period_start), 2);
        UPDATE public.subscriptions s SET plan_code = v_plan.code, pending_plan_code = NULL,
            pending_billing_cycle = nullif(v_cycle, v_sub.billing_cycle)
        WHERE s.tenant_id = t AND s.id = v_sub.id
        RETURNING * INTO v_sub;
        IF v_amount > 0 THEN
            v_invoice := private.raise_subscription_invoice(v_sub, 'proration', v_today, v_sub.current_period_end,
                                                            v_amount, v_today);
        END IF;
    ELSE
        -- Downgrade, the same plan on another cycle, or back to the current plan (cancels a pending change).
        UPDATE public.subscriptions s SET pending_plan_code = nullif(v_plan.code, v_sub.plan_code),
            pending_billing_cycle = nullif(v_cycle, v_sub.billing_cycle)
        WHERE s.tenant_id = t AND s.id = v_sub.id;
    END IF;
    RETURN api.get_subscription(t) || jsonb_build_object('charged_now', v_amount, 'invoice_id', v_invoice);
END
$$;


--
-- Name: correct_expense(uuid, uuid, numeric, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.correct_expense(tenant_id uuid, expense_id uuid, amount_change numeric, reason text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: correct_production(uuid, uuid, numeric, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.correct_production(tenant_id uuid, record_id uuid, quantity numeric, reason text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.production_records;
BEGIN
    PERFORM private.require_permission(correct_production.tenant_id, 'production.write');
    IF correct_production.quantity IS NULL OR correct_production.quantity <= 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'quantity must be greater than 0',
            DETAIL = format('quantity=%s', correct_production.quantity), HINT = 'invalid_quantity';
    END IF;
    IF coalesce(btrim(correct_production.reason), '') = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'give the reason for the correction',
            HINT = 'reason_required';
    END IF;
    PERFORM set_config('ifarm.correction_reason', left(btrim(correct_production.reason), 500), true);
    UPDATE public.production_records p SET quantity = correct_production.quantity
    WHERE p.tenant_id = correct_production.tenant_id AND p.id = correct_production.record_id
    RETURNING * INTO v_row;
    PERFORM set_config('ifarm.correction_reason', '', true);
    IF v_row.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'production record not found',
            DETAIL = format('record_id=%s', correct_production.record_id), HINT = 'production_record_not_found';
    END IF;
    RETURN private.production_json(v_row) || jsonb_build_object('revisions', (
        SELECT coalesce(jsonb_agg(jsonb_build_object('old_quantity', r.old_quantity, 'new_quantity', r.new_quantity,
                    'unit', r.unit, 'reason', r.reason, 'corrected_by', r.corrected_by,
                    'corrected_at', r.corrected_at) ORDER BY r.corrected_at, r.id), '[]'::jsonb)
        FROM public.production_record_revisions r
        WHERE r.tenant_id = correct_production.tenant_id AND r.record_id = correct_production.record_id));
END
$$;


--
-- Name: create_animal(uuid, uuid, text, text, text, text, uuid, date, text, date, numeric, uuid, uuid, uuid, numeric, text, jsonb); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text, name text DEFAULT NULL::text, breed_id uuid DEFAULT NULL::uuid, birth_date date DEFAULT NULL::date, acquisition text DEFAULT 'born'::text, acquired_on date DEFAULT NULL::date, acquisition_cost numeric DEFAULT NULL::numeric, sire_id uuid DEFAULT NULL::uuid, dam_id uuid DEFAULT NULL::uuid, location_id uuid DEFAULT NULL::uuid, estimated_value numeric DEFAULT NULL::numeric, notes text DEFAULT NULL::text, tags jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.animals;
BEGIN
    PERFORM private.require_permission(create_animal.tenant_id, 'livestock.write');
    IF create_animal.tags IS NOT NULL AND jsonb_typeof(create_animal.tags) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'tags must be an object such as {"eid": "982..."}';
    END IF;
    BEGIN
        INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, name, species, breed_id,
            tenant_breed_id, sex, birth_date, acquisition, acquired_on, acquisition_cost, sire_id, dam_id,
            estimated_value, notes)
        VALUES (create_animal.tenant_id, create_animal.farm_id, create_animal.location_id, btrim(create_animal.tag_number),
            create_animal.name, create_animal.species,
            CASE WHEN private.is_shared_breed(create_animal.breed_id) THEN create_animal.breed_id END,
            CASE WHEN NOT private.is_shared_breed(create_animal.breed_id) THEN create_animal.breed_id END,
            create_animal.sex, create_animal.birth_date, create_animal.acquisition,
            coalesce(create_animal.acquired_on, create_animal.birth_date), create_animal.acquisition_cost,
            create_animal.sire_id, create_animal.dam_id, create_animal.estimated_value, create_animal.notes)
        RETURNING * INTO v_row;
        INSERT INTO public.animal_tags (tenant_id, animal_id, kind, value)
        SELECT v_row.tenant_id, v_row.id, t.key, btrim(t.value)
        FROM jsonb_each_text(coalesce(create_animal.tags, '{}'::jsonb)) t;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the tag number or an ID tag is already in use',
            DETAIL = format('tag_number=%s', create_animal.tag_number), HINT = 'tag_taken';
    END;
    RETURN private.animal_json(v_row);
END
$$;


--
-- Name: create_breed(uuid, text, text, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_breed(tenant_id uuid, species text, name text, gestation_days integer DEFAULT NULL::integer) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.tenant_breeds;
BEGIN
    PERFORM private.require_permission(create_breed.tenant_id, 'livestock.write');
    INSERT INTO public.tenant_breeds (tenant_id, species, name, gestation_days)
    VALUES (create_breed.tenant_id, create_breed.species, btrim(create_breed.name), create_breed.gestation_days)
    RETURNING * INTO v_row;
    RETURN to_jsonb(v_row);
END
$$;


--
-- Name: create_counterparty(uuid, text, text, text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_counterparty(tenant_id uuid, name text, kind text DEFAULT 'vendor'::text, phone text DEFAULT NULL::text, email text DEFAULT NULL::text, tax_id text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: create_expense(uuid, uuid, uuid, numeric, text, date, uuid, text, jsonb, boolean); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_expense(tenant_id uuid, farm_id uuid, category_id uuid, amount numeric, description text, spent_on date DEFAULT NULL::date, vendor_id uuid DEFAULT NULL::uuid, currency text DEFAULT NULL::text, allocate_to jsonb DEFAULT NULL::jsonb, submit boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: create_expense_category(uuid, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_expense_category(tenant_id uuid, code text, name text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: create_farm(uuid, text, text, numeric, numeric, numeric, text, boolean); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_farm(tenant_id uuid, name text, farm_type text DEFAULT 'mixed'::text, latitude numeric DEFAULT NULL::numeric, longitude numeric DEFAULT NULL::numeric, area_hectares numeric DEFAULT NULL::numeric, timezone text DEFAULT NULL::text, is_organic boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
BEGIN
    PERFORM private.require_permission(create_farm.tenant_id, 'farms.manage');
    IF create_farm.timezone IS NOT NULL AND NOT private.is_time_zone(create_farm.timezone) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown time zone %L', create_farm.timezone);
    END IF;
    BEGIN
        INSERT INTO public.farms (tenant_id, id, name, farm_type, latitude, longitude, area_hectares, timezone,
                                  is_organic)
        VALUES (create_farm.tenant_id, v_id, btrim(create_farm.name), create_farm.farm_type, create_farm.latitude,
                create_farm.longitude, create_farm.area_hectares, create_farm.timezone, create_farm.is_organic);
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('a farm named %L exists', btrim(create_farm.name)),
            HINT = 'farm_name_taken';
    END;
    RETURN (SELECT private.farm_json(f) FROM public.farms f WHERE f.tenant_id = create_farm.tenant_id AND f.id = v_id);
END
$$;


--
-- Name: create_group(uuid, uuid, text, text, integer, integer, integer, text, uuid, date); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_group(tenant_id uuid, farm_id uuid, name text, species text, female_count integer DEFAULT 0, male_count integer DEFAULT 0, unknown_count integer DEFAULT 0, purpose text DEFAULT NULL::text, location_id uuid DEFAULT NULL::uuid, started_on date DEFAULT NULL::date) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
    v_started date;
BEGIN
    PERFORM private.require_permission(create_group.tenant_id, 'livestock.write');
    INSERT INTO public.animal_groups (tenant_id, id, farm_id, location_id, name, species, purpose, started_on)
    VALUES (create_group.tenant_id, v_id, create_group.farm_id, create_group.location_id, btrim(create_group.name),
            create_group.species, create_group.purpose, create_group.started_on)  -- null: the tenant's today
    RETURNING animal_groups.started_on INTO v_started;
    IF coalesce(create_group.female_count, 0) + coalesce(create_group.male_count, 0)
       + coalesce(create_group.unknown_count, 0) > 0 THEN
        PERFORM api.record_group_event(create_group.tenant_id, v_id, 'addition', create_group.female_count,
            create_group.male_count, create_group.unknown_count, v_started, 'opening count');
    END IF;
    RETURN (SELECT to_jsonb(g) - 'deleted_at' FROM public.animal_groups g
            WHERE g.tenant_id = create_group.tenant_id AND g.id = v_id);
END
$$;


--
-- Name: create_invoice(uuid, uuid, jsonb, jsonb, jsonb, numeric, date, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_invoice(tenant_id uuid, customer_id uuid DEFAULT NULL::uuid, lines jsonb DEFAULT NULL::jsonb, animal_sale_ids jsonb DEFAULT NULL::jsonb, product_sale_ids jsonb DEFAULT NULL::jsonb, tax_rate numeric DEFAULT 0, due_on date DEFAULT NULL::date, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
    t uuid := create_invoice.tenant_id;
BEGIN
    PERFORM private.require_permission(t, 'finance.write');
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


--
-- Name: create_location(uuid, uuid, text, text, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_location(tenant_id uuid, farm_id uuid, name text, kind text DEFAULT 'other'::text, capacity integer DEFAULT NULL::integer) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.locations;
BEGIN
    PERFORM private.require_permission(create_location.tenant_id, 'farms.manage');
    INSERT INTO public.locations (tenant_id, farm_id, name, kind, capacity)
    VALUES (create_location.tenant_id, create_location.farm_id, btrim(create_location.name), create_location.kind,
            create_location.capacity)
    RETURNING * INTO v_row;
    RETURN to_jsonb(v_row) - 'deleted_at';
END
$$;


--
-- Name: create_media(uuid, text, uuid, uuid, uuid, uuid, uuid, text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_media(tenant_id uuid, content_type text, animal_id uuid DEFAULT NULL::uuid, farm_id uuid DEFAULT NULL::uuid, user_id uuid DEFAULT NULL::uuid, invoice_id uuid DEFAULT NULL::uuid, expense_id uuid DEFAULT NULL::uuid, document_type text DEFAULT NULL::text, title text DEFAULT NULL::text, file_name text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
    v_document text := create_media.document_type;
    v_bucket text;
    v_media public.media_files;
BEGIN
    PERFORM private.require_permission(create_media.tenant_id, 'tenant.read');
    IF num_nonnulls(create_media.animal_id, create_media.farm_id, create_media.user_id, create_media.invoice_id,
                    create_media.expense_id) <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a media file belongs to exactly one animal, farm, member, invoice or expense',
            HINT = 'media_subject';
    END IF;
    IF create_media.invoice_id IS NOT NULL OR create_media.expense_id IS NOT NULL THEN
        v_document := coalesce(v_document, CASE WHEN create_media.invoice_id IS NOT NULL THEN 'invoice'
                                                ELSE 'receipt' END);
    END IF;
    IF create_media.user_id IS NOT NULL AND v_document IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a profile picture is not a document',
            HINT = 'media_subject';
    END IF;
    v_bucket := CASE WHEN v_document IS NOT NULL THEN 'documents'
                     WHEN create_media.animal_id IS NOT NULL THEN 'animal-photos'
                     WHEN create_media.farm_id IS NOT NULL THEN 'farm-photos'
                     ELSE 'profile-pictures' END;
    IF private.media_extension(create_media.content_type) IS NULL
       OR NOT create_media.content_type = ANY (private.storage_bucket_types(v_bucket)) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT415',
            MESSAGE = format('%s does not take %s', v_bucket, coalesce(create_media.content_type, 'null')),
            DETAIL = format('accepted: %s', array_to_string(private.storage_bucket_types(v_bucket), ', ')),
            HINT = 'invalid_mime_type';
    END IF;
    IF NOT private.media_allowed(create_media.tenant_id, create_media.animal_id, create_media.farm_id,
                                 create_media.user_id, create_media.invoice_id, create_media.expense_id, auth.uid(),
                                 'write') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('you may not add files to %s here', v_bucket),
            HINT = 'permission_denied';
    END IF;
    INSERT INTO public.media_files (tenant_id, id, bucket_id, extension, content_type, animal_id, farm_id, user_id,
        invoice_id, expense_id, document_type, title, file_name, uploaded_by)
    VALUES (create_media.tenant_id, v_id, v_bucket, private.media_extension(create_media.content_type),
            create_media.content_type, create_media.animal_id, create_media.farm_id, create_media.user_id,
            create_media.invoice_id, create_media.expense_id, v_document, create_media.title, create_media.file_name,
            auth.uid())
    RETURNING * INTO v_media;
    RETURN private.media_json(v_media);
END
$$;


--
-- Name: create_tenant(text, text, text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_tenant(name text, slug text, country text DEFAULT 'US'::text, currency text DEFAULT 'USD'::text, timezone text DEFAULT 'UTC'::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_uid uuid := private.require_user();
    v_tenant public.tenants;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = v_uid) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'unknown user', HINT = 'sign up first';
    END IF;
    BEGIN
        INSERT INTO public.tenants (name, slug, country, currency, timezone, created_by)
        VALUES (btrim(create_tenant.name), lower(create_tenant.slug), upper(create_tenant.country),
                upper(create_tenant.currency), create_tenant.timezone, v_uid)
        RETURNING * INTO v_tenant;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('the slug %L is taken', lower(create_tenant.slug)),
            HINT = 'slug_taken: choose another slug';
    END;
    INSERT INTO public.tenant_members (tenant_id, user_id, role) VALUES (v_tenant.id, v_uid, 'owner');
    PERFORM private.ensure_profile(v_uid);
    RETURN private.tenant_json(v_tenant, 'owner');
END
$$;


--
-- Name: dashboard_activities(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.dashboard_activities(tenant_id uuid, "limit" integer DEFAULT 10) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    t uuid := dashboard_activities.tenant_id;
    n integer := dashboard_activities."limit";
BEGIN
    PERFORM private.require_permission(t, 'livestock.read');
    PERFORM private.check_page(n, 0);
    RETURN (
        SELECT coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'activity_type', x.activity_type,
                   'performed_at', x.performed_at, 'farm_id', x.farm_id, 'farm', f.name, 'animal_id', x.animal_id,
                   'tag_number', a.tag_number, 'group_id', x.group_id, 'group', g.name,
                   'performed_by', x.performed_by, 'performed_by_name', pr.full_name,
                   'duration_minutes', x.duration_minutes, 'notes', x.notes)
                   ORDER BY x.performed_at DESC, x.id DESC), '[]'::jsonb)
        FROM (SELECT y.* FROM unnest(ARRAY(SELECT private.accessible_farm_ids(t))) fa (farm_id)
              CROSS JOIN LATERAL (SELECT ac.* FROM public.activities ac
                                  WHERE ac.tenant_id = t AND ac.farm_id = fa.farm_id
                                  ORDER BY ac.performed_at DESC, ac.id DESC LIMIT n) y
              ORDER BY y.performed_at DESC, y.id DESC LIMIT n) x
        JOIN public.farms f ON f.tenant_id = x.tenant_id AND f.id = x.farm_id
        LEFT JOIN public.animals a ON a.tenant_id = x.tenant_id AND a.id = x.animal_id
        LEFT JOIN public.animal_groups g ON g.tenant_id = x.tenant_id AND g.id = x.group_id
        LEFT JOIN public.profiles pr ON pr.id = x.performed_by);
END
$$;


--
-- Name: dashboard_analytics(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.dashboard_analytics(tenant_id uuid, days integer DEFAULT 30) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT private.dashboard_analytics(tenant_id, days)
$$;


--
-- Name: dashboard_animals(uuid, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.dashboard_animals(tenant_id uuid, page integer DEFAULT 1, page_size integer DEFAULT 20) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT private.dashboard_animals(tenant_id, page, page_size)
$$;


--
-- Name: dashboard_financial_summary(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.dashboard_financial_summary(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    t uuid := dashboard_financial_summary.tenant_id;
    v_today date;
    v_from date;
BEGIN
    PERFORM private.require_permission(t, 'finance.read');
    v_today := private.tenant_today(t);
    v_from := (date_trunc('month', v_today) - interval '11 months')::date;
    RETURN (
        WITH f AS MATERIALIZED (SELECT * FROM private.dashboard_finance(t, v_from))
        SELECT jsonb_build_object(
            'as_of', private.dashboard_as_of(),
            'today', v_today,
            'from_month', v_from,
            'by_month', (SELECT coalesce(jsonb_agg(jsonb_build_object('month', m.month, 'currency', m.currency,
                             'revenue', m.revenue, 'expenses', m.expenses, 'profit', m.revenue - m.expenses)
                             ORDER BY m.currency, m.month), '[]'::jsonb)
                         FROM (SELECT f.month, f.currency,
                                      coalesce(sum(f.amount) FILTER (WHERE f.kind = 'revenue'), 0) AS revenue,
                                      coalesce(sum(f.amount) FILTER (WHERE f.kind = 'expense'), 0) AS expenses
                               FROM f GROUP BY 1, 2) m),
            'expenses_by_category', (
                SELECT coalesce(jsonb_agg(jsonb_build_object('category', c.category, 'name', ec.name,
                           'currency', c.currency, 'amount', c.amount) ORDER BY c.currency, c.amount DESC, c.category),
                           '[]'::jsonb)
                FROM (SELECT f.category, f.currency, sum(f.amount) AS amount FROM f WHERE f.kind = 'expense'
                      GROUP BY 1, 2) c
                LEFT JOIN public.expense_categories ec ON ec.tenant_id = t AND ec.code = c.category),
            'revenue_by_source', (
                SELECT coalesce(jsonb_agg(jsonb_build_object('source', c.category, 'currency', c.currency,
                           'amount', c.amount) ORDER BY c.currency, c.amount DESC, c.category), '[]'::jsonb)
                FROM (SELECT f.category, f.currency, sum(f.amount) AS amount FROM f WHERE f.kind = 'revenue'
                      GROUP BY 1, 2) c),
            'totals', (SELECT coalesce(jsonb_agg(jsonb_build_object('currency', x.currency, 'revenue', x.revenue,
                           'expenses', x.expenses, 'profit', x.revenue - x.expenses) ORDER BY x.currency), '[]'::jsonb)
                       FROM (SELECT f.currency, coalesce(sum(f.amount) FILTER (WHERE f.kind = 'revenue'), 0) AS revenue,
                                    coalesce(sum(f.amount) FILTER (WHERE f.kind = 'expense'), 0) AS expenses
                             FROM f GROUP BY 1) x),
            'outstanding_invoices', (
                SELECT jsonb_agg(jsonb_build_object('currency', c.currency, 'invoices', coalesce(o.invoices, 0),
                           'overdue', coalesce(o.overdue, 0), 'amount', coalesce(o.amount, 0)) ORDER BY c.currency)
                FROM (SELECT tn.currency::text AS currency FROM public.tenants tn WHERE tn.id = t) c
                FULL JOIN (SELECT i.currency::text AS currency, count(*) AS invoices,
                                  count(*) FILTER (WHERE i.status = 'overdue' OR i.due_on < v_today) AS overdue,
                                  sum(i.total - i.amount_paid) AS amount
                           FROM public.invoices i
                           WHERE i.tenant_id = t AND i.status IN ('issued', 'overdue')
                           GROUP BY 1) o USING (currency))));
END
$$;


--
-- Name: dashboard_recent_sales(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.dashboard_recent_sales(tenant_id uuid, "limit" integer DEFAULT 10) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    t uuid := dashboard_recent_sales.tenant_id;
    n integer := dashboard_recent_sales."limit";
BEGIN
    PERFORM private.require_permission(t, 'finance.read');
    PERFORM private.check_page(n, 0);
    RETURN (
        SELECT coalesce(jsonb_agg(jsonb_build_object('kind', x.kind, 'id', x.id, 'sold_on', x.sold_on,
                   'farm_id', x.farm_id, 'farm', f.name, 'description', x.description, 'amount', x.amount,
                   'currency', x.currency, 'buyer_id', x.buyer_id, 'buyer', cp.name, 'invoice_id', x.invoice_id)
                   ORDER BY x.sold_on DESC, x.created_at DESC, x.id DESC), '[]'::jsonb)
        FROM (SELECT y.* FROM unnest(ARRAY(SELECT private.accessible_farm_ids(t))) fa (farm_id)
              CROSS JOIN LATERAL (
                  (SELECT 'animal' AS kind, s.id, s.tenant_id, s.farm_id, s.sold_on, s.created_at,
                          coalesce(an.tag_number, gr.name || ' x ' || (s.female + s.male + s.unknown)) AS description,
                          s.price AS amount, s.currency::text AS currency, s.buyer_id, s.invoice_id
                   FROM public.animal_sales s
                   LEFT JOIN public.animals an ON an.tenant_id = s.tenant_id AND an.id = s.animal_id
                   LEFT JOIN public.animal_groups gr ON gr.tenant_id = s.tenant_id AND gr.id = s.group_id
                   WHERE s.tenant_id = t AND s.farm_id = fa.farm_id
                   ORDER BY s.sold_on DESC, s.created_at DESC, s.id DESC LIMIT n)
                  UNION ALL
                  (SELECT 'product', s.id, s.tenant_id, s.farm_id, s.sold_on, s.created_at,
                          s.product || ' ' || s.quantity || ' ' || s.unit, s.total, s.currency::text, s.buyer_id,
                          s.invoice_id
                   FROM public.product_sales s
                   WHERE s.tenant_id = t AND s.farm_id = fa.farm_id
                   ORDER BY s.sold_on DESC, s.created_at DESC, s.id DESC LIMIT n)) y
              ORDER BY y.sold_on DESC, y.created_at DESC, y.id DESC LIMIT n) x
        JOIN public.farms f ON f.tenant_id = x.tenant_id AND f.id = x.farm_id
        LEFT JOIN public.counterparties cp ON cp.tenant_id = x.tenant_id AND cp.id = x.buyer_id);
END
$$;


--
-- Name: dashboard_stats(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.dashboard_stats(tenant_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT private.dashboard_stats(tenant_id)
$$;


--
-- Name: delete_animal(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_animal(tenant_id uuid, animal_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(delete_animal.tenant_id, 'livestock.delete');
    UPDATE public.animals a SET deleted_at = now()
    WHERE a.tenant_id = delete_animal.tenant_id AND a.id = delete_animal.animal_id AND a.deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'animal not found', HINT = 'animal_not_found';
    END IF;
    RETURN jsonb_build_object('id', delete_animal.animal_id, 'deleted', true);
END
$$;


--
-- Name: delete_expense(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_expense(tenant_id uuid, expense_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(delete_expense.tenant_id, 'finance.submit');
    DELETE FROM public.expenses e WHERE e.tenant_id = delete_expense.tenant_id AND e.id = delete_expense.expense_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'expense not found', HINT = 'expense_not_found';
    END IF;
    RETURN jsonb_build_object('id', delete_expense.expense_id, 'deleted', true);
END
$$;


--
-- Name: delete_farm(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_farm(tenant_id uuid, farm_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(delete_farm.tenant_id, 'farms.manage');
    IF EXISTS (SELECT 1 FROM public.animals a WHERE a.tenant_id = delete_farm.tenant_id AND a.farm_id = delete_farm.farm_id
               AND a.status = 'active' AND a.deleted_at IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the farm still has active animals',
            HINT = 'farm_has_animals: move or exit them first';
    END IF;
    UPDATE public.farms f SET deleted_at = now()
    WHERE f.tenant_id = delete_farm.tenant_id AND f.id = delete_farm.farm_id AND f.deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'farm not found', HINT = 'farm_not_found';
    END IF;
    RETURN jsonb_build_object('id', delete_farm.farm_id, 'deleted', true);
END
$$;


--
-- Name: delete_location(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_location(tenant_id uuid, location_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(delete_location.tenant_id, 'farms.manage');
    IF EXISTS (SELECT 1 FROM public.animals a WHERE a.tenant_id = delete_location.tenant_id
               AND a.location_id = delete_location.location_id AND a.status = 'active' AND a.deleted_at IS NULL)
       OR EXISTS (SELECT 1 FROM public.animal_groups g WHERE g.tenant_id = delete_location.tenant_id
                  AND g.location_id = delete_location.location_id AND g.deleted_at IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'animals are still kept in this location',
            HINT = 'location_in_use: move them first';
    END IF;
    UPDATE public.locations l SET deleted_at = now()
    WHERE l.tenant_id = delete_location.tenant_id AND l.id = delete_location.location_id AND l.deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'location not found', HINT = 'location_not_found';
    END IF;
    RETURN jsonb_build_object('id', delete_location.location_id, 'deleted', true);
END
$$;


--
-- Name: delete_media(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_media(tenant_id uuid, media_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM api.get_media(delete_media.tenant_id, delete_media.media_id);  -- 404 unless visible
    DELETE FROM public.media_files m WHERE m.tenant_id = delete_media.tenant_id AND m.id = delete_media.media_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you may not remove this media file',
            HINT = 'permission_denied';
    END IF;
    RETURN jsonb_build_object('id', delete_media.media_id, 'deleted', true);
END
$$;


--
-- Name: dry_off(uuid, uuid, date); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.dry_off(tenant_id uuid, animal_id uuid, dried_off_on date DEFAULT NULL::date) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.lactations;
BEGIN
    PERFORM private.require_permission(dry_off.tenant_id, 'breeding.write');
    UPDATE public.lactations l SET dried_off_on = coalesce(dry_off.dried_off_on, private.tenant_today(dry_off.tenant_id))
    WHERE l.tenant_id = dry_off.tenant_id AND l.animal_id = dry_off.animal_id AND l.dried_off_on IS NULL
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'the animal has no open lactation', HINT = 'no_open_lactation';
    END IF;
    RETURN to_jsonb(v_row);
END
$$;


--
-- Name: expense_summary(uuid, date, date, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.expense_summary(tenant_id uuid, from_date date, to_date date, farm_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: get_animal(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.get_animal(tenant_id uuid, animal_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_row public.animals;
BEGIN
    PERFORM private.require_permission(get_animal.tenant_id, 'livestock.read');
    SELECT * INTO v_row FROM public.animals a
    WHERE a.tenant_id = get_animal.tenant_id AND a.id = get_animal.animal_id AND a.deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'animal not found', HINT = 'animal_not_found';
    END IF;
    RETURN private.animal_json(v_row);
END
$$;


--
-- Name: get_expense(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.get_expense(tenant_id uuid, expense_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: get_invoice(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.get_invoice(tenant_id uuid, invoice_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: get_media(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.get_media(tenant_id uuid, media_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_media public.media_files;
BEGIN
    PERFORM private.require_permission(get_media.tenant_id, 'tenant.read');
    SELECT m.* INTO v_media FROM public.media_files m WHERE m.tenant_id = get_media.tenant_id AND m.id = get_media.media_id;
    IF v_media.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'media file not found', HINT = 'media_not_found';
    END IF;
    RETURN private.media_json(v_media);
END
$$;


--
-- Name: get_my_profile(); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.get_my_profile() RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_uid uuid := private.require_user();
    v_profile jsonb;
BEGIN
    SELECT jsonb_build_object('id', p.id, 'email', p.email, 'full_name', p.full_name, 'phone', p.phone,
               'avatar_url', p.avatar_url, 'updated_at', p.updated_at)
    INTO v_profile
    FROM public.profiles p WHERE p.id = v_uid;
    RETURN coalesce(v_profile, jsonb_build_object('id', v_uid, 'email', lower(auth.jwt() ->> 'email'),
        'full_name', NULL, 'phone', NULL, 'avatar_url', NULL, 'updated_at', NULL));
END
$$;


--
-- Name: get_subscription(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.get_subscription(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    t uuid := get_subscription.tenant_id;
BEGIN
    PERFORM private.require_permission(t, 'tenant.read');
    RETURN (SELECT to_jsonb(s) || jsonb_build_object(
                'plan', (SELECT to_jsonb(p) FROM public.plans p WHERE p.code = s.plan_code),
                'usage', private.tenant_usage(t),
                'usage_metrics', (SELECT to_jsonb(m) - 'tenant_id' FROM public.usage_metrics m
                                  WHERE m.tenant_id = t ORDER BY m.period_start DESC LIMIT 1),
                'invoices', (SELECT coalesce(jsonb_agg(to_jsonb(i) ORDER BY i.created_at DESC), '[]'::jsonb)
                             FROM public.subscription_invoices i WHERE i.tenant_id = t))
            FROM public.subscriptions s WHERE s.tenant_id = t);
END
$$;


--
-- Name: get_tenant(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.get_tenant(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_tenant public.tenants;
BEGIN
    PERFORM private.require_permission(get_tenant.tenant_id, 'tenant.read');
    SELECT * INTO v_tenant FROM public.tenants t WHERE t.id = get_tenant.tenant_id;
    RETURN private.tenant_json(v_tenant, private.member_role(get_tenant.tenant_id));
END
$$;


--
-- Name: grant_farm_access(uuid, uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(grant_farm_access.tenant_id, 'members.manage');
    INSERT INTO public.farm_access (tenant_id, user_id, farm_id, granted_by)
    VALUES (grant_farm_access.tenant_id, grant_farm_access.user_id, grant_farm_access.farm_id, auth.uid())
    ON CONFLICT DO NOTHING;
    RETURN jsonb_build_object('tenant_id', grant_farm_access.tenant_id, 'user_id', grant_farm_access.user_id,
        'farm_id', grant_farm_access.farm_id, 'granted', true);
END
$$;


--
-- Name: invite_member(uuid, text, text, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.invite_member(tenant_id uuid, email text, role text DEFAULT 'viewer'::text, valid_days integer DEFAULT 7) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_email text := lower(btrim(invite_member.email));
    v_token text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
    v_id uuid;
    v_expires timestamptz;
BEGIN
    PERFORM private.require_permission(invite_member.tenant_id, 'members.manage');
    IF invite_member.valid_days IS NULL OR invite_member.valid_days NOT BETWEEN 1 AND 30 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'valid_days must be between 1 and 30';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.roles r WHERE r.role = invite_member.role) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown role %L', invite_member.role),
            HINT = 'one of: ' || (SELECT string_agg(r.role, ', ' ORDER BY r.rank) FROM public.roles r);
    END IF;
    -- Inviting the same email again replaces the open invitation (and its token).
    DELETE FROM public.invitations i
    WHERE i.tenant_id = invite_member.tenant_id AND i.email = v_email AND i.accepted_at IS NULL;
    INSERT INTO public.invitations (tenant_id, email, role, token_hash, invited_by, expires_at)
    VALUES (invite_member.tenant_id, v_email, invite_member.role, sha256(convert_to(v_token, 'UTF8')),
            auth.uid(), now() + make_interval(days => invite_member.valid_days))
    RETURNING id, expires_at INTO v_id, v_expires;
    RETURN jsonb_build_object('id', v_id, 'tenant_id', invite_member.tenant_id, 'email', v_email,
        'role', invite_member.role, 'expires_at', v_expires, 'token', v_token);
END
$$;


--
-- Name: issue_invoice(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.issue_invoice(tenant_id uuid, invoice_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(issue_invoice.tenant_id, 'finance.write');
    RETURN private.move_invoice(issue_invoice.tenant_id, issue_invoice.invoice_id, 'issued');
END
$$;


--
-- Name: list_activities(uuid, uuid, uuid, uuid, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_activities(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_activities.tenant_id, 'livestock.read');
    PERFORM private.check_page(list_activities."limit", list_activities."offset");
    RETURN (
        WITH matching AS (
            SELECT x.* FROM public.activities x
            WHERE x.tenant_id = list_activities.tenant_id
              AND (list_activities.farm_id IS NULL OR x.farm_id = list_activities.farm_id)
              AND (list_activities.animal_id IS NULL OR x.animal_id = list_activities.animal_id)
              AND (list_activities.group_id IS NULL OR x.group_id = list_activities.group_id))
        SELECT jsonb_build_object('count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(to_jsonb(p) ORDER BY p.performed_at DESC, p.id)
                                 FROM (SELECT * FROM matching m ORDER BY m.performed_at DESC, m.id
                                       LIMIT list_activities."limit" OFFSET list_activities."offset") p), '[]'::jsonb)));
END
$$;


--
-- Name: list_animals(uuid, uuid, text, text, text, text, date, date, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_animals(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid, species text DEFAULT NULL::text, status text DEFAULT NULL::text, sex text DEFAULT NULL::text, search text DEFAULT NULL::text, born_from date DEFAULT NULL::date, born_to date DEFAULT NULL::date, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_pattern text := '%' || replace(replace(replace(list_animals.search, '\', '\\'), '%', '\%'), '_', '\_') || '%';
BEGIN
    PERFORM private.require_permission(list_animals.tenant_id, 'livestock.read');
    PERFORM private.check_page(list_animals."limit", list_animals."offset");
    RETURN (
        WITH matching AS (
            SELECT a.* FROM public.animals a
            WHERE a.tenant_id = list_animals.tenant_id AND a.deleted_at IS NULL
              AND (list_animals.farm_id IS NULL OR a.farm_id = list_animals.farm_id)
              AND (list_animals.species IS NULL OR a.species = list_animals.species)
              AND (list_animals.status IS NULL OR a.status = list_animals.status)
              AND (list_animals.sex IS NULL OR a.sex = list_animals.sex)
              AND (list_animals.born_from IS NULL OR a.birth_date >= list_animals.born_from)
              AND (list_animals.born_to IS NULL OR a.birth_date <= list_animals.born_to)
              AND (list_animals.search IS NULL OR a.tag_number ILIKE v_pattern OR a.name ILIKE v_pattern))
        SELECT jsonb_build_object('count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(private.animal_json(p) ORDER BY p.tag_number, p.id)
                                 FROM (SELECT * FROM matching m ORDER BY m.tag_number, m.id
                                       LIMIT list_animals."limit" OFFSET list_animals."offset") p), '[]'::jsonb)));
END
$$;


--
-- Name: list_approval_limits(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_approval_limits(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_approval_limits.tenant_id, 'tenant.read');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('role', l.role, 'max_amount', l.max_amount) ORDER BY r.rank),
                            '[]'::jsonb)
            FROM public.approval_limits l JOIN public.roles r ON r.role = l.role
            WHERE l.tenant_id = list_approval_limits.tenant_id);
END
$$;


--
-- Name: list_audit_log(uuid, text, text, uuid, timestamp with time zone, timestamp with time zone, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_audit_log(tenant_id uuid, table_name text DEFAULT NULL::text, row_id text DEFAULT NULL::text, user_id uuid DEFAULT NULL::uuid, from_at timestamp with time zone DEFAULT NULL::timestamp with time zone, to_at timestamp with time zone DEFAULT NULL::timestamp with time zone, "limit" integer DEFAULT 50, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    t uuid := list_audit_log.tenant_id;
BEGIN
    PERFORM private.require_permission(t, 'audit.read');
    PERFORM private.check_page(list_audit_log."limit", list_audit_log."offset");
    RETURN (
        WITH matching AS (
            SELECT l.* FROM audit.log l
            WHERE l.tenant_id = t
              AND (list_audit_log.table_name IS NULL OR l.table_name = list_audit_log.table_name)
              AND (list_audit_log.row_id IS NULL OR l.row_key ->> 'id' = list_audit_log.row_id)
              AND (list_audit_log.user_id IS NULL OR l.actor_id = list_audit_log.user_id)
              AND (list_audit_log.from_at IS NULL OR l.occurred_at >= list_audit_log.from_at)
              AND (list_audit_log.to_at IS NULL OR l.occurred_at < list_audit_log.to_at))
        SELECT jsonb_build_object(
            'count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(to_jsonb(p) ORDER BY p.occurred_at DESC, p.id DESC)
                                 FROM (SELECT * FROM matching m ORDER BY m.occurred_at DESC, m.id DESC
                                       LIMIT list_audit_log."limit" OFFSET list_audit_log."offset") p),
                                '[]'::jsonb)));
END
$$;


--
-- Name: list_breeds(uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_breeds(tenant_id uuid, species text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_breeds.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(b ORDER BY b ->> 'species', b ->> 'name'), '[]'::jsonb) FROM (
        SELECT jsonb_build_object('id', s.id, 'species', s.species, 'name', s.name,
                   'gestation_days', coalesce(s.gestation_days, sp.gestation_days), 'shared', true) AS b
        FROM public.breeds s JOIN public.species sp ON sp.code = s.species
        WHERE list_breeds.species IS NULL OR s.species = list_breeds.species
        UNION ALL
        SELECT jsonb_build_object('id', t.id, 'species', t.species, 'name', t.name,
                   'gestation_days', coalesce(t.gestation_days, sp.gestation_days), 'shared', false)
        FROM public.tenant_breeds t JOIN public.species sp ON sp.code = t.species
        WHERE t.tenant_id = list_breeds.tenant_id AND (list_breeds.species IS NULL OR t.species = list_breeds.species)
    ) x (b));
END
$$;


--
-- Name: list_counterparties(uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_counterparties(tenant_id uuid, kind text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_counterparties.tenant_id, 'finance.submit');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.name), '[]'::jsonb)
            FROM public.counterparties c
            WHERE c.tenant_id = list_counterparties.tenant_id
              AND (list_counterparties.kind IS NULL OR c.kind IN (list_counterparties.kind, 'both')));
END
$$;


--
-- Name: list_expense_categories(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_expense_categories(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_expense_categories.tenant_id, 'tenant.read');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'code', c.code, 'name', c.name) ORDER BY c.name),
                            '[]'::jsonb)
            FROM public.expense_categories c WHERE c.tenant_id = list_expense_categories.tenant_id);
END
$$;


--
-- Name: list_expenses(uuid, text, uuid, uuid, date, date, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_expenses(tenant_id uuid, status text DEFAULT NULL::text, farm_id uuid DEFAULT NULL::uuid, category_id uuid DEFAULT NULL::uuid, from_date date DEFAULT NULL::date, to_date date DEFAULT NULL::date, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_expenses.tenant_id, 'finance.submit');
    PERFORM private.check_page(list_expenses."limit", list_expenses."offset");
    RETURN (
        WITH matching AS (
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


--
-- Name: list_farms(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_farms(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_farms.tenant_id, 'farms.read');
    RETURN (SELECT coalesce(jsonb_agg(private.farm_json(f) ORDER BY f.name, f.id), '[]'::jsonb)
            FROM public.farms f
            WHERE f.tenant_id = list_farms.tenant_id
              AND f.id IN (SELECT private.accessible_farm_ids(list_farms.tenant_id)));
END
$$;


--
-- Name: list_group_events(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_group_events(tenant_id uuid, group_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_group_events.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(e) ORDER BY e.occurred_on DESC, e.created_at DESC), '[]'::jsonb)
            FROM public.group_count_events e
            WHERE e.tenant_id = list_group_events.tenant_id AND e.group_id = list_group_events.group_id);
END
$$;


--
-- Name: list_groups(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_groups(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_groups.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(g) - 'deleted_at' ORDER BY g.name), '[]'::jsonb)
            FROM public.animal_groups g
            WHERE g.tenant_id = list_groups.tenant_id AND g.deleted_at IS NULL
              AND (list_groups.farm_id IS NULL OR g.farm_id = list_groups.farm_id));
END
$$;


--
-- Name: list_health_checks(uuid, uuid, uuid, uuid, date, date, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_health_checks(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, "from" date DEFAULT NULL::date, "to" date DEFAULT NULL::date, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT private.health_events_of_kind(api.list_health_events(tenant_id, farm_id, animal_id, group_id, 'check',
                                                                "from", "to", "limit", "offset"))
$$;


--
-- Name: list_health_events(uuid, uuid, uuid, uuid, text, date, date, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_health_events(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, kind text DEFAULT NULL::text, "from" date DEFAULT NULL::date, "to" date DEFAULT NULL::date, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_result jsonb;
BEGIN
    PERFORM private.require_permission(list_health_events.tenant_id, 'livestock.read');
    PERFORM private.check_page(list_health_events."limit", list_health_events."offset");
    IF list_health_events.kind NOT IN ('check', 'vaccination', 'treatment') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown kind %L', list_health_events.kind),
            HINT = 'one of: check, vaccination, treatment';
    END IF;
    WITH events AS (
        SELECT 'check' AS kind, h.id, h.checked_on AS event_on, h.farm_id, h.animal_id, h.group_id
        FROM public.health_checks h
        WHERE h.tenant_id = list_health_events.tenant_id AND coalesce(list_health_events.kind, 'check') = 'check'
        UNION ALL
        SELECT 'vaccination', v.id, v.given_on, v.farm_id, v.animal_id, v.group_id
        FROM public.vaccinations v
        WHERE v.tenant_id = list_health_events.tenant_id
          AND coalesce(list_health_events.kind, 'vaccination') = 'vaccination'
        UNION ALL
        SELECT 'treatment', t.id, t.course_start, t.farm_id, t.animal_id, t.group_id
        FROM public.treatments t
        WHERE t.tenant_id = list_health_events.tenant_id
          AND coalesce(list_health_events.kind, 'treatment') = 'treatment'),
    filtered AS (
        SELECT e.kind, e.id, e.event_on FROM events e
        WHERE (list_health_events.farm_id IS NULL OR e.farm_id = list_health_events.farm_id)
          AND (list_health_events.animal_id IS NULL OR e.animal_id = list_health_events.animal_id)
          AND (list_health_events.group_id IS NULL OR e.group_id = list_health_events.group_id)
          AND (list_health_events."from" IS NULL OR e.event_on >= list_health_events."from")
          AND (list_health_events."to" IS NULL OR e.event_on <= list_health_events."to")),
    page AS (
        SELECT * FROM filtered f ORDER BY f.event_on DESC, f.id DESC
        LIMIT list_health_events."limit" OFFSET list_health_events."offset")
    SELECT jsonb_build_object(
        'count', (SELECT count(*) FROM filtered),
        'results', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', p.kind, 'id', p.id, 'event_on', p.event_on,
                        'data', CASE p.kind
                            WHEN 'check' THEN (SELECT private.health_check_json(h) FROM public.health_checks h
                                               WHERE h.tenant_id = list_health_events.tenant_id AND h.id = p.id)
                            WHEN 'vaccination' THEN (SELECT private.vaccination_json(v) FROM public.vaccinations v
                                               WHERE v.tenant_id = list_health_events.tenant_id AND v.id = p.id)
                            ELSE (SELECT private.treatment_json(t) FROM public.treatments t
                                  WHERE t.tenant_id = list_health_events.tenant_id AND t.id = p.id) END)
                        ORDER BY p.event_on DESC, p.id DESC), '[]'::jsonb)
                    FROM page p))
    INTO v_result;
    RETURN v_result;
END
$$;


--
-- Name: list_invitations(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_invitations(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_invitations.tenant_id, 'members.manage');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'email', i.email, 'role', i.role,
                'invited_by', i.invited_by, 'created_at', i.created_at, 'expires_at', i.expires_at,
                'accepted_at', i.accepted_at) ORDER BY i.created_at DESC), '[]'::jsonb)
            FROM public.invitations i WHERE i.tenant_id = list_invitations.tenant_id);
END
$$;


--
-- Name: list_invoices(uuid, text, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_invoices(tenant_id uuid, status text DEFAULT NULL::text, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_invoices.tenant_id, 'finance.read');
    PERFORM private.check_page(list_invoices."limit", list_invoices."offset");
    RETURN (
        WITH matching AS (
            SELECT i.* FROM public.invoices i
            WHERE i.tenant_id = list_invoices.tenant_id AND (list_invoices.status IS NULL OR i.status = list_invoices.status))
        SELECT jsonb_build_object('count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(to_jsonb(p) || jsonb_build_object('outstanding', p.total - p.amount_paid)
                                                  ORDER BY p.created_at DESC, p.id)
                                 FROM (SELECT * FROM matching m ORDER BY m.created_at DESC, m.id
                                       LIMIT list_invoices."limit" OFFSET list_invoices."offset") p), '[]'::jsonb)));
END
$$;


--
-- Name: list_locations(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_locations(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_locations.tenant_id, 'farms.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(l) - 'deleted_at' ORDER BY l.name), '[]'::jsonb)
            FROM public.locations l
            WHERE l.tenant_id = list_locations.tenant_id AND l.deleted_at IS NULL
              AND (list_locations.farm_id IS NULL OR l.farm_id = list_locations.farm_id));
END
$$;


--
-- Name: list_media(uuid, uuid, uuid, uuid, uuid, uuid, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_media(tenant_id uuid, animal_id uuid DEFAULT NULL::uuid, farm_id uuid DEFAULT NULL::uuid, user_id uuid DEFAULT NULL::uuid, invoice_id uuid DEFAULT NULL::uuid, expense_id uuid DEFAULT NULL::uuid, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_media.tenant_id, 'tenant.read');
    RETURN (
        WITH visible AS (
            SELECT m.* FROM public.media_files m
            WHERE m.tenant_id = list_media.tenant_id
              AND (list_media.animal_id IS NULL OR m.animal_id = list_media.animal_id)
              AND (list_media.farm_id IS NULL OR m.farm_id = list_media.farm_id)
              AND (list_media.user_id IS NULL OR m.user_id = list_media.user_id)
              AND (list_media.invoice_id IS NULL OR m.invoice_id = list_media.invoice_id)
              AND (list_media.expense_id IS NULL OR m.expense_id = list_media.expense_id))
        SELECT jsonb_build_object(
            'count', (SELECT count(*) FROM visible),
            'results', coalesce((SELECT jsonb_agg(private.media_json(p) ORDER BY p.created_at DESC, p.id DESC)
                                 FROM (SELECT v.* FROM visible v ORDER BY v.created_at DESC, v.id DESC
                                       LIMIT least(greatest(list_media."limit", 1), 100)
                                       OFFSET greatest(list_media."offset", 0)) p), '[]'::jsonb)));
END
$$;


--
-- Name: list_members(uuid, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_members(tenant_id uuid, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_members.tenant_id, 'members.read');
    PERFORM private.check_page(list_members."limit", list_members."offset");
    RETURN jsonb_build_object(
        'count', (SELECT count(*) FROM public.tenant_members m WHERE m.tenant_id = list_members.tenant_id),
        'results', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('user_id', m.user_id, 'role', m.role,
                        'email', p.email, 'full_name', p.full_name, 'joined_at', m.created_at)
                    ORDER BY r.rank, m.created_at, m.user_id), '[]'::jsonb)
            FROM (SELECT * FROM public.tenant_members m
                  WHERE m.tenant_id = list_members.tenant_id
                  ORDER BY m.created_at, m.user_id
                  LIMIT list_members."limit" OFFSET list_members."offset") m
            JOIN public.roles r ON r.role = m.role
            LEFT JOIN public.profiles p ON p.id = m.user_id));
END
$$;


--
-- Name: list_movements(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_movements(tenant_id uuid, animal_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_movements.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.moved_at DESC), '[]'::jsonb)
            FROM public.animal_movements m
            WHERE m.tenant_id = list_movements.tenant_id AND m.animal_id = list_movements.animal_id);
END
$$;


--
-- Name: list_my_tenants(); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_my_tenants() RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(jsonb_agg(private.tenant_json(t, m.role) ORDER BY t.name, t.id), '[]'::jsonb)
    FROM public.tenants t
    JOIN public.tenant_members m ON m.tenant_id = t.id AND m.user_id = auth.uid()
$$;


--
-- Name: list_production(uuid, uuid, uuid, uuid, text, date, date, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_production(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, product text DEFAULT NULL::text, "from" date DEFAULT NULL::date, "to" date DEFAULT NULL::date, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_result jsonb;
BEGIN
    PERFORM private.require_permission(list_production.tenant_id, 'livestock.read');
    PERFORM private.check_page(list_production."limit", list_production."offset");
    WITH filtered AS (
        SELECT p.id, p.recorded_on, p.session FROM public.production_records p
        WHERE p.tenant_id = list_production.tenant_id
          AND (list_production.farm_id IS NULL OR p.farm_id = list_production.farm_id)
          AND (list_production.animal_id IS NULL OR p.animal_id = list_production.animal_id)
          AND (list_production.group_id IS NULL OR p.group_id = list_production.group_id)
          AND (list_production.product IS NULL OR p.product = list_production.product)
          AND (list_production."from" IS NULL OR p.recorded_on >= list_production."from")
          AND (list_production."to" IS NULL OR p.recorded_on <= list_production."to")),
    page AS (
        SELECT f.id FROM filtered f
        ORDER BY f.recorded_on DESC, f.session DESC NULLS LAST, f.id DESC
        LIMIT list_production."limit" OFFSET list_production."offset")
    SELECT jsonb_build_object(
        'count', (SELECT count(*) FROM filtered),
        'results', (SELECT coalesce(jsonb_agg(private.production_json(r)
                                              ORDER BY r.recorded_on DESC, r.session DESC NULLS LAST, r.id DESC),
                                    '[]'::jsonb)
                    FROM page JOIN public.production_records r
                        ON r.tenant_id = list_production.tenant_id AND r.id = page.id))
    INTO v_result;
    RETURN v_result;
END
$$;


--
-- Name: list_sales(uuid, date, date, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_sales(tenant_id uuid, from_date date DEFAULT NULL::date, to_date date DEFAULT NULL::date, farm_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: list_treatments(uuid, uuid, uuid, uuid, date, date, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_treatments(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, "from" date DEFAULT NULL::date, "to" date DEFAULT NULL::date, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT private.health_events_of_kind(api.list_health_events(tenant_id, farm_id, animal_id, group_id,
                                                                'treatment', "from", "to", "limit", "offset"))
$$;


--
-- Name: list_vaccinations(uuid, uuid, uuid, uuid, date, date, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_vaccinations(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, "from" date DEFAULT NULL::date, "to" date DEFAULT NULL::date, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT private.health_events_of_kind(api.list_health_events(tenant_id, farm_id, animal_id, group_id,
                                                                'vaccination', "from", "to", "limit", "offset"))
$$;


--
-- Name: mark_expense_paid(uuid, uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.mark_expense_paid(tenant_id uuid, expense_id uuid, payment_reference text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(mark_expense_paid.tenant_id, 'finance.write');
    RETURN private.move_expense(mark_expense_paid.tenant_id, mark_expense_paid.expense_id, 'paid', NULL,
                                mark_expense_paid.payment_reference);
END
$$;


--
-- Name: move_animal(uuid, uuid, uuid, uuid, timestamp with time zone, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid, to_location_id uuid DEFAULT NULL::uuid, moved_at timestamp with time zone DEFAULT NULL::timestamp with time zone, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
BEGIN
    PERFORM private.require_permission(move_animal.tenant_id, 'livestock.move');
    IF NOT EXISTS (SELECT 1 FROM public.animals a WHERE a.tenant_id = move_animal.tenant_id
                   AND a.id = move_animal.animal_id AND a.deleted_at IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'animal not found', HINT = 'animal_not_found';
    END IF;
    INSERT INTO public.animal_movements (tenant_id, id, animal_id, to_farm_id, to_location_id, moved_at, reason)
    VALUES (move_animal.tenant_id, v_id, move_animal.animal_id, move_animal.to_farm_id, move_animal.to_location_id,
            coalesce(move_animal.moved_at, private.now()), move_animal.reason);
    RETURN (SELECT to_jsonb(m) FROM public.animal_movements m WHERE m.tenant_id = move_animal.tenant_id AND m.id = v_id);
END
$$;


--
-- Name: my_permissions(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.my_permissions(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_role text;
BEGIN
    PERFORM private.require_user();
    v_role := private.member_role(my_permissions.tenant_id);
    IF v_role IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you are not a member of this tenant',
            DETAIL = format('tenant_id=%s', my_permissions.tenant_id), HINT = 'not_a_member';
    END IF;
    RETURN jsonb_build_object(
        'tenant_id', my_permissions.tenant_id,
        'role', v_role,
        'permissions', (SELECT coalesce(jsonb_agg(rp.permission ORDER BY rp.permission), '[]'::jsonb)
                        FROM public.role_permissions rp WHERE rp.role = v_role),
        'all_farms', private.has_permission(my_permissions.tenant_id, 'farms.all'),
        'farm_ids', (SELECT coalesce(jsonb_agg(f ORDER BY f), '[]'::jsonb)
                     FROM private.accessible_farm_ids(my_permissions.tenant_id) f));
END
$$;


--
-- Name: record_activity(uuid, text, uuid, uuid, timestamp with time zone, uuid, integer, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_activity(tenant_id uuid, activity_type text, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, performed_at timestamp with time zone DEFAULT NULL::timestamp with time zone, performed_by uuid DEFAULT NULL::uuid, duration_minutes integer DEFAULT NULL::integer, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.activities;
BEGIN
    PERFORM private.require_permission(record_activity.tenant_id, 'activities.write');
    IF record_activity.animal_id IS NULL AND record_activity.group_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'name the animal_id or the group_id the work was for';
    END IF;
    INSERT INTO public.activities (tenant_id, animal_id, group_id, activity_type, performed_at, performed_by,
        duration_minutes, notes)
    VALUES (record_activity.tenant_id, record_activity.animal_id, record_activity.group_id, record_activity.activity_type,
        coalesce(record_activity.performed_at, private.now()), record_activity.performed_by, record_activity.duration_minutes,
        record_activity.notes)
    RETURNING * INTO v_row;
    RETURN to_jsonb(v_row);
END
$$;


--
-- Name: record_animal_sale(uuid, numeric, uuid, uuid, integer, integer, integer, date, uuid, numeric, boolean); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_animal_sale(tenant_id uuid, price numeric, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, female integer DEFAULT 0, male integer DEFAULT 0, unknown integer DEFAULT 0, sold_on date DEFAULT NULL::date, buyer_id uuid DEFAULT NULL::uuid, weight_kg numeric DEFAULT NULL::numeric, for_slaughter boolean DEFAULT true) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: record_birth(uuid, uuid, date, jsonb, uuid, uuid, integer, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_birth(tenant_id uuid, dam_id uuid, born_on date, offspring jsonb DEFAULT '[]'::jsonb, sire_id uuid DEFAULT NULL::uuid, service_id uuid DEFAULT NULL::uuid, stillborn_count integer DEFAULT 0, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
    v_offspring jsonb;
BEGIN
    PERFORM private.require_permission(record_birth.tenant_id, 'breeding.write');
    IF jsonb_typeof(record_birth.offspring) <> 'array'
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(record_birth.offspring) o
                  WHERE jsonb_typeof(o) <> 'object' OR coalesce(o ->> 'tag_number', '') = '') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'offspring must be a list of {"tag_number", "sex", "name"}',
            HINT = 'every offspring needs a tag_number';
    END IF;
    INSERT INTO public.births (tenant_id, id, dam_id, sire_id, service_id, born_on, offspring_count, stillborn_count,
        notes)
    VALUES (record_birth.tenant_id, v_id, record_birth.dam_id, record_birth.sire_id, record_birth.service_id,
        record_birth.born_on, jsonb_array_length(record_birth.offspring), record_birth.stillborn_count,
        record_birth.notes);
    v_offspring := private.create_offspring(record_birth.tenant_id, v_id, record_birth.offspring);
    RETURN (SELECT to_jsonb(b) || jsonb_build_object('offspring', v_offspring,
                'lactation', (SELECT to_jsonb(l) FROM public.lactations l
                              WHERE l.tenant_id = b.tenant_id AND l.birth_id = b.id))
            FROM public.births b WHERE b.tenant_id = record_birth.tenant_id AND b.id = v_id);
END
$$;


--
-- Name: record_group_event(uuid, uuid, text, integer, integer, integer, date, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_group_event(tenant_id uuid, group_id uuid, event_type text, female integer DEFAULT 0, male integer DEFAULT 0, unknown integer DEFAULT 0, occurred_on date DEFAULT NULL::date, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_sign integer := CASE WHEN record_group_event.event_type IN ('addition', 'birth', 'hatch', 'transfer_in')
                           THEN 1 ELSE -1 END;
    v_event public.group_count_events;
BEGIN
    PERFORM private.require_permission(record_group_event.tenant_id, 'livestock.read');
    IF least(record_group_event.female, record_group_event.male, record_group_event.unknown) < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'counts are given as positive numbers',
            HINT = 'the event type says whether heads are added or taken away';
    END IF;
    INSERT INTO public.group_count_events (tenant_id, group_id, event_type, occurred_on, female_delta, male_delta,
        unknown_delta, note)
    VALUES (record_group_event.tenant_id, record_group_event.group_id, record_group_event.event_type,
        record_group_event.occurred_on, v_sign * coalesce(record_group_event.female, 0),  -- null: the tenant's today
        v_sign * coalesce(record_group_event.male, 0), v_sign * coalesce(record_group_event.unknown, 0),
        record_group_event.note)
    RETURNING * INTO v_event;
    RETURN to_jsonb(v_event) || jsonb_build_object('group', (
        SELECT jsonb_build_object('female_count', g.female_count, 'male_count', g.male_count,
                                  'unknown_count', g.unknown_count)
        FROM public.animal_groups g WHERE g.tenant_id = v_event.tenant_id AND g.id = v_event.group_id));
END
$$;


--
-- Name: record_health_check(uuid, uuid, uuid, date, numeric, numeric, text, boolean, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_health_check(tenant_id uuid, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, checked_on date DEFAULT NULL::date, temperature_c numeric DEFAULT NULL::numeric, body_condition_score numeric DEFAULT NULL::numeric, diagnosis text DEFAULT NULL::text, is_sick boolean DEFAULT NULL::boolean, vet_name text DEFAULT NULL::text, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.health_checks;
BEGIN
    PERFORM private.require_permission(record_health_check.tenant_id, 'health.write');
    PERFORM private.require_subject(record_health_check.tenant_id, record_health_check.animal_id,
                                    record_health_check.group_id);
    INSERT INTO public.health_checks (tenant_id, animal_id, group_id, checked_on, temperature_c, body_condition_score,
        is_sick, diagnosis, vet_name, notes)
    VALUES (record_health_check.tenant_id, record_health_check.animal_id, record_health_check.group_id,
        coalesce(record_health_check.checked_on, private.tenant_today(record_health_check.tenant_id)),
        record_health_check.temperature_c, record_health_check.body_condition_score,
        coalesce(record_health_check.is_sick, nullif(btrim(record_health_check.diagnosis), '') IS NOT NULL),
        nullif(btrim(record_health_check.diagnosis), ''), record_health_check.vet_name, record_health_check.notes)
    RETURNING * INTO v_row;
    RETURN private.health_check_json(v_row);
END
$$;


--
-- Name: record_payment(uuid, uuid, numeric, date, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_payment(tenant_id uuid, invoice_id uuid, amount numeric, paid_on date DEFAULT NULL::date, method text DEFAULT 'cash'::text, reference text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(record_payment.tenant_id, 'finance.write');
    INSERT INTO public.payments (tenant_id, invoice_id, amount, paid_on, method, reference)
    VALUES (record_payment.tenant_id, record_payment.invoice_id, record_payment.amount,
            coalesce(record_payment.paid_on, private.tenant_today(record_payment.tenant_id)), record_payment.method,
            record_payment.reference);
    RETURN api.get_invoice(record_payment.tenant_id, record_payment.invoice_id);
END
$$;


--
-- Name: record_pregnancy_check(uuid, uuid, date, text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_pregnancy_check(tenant_id uuid, service_id uuid, checked_on date, result text, method text DEFAULT NULL::text, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
BEGIN
    PERFORM private.require_permission(record_pregnancy_check.tenant_id, 'breeding.write');
    INSERT INTO public.pregnancy_checks (tenant_id, id, service_id, checked_on, result, method, notes)
    VALUES (record_pregnancy_check.tenant_id, v_id, record_pregnancy_check.service_id, record_pregnancy_check.checked_on,
        record_pregnancy_check.result, record_pregnancy_check.method, record_pregnancy_check.notes);
    RETURN (SELECT to_jsonb(c) || jsonb_build_object('service_status', s.status, 'expected_due_on', s.expected_due_on)
            FROM public.pregnancy_checks c
            JOIN public.breeding_services s ON s.tenant_id = c.tenant_id AND s.id = c.service_id
            WHERE c.tenant_id = record_pregnancy_check.tenant_id AND c.id = v_id);
END
$$;


--
-- Name: record_product_sale(uuid, uuid, text, numeric, text, numeric, date, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_product_sale(tenant_id uuid, farm_id uuid, product text, quantity numeric, unit text, unit_price numeric, sold_on date DEFAULT NULL::date, buyer_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: record_production(uuid, text, numeric, text, uuid, uuid, date, text, numeric, numeric, integer, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_production(tenant_id uuid, product text, quantity numeric, unit text, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, recorded_on date DEFAULT NULL::date, session text DEFAULT NULL::text, fat_pct numeric DEFAULT NULL::numeric, protein_pct numeric DEFAULT NULL::numeric, somatic_cell_count integer DEFAULT NULL::integer, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_in record;
    v_row public.production_records;
BEGIN
    PERFORM private.require_permission(record_production.tenant_id, 'production.write');
    SELECT * INTO v_in FROM private.parse_production(record_production.tenant_id, jsonb_build_array(jsonb_strip_nulls(
        jsonb_build_object('animal_id', record_production.animal_id, 'group_id', record_production.group_id,
            'product', record_production.product, 'quantity', record_production.quantity,
            'unit', record_production.unit, 'recorded_on', record_production.recorded_on,
            'session', record_production.session, 'fat_pct', record_production.fat_pct,
            'protein_pct', record_production.protein_pct,
            'somatic_cell_count', record_production.somatic_cell_count, 'notes', record_production.notes)))) p;
    IF v_in.error IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = v_in.error_code, MESSAGE = v_in.error, HINT = v_in.error_hint,
            DETAIL = format('product=%s, unit=%s, quantity=%s', record_production.product, record_production.unit,
                            record_production.quantity);
    END IF;
    BEGIN
        INSERT INTO public.production_records (tenant_id, animal_id, group_id, product, quantity, unit, recorded_on,
            session, fat_pct, protein_pct, somatic_cell_count, notes)
        VALUES (record_production.tenant_id, v_in.animal_id, v_in.group_id, v_in.product, v_in.quantity, v_in.unit,
            v_in.recorded_on, v_in.session, v_in.fat_pct, v_in.protein_pct, v_in.somatic_cell_count, v_in.notes)
        RETURNING * INTO v_row;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'this production is already recorded; correct it instead',
            HINT = 'duplicate_production_record';
    END;
    RETURN private.production_json(v_row);
END
$$;


--
-- Name: record_production_bulk(uuid, jsonb); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_production_bulk(tenant_id uuid, records jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_total integer;
    v_bad integer;
    v_errors jsonb;
    v_all_conflicts boolean;
    v_inserted integer;
    v_withheld integer;
BEGIN
    PERFORM private.require_permission(record_production_bulk.tenant_id, 'production.write');
    IF jsonb_typeof(record_production_bulk.records) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'records must be a JSON array of production records',
            HINT = 'invalid_records';
    END IF;
    v_total := jsonb_array_length(record_production_bulk.records);
    IF v_total = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'records is empty', HINT = 'invalid_records';
    END IF;
    IF v_total > 5000 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT413', MESSAGE = 'at most 5000 records per call',
            DETAIL = format('records=%s', v_total), HINT = 'bulk_too_large: split the batch';
    END IF;
    BEGIN
        WITH parsed AS MATERIALIZED (
            SELECT * FROM private.parse_production(record_production_bulk.tenant_id, record_production_bulk.records)),
        bad AS (SELECT * FROM parsed p WHERE p.error IS NOT NULL),
        ins AS (
            INSERT INTO public.production_records (tenant_id, animal_id, group_id, product, quantity, unit,
                recorded_on, session, fat_pct, protein_pct, somatic_cell_count, notes)
            SELECT record_production_bulk.tenant_id, p.animal_id, p.group_id, p.product, p.quantity, p.unit,
                p.recorded_on, p.session, p.fat_pct, p.protein_pct, p.somatic_cell_count, p.notes
            FROM parsed p
            WHERE NOT EXISTS (SELECT 1 FROM bad)
            ORDER BY p.idx
            RETURNING is_withheld)
        SELECT (SELECT count(*) FROM bad),
               (SELECT jsonb_agg(jsonb_build_object('index', b.idx, 'error', b.error) ORDER BY b.idx)
                FROM (SELECT * FROM bad ORDER BY bad.idx LIMIT 100) b),
               (SELECT bool_and(b.error_code = 'PT409') FROM bad b),
               (SELECT count(*) FROM ins),
               (SELECT count(*) FROM ins WHERE ins.is_withheld)
        INTO v_bad, v_errors, v_all_conflicts, v_inserted, v_withheld;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'a record of this batch was recorded meanwhile; nothing was written',
            HINT = 'duplicate_production_record';
    END;
    IF v_bad > 0 THEN
        RAISE EXCEPTION USING ERRCODE = CASE WHEN v_all_conflicts THEN 'PT409' ELSE '22023' END,
            MESSAGE = format('%s of %s records are invalid; nothing was written', v_bad, v_total),
            DETAIL = v_errors::text,
            HINT = 'bulk_invalid_records: fix the listed records (index from 0) and send the batch again';
    END IF;
    RETURN jsonb_build_object('inserted', v_inserted, 'withheld', v_withheld);
END
$$;


--
-- Name: record_service(uuid, uuid, date, text, uuid, text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_service(tenant_id uuid, dam_id uuid, served_on date, method text DEFAULT 'ai'::text, sire_id uuid DEFAULT NULL::uuid, semen_straw_id text DEFAULT NULL::text, technician text DEFAULT NULL::text, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
BEGIN
    PERFORM private.require_permission(record_service.tenant_id, 'breeding.write');
    INSERT INTO public.breeding_services (tenant_id, id, dam_id, method, sire_id, semen_straw_id, technician,
        served_on, notes)
    VALUES (record_service.tenant_id, v_id, record_service.dam_id, record_service.method, record_service.sire_id,
        record_service.semen_straw_id, record_service.technician, record_service.served_on, record_service.notes);
    RETURN (SELECT to_jsonb(s) FROM public.breeding_services s WHERE s.tenant_id = record_service.tenant_id AND s.id = v_id);
END
$$;


--
-- Name: record_subscription_payment(uuid, boolean, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_subscription_payment(invoice_id uuid, succeeded boolean DEFAULT true, reference text DEFAULT NULL::text, error text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_tenant uuid := (SELECT i.tenant_id FROM public.subscription_invoices i
                      WHERE i.id = record_subscription_payment.invoice_id);
BEGIN
    RETURN private.settle_subscription_payment(v_tenant, record_subscription_payment.invoice_id,
        coalesce(record_subscription_payment.succeeded, true), 'manual', record_subscription_payment.reference,
        record_subscription_payment.error, NULL, now());
END
$$;


--
-- Name: record_treatment(uuid, text, date, uuid, uuid, date, text, text, text, boolean, integer, integer, integer, integer, integer, integer, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_treatment(tenant_id uuid, medicine text, course_start date, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, course_end date DEFAULT NULL::date, dose text DEFAULT NULL::text, route text DEFAULT NULL::text, diagnosis text DEFAULT NULL::text, is_cascade boolean DEFAULT false, meat_withdrawal_days integer DEFAULT NULL::integer, milk_withdrawal_days integer DEFAULT NULL::integer, eggs_withdrawal_days integer DEFAULT NULL::integer, meat_withdrawal_hours integer DEFAULT NULL::integer, milk_withdrawal_hours integer DEFAULT NULL::integer, eggs_withdrawal_hours integer DEFAULT NULL::integer, vet_name text DEFAULT NULL::text, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.treatments;
BEGIN
    PERFORM private.require_permission(record_treatment.tenant_id, 'health.write');
    PERFORM private.require_subject(record_treatment.tenant_id, record_treatment.animal_id, record_treatment.group_id);
    IF record_treatment.course_end < record_treatment.course_start THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'course_end is before course_start',
            DETAIL = format('course_start=%s, course_end=%s', record_treatment.course_start, record_treatment.course_end),
            HINT = 'course_end_before_start';
    END IF;
    INSERT INTO public.treatments (tenant_id, animal_id, group_id, diagnosis, medicine, dose, route, course_start,
        course_end, is_cascade, meat_withdrawal_hours, milk_withdrawal_hours, eggs_withdrawal_hours, vet_name, notes)
    VALUES (record_treatment.tenant_id, record_treatment.animal_id, record_treatment.group_id,
        record_treatment.diagnosis, btrim(record_treatment.medicine), record_treatment.dose, record_treatment.route,
        record_treatment.course_start, coalesce(record_treatment.course_end, record_treatment.course_start),
        coalesce(record_treatment.is_cascade, false),
        private.label_hours('meat', record_treatment.meat_withdrawal_days, record_treatment.meat_withdrawal_hours),
        private.label_hours('milk', record_treatment.milk_withdrawal_days, record_treatment.milk_withdrawal_hours),
        private.label_hours('eggs', record_treatment.eggs_withdrawal_days, record_treatment.eggs_withdrawal_hours),
        record_treatment.vet_name, record_treatment.notes)
    RETURNING * INTO v_row;
    RETURN private.treatment_json(v_row);
END
$$;


--
-- Name: record_vaccination(uuid, text, uuid, uuid, date, text, text, date, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_vaccination(tenant_id uuid, vaccine text, animal_id uuid DEFAULT NULL::uuid, group_id uuid DEFAULT NULL::uuid, given_on date DEFAULT NULL::date, dose text DEFAULT NULL::text, batch_number text DEFAULT NULL::text, next_due_on date DEFAULT NULL::date, vet_name text DEFAULT NULL::text, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.vaccinations;
BEGIN
    PERFORM private.require_permission(record_vaccination.tenant_id, 'health.write');
    PERFORM private.require_subject(record_vaccination.tenant_id, record_vaccination.animal_id,
                                    record_vaccination.group_id);
    INSERT INTO public.vaccinations (tenant_id, animal_id, group_id, vaccine, dose, batch_number, given_on,
        next_due_on, vet_name, notes)
    VALUES (record_vaccination.tenant_id, record_vaccination.animal_id, record_vaccination.group_id,
        btrim(record_vaccination.vaccine), record_vaccination.dose, record_vaccination.batch_number,
        coalesce(record_vaccination.given_on, private.tenant_today(record_vaccination.tenant_id)),
        record_vaccination.next_due_on, record_vaccination.vet_name, record_vaccination.notes)
    RETURNING * INTO v_row;
    RETURN private.vaccination_json(v_row);
END
$$;


--
-- Name: record_weight(uuid, uuid, numeric, date, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_weight(tenant_id uuid, animal_id uuid, weight_kg numeric, weighed_on date DEFAULT NULL::date, method text DEFAULT 'scale'::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.animal_weights;
BEGIN
    PERFORM private.require_permission(record_weight.tenant_id, 'weights.write');
    BEGIN
        INSERT INTO public.animal_weights (tenant_id, animal_id, weighed_on, weight_kg, method)
        VALUES (record_weight.tenant_id, record_weight.animal_id,
                coalesce(record_weight.weighed_on, private.tenant_today(record_weight.tenant_id)),
                record_weight.weight_kg, record_weight.method)
        RETURNING * INTO v_row;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'this animal was already weighed that day',
            HINT = 'weight_exists';
    END;
    RETURN to_jsonb(v_row);
END
$$;


--
-- Name: reject_expense(uuid, uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.reject_expense(tenant_id uuid, expense_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(reject_expense.tenant_id, 'finance.approve');
    RETURN private.move_expense(reject_expense.tenant_id, reject_expense.expense_id, 'rejected', reject_expense.reason);
END
$$;


--
-- Name: remove_member(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.remove_member(tenant_id uuid, user_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF remove_member.user_id IS DISTINCT FROM auth.uid() THEN
        PERFORM private.require_permission(remove_member.tenant_id, 'members.manage');
    END IF;
    DELETE FROM public.tenant_members m
    WHERE m.tenant_id = remove_member.tenant_id AND m.user_id = remove_member.user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'member not found', HINT = 'member_not_found';
    END IF;
    RETURN jsonb_build_object('tenant_id', remove_member.tenant_id, 'user_id', remove_member.user_id, 'removed', true);
END
$$;


--
-- Name: repeat_heat_watch(uuid, date); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.repeat_heat_watch(tenant_id uuid, as_of date DEFAULT NULL::date) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_day date := coalesce(repeat_heat_watch.as_of, private.tenant_today(repeat_heat_watch.tenant_id));
BEGIN
    PERFORM private.require_permission(repeat_heat_watch.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('animal_id', a.id, 'tag_number', a.tag_number,
                'name', a.name, 'species', a.species, 'farm_id', a.farm_id, 'served_on', s.served_on,
                'days_since_service', v_day - s.served_on, 'cycle_days', sp.cycle_days,
                'next_heat_expected_on', s.served_on + sp.cycle_days * ceil((v_day - s.served_on)::numeric / sp.cycle_days)::int)
            ORDER BY s.served_on, a.tag_number), '[]'::jsonb)
            FROM public.animals a
            JOIN public.species sp ON sp.code = a.species
            JOIN LATERAL (SELECT * FROM public.breeding_services s
                          WHERE s.tenant_id = a.tenant_id AND s.dam_id = a.id AND s.served_on <= v_day
                          ORDER BY s.served_on DESC LIMIT 1) s ON true
            WHERE a.tenant_id = repeat_heat_watch.tenant_id AND a.status = 'active' AND a.deleted_at IS NULL
              AND a.sex = 'female'
              AND s.status IN ('served', 'failed')
              AND v_day - s.served_on >= sp.cycle_days
              AND NOT EXISTS (SELECT 1 FROM public.pregnancy_checks c WHERE c.tenant_id = s.tenant_id
                              AND c.service_id = s.id AND c.result = 'positive'));
END
$$;


--
-- Name: resume_subscription(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.resume_subscription(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    t uuid := resume_subscription.tenant_id;
    v_sub public.subscriptions := private.lock_subscription(t);
BEGIN
    IF NOT v_sub.cancel_at_period_end THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the subscription is not set to cancel',
            HINT = 'subscription_not_cancelling';
    END IF;
    UPDATE public.subscriptions s SET cancel_at_period_end = false WHERE s.tenant_id = t AND s.id = v_sub.id;
    RETURN api.get_subscription(t);
END
$$;


--
-- Name: revoke_farm_access(uuid, uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(revoke_farm_access.tenant_id, 'members.manage');
    DELETE FROM public.farm_access a
    WHERE a.tenant_id = revoke_farm_access.tenant_id AND a.user_id = revoke_farm_access.user_id
      AND a.farm_id = revoke_farm_access.farm_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'no such farm access', HINT = 'farm_access_not_found';
    END IF;
    RETURN jsonb_build_object('tenant_id', revoke_farm_access.tenant_id, 'user_id', revoke_farm_access.user_id,
        'farm_id', revoke_farm_access.farm_id, 'granted', false);
END
$$;


--
-- Name: saleable_stock(uuid, uuid, text, text, date); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.saleable_stock(tenant_id uuid, farm_id uuid, product text, unit text, as_of date DEFAULT NULL::date) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: set_approval_limit(uuid, text, numeric, boolean); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.set_approval_limit(tenant_id uuid, role text, max_amount numeric DEFAULT NULL::numeric, allowed boolean DEFAULT true) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: submit_expense(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.submit_expense(tenant_id uuid, expense_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(submit_expense.tenant_id, 'finance.submit');
    RETURN private.move_expense(submit_expense.tenant_id, submit_expense.expense_id, 'submitted');
END
$$;


--
-- Name: update_animal(uuid, uuid, text, text, uuid, text, date, uuid, uuid, uuid, numeric, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_animal(tenant_id uuid, animal_id uuid, tag_number text DEFAULT NULL::text, name text DEFAULT NULL::text, breed_id uuid DEFAULT NULL::uuid, sex text DEFAULT NULL::text, birth_date date DEFAULT NULL::date, sire_id uuid DEFAULT NULL::uuid, dam_id uuid DEFAULT NULL::uuid, location_id uuid DEFAULT NULL::uuid, estimated_value numeric DEFAULT NULL::numeric, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.animals;
BEGIN
    PERFORM private.require_permission(update_animal.tenant_id, 'livestock.write');
    BEGIN
        UPDATE public.animals a SET tag_number = coalesce(btrim(update_animal.tag_number), a.tag_number),
            name = coalesce(update_animal.name, a.name),
            breed_id = CASE WHEN update_animal.breed_id IS NULL THEN a.breed_id
                            WHEN private.is_shared_breed(update_animal.breed_id) THEN update_animal.breed_id END,
            tenant_breed_id = CASE WHEN update_animal.breed_id IS NULL THEN a.tenant_breed_id
                                   WHEN NOT private.is_shared_breed(update_animal.breed_id) THEN update_animal.breed_id END,
            sex = coalesce(update_animal.sex, a.sex), birth_date = coalesce(update_animal.birth_date, a.birth_date),
            sire_id = coalesce(update_animal.sire_id, a.sire_id), dam_id = coalesce(update_animal.dam_id, a.dam_id),
            location_id = coalesce(update_animal.location_id, a.location_id),
            estimated_value = coalesce(update_animal.estimated_value, a.estimated_value),
            notes = coalesce(update_animal.notes, a.notes)
        WHERE a.tenant_id = update_animal.tenant_id AND a.id = update_animal.animal_id AND a.deleted_at IS NULL
        RETURNING * INTO v_row;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the tag number is already in use', HINT = 'tag_taken';
    END;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'animal not found', HINT = 'animal_not_found';
    END IF;
    RETURN private.animal_json(v_row);
END
$$;


--
-- Name: update_expense(uuid, uuid, numeric, text, uuid, uuid, date, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_expense(tenant_id uuid, expense_id uuid, amount numeric DEFAULT NULL::numeric, description text DEFAULT NULL::text, category_id uuid DEFAULT NULL::uuid, vendor_id uuid DEFAULT NULL::uuid, spent_on date DEFAULT NULL::date, farm_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: update_farm(uuid, uuid, text, text, numeric, numeric, numeric, text, boolean); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_farm(tenant_id uuid, farm_id uuid, name text DEFAULT NULL::text, farm_type text DEFAULT NULL::text, latitude numeric DEFAULT NULL::numeric, longitude numeric DEFAULT NULL::numeric, area_hectares numeric DEFAULT NULL::numeric, timezone text DEFAULT NULL::text, is_organic boolean DEFAULT NULL::boolean) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_farm public.farms;
BEGIN
    PERFORM private.require_permission(update_farm.tenant_id, 'farms.manage');
    IF update_farm.timezone IS NOT NULL AND NOT private.is_time_zone(update_farm.timezone) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown time zone %L', update_farm.timezone);
    END IF;
    UPDATE public.farms f SET name = coalesce(btrim(update_farm.name), f.name),
        farm_type = coalesce(update_farm.farm_type, f.farm_type), latitude = coalesce(update_farm.latitude, f.latitude),
        longitude = coalesce(update_farm.longitude, f.longitude),
        area_hectares = coalesce(update_farm.area_hectares, f.area_hectares),
        timezone = coalesce(update_farm.timezone, f.timezone), is_organic = coalesce(update_farm.is_organic, f.is_organic)
    WHERE f.tenant_id = update_farm.tenant_id AND f.id = update_farm.farm_id AND f.deleted_at IS NULL
    RETURNING * INTO v_farm;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'farm not found', HINT = 'farm_not_found';
    END IF;
    RETURN private.farm_json(v_farm);
END
$$;


--
-- Name: update_location(uuid, uuid, text, text, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_location(tenant_id uuid, location_id uuid, name text DEFAULT NULL::text, kind text DEFAULT NULL::text, capacity integer DEFAULT NULL::integer) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_row public.locations;
BEGIN
    PERFORM private.require_permission(update_location.tenant_id, 'farms.manage');
    UPDATE public.locations l SET name = coalesce(btrim(update_location.name), l.name),
        kind = coalesce(update_location.kind, l.kind), capacity = coalesce(update_location.capacity, l.capacity)
    WHERE l.tenant_id = update_location.tenant_id AND l.id = update_location.location_id AND l.deleted_at IS NULL
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'location not found', HINT = 'location_not_found';
    END IF;
    RETURN to_jsonb(v_row) - 'deleted_at';
END
$$;


--
-- Name: update_my_profile(text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_my_profile(full_name text DEFAULT NULL::text, phone text DEFAULT NULL::text, avatar_url text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_uid uuid := private.require_user();
BEGIN
    PERFORM private.ensure_profile(v_uid);
    UPDATE public.profiles p SET
        full_name = coalesce(update_my_profile.full_name, p.full_name),
        phone = coalesce(update_my_profile.phone, p.phone),
        avatar_url = coalesce(update_my_profile.avatar_url, p.avatar_url)
    WHERE p.id = v_uid;
    RETURN api.get_my_profile();
END
$$;


--
-- Name: update_tenant(uuid, text, text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_tenant(tenant_id uuid, name text DEFAULT NULL::text, country text DEFAULT NULL::text, currency text DEFAULT NULL::text, timezone text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_tenant public.tenants;
BEGIN
    PERFORM private.require_permission(update_tenant.tenant_id, 'tenant.update');
    UPDATE public.tenants t SET
        name = coalesce(btrim(update_tenant.name), t.name),
        country = coalesce(upper(update_tenant.country), t.country),
        currency = coalesce(upper(update_tenant.currency), t.currency),
        timezone = coalesce(update_tenant.timezone, t.timezone)
    WHERE t.id = update_tenant.tenant_id
    RETURNING * INTO v_tenant;
    RETURN private.tenant_json(v_tenant, private.member_role(update_tenant.tenant_id));
END
$$;


--
-- Name: void_invoice(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.void_invoice(tenant_id uuid, invoice_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(void_invoice.tenant_id, 'finance.write');
    RETURN private.move_invoice(void_invoice.tenant_id, void_invoice.invoice_id, 'void');
END
$$;


--
-- Name: whoami(); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.whoami() RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('role', current_user, 'user_id', auth.uid(), 'claims', auth.jwt(),
        'method', nullif(current_setting('request.method', true), ''),
        'path', nullif(current_setting('request.path', true), ''))
$$;


--
-- Name: withdraw_expense(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.withdraw_expense(tenant_id uuid, expense_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(withdraw_expense.tenant_id, 'finance.submit');
    RETURN private.move_expense(withdraw_expense.tenant_id, withdraw_expense.expense_id, 'draft');
END
$$;


--
-- Name: actor(); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.actor(OUT actor_id uuid, OUT actor_role text, OUT session_id text, OUT request_id text, OUT client_addr text) RETURNS record
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    SELECT auth.uid(), coalesce(c ->> 'role', session_user::text), c ->> 'session_id', h ->> 'x-request-id',
           nullif(btrim(split_part(h ->> 'x-forwarded-for', ',', 1)), '')
    FROM (SELECT nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb AS c,
                 nullif(pg_catalog.current_setting('request.headers', true), '')::jsonb AS h) s
$$;


--
-- Name: archive_partitions(timestamp with time zone, integer); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.archive_partitions(p_as_of timestamp with time zone, p_retention_days integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
DECLARE
    v_part record;
    v_moved integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(42420011);
    FOR v_part IN
        SELECT c.relname
        FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit.log'::regclass AND c.relname ~ '^log_[0-9]{4}_[0-9]{2}$'
          AND (to_date(substr(c.relname, 5), 'YYYY_MM') + interval '1 month')::timestamp AT TIME ZONE 'UTC'
              <= p_as_of - make_interval(days => p_retention_days)
        ORDER BY c.relname
    LOOP
        EXECUTE format('ALTER TABLE audit.log DETACH PARTITION audit.%I', v_part.relname);
        EXECUTE format('ALTER TABLE audit.%I SET SCHEMA audit_archive', v_part.relname);
        -- Detaching drops the triggers cloned from the log: the archive stays append-only by its own.
        EXECUTE format('CREATE TRIGGER refuse_change_archived BEFORE UPDATE OR DELETE ON audit_archive.%I '
                       'FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()', v_part.relname);
        v_moved := v_moved + 1;
    END LOOP;
    RETURN v_moved;
END
$_$;


--
-- Name: capture_rows(); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.capture_rows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_tenant text := nullif(TG_ARGV[0], '');
    v_security boolean := TG_ARGV[1] LIKE '%security%';
    v_secrets boolean := TG_ARGV[1] LIKE '%secrets%';
    v_keys text[] := TG_ARGV[2:];
    v_published bigint;
BEGIN
    WITH written AS (
        INSERT INTO audit.log (tenant_id, actor_id, actor_role, session_id, request_id, client_addr, table_name,
            row_key, action, old_values, new_values)
        SELECT (x.r ->> v_tenant)::uuid, a.actor_id, a.actor_role, a.session_id, a.request_id, a.client_addr,
               TG_TABLE_NAME,
               CASE WHEN v_keys = ARRAY['id'] THEN jsonb_build_object('id', x.r -> 'id')
                    ELSE (SELECT jsonb_object_agg(k, x.r -> k) FROM unnest(v_keys) k) END,
               lower(TG_OP), CASE WHEN TG_OP = 'DELETE' THEN x.v END, CASE WHEN TG_OP = 'INSERT' THEN x.v END
        FROM (SELECT r, jsonb_strip_nulls(r - 'tenant_id') AS v
              FROM (SELECT CASE WHEN v_secrets THEN to_jsonb(t) - 'token_hash' ELSE to_jsonb(t) END AS r
                    FROM audit_rows t) rows) x
        CROSS JOIN audit.actor() a
        RETURNING *)
    SELECT count(*) FILTER (WHERE audit.publish_security(w, NULL)) INTO v_published
    FROM written w WHERE v_security;
    RETURN NULL;
END
$$;


--
-- Name: capture_update(); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.capture_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_old jsonb := to_jsonb(OLD) - 'token_hash';
    v_new jsonb := to_jsonb(NEW) - 'token_hash';
    v_changed text[];
    v_entry audit.log;
BEGIN
    SELECT array_agg(k) INTO v_changed FROM jsonb_object_keys(v_new) k
    WHERE k <> 'updated_at' AND v_new -> k IS DISTINCT FROM v_old -> k;
    IF v_changed IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO audit.log (tenant_id, actor_id, actor_role, session_id, request_id, client_addr, table_name,
        row_key, action, old_values, new_values)
    SELECT (v_new ->> nullif(TG_ARGV[0], ''))::uuid, a.actor_id, a.actor_role, a.session_id, a.request_id,
           a.client_addr, TG_TABLE_NAME, (SELECT jsonb_object_agg(k, v_new -> k) FROM unnest(TG_ARGV[2:]) k),
           'update', (SELECT jsonb_object_agg(k, v_old -> k) FROM unnest(v_changed) k),
           (SELECT jsonb_object_agg(k, v_new -> k) FROM unnest(v_changed) k)
    FROM audit.actor() a
    RETURNING * INTO v_entry;
    IF TG_ARGV[1] LIKE '%security%' THEN
        PERFORM audit.publish_security(v_entry, to_jsonb(v_changed));
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: ensure_partitions(timestamp with time zone, integer); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.ensure_partitions(p_as_of timestamp with time zone, p_ahead integer DEFAULT 3) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_month date;
    v_name text;
    v_created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(42420011);
    FOR v_month IN SELECT (date_trunc('month', p_as_of AT TIME ZONE 'UTC') + make_interval(months => k))::date
                   FROM generate_series(0, p_ahead) k LOOP
        v_name := audit.partition_name(v_month);
        CONTINUE WHEN to_regclass('audit.' || v_name) IS NOT NULL;
        EXECUTE format('CREATE TABLE audit.%I (LIKE audit.log INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_name);
        PERFORM set_config('ifarm.audit_maintenance', 'on', true);
        EXECUTE format('WITH moved AS (DELETE FROM audit.log_default WHERE occurred_at >= %L AND occurred_at < %L '
                       'RETURNING *) INSERT INTO audit.%I SELECT * FROM moved',
                       v_month::timestamp AT TIME ZONE 'UTC', (v_month + interval '1 month') AT TIME ZONE 'UTC',
                       v_name);
        PERFORM set_config('ifarm.audit_maintenance', 'off', true);
        EXECUTE format('ALTER TABLE audit.log ATTACH PARTITION audit.%I FOR VALUES FROM (%L) TO (%L)', v_name,
                       v_month::timestamp AT TIME ZONE 'UTC', (v_month + interval '1 month') AT TIME ZONE 'UTC');
        EXECUTE format('CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON audit.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()', v_name);
        v_created := v_created + 1;
    END LOOP;
    RETURN v_created;
END
$$;


--
-- Name: partition_name(date); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.partition_name(p_month date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT 'log_' || to_char(p_month, 'YYYY_MM')
$$;


--
-- Name: uuid7(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.uuid7() RETURNS uuid
    LANGUAGE sql PARALLEL SAFE
    AS $$SELECT pg_catalog.uuidv7()$$;


SET default_tablespace = '';

--
-- Name: log; Type: TABLE; Schema: audit; Owner: -
--

CREATE TABLE audit.log (
    id uuid DEFAULT private.uuid7() NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    tenant_id uuid,
    actor_id uuid,
    actor_role text NOT NULL,
    session_id text,
    request_id text,
    client_addr text,
    table_name text NOT NULL,
    row_key jsonb,
    action text NOT NULL,
    old_values jsonb,
    new_values jsonb,
    CONSTRAINT log_action_check CHECK ((action ~ '^[a-z_]+$'::text))
)
PARTITION BY RANGE (occurred_at);

ALTER TABLE ONLY audit.log FORCE ROW LEVEL SECURITY;


--
-- Name: publish_security(audit.log, jsonb); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.publish_security(p_entry audit.log, p_changed jsonb) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_name text;
BEGIN
    SELECT replace(e.name, '<status>', coalesce(p_entry.new_values ->> 'status', '')) INTO v_name
    FROM outbox.security_events() e
    WHERE e.table_name IS NOT DISTINCT FROM CASE WHEN p_entry.table_name = 'auth' THEN NULL
                                                 ELSE p_entry.table_name END
      AND e.action = p_entry.action
      AND (e.changed IS NULL OR p_changed ? e.changed)
      AND (e.statuses IS NULL OR p_entry.new_values ->> 'status' = ANY (e.statuses))
    LIMIT 1;
    IF v_name IS NOT NULL THEN
        PERFORM outbox.publish('audit.events', 'security_' || v_name, p_entry.tenant_id, 'audit_entry',
            p_entry.id::text, to_jsonb(p_entry));
    END IF;
    RETURN v_name IS NOT NULL;
END
$$;


--
-- Name: record(text, uuid, text, jsonb, text); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.record(p_action text, p_actor_id uuid, p_client_addr text, p_details jsonb DEFAULT NULL::jsonb, p_session_id text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_entry audit.log;
BEGIN
    INSERT INTO audit.log (tenant_id, actor_id, actor_role, session_id, request_id, client_addr, table_name,
        row_key, action, new_values)
    SELECT NULL, p_actor_id, CASE WHEN p_actor_id IS NULL THEN 'anon' ELSE 'authenticated' END,
           coalesce(p_session_id, a.session_id), a.request_id, coalesce(p_client_addr, a.client_addr), 'auth',
           CASE WHEN p_actor_id IS NOT NULL THEN jsonb_build_object('user_id', p_actor_id) END, p_action, p_details
    FROM audit.actor() a
    RETURNING * INTO v_entry;
    PERFORM audit.publish_security(v_entry, NULL);
END
$$;


--
-- Name: refuse_change(); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF pg_catalog.current_setting('ifarm.audit_maintenance', true) = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('the audit log is append-only (%s refused)', TG_OP),
        HINT = 'audit_log_append_only';
END
$$;


--
-- Name: restore_partition(date); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.restore_partition(p_month date) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_name text := audit.partition_name(date_trunc('month', p_month)::date);
    v_month date := date_trunc('month', p_month)::date;
    v_rows bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(42420011);
    IF to_regclass('audit_archive.' || v_name) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = format('no archived audit partition %s', v_name),
            HINT = 'audit_partition_not_found';
    END IF;
    EXECUTE format('DROP TRIGGER IF EXISTS refuse_change_archived ON audit_archive.%I', v_name);
    EXECUTE format('ALTER TABLE audit_archive.%I SET SCHEMA audit', v_name);
    EXECUTE format('ALTER TABLE audit.log ATTACH PARTITION audit.%I FOR VALUES FROM (%L) TO (%L)', v_name,
                   v_month::timestamp AT TIME ZONE 'UTC', (v_month + interval '1 month') AT TIME ZONE 'UTC');
    EXECUTE format('SELECT count(*) FROM audit.%I', v_name) INTO v_rows;
    RETURN v_rows;
END
$$;


--
-- Name: unaudited_tables(); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.unaudited_tables() RETURNS TABLE(table_name text, why text)
    LANGUAGE sql IMMUTABLE
    AS $$
    VALUES ('animal_counts', 'a dashboard summary kept by triggers'),
           ('production_daily_totals', 'a dashboard summary kept by triggers'),
           ('open_lactation_counts', 'a dashboard summary kept by triggers'),
           ('invoice_counters', 'the numbering counter; the invoice''s own entry has its number'),
           ('usage_metrics', 'measurements the usage job writes every 30 minutes'),
           ('notifications', 'a delivery queue written by jobs'),
           ('production_record_revisions', 'itself the history of production corrections')
$$;


--
-- Name: email(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.email() RETURNS text
    LANGUAGE sql STABLE
    AS $$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim.email', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
        )::text
    $$;


--
-- Name: jwt(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.jwt() RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim', true), ''),
            nullif(current_setting('request.jwt.claims', true), '')
        )::jsonb
    $$;


--
-- Name: role(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.role() RETURNS text
    LANGUAGE sql STABLE
    AS $$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim.role', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
        )::text
    $$;


--
-- Name: uid(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim.sub', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
        )::uuid
    $$;


--
-- Name: backlog(); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.backlog() RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT jsonb_build_object('pending', count(*),
        'oldest_age_seconds', coalesce(extract(epoch FROM now() - min(e.created_at)), 0))
    FROM outbox.events e WHERE e.published_at IS NULL
$$;


--
-- Name: begin_handling(text, uuid, text, uuid); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.begin_handling(p_consumer text, p_event_id uuid, p_type text, p_tenant_id uuid) RETURNS boolean
    LANGUAGE sql
    AS $$
    WITH claimed AS (
        INSERT INTO outbox.inbox (consumer, event_id, event_type, tenant_id)
        VALUES (p_consumer, p_event_id, p_type, p_tenant_id)
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM claimed)
$$;


--
-- Name: begin_handling_batch(text, jsonb); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.begin_handling_batch(p_consumer text, p_events jsonb) RETURNS SETOF text
    LANGUAGE sql
    AS $$
    INSERT INTO outbox.inbox (consumer, event_id, event_type, tenant_id)
    SELECT p_consumer, x.event_id, x.type, x.tenant_id
    FROM jsonb_to_recordset(p_events) AS x (event_id uuid, type text, tenant_id uuid)
    ON CONFLICT DO NOTHING
    RETURNING event_id::text
$$;


--
-- Name: capture(); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.capture() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'token_hash' - 'encrypted_password' END;
    v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'token_hash' - 'encrypted_password' END;
    v_row jsonb := coalesce(v_new, v_old);
    v_name text := TG_ARGV[1];
    v_deleted text := coalesce(nullif(TG_ARGV[6], ''), v_name || '_deleted');
    v_previous jsonb;
    v_type text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        v_type := coalesce(nullif(TG_ARGV[5], ''), v_name || '_created');
    ELSIF TG_OP = 'DELETE' THEN
        v_type := v_deleted;
    ELSE
        SELECT jsonb_object_agg(k, v_old -> k) INTO v_previous
        FROM jsonb_object_keys(v_new) k
        WHERE k <> 'updated_at' AND v_new -> k IS DISTINCT FROM v_old -> k;
        IF v_previous IS NULL THEN
            RETURN NULL;
        END IF;
        v_type := CASE
            WHEN v_previous ? 'deleted_at' AND v_old ->> 'deleted_at' IS NULL THEN v_deleted
            WHEN v_previous ? 'status' AND TG_ARGV[4] = 'named' THEN v_name || '_' || (v_new ->> 'status')
            WHEN v_previous ? 'status' AND TG_ARGV[4] = 'changed' THEN v_name || '_status_changed'
            ELSE v_name || '_updated' END;
    END IF;
    PERFORM outbox.publish(TG_ARGV[0], v_type,
        coalesce(v_row ->> 'tenant_id', CASE WHEN TG_TABLE_NAME = 'tenants' THEN v_row ->> 'id' END)::uuid,
        TG_ARGV[2], v_row ->> TG_ARGV[3],
        jsonb_build_object('row', v_row)
            || CASE WHEN v_previous IS NOT NULL THEN jsonb_build_object('previous', v_previous) ELSE '{}' END);
    RETURN NULL;
END
$$;


--
-- Name: capture_rows(); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.capture_rows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v record;
BEGIN
    FOR v IN SELECT n.tenant_id, count(*) AS n, jsonb_agg(n.id ORDER BY n.id) AS ids,
                    jsonb_agg(DISTINCT n.farm_id) AS farm_ids, min(n.recorded_on) AS first_on,
                    max(n.recorded_on) AS last_on
             FROM new_rows n GROUP BY n.tenant_id LOOP
        PERFORM outbox.publish(TG_ARGV[0], TG_ARGV[1], v.tenant_id, TG_ARGV[2], NULL,
            jsonb_build_object('count', v.n, 'ids', v.ids, 'farm_ids', v.farm_ids,
                               'first_recorded_on', v.first_on, 'last_recorded_on', v.last_on));
    END LOOP;
    RETURN NULL;
END
$$;


SET default_table_access_method = heap;

--
-- Name: events; Type: TABLE; Schema: outbox; Owner: -
--

CREATE TABLE outbox.events (
    id bigint NOT NULL,
    topic text NOT NULL,
    key text,
    payload jsonb NOT NULL,
    headers jsonb DEFAULT '{}'::jsonb NOT NULL,
    tenant_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    published_at timestamp with time zone,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    event_id uuid DEFAULT private.uuid7() NOT NULL,
    CONSTRAINT events_topic_check CHECK ((topic ~ '^[a-z_]+\.events$'::text))
);


--
-- Name: claim_batch(integer); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.claim_batch(p_limit integer) RETURNS SETOF outbox.events
    LANGUAGE sql
    AS $$
    SELECT * FROM outbox.events e
    WHERE e.published_at IS NULL
    ORDER BY e.id
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
$$;


--
-- Name: consumer_state(); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.consumer_state() RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT jsonb_build_object(
        'lag', (SELECT coalesce(jsonb_agg(jsonb_build_object('group', l.group_id, 'topic', l.topic,
                    'partition', l.kafka_partition, 'lag', greatest(l.end_offset - l.committed, 0),
                    'age_seconds', round(extract(epoch FROM now() - l.measured_at)::numeric, 1))
                    ORDER BY l.group_id, l.topic, l.kafka_partition), '[]'::jsonb)
                FROM outbox.consumer_lag l),
        'dead_letters', (SELECT count(*) FROM outbox.dead_letters d WHERE d.replayed_at IS NULL))
$$;


--
-- Name: event_types(); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.event_types() RETURNS TABLE(type text, source text, topic text, aggregate text, happens_when text)
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT x.type, x.source, x.topic, x.aggregate, x.happens_when
    FROM (
        SELECT coalesce(s.created_type, s.name || '_created') AS type, s.table_name AS source, s.topic, s.aggregate,
               CASE WHEN s.per_statement
                    THEN 'a statement inserts rows (one event per tenant: {count, ids, farm_ids, '
                         || 'first_recorded_on, last_recorded_on})'
                    ELSE 'a row is inserted' END AS happens_when
        FROM outbox.sources() s
        UNION ALL
        SELECT s.name || '_updated', s.table_name, s.topic, s.aggregate, 'a row changes' FROM outbox.sources() s
        UNION ALL
        SELECT coalesce(s.deleted_type, s.name || '_deleted'), s.table_name, s.topic, s.aggregate,
               'a row is deleted (or soft-deleted)'
        FROM outbox.sources() s
        UNION ALL
        SELECT s.name || '_' || st, s.table_name, s.topic, s.aggregate, 'status becomes ' || st
        FROM outbox.sources() s CROSS JOIN LATERAL unnest(s.statuses) st WHERE s.status_mode = 'named'
        UNION ALL
        SELECT s.name || '_status_changed', s.table_name, s.topic, s.aggregate, 'status changes'
        FROM outbox.sources() s WHERE s.status_mode = 'changed'
        UNION ALL
        SELECT 'security_' || replace(e.name, '<status>', coalesce(st, '')), coalesce(e.table_name, 'auth'),
               'audit.events', 'audit_entry',
               CASE e.action WHEN 'sign_in' THEN 'a user signs in' WHEN 'sign_in_failed' THEN 'a sign-in is refused'
                             WHEN 'sign_out' THEN 'a user signs out'
                    ELSE 'an audited ' || e.action || ' of a row' || coalesce(' changing ' || e.changed, '')
                         || coalesce(' to ' || st, '') END
        FROM outbox.security_events() e LEFT JOIN LATERAL unnest(e.statuses) st ON true) x
$$;


--
-- Name: mark_failed(bigint[], text); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.mark_failed(p_ids bigint[], p_error text) RETURNS bigint
    LANGUAGE sql
    AS $$
    WITH failed AS (
        UPDATE outbox.events e SET attempts = e.attempts + 1, last_error = left(p_error, 2000)
        WHERE e.id = ANY (p_ids) AND e.published_at IS NULL
        RETURNING 1)
    SELECT count(*) FROM failed
$$;


--
-- Name: mark_published(bigint[]); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.mark_published(p_ids bigint[]) RETURNS bigint
    LANGUAGE sql
    AS $$
    WITH done AS (
        UPDATE outbox.events e SET published_at = now(), attempts = e.attempts + 1, last_error = NULL
        WHERE e.id = ANY (p_ids) AND e.published_at IS NULL
        RETURNING 1)
    SELECT count(*) FROM done
$$;


--
-- Name: publish(text, text, uuid, text, text, jsonb); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.publish(p_topic text, p_type text, p_tenant_id uuid, p_aggregate text, p_aggregate_id text, p_payload jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_event_id uuid := private.uuid7();
    v_source text := nullif(pg_catalog.current_setting('ifarm.source', true), '');
BEGIN
    INSERT INTO outbox.events (event_id, topic, key, tenant_id, payload, headers)
    VALUES (v_event_id, p_topic, coalesce(p_tenant_id::text, p_aggregate_id), p_tenant_id,
        jsonb_build_object('event_id', v_event_id, 'type', p_type, 'tenant_id', p_tenant_id,
            'aggregate', p_aggregate, 'aggregate_id', p_aggregate_id, 'occurred_at', now(), 'actor_id', auth.uid(),
            'schema_version', 1, 'payload', p_payload),
        jsonb_strip_nulls(jsonb_build_object('event_type', p_type, 'schema_version', '1', 'tenant_id', p_tenant_id,
            'source', v_source)));
    PERFORM pg_notify('ifarm_outbox', '');
    RETURN v_event_id;
END
$$;


--
-- Name: record_dead_letter(text, uuid, text, integer, bigint, jsonb, text, integer); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.record_dead_letter(p_consumer text, p_event_id uuid, p_topic text, p_partition integer, p_offset bigint, p_event jsonb, p_error text, p_attempts integer) RETURNS void
    LANGUAGE sql
    AS $$
    INSERT INTO outbox.dead_letters AS d (consumer, event_id, topic, kafka_partition, kafka_offset, event, error,
        attempts)
    VALUES (p_consumer, p_event_id, p_topic, p_partition, p_offset, p_event, left(p_error, 4000), p_attempts)
    ON CONFLICT (consumer, event_id) DO UPDATE
    SET error = excluded.error, attempts = d.attempts + excluded.attempts, failed_at = now(), replayed_at = NULL
$$;


--
-- Name: record_lag(text, jsonb); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.record_lag(p_group text, p_partitions jsonb) RETURNS void
    LANGUAGE sql
    AS $$
    INSERT INTO outbox.consumer_lag AS l (group_id, topic, kafka_partition, committed, end_offset, measured_at)
    SELECT p_group, x.topic, x.partition, x.committed, x.end_offset, now()
    FROM jsonb_to_recordset(p_partitions) AS x (topic text, partition integer, committed bigint, end_offset bigint)
    ON CONFLICT (group_id, topic, kafka_partition) DO UPDATE
    SET committed = excluded.committed, end_offset = excluded.end_offset, measured_at = excluded.measured_at
$$;


--
-- Name: security_events(); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.security_events() RETURNS TABLE(table_name text, action text, changed text, statuses text[], name text)
    LANGUAGE sql IMMUTABLE
    AS $$
    VALUES ('tenant_members', 'insert', NULL, NULL, 'member_added'),
           ('tenant_members', 'delete', NULL, NULL, 'member_removed'),
           ('tenant_members', 'update', 'role', NULL, 'member_role_changed'),
           ('invitations', 'insert', NULL, NULL, 'member_invited'),
           ('farm_access', 'insert', NULL, NULL, 'farm_access_granted'),
           ('farm_access', 'delete', NULL, NULL, 'farm_access_revoked'),
           ('expenses', 'update', 'status', '{approved,rejected}'::text[], 'expense_<status>'),
           ('payments', 'insert', NULL, NULL, 'invoice_payment_recorded'),
           ('payment_attempts', 'update', 'status', '{succeeded,failed}'::text[], 'payment_<status>'),
           ('subscriptions', 'update', 'plan_code', NULL, 'plan_changed'),
           ('subscriptions', 'update', 'pending_plan_code', NULL, 'plan_change_scheduled'),
           ('subscriptions', 'update', 'status', '{active,past_due,suspended,cancelled,expired}'::text[],
            'subscription_<status>'),
           ('tenants', 'delete', NULL, NULL, 'tenant_deleted'),
           (NULL, 'sign_in', NULL, NULL, 'sign_in'),
           (NULL, 'sign_in_failed', NULL, NULL, 'sign_in_failed'),
           (NULL, 'sign_out', NULL, NULL, 'sign_out')
$$;


--
-- Name: silent_tables(); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.silent_tables() RETURNS TABLE(table_name text, why text)
    LANGUAGE sql IMMUTABLE
    AS $$
    VALUES ('notifications', 'a delivery queue, not a domain change'),
           ('usage_metrics', 'measurements the usage job writes every 30 minutes'),
           ('animal_counts', 'a dashboard summary kept by triggers'),
           ('production_daily_totals', 'a dashboard summary kept by triggers'),
           ('open_lactation_counts', 'a dashboard summary kept by triggers'),
           ('invoice_counters', 'the invoice numbering counter; invoice_issued carries the number'),
           ('invoice_lines', 'written with their invoice, before it is issued'),
           ('expense_allocations', 'written with their expense'),
           ('production_record_revisions', 'production_record_updated carries the change')
$$;


--
-- Name: sources(); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.sources() RETURNS TABLE(table_name text, topic text, name text, aggregate text, aggregate_key text, status_mode text, statuses text[], created_type text, deleted_type text, per_statement boolean)
    LANGUAGE sql IMMUTABLE
    AS $$
    VALUES
    ('tenants', 'tenant.events', 'tenant', 'tenant', 'id', 'named', '{active,suspended,cancelled}'::text[],
        NULL, NULL, false),
    ('farms', 'tenant.events', 'farm', 'farm', 'id', 'none', NULL, NULL, NULL, false),
    ('locations', 'tenant.events', 'location', 'location', 'id', 'none', NULL, NULL, NULL, false),
    ('tenant_breeds', 'tenant.events', 'breed', 'breed', 'id', 'none', NULL, NULL, NULL, false),
    ('tenant_members', 'user.events', 'member', 'member', 'user_id', 'none', NULL, 'member_added',
        'member_removed', false),
    ('farm_access', 'user.events', 'farm_access', 'member', 'user_id', 'none', NULL, 'farm_access_granted',
        'farm_access_revoked', false),
    ('invitations', 'user.events', 'invitation', 'invitation', 'id', 'none', NULL, 'invitation_sent', NULL, false),
    ('profiles', 'user.events', 'profile', 'user', 'id', 'none', NULL, NULL, NULL, false),
    ('animals', 'animal.events', 'animal', 'animal', 'id', 'changed', NULL, NULL, NULL, false),
    ('animal_tags', 'animal.events', 'animal_tag', 'animal', 'animal_id', 'none', NULL, NULL, NULL, false),
    ('animal_groups', 'animal.events', 'animal_group', 'animal_group', 'id', 'none', NULL, NULL, NULL, false),
    ('group_count_events', 'animal.events', 'group_count', 'animal_group', 'group_id', 'none', NULL,
        'group_count_changed', NULL, false),
    ('animal_movements', 'animal.events', 'animal_movement', 'animal', 'animal_id', 'none', NULL, 'animal_moved',
        NULL, false),
    ('health_checks', 'animal.events', 'health_check', 'health_check', 'id', 'none', NULL,
        'health_check_recorded', NULL, false),
    ('vaccinations', 'animal.events', 'vaccination', 'vaccination', 'id', 'none', NULL, 'vaccination_recorded',
        NULL, false),
    ('treatments', 'animal.events', 'treatment', 'treatment', 'id', 'none', NULL, 'treatment_recorded', NULL, false),
    ('breeding_services', 'animal.events', 'breeding_service', 'breeding_service', 'id', 'named',
        '{served,confirmed,failed,delivered}'::text[], 'breeding_service_recorded', NULL, false),
    ('pregnancy_checks', 'animal.events', 'pregnancy_check', 'breeding_service', 'service_id', 'none', NULL,
        'pregnancy_check_recorded', NULL, false),
    ('births', 'animal.events', 'birth', 'animal', 'dam_id', 'none', NULL, 'birth_recorded', NULL, false),
    ('lactations', 'animal.events', 'lactation', 'lactation', 'id', 'none', NULL, 'lactation_started', NULL, false),
    ('animal_weights', 'animal.events', 'weight', 'animal_weight', 'id', 'none', NULL, 'weight_recorded', NULL,
        false),
    ('activities', 'animal.events', 'activity', 'activity', 'id', 'none', NULL, 'activity_recorded', NULL, false),
    ('production_records', 'production.events', 'production_record', 'production_record', 'id', 'none', NULL,
        'production_recorded', NULL, true),
    ('expenses', 'expense.events', 'expense', 'expense', 'id', 'named',
        '{draft,submitted,approved,rejected,paid}'::text[], NULL, NULL, false),
    ('expense_categories', 'expense.events', 'expense_category', 'expense_category', 'id', 'none', NULL, NULL, NULL,
        false),
    ('counterparties', 'expense.events', 'counterparty', 'counterparty', 'id', 'none', NULL, NULL, NULL, false),
    ('approval_limits', 'expense.events', 'approval_limit', 'approval_limit', 'role', 'none', NULL, NULL, NULL,
        false),
    ('animal_sales', 'payment.events', 'animal_sale', 'animal_sale', 'id', 'none', NULL, 'animal_sale_recorded',
        NULL, false),
    ('product_sales', 'payment.events', 'product_sale', 'product_sale', 'id', 'none', NULL, 'product_sale_recorded',
        NULL, false),
    ('invoices', 'payment.events', 'invoice', 'invoice', 'id', 'named', '{draft,issued,paid,overdue,void}'::text[],
        NULL, NULL, false),
    ('payments', 'payment.events', 'invoice_payment', 'invoice', 'invoice_id', 'none', NULL,
        'invoice_payment_recorded', NULL, false),
    ('subscriptions', 'payment.events', 'subscription', 'subscription', 'id', 'named',
        '{trial,active,past_due,suspended,cancelled,expired}'::text[], NULL, NULL, false),
    ('subscription_invoices', 'payment.events', 'subscription_invoice', 'subscription_invoice', 'id', 'named',
        '{open,paid,failed,void}'::text[], NULL, NULL, false),
    ('payment_attempts', 'payment.events', 'payment', 'subscription_invoice', 'invoice_id', 'named',
        '{pending,succeeded,failed}'::text[], 'payment_attempted', NULL, false),
    ('media_files', 'tenant.events', 'media', 'media', 'id', 'named', '{pending,ready}'::text[], 'media_added',
        'media_removed', false)
$$;


--
-- Name: accessible_farm_ids(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.accessible_farm_ids(p_tenant_id uuid) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT f.id
    FROM public.farms f
    WHERE f.tenant_id = p_tenant_id
      AND f.deleted_at IS NULL
      AND (
          EXISTS (
              SELECT 1 FROM public.tenant_members m
              JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = 'farms.all'
              WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
          )
          OR EXISTS (
              SELECT 1 FROM public.farm_access a
              WHERE a.tenant_id = p_tenant_id AND a.user_id = auth.uid() AND a.farm_id = f.id
          )
      )
$$;


--
-- Name: add_finance_defaults(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.add_finance_defaults(p_tenant_id uuid) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: aggregate_usage_metrics(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.aggregate_usage_metrics(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_rows bigint;
BEGIN
    INSERT INTO public.usage_metrics AS m (tenant_id, period_start, period_end, animals, peak_animals, farms,
        members, devices, api_calls, measured_at)
    SELECT s.tenant_id, s.current_period_start, s.current_period_end, (u ->> 'animals')::integer,
           (u ->> 'animals')::integer, (u ->> 'farms')::integer, (u ->> 'members')::integer,
           (u ->> 'devices')::integer,
           coalesce((SELECT sum(c.calls) FROM private.api_calls c
                     WHERE c.tenant_id = s.tenant_id AND c.day >= s.current_period_start
                       AND c.day < s.current_period_end), 0),
           p_as_of
    FROM public.subscriptions s
    CROSS JOIN LATERAL private.tenant_usage(s.tenant_id) u
    WHERE s.status IN ('trial', 'active', 'past_due', 'suspended')
    ON CONFLICT (tenant_id, period_start) DO UPDATE
    SET period_end = EXCLUDED.period_end, animals = EXCLUDED.animals,
        peak_animals = greatest(m.peak_animals, EXCLUDED.animals), farms = EXCLUDED.farms,
        members = EXCLUDED.members, devices = EXCLUDED.devices, api_calls = EXCLUDED.api_calls,
        measured_at = EXCLUDED.measured_at
    WHERE m.measured_at <= EXCLUDED.measured_at;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;


--
-- Name: animal_adg(uuid, date, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.animal_adg(p_tenant_id uuid, p_from date, p_to date) RETURNS TABLE(animal_id uuid, first_on date, first_kg numeric, last_on date, last_kg numeric, adg_kg numeric)
    LANGUAGE sql STABLE
    AS $$
    SELECT w.animal_id, min(w.weighed_on), (array_agg(w.weight_kg ORDER BY w.weighed_on))[1],
           max(w.weighed_on), (array_agg(w.weight_kg ORDER BY w.weighed_on DESC))[1],
           CASE WHEN count(*) >= 2 THEN round(((array_agg(w.weight_kg ORDER BY w.weighed_on DESC))[1]
                 - (array_agg(w.weight_kg ORDER BY w.weighed_on))[1]) / (max(w.weighed_on) - min(w.weighed_on)), 3) END
    FROM public.animal_weights w
    WHERE w.tenant_id = p_tenant_id AND w.weighed_on BETWEEN p_from AND p_to
    GROUP BY w.animal_id
$$;


--
-- Name: animal_health_status(uuid, uuid, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.animal_health_status(p_tenant_id uuid, p_animal_id uuid, p_on date DEFAULT NULL::date) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    WITH d AS (SELECT coalesce(p_on, private.tenant_today(p_tenant_id)) AS day)
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM public.treatments t, d
                     WHERE t.tenant_id = p_tenant_id AND t.animal_id = p_animal_id
                       AND d.day BETWEEN t.course_start AND t.course_end) THEN 'under_treatment'
        WHEN (SELECT h.is_sick FROM public.health_checks h, d
              WHERE h.tenant_id = p_tenant_id AND h.animal_id = p_animal_id AND h.checked_on <= d.day
              ORDER BY h.checked_on DESC, h.id DESC LIMIT 1) THEN 'sick'
        WHEN EXISTS (SELECT 1 FROM public.treatments t, d
                     WHERE t.tenant_id = p_tenant_id AND t.animal_id = p_animal_id AND t.course_start <= d.day
                       AND d.day < greatest(t.meat_clear_on, t.milk_clear_on, t.eggs_clear_on)) THEN 'in_withdrawal'
        ELSE 'healthy' END
    FROM d
$$;


--
-- Name: animals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animals (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    location_id uuid,
    tag_number text NOT NULL,
    name text,
    species text NOT NULL,
    breed_id uuid,
    tenant_breed_id uuid,
    sex text NOT NULL,
    birth_date date,
    status text DEFAULT 'active'::text NOT NULL,
    exit_date date,
    exit_reason text,
    acquisition text DEFAULT 'born'::text NOT NULL,
    acquired_on date,
    acquisition_cost numeric(14,2),
    sire_id uuid,
    dam_id uuid,
    estimated_value numeric(14,2),
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT animals_acquisition_check CHECK ((acquisition = ANY (ARRAY['born'::text, 'purchased'::text]))),
    CONSTRAINT animals_acquisition_cost_check CHECK ((acquisition_cost >= (0)::numeric)),
    CONSTRAINT animals_check CHECK (((breed_id IS NULL) OR (tenant_breed_id IS NULL))),
    CONSTRAINT animals_check1 CHECK (((sire_id IS DISTINCT FROM id) AND (dam_id IS DISTINCT FROM id))),
    CONSTRAINT animals_check2 CHECK (((status = 'active'::text) = (exit_date IS NULL))),
    CONSTRAINT animals_estimated_value_check CHECK ((estimated_value >= (0)::numeric)),
    CONSTRAINT animals_exit_reason_check CHECK ((length(exit_reason) <= 500)),
    CONSTRAINT animals_name_check CHECK ((length(name) <= 100)),
    CONSTRAINT animals_notes_check CHECK ((length(notes) <= 2000)),
    CONSTRAINT animals_sex_check CHECK ((sex = ANY (ARRAY['female'::text, 'male'::text, 'unknown'::text]))),
    CONSTRAINT animals_status_check CHECK ((status = ANY (ARRAY['active'::text, 'sold'::text, 'deceased'::text, 'culled'::text, 'transferred'::text]))),
    CONSTRAINT animals_tag_number_check CHECK (((length(btrim(tag_number)) >= 1) AND (length(btrim(tag_number)) <= 50)))
);

ALTER TABLE ONLY public.animals FORCE ROW LEVEL SECURITY;


--
-- Name: animal_json(public.animals); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.animal_json(a public.animals) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT to_jsonb(a) - 'deleted_at' - 'breed_id' - 'tenant_breed_id'
        || jsonb_build_object(
            'breed_id', coalesce(a.breed_id, a.tenant_breed_id),
            'breed', coalesce((SELECT b.name FROM public.breeds b WHERE b.id = a.breed_id),
                              (SELECT b.name FROM public.tenant_breeds b
                               WHERE b.tenant_id = a.tenant_id AND b.id = a.tenant_breed_id)),
            'tags', coalesce((SELECT jsonb_object_agg(t.kind, t.value) FROM public.animal_tags t
                              WHERE t.tenant_id = a.tenant_id AND t.animal_id = a.id), '{}'::jsonb))
$$;


--
-- Name: apply_animal_sale(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.apply_animal_sale() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: apply_birth(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.apply_birth() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_dam public.animals;
    v_service public.breeding_services;
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;  -- not a member: say nothing about the tenant's rows; the insert policy refuses
    END IF;
    SELECT * INTO v_dam FROM public.animals a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.dam_id FOR UPDATE;
    IF v_dam.sex <> 'female' OR v_dam.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'only an active female gives birth', HINT = 'invalid_dam';
    END IF;
    IF NEW.born_on > private.tenant_today(NEW.tenant_id) OR NEW.born_on < v_dam.birth_date THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the birth date must be between the dam''s birth and today',
            HINT = 'invalid_date';
    END IF;
    SELECT * INTO v_service FROM public.breeding_services s
    WHERE s.tenant_id = NEW.tenant_id AND s.dam_id = NEW.dam_id AND s.status IN ('served', 'confirmed')
      AND s.served_on < NEW.born_on AND (NEW.service_id IS NULL OR s.id = NEW.service_id)
    ORDER BY s.served_on DESC LIMIT 1;
    IF FOUND THEN
        NEW.service_id := v_service.id;
        NEW.sire_id := coalesce(NEW.sire_id, v_service.sire_id);
        UPDATE public.breeding_services s SET status = 'delivered' WHERE s.tenant_id = NEW.tenant_id AND s.id = v_service.id;
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: apply_group_count_event(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.apply_group_count_event() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_group public.animal_groups;
BEGIN
    NEW.occurred_on := coalesce(NEW.occurred_on, private.tenant_today(NEW.tenant_id));
    SELECT * INTO v_group FROM public.animal_groups g
    WHERE g.tenant_id = NEW.tenant_id AND g.id = NEW.group_id FOR UPDATE;
    IF v_group.deleted_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the group is deleted', HINT = 'group_deleted';
    END IF;
    IF v_group.female_count + NEW.female_delta < 0 OR v_group.male_count + NEW.male_delta < 0
       OR v_group.unknown_count + NEW.unknown_delta < 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the head count would go below zero',
            DETAIL = format('group has female=%s male=%s unknown=%s; event changes them by %s, %s, %s',
                            v_group.female_count, v_group.male_count, v_group.unknown_count,
                            NEW.female_delta, NEW.male_delta, NEW.unknown_delta),
            HINT = 'head_count_negative';
    END IF;
    NEW.recorded_by := coalesce(NEW.recorded_by, auth.uid());
    UPDATE public.animal_groups g SET female_count = g.female_count + NEW.female_delta,
        male_count = g.male_count + NEW.male_delta, unknown_count = g.unknown_count + NEW.unknown_delta
    WHERE g.tenant_id = NEW.tenant_id AND g.id = NEW.group_id;
    RETURN NEW;
END
$$;


--
-- Name: apply_movement(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.apply_movement() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_animal public.animals;
BEGIN
    SELECT * INTO v_animal FROM public.animals a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.animal_id FOR UPDATE;
    IF v_animal.status <> 'active' OR v_animal.deleted_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('an animal that is %s cannot move', v_animal.status),
            HINT = 'animal_not_active';
    END IF;
    IF NEW.to_location_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM public.locations l
        WHERE l.tenant_id = NEW.tenant_id AND l.id = NEW.to_location_id AND l.farm_id = NEW.to_farm_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the location is not on the target farm',
            HINT = 'invalid_location';
    END IF;
    NEW.from_farm_id := v_animal.farm_id;
    NEW.from_location_id := v_animal.location_id;
    NEW.recorded_by := coalesce(NEW.recorded_by, auth.uid());
    IF NOT EXISTS (SELECT 1 FROM public.animal_movements m
                   WHERE m.tenant_id = NEW.tenant_id AND m.animal_id = NEW.animal_id AND m.moved_at > NEW.moved_at) THEN
        UPDATE public.animals a SET farm_id = NEW.to_farm_id, location_id = NEW.to_location_id
        WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.animal_id;
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: apply_payment(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.apply_payment() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    UPDATE public.invoices i SET amount_paid = i.amount_paid + NEW.amount,
        status = CASE WHEN i.amount_paid + NEW.amount = i.total THEN 'paid' ELSE i.status END
    WHERE i.tenant_id = NEW.tenant_id AND i.id = NEW.invoice_id;
    RETURN NULL;
END
$$;


--
-- Name: apply_payment_event(jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.apply_payment_event(p_event jsonb) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_payload jsonb := coalesce(p_event -> 'payload', '{}'::jsonb);
    v_hint text;
BEGIN
    IF v_payload ? 'row' THEN
        RETURN 'recorded_by_ifarm';
    END IF;
    PERFORM private.record_payment_event(coalesce(v_payload ->> 'provider', 'kafka'),
        jsonb_build_object('id', p_event ->> 'event_id', 'type', p_event ->> 'type',
                           'data', v_payload || jsonb_build_object('invoice_id', p_event ->> 'aggregate_id')),
        coalesce((p_event ->> 'occurred_at')::timestamptz, now()));
    RETURN 'settled';
EXCEPTION WHEN SQLSTATE 'PT409' THEN
    GET STACKED DIAGNOSTICS v_hint = PG_EXCEPTION_HINT;
    IF v_hint IN ('webhook_replayed', 'subscription_invoice_not_open') THEN
        RETURN v_hint;  -- received before, or the invoice was settled another way (the webhook): no-op
    END IF;
    RAISE;
END
$$;


--
-- Name: apply_pregnancy_check(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.apply_pregnancy_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_service public.breeding_services;
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;  -- not a member: say nothing about the tenant's rows; the insert policy refuses
    END IF;
    SELECT * INTO v_service FROM public.breeding_services s
    WHERE s.tenant_id = NEW.tenant_id AND s.id = NEW.service_id FOR UPDATE;
    IF NEW.checked_on < v_service.served_on OR NEW.checked_on > private.tenant_today(NEW.tenant_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'a check must fall between the service and today',
            HINT = 'invalid_date';
    END IF;
    IF v_service.status = 'delivered' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'this pregnancy has ended in a birth', HINT = 'delivered';
    END IF;
    IF EXISTS (SELECT 1 FROM public.breeding_services s WHERE s.tenant_id = NEW.tenant_id
               AND s.dam_id = v_service.dam_id AND s.served_on > v_service.served_on) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the dam has been served again since', HINT = 'superseded';
    END IF;
    IF NEW.result <> 'uncertain' THEN
        UPDATE public.breeding_services s
        SET status = CASE NEW.result WHEN 'positive' THEN 'confirmed' ELSE 'failed' END
        WHERE s.tenant_id = NEW.tenant_id AND s.id = NEW.service_id;
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: auth_logout(uuid, uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_logout(p_user_id uuid, p_session_id uuid, p_scope text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_count bigint;
BEGIN
    IF p_scope NOT IN ('global', 'local', 'others') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'scope must be global, local or others',
            HINT = 'validation_failed';
    END IF;
    UPDATE private.refresh_tokens t SET revoked_at = now()
    WHERE t.user_id = p_user_id AND t.revoked_at IS NULL
      AND CASE p_scope WHEN 'global' THEN true
                       WHEN 'local' THEN t.session_id = p_session_id
                       ELSE t.session_id IS DISTINCT FROM p_session_id END;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM audit.record('sign_out', p_user_id, NULL, jsonb_build_object('scope', p_scope, 'tokens_revoked', v_count),
        p_session_id::text);
    RETURN v_count;
END
$$;


--
-- Name: auth_password_login_begin(text, inet); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_password_login_begin(p_email text, p_ip inet) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_email text := lower(btrim(p_email));
    v_window timestamptz := now() - interval '15 minutes';
BEGIN
    IF (SELECT count(*) FROM private.login_attempts a
        WHERE a.email = v_email AND NOT a.succeeded AND a.attempted_at > v_window) >= 5
       OR (p_ip IS NOT NULL AND (SELECT count(*) FROM private.login_attempts a
        WHERE a.ip = p_ip AND NOT a.succeeded AND a.attempted_at > v_window) >= 20) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT429', MESSAGE = 'Too many sign-in attempts; try again later',
            HINT = 'over_request_rate_limit';
    END IF;
    RETURN (SELECT jsonb_build_object('user_id', u.id, 'password_hash', u.encrypted_password)
            FROM auth.users u
            WHERE lower(u.email) = v_email AND u.deleted_at IS NULL
              AND (u.banned_until IS NULL OR u.banned_until < now()));
END
$$;


--
-- Name: auth_password_login_finish(text, inet, uuid, boolean, interval); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_password_login_finish(p_email text, p_ip inet, p_user_id uuid, p_succeeded boolean, p_ttl interval) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_session jsonb;
BEGIN
    INSERT INTO private.login_attempts (email, ip, succeeded) VALUES (lower(btrim(p_email)), p_ip, p_succeeded);
    IF NOT p_succeeded THEN
        PERFORM audit.record('sign_in_failed', p_user_id, host(p_ip),
            jsonb_build_object('email', lower(btrim(p_email))));
        RETURN NULL;
    END IF;
    v_session := private.auth_start_session(p_user_id, p_ttl);
    PERFORM audit.record('sign_in', p_user_id, host(p_ip), jsonb_build_object('method', 'password'),
        v_session ->> 'session_id');
    RETURN v_session;
END
$$;


--
-- Name: auth_refresh(text, interval); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_refresh(p_token text, p_ttl interval) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_old private.refresh_tokens;
    v_token text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
BEGIN
    SELECT * INTO v_old FROM private.refresh_tokens t
    WHERE t.token_hash = sha256(convert_to(coalesce(p_token, ''), 'UTF8'))
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('error', jsonb_build_object('status', 400,
            'code', 'refresh_token_not_found', 'message', 'Invalid Refresh Token: Refresh Token Not Found'));
    END IF;
    IF v_old.rotated_at IS NOT NULL OR v_old.revoked_at IS NOT NULL THEN
        UPDATE private.refresh_tokens t SET revoked_at = now()
        WHERE t.session_id = v_old.session_id AND t.revoked_at IS NULL;
        RETURN jsonb_build_object('error', jsonb_build_object('status', 400,
            'code', 'refresh_token_already_used', 'message', 'Invalid Refresh Token: Already Used',
            'details', 'the session was revoked'));
    END IF;
    IF v_old.expires_at <= now() THEN
        RETURN jsonb_build_object('error', jsonb_build_object('status', 400,
            'code', 'session_expired', 'message', 'Invalid Refresh Token: Session Expired'));
    END IF;
    UPDATE private.refresh_tokens t SET rotated_at = now() WHERE t.id = v_old.id;
    INSERT INTO private.refresh_tokens (token_hash, user_id, session_id, parent_id, expires_at)
    VALUES (sha256(convert_to(v_token, 'UTF8')), v_old.user_id, v_old.session_id, v_old.id, now() + p_ttl);
    RETURN jsonb_build_object('user', private.auth_user_json(v_old.user_id), 'session_id', v_old.session_id,
        'refresh_token', v_token);
END
$$;


--
-- Name: auth_session_is_live(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_session_is_live(p_session_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (SELECT 1 FROM private.refresh_tokens t
                   WHERE t.session_id = p_session_id AND t.revoked_at IS NULL AND t.expires_at > now())
$$;


--
-- Name: auth_signup(text, text, jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_signup(p_email text, p_password_hash text, p_user_metadata jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
DECLARE
    v_email text := lower(btrim(p_email));
    v_id uuid := private.uuid7();
BEGIN
    IF v_email IS NULL OR v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' OR length(v_email) > 255 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'Unable to validate email address: invalid format',
            HINT = 'validation_failed';
    END IF;
    IF jsonb_typeof(coalesce(p_user_metadata, '{}'::jsonb)) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'data must be a JSON object', HINT = 'validation_failed';
    END IF;
    IF EXISTS (SELECT 1 FROM auth.users u WHERE lower(u.email) = v_email) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'User already registered', HINT = 'user_already_exists';
    END IF;
    INSERT INTO auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    VALUES (v_id, 'authenticated', 'authenticated', v_email, p_password_hash, now(),
        '{"provider": "email", "providers": ["email"]}'::jsonb, coalesce(p_user_metadata, '{}'::jsonb), now(), now());
    PERFORM private.ensure_profile(v_id);
    RETURN private.auth_user_json(v_id);
END
$_$;


--
-- Name: auth_start_session(uuid, interval); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_start_session(p_user_id uuid, p_ttl interval) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_token text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
    v_session uuid := gen_random_uuid();
BEGIN
    INSERT INTO private.refresh_tokens (token_hash, user_id, session_id, expires_at)
    VALUES (sha256(convert_to(v_token, 'UTF8')), p_user_id, v_session, now() + p_ttl);
    UPDATE auth.users u SET last_sign_in_at = now() WHERE u.id = p_user_id;
    RETURN jsonb_build_object('user', private.auth_user_json(p_user_id), 'session_id', v_session,
        'refresh_token', v_token);
END
$$;


--
-- Name: auth_user_json(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_user_json(p_user_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT jsonb_build_object('id', u.id, 'aud', u.aud, 'role', u.role, 'email', u.email,
        'email_confirmed_at', u.email_confirmed_at, 'last_sign_in_at', u.last_sign_in_at,
        'app_metadata', coalesce(u.raw_app_meta_data, '{}'::jsonb),
        'user_metadata', coalesce(u.raw_user_meta_data, '{}'::jsonb),
        'created_at', u.created_at, 'updated_at', u.updated_at, 'is_anonymous', u.is_anonymous)
    FROM auth.users u WHERE u.id = p_user_id
$$;


--
-- Name: beat(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.beat(p_source text) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_token uuid := private.uuid7();
BEGIN
    PERFORM pg_catalog.set_config('synchronous_commit', 'local', true);
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', 'on', true);
    INSERT INTO private.replication_beats (source, token, beat_at) VALUES (p_source, v_token, clock_timestamp())
    ON CONFLICT (source) DO UPDATE SET token = excluded.token, beat_at = excluded.beat_at;
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', '', true);
    RETURN v_token;
END
$$;


--
-- Name: billing_anchor(date, date, text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.billing_anchor(p_anchor date, p_start date, p_cycle text, p_new_cycle text) RETURNS date
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    SELECT CASE WHEN p_anchor IS NOT NULL AND p_cycle = p_new_cycle
                     AND (p_anchor = p_start OR private.period_end(p_anchor, p_start - 1, p_cycle) = p_start)
                THEN p_anchor ELSE p_start END
$$;


--
-- Name: cache_warm_targets(timestamp with time zone, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.cache_warm_targets(p_as_of timestamp with time zone, p_limit integer) RETURNS TABLE(tenant_id uuid, user_id uuid, email text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    SELECT m.tenant_id, m.user_id, u.email::text
    FROM (SELECT c.tenant_id, sum(c.calls) AS calls FROM private.api_calls c
          WHERE c.day >= (p_as_of AT TIME ZONE 'UTC')::date - 1
          GROUP BY c.tenant_id ORDER BY sum(c.calls) DESC LIMIT p_limit) busy
    JOIN public.tenant_members m ON m.tenant_id = busy.tenant_id AND m.role = 'owner'
    JOIN auth.users u ON u.id = m.user_id
    ORDER BY busy.calls DESC, m.user_id
$$;


--
-- Name: can_see_animal(uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.can_see_animal(p_tenant_id uuid, p_animal_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.animals a
        JOIN public.farm_access fa ON fa.tenant_id = a.tenant_id AND fa.farm_id = a.farm_id
        WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id AND fa.user_id = auth.uid())
$$;


--
-- Name: can_see_expense(uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.can_see_expense(p_tenant_id uuid, p_expense_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.expenses e
        WHERE e.tenant_id = p_tenant_id AND e.id = p_expense_id
          AND (e.created_by = auth.uid()
               OR (private.has_permission(p_tenant_id, 'finance.read')
                   AND e.farm_id IN (SELECT private.accessible_farm_ids(p_tenant_id)))))
$$;


--
-- Name: can_see_group(uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.can_see_group(p_tenant_id uuid, p_group_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.animal_groups g
        JOIN public.farm_access fa ON fa.tenant_id = g.tenant_id AND fa.farm_id = g.farm_id
        WHERE g.tenant_id = p_tenant_id AND g.id = p_group_id AND fa.user_id = auth.uid())
$$;


--
-- Name: check_animal(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_animal() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_parent public.animals;
    v_role text;
BEGIN
    FOREACH v_role IN ARRAY ARRAY['dam', 'sire'] LOOP
        SELECT * INTO v_parent FROM public.animals p
        WHERE p.tenant_id = NEW.tenant_id AND p.id = CASE v_role WHEN 'dam' THEN NEW.dam_id ELSE NEW.sire_id END;
        CONTINUE WHEN NOT FOUND;
        IF v_parent.sex <> (CASE v_role WHEN 'dam' THEN 'female' ELSE 'male' END) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT422',
                MESSAGE = format('the %s must be %s', v_role, CASE v_role WHEN 'dam' THEN 'female' ELSE 'male' END),
                DETAIL = format('%s_id=%s is %s', v_role, v_parent.id, v_parent.sex), HINT = 'invalid_' || v_role;
        END IF;
        IF v_parent.species <> NEW.species THEN
            RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = format('the %s must be of the same species', v_role),
                DETAIL = format('%s is %s, offspring is %s', v_role, v_parent.species, NEW.species),
                HINT = 'invalid_' || v_role;
        END IF;
        IF v_parent.birth_date IS NOT NULL AND NEW.birth_date IS NOT NULL AND v_parent.birth_date >= NEW.birth_date THEN
            RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = format('the %s must be born before the offspring', v_role),
                DETAIL = format('%s born %s, offspring born %s', v_role, v_parent.birth_date, NEW.birth_date),
                HINT = 'invalid_' || v_role;
        END IF;
    END LOOP;
    IF TG_OP = 'UPDATE' AND (NEW.sire_id, NEW.dam_id) IS DISTINCT FROM (OLD.sire_id, OLD.dam_id) AND EXISTS (
        WITH RECURSIVE ancestors (id) AS (
            SELECT unnest(ARRAY[NEW.sire_id, NEW.dam_id])
            UNION
            SELECT unnest(ARRAY[a.sire_id, a.dam_id]) FROM public.animals a
            JOIN ancestors ON a.tenant_id = NEW.tenant_id AND a.id = ancestors.id)
        SELECT 1 FROM ancestors WHERE ancestors.id = NEW.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'an animal cannot be its own ancestor',
            HINT = 'pedigree_cycle';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.sex, NEW.species, NEW.birth_date) IS DISTINCT FROM (OLD.sex, OLD.species, OLD.birth_date)
       AND EXISTS (SELECT 1 FROM public.animals c
                   WHERE c.tenant_id = NEW.tenant_id AND (c.dam_id = NEW.id OR c.sire_id = NEW.id)
                     AND (c.species <> NEW.species
                          OR (c.dam_id = NEW.id AND NEW.sex <> 'female') OR (c.sire_id = NEW.id AND NEW.sex <> 'male')
                          OR c.birth_date <= NEW.birth_date)) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'this change would make the animal an impossible parent',
            HINT = 'invalid_parent_change';
    END IF;
    IF NEW.breed_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM public.breeds b WHERE b.id = NEW.breed_id AND b.species = NEW.species) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the breed is not of the animal''s species', HINT = 'invalid_breed';
    END IF;
    IF NEW.tenant_breed_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM public.tenant_breeds b
        WHERE b.tenant_id = NEW.tenant_id AND b.id = NEW.tenant_breed_id AND b.species = NEW.species) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the breed is not of the animal''s species', HINT = 'invalid_breed';
    END IF;
    IF NEW.location_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM public.locations l
        WHERE l.tenant_id = NEW.tenant_id AND l.id = NEW.location_id AND l.farm_id = NEW.farm_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the location is not on the animal''s farm',
            HINT = 'invalid_location';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'a new animal is active', HINT = 'invalid_status';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT ((OLD.status = 'active' AND NEW.status IN ('sold', 'deceased', 'culled', 'transferred'))
                OR (OLD.status = 'transferred' AND NEW.status = 'active')) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409',
                MESSAGE = format('an animal that is %s cannot become %s', OLD.status, NEW.status),
                HINT = 'invalid_status_transition';
        END IF;
        IF NEW.status = 'active' THEN
            NEW.exit_date := NULL;
            NEW.exit_reason := NULL;
        ELSE
            NEW.exit_date := coalesce(NEW.exit_date, private.tenant_today(NEW.tenant_id));
        END IF;
    END IF;
    IF NEW.exit_date IS NOT NULL AND NEW.birth_date IS NOT NULL AND NEW.exit_date < NEW.birth_date THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'exit date is before the birth date', HINT = 'invalid_exit_date';
    END IF;
    IF NEW.birth_date > private.tenant_today(NEW.tenant_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'birth date is in the future', HINT = 'invalid_birth_date';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: check_media_object(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_media_object() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_media public.media_files := private.media_for_object(NEW.bucket_id, NEW.name);
BEGIN
    IF v_media.id IS NOT NULL AND NEW.metadata ? 'mimetype'
       AND NEW.metadata ->> 'mimetype' IS DISTINCT FROM v_media.content_type THEN
        RAISE EXCEPTION USING ERRCODE = 'PT415',
            MESSAGE = format('mime type %s is not supported', NEW.metadata ->> 'mimetype'),
            DETAIL = format('the media file was created for %s', v_media.content_type),
            HINT = 'media_type_mismatch';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: check_page(integer, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_page(p_limit integer, p_offset integer) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
    IF p_limit IS NULL OR p_limit < 1 OR p_limit > 100 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'limit must be between 1 and 100',
            DETAIL = format('limit=%s', p_limit), HINT = 'page with limit and offset';
    END IF;
    IF p_offset IS NULL OR p_offset < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'offset must be 0 or more',
            DETAIL = format('offset=%s', p_offset);
    END IF;
END
$$;


--
-- Name: check_plan_limit(uuid, text, bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_limit integer := private.plan_limit(p_tenant_id, p_resource);
    v_plan text;
BEGIN
    IF v_limit IS NOT NULL AND p_count > v_limit THEN
        SELECT p.name INTO v_plan FROM private.tenant_plan(p_tenant_id) p;
        RAISE EXCEPTION USING ERRCODE = 'PT402',
            MESSAGE = format('plan limit reached: the %s plan allows %s %s', v_plan, v_limit, p_resource),
            DETAIL = format('limit=%s, would have=%s', v_limit, p_count),
            HINT = format('plan_limit_%s: upgrade the plan', p_resource);
    END IF;
END
$$;


--
-- Name: check_service(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_service() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_dam public.animals;
    v_sire public.animals;
    v_confirmed public.breeding_services;
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;  -- not a member: say nothing about the tenant's rows; the insert policy refuses
    END IF;
    SELECT * INTO v_dam FROM public.animals a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.dam_id;
    IF v_dam.sex <> 'female' OR v_dam.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'only an active female can be served', HINT = 'invalid_dam';
    END IF;
    IF NEW.sire_id IS NOT NULL THEN
        SELECT * INTO v_sire FROM public.animals a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.sire_id;
        IF v_sire.sex <> 'male' OR v_sire.species <> v_dam.species THEN
            RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the sire must be a male of the dam''s species',
                HINT = 'invalid_sire';
        END IF;
    END IF;
    IF NEW.served_on > private.tenant_today(NEW.tenant_id) OR NEW.served_on < v_dam.birth_date THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the service date must be between the dam''s birth and today',
            HINT = 'invalid_date';
    END IF;
    NEW.expected_due_on := NEW.served_on + private.gestation_days(NEW.tenant_id, NEW.dam_id);
    IF NEW.expected_due_on IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = format('%s do not gestate (they incubate)', v_dam.species),
            HINT = 'invalid_species';
    END IF;
    SELECT * INTO v_confirmed FROM public.breeding_services s
    WHERE s.tenant_id = NEW.tenant_id AND s.dam_id = NEW.dam_id AND s.status = 'confirmed' AND s.served_on <= NEW.served_on;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = format('the dam is confirmed pregnant (due %s)', v_confirmed.expected_due_on),
            HINT = 'already_pregnant: record the birth or a negative check first';
    END IF;
    UPDATE public.breeding_services s SET status = 'failed'
    WHERE s.tenant_id = NEW.tenant_id AND s.dam_id = NEW.dam_id AND s.status = 'served' AND s.served_on <= NEW.served_on;
    RETURN NEW;
END
$$;


--
-- Name: check_tenant(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_tenant() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT private.is_time_zone(NEW.timezone) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown time zone %L', NEW.timezone),
            HINT = 'use an IANA name such as Africa/Nairobi';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: check_trial_expirations(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_trial_expirations(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_day date := (p_as_of AT TIME ZONE 'UTC')::date;
    v_notices bigint;
    v_moved bigint;
BEGIN
    INSERT INTO public.notifications (tenant_id, user_id, channel, kind, subject, body, dedupe_key)
    SELECT s.tenant_id, m.user_id, 'email', 'trial_ending',
           format('Your iFarm trial for %s ends on %s', t.name, s.trial_ends_on),
           format('The trial of %s ends on %s. Choose a plan to keep your records flowing.', t.name, s.trial_ends_on),
           format('trial_ending:%s:%s:%s', s.id, s.trial_ends_on, m.user_id)
    FROM public.subscriptions s
    JOIN public.tenants t ON t.id = s.tenant_id
    JOIN public.tenant_members m ON m.tenant_id = s.tenant_id AND m.role = 'owner'
    WHERE s.status = 'trial' AND s.trial_ends_on > v_day AND s.trial_ends_on <= v_day + 3
    ON CONFLICT (tenant_id, dedupe_key) DO NOTHING;
    GET DIAGNOSTICS v_notices = ROW_COUNT;
    UPDATE public.subscriptions s
    SET status = CASE WHEN p.price_monthly = 0 AND p.price_yearly = 0 THEN 'expired' ELSE 'past_due' END,
        next_billing_on = CASE WHEN p.price_monthly = 0 AND p.price_yearly = 0 THEN NULL ELSE s.trial_ends_on END
    FROM public.plans p
    WHERE p.code = s.plan_code AND s.status = 'trial' AND s.trial_ends_on <= v_day;
    GET DIAGNOSTICS v_moved = ROW_COUNT;
    RETURN v_notices + v_moved;
END
$$;


--
-- Name: check_weight(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_weight() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;  -- the insert policy refuses
    END IF;
    IF NEW.weighed_on > private.tenant_today(NEW.tenant_id) OR NEW.weighed_on < (SELECT a.birth_date FROM public.animals a
                                                          WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.animal_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'a weighing must fall between the animal''s birth and today',
            HINT = 'invalid_date';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: cleanup_expired_sessions(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.cleanup_expired_sessions(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_tokens bigint;
    v_attempts bigint;
    v_invitations bigint;
BEGIN
    DELETE FROM private.refresh_tokens t WHERE t.expires_at < p_as_of - interval '1 day';
    GET DIAGNOSTICS v_tokens = ROW_COUNT;
    DELETE FROM private.login_attempts a WHERE a.attempted_at < p_as_of - interval '1 day';
    GET DIAGNOSTICS v_attempts = ROW_COUNT;
    DELETE FROM public.invitations i WHERE i.accepted_at IS NULL AND i.expires_at < p_as_of - interval '30 days';
    GET DIAGNOSTICS v_invitations = ROW_COUNT;
    RETURN v_tokens + v_attempts + v_invitations;
END
$$;


--
-- Name: clearances(uuid, uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.clearances(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid) RETURNS TABLE(product text, clear_on date, treatment_id uuid, medicine text)
    LANGUAGE sql STABLE
    AS $$
    SELECT DISTINCT ON (v.product) v.product, v.clear_on, t.id, t.medicine
    FROM public.treatments t
    CROSS JOIN LATERAL (VALUES ('meat', t.meat_clear_on), ('milk', t.milk_clear_on), ('eggs', t.eggs_clear_on))
        AS v (product, clear_on)
    WHERE t.tenant_id = p_tenant_id AND (t.animal_id = p_animal_id OR t.group_id = p_group_id)
      AND v.clear_on IS NOT NULL
    ORDER BY v.product, v.clear_on DESC, t.id DESC
$$;


--
-- Name: count_animals(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.count_animals() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
BEGIN
    EXECUTE format($q$
        INSERT INTO public.animal_counts AS c (tenant_id, farm_id, species, status, head, valued, value)
        SELECT d.tenant_id, d.farm_id, d.species, d.status, sum(d.sign), sum(d.sign * d.valued),
               sum(d.sign * d.value)
        FROM (%s) d
        JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
        JOIN public.tenants t ON t.id = d.tenant_id
        WHERE d.deleted_at IS NULL
        GROUP BY 1, 2, 3, 4
        HAVING sum(d.sign) <> 0 OR sum(d.sign * d.valued) <> 0 OR sum(d.sign * d.value) <> 0
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, farm_id, species, status) DO UPDATE
        SET head = c.head + excluded.head, valued = c.valued + excluded.valued, value = c.value + excluded.value
    $q$, private.transition_rows(TG_OP, 'r.tenant_id, r.farm_id, r.species, r.status, r.deleted_at, '
                                        || '(r.estimated_value IS NOT NULL)::int AS valued, '
                                        || 'coalesce(r.estimated_value, 0) AS value'));
    RETURN NULL;
END
$_$;


--
-- Name: count_open_lactations(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.count_open_lactations() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
BEGIN
    EXECUTE format($q$
        INSERT INTO public.open_lactation_counts AS c (tenant_id, farm_id, species, open)
        SELECT d.tenant_id, d.farm_id, a.species, sum(d.sign)
        FROM (%s) d
        JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
        JOIN public.tenants t ON t.id = d.tenant_id
        JOIN public.animals a ON a.tenant_id = d.tenant_id AND a.id = d.animal_id
        WHERE d.dried_off_on IS NULL
        GROUP BY 1, 2, 3
        HAVING sum(d.sign) <> 0
        ORDER BY 1, 2, 3
        ON CONFLICT (tenant_id, farm_id, species) DO UPDATE SET open = c.open + excluded.open
    $q$, private.transition_rows(TG_OP, 'r.tenant_id, r.farm_id, r.animal_id, r.dried_off_on'));
    RETURN NULL;
END
$_$;


--
-- Name: create_offspring(uuid, uuid, jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.create_offspring(p_tenant_id uuid, p_birth_id uuid, p_offspring jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_birth public.births;
    v_dam public.animals;
    v_result jsonb;
BEGIN
    SELECT * INTO v_birth FROM public.births b WHERE b.tenant_id = p_tenant_id AND b.id = p_birth_id;
    IF NOT private.has_permission(p_tenant_id, 'breeding.write')
       OR v_birth.farm_id NOT IN (SELECT private.accessible_farm_ids(p_tenant_id)) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you may not record births on this farm',
            HINT = 'permission_denied';
    END IF;
    SELECT * INTO v_dam FROM public.animals a WHERE a.tenant_id = p_tenant_id AND a.id = v_birth.dam_id;
    BEGIN
        WITH born AS (
            INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, name, species, breed_id,
                tenant_breed_id, sex, birth_date, acquisition, acquired_on, sire_id, dam_id)
            SELECT p_tenant_id, v_dam.farm_id, v_dam.location_id, btrim(o ->> 'tag_number'), o ->> 'name', v_dam.species,
                v_dam.breed_id, v_dam.tenant_breed_id, coalesce(o ->> 'sex', 'unknown'), v_birth.born_on, 'born',
                v_birth.born_on, v_birth.sire_id, v_dam.id
            FROM jsonb_array_elements(p_offspring) o
            RETURNING *)
        SELECT coalesce(jsonb_agg(private.animal_json(born) ORDER BY born.tag_number), '[]'::jsonb) INTO v_result FROM born;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'an offspring tag number is already in use', HINT = 'tag_taken';
    END;
    RETURN v_result;
END
$$;


--
-- Name: dashboard_analytics(uuid, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.dashboard_analytics(tenant_id uuid, days integer) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    t uuid := dashboard_analytics.tenant_id;
    n integer := dashboard_analytics.days;
    v_farms uuid[];
    v_today date;
    v_herd jsonb;
    v_head_now numeric;
    v_mean_head numeric;
    v_deaths numeric;
    v_first_month date;
    v_money jsonb;
BEGIN
    PERFORM private.require_permission(t, 'livestock.read');
    IF n IS NULL OR n < 1 OR n > 366 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'days must be between 1 and 366',
            DETAIL = format('days=%s', n), HINT = 'invalid_days';
    END IF;
    v_farms := ARRAY(SELECT private.accessible_farm_ids(t));
    v_today := private.tenant_today(t);
    v_herd := private.dashboard_herd(t, v_today, n);
    v_head_now := (SELECT coalesce(sum(c.head), 0) FROM public.animal_counts c
                   WHERE c.tenant_id = t AND c.farm_id = ANY (v_farms) AND c.status = 'active')
                + (SELECT coalesce(sum(g.female_count + g.male_count + g.unknown_count), 0) FROM public.animal_groups g
                   WHERE g.tenant_id = t AND g.deleted_at IS NULL AND g.farm_id = ANY (v_farms));
    v_mean_head := v_head_now - (v_herd ->> 'net_weighted')::numeric / n;
    v_deaths := (v_herd ->> 'deaths')::numeric;
    IF private.has_permission(t, 'finance.read') THEN
        v_first_month := (date_trunc('month', v_today) - interval '11 months')::date;
        SELECT coalesce(jsonb_agg(jsonb_build_object('month', m.month, 'currency', c.currency,
                   'revenue', coalesce(x.revenue, 0), 'expenses', coalesce(x.expenses, 0),
                   'profit', coalesce(x.revenue, 0) - coalesce(x.expenses, 0)) ORDER BY c.currency, m.month), '[]'::jsonb)
        INTO v_money
        FROM (SELECT (v_first_month + make_interval(months => k))::date AS month FROM generate_series(0, 11) k) m
        CROSS JOIN (SELECT tn.currency::text AS currency FROM public.tenants tn WHERE tn.id = t
                    UNION SELECT f.currency FROM private.dashboard_finance(t, v_first_month) f) c
        LEFT JOIN (SELECT f.month, f.currency, sum(f.amount) FILTER (WHERE f.kind = 'revenue') AS revenue,
                          sum(f.amount) FILTER (WHERE f.kind = 'expense') AS expenses
                   FROM private.dashboard_finance(t, v_first_month) f GROUP BY 1, 2) x
            ON x.month = m.month AND x.currency = c.currency;
    END IF;
    RETURN jsonb_build_object(
        'as_of', v_herd -> 'as_of',
        'today', v_today,
        'days', n,
        'production_trend', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('day', p.recorded_on, 'product', p.product, 'unit', p.unit,
                       'quantity', p.quantity, 'withheld', p.withheld) ORDER BY p.product, p.unit, p.recorded_on),
                       '[]'::jsonb)
            FROM (SELECT d.recorded_on, d.product, d.unit, sum(d.quantity) AS quantity, sum(d.withheld) AS withheld
                  FROM public.production_daily_totals d
                  WHERE d.tenant_id = t AND d.recorded_on > v_today - n AND d.recorded_on <= v_today
                    AND d.farm_id = ANY (v_farms)
                  GROUP BY 1, 2, 3 HAVING sum(d.records) > 0) p),
        'average_daily_gain', v_herd -> 'adg',
        'mortality', jsonb_build_object('deaths', v_deaths, 'average_head_count', round(v_mean_head, 2),
            'rate_pct', CASE WHEN v_mean_head > 0 THEN round(v_deaths / v_mean_head * 100, 2) END),
        'calving_interval', v_herd -> 'calving',
        'conception_rate', jsonb_build_object('services', v_herd -> 'services', 'conceived', v_herd -> 'conceived',
            'rate_pct', CASE WHEN (v_herd ->> 'services')::numeric > 0
                             THEN round((v_herd ->> 'conceived')::numeric / (v_herd ->> 'services')::numeric * 100, 2)
                        END),
        'revenue_vs_expenses', v_money);
END
$$;


--
-- Name: dashboard_animals(uuid, integer, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.dashboard_animals(tenant_id uuid, page integer, page_size integer) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
DECLARE
    t uuid := dashboard_animals.tenant_id;
    v_farms uuid[];
    v_today date;
    v_count bigint;
    v_offset bigint;
    v_ids uuid[];
BEGIN
    PERFORM private.require_permission(t, 'livestock.read');
    IF dashboard_animals.page IS NULL OR dashboard_animals.page < 1 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'page must be 1 or more',
            DETAIL = format('page=%s', dashboard_animals.page), HINT = 'invalid_page';
    END IF;
    PERFORM private.check_page(dashboard_animals.page_size, 0);
    v_offset := (dashboard_animals.page - 1)::bigint * dashboard_animals.page_size;
    v_farms := ARRAY(SELECT private.accessible_farm_ids(t));
    v_today := private.tenant_today(t);
    v_count := (SELECT coalesce(sum(c.head), 0) FROM public.animal_counts c
                WHERE c.tenant_id = t AND c.farm_id = ANY (v_farms) AND c.status = 'active');
    -- The page's animals, in tag order along the live-tag index. Members who see every farm need no
    -- farm filter, and this statement's cached generic plan serves every tenant size; a filtered
    -- page is planned for its own farms on each call (a generic plan there can sort a whole herd).
    IF private.has_permission(t, 'farms.all') THEN
        v_ids := ARRAY(SELECT a.id FROM public.animals a
                       WHERE a.tenant_id = t AND a.deleted_at IS NULL AND a.status = 'active'
                       ORDER BY lower(a.tag_number)
                       LIMIT dashboard_animals.page_size OFFSET v_offset);
    ELSE
        EXECUTE 'SELECT ARRAY(SELECT a.id FROM public.animals a
                              WHERE a.tenant_id = $1 AND a.deleted_at IS NULL AND a.status = ''active''
                                AND a.farm_id = ANY ($2)
                              ORDER BY lower(a.tag_number) LIMIT $3 OFFSET $4)'
        INTO v_ids USING t, v_farms, dashboard_animals.page_size, v_offset;
    END IF;
    RETURN jsonb_build_object(
        'count', v_count,
        'page', dashboard_animals.page,
        'page_size', dashboard_animals.page_size,
        'next', CASE WHEN dashboard_animals.page * dashboard_animals.page_size < v_count
                     THEN dashboard_animals.page + 1 END,
        'previous', CASE WHEN dashboard_animals.page > 1 THEN dashboard_animals.page - 1 END,
        'results', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'tag_number', a.tag_number, 'name', a.name,
                       'species', a.species, 'sex', a.sex, 'status', a.status, 'birth_date', a.birth_date,
                       'estimated_value', a.estimated_value, 'farm_id', a.farm_id, 'farm', f.name,
                       'breed_id', coalesce(a.breed_id, a.tenant_breed_id), 'breed', coalesce(b.name, tb.name),
                       'health_status', private.animal_health_status(t, a.id, v_today))
                       ORDER BY x.n), '[]'::jsonb)
            FROM unnest(v_ids) WITH ORDINALITY x (id, n)
            JOIN public.animals a ON a.tenant_id = t AND a.id = x.id
            JOIN public.farms f ON f.tenant_id = a.tenant_id AND f.id = a.farm_id
            LEFT JOIN public.breeds b ON b.id = a.breed_id
            LEFT JOIN public.tenant_breeds tb ON tb.tenant_id = a.tenant_id AND tb.id = a.tenant_breed_id));
END
$_$;


--
-- Name: dashboard_as_of(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.dashboard_as_of() RETURNS timestamp with time zone
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT min(r.refreshed_at) FROM private.dashboard_refreshes r
$$;


--
-- Name: dashboard_finance(uuid, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.dashboard_finance(p_tenant_id uuid, p_from date) RETURNS TABLE(month date, kind text, category text, currency text, amount numeric, entries bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    PERFORM private.require_permission(p_tenant_id, 'finance.read');
    RETURN QUERY
        SELECT m.month, m.kind, m.category, m.currency, sum(m.amount), sum(m.entries)::bigint
        FROM private.dashboard_finance_monthly m
        WHERE m.tenant_id = p_tenant_id AND m.month >= p_from
          AND m.farm_id = ANY (ARRAY(SELECT private.accessible_farm_ids(p_tenant_id)))
        GROUP BY 1, 2, 3, 4;
END
$$;


--
-- Name: dashboard_herd(uuid, date, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.dashboard_herd(p_tenant_id uuid, p_today date, p_days integer) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_farms uuid[];
    v_start date := p_today - p_days + 1;
    v_window integer := CASE WHEN p_days <= 30 THEN 30 WHEN p_days <= 90 THEN 90 ELSE 365 END;
BEGIN
    PERFORM private.require_permission(p_tenant_id, 'livestock.read');
    v_farms := ARRAY(SELECT private.accessible_farm_ids(p_tenant_id));
    RETURN jsonb_build_object(
        'as_of', (SELECT min(r.refreshed_at) FROM private.dashboard_refreshes r),
        'repeat_heat', (SELECT coalesce(sum(b.repeat_heat), 0) FROM private.dashboard_breeding b
                        WHERE b.tenant_id = p_tenant_id AND b.farm_id = ANY (v_farms)),
        'services', (SELECT coalesce(sum(b.services), 0) FROM private.dashboard_breeding b
                     WHERE b.tenant_id = p_tenant_id AND b.farm_id = ANY (v_farms)),
        'conceived', (SELECT coalesce(sum(b.conceived), 0) FROM private.dashboard_breeding b
                      WHERE b.tenant_id = p_tenant_id AND b.farm_id = ANY (v_farms)),
        'calving', (SELECT coalesce(jsonb_agg(jsonb_build_object('species', x.species, 'cows', x.cows,
                        'mean_interval_days', round(x.days::numeric / x.cows, 1)) ORDER BY x.species), '[]'::jsonb)
                    FROM (SELECT b.species, sum(b.calving_cows) AS cows, sum(b.calving_days) AS days
                          FROM private.dashboard_breeding b
                          WHERE b.tenant_id = p_tenant_id AND b.farm_id = ANY (v_farms)
                          GROUP BY b.species HAVING sum(b.calving_cows) > 0) x),
        'deaths', (SELECT coalesce(sum(h.deaths), 0) FROM private.dashboard_herd_daily h
                   WHERE h.tenant_id = p_tenant_id AND h.farm_id = ANY (v_farms) AND h.day BETWEEN v_start AND p_today),
        'net_weighted', (SELECT coalesce(sum((h.entries - h.exits) * least(h.day - v_start, p_days)), 0)
                         FROM private.dashboard_herd_daily h
                         WHERE h.tenant_id = p_tenant_id AND h.farm_id = ANY (v_farms) AND h.day > v_start),
        'adg', jsonb_build_object('window_days', v_window, 'groups', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('farm_id', g.farm_id, 'farm', f.name, 'species', g.species,
                       'animals', g.animals, 'adg_kg_per_day', round(g.adg_sum / g.animals, 3))
                       ORDER BY f.name, g.species), '[]'::jsonb)
            FROM private.dashboard_adg g JOIN public.farms f ON f.tenant_id = g.tenant_id AND f.id = g.farm_id
            WHERE g.tenant_id = p_tenant_id AND g.window_days = v_window AND g.farm_id = ANY (v_farms))));
END
$$;


--
-- Name: dashboard_money(uuid, date, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.dashboard_money(p_tenant_id uuid, p_from date, p_to date) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('currency', x.currency, 'revenue', x.revenue,
               'expenses', x.expenses, 'profit', x.revenue - x.expenses) ORDER BY x.currency), '[]'::jsonb)
    FROM (SELECT f.currency, coalesce(sum(f.amount) FILTER (WHERE f.kind = 'revenue'), 0) AS revenue,
                 coalesce(sum(f.amount) FILTER (WHERE f.kind = 'expense'), 0) AS expenses
          FROM private.dashboard_finance(p_tenant_id, p_from) f
          WHERE f.month <= p_to
          GROUP BY f.currency) x
$$;


--
-- Name: dashboard_stats(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.dashboard_stats(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    t uuid := dashboard_stats.tenant_id;
    v_farms uuid[];
    v_today date;
    v_month date;
    v_herd jsonb;
    v_animals jsonb;
    v_cows bigint;
    v_finance jsonb;
BEGIN
    PERFORM private.require_permission(t, 'livestock.read');
    v_farms := ARRAY(SELECT private.accessible_farm_ids(t));
    v_today := private.tenant_today(t);
    v_month := date_trunc('month', v_today)::date;
    v_herd := private.dashboard_herd(t, v_today, 30);
    WITH c AS (
        SELECT c.species, c.status, c.head, c.valued, c.value FROM public.animal_counts c
        WHERE c.tenant_id = t AND c.farm_id = ANY (v_farms) AND c.head <> 0)
    SELECT jsonb_build_object(
        'total', coalesce(sum(c.head), 0),
        'active', coalesce(sum(c.head) FILTER (WHERE c.status = 'active'), 0),
        'herd_value', coalesce(sum(c.value) FILTER (WHERE c.status = 'active'), 0),
        'unvalued', coalesce(sum(c.head - c.valued) FILTER (WHERE c.status = 'active'), 0),
        'by_status', (SELECT coalesce(jsonb_object_agg(s.status, s.head), '{}'::jsonb)
                      FROM (SELECT c.status, sum(c.head) AS head FROM c GROUP BY c.status) s),
        'by_species', (SELECT coalesce(jsonb_object_agg(s.species, jsonb_build_object('active', s.active,
                           'total', s.total)), '{}'::jsonb)
                       FROM (SELECT c.species, sum(c.head) AS total,
                                    coalesce(sum(c.head) FILTER (WHERE c.status = 'active'), 0) AS active
                             FROM c GROUP BY c.species) s))
    INTO v_animals FROM c;
    v_cows := (SELECT coalesce(sum(o.open), 0) FROM public.open_lactation_counts o
               WHERE o.tenant_id = t AND o.farm_id = ANY (v_farms) AND o.species = 'cattle')
            + (SELECT count(*) FROM public.lactations l
               JOIN public.animals a ON a.tenant_id = l.tenant_id AND a.id = l.animal_id
               WHERE l.tenant_id = t AND l.dried_off_on >= v_today AND l.started_on <= v_today
                 AND a.species = 'cattle' AND l.farm_id = ANY (v_farms));
    IF private.has_permission(t, 'finance.read') THEN
        v_finance := jsonb_build_object(
            'this_month', private.dashboard_money(t, v_month, v_month),
            'last_month', private.dashboard_money(t, (v_month - interval '1 month')::date,
                                                  (v_month - interval '1 month')::date));
    END IF;
    RETURN jsonb_build_object(
        'as_of', v_herd -> 'as_of',
        'today', v_today,
        'farms', cardinality(v_farms),
        'animals', v_animals || jsonb_build_object(
            'in_withdrawal', (
                SELECT count(DISTINCT tr.animal_id) FROM public.treatments tr
                JOIN public.animals a ON a.tenant_id = tr.tenant_id AND a.id = tr.animal_id
                WHERE tr.tenant_id = t AND greatest(tr.meat_clear_on, tr.milk_clear_on, tr.eggs_clear_on) > v_today
                  AND tr.course_start <= v_today AND a.status = 'active' AND a.deleted_at IS NULL
                  AND a.farm_id = ANY (v_farms))),
        'groups', (SELECT jsonb_build_object('count', count(*),
                              'heads', coalesce(sum(g.female_count + g.male_count + g.unknown_count), 0),
                              'in_withdrawal', count(*) FILTER (WHERE EXISTS (
                                  SELECT 1 FROM public.treatments tr
                                  WHERE tr.tenant_id = g.tenant_id AND tr.group_id = g.id
                                    AND greatest(tr.meat_clear_on, tr.milk_clear_on, tr.eggs_clear_on) > v_today
                                    AND tr.course_start <= v_today)))
                   FROM public.animal_groups g
                   WHERE g.tenant_id = t AND g.deleted_at IS NULL AND g.farm_id = ANY (v_farms)),
        'breeding', jsonb_build_object(
            'births_due_30_days', (SELECT count(*) FROM public.breeding_services s
                                   WHERE s.tenant_id = t AND s.status IN ('served', 'confirmed')
                                     AND s.expected_due_on <= v_today + 30 AND s.farm_id = ANY (v_farms)),
            'repeat_heat', v_herd -> 'repeat_heat'),
        'production', (
            SELECT jsonb_build_object(
                'milk_today', coalesce(jsonb_agg(jsonb_build_object('unit', p.unit, 'quantity', p.quantity,
                                  'withheld', p.withheld) ORDER BY p.unit) FILTER (WHERE p.product = 'milk'),
                                  '[]'::jsonb),
                'eggs_today', coalesce(sum(p.quantity) FILTER (WHERE p.product = 'eggs'), 0),
                'eggs_withheld_today', coalesce(sum(p.withheld) FILTER (WHERE p.product = 'eggs'), 0),
                'milk_per_lactating_cow', jsonb_build_object(
                    'cows_in_lactation', v_cows,
                    'milk', coalesce(jsonb_agg(jsonb_build_object('unit', p.unit, 'quantity', p.cattle,
                                'per_cow', CASE WHEN v_cows > 0 THEN round(p.cattle / v_cows, 2) END)
                                ORDER BY p.unit) FILTER (WHERE p.product = 'milk' AND p.cattle > 0), '[]'::jsonb)))
            FROM (SELECT d.product, d.unit, sum(d.quantity) AS quantity, sum(d.withheld) AS withheld,
                         coalesce(sum(d.quantity) FILTER (WHERE d.species = 'cattle'), 0) AS cattle
                  FROM public.production_daily_totals d
                  WHERE d.tenant_id = t AND d.recorded_on = v_today AND d.farm_id = ANY (v_farms)
                    AND d.product IN ('milk', 'eggs') AND d.records <> 0
                  GROUP BY d.product, d.unit) p),
        'finance', v_finance);
END
$$;


--
-- Name: default_group_start(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.default_group_start() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.started_on := coalesce(NEW.started_on, private.tenant_today(NEW.tenant_id));
    RETURN NEW;
END
$$;


--
-- Name: empty_for_resync(text[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.empty_for_resync(p_tables text[] DEFAULT NULL::text[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_role text;
    v_tables text[] := ARRAY(SELECT t::pg_catalog.regclass::text
                             FROM unnest(coalesce(p_tables, ARRAY(SELECT r.table_name FROM private.replicated_tables() r))) t);
BEGIN
    SELECT n.role INTO v_role FROM private.node_state n;
    IF v_role = 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'this database is the active one: it is copied from, never emptied',
            HINT = 'active_database';
    END IF;
    PERFORM pg_catalog.set_config('synchronous_commit', 'local', true);
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', 'on', true);
    PERFORM pg_catalog.set_config('ifarm.audit_maintenance', 'on', true);  -- the audit log refuses TRUNCATE otherwise
    EXECUTE 'TRUNCATE ' || array_to_string(v_tables, ', ');
    PERFORM pg_catalog.set_config('ifarm.audit_maintenance', 'off', true);
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', '', true);
    RETURN cardinality(v_tables);
END
$$;


--
-- Name: enforce_plan_limits(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.enforce_plan_limits() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_tenant uuid;
BEGIN
    FOR v_tenant IN SELECT DISTINCT n.tenant_id FROM new_rows n LOOP
        PERFORM pg_advisory_xact_lock(hashtext('ifarm-plan-' || TG_ARGV[0]), hashtext(v_tenant::text));
        PERFORM private.check_plan_limit(v_tenant, TG_ARGV[0], private.usage_count(v_tenant, TG_ARGV[0]));
    END LOOP;
    RETURN NULL;
END
$$;


--
-- Name: ensure_profile(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.ensure_profile(p_user_id uuid) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    INSERT INTO public.profiles (id, email, full_name)
    SELECT u.id, lower(u.email), u.raw_user_meta_data ->> 'full_name'
    FROM auth.users u WHERE u.id = p_user_id
    ON CONFLICT (id) DO NOTHING
$$;


--
-- Name: expenses; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.expenses (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    category_id uuid NOT NULL,
    vendor_id uuid,
    amount numeric(14,2) NOT NULL,
    currency character(3) NOT NULL,
    spent_on date NOT NULL,
    description text NOT NULL,
    receipt_media_id uuid,
    corrects_id uuid,
    status text DEFAULT 'draft'::text NOT NULL,
    created_by uuid,
    submitted_at timestamp with time zone,
    decided_by uuid,
    decided_at timestamp with time zone,
    rejection_reason text,
    paid_by uuid,
    paid_at timestamp with time zone,
    payment_reference text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT expenses_amount_check CHECK ((amount <> (0)::numeric)),
    CONSTRAINT expenses_check CHECK (((amount > (0)::numeric) OR (corrects_id IS NOT NULL))),
    CONSTRAINT expenses_check1 CHECK (((status = 'rejected'::text) = (rejection_reason IS NOT NULL))),
    CONSTRAINT expenses_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT expenses_description_check CHECK (((length(btrim(description)) >= 1) AND (length(btrim(description)) <= 500))),
    CONSTRAINT expenses_payment_reference_check CHECK ((length(payment_reference) <= 100)),
    CONSTRAINT expenses_rejection_reason_check CHECK ((length(rejection_reason) <= 500)),
    CONSTRAINT expenses_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'submitted'::text, 'approved'::text, 'rejected'::text, 'paid'::text])))
);

ALTER TABLE ONLY public.expenses FORCE ROW LEVEL SECURITY;


--
-- Name: expense_json(public.expenses); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.expense_json(e public.expenses) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT to_jsonb(e) || jsonb_build_object(
        'category', (SELECT c.code FROM public.expense_categories c WHERE c.tenant_id = e.tenant_id AND c.id = e.category_id),
        'vendor', (SELECT v.name FROM public.counterparties v WHERE v.tenant_id = e.tenant_id AND v.id = e.vendor_id),
        'allocations', coalesce((SELECT jsonb_agg(jsonb_build_object('animal_id', a.animal_id, 'group_id', a.group_id,
                            'heads', a.heads, 'amount', a.amount, 'per_head', round(a.amount / a.heads, 2))
                        ORDER BY a.amount DESC, a.id)
                        FROM public.expense_allocations a WHERE a.tenant_id = e.tenant_id AND a.expense_id = e.id),
                        '[]'::jsonb))
$$;


--
-- Name: expire_pending_media(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.expire_pending_media(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_count bigint;
BEGIN
    DELETE FROM public.media_files m WHERE m.status = 'pending' AND m.created_at < p_as_of - interval '1 day';
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: farms; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.farms (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    farm_type text DEFAULT 'mixed'::text NOT NULL,
    latitude numeric(9,6),
    longitude numeric(9,6),
    area_hectares numeric(12,2),
    timezone text,
    is_organic boolean DEFAULT false NOT NULL,
    CONSTRAINT farms_area_hectares_check CHECK ((area_hectares >= (0)::numeric)),
    CONSTRAINT farms_farm_type_check CHECK ((farm_type = ANY (ARRAY['dairy'::text, 'beef'::text, 'poultry'::text, 'small_ruminant'::text, 'pig'::text, 'mixed'::text]))),
    CONSTRAINT farms_latitude_check CHECK (((latitude >= ('-90'::integer)::numeric) AND (latitude <= (90)::numeric))),
    CONSTRAINT farms_longitude_check CHECK (((longitude >= ('-180'::integer)::numeric) AND (longitude <= (180)::numeric))),
    CONSTRAINT farms_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200)))
);

ALTER TABLE ONLY public.farms FORCE ROW LEVEL SECURITY;


--
-- Name: farm_json(public.farms); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.farm_json(f public.farms) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', f.id, 'tenant_id', f.tenant_id, 'name', f.name, 'farm_type', f.farm_type,
        'latitude', f.latitude, 'longitude', f.longitude, 'area_hectares', f.area_hectares,
        'timezone', f.timezone, 'is_organic', f.is_organic, 'created_at', f.created_at, 'updated_at', f.updated_at)
$$;


--
-- Name: fence(bigint, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.fence(p_active_epoch bigint, p_reason text DEFAULT NULL::text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    PERFORM pg_catalog.set_config('synchronous_commit', 'local', true);
    UPDATE private.node_state SET role = 'fenced', reason = p_reason, changed_at = now()
    WHERE role = 'active' AND epoch < p_active_epoch;
    RETURN FOUND;
END
$$;


--
-- Name: finance_defaults_for_new_tenant(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.finance_defaults_for_new_tenant() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    PERFORM private.add_finance_defaults(NEW.id);
    RETURN NULL;
END
$$;


--
-- Name: forget_media_objects(text, text[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.forget_media_objects(p_bucket_id text, p_names text[]) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_count bigint;
BEGIN
    PERFORM set_config('storage.allow_delete_query', 'true', true);  -- Supabase refuses direct deletes otherwise
    DELETE FROM storage.objects o
    WHERE o.bucket_id = p_bucket_id AND o.name = ANY (p_names)
      AND NOT EXISTS (SELECT 1 FROM public.media_files m WHERE m.bucket_id = o.bucket_id AND m.object_name = o.name);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: gestation_days(uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.gestation_days(p_tenant_id uuid, p_animal_id uuid) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT coalesce(b.gestation_days, tb.gestation_days, s.gestation_days)
    FROM public.animals a
    JOIN public.species s ON s.code = a.species
    LEFT JOIN public.breeds b ON b.id = a.breed_id
    LEFT JOIN public.tenant_breeds tb ON tb.tenant_id = a.tenant_id AND tb.id = a.tenant_breed_id
    WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id
$$;


--
-- Name: grant_farm_to_creator(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.grant_farm_to_creator() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_uid uuid := auth.uid();
BEGIN
    IF v_uid IS NOT NULL AND NOT private.has_permission(NEW.tenant_id, 'farms.all')
       AND private.is_member(NEW.tenant_id) THEN
        INSERT INTO public.farm_access (tenant_id, user_id, farm_id, granted_by)
        VALUES (NEW.tenant_id, v_uid, NEW.id, v_uid)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: guard_animal_change(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.guard_animal_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_writer boolean;
BEGIN
    IF auth.uid() IS NULL OR pg_trigger_depth() > 1 THEN
        RETURN NEW;
    END IF;
    v_writer := private.has_permission(NEW.tenant_id, 'livestock.write');
    IF NEW.deleted_at IS DISTINCT FROM OLD.deleted_at AND NOT private.has_permission(NEW.tenant_id, 'livestock.delete') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may not delete animals', HINT = 'permission_denied';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NEW.status = 'deceased' AND NOT (v_writer OR private.has_permission(NEW.tenant_id, 'livestock.death')) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may not record deaths', HINT = 'permission_denied';
        END IF;
        IF NEW.status <> 'deceased' AND NOT private.has_permission(NEW.tenant_id, 'livestock.exit') THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = format('your role may not mark animals %s', NEW.status), HINT = 'permission_denied';
        END IF;
    END IF;
    IF NOT v_writer AND (to_jsonb(NEW) - ARRAY['status', 'exit_date', 'exit_reason', 'updated_at'])
                        IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'exit_date', 'exit_reason', 'updated_at']) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may only record deaths of animals',
            HINT = 'permission_denied';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: guard_expense(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.guard_expense() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: guard_invitations(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.guard_invitations() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.role = 'owner' AND auth.uid() IS NOT NULL AND private.member_role(NEW.tenant_id) IS DISTINCT FROM 'owner' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only an owner can invite an owner',
            HINT = 'owner_required';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: guard_invoice(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.guard_invoice() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: guard_tenant_members(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.guard_tenant_members() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_uid uuid := auth.uid();
BEGIN
    PERFORM 1 FROM public.tenants t WHERE t.id = OLD.tenant_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN OLD;  -- the tenant itself is being deleted: its members go with it
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.role = OLD.role THEN
        RETURN NEW;
    END IF;
    IF v_uid IS NOT NULL
       AND (OLD.role = 'owner' OR (TG_OP = 'UPDATE' AND NEW.role = 'owner'))
       AND NOT (TG_OP = 'DELETE' AND OLD.user_id = v_uid)
       AND NOT EXISTS (SELECT 1 FROM public.tenant_members m
                       WHERE m.tenant_id = OLD.tenant_id AND m.user_id = v_uid AND m.role = 'owner') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only an owner can grant or take the owner role',
            HINT = 'owner_required';
    END IF;
    IF OLD.role = 'owner' AND (TG_OP = 'DELETE' OR NEW.role <> 'owner')
       AND NOT EXISTS (SELECT 1 FROM public.tenant_members m
                       WHERE m.tenant_id = OLD.tenant_id AND m.role = 'owner' AND m.user_id <> OLD.user_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'a tenant must keep at least one owner',
            DETAIL = format('user_id=%s is the last owner', OLD.user_id),
            HINT = 'last_owner: make another member owner first';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: has_permission(uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.has_permission(p_tenant_id uuid, p_permission text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (
        SELECT 1
        FROM public.tenant_members m
        JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = p_permission
        WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
    )
$$;


--
-- Name: health_checks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.health_checks (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    checked_on date NOT NULL,
    temperature_c numeric(4,1),
    body_condition_score numeric(2,1),
    is_sick boolean DEFAULT false NOT NULL,
    diagnosis text,
    vet_name text,
    notes text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT health_checks_body_condition_score_check CHECK (((body_condition_score >= (1)::numeric) AND (body_condition_score <= (5)::numeric))),
    CONSTRAINT health_checks_check CHECK ((num_nonnulls(animal_id, group_id) = 1)),
    CONSTRAINT health_checks_diagnosis_check CHECK ((length(diagnosis) <= 500)),
    CONSTRAINT health_checks_notes_check CHECK ((length(notes) <= 2000)),
    CONSTRAINT health_checks_temperature_c_check CHECK (((temperature_c >= (30)::numeric) AND (temperature_c <= (45)::numeric))),
    CONSTRAINT health_checks_vet_name_check CHECK ((length(vet_name) <= 200))
);

ALTER TABLE ONLY public.health_checks FORCE ROW LEVEL SECURITY;


--
-- Name: health_check_json(public.health_checks); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.health_check_json(h public.health_checks) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', h.id, 'tenant_id', h.tenant_id, 'farm_id', h.farm_id, 'animal_id', h.animal_id,
        'group_id', h.group_id, 'checked_on', h.checked_on, 'temperature_c', h.temperature_c,
        'body_condition_score', h.body_condition_score, 'is_sick', h.is_sick, 'diagnosis', h.diagnosis,
        'vet_name', h.vet_name, 'notes', h.notes, 'recorded_by', h.recorded_by, 'created_at', h.created_at)
$$;


--
-- Name: health_events_of_kind(jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.health_events_of_kind(p_page jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT jsonb_build_object('count', p_page -> 'count',
        'results', coalesce((SELECT jsonb_agg(e -> 'data' ORDER BY o) FROM jsonb_array_elements(p_page -> 'results')
                             WITH ORDINALITY AS r (e, o)), '[]'::jsonb))
$$;


--
-- Name: invoices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invoices (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    customer_id uuid,
    number text,
    year integer,
    sequence integer,
    status text DEFAULT 'draft'::text NOT NULL,
    currency character(3) NOT NULL,
    issued_on date,
    due_on date,
    subtotal numeric(14,2) DEFAULT 0 NOT NULL,
    tax_total numeric(14,2) DEFAULT 0 NOT NULL,
    total numeric(14,2) DEFAULT 0 NOT NULL,
    amount_paid numeric(14,2) DEFAULT 0 NOT NULL,
    notes text,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT invoices_amount_paid_check CHECK ((amount_paid >= (0)::numeric)),
    CONSTRAINT invoices_check CHECK (((status = 'draft'::text) = (number IS NULL))),
    CONSTRAINT invoices_check1 CHECK ((amount_paid <= total)),
    CONSTRAINT invoices_check2 CHECK (((due_on IS NULL) OR (issued_on IS NULL) OR (due_on >= issued_on))),
    CONSTRAINT invoices_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT invoices_notes_check CHECK ((length(notes) <= 2000)),
    CONSTRAINT invoices_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'issued'::text, 'paid'::text, 'overdue'::text, 'void'::text])))
);

ALTER TABLE ONLY public.invoices FORCE ROW LEVEL SECURITY;


--
-- Name: invoice_json(public.invoices); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.invoice_json(i public.invoices) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT to_jsonb(i) || jsonb_build_object(
        'outstanding', i.total - i.amount_paid,
        'lines', coalesce((SELECT jsonb_agg(to_jsonb(l) - 'tenant_id' ORDER BY l.position) FROM public.invoice_lines l
                           WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.id), '[]'::jsonb),
        'payments', coalesce((SELECT jsonb_agg(to_jsonb(p) - 'tenant_id' ORDER BY p.paid_on, p.created_at)
                              FROM public.payments p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id), '[]'::jsonb))
$$;


--
-- Name: is_member(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.is_member(p_tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.tenant_members m WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
    )
$$;


--
-- Name: is_outsider(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.is_outsider(p_tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT auth.uid() IS NOT NULL AND NOT private.is_member(p_tenant_id)
$$;


--
-- Name: is_shared_breed(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.is_shared_breed(p_breed_id uuid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT EXISTS (SELECT 1 FROM public.breeds b WHERE b.id = p_breed_id)
$$;


--
-- Name: is_time_zone(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.is_time_zone(tz text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = tz)
$$;


--
-- Name: job_finished(bigint, bigint, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.job_finished(p_run_id bigint, p_rows bigint, p_error text) RETURNS void
    LANGUAGE sql
    AS $$
    UPDATE private.job_runs SET finished_at = clock_timestamp(), rows_affected = p_rows, error = p_error,
        status = CASE WHEN p_error IS NULL THEN 'succeeded' ELSE 'failed' END
    WHERE id = p_run_id
$$;


--
-- Name: job_started(text, timestamp with time zone, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.job_started(p_job text, p_scheduled_for timestamp with time zone, p_runner text) RETURNS bigint
    LANGUAGE sql
    AS $$
    INSERT INTO private.job_runs (job, scheduled_for, runner) VALUES (p_job, p_scheduled_for, p_runner)
    ON CONFLICT (job, scheduled_for) DO NOTHING
    RETURNING id
$$;


--
-- Name: keep_production_revision(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.keep_production_revision() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    INSERT INTO public.production_record_revisions (tenant_id, record_id, farm_id, old_quantity, new_quantity, unit,
        reason, corrected_by)
    VALUES (OLD.tenant_id, OLD.id, OLD.farm_id, OLD.quantity, NEW.quantity, OLD.unit,
        nullif(pg_catalog.current_setting('ifarm.correction_reason', true), ''), auth.uid());
    RETURN NULL;
END
$$;


--
-- Name: label_hours(text, integer, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.label_hours(p_product text, p_days integer, p_hours integer) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
    IF p_days IS NOT NULL AND p_hours IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('give the %s withdrawal in days or in hours, not both', p_product),
            HINT = 'withdrawal_days_or_hours';
    END IF;
    IF coalesce(p_days, p_hours) < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('the %s withdrawal cannot be negative', p_product),
            HINT = 'withdrawal_negative';
    END IF;
    RETURN coalesce(p_days * 24, p_hours);
END
$$;


--
-- Name: subscriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscriptions (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    plan_code text NOT NULL,
    status text DEFAULT 'trial'::text NOT NULL,
    billing_cycle text DEFAULT 'monthly'::text NOT NULL,
    trial_ends_on date,
    current_period_start date NOT NULL,
    current_period_end date NOT NULL,
    next_billing_on date,
    cancel_at_period_end boolean DEFAULT false NOT NULL,
    failed_attempts integer DEFAULT 0 NOT NULL,
    next_retry_on date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    pending_plan_code text,
    pending_billing_cycle text,
    suspended_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    billing_anchor_on date,
    CONSTRAINT subscriptions_billing_cycle_check CHECK ((billing_cycle = ANY (ARRAY['monthly'::text, 'yearly'::text]))),
    CONSTRAINT subscriptions_check CHECK ((current_period_end > current_period_start)),
    CONSTRAINT subscriptions_failed_attempts_check CHECK ((failed_attempts >= 0)),
    CONSTRAINT subscriptions_pending_billing_cycle_check CHECK ((pending_billing_cycle = ANY (ARRAY['monthly'::text, 'yearly'::text]))),
    CONSTRAINT subscriptions_status_check CHECK ((status = ANY (ARRAY['trial'::text, 'active'::text, 'past_due'::text, 'suspended'::text, 'cancelled'::text, 'expired'::text])))
);

ALTER TABLE ONLY public.subscriptions FORCE ROW LEVEL SECURITY;


--
-- Name: lock_subscription(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.lock_subscription(p_tenant_id uuid) RETURNS public.subscriptions
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_sub public.subscriptions;
BEGIN
    PERFORM private.require_permission(p_tenant_id, 'billing.manage');
    SELECT * INTO v_sub FROM public.subscriptions s WHERE s.tenant_id = p_tenant_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'the tenant has no subscription',
            HINT = 'subscription_not_found';
    END IF;
    RETURN v_sub;
END
$$;


--
-- Name: mark_overdue_invoices(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.mark_overdue_invoices(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: media_allowed(uuid, uuid, uuid, uuid, uuid, uuid, uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.media_allowed(p_tenant_id uuid, p_animal_id uuid, p_farm_id uuid, p_user_id uuid, p_invoice_id uuid, p_expense_id uuid, p_uploaded_by uuid, p_action text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_uid uuid := auth.uid();
    v_farm uuid;
    v_creator uuid;
    v_finance text := CASE p_action WHEN 'read' THEN 'finance.read' ELSE 'finance.write' END;
BEGIN
    IF v_uid IS NULL OR NOT private.is_member(p_tenant_id) THEN
        RETURN false;
    END IF;
    IF p_user_id IS NOT NULL THEN
        RETURN p_action = 'read' OR p_user_id = v_uid OR private.has_permission(p_tenant_id, 'members.manage');
    END IF;
    IF p_invoice_id IS NOT NULL THEN
        RETURN private.has_permission(p_tenant_id, v_finance);
    END IF;
    IF p_expense_id IS NOT NULL THEN
        SELECT e.created_by, e.farm_id INTO v_creator, v_farm
        FROM public.expenses e WHERE e.tenant_id = p_tenant_id AND e.id = p_expense_id;
        RETURN v_creator = v_uid
            OR (private.has_permission(p_tenant_id, v_finance)
                AND v_farm IN (SELECT private.accessible_farm_ids(p_tenant_id)));
    END IF;
    v_farm := coalesce(p_farm_id, (SELECT a.farm_id FROM public.animals a
                                   WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id));
    IF v_farm IS NULL OR v_farm NOT IN (SELECT private.accessible_farm_ids(p_tenant_id)) THEN
        RETURN false;
    END IF;
    RETURN CASE p_action
        WHEN 'read' THEN true
        WHEN 'write' THEN private.has_permission(p_tenant_id, 'media.write')
        ELSE private.has_permission(p_tenant_id, 'media.delete')
             OR (p_uploaded_by = v_uid AND private.has_permission(p_tenant_id, 'media.write'))
    END;
END
$$;


--
-- Name: media_buckets(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.media_buckets() RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    SELECT ARRAY['profile-pictures', 'animal-photos', 'farm-photos', 'documents']
$$;


--
-- Name: media_extension(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.media_extension(p_content_type text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    SELECT CASE p_content_type
        WHEN 'image/jpeg' THEN 'jpg' WHEN 'image/png' THEN 'png' WHEN 'image/webp' THEN 'webp'
        WHEN 'application/pdf' THEN 'pdf' END
$$;


--
-- Name: media_files; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.media_files (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    bucket_id text NOT NULL,
    extension text NOT NULL,
    object_name text GENERATED ALWAYS AS ((((((tenant_id)::text || '/'::text) || (id)::text) || '.'::text) || extension)) STORED NOT NULL,
    content_type text NOT NULL,
    animal_id uuid,
    farm_id uuid,
    user_id uuid,
    invoice_id uuid,
    expense_id uuid,
    document_type text,
    title text,
    file_name text,
    status text DEFAULT 'pending'::text NOT NULL,
    size_bytes bigint,
    uploaded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    uploaded_at timestamp with time zone,
    CONSTRAINT media_files_bucket_id_check CHECK ((bucket_id = ANY (ARRAY['profile-pictures'::text, 'animal-photos'::text, 'farm-photos'::text, 'documents'::text]))),
    CONSTRAINT media_files_check CHECK (
CASE bucket_id
    WHEN 'animal-photos'::text THEN ((animal_id IS NOT NULL) AND (num_nonnulls(farm_id, user_id, invoice_id, expense_id) = 0))
    WHEN 'farm-photos'::text THEN ((farm_id IS NOT NULL) AND (num_nonnulls(animal_id, user_id, invoice_id, expense_id) = 0))
    WHEN 'profile-pictures'::text THEN ((user_id IS NOT NULL) AND (num_nonnulls(animal_id, farm_id, invoice_id, expense_id) = 0))
    ELSE ((user_id IS NULL) AND (num_nonnulls(animal_id, farm_id, invoice_id, expense_id) = 1))
END),
    CONSTRAINT media_files_check1 CHECK (((bucket_id = 'documents'::text) = (document_type IS NOT NULL))),
    CONSTRAINT media_files_check2 CHECK (((status = 'ready'::text) = (uploaded_at IS NOT NULL))),
    CONSTRAINT media_files_content_type_check CHECK ((content_type ~ '^[a-z]+/[a-z0-9.+-]+$'::text)),
    CONSTRAINT media_files_document_type_check CHECK ((document_type = ANY (ARRAY['invoice'::text, 'receipt'::text, 'vet_report'::text, 'certificate'::text, 'contract'::text, 'other'::text]))),
    CONSTRAINT media_files_extension_check CHECK ((extension ~ '^[a-z0-9]{1,5}$'::text)),
    CONSTRAINT media_files_file_name_check CHECK ((length(file_name) <= 255)),
    CONSTRAINT media_files_size_bytes_check CHECK ((size_bytes >= 0)),
    CONSTRAINT media_files_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'ready'::text]))),
    CONSTRAINT media_files_title_check CHECK ((length(title) <= 200))
);

ALTER TABLE ONLY public.media_files FORCE ROW LEVEL SECURITY;


--
-- Name: media_for_object(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.media_for_object(p_bucket_id text, p_name text) RETURNS public.media_files
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
DECLARE
    v_uuid constant text := '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
    v_media public.media_files;
BEGIN
    IF p_name IS NULL OR p_name !~ ('^' || v_uuid || '/' || v_uuid || '\.[a-z0-9]{1,5}$') THEN
        RETURN NULL;
    END IF;
    SELECT m.* INTO v_media FROM public.media_files m
    WHERE m.tenant_id = split_part(p_name, '/', 1)::uuid
      AND m.id = split_part(split_part(p_name, '/', 2), '.', 1)::uuid
      AND m.bucket_id = p_bucket_id AND m.object_name = p_name;
    RETURN v_media;
END
$_$;


--
-- Name: media_json(public.media_files); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.media_json(m public.media_files) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    SELECT jsonb_build_object(
        'id', m.id, 'tenant_id', m.tenant_id, 'bucket', m.bucket_id, 'path', m.object_name,
        'content_type', m.content_type, 'status', m.status, 'size_bytes', m.size_bytes,
        'animal_id', m.animal_id, 'farm_id', m.farm_id, 'user_id', m.user_id, 'invoice_id', m.invoice_id,
        'expense_id', m.expense_id, 'document_type', m.document_type, 'title', m.title, 'file_name', m.file_name,
        'uploaded_by', m.uploaded_by, 'created_at', m.created_at, 'uploaded_at', m.uploaded_at,
        'upload_url', '/storage/v1/object/' || m.bucket_id || '/' || m.object_name,
        'public_url', CASE WHEN m.bucket_id = 'profile-pictures'
                           THEN '/storage/v1/object/public/' || m.bucket_id || '/' || m.object_name END)
$$;


--
-- Name: media_object_removed(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.media_object_removed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    DELETE FROM public.media_files m WHERE m.bucket_id = OLD.bucket_id AND m.object_name = OLD.name;
    RETURN NULL;
END
$$;


--
-- Name: media_object_stored(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.media_object_stored() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_media public.media_files := private.media_for_object(NEW.bucket_id, NEW.name);
BEGIN
    IF v_media.id IS NOT NULL AND NEW.metadata IS NOT NULL THEN
        UPDATE public.media_files m
        SET status = 'ready', uploaded_at = now(),
            size_bytes = nullif(NEW.metadata ->> 'size', '')::bigint
        WHERE m.tenant_id = v_media.tenant_id AND m.id = v_media.id;
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: member_role(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.member_role(p_tenant_id uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT m.role FROM public.tenant_members m WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
$$;


--
-- Name: move_expense(uuid, uuid, text, text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.move_expense(p_tenant_id uuid, p_expense_id uuid, p_status text, p_reason text DEFAULT NULL::text, p_reference text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: move_invoice(uuid, uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.move_invoice(p_tenant_id uuid, p_invoice_id uuid, p_status text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: my_colleague_ids(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.my_colleague_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT DISTINCT other.user_id
    FROM public.tenant_members mine
    JOIN public.tenant_members other ON other.tenant_id = mine.tenant_id
    WHERE mine.user_id = auth.uid()
$$;


--
-- Name: my_farms(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.my_farms() RETURNS TABLE(tenant_id uuid, farm_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT f.tenant_id, f.id
    FROM public.tenant_members m
    JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = 'farms.all'
    JOIN public.farms f ON f.tenant_id = m.tenant_id
    WHERE m.user_id = auth.uid()
    UNION
    SELECT a.tenant_id, a.farm_id FROM public.farm_access a WHERE a.user_id = auth.uid()
$$;


--
-- Name: my_tenant_ids(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.my_tenant_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT m.tenant_id FROM public.tenant_members m WHERE m.user_id = auth.uid()
$$;


--
-- Name: my_tenant_ids_with(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.my_tenant_ids_with(p_permission text) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT m.tenant_id
    FROM public.tenant_members m
    JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = p_permission
    WHERE m.user_id = auth.uid()
$$;


--
-- Name: next_attempt_no(uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.next_attempt_no(p_tenant_id uuid, p_invoice_id uuid) RETURNS integer
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    SELECT coalesce(max(a.attempt_no), 0) + 1 FROM public.payment_attempts a
    WHERE a.tenant_id = p_tenant_id AND a.invoice_id = p_invoice_id
$$;


--
-- Name: now(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.now() RETURNS timestamp with time zone
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT coalesce(nullif(current_setting('ifarm.now', true), '')::timestamptz, now())
$$;


--
-- Name: object_allowed(text, text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.object_allowed(p_bucket_id text, p_name text, p_action text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_media public.media_files := private.media_for_object(p_bucket_id, p_name);
BEGIN
    IF v_media.id IS NULL THEN
        RETURN false;
    END IF;
    IF p_action <> 'read' AND EXISTS (
        SELECT 1 FROM public.subscriptions s
        WHERE s.tenant_id = v_media.tenant_id AND s.status IN ('suspended', 'expired', 'cancelled')) THEN
        RETURN false;
    END IF;
    RETURN private.media_allowed(v_media.tenant_id, v_media.animal_id, v_media.farm_id, v_media.user_id,
                                 v_media.invoice_id, v_media.expense_id, v_media.uploaded_by, p_action);
END
$$;


--
-- Name: orphaned_media_objects(integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.orphaned_media_objects(p_limit integer) RETURNS TABLE(bucket_id text, name text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    SELECT o.bucket_id, o.name FROM storage.objects o
    WHERE o.bucket_id = ANY (private.media_buckets())
      AND NOT EXISTS (SELECT 1 FROM public.media_files m WHERE m.bucket_id = o.bucket_id AND m.object_name = o.name)
    ORDER BY o.created_at, o.name
    LIMIT p_limit
$$;


--
-- Name: parse_production(uuid, jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.parse_production(p_tenant_id uuid, p_records jsonb) RETURNS TABLE(idx integer, animal_id uuid, group_id uuid, product text, quantity numeric, unit text, recorded_on date, session text, fat_pct numeric, protein_pct numeric, somatic_cell_count integer, notes text, error text, error_code text, error_hint text)
    LANGUAGE sql STABLE
    AS $$
    WITH raw AS (
        SELECT (e.o - 1)::integer AS idx, CASE WHEN jsonb_typeof(e.r) = 'object' THEN e.r END AS r
        FROM jsonb_array_elements(p_records) WITH ORDINALITY AS e (r, o)),
    parsed AS (
        SELECT raw.idx, raw.r,
               (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(coalesce(raw.r, '{}')) k
                WHERE k NOT IN ('animal_id', 'group_id', 'product', 'quantity', 'unit', 'recorded_on', 'session',
                                'fat_pct', 'protein_pct', 'somatic_cell_count', 'notes')) AS unknown_keys,
               private.try_uuid(raw.r ->> 'animal_id') AS animal_id,
               private.try_uuid(raw.r ->> 'group_id') AS group_id,
               raw.r ->> 'product' AS product,
               private.try_numeric(raw.r ->> 'quantity') AS quantity,
               raw.r ->> 'unit' AS unit,
               coalesce(private.try_date(raw.r ->> 'recorded_on'),
                        CASE WHEN raw.r ->> 'recorded_on' IS NULL THEN today.day END) AS recorded_on,
               raw.r ->> 'session' AS session,
               private.try_numeric(raw.r ->> 'fat_pct') AS fat_pct,
               private.try_numeric(raw.r ->> 'protein_pct') AS protein_pct,
               private.try_integer(raw.r ->> 'somatic_cell_count') AS somatic_cell_count,
               raw.r ->> 'notes' AS notes
        FROM raw CROSS JOIN (SELECT private.tenant_today(p_tenant_id) AS day) today),
    subject AS (
        SELECT p.*, coalesce(a.species, g.species) AS species,
               (a.id IS NOT NULL OR g.id IS NOT NULL) AS found
        FROM parsed p
        LEFT JOIN public.animals a
            ON a.tenant_id = p_tenant_id AND a.id = p.animal_id AND p.group_id IS NULL AND a.deleted_at IS NULL
        LEFT JOIN public.animal_groups g
            ON g.tenant_id = p_tenant_id AND g.id = p.group_id AND p.animal_id IS NULL AND g.deleted_at IS NULL),
    checked AS (
        SELECT s.*,
               CASE WHEN s.found AND sp.unit IS NULL
                    THEN (SELECT array[u.error, u.hint]
                          FROM private.production_unit_problem(s.species, s.product, s.unit) u) END AS unit_problem,
               min(s.idx) OVER (PARTITION BY s.animal_id, s.group_id, s.product, s.recorded_on,
                                             coalesce(s.session, 'day')) AS first_idx
        FROM subject s
        LEFT JOIN public.species_products sp
            ON sp.species = s.species AND sp.product = s.product AND sp.unit = s.unit),
    judged AS (
        SELECT c.*,
            CASE
                WHEN c.r IS NULL THEN array['each record must be a JSON object', '22023', 'invalid_record']
                WHEN c.unknown_keys IS NOT NULL
                    THEN array['unknown field(s): ' || c.unknown_keys, '22023', 'invalid_record']
                WHEN c.r ->> 'animal_id' IS NOT NULL AND c.animal_id IS NULL
                    THEN array['animal_id is not a uuid', '22023', 'invalid_record']
                WHEN c.r ->> 'group_id' IS NOT NULL AND c.group_id IS NULL
                    THEN array['group_id is not a uuid', '22023', 'invalid_record']
                WHEN num_nonnulls(c.animal_id, c.group_id) <> 1
                    THEN array['give exactly one of animal_id and group_id', '22023', 'animal_or_group']
                WHEN NOT c.found AND c.animal_id IS NOT NULL THEN array['animal not found', 'PT404', 'animal_not_found']
                WHEN NOT c.found THEN array['group not found', 'PT404', 'group_not_found']
                WHEN c.product IS NULL THEN array['product is required', '22023', 'invalid_product']
                WHEN c.r ->> 'quantity' IS NULL THEN array['quantity is required', '22023', 'invalid_quantity']
                WHEN c.quantity IS NULL THEN array['quantity must be a number', '22023', 'invalid_quantity']
                WHEN c.quantity <= 0 THEN array['quantity must be greater than 0', '22023', 'invalid_quantity']
                WHEN c.quantity >= 1000000000 THEN array['quantity is too large', '22023', 'invalid_quantity']
                WHEN c.unit_problem IS NOT NULL THEN array[c.unit_problem[1], '22023', c.unit_problem[2]]
                WHEN c.recorded_on IS NULL
                    THEN array['recorded_on must be a date (YYYY-MM-DD)', '22023', 'invalid_date']
                WHEN c.session IS NOT NULL AND c.session NOT IN ('am', 'pm')
                    THEN array['session must be am or pm (or absent for the day''s total)', '22023', 'invalid_session']
                WHEN c.product <> 'milk' AND (c.r ? 'fat_pct' OR c.r ? 'protein_pct' OR c.r ? 'somatic_cell_count')
                    THEN array['fat_pct, protein_pct and somatic_cell_count are for milk only', '22023',
                               'milk_quality_for_milk_only']
                WHEN (c.r ->> 'fat_pct' IS NOT NULL AND (c.fat_pct IS NULL OR c.fat_pct NOT BETWEEN 0 AND 100))
                  OR (c.r ->> 'protein_pct' IS NOT NULL
                      AND (c.protein_pct IS NULL OR c.protein_pct NOT BETWEEN 0 AND 100))
                    THEN array['fat_pct and protein_pct must be numbers between 0 and 100', '22023',
                               'invalid_milk_quality']
                WHEN c.r ->> 'somatic_cell_count' IS NOT NULL AND c.somatic_cell_count IS NULL
                    THEN array['somatic_cell_count must be a whole number, 0 or more', '22023', 'invalid_milk_quality']
                WHEN length(c.notes) > 2000 THEN array['notes are longer than 2000 characters', '22023', 'invalid_record']
                WHEN c.first_idx < c.idx
                    THEN array[format('duplicate of record %s in this batch (same %s, product, date and session)',
                                      c.first_idx, CASE WHEN c.animal_id IS NOT NULL THEN 'animal' ELSE 'group' END),
                               'PT409', 'duplicate_production_record']
                WHEN EXISTS (SELECT 1 FROM public.production_records pr
                             WHERE pr.tenant_id = p_tenant_id AND c.animal_id IS NOT NULL AND pr.animal_id = c.animal_id
                               AND pr.product = c.product AND pr.recorded_on = c.recorded_on
                               AND coalesce(pr.session, 'day') = coalesce(c.session, 'day'))
                  OR EXISTS (SELECT 1 FROM public.production_records pr
                             WHERE pr.tenant_id = p_tenant_id AND c.group_id IS NOT NULL AND pr.group_id = c.group_id
                               AND pr.product = c.product AND pr.recorded_on = c.recorded_on
                               AND coalesce(pr.session, 'day') = coalesce(c.session, 'day'))
                    THEN array[format('%s %s of %s (%s) is already recorded; correct it instead',
                                      c.product, CASE WHEN c.animal_id IS NOT NULL THEN 'of this animal'
                                                      ELSE 'of this group' END,
                                      c.recorded_on, coalesce(c.session, 'day total')),
                               'PT409', 'duplicate_production_record']
            END AS problem
        FROM checked c)
    SELECT j.idx, j.animal_id, j.group_id, j.product, j.quantity, j.unit, j.recorded_on, j.session, j.fat_pct,
           j.protein_pct, j.somatic_cell_count, j.notes, j.problem[1], j.problem[2], j.problem[3]
    FROM judged j
$$;


--
-- Name: period_end(date, date, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.period_end(p_anchor date, p_start date, p_cycle text) RETURNS date
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    WITH c AS (SELECT CASE p_cycle WHEN 'yearly' THEN 12 ELSE 1 END AS step,
                      ((extract(year FROM p_start) - extract(year FROM p_anchor)) * 12
                       + extract(month FROM p_start) - extract(month FROM p_anchor))::int AS months)
    SELECT min(e.day)
    FROM c CROSS JOIN LATERAL generate_series(greatest(c.months / c.step, 0), greatest(c.months / c.step, 0) + 2) k
    CROSS JOIN LATERAL (SELECT (p_anchor + make_interval(months => k * c.step))::date AS day) e
    WHERE e.day > p_start
$$;


--
-- Name: plan_limit(uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.plan_limit(p_tenant_id uuid, p_resource text) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT CASE p_resource WHEN 'animals' THEN p.max_animals WHEN 'farms' THEN p.max_farms
                           WHEN 'members' THEN p.max_members WHEN 'devices' THEN p.max_devices END
    FROM private.tenant_plan(p_tenant_id) p
$$;


--
-- Name: plan_price(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.plan_price(p_plan_code text, p_cycle text) RETURNS numeric
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    SELECT CASE p_cycle WHEN 'yearly' THEN p.price_yearly ELSE p.price_monthly END
    FROM public.plans p WHERE p.code = p_plan_code
$$;


--
-- Name: prepare_animal_sale(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.prepare_animal_sale() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: prepare_expense(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.prepare_expense() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: prepare_health_record(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.prepare_health_record() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.farm_id := (private.record_subject(NEW.tenant_id, NEW.animal_id, NEW.group_id)).farm_id;
        NEW.recorded_by := coalesce(auth.uid(), NEW.recorded_by);
        NEW.checked_on := coalesce(NEW.checked_on, private.tenant_today(NEW.tenant_id));
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: prepare_invoice(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.prepare_invoice() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: prepare_invoice_line(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.prepare_invoice_line() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: prepare_payment(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.prepare_payment() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: prepare_product_sale(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.prepare_product_sale() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: prepare_production(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.prepare_production() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_subject record;
    v_species text;
    v_held record;
    v_error text;
    v_hint text;
BEGIN
    IF TG_OP = 'INSERT' OR (NEW.product, NEW.unit, NEW.animal_id, NEW.group_id)
                           IS DISTINCT FROM (OLD.product, OLD.unit, OLD.animal_id, OLD.group_id) THEN
        v_subject := private.record_subject(NEW.tenant_id, NEW.animal_id, NEW.group_id);
        v_species := v_subject.species;
        IF TG_OP = 'INSERT' THEN
            NEW.farm_id := v_subject.farm_id;  -- null for a non-member: the policy then refuses the row
        END IF;
        IF v_species IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM public.species_products sp
                WHERE sp.species = v_species AND sp.product = NEW.product AND sp.unit = NEW.unit) THEN
            SELECT u.error, u.hint INTO v_error, v_hint
            FROM private.production_unit_problem(v_species, NEW.product, NEW.unit) u;
            IF v_error IS NOT NULL THEN
                RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = v_error,
                    DETAIL = format('species=%s, product=%s, unit=%s', v_species, NEW.product, NEW.unit),
                    HINT = v_hint;
            END IF;
        END IF;
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.recorded_by := coalesce(auth.uid(), NEW.recorded_by);
        NEW.recorded_on := coalesce(NEW.recorded_on, private.tenant_today(NEW.tenant_id));
    ELSE
        NEW.updated_at := now();
    END IF;
    v_held := private.withholding_treatment(NEW.tenant_id, NEW.animal_id, NEW.group_id, NEW.product, NEW.recorded_on);
    NEW.withheld_treatment_id := v_held.treatment_id;
    NEW.withheld_until := v_held.clear_on;
    NEW.is_withheld := NEW.withheld_until IS NOT NULL;
    RETURN NEW;
END
$$;


--
-- Name: prepare_treatment(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.prepare_treatment() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_subject record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        v_subject := private.record_subject(NEW.tenant_id, NEW.animal_id, NEW.group_id);
        NEW.farm_id := v_subject.farm_id;  -- null for a non-member: the policy then refuses the row
        NEW.is_organic := coalesce(v_subject.is_organic, false);
        NEW.recorded_by := coalesce(auth.uid(), NEW.recorded_by);
    END IF;
    NEW.meat_withdrawal_days := private.withdrawal_days('meat', NEW.meat_withdrawal_hours, NEW.is_cascade, NEW.is_organic);
    NEW.milk_withdrawal_days := private.withdrawal_days('milk', NEW.milk_withdrawal_hours, NEW.is_cascade, NEW.is_organic);
    NEW.eggs_withdrawal_days := private.withdrawal_days('eggs', NEW.eggs_withdrawal_hours, NEW.is_cascade, NEW.is_organic);
    NEW.meat_clear_on := CASE WHEN NEW.meat_withdrawal_days > 0 THEN NEW.course_end + NEW.meat_withdrawal_days END;
    NEW.milk_clear_on := CASE WHEN NEW.milk_withdrawal_days > 0 THEN NEW.course_end + NEW.milk_withdrawal_days END;
    NEW.eggs_clear_on := CASE WHEN NEW.eggs_withdrawal_days > 0 THEN NEW.course_end + NEW.eggs_withdrawal_days END;
    RETURN NEW;
END
$$;


--
-- Name: prepare_vaccination(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.prepare_vaccination() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.farm_id := (private.record_subject(NEW.tenant_id, NEW.animal_id, NEW.group_id)).farm_id;
        NEW.recorded_by := coalesce(auth.uid(), NEW.recorded_by);
        NEW.given_on := coalesce(NEW.given_on, private.tenant_today(NEW.tenant_id));
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: process_recurring_billing(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.process_recurring_billing(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_sub public.subscriptions;
    v_end date;
    v_count bigint := 0;
BEGIN
    FOR v_sub IN
        SELECT * FROM public.subscriptions s
        WHERE s.status IN ('active', 'past_due') AND s.next_billing_on <= (p_as_of AT TIME ZONE 'UTC')::date
        ORDER BY s.next_billing_on
        FOR UPDATE SKIP LOCKED
    LOOP
        WHILE v_sub.next_billing_on <= (p_as_of AT TIME ZONE 'UTC')::date LOOP
            IF v_sub.cancel_at_period_end THEN
                UPDATE public.subscriptions s
                SET status = 'cancelled', cancelled_at = p_as_of, next_billing_on = NULL, next_retry_on = NULL
                WHERE s.tenant_id = v_sub.tenant_id AND s.id = v_sub.id;
                EXIT;
            END IF;
            UPDATE public.subscriptions s
            SET plan_code = coalesce(s.pending_plan_code, s.plan_code),
                billing_cycle = coalesce(s.pending_billing_cycle, s.billing_cycle),
                billing_anchor_on = private.billing_anchor(s.billing_anchor_on, s.next_billing_on, s.billing_cycle,
                                                           coalesce(s.pending_billing_cycle, s.billing_cycle)),
                pending_plan_code = NULL, pending_billing_cycle = NULL
            WHERE s.tenant_id = v_sub.tenant_id AND s.id = v_sub.id
            RETURNING * INTO v_sub;
            v_end := private.period_end(v_sub.billing_anchor_on, v_sub.next_billing_on, v_sub.billing_cycle);
            IF private.raise_subscription_invoice(v_sub, 'recurring', v_sub.next_billing_on, v_end,
                   private.plan_price(v_sub.plan_code, v_sub.billing_cycle), v_sub.next_billing_on) IS NOT NULL THEN
                v_count := v_count + 1;
            END IF;
            UPDATE public.subscriptions s
            SET current_period_start = v_sub.next_billing_on, current_period_end = v_end, next_billing_on = v_end
            WHERE s.tenant_id = v_sub.tenant_id AND s.id = v_sub.id
            RETURNING * INTO v_sub;
        END LOOP;
    END LOOP;
    RETURN v_count + private.retry_failed_payments(p_as_of);
END
$$;


--
-- Name: production_records; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.production_records (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    product text NOT NULL,
    quantity numeric(12,3) NOT NULL,
    unit text NOT NULL,
    recorded_on date NOT NULL,
    session text,
    fat_pct numeric(5,2),
    protein_pct numeric(5,2),
    somatic_cell_count integer,
    is_withheld boolean DEFAULT false NOT NULL,
    withheld_until date,
    withheld_treatment_id uuid,
    notes text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT production_records_check CHECK ((num_nonnulls(animal_id, group_id) = 1)),
    CONSTRAINT production_records_check1 CHECK (((product = 'milk'::text) OR ((fat_pct IS NULL) AND (protein_pct IS NULL) AND (somatic_cell_count IS NULL)))),
    CONSTRAINT production_records_check2 CHECK ((is_withheld = (withheld_until IS NOT NULL))),
    CONSTRAINT production_records_fat_pct_check CHECK (((fat_pct >= (0)::numeric) AND (fat_pct <= (100)::numeric))),
    CONSTRAINT production_records_notes_check CHECK ((length(notes) <= 2000)),
    CONSTRAINT production_records_product_check CHECK ((product = ANY (ARRAY['milk'::text, 'eggs'::text, 'wool'::text, 'weight_gain'::text, 'honey'::text, 'meat'::text]))),
    CONSTRAINT production_records_protein_pct_check CHECK (((protein_pct >= (0)::numeric) AND (protein_pct <= (100)::numeric))),
    CONSTRAINT production_records_quantity_check CHECK ((quantity > (0)::numeric)),
    CONSTRAINT production_records_session_check CHECK ((session = ANY (ARRAY['am'::text, 'pm'::text]))),
    CONSTRAINT production_records_somatic_cell_count_check CHECK ((somatic_cell_count >= 0)),
    CONSTRAINT production_records_unit_check CHECK ((unit = ANY (ARRAY['l'::text, 'kg'::text, 'count'::text, 'g'::text])))
);

ALTER TABLE ONLY public.production_records FORCE ROW LEVEL SECURITY;


--
-- Name: production_json(public.production_records); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.production_json(p public.production_records) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', p.id, 'tenant_id', p.tenant_id, 'farm_id', p.farm_id, 'animal_id', p.animal_id,
        'group_id', p.group_id, 'product', p.product, 'quantity', p.quantity, 'unit', p.unit,
        'recorded_on', p.recorded_on, 'session', p.session, 'fat_pct', p.fat_pct, 'protein_pct', p.protein_pct,
        'somatic_cell_count', p.somatic_cell_count, 'is_withheld', p.is_withheld,
        'withheld_until', p.withheld_until, 'withheld_treatment_id', p.withheld_treatment_id, 'notes', p.notes,
        'recorded_by', p.recorded_by, 'created_at', p.created_at, 'updated_at', p.updated_at)
$$;


--
-- Name: production_unit_problem(text, text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.production_unit_problem(p_species text, p_product text, p_unit text, OUT error text, OUT hint text) RETURNS record
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_units text[];
BEGIN
    SELECT array_agg(sp.unit ORDER BY sp.unit) INTO v_units
    FROM public.species_products sp WHERE sp.species = p_species AND sp.product = p_product;
    IF v_units IS NULL THEN
        error := format('%s does not yield %s; products of %s: %s', p_species, coalesce(p_product, '(none)'), p_species,
            coalesce((SELECT string_agg(DISTINCT sp.product, ', ' ORDER BY sp.product) FROM public.species_products sp
                      WHERE sp.species = p_species), '(none)'));
        hint := 'invalid_product';
    ELSIF p_unit IS NULL OR NOT (p_unit = ANY (v_units)) THEN
        error := format('unit %s is not allowed for %s of %s; allowed units: %s', coalesce(p_unit, '(none)'),
            p_product, p_species, array_to_string(v_units, ', '));
        hint := 'invalid_unit';
    END IF;
END
$$;


--
-- Name: promote(bigint, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.promote(p_expected_epoch bigint, p_reason text DEFAULT NULL::text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_node private.node_state;
    v_sub text;
BEGIN
    PERFORM pg_catalog.set_config('synchronous_commit', 'local', true);
    SELECT * INTO v_node FROM private.node_state FOR UPDATE;
    IF v_node.role = 'active' AND v_node.epoch > p_expected_epoch THEN
        RETURN v_node.epoch;  -- promoted already, by another monitor
    END IF;
    IF v_node.role <> 'standby' OR v_node.epoch <> p_expected_epoch THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('this database is %s at epoch %s; a promotion expected a standby at epoch %s',
                                        v_node.role, v_node.epoch, p_expected_epoch),
            HINT = 'epoch_changed';
    END IF;
    FOR v_sub IN SELECT s.subname FROM pg_catalog.pg_subscription s
                 JOIN pg_catalog.pg_database d ON d.oid = s.subdbid
                 WHERE d.datname = pg_catalog.current_database() AND s.subenabled LOOP
        EXECUTE pg_catalog.format('ALTER SUBSCRIPTION %I DISABLE', v_sub);
    END LOOP;
    UPDATE private.node_state SET role = 'active', epoch = v_node.epoch + 1, reason = p_reason, changed_at = now();
    PERFORM private.record_switch('failover', v_node.epoch + 1, coalesce(v_node.side, 'backup'),
                                  jsonb_build_object('reason', p_reason));
    RETURN v_node.epoch + 1;
END
$$;


--
-- Name: purge_published_events(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.purge_published_events(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_events bigint;
    v_inbox bigint;
    v_dead bigint;
BEGIN
    DELETE FROM outbox.events e WHERE e.published_at < p_as_of - interval '7 days';
    GET DIAGNOSTICS v_events = ROW_COUNT;
    DELETE FROM outbox.inbox i WHERE i.processed_at < p_as_of - interval '7 days';
    GET DIAGNOSTICS v_inbox = ROW_COUNT;
    DELETE FROM outbox.dead_letters d WHERE d.replayed_at < p_as_of - interval '30 days';
    GET DIAGNOSTICS v_dead = ROW_COUNT;
    RETURN v_events + v_inbox + v_dead;
END
$$;


--
-- Name: raise_subscription_invoice(public.subscriptions, text, date, date, numeric, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.raise_subscription_invoice(p_sub public.subscriptions, p_kind text, p_start date, p_end date, p_amount numeric, p_due date) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_invoice uuid;
BEGIN
    INSERT INTO public.subscription_invoices AS i (tenant_id, subscription_id, plan_code, kind, period_start,
        period_end, amount, currency, due_on, status, paid_at)
    SELECT p_sub.tenant_id, p_sub.id, p_sub.plan_code, p_kind, p_start, p_end, p_amount, p.currency, p_due,
           CASE WHEN p_amount = 0 THEN 'paid' ELSE 'open' END, CASE WHEN p_amount = 0 THEN now() END
    FROM public.plans p WHERE p.code = p_sub.plan_code
    ON CONFLICT (tenant_id, subscription_id, period_start) WHERE kind = 'recurring' DO NOTHING
    RETURNING i.id INTO v_invoice;
    IF v_invoice IS NOT NULL AND p_amount > 0 THEN
        INSERT INTO public.payment_attempts (tenant_id, invoice_id, provider, attempt_no, amount)
        VALUES (p_sub.tenant_id, v_invoice, 'manual', 1, p_amount);
    END IF;
    RETURN v_invoice;
END
$$;


--
-- Name: rebuild_dashboard_counters(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.rebuild_dashboard_counters(p_tenant_id uuid DEFAULT NULL::uuid) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT private.reconcile_dashboard_counters(p_tenant_id)
$$;


--
-- Name: reconcile_dashboard_counters(uuid, date, date, boolean); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.reconcile_dashboard_counters(p_tenant_id uuid, p_from date DEFAULT NULL::date, p_to date DEFAULT NULL::date, p_production_only boolean DEFAULT false) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_rows bigint;
    v_total bigint := 0;
    v_from date := coalesce(p_from, '-infinity'::date);
    v_to date := coalesce(p_to, 'infinity'::date);
BEGIN
    DELETE FROM public.animal_counts c WHERE (p_tenant_id IS NULL OR c.tenant_id = p_tenant_id)
        AND NOT EXISTS (SELECT 1 FROM public.farms f WHERE f.tenant_id = c.tenant_id AND f.id = c.farm_id);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_total := v_total + v_rows;
    DELETE FROM public.production_daily_totals c WHERE (p_tenant_id IS NULL OR c.tenant_id = p_tenant_id)
        AND NOT EXISTS (SELECT 1 FROM public.farms f WHERE f.tenant_id = c.tenant_id AND f.id = c.farm_id);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_total := v_total + v_rows;
    DELETE FROM public.open_lactation_counts c WHERE (p_tenant_id IS NULL OR c.tenant_id = p_tenant_id)
        AND NOT EXISTS (SELECT 1 FROM public.farms f WHERE f.tenant_id = c.tenant_id AND f.id = c.farm_id);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_total := v_total + v_rows;

    IF NOT p_production_only THEN
        WITH d AS (
            SELECT a.tenant_id, a.farm_id, a.species, a.status, count(*) AS head, count(a.estimated_value) AS valued,
                   coalesce(sum(a.estimated_value), 0) AS value
            FROM public.animals a
            WHERE a.deleted_at IS NULL AND (p_tenant_id IS NULL OR a.tenant_id = p_tenant_id)
            GROUP BY 1, 2, 3, 4
            UNION ALL
            SELECT c.tenant_id, c.farm_id, c.species, c.status, -c.head, -c.valued, -c.value
            FROM public.animal_counts c WHERE p_tenant_id IS NULL OR c.tenant_id = p_tenant_id)
        INSERT INTO public.animal_counts AS c (tenant_id, farm_id, species, status, head, valued, value)
        SELECT d.tenant_id, d.farm_id, d.species, d.status, sum(d.head), sum(d.valued), sum(d.value)
        FROM d JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
        GROUP BY 1, 2, 3, 4
        HAVING sum(d.head) <> 0 OR sum(d.valued) <> 0 OR sum(d.value) <> 0
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, farm_id, species, status) DO UPDATE
        SET head = c.head + excluded.head, valued = c.valued + excluded.valued, value = c.value + excluded.value;
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        v_total := v_total + v_rows;

        WITH d AS (
            SELECT l.tenant_id, l.farm_id, a.species, count(*) AS open
            FROM public.lactations l JOIN public.animals a ON a.tenant_id = l.tenant_id AND a.id = l.animal_id
            WHERE l.dried_off_on IS NULL AND (p_tenant_id IS NULL OR l.tenant_id = p_tenant_id)
            GROUP BY 1, 2, 3
            UNION ALL
            SELECT c.tenant_id, c.farm_id, c.species, -c.open
            FROM public.open_lactation_counts c WHERE p_tenant_id IS NULL OR c.tenant_id = p_tenant_id)
        INSERT INTO public.open_lactation_counts AS c (tenant_id, farm_id, species, open)
        SELECT d.tenant_id, d.farm_id, d.species, sum(d.open)
        FROM d JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
        GROUP BY 1, 2, 3 HAVING sum(d.open) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (tenant_id, farm_id, species) DO UPDATE SET open = c.open + excluded.open;
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        v_total := v_total + v_rows;
    END IF;

    WITH d AS (
        SELECT r.tenant_id, r.farm_id, r.recorded_on, r.product, r.unit, coalesce(a.species, g.species) AS species,
               sum(r.quantity) AS quantity, coalesce(sum(r.quantity) FILTER (WHERE r.is_withheld), 0) AS withheld,
               count(*) AS records
        FROM public.production_records r
        LEFT JOIN public.animals a ON a.tenant_id = r.tenant_id AND a.id = r.animal_id
        LEFT JOIN public.animal_groups g ON g.tenant_id = r.tenant_id AND g.id = r.group_id
        WHERE (p_tenant_id IS NULL OR r.tenant_id = p_tenant_id) AND r.recorded_on BETWEEN v_from AND v_to
        GROUP BY 1, 2, 3, 4, 5, 6
        UNION ALL
        SELECT c.tenant_id, c.farm_id, c.recorded_on, c.product, c.unit, c.species, -c.quantity, -c.withheld,
               -c.records
        FROM public.production_daily_totals c
        WHERE (p_tenant_id IS NULL OR c.tenant_id = p_tenant_id) AND c.recorded_on BETWEEN v_from AND v_to)
    INSERT INTO public.production_daily_totals AS c (tenant_id, farm_id, recorded_on, product, unit, species,
        quantity, withheld, records)
    SELECT d.tenant_id, d.farm_id, d.recorded_on, d.product, d.unit, d.species, sum(d.quantity), sum(d.withheld),
           sum(d.records)
    FROM d JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(d.quantity) <> 0 OR sum(d.withheld) <> 0 OR sum(d.records) <> 0
    ORDER BY 1, 3, 2, 4, 5, 6
    ON CONFLICT (tenant_id, recorded_on, farm_id, product, unit, species) DO UPDATE
    SET quantity = c.quantity + excluded.quantity, withheld = c.withheld + excluded.withheld,
        records = c.records + excluded.records;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_total := v_total + v_rows;

    -- Rows that add up to nothing are noise (a concurrent delta re-checks the predicate: it stays).
    DELETE FROM public.production_daily_totals c
    WHERE (p_tenant_id IS NULL OR c.tenant_id = p_tenant_id) AND c.recorded_on BETWEEN v_from AND v_to
      AND c.records = 0 AND c.quantity = 0 AND c.withheld = 0;
    RETURN v_total;
END
$$;


--
-- Name: record_api_calls(jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.record_api_calls(p_counts jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
DECLARE
    v_rows bigint;
BEGIN
    INSERT INTO private.api_calls AS c (tenant_id, day, calls)
    SELECT t.id, private.today(), sum(e.value::bigint)
    FROM jsonb_each_text(p_counts) e
    JOIN public.tenants t ON t.id::text = lower(e.key)
    WHERE e.value ~ '^[0-9]{1,18}$'
    GROUP BY t.id
    ON CONFLICT (tenant_id, day) DO UPDATE SET calls = c.calls + EXCLUDED.calls;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$_$;


--
-- Name: record_payment_event(text, jsonb, timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.record_payment_event(p_provider text, p_event jsonb, p_signed_at timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
DECLARE
    v_id text := p_event ->> 'id';
    v_type text := p_event ->> 'type';
    v_data jsonb := p_event -> 'data';
    v_invoice public.subscription_invoices;
    v_inserted boolean;
BEGIN
    IF jsonb_typeof(p_event) <> 'object' OR jsonb_typeof(p_event -> 'id') IS DISTINCT FROM 'string'
       OR length(v_id) NOT BETWEEN 1 AND 200 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'the event needs a string id',
            HINT = 'webhook_invalid_event';
    END IF;
    IF v_type IS NULL OR v_type NOT IN ('payment_succeeded', 'payment_failed') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = format('unknown event type %L', v_type),
            DETAIL = 'type must be payment_succeeded or payment_failed', HINT = 'webhook_invalid_event';
    END IF;
    IF jsonb_typeof(v_data) IS DISTINCT FROM 'object'
       OR coalesce(v_data ->> 'invoice_id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'data.invoice_id must be a uuid',
            HINT = 'webhook_invalid_event';
    END IF;
    SELECT * INTO v_invoice FROM public.subscription_invoices i WHERE i.id = (v_data ->> 'invoice_id')::uuid;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'no such subscription invoice',
            DETAIL = format('invoice_id=%s', v_data ->> 'invoice_id'), HINT = 'subscription_invoice_not_found';
    END IF;
    IF v_data ? 'amount' AND (jsonb_typeof(v_data -> 'amount') NOT IN ('number', 'string')
                              OR (v_data ->> 'amount') !~ '^[0-9]{1,12}(\.[0-9]{1,2})?$'
                              OR (v_data ->> 'amount')::numeric <> v_invoice.amount
                              OR upper(coalesce(v_data ->> 'currency', v_invoice.currency)) <> v_invoice.currency) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'the amount does not match the invoice',
            DETAIL = format('invoice amount=%s %s, event amount=%s %s', v_invoice.amount, v_invoice.currency,
                            v_data ->> 'amount', coalesce(v_data ->> 'currency', v_invoice.currency)),
            HINT = 'webhook_amount_mismatch';
    END IF;
    INSERT INTO private.payment_events (provider, event_id, type, tenant_id, invoice_id, signed_at, payload)
    VALUES (p_provider, v_id, v_type, v_invoice.tenant_id, v_invoice.id, p_signed_at, p_event)
    ON CONFLICT DO NOTHING
    RETURNING true INTO v_inserted;
    IF v_inserted IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'this event was already received',
            DETAIL = format('event_id=%s', v_id), HINT = 'webhook_replayed';
    END IF;
    RETURN jsonb_build_object('event_id', v_id, 'type', v_type)
        || private.settle_subscription_payment(v_invoice.tenant_id, v_invoice.id, v_type = 'payment_succeeded',
               p_provider, v_data ->> 'reference', v_data ->> 'error', v_id, p_signed_at);
END
$_$;


--
-- Name: record_replication_health(timestamp with time zone, numeric, bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.record_replication_health(p_at timestamp with time zone, p_max_lag_seconds numeric DEFAULT 30, p_max_lag_bytes bigint DEFAULT 67108864) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_node private.node_state;
    v_slot record;
    v_seen jsonb := '{}'::jsonb;
    v_kind text;
    v_open bigint;
BEGIN
    SELECT * INTO v_node FROM private.node_state;
    IF v_node.replication_name IS NULL OR v_node.role <> 'active' THEN
        RETURN 0;
    END IF;
    PERFORM private.beat(coalesce(v_node.side, 'primary'));
    SELECT s.active, s.wal_status, r.sync_state,
           pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), s.confirmed_flush_lsn) AS lag_bytes,
           extract(epoch FROM r.replay_lag) AS lag_seconds
    INTO v_slot
    FROM pg_catalog.pg_replication_slots s
    LEFT JOIN pg_catalog.pg_stat_replication r ON r.pid = s.active_pid
    WHERE s.database = pg_catalog.current_database()
      AND s.slot_name = CASE WHEN v_node.side = 'backup' THEN v_node.replication_name || '_failback'
                             ELSE v_node.replication_name END;
    IF NOT FOUND THEN
        v_seen := jsonb_build_object('no_standby', jsonb_build_object(
            'side', v_node.side, 'epoch', v_node.epoch,
            'action', CASE WHEN v_node.side = 'backup' THEN 'ifarm replication failback'
                           ELSE 'ifarm replication setup' END));
    ELSE
        IF NOT v_slot.active THEN
            v_seen := v_seen || jsonb_build_object('standby_disconnected', jsonb_build_object('lag_bytes', v_slot.lag_bytes));
        END IF;
        IF v_slot.lag_seconds > p_max_lag_seconds OR v_slot.lag_bytes > p_max_lag_bytes THEN
            v_seen := v_seen || jsonb_build_object('lag_high', jsonb_build_object(
                'lag_bytes', v_slot.lag_bytes, 'lag_seconds', v_slot.lag_seconds,
                'max_lag_seconds', p_max_lag_seconds, 'max_lag_bytes', p_max_lag_bytes));
        END IF;
        IF v_slot.wal_status IN ('unreserved', 'lost') THEN
            v_seen := v_seen || jsonb_build_object('slot_wal_at_risk', jsonb_build_object('wal_status', v_slot.wal_status));
        END IF;
        IF v_node.mode = 'sync' AND v_slot.sync_state IS DISTINCT FROM 'sync' THEN
            v_seen := v_seen || jsonb_build_object('sync_standby_missing', jsonb_build_object(
                'sync_state', v_slot.sync_state,
                'synchronous_standby_names', pg_catalog.current_setting('synchronous_standby_names')));
        END IF;
    END IF;
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', 'on', true);
    UPDATE private.replication_incidents i SET closed_at = p_at
    WHERE i.closed_at IS NULL AND NOT v_seen ? i.kind;
    FOR v_kind IN SELECT jsonb_object_keys(v_seen) LOOP
        INSERT INTO private.replication_incidents (kind, opened_at, last_seen_at, detail)
        VALUES (v_kind, p_at, p_at, v_seen -> v_kind)
        ON CONFLICT (kind) WHERE closed_at IS NULL
        DO UPDATE SET last_seen_at = excluded.last_seen_at, detail = excluded.detail;
    END LOOP;
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', '', true);
    SELECT count(*) INTO v_open FROM private.replication_incidents i WHERE i.closed_at IS NULL;
    RETURN v_open;
END
$$;


--
-- Name: record_subject(uuid, uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.record_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, OUT farm_id uuid, OUT species text, OUT is_organic boolean) RETURNS record
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_uid uuid := auth.uid();
BEGIN
    IF v_uid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public.tenant_members m
                                         WHERE m.tenant_id = p_tenant_id AND m.user_id = v_uid) THEN
        RETURN;
    END IF;
    IF p_animal_id IS NOT NULL AND p_group_id IS NULL THEN
        SELECT a.farm_id, a.species, f.is_organic INTO farm_id, species, is_organic
        FROM public.animals a JOIN public.farms f ON f.tenant_id = a.tenant_id AND f.id = a.farm_id
        WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id AND a.deleted_at IS NULL;
    ELSIF p_group_id IS NOT NULL AND p_animal_id IS NULL THEN
        SELECT g.farm_id, g.species, f.is_organic INTO farm_id, species, is_organic
        FROM public.animal_groups g JOIN public.farms f ON f.tenant_id = g.tenant_id AND f.id = g.farm_id
        WHERE g.tenant_id = p_tenant_id AND g.id = p_group_id AND g.deleted_at IS NULL;
    END IF;
END
$$;


--
-- Name: record_switch(text, bigint, text, jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.record_switch(p_kind text, p_epoch bigint, p_active_side text, p_detail jsonb DEFAULT '{}'::jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
BEGIN
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', 'on', true);
    INSERT INTO private.replication_switches (kind, epoch, active_side, detail)
    VALUES (p_kind, p_epoch, p_active_side, p_detail);
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', '', true);
END
$$;


--
-- Name: reflag_production(uuid, uuid, uuid, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.reflag_production(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, p_from date) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    UPDATE public.production_records p
    SET is_withheld = c.treatment_id IS NOT NULL, withheld_until = c.clear_on, withheld_treatment_id = c.treatment_id
    FROM (SELECT r.id, w.treatment_id, w.clear_on
          FROM public.production_records r
          CROSS JOIN LATERAL private.withholding_treatment(r.tenant_id, r.animal_id, r.group_id, r.product,
                                                           r.recorded_on) w
          WHERE r.tenant_id = p_tenant_id
            AND (r.animal_id = p_animal_id OR r.group_id = p_group_id)
            AND r.product IN ('milk', 'eggs', 'meat')
            AND r.recorded_on >= p_from) c
    WHERE p.tenant_id = p_tenant_id AND p.id = c.id
      AND (p.withheld_until, p.withheld_treatment_id) IS DISTINCT FROM (c.clear_on, c.treatment_id)
$$;


--
-- Name: refresh_dashboard_views(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.refresh_dashboard_views() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_view text;
    v_rows bigint;
    v_total bigint := 0;
BEGIN
    FOREACH v_view IN ARRAY ARRAY['dashboard_finance_monthly', 'dashboard_herd_daily', 'dashboard_breeding',
                                  'dashboard_adg'] LOOP
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY private.%I', v_view);
        EXECUTE format('SELECT count(*) FROM private.%I', v_view) INTO v_rows;
        v_total := v_total + v_rows;
        INSERT INTO private.dashboard_refreshes (view_name, refreshed_at) VALUES (v_view, clock_timestamp())
        ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at;
    END LOOP;
    RETURN v_total;
END
$$;


--
-- Name: refuse_writes_unless_active(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.refuse_writes_unless_active() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_role text;
    v_epoch bigint;
    v_claimed text := nullif(pg_catalog.current_setting('ifarm.epoch', true), '');
BEGIN
    SELECT n.role, n.epoch INTO v_role, v_epoch FROM private.node_state n;
    IF v_role = 'active' AND (v_claimed IS NULL OR v_claimed = v_epoch::text) THEN
        RETURN NULL;
    END IF;
    IF pg_catalog.current_setting('ifarm.bypass_fence', true) = 'on'
       AND current_user NOT IN ('anon', 'authenticated', 'service_role') THEN
        RETURN NULL;
    END IF;
    IF v_role = 'standby' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT503',
            MESSAGE = 'this database is the standby of the pair: it takes writes only after a failover promotes it',
            DETAIL = pg_catalog.format('role=standby epoch=%s table=%s', v_epoch, TG_TABLE_NAME),
            HINT = 'read_only_standby: write to the active database';
    ELSIF v_role = 'fenced' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT503',
            MESSAGE = 'this database was the primary before a failover: it takes writes again only after failback',
            DETAIL = pg_catalog.format('role=fenced epoch=%s table=%s', v_epoch, TG_TABLE_NAME),
            HINT = 'fenced: write to the active database';
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'PT503',
        MESSAGE = pg_catalog.format('the writer expected epoch %s but this database holds epoch %s', v_claimed, v_epoch),
        DETAIL = pg_catalog.format('role=%s epoch=%s table=%s', v_role, v_epoch, TG_TABLE_NAME),
        HINT = 'epoch_changed: the active database changed; retry';
END
$$;


--
-- Name: refuse_writes_when_inactive(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.refuse_writes_when_inactive() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_status text;
BEGIN
    IF current_user NOT IN ('authenticated', 'anon') THEN
        RETURN NULL;
    END IF;
    SELECT s.status INTO v_status FROM public.subscriptions s
    WHERE s.tenant_id IN (SELECT DISTINCT c.tenant_id FROM changed_rows c)
      AND s.status IN ('suspended', 'expired', 'cancelled')
    LIMIT 1;
    IF v_status IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT402',
            MESSAGE = format('the subscription is %s: the tenant is read-only', v_status),
            DETAIL = format('status=%s', v_status),
            HINT = 'subscription_inactive: pay the open invoice or choose a plan';
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: remove_photos_of_deleted(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.remove_photos_of_deleted() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    IF TG_TABLE_NAME = 'animals' THEN
        DELETE FROM public.media_files m
        WHERE m.tenant_id = NEW.tenant_id AND m.animal_id = NEW.id AND m.bucket_id = 'animal-photos';
    ELSE
        DELETE FROM public.media_files m
        WHERE m.tenant_id = NEW.tenant_id AND m.farm_id = NEW.id AND m.bucket_id = 'farm-photos';
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: replicated_schemas(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.replicated_schemas() RETURNS TABLE(schema_name text)
    LANGUAGE sql IMMUTABLE
    AS $$
    VALUES ('public'), ('private'), ('auth'), ('audit'), ('outbox'), ('storage')
$$;


--
-- Name: replicated_tables(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.replicated_tables() RETURNS TABLE(table_name text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname IN (SELECT s.schema_name FROM private.replicated_schemas() s)
      AND c.relowner = (SELECT p.nspowner FROM pg_catalog.pg_namespace p WHERE p.nspname = 'private')
      AND pg_catalog.format('%I.%I', n.nspname, c.relname) NOT IN (SELECT u.table_name FROM private.unreplicated_tables() u)
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                      WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1
$$;


--
-- Name: replication_status(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.replication_status() RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_node private.node_state;
BEGIN
    SELECT * INTO v_node FROM private.node_state;
    RETURN jsonb_build_object(
        'role', v_node.role, 'epoch', v_node.epoch, 'side', v_node.side, 'name', v_node.replication_name,
        'mode', v_node.mode, 'reason', v_node.reason, 'changed_at', v_node.changed_at,
        'server_version', pg_catalog.current_setting('server_version_num')::int,
        'synchronous_standby_names', pg_catalog.current_setting('synchronous_standby_names'),
        'last_switch', (SELECT to_jsonb(s) - 'id' FROM private.replication_switches s
                        ORDER BY s.switched_at DESC LIMIT 1),
        'open_incidents', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', i.kind, 'opened_at', i.opened_at,
                                                                        'detail', i.detail) ORDER BY i.opened_at), '[]')
                           FROM private.replication_incidents i WHERE i.closed_at IS NULL),
        'slots', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'name', s.slot_name, 'active', s.active, 'wal_status', s.wal_status,
                      'lag_bytes', pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), s.confirmed_flush_lsn),
                      'state', r.state, 'sync_state', r.sync_state,
                      'replay_lag_seconds', extract(epoch FROM r.replay_lag)) ORDER BY s.slot_name), '[]')
                  FROM pg_catalog.pg_replication_slots s
                  LEFT JOIN pg_catalog.pg_stat_replication r ON r.pid = s.active_pid
                  WHERE s.database = pg_catalog.current_database() AND s.slot_type = 'logical'),
        'subscriptions', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'name', sub.subname, 'enabled', sub.subenabled, 'worker_pid', w.pid,
                      'received_lsn', w.received_lsn::text, 'last_msg_receipt_time', w.last_msg_receipt_time,
                      'latest_end_time', w.latest_end_time,
                      'tables', (SELECT count(*) FROM pg_catalog.pg_subscription_rel r WHERE r.srsubid = sub.oid),
                      'tables_ready', (SELECT count(*) FROM pg_catalog.pg_subscription_rel r
                                       WHERE r.srsubid = sub.oid AND r.srsubstate = 'r'),
                      'apply_error_count', st.apply_error_count, 'sync_error_count', st.sync_error_count)
                      ORDER BY sub.subname), '[]')
                  FROM pg_catalog.pg_subscription sub
                  JOIN pg_catalog.pg_database d ON d.oid = sub.subdbid AND d.datname = pg_catalog.current_database()
                  LEFT JOIN LATERAL (SELECT x.pid, x.received_lsn, x.last_msg_receipt_time, x.latest_end_time
                                     FROM pg_catalog.pg_stat_subscription x
                                     WHERE x.subid = sub.oid AND x.relid IS NULL ORDER BY x.pid LIMIT 1) w ON true
                  LEFT JOIN pg_catalog.pg_stat_subscription_stats st ON st.subid = sub.oid),
        'beats', (SELECT coalesce(jsonb_object_agg(b.source, jsonb_build_object('token', b.token, 'beat_at', b.beat_at)),
                                  '{}') FROM private.replication_beats b)
    );
END
$$;


--
-- Name: require_permission(uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.require_permission(p_tenant_id uuid, p_permission text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_user();
    IF NOT private.is_member(p_tenant_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you are not a member of this tenant',
            DETAIL = format('tenant_id=%s', p_tenant_id), HINT = 'not_a_member';
    END IF;
    IF NOT private.has_permission(p_tenant_id, p_permission) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('your role (%s) lacks the permission %s', private.member_role(p_tenant_id), p_permission),
            DETAIL = format('permission=%s', p_permission), HINT = 'permission_denied';
    END IF;
END
$$;


--
-- Name: require_subject(uuid, uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.require_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid) RETURNS uuid
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_farm uuid;
BEGIN
    IF num_nonnulls(p_animal_id, p_group_id) <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'give exactly one of animal_id and group_id',
            HINT = 'animal_or_group';
    END IF;
    IF p_animal_id IS NOT NULL THEN
        SELECT a.farm_id INTO v_farm FROM public.animals a
        WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id AND a.deleted_at IS NULL;
    ELSE
        SELECT g.farm_id INTO v_farm FROM public.animal_groups g
        WHERE g.tenant_id = p_tenant_id AND g.id = p_group_id AND g.deleted_at IS NULL;
    END IF;
    IF v_farm IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404',
            MESSAGE = CASE WHEN p_animal_id IS NOT NULL THEN 'animal not found' ELSE 'group not found' END,
            DETAIL = format('tenant_id=%s, %s', p_tenant_id,
                            coalesce('animal_id=' || p_animal_id, 'group_id=' || p_group_id)),
            HINT = CASE WHEN p_animal_id IS NOT NULL THEN 'animal_not_found' ELSE 'group_not_found' END;
    END IF;
    RETURN v_farm;
END
$$;


--
-- Name: require_user(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.require_user() RETURNS uuid
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_uid uuid := auth.uid();
BEGIN
    IF v_uid IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'sign in first',
            HINT = 'send Authorization: Bearer <access token>';
    END IF;
    RETURN v_uid;
END
$$;


--
-- Name: retry_failed_payments(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.retry_failed_payments(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_sub public.subscriptions;
    v_count bigint := 0;
BEGIN
    FOR v_sub IN
        SELECT * FROM public.subscriptions s
        WHERE s.status = 'past_due' AND s.next_retry_on <= (p_as_of AT TIME ZONE 'UTC')::date
        FOR UPDATE SKIP LOCKED
    LOOP
        INSERT INTO public.payment_attempts (tenant_id, invoice_id, provider, attempt_no, amount)
        SELECT i.tenant_id, i.id, 'manual', private.next_attempt_no(i.tenant_id, i.id), i.amount
        FROM public.subscription_invoices i
        WHERE i.tenant_id = v_sub.tenant_id AND i.subscription_id = v_sub.id AND i.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM public.payment_attempts a
                          WHERE a.tenant_id = i.tenant_id AND a.invoice_id = i.id AND a.status = 'pending');
        UPDATE public.subscriptions s SET next_retry_on = NULL WHERE s.tenant_id = v_sub.tenant_id AND s.id = v_sub.id;
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END
$$;


--
-- Name: saleable_stock(uuid, uuid, text, text, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.saleable_stock(p_tenant_id uuid, p_farm_id uuid, p_product text, p_unit text, p_on date, OUT produced numeric, OUT withheld numeric, OUT sold numeric, OUT available numeric) RETURNS record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: seed_demo(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.seed_demo(p_email text, p_password_hash text) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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
    PERFORM private.seed_demo_livestock(v_tenant);
    RETURN v_tenant;
END
$$;


--
-- Name: seed_demo_finance(uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.seed_demo_finance(p_tenant_id uuid, p_farm_id uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_worker uuid := (SELECT m.user_id FROM public.tenant_members m WHERE m.tenant_id = p_tenant_id AND m.role = 'worker'
                      LIMIT 1);
    v_vendor uuid;
    v_buyer uuid;
    v_invoice uuid;
    v_month date;
    v_latest boolean;
    v_today date := private.tenant_today(p_tenant_id);
BEGIN
    INSERT INTO public.counterparties (tenant_id, kind, name, phone) VALUES
        (p_tenant_id, 'vendor', 'Unga Feeds Ltd', '+254700000001'),
        (p_tenant_id, 'customer', 'Brookside Dairy', '+254700000002');
    SELECT c.id INTO v_vendor FROM public.counterparties c WHERE c.tenant_id = p_tenant_id AND c.name = 'Unga Feeds Ltd';
    SELECT c.id INTO v_buyer FROM public.counterparties c WHERE c.tenant_id = p_tenant_id AND c.name = 'Brookside Dairy';
    INSERT INTO public.expenses (tenant_id, farm_id, category_id, vendor_id, amount, spent_on, description, created_by)
    SELECT p_tenant_id, p_farm_id, c.id, CASE WHEN c.code = 'feed' THEN v_vendor END,
           CASE c.code WHEN 'feed' THEN 180000 WHEN 'labour' THEN 95000 ELSE 12000 END + m * 1500,
           v_today - 175 + m * 30,
           CASE c.code WHEN 'feed' THEN 'Dairy meal, 70 kg bags' WHEN 'labour' THEN 'Farm hands, monthly wages'
                       ELSE 'Vet visit and drugs' END, v_worker
    FROM public.expense_categories c CROSS JOIN generate_series(0, 5) m
    WHERE c.tenant_id = p_tenant_id AND c.code IN ('feed', 'labour', 'veterinary');
    -- Move them through the workflow as iFarm's own seed (no signed-in user: limits do not apply).
    UPDATE public.expenses e SET status = 'submitted' WHERE e.tenant_id = p_tenant_id;
    UPDATE public.expenses e SET status = 'approved'
    WHERE e.tenant_id = p_tenant_id AND e.spent_on < v_today - 30;
    UPDATE public.expenses e SET status = 'paid', payment_reference = 'MPESA-' || upper(left(md5(e.id::text), 8))
    WHERE e.tenant_id = p_tenant_id AND e.status = 'approved' AND e.spent_on < v_today - 50;
    UPDATE public.expenses e SET status = 'rejected', rejection_reason = 'duplicate of an earlier bill'
    WHERE e.tenant_id = p_tenant_id AND e.id = (SELECT x.id FROM public.expenses x WHERE x.tenant_id = p_tenant_id
                                                AND x.status = 'submitted' ORDER BY x.amount LIMIT 1);
    UPDATE public.expenses e SET status = 'draft'
    WHERE e.tenant_id = p_tenant_id AND e.id = (SELECT x.id FROM public.expenses x WHERE x.tenant_id = p_tenant_id
                                                AND x.status = 'submitted' ORDER BY x.amount DESC LIMIT 1);

    -- Weekly milk sales of 80% of the week's saleable milk, in date order (each checks the stock).
    INSERT INTO public.product_sales (tenant_id, farm_id, product, quantity, unit, unit_price, sold_on, buyer_id)
    SELECT p_tenant_id, p_farm_id, 'milk', w.qty, 'l', 55, w.day, v_buyer
    FROM (SELECT d.day, round(0.8 * (SELECT coalesce(sum(p.quantity), 0) FROM public.production_records p
                                     WHERE p.tenant_id = p_tenant_id AND p.farm_id = p_farm_id AND p.product = 'milk'
                                       AND NOT p.is_withheld AND p.recorded_on BETWEEN d.day - 6 AND d.day)) AS qty
          FROM (SELECT (v_today - 168 + k * 7) AS day FROM generate_series(0, 23) k) d) w
    WHERE w.qty > 0
    ORDER BY w.day;
    -- One invoice per month of sales, issued; paid except the latest.
    FOR v_month, v_latest IN SELECT m.month, m.month = max(m.month) OVER ()
                             FROM (SELECT DISTINCT date_trunc('month', s.sold_on)::date AS month
                                   FROM public.product_sales s WHERE s.tenant_id = p_tenant_id) m
                             ORDER BY 1 LOOP
        INSERT INTO public.invoices (tenant_id, customer_id, notes) VALUES (p_tenant_id, v_buyer, 'Milk deliveries')
        RETURNING id INTO v_invoice;
        INSERT INTO public.invoice_lines (tenant_id, invoice_id, position, description, quantity, unit_price, tax_rate,
            product_sale_id)
        SELECT p_tenant_id, v_invoice, row_number() OVER (ORDER BY s.sold_on), 'Milk ' || s.quantity || ' l, ' || s.sold_on,
               s.quantity, s.unit_price, 0, s.id
        FROM public.product_sales s
        WHERE s.tenant_id = p_tenant_id AND date_trunc('month', s.sold_on) = v_month;
        UPDATE public.invoices i SET status = 'issued' WHERE i.tenant_id = p_tenant_id AND i.id = v_invoice;
        IF NOT v_latest THEN
            INSERT INTO public.payments (tenant_id, invoice_id, amount, paid_on, method, reference)
            SELECT p_tenant_id, v_invoice, i.total, least(v_today, (v_month + interval '1 month 10 days')::date),
                   'bank_transfer', 'BRK-' || to_char(v_month, 'YYYYMM')
            FROM public.invoices i WHERE i.tenant_id = p_tenant_id AND i.id = v_invoice;
        END IF;
    END LOOP;
END
$$;


--
-- Name: seed_demo_livestock(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.seed_demo_livestock(p_tenant_id uuid) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_dairy uuid;
    v_poultry uuid;
    v_barn uuid;
    v_paddock uuid;
    v_coop uuid;
    v_holstein uuid := (SELECT b.id FROM public.breeds b WHERE b.name = 'Holstein Friesian');
    v_jersey uuid := (SELECT b.id FROM public.breeds b WHERE b.name = 'Jersey');
    v_saanen uuid := (SELECT b.id FROM public.breeds b WHERE b.name = 'Saanen');
    v_tz text := (SELECT t.timezone FROM public.tenants t WHERE t.id = p_tenant_id);
    v_today date := private.tenant_today(p_tenant_id);
    v_now timestamptz := private.now();
    v_count bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM public.animals a WHERE a.tenant_id = p_tenant_id) THEN
        RETURN 0;
    END IF;
    PERFORM setseed(0.42);
    UPDATE public.subscriptions s SET plan_code = 'professional' WHERE s.tenant_id = p_tenant_id;
    SELECT f.id INTO v_dairy FROM public.farms f WHERE f.tenant_id = p_tenant_id AND f.name = 'Green Valley Dairy';
    SELECT f.id INTO v_poultry FROM public.farms f WHERE f.tenant_id = p_tenant_id AND f.name = 'Hilltop Poultry';
    UPDATE public.farms f SET farm_type = 'dairy', latitude = -0.3031, longitude = 36.0800, area_hectares = 42.5
    WHERE f.tenant_id = p_tenant_id AND f.id = v_dairy;
    UPDATE public.farms f SET farm_type = 'poultry', latitude = -0.2800, longitude = 36.1100, area_hectares = 6
    WHERE f.tenant_id = p_tenant_id AND f.id = v_poultry;
    INSERT INTO public.locations (tenant_id, farm_id, name, kind, capacity) VALUES
        (p_tenant_id, v_dairy, 'Main Barn', 'barn', 200), (p_tenant_id, v_dairy, 'East Paddock', 'paddock', 150),
        (p_tenant_id, v_poultry, 'Coop A', 'coop', 2000);
    SELECT l.id INTO v_barn FROM public.locations l WHERE l.tenant_id = p_tenant_id AND l.name = 'Main Barn';
    SELECT l.id INTO v_paddock FROM public.locations l WHERE l.tenant_id = p_tenant_id AND l.name = 'East Paddock';
    SELECT l.id INTO v_coop FROM public.locations l WHERE l.tenant_id = p_tenant_id AND l.name = 'Coop A';

    -- 3 bulls and 120 cows, 80 goats (75 does, 5 bucks).
    INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, name, species, breed_id, sex, birth_date,
        acquisition, acquired_on, acquisition_cost, estimated_value)
    SELECT p_tenant_id, v_dairy, v_barn, 'GV-B' || lpad(i::text, 2, '0'), 'Bull ' || i, 'cattle', v_holstein, 'male',
           date '2018-03-01' + (i * 97), 'purchased', date '2020-06-01', 180000, 220000
    FROM generate_series(1, 3) i;
    INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, name, species, breed_id, sex, birth_date,
        acquisition, acquired_on, acquisition_cost, estimated_value)
    SELECT p_tenant_id, v_dairy, CASE WHEN i % 3 = 0 THEN v_paddock ELSE v_barn END, 'GV-' || lpad(i::text, 4, '0'),
           NULL, 'cattle', CASE WHEN i % 4 = 0 THEN v_jersey ELSE v_holstein END, 'female',
           date '2018-01-01' + (random() * 1500)::int, CASE WHEN i % 5 = 0 THEN 'purchased' ELSE 'born' END,
           NULL, NULL, 90000 + (random() * 60000)::int
    FROM generate_series(1, 120) i;
    INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, species, breed_id, sex, birth_date,
        estimated_value)
    SELECT p_tenant_id, v_dairy, v_paddock, 'GT-' || lpad(i::text, 4, '0'), 'goat', v_saanen,
           CASE WHEN i <= 5 THEN 'male' ELSE 'female' END, date '2021-01-01' + (random() * 900)::int,
           12000 + (random() * 8000)::int
    FROM generate_series(1, 80) i;
    INSERT INTO public.animal_tags (tenant_id, animal_id, kind, value)
    SELECT a.tenant_id, a.id, 'eid', '982' || lpad((row_number() OVER (ORDER BY a.tag_number))::text, 12, '0')
    FROM public.animals a WHERE a.tenant_id = p_tenant_id;

    -- Breeding: 60 cows calved between 10 and 170 days ago (service 283 days earlier, positive
    -- check at 45 days), 40 more served 5 to 120 days ago, some of them checked.
    WITH cows AS (
        SELECT a.id, (row_number() OVER (ORDER BY a.tag_number))::int AS n FROM public.animals a
        WHERE a.tenant_id = p_tenant_id AND a.species = 'cattle' AND a.sex = 'female'),
    bulls AS (SELECT array_agg(a.id ORDER BY a.tag_number) AS ids FROM public.animals a
              WHERE a.tenant_id = p_tenant_id AND a.species = 'cattle' AND a.sex = 'male')
    INSERT INTO public.breeding_services (tenant_id, dam_id, method, sire_id, semen_straw_id, served_on, technician)
    SELECT p_tenant_id, c.id, CASE WHEN c.n % 2 = 0 THEN 'ai' ELSE 'natural' END, bulls.ids[1 + c.n % 3],
           CASE WHEN c.n % 2 = 0 THEN 'STRAW-' || c.n END,
           CASE WHEN c.n <= 60 THEN v_today - (10 + (c.n * 8) % 160) - 283 ELSE v_today - (5 + (c.n * 7) % 115) END,
           'J. Kiprono'
    FROM cows c, bulls WHERE c.n <= 100;
    INSERT INTO public.pregnancy_checks (tenant_id, service_id, checked_on, result, method)
    SELECT s.tenant_id, s.id, s.served_on + 45, CASE WHEN random() < 0.7 OR s.served_on < v_today - 283
                                                     THEN 'positive' ELSE 'negative' END, 'ultrasound'
    FROM public.breeding_services s
    WHERE s.tenant_id = p_tenant_id AND s.served_on + 45 <= v_today;
    INSERT INTO public.births (tenant_id, dam_id, born_on, offspring_count)
    SELECT s.tenant_id, s.dam_id, s.served_on + 283, 1
    FROM public.breeding_services s
    WHERE s.tenant_id = p_tenant_id AND s.served_on + 283 < v_today AND s.status = 'confirmed';
    INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, species, breed_id, sex, birth_date,
        acquisition, sire_id, dam_id, estimated_value)
    SELECT b.tenant_id, v_dairy, v_barn, 'GV-C' || lpad((row_number() OVER (ORDER BY b.born_on, b.dam_id))::text, 3, '0'),
           'cattle', d.breed_id, CASE WHEN random() < 0.5 THEN 'female' ELSE 'male' END, b.born_on, 'born', b.sire_id,
           b.dam_id, 25000
    FROM public.births b JOIN public.animals d ON d.tenant_id = b.tenant_id AND d.id = b.dam_id
    WHERE b.tenant_id = p_tenant_id;

    -- Monthly weights of the calves: about 35 kg at birth, 0.6 to 0.9 kg a day since.
    INSERT INTO public.animal_weights (tenant_id, animal_id, weighed_on, weight_kg, method)
    SELECT a.tenant_id, a.id, a.birth_date + m * 30,
           round(35 + (0.6 + (abs(hashtext(a.tag_number)) % 30) / 100.0) * m * 30, 1), 'tape'
    FROM public.animals a CROSS JOIN generate_series(0, 6) m
    WHERE a.tenant_id = p_tenant_id AND a.tag_number LIKE 'GV-C%' AND a.birth_date + m * 30 <= v_today;

    -- The laying flock and a broiler batch, kept by head count.
    INSERT INTO public.animal_groups (tenant_id, farm_id, location_id, name, species, purpose, started_on)
    VALUES (p_tenant_id, v_poultry, v_coop, 'Layer Flock A', 'chicken', 'layers', v_today - 200),
           (p_tenant_id, v_poultry, v_coop, 'Broiler Batch 7', 'chicken', 'broilers', v_today - 30);
    INSERT INTO public.group_count_events (tenant_id, group_id, event_type, occurred_on, female_delta, male_delta,
        unknown_delta, note)
    SELECT g.tenant_id, g.id, 'addition', g.started_on, CASE WHEN g.purpose = 'layers' THEN 1200 ELSE 0 END, 0,
           CASE WHEN g.purpose = 'broilers' THEN 500 ELSE 0 END, 'delivered from hatchery'
    FROM public.animal_groups g WHERE g.tenant_id = p_tenant_id;
    INSERT INTO public.group_count_events (tenant_id, group_id, event_type, occurred_on, female_delta, note)
    SELECT g.tenant_id, g.id, 'death', v_today - d, -(1 + d % 3), 'found dead'
    FROM public.animal_groups g CROSS JOIN generate_series(5, 180, 9) d
    WHERE g.tenant_id = p_tenant_id AND g.purpose = 'layers';

    -- Health: an FMD vaccination round 90 days ago, Newcastle for the flock, checks, and mastitis
    -- treatments (milk withdrawal 72 h, meat 7 days) -- two of them this week, so some milk today
    -- is withheld -- and one flock treatment with a 7-day egg withdrawal 60 days ago.
    INSERT INTO public.vaccinations (tenant_id, animal_id, vaccine, dose, batch_number, given_on, next_due_on)
    SELECT a.tenant_id, a.id, 'FMD (foot-and-mouth) trivalent', '2 ml', 'FMD-2026-07', v_today - 90, v_today + 90
    FROM public.animals a WHERE a.tenant_id = p_tenant_id AND a.species = 'cattle' AND a.birth_date < v_today - 120;
    INSERT INTO public.vaccinations (tenant_id, group_id, vaccine, given_on, next_due_on)
    SELECT g.tenant_id, g.id, 'Newcastle disease (Lasota)', g.started_on + 14, v_today + 30
    FROM public.animal_groups g WHERE g.tenant_id = p_tenant_id;
    INSERT INTO public.health_checks (tenant_id, animal_id, checked_on, temperature_c, body_condition_score, is_sick,
        diagnosis, vet_name)
    SELECT a.tenant_id, a.id, v_today - (abs(hashtext(a.tag_number)) % 170), 38.5 + (abs(hashtext(a.id::text)) % 20) / 10.0,
           2.5 + (abs(hashtext(a.tag_number)) % 4) / 2.0, abs(hashtext(a.tag_number)) % 9 = 0,
           CASE WHEN abs(hashtext(a.tag_number)) % 9 = 0 THEN 'clinical mastitis' END, 'Dr. A. Wambui'
    FROM public.animals a WHERE a.tenant_id = p_tenant_id AND a.species = 'cattle' AND a.sex = 'female'
      AND a.tag_number LIKE 'GV-0%';
    INSERT INTO public.treatments (tenant_id, animal_id, diagnosis, medicine, dose, route, course_start, course_end,
        milk_withdrawal_hours, meat_withdrawal_hours, vet_name)
    SELECT l.tenant_id, l.animal_id, 'clinical mastitis', 'Cloxacillin intramammary', '1 tube per quarter',
           'intramammary', d - 2, d, 72, 168, 'Dr. A. Wambui'
    FROM (SELECT l.*, row_number() OVER (ORDER BY l.started_on) AS n FROM public.lactations l
          WHERE l.tenant_id = p_tenant_id) l
    CROSS JOIN LATERAL (SELECT CASE WHEN l.n <= 2 THEN v_today - l.n::int
                                    ELSE greatest(l.started_on + 3, v_today - (l.n::int * 13) % 150) END AS d) x
    WHERE l.n <= 12 AND x.d - 2 >= l.started_on;
    INSERT INTO public.treatments (tenant_id, group_id, diagnosis, medicine, route, course_start, course_end,
        eggs_withdrawal_hours, meat_withdrawal_hours, vet_name)
    SELECT g.tenant_id, g.id, 'coccidiosis', 'Amprolium', 'in_water', v_today - 64, v_today - 60, 168, 72,
           'Dr. A. Wambui'
    FROM public.animal_groups g WHERE g.tenant_id = p_tenant_id AND g.purpose = 'layers';

    -- Production: milk twice a day from every open lactation since calving (at most 180 days), the
    -- Saanen does in the morning, and the flock's eggs every day; treated animals' milk and the
    -- flock's eggs inside withdrawal are flagged withheld by the production trigger.
    INSERT INTO public.production_records (tenant_id, animal_id, product, quantity, unit, recorded_on, session,
        fat_pct, protein_pct)
    SELECT l.tenant_id, l.animal_id, 'milk',
           round((9 + (abs(hashtext(l.animal_id::text)) % 60) / 10.0
                  + 3 * exp(-power(((d - l.started_on) - 50) / 60.0, 2))
                  + (abs(hashtext(l.animal_id::text || d || s)) % 20) / 10.0)::numeric, 1),
           'l', d, s, 3.4 + (abs(hashtext(l.animal_id::text)) % 12) / 10.0, 3.0 + (abs(hashtext(l.animal_id::text)) % 6) / 10.0
    FROM public.lactations l
    CROSS JOIN LATERAL generate_series(greatest(l.started_on, v_today - 179), v_today, interval '1 day') g (ts)
    CROSS JOIN LATERAL (SELECT g.ts::date AS d) x
    CROSS JOIN (VALUES ('am'), ('pm')) v (s)
    WHERE l.tenant_id = p_tenant_id AND l.dried_off_on IS NULL;
    INSERT INTO public.production_records (tenant_id, animal_id, product, quantity, unit, recorded_on, session)
    SELECT a.tenant_id, a.id, 'milk', round((1.5 + (abs(hashtext(a.id::text || d)) % 15) / 10.0)::numeric, 1), 'l', d, 'am'
    FROM public.animals a
    CROSS JOIN LATERAL (SELECT (v_today - k) AS d FROM generate_series(0, 179) k) x
    WHERE a.tenant_id = p_tenant_id AND a.species = 'goat' AND a.sex = 'female' AND a.tag_number <= 'GT-0025';
    INSERT INTO public.production_records (tenant_id, group_id, product, quantity, unit, recorded_on)
    SELECT g.tenant_id, g.id, 'eggs', round(g.female_count * (0.78 + (abs(hashtext(d::text)) % 10) / 100.0)), 'count', d
    FROM public.animal_groups g
    CROSS JOIN LATERAL (SELECT (v_today - k) AS d FROM generate_series(0, 179) k) x
    WHERE g.tenant_id = p_tenant_id AND g.purpose = 'layers';

    -- A week of routine: two cows milked twice a day by the worker, the flocks fed every morning.
    INSERT INTO public.activities (tenant_id, farm_id, animal_id, activity_type, performed_at, performed_by,
        duration_minutes, notes)
    SELECT a.tenant_id, a.farm_id, a.id, 'milking', ((v_today - k) + m.at) AT TIME ZONE v_tz,
           (SELECT fa.user_id FROM public.farm_access fa WHERE fa.tenant_id = p_tenant_id AND fa.farm_id = v_dairy
            LIMIT 1), 15, m.notes
    FROM public.animals a
    CROSS JOIN generate_series(0, 6) k
    CROSS JOIN (VALUES (time '05:00', 'morning milking'), (time '17:00', 'evening milking')) m (at, notes)
    WHERE a.tenant_id = p_tenant_id AND a.tag_number IN ('GV-0001', 'GV-0002')
      AND ((v_today - k) + m.at) AT TIME ZONE v_tz <= v_now;
    INSERT INTO public.activities (tenant_id, farm_id, group_id, activity_type, performed_at, duration_minutes, notes)
    SELECT g.tenant_id, g.farm_id, g.id, 'feeding', ((v_today - k) + time '06:30') AT TIME ZONE v_tz, 40,
           'morning ration'
    FROM public.animal_groups g CROSS JOIN generate_series(0, 6) k
    WHERE g.tenant_id = p_tenant_id AND ((v_today - k) + time '06:30') AT TIME ZONE v_tz <= v_now;

    PERFORM private.seed_demo_finance(p_tenant_id, v_dairy);
    SELECT count(*) INTO v_count FROM public.animals a WHERE a.tenant_id = p_tenant_id;
    RETURN v_count;
END
$$;


--
-- Name: set_node_role(text, bigint, text, text, text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.set_node_role(p_role text, p_epoch bigint, p_side text, p_name text, p_mode text, p_reason text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_epoch bigint;
BEGIN
    PERFORM pg_catalog.set_config('synchronous_commit', 'local', true);
    SELECT n.epoch INTO v_epoch FROM private.node_state n FOR UPDATE;
    IF p_epoch < v_epoch THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('epochs never go back: this database holds %s, asked for %s', v_epoch, p_epoch),
            HINT = 'epoch_changed';
    END IF;
    UPDATE private.node_state SET role = p_role, epoch = p_epoch, side = p_side, replication_name = p_name,
        mode = coalesce(p_mode, mode), reason = p_reason, changed_at = now();
END
$$;


--
-- Name: settle_subscription_payment(uuid, uuid, boolean, text, text, text, text, timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.settle_subscription_payment(p_tenant_id uuid, p_invoice_id uuid, p_succeeded boolean, p_provider text, p_reference text, p_error text, p_event_id text, p_at timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_invoice public.subscription_invoices;
    v_sub public.subscriptions;
    v_attempt uuid;
    v_failures integer;
    v_retry_days CONSTANT integer[] := ARRAY[1, 3, 7];
BEGIN
    SELECT * INTO v_invoice FROM public.subscription_invoices i
    WHERE i.tenant_id = p_tenant_id AND i.id = p_invoice_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'no such subscription invoice',
            DETAIL = format('invoice_id=%s', p_invoice_id), HINT = 'subscription_invoice_not_found';
    END IF;
    IF v_invoice.status <> 'open' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('the invoice is %s', v_invoice.status),
            DETAIL = format('invoice_id=%s', p_invoice_id), HINT = 'subscription_invoice_not_open';
    END IF;
    SELECT * INTO v_sub FROM public.subscriptions s
    WHERE s.tenant_id = p_tenant_id AND s.id = v_invoice.subscription_id FOR UPDATE;

    -- The pending attempt this outcome answers, else (a payment nobody asked for) a new attempt.
    UPDATE public.payment_attempts a
    SET status = CASE WHEN p_succeeded THEN 'succeeded' ELSE 'failed' END, provider = p_provider,
        external_id = p_reference, error = p_error, event_id = p_event_id, completed_at = p_at
    WHERE (a.tenant_id, a.id) = (SELECT a2.tenant_id, a2.id FROM public.payment_attempts a2
                                 WHERE a2.tenant_id = p_tenant_id AND a2.invoice_id = p_invoice_id
                                   AND a2.status = 'pending'
                                 ORDER BY a2.attempt_no DESC LIMIT 1)
    RETURNING a.id INTO v_attempt;
    IF v_attempt IS NULL THEN
        INSERT INTO public.payment_attempts (tenant_id, invoice_id, provider, attempt_no, amount, status,
            external_id, error, event_id, completed_at)
        VALUES (p_tenant_id, p_invoice_id, p_provider, private.next_attempt_no(p_tenant_id, p_invoice_id),
                v_invoice.amount, CASE WHEN p_succeeded THEN 'succeeded' ELSE 'failed' END, p_reference, p_error,
                p_event_id, p_at);
    END IF;

    IF p_succeeded THEN
        UPDATE public.subscription_invoices i SET status = 'paid', paid_at = p_at
        WHERE i.tenant_id = p_tenant_id AND i.id = p_invoice_id;
        IF NOT EXISTS (SELECT 1 FROM public.subscription_invoices i
                       WHERE i.tenant_id = p_tenant_id AND i.subscription_id = v_sub.id AND i.status = 'open') THEN
            UPDATE public.subscriptions s
            SET status = CASE WHEN s.status IN ('past_due', 'suspended') THEN 'active' ELSE s.status END,
                failed_attempts = 0, next_retry_on = NULL, suspended_at = NULL
            WHERE s.tenant_id = p_tenant_id AND s.id = v_sub.id;
        END IF;
    ELSIF v_sub.status IN ('active', 'past_due', 'suspended') THEN
        v_failures := v_sub.failed_attempts + 1;
        UPDATE public.subscriptions s
        SET failed_attempts = v_failures,
            status = CASE WHEN v_failures > cardinality(v_retry_days) THEN 'suspended' ELSE 'past_due' END,
            next_retry_on = CASE WHEN v_failures <= cardinality(v_retry_days)
                                 THEN greatest(v_invoice.due_on + v_retry_days[v_failures],
                                               (p_at AT TIME ZONE 'UTC')::date) END,
            suspended_at = CASE WHEN v_failures > cardinality(v_retry_days) THEN coalesce(s.suspended_at, p_at) END
        WHERE s.tenant_id = p_tenant_id AND s.id = v_sub.id;
    END IF;
    RETURN (SELECT jsonb_build_object('invoice_id', i.id, 'invoice_status', i.status, 'subscription_status', s.status,
                                      'failed_attempts', s.failed_attempts, 'next_retry_on', s.next_retry_on)
            FROM public.subscription_invoices i
            JOIN public.subscriptions s ON s.tenant_id = i.tenant_id AND s.id = i.subscription_id
            WHERE i.tenant_id = p_tenant_id AND i.id = p_invoice_id);
END
$$;


--
-- Name: stamp_record_farm(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.stamp_record_farm() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_row jsonb := to_jsonb(NEW);
    v_farm uuid;
    v_stamp jsonb;
BEGIN
    IF v_row ? 'service_id' AND TG_TABLE_NAME = 'pregnancy_checks' THEN
        SELECT s.farm_id INTO v_farm FROM public.breeding_services s
        WHERE s.tenant_id = NEW.tenant_id AND s.id = (v_row ->> 'service_id')::uuid;
    ELSIF v_row ->> 'group_id' IS NOT NULL THEN
        SELECT g.farm_id INTO v_farm FROM public.animal_groups g
        WHERE g.tenant_id = NEW.tenant_id AND g.id = (v_row ->> 'group_id')::uuid AND g.deleted_at IS NULL;
    ELSE
        SELECT a.farm_id INTO v_farm FROM public.animals a
        WHERE a.tenant_id = NEW.tenant_id AND a.id = coalesce(v_row ->> 'animal_id', v_row ->> 'dam_id')::uuid
          AND a.deleted_at IS NULL;
    END IF;
    IF v_farm IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'the animal, group or service does not exist',
            HINT = 'subject_not_found';
    END IF;
    v_stamp := jsonb_build_object('farm_id', v_farm);
    IF v_row ? 'recorded_by' AND v_row ->> 'recorded_by' IS NULL THEN
        v_stamp := v_stamp || jsonb_build_object('recorded_by', auth.uid());
    END IF;
    IF v_row ? 'performed_by' AND v_row ->> 'performed_by' IS NULL THEN
        v_stamp := v_stamp || jsonb_build_object('performed_by', auth.uid());
    END IF;
    NEW := jsonb_populate_record(NEW, v_stamp);
    RETURN NEW;
END
$$;


--
-- Name: start_lactation(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.start_lactation() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_number integer;
BEGIN
    IF EXISTS (SELECT 1 FROM public.animals a JOIN public.species sp ON sp.code = a.species
               WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.dam_id AND sp.is_dairy) THEN
        UPDATE public.lactations l SET dried_off_on = greatest(l.started_on, NEW.born_on - 1)
        WHERE l.tenant_id = NEW.tenant_id AND l.animal_id = NEW.dam_id AND l.dried_off_on IS NULL;
        SELECT coalesce(max(l.number), 0) + 1 INTO v_number FROM public.lactations l
        WHERE l.tenant_id = NEW.tenant_id AND l.animal_id = NEW.dam_id;
        INSERT INTO public.lactations (tenant_id, farm_id, animal_id, number, started_on, birth_id)
        VALUES (NEW.tenant_id, NEW.farm_id, NEW.dam_id, v_number, NEW.born_on, NEW.id);
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: start_trial(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.start_trial() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_days integer := greatest(coalesce((SELECT p.trial_days FROM public.plans p WHERE p.code = 'trial'), 14), 1);
BEGIN
    INSERT INTO public.subscriptions (tenant_id, plan_code, status, trial_ends_on, current_period_start,
        current_period_end, next_billing_on)
    VALUES (NEW.id, 'trial', 'trial', private.today() + v_days, private.today(), private.today() + v_days, NULL)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;


--
-- Name: storage_bucket(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_bucket(p_bucket_id text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: storage_bucket_types(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_bucket_types(p_bucket_id text) RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT coalesce(b.allowed_mime_types, '{}') FROM storage.buckets b WHERE b.id = p_bucket_id
$$;


--
-- Name: storage_can_upload(text, text, boolean); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_can_upload(p_bucket_id text, p_name text, p_upsert boolean) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: storage_list(text, text, integer, integer, text, text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_list(p_bucket_id text, p_prefix text, p_limit integer, p_offset integer, p_search text, p_sort_column text, p_sort_order text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: storage_list_buckets(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_list_buckets() RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', b.id, 'name', b.name, 'owner', coalesce(b.owner::text, ''),
                                                 'public', b.public, 'file_size_limit', b.file_size_limit,
                                                 'allowed_mime_types', b.allowed_mime_types,
                                                 'created_at', b.created_at, 'updated_at', b.updated_at)
                              ORDER BY b.id), '[]'::jsonb)
    FROM storage.buckets b
$$;


--
-- Name: storage_object(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_object(p_bucket_id text, p_name text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: objects; Type: TABLE; Schema: storage; Owner: -
--

CREATE TABLE storage.objects (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    bucket_id text,
    name text,
    owner uuid,
    owner_id text,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    last_accessed_at timestamp with time zone DEFAULT now(),
    metadata jsonb,
    path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/'::text)) STORED,
    version text,
    user_metadata jsonb
);

ALTER TABLE ONLY storage.objects FORCE ROW LEVEL SECURITY;


--
-- Name: storage_object_json(storage.objects); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_object_json(o storage.objects) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    SELECT jsonb_build_object('id', o.id, 'bucket_id', o.bucket_id, 'name', o.name, 'owner', o.owner,
                              'owner_id', o.owner_id, 'version', o.version, 'metadata', o.metadata,
                              'user_metadata', o.user_metadata, 'created_at', o.created_at,
                              'updated_at', o.updated_at, 'last_accessed_at', o.last_accessed_at)
$$;


--
-- Name: storage_public_object(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_public_object(p_bucket_id text, p_name text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: storage_put_object(text, text, boolean, jsonb, jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_put_object(p_bucket_id text, p_name text, p_upsert boolean, p_metadata jsonb, p_user_metadata jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: storage_readable_names(text, text[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_readable_names(p_bucket_id text, p_names text[]) RETURNS text[]
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
BEGIN
    PERFORM private.storage_bucket(p_bucket_id);
    RETURN ARRAY(SELECT o.name FROM storage.objects o WHERE o.bucket_id = p_bucket_id AND o.name = ANY (p_names));
END
$$;


--
-- Name: storage_remove(text, text[]); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_remove(p_bucket_id text, p_names text[]) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: storage_signed_object(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.storage_signed_object(p_bucket_id text, p_name text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: sync_publication(text, text[], text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.sync_publication(p_name text, p_tables text[] DEFAULT NULL::text[], p_reader text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
DECLARE
    v_tables text[] := ARRAY(SELECT t::pg_catalog.regclass::text
                             FROM unnest(coalesce(p_tables, ARRAY(SELECT r.table_name FROM private.replicated_tables() r))) t);
    v_schema text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication p WHERE p.pubname = p_name) THEN
        EXECUTE pg_catalog.format('CREATE PUBLICATION %I WITH (publish_via_partition_root = true)', p_name);
    END IF;
    EXECUTE pg_catalog.format('ALTER PUBLICATION %I SET TABLE %s', p_name, array_to_string(v_tables, ', '));
    IF p_reader IS NOT NULL AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = p_reader) THEN
        FOR v_schema IN SELECT DISTINCT c.relnamespace::regnamespace::text FROM pg_catalog.pg_class c
                        WHERE c.oid = ANY (v_tables::pg_catalog.regclass[]) LOOP
            EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA %s TO %I', v_schema, p_reader);
        END LOOP;
        EXECUTE pg_catalog.format('GRANT SELECT ON %s TO %I', array_to_string(v_tables, ', '), p_reader);
    END IF;
    RETURN cardinality(v_tables);
END
$$;


--
-- Name: tenant_is_going(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tenant_is_going(p_tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT NOT EXISTS (SELECT 1 FROM public.tenants t WHERE t.id = p_tenant_id)
$$;


--
-- Name: tenants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenants (
    id uuid DEFAULT private.uuid7() NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    country character(2) DEFAULT 'US'::bpchar NOT NULL,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenants_country_check CHECK ((country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT tenants_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT tenants_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
    CONSTRAINT tenants_slug_check CHECK ((slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'::text)),
    CONSTRAINT tenants_status_check CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text, 'cancelled'::text])))
);

ALTER TABLE ONLY public.tenants FORCE ROW LEVEL SECURITY;


--
-- Name: tenant_json(public.tenants, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tenant_json(t public.tenants, p_role text) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', t.id, 'name', t.name, 'slug', t.slug, 'status', t.status,
        'country', t.country, 'currency', t.currency, 'timezone', t.timezone,
        'role', p_role, 'created_at', t.created_at)
$$;


--
-- Name: plans; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.plans (
    code text NOT NULL,
    name text NOT NULL,
    max_animals integer,
    max_farms integer,
    max_members integer,
    max_devices integer,
    price_monthly numeric(14,2) DEFAULT 0 NOT NULL,
    price_yearly numeric(14,2) DEFAULT 0 NOT NULL,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    trial_days integer DEFAULT 0 NOT NULL,
    features jsonb DEFAULT '[]'::jsonb NOT NULL,
    CONSTRAINT plans_code_check CHECK ((code ~ '^[a-z_]+$'::text)),
    CONSTRAINT plans_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT plans_max_animals_check CHECK ((max_animals >= 0)),
    CONSTRAINT plans_max_devices_check CHECK ((max_devices >= 0)),
    CONSTRAINT plans_max_farms_check CHECK ((max_farms >= 0)),
    CONSTRAINT plans_max_members_check CHECK ((max_members >= 0)),
    CONSTRAINT plans_price_monthly_check CHECK ((price_monthly >= (0)::numeric)),
    CONSTRAINT plans_price_yearly_check CHECK ((price_yearly >= (0)::numeric)),
    CONSTRAINT plans_trial_days_check CHECK ((trial_days >= 0))
);

ALTER TABLE ONLY public.plans FORCE ROW LEVEL SECURITY;


--
-- Name: tenant_plan(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tenant_plan(p_tenant_id uuid) RETURNS public.plans
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT p.* FROM public.plans p
    WHERE p.code = coalesce((SELECT s.plan_code FROM public.subscriptions s WHERE s.tenant_id = p_tenant_id), 'trial')
$$;


--
-- Name: tenant_today(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tenant_today(p_tenant_id uuid) RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT (private.now() AT TIME ZONE coalesce((SELECT t.timezone FROM public.tenants t WHERE t.id = p_tenant_id),
                                                'UTC'))::date
$$;


--
-- Name: tenant_usage(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tenant_usage(p_tenant_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT jsonb_object_agg(r, private.usage_count(p_tenant_id, r))
    FROM unnest(ARRAY['animals', 'farms', 'members', 'devices']) r
    WHERE auth.uid() IS NULL OR private.is_member(p_tenant_id)
$$;


--
-- Name: today(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.today() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT (private.now() AT TIME ZONE 'UTC')::date
$$;


--
-- Name: total_invoice(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.total_invoice() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: total_production(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.total_production() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
BEGIN
    EXECUTE format($q$
        INSERT INTO public.production_daily_totals AS p (tenant_id, farm_id, recorded_on, product, unit, species,
            quantity, withheld, records)
        SELECT d.tenant_id, d.farm_id, d.recorded_on, d.product, d.unit, coalesce(a.species, g.species),
               sum(d.sign * d.quantity), sum(d.sign * d.withheld), sum(d.sign)
        FROM (%s) d
        JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
        JOIN public.tenants t ON t.id = d.tenant_id
        LEFT JOIN public.animals a ON a.tenant_id = d.tenant_id AND a.id = d.animal_id
        LEFT JOIN public.animal_groups g ON g.tenant_id = d.tenant_id AND g.id = d.group_id
        WHERE coalesce(a.species, g.species) IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(d.sign * d.quantity) <> 0 OR sum(d.sign * d.withheld) <> 0 OR sum(d.sign) <> 0
        ORDER BY 1, 3, 2, 4, 5, 6
        ON CONFLICT (tenant_id, recorded_on, farm_id, product, unit, species) DO UPDATE
        SET quantity = p.quantity + excluded.quantity, withheld = p.withheld + excluded.withheld,
            records = p.records + excluded.records
    $q$, private.transition_rows(TG_OP, 'r.tenant_id, r.farm_id, r.animal_id, r.group_id, r.recorded_on, r.product, '
                                        || 'r.unit, r.quantity, CASE WHEN r.is_withheld THEN r.quantity ELSE 0 END '
                                        || 'AS withheld'));
    RETURN NULL;
END
$_$;


--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;


--
-- Name: transition_rows(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.transition_rows(p_op text, p_columns text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $_$
    SELECT CASE p_op
        WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM new_rows r', p_columns)
        WHEN 'DELETE' THEN format('SELECT -1 AS sign, %s FROM old_rows r', p_columns)
        ELSE format('SELECT 1 AS sign, %1$s FROM new_rows r UNION ALL SELECT -1, %1$s FROM old_rows r', p_columns)
    END
$_$;


--
-- Name: treatment_changed(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.treatment_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM private.reflag_production(OLD.tenant_id, OLD.animal_id, OLD.group_id, OLD.course_start);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM private.reflag_production(NEW.tenant_id, NEW.animal_id, NEW.group_id, NEW.course_start);
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: treatments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.treatments (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    diagnosis text,
    medicine text NOT NULL,
    dose text,
    route text,
    course_start date NOT NULL,
    course_end date NOT NULL,
    is_cascade boolean DEFAULT false NOT NULL,
    meat_withdrawal_hours integer,
    milk_withdrawal_hours integer,
    eggs_withdrawal_hours integer,
    is_organic boolean DEFAULT false NOT NULL,
    meat_withdrawal_days integer DEFAULT 0 NOT NULL,
    milk_withdrawal_days integer DEFAULT 0 NOT NULL,
    eggs_withdrawal_days integer DEFAULT 0 NOT NULL,
    meat_clear_on date,
    milk_clear_on date,
    eggs_clear_on date,
    vet_name text,
    notes text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT treatments_check CHECK ((num_nonnulls(animal_id, group_id) = 1)),
    CONSTRAINT treatments_check1 CHECK ((course_end >= course_start)),
    CONSTRAINT treatments_diagnosis_check CHECK ((length(diagnosis) <= 500)),
    CONSTRAINT treatments_dose_check CHECK ((length(dose) <= 100)),
    CONSTRAINT treatments_eggs_withdrawal_days_check CHECK ((eggs_withdrawal_days >= 0)),
    CONSTRAINT treatments_eggs_withdrawal_hours_check CHECK (((eggs_withdrawal_hours >= 0) AND (eggs_withdrawal_hours <= 87600))),
    CONSTRAINT treatments_meat_withdrawal_days_check CHECK ((meat_withdrawal_days >= 0)),
    CONSTRAINT treatments_meat_withdrawal_hours_check CHECK (((meat_withdrawal_hours >= 0) AND (meat_withdrawal_hours <= 87600))),
    CONSTRAINT treatments_medicine_check CHECK (((length(btrim(medicine)) >= 1) AND (length(btrim(medicine)) <= 200))),
    CONSTRAINT treatments_milk_withdrawal_days_check CHECK ((milk_withdrawal_days >= 0)),
    CONSTRAINT treatments_milk_withdrawal_hours_check CHECK (((milk_withdrawal_hours >= 0) AND (milk_withdrawal_hours <= 87600))),
    CONSTRAINT treatments_notes_check CHECK ((length(notes) <= 2000)),
    CONSTRAINT treatments_route_check CHECK ((route = ANY (ARRAY['oral'::text, 'injection'::text, 'intramuscular'::text, 'intravenous'::text, 'subcutaneous'::text, 'topical'::text, 'intramammary'::text, 'intrauterine'::text, 'in_water'::text, 'in_feed'::text, 'other'::text]))),
    CONSTRAINT treatments_vet_name_check CHECK ((length(vet_name) <= 200))
);

ALTER TABLE ONLY public.treatments FORCE ROW LEVEL SECURITY;


--
-- Name: treatment_json(public.treatments); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.treatment_json(t public.treatments) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', t.id, 'tenant_id', t.tenant_id, 'farm_id', t.farm_id, 'animal_id', t.animal_id,
        'group_id', t.group_id, 'diagnosis', t.diagnosis, 'medicine', t.medicine, 'dose', t.dose, 'route', t.route,
        'course_start', t.course_start, 'course_end', t.course_end, 'is_cascade', t.is_cascade,
        'is_organic', t.is_organic,
        'withdrawal', jsonb_build_object(
            'meat', jsonb_build_object('label_hours', t.meat_withdrawal_hours, 'days', t.meat_withdrawal_days,
                                       'clear_on', t.meat_clear_on),
            'milk', jsonb_build_object('label_hours', t.milk_withdrawal_hours, 'days', t.milk_withdrawal_days,
                                       'clear_on', t.milk_clear_on),
            'eggs', jsonb_build_object('label_hours', t.eggs_withdrawal_hours, 'days', t.eggs_withdrawal_days,
                                       'clear_on', t.eggs_clear_on)),
        'vet_name', t.vet_name, 'notes', t.notes, 'recorded_by', t.recorded_by, 'created_at', t.created_at)
$$;


--
-- Name: try_date(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.try_date(p text) RETURNS date
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
BEGIN
    IF p !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        RETURN NULL;
    END IF;
    RETURN p::date;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$_$;


--
-- Name: try_integer(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.try_integer(p text) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $_$
    SELECT CASE WHEN p ~ '^[0-9]{1,9}$' THEN p::integer END
$_$;


--
-- Name: try_numeric(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.try_numeric(p text) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $_$
    SELECT CASE WHEN length(p) <= 40 AND p ~ '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$' THEN p::numeric END
$_$;


--
-- Name: try_uuid(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.try_uuid(p text) RETURNS uuid
    LANGUAGE sql IMMUTABLE
    AS $_$
    SELECT CASE WHEN p ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN p::uuid END
$_$;


--
-- Name: unreplicated_schemas(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.unreplicated_schemas() RETURNS TABLE(schema_name text, why text)
    LANGUAGE sql IMMUTABLE
    AS $$
    VALUES ('api', 'functions only, created by the migrations on each database'),
           ('audit_archive', 'months detached from the audit log stay on the database that archived them')
$$;


--
-- Name: unreplicated_tables(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.unreplicated_tables() RETURNS TABLE(table_name text, why text)
    LANGUAGE sql IMMUTABLE
    AS $$
    VALUES ('public.schema_version', 'pgmigrate''s log of its own: `ifarm migrate` migrates each database'),
           ('private.deployed_sql_files', 'which function files this database has deployed (`ifarm migrate`)'),
           ('private.node_state', 'this database''s own role and epoch in the pair'),
           ('outbox.events', 'ids from a local sequence: the outbox belongs to whichever database serves'),
           ('private.job_runs', 'ids from a local sequence: each database''s own job log (jobs are idempotent '
                                || 'through their own keys)'),
           ('private.login_attempts', 'ids from a local sequence: the sign-in rate-limit window starts afresh '
                                      || 'after a switch'),
           ('private.dashboard_refreshes', 'when this database refreshed its materialized views, which are not '
                                           || 'replicated either'),
           -- Reference data: the migrations insert it on both databases, so a published copy would
           -- collide with the backup's own rows. Change it with a migration.
           ('public.roles', 'reference data written by migrations, which run on both databases'),
           ('public.role_permissions', 'reference data written by migrations, which run on both databases'),
           ('public.species', 'reference data written by migrations, which run on both databases'),
           ('public.species_products', 'reference data written by migrations, which run on both databases'),
           ('public.breeds', 'reference data written by migrations, which run on both databases'),
           ('public.plans', 'reference data written by migrations, which run on both databases'),
           ('public.cascade_withdrawal_minimums', 'reference data written by migrations, which run on both databases'),
           ('storage.buckets', 'reference data written by migrations, which run on both databases')
$$;


--
-- Name: update_daily_summaries(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.update_daily_summaries(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_day date := (p_as_of AT TIME ZONE 'UTC')::date;
    v_rows bigint;
BEGIN
    v_rows := private.reconcile_dashboard_counters(NULL, v_day - 2, v_day + 1);
    PERFORM private.refresh_dashboard_views();
    RETURN v_rows;
END
$$;


--
-- Name: usage_count(uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.usage_count(p_tenant_id uuid, p_resource text) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    RETURN CASE p_resource
        WHEN 'animals' THEN (SELECT count(*) FROM public.animals a
                             WHERE a.tenant_id = p_tenant_id AND a.deleted_at IS NULL AND a.status = 'active')
        WHEN 'farms' THEN (SELECT count(*) FROM public.farms f WHERE f.tenant_id = p_tenant_id AND f.deleted_at IS NULL)
        WHEN 'members' THEN (SELECT count(*) FROM public.tenant_members m WHERE m.tenant_id = p_tenant_id)
        WHEN 'devices' THEN 0
    END;
END
$$;


--
-- Name: usage_over_plan(uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.usage_over_plan(p_tenant_id uuid, p_plan_code text) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT coalesce(jsonb_object_agg(l.resource, jsonb_build_object('limit', l.max, 'usage', u.value::bigint)),
                    '{}'::jsonb)
    FROM public.plans p
    CROSS JOIN LATERAL (VALUES ('animals', p.max_animals), ('farms', p.max_farms), ('members', p.max_members),
                               ('devices', p.max_devices)) AS l (resource, max)
    JOIN jsonb_each_text(private.tenant_usage(p_tenant_id)) u ON u.key = l.resource
    WHERE p.code = p_plan_code AND l.max IS NOT NULL AND u.value::bigint > l.max
$$;


--
-- Name: vaccinations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vaccinations (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    vaccine text NOT NULL,
    dose text,
    batch_number text,
    given_on date NOT NULL,
    next_due_on date,
    vet_name text,
    notes text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT vaccinations_batch_number_check CHECK ((length(batch_number) <= 100)),
    CONSTRAINT vaccinations_check CHECK ((num_nonnulls(animal_id, group_id) = 1)),
    CONSTRAINT vaccinations_check1 CHECK ((next_due_on >= given_on)),
    CONSTRAINT vaccinations_dose_check CHECK ((length(dose) <= 100)),
    CONSTRAINT vaccinations_notes_check CHECK ((length(notes) <= 2000)),
    CONSTRAINT vaccinations_vaccine_check CHECK (((length(btrim(vaccine)) >= 1) AND (length(btrim(vaccine)) <= 200))),
    CONSTRAINT vaccinations_vet_name_check CHECK ((length(vet_name) <= 200))
);

ALTER TABLE ONLY public.vaccinations FORCE ROW LEVEL SECURITY;


--
-- Name: vaccination_json(public.vaccinations); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.vaccination_json(v public.vaccinations) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', v.id, 'tenant_id', v.tenant_id, 'farm_id', v.farm_id, 'animal_id', v.animal_id,
        'group_id', v.group_id, 'vaccine', v.vaccine, 'dose', v.dose, 'batch_number', v.batch_number,
        'given_on', v.given_on, 'next_due_on', v.next_due_on, 'vet_name', v.vet_name, 'notes', v.notes,
        'recorded_by', v.recorded_by, 'created_at', v.created_at)
$$;


--
-- Name: withdrawal_days(text, integer, boolean, boolean); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.withdrawal_days(p_product text, p_label_hours integer, p_is_cascade boolean, p_is_organic boolean) RETURNS integer
    LANGUAGE sql STABLE
    AS $$
    WITH base AS (
        SELECT CASE
                   WHEN NOT p_is_cascade THEN coalesce(p_label_hours, 0)::numeric
                   WHEN p_label_hours IS NOT NULL THEN p_label_hours * 1.5
                   ELSE coalesce((SELECT m.min_days FROM public.cascade_withdrawal_minimums m
                                  WHERE m.product = p_product), 0) * 24
               END AS hours),
    organic AS (
        SELECT CASE WHEN p_is_organic THEN greatest(b.hours * 2, 48) ELSE b.hours END AS hours FROM base b)
    SELECT ceil(o.hours / 24)::integer FROM organic o
$$;


--
-- Name: withholding_treatment(uuid, uuid, uuid, text, date); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.withholding_treatment(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, p_product text, p_on date, OUT treatment_id uuid, OUT clear_on date) RETURNS record
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF p_product NOT IN ('milk', 'eggs', 'meat') THEN
        RETURN;
    END IF;
    IF p_animal_id IS NOT NULL THEN
        SELECT t.id, c.clear_on INTO treatment_id, clear_on
        FROM public.treatments t
        CROSS JOIN LATERAL (SELECT CASE p_product WHEN 'milk' THEN t.milk_clear_on WHEN 'eggs' THEN t.eggs_clear_on
                                                  WHEN 'meat' THEN t.meat_clear_on END) c (clear_on)
        WHERE t.tenant_id = p_tenant_id AND t.animal_id = p_animal_id
          AND t.course_start <= p_on AND p_on < c.clear_on
        ORDER BY c.clear_on DESC, t.id DESC
        LIMIT 1;
    ELSE
        SELECT t.id, c.clear_on INTO treatment_id, clear_on
        FROM public.treatments t
        CROSS JOIN LATERAL (SELECT CASE p_product WHEN 'milk' THEN t.milk_clear_on WHEN 'eggs' THEN t.eggs_clear_on
                                                  WHEN 'meat' THEN t.meat_clear_on END) c (clear_on)
        WHERE t.tenant_id = p_tenant_id AND t.group_id = p_group_id
          AND t.course_start <= p_on AND p_on < c.clear_on
        ORDER BY c.clear_on DESC, t.id DESC
        LIMIT 1;
    END IF;
END
$$;


--
-- Name: writable_when_inactive(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.writable_when_inactive() RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    SELECT ARRAY['subscriptions', 'subscription_invoices', 'payment_attempts', 'usage_metrics', 'notifications']
$$;


--
-- Name: extension(text); Type: FUNCTION; Schema: storage; Owner: -
--

CREATE FUNCTION storage.extension(name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $$
    DECLARE
        _parts text[];
        _filename text;
    BEGIN
        SELECT string_to_array(name, '/') INTO _parts;
        SELECT _parts[array_length(_parts, 1)] INTO _filename;
        RETURN reverse(split_part(reverse(_filename), '.', 1));
    END
    $$;


--
-- Name: filename(text); Type: FUNCTION; Schema: storage; Owner: -
--

CREATE FUNCTION storage.filename(name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $$
    DECLARE
        _parts text[];
    BEGIN
        SELECT string_to_array(name, '/') INTO _parts;
        RETURN _parts[array_length(_parts, 1)];
    END
    $$;


--
-- Name: foldername(text); Type: FUNCTION; Schema: storage; Owner: -
--

CREATE FUNCTION storage.foldername(name text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE
    AS $$
    DECLARE
        _parts text[];
    BEGIN
        SELECT string_to_array(name, '/') INTO _parts;
        RETURN _parts[1:array_length(_parts, 1) - 1];
    END
    $$;


--
-- Name: search(text, text, integer, integer, integer, text, text, text); Type: FUNCTION; Schema: storage; Owner: -
--

CREATE FUNCTION storage.search(prefix text, bucketname text, limits integer DEFAULT 100, levels integer DEFAULT 1, offsets integer DEFAULT 0, search text DEFAULT ''::text, sortcolumn text DEFAULT 'name'::text, sortorder text DEFAULT 'asc'::text) RETURNS TABLE(name text, id uuid, updated_at timestamp with time zone, created_at timestamp with time zone, last_accessed_at timestamp with time zone, metadata jsonb)
    LANGUAGE plpgsql STABLE
    AS $_$
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
    $_$;


--
-- Name: log_default; Type: TABLE; Schema: audit; Owner: -
--

CREATE TABLE audit.log_default (
    id uuid DEFAULT private.uuid7() CONSTRAINT log_id_not_null NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() CONSTRAINT log_occurred_at_not_null NOT NULL,
    tenant_id uuid,
    actor_id uuid,
    actor_role text CONSTRAINT log_actor_role_not_null NOT NULL,
    session_id text,
    request_id text,
    client_addr text,
    table_name text CONSTRAINT log_table_name_not_null NOT NULL,
    row_key jsonb,
    action text CONSTRAINT log_action_not_null NOT NULL,
    old_values jsonb,
    new_values jsonb,
    CONSTRAINT log_action_check CHECK ((action ~ '^[a-z_]+$'::text))
);


--
-- Name: users; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.users (
    instance_id uuid,
    id uuid NOT NULL,
    aud character varying(255),
    role character varying(255),
    email character varying(255),
    encrypted_password character varying(255),
    email_confirmed_at timestamp with time zone,
    last_sign_in_at timestamp with time zone,
    raw_app_meta_data jsonb,
    raw_user_meta_data jsonb,
    is_super_admin boolean,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    phone text,
    banned_until timestamp with time zone,
    deleted_at timestamp with time zone,
    is_anonymous boolean DEFAULT false NOT NULL
);


--
-- Name: consumer_lag; Type: TABLE; Schema: outbox; Owner: -
--

CREATE TABLE outbox.consumer_lag (
    group_id text NOT NULL,
    topic text NOT NULL,
    kafka_partition integer NOT NULL,
    committed bigint NOT NULL,
    end_offset bigint NOT NULL,
    measured_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: dead_letters; Type: TABLE; Schema: outbox; Owner: -
--

CREATE TABLE outbox.dead_letters (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    topic text NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset bigint NOT NULL,
    event jsonb NOT NULL,
    error text NOT NULL,
    attempts integer NOT NULL,
    failed_at timestamp with time zone DEFAULT now() NOT NULL,
    replayed_at timestamp with time zone
);


--
-- Name: events_id_seq; Type: SEQUENCE; Schema: outbox; Owner: -
--

ALTER TABLE outbox.events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME outbox.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: inbox; Type: TABLE; Schema: outbox; Owner: -
--

CREATE TABLE outbox.inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    tenant_id uuid,
    processed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT inbox_consumer_check CHECK ((consumer ~ '^[a-z_]+$'::text))
);


--
-- Name: api_calls; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.api_calls (
    tenant_id uuid NOT NULL,
    day date NOT NULL,
    calls bigint NOT NULL,
    CONSTRAINT api_calls_calls_check CHECK ((calls >= 0))
);


--
-- Name: animal_weights; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animal_weights (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    animal_id uuid NOT NULL,
    weighed_on date NOT NULL,
    weight_kg numeric(8,2) NOT NULL,
    method text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT animal_weights_method_check CHECK ((method = ANY (ARRAY['scale'::text, 'tape'::text, 'estimate'::text]))),
    CONSTRAINT animal_weights_weight_kg_check CHECK (((weight_kg > (0)::numeric) AND (weight_kg < (5000)::numeric)))
);

ALTER TABLE ONLY public.animal_weights FORCE ROW LEVEL SECURITY;


--
-- Name: dashboard_adg; Type: MATERIALIZED VIEW; Schema: private; Owner: -
--

CREATE MATERIALIZED VIEW private.dashboard_adg AS
 SELECT x.tenant_id,
    a.farm_id,
    a.species,
    x.window_days,
    count(*) AS animals,
    sum(x.adg) AS adg_sum
   FROM (( SELECT w.tenant_id,
            w.animal_id,
            win.days AS window_days,
            (((array_agg(w.weight_kg ORDER BY w.weighed_on DESC))[1] - (array_agg(w.weight_kg ORDER BY w.weighed_on))[1]) / ((max(w.weighed_on) - min(w.weighed_on)))::numeric) AS adg
           FROM ((( VALUES (30), (90), (365)) win(days)
             CROSS JOIN ( SELECT t.id AS tenant_id,
                    private.tenant_today(t.id) AS today
                   FROM public.tenants t) d)
             JOIN public.animal_weights w ON (((w.tenant_id = d.tenant_id) AND (w.weighed_on > (d.today - win.days)) AND (w.weighed_on <= d.today))))
          GROUP BY w.tenant_id, w.animal_id, win.days
         HAVING (count(*) >= 2)) x
     JOIN public.animals a ON (((a.tenant_id = x.tenant_id) AND (a.id = x.animal_id))))
  WHERE (a.deleted_at IS NULL)
  GROUP BY x.tenant_id, a.farm_id, a.species, x.window_days
  WITH NO DATA;


--
-- Name: births; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.births (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    dam_id uuid NOT NULL,
    sire_id uuid,
    service_id uuid,
    born_on date NOT NULL,
    offspring_count integer NOT NULL,
    stillborn_count integer DEFAULT 0 NOT NULL,
    notes text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT births_notes_check CHECK ((length(notes) <= 1000)),
    CONSTRAINT births_offspring_count_check CHECK (((offspring_count >= 0) AND (offspring_count <= 30))),
    CONSTRAINT births_stillborn_count_check CHECK ((stillborn_count >= 0))
);

ALTER TABLE ONLY public.births FORCE ROW LEVEL SECURITY;


--
-- Name: breeding_services; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.breeding_services (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    dam_id uuid NOT NULL,
    method text NOT NULL,
    sire_id uuid,
    semen_straw_id text,
    technician text,
    served_on date NOT NULL,
    expected_due_on date NOT NULL,
    status text DEFAULT 'served'::text NOT NULL,
    notes text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT breeding_services_check CHECK (((method = 'natural'::text) OR (sire_id IS NOT NULL) OR (semen_straw_id IS NOT NULL))),
    CONSTRAINT breeding_services_method_check CHECK ((method = ANY (ARRAY['natural'::text, 'ai'::text]))),
    CONSTRAINT breeding_services_notes_check CHECK ((length(notes) <= 1000)),
    CONSTRAINT breeding_services_semen_straw_id_check CHECK ((length(semen_straw_id) <= 64)),
    CONSTRAINT breeding_services_status_check CHECK ((status = ANY (ARRAY['served'::text, 'confirmed'::text, 'failed'::text, 'delivered'::text]))),
    CONSTRAINT breeding_services_technician_check CHECK ((length(technician) <= 100))
);

ALTER TABLE ONLY public.breeding_services FORCE ROW LEVEL SECURITY;


--
-- Name: pregnancy_checks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pregnancy_checks (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    service_id uuid NOT NULL,
    checked_on date NOT NULL,
    result text NOT NULL,
    method text,
    notes text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT pregnancy_checks_method_check CHECK ((method = ANY (ARRAY['palpation'::text, 'ultrasound'::text, 'blood'::text, 'milk'::text, 'observation'::text]))),
    CONSTRAINT pregnancy_checks_notes_check CHECK ((length(notes) <= 1000)),
    CONSTRAINT pregnancy_checks_result_check CHECK ((result = ANY (ARRAY['positive'::text, 'negative'::text, 'uncertain'::text])))
);

ALTER TABLE ONLY public.pregnancy_checks FORCE ROW LEVEL SECURITY;


--
-- Name: species; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.species (
    code text NOT NULL,
    name text NOT NULL,
    gestation_days integer,
    incubation_days integer,
    cycle_days integer DEFAULT 21 NOT NULL,
    is_dairy boolean DEFAULT false NOT NULL,
    kept_by_count boolean DEFAULT false NOT NULL,
    CONSTRAINT species_check CHECK (((gestation_days IS NULL) <> (incubation_days IS NULL))),
    CONSTRAINT species_code_check CHECK ((code ~ '^[a-z_]+$'::text)),
    CONSTRAINT species_cycle_days_check CHECK ((cycle_days > 0)),
    CONSTRAINT species_gestation_days_check CHECK ((gestation_days > 0)),
    CONSTRAINT species_incubation_days_check CHECK ((incubation_days > 0))
);

ALTER TABLE ONLY public.species FORCE ROW LEVEL SECURITY;


--
-- Name: dashboard_breeding; Type: MATERIALIZED VIEW; Schema: private; Owner: -
--

CREATE MATERIALIZED VIEW private.dashboard_breeding AS
 WITH days AS (
         SELECT t.id AS tenant_id,
            private.tenant_today(t.id) AS today
           FROM public.tenants t
        ), heat AS (
         SELECT a.tenant_id,
            a.farm_id,
            a.species,
            count(*) AS repeat_heat
           FROM ((( SELECT DISTINCT ON (s_2.tenant_id, s_2.dam_id) s_2.tenant_id,
                    s_2.dam_id,
                    s_2.id,
                    s_2.status,
                    s_2.served_on,
                    d.today
                   FROM (public.breeding_services s_2
                     JOIN days d ON ((d.tenant_id = s_2.tenant_id)))
                  WHERE (s_2.served_on <= d.today)
                  ORDER BY s_2.tenant_id, s_2.dam_id, s_2.served_on DESC) s_1
             JOIN public.animals a ON (((a.tenant_id = s_1.tenant_id) AND (a.id = s_1.dam_id))))
             JOIN public.species sp ON ((sp.code = a.species)))
          WHERE ((a.status = 'active'::text) AND (a.deleted_at IS NULL) AND (a.sex = 'female'::text) AND (s_1.status = ANY (ARRAY['served'::text, 'failed'::text])) AND ((s_1.today - s_1.served_on) >= sp.cycle_days) AND (NOT (EXISTS ( SELECT 1
                   FROM public.pregnancy_checks c_1
                  WHERE ((c_1.tenant_id = s_1.tenant_id) AND (c_1.service_id = s_1.id) AND (c_1.result = 'positive'::text))))))
          GROUP BY a.tenant_id, a.farm_id, a.species
        ), services AS (
         SELECT s_1.tenant_id,
            s_1.farm_id,
            a.species,
            count(*) AS services,
            count(*) FILTER (WHERE (s_1.status = ANY (ARRAY['confirmed'::text, 'delivered'::text]))) AS conceived
           FROM ((public.breeding_services s_1
             JOIN days d ON ((d.tenant_id = s_1.tenant_id)))
             JOIN public.animals a ON (((a.tenant_id = s_1.tenant_id) AND (a.id = s_1.dam_id))))
          WHERE ((s_1.served_on > (d.today - 365)) AND (s_1.status = ANY (ARRAY['confirmed'::text, 'delivered'::text, 'failed'::text])))
          GROUP BY s_1.tenant_id, s_1.farm_id, a.species
        ), calvings AS (
         SELECT c_1.tenant_id,
            c_1.farm_id,
            a.species,
            count(*) AS calving_cows,
            sum(c_1.interval_days) AS calving_days
           FROM (( SELECT b.tenant_id,
                    b.dam_id,
                    b.farm_id,
                    (b.born_on - lag(b.born_on) OVER w) AS interval_days,
                    row_number() OVER (PARTITION BY b.tenant_id, b.dam_id ORDER BY b.born_on DESC) AS latest
                   FROM ( SELECT DISTINCT ON (b_1.tenant_id, b_1.dam_id, b_1.born_on) b_1.tenant_id,
                            b_1.dam_id,
                            b_1.born_on,
                            b_1.farm_id
                           FROM public.births b_1
                          ORDER BY b_1.tenant_id, b_1.dam_id, b_1.born_on, b_1.created_at DESC) b
                  WINDOW w AS (PARTITION BY b.tenant_id, b.dam_id ORDER BY b.born_on)) c_1
             JOIN public.animals a ON (((a.tenant_id = c_1.tenant_id) AND (a.id = c_1.dam_id))))
          WHERE ((c_1.latest = 1) AND (c_1.interval_days IS NOT NULL))
          GROUP BY c_1.tenant_id, c_1.farm_id, a.species
        )
 SELECT k.tenant_id,
    k.farm_id,
    k.species,
    COALESCE(h.repeat_heat, (0)::bigint) AS repeat_heat,
    COALESCE(s.services, (0)::bigint) AS services,
    COALESCE(s.conceived, (0)::bigint) AS conceived,
    COALESCE(c.calving_cows, (0)::bigint) AS calving_cows,
    COALESCE(c.calving_days, (0)::bigint) AS calving_days
   FROM (((( SELECT heat.tenant_id,
            heat.farm_id,
            heat.species
           FROM heat
        UNION
         SELECT services.tenant_id,
            services.farm_id,
            services.species
           FROM services
        UNION
         SELECT calvings.tenant_id,
            calvings.farm_id,
            calvings.species
           FROM calvings) k
     LEFT JOIN heat h USING (tenant_id, farm_id, species))
     LEFT JOIN services s USING (tenant_id, farm_id, species))
     LEFT JOIN calvings c USING (tenant_id, farm_id, species))
  WITH NO DATA;


--
-- Name: animal_sales; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animal_sales (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    female integer DEFAULT 0 NOT NULL,
    male integer DEFAULT 0 NOT NULL,
    unknown integer DEFAULT 0 NOT NULL,
    buyer_id uuid,
    sold_on date NOT NULL,
    price numeric(14,2) NOT NULL,
    currency character(3) NOT NULL,
    weight_kg numeric(10,2),
    for_slaughter boolean DEFAULT true NOT NULL,
    invoice_id uuid,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT animal_sales_check CHECK ((num_nonnulls(animal_id, group_id) = 1)),
    CONSTRAINT animal_sales_check1 CHECK (((animal_id IS NULL) OR (((female + male) + unknown) = 0))),
    CONSTRAINT animal_sales_check2 CHECK (((group_id IS NULL) OR (((female + male) + unknown) > 0))),
    CONSTRAINT animal_sales_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT animal_sales_female_check CHECK ((female >= 0)),
    CONSTRAINT animal_sales_male_check CHECK ((male >= 0)),
    CONSTRAINT animal_sales_price_check CHECK ((price > (0)::numeric)),
    CONSTRAINT animal_sales_unknown_check CHECK ((unknown >= 0)),
    CONSTRAINT animal_sales_weight_kg_check CHECK ((weight_kg > (0)::numeric))
);

ALTER TABLE ONLY public.animal_sales FORCE ROW LEVEL SECURITY;


--
-- Name: expense_categories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.expense_categories (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT expense_categories_code_check CHECK ((code ~ '^[a-z_]{2,40}$'::text)),
    CONSTRAINT expense_categories_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 100)))
);

ALTER TABLE ONLY public.expense_categories FORCE ROW LEVEL SECURITY;


--
-- Name: product_sales; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.product_sales (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    product text NOT NULL,
    quantity numeric(12,3) NOT NULL,
    unit text NOT NULL,
    unit_price numeric(14,4) NOT NULL,
    total numeric(14,2) NOT NULL,
    currency character(3) NOT NULL,
    sold_on date NOT NULL,
    buyer_id uuid,
    invoice_id uuid,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT product_sales_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT product_sales_product_check CHECK ((product = ANY (ARRAY['milk'::text, 'eggs'::text, 'wool'::text, 'honey'::text, 'meat'::text]))),
    CONSTRAINT product_sales_quantity_check CHECK ((quantity > (0)::numeric)),
    CONSTRAINT product_sales_unit_check CHECK ((unit = ANY (ARRAY['l'::text, 'kg'::text, 'count'::text, 'g'::text]))),
    CONSTRAINT product_sales_unit_price_check CHECK ((unit_price >= (0)::numeric))
);

ALTER TABLE ONLY public.product_sales FORCE ROW LEVEL SECURITY;


--
-- Name: dashboard_finance_monthly; Type: MATERIALIZED VIEW; Schema: private; Owner: -
--

CREATE MATERIALIZED VIEW private.dashboard_finance_monthly AS
 SELECT e.tenant_id,
    e.farm_id,
    (date_trunc('month'::text, (e.spent_on)::timestamp with time zone))::date AS month,
    'expense'::text AS kind,
    c.code AS category,
    (e.currency)::text AS currency,
    sum(e.amount) AS amount,
    count(*) AS entries
   FROM (public.expenses e
     JOIN public.expense_categories c ON (((c.tenant_id = e.tenant_id) AND (c.id = e.category_id))))
  WHERE (e.status = ANY (ARRAY['approved'::text, 'paid'::text]))
  GROUP BY e.tenant_id, e.farm_id, ((date_trunc('month'::text, (e.spent_on)::timestamp with time zone))::date), 'expense'::text, c.code, ((e.currency)::text)
UNION ALL
 SELECT s.tenant_id,
    s.farm_id,
    (date_trunc('month'::text, (s.sold_on)::timestamp with time zone))::date AS month,
    'revenue'::text AS kind,
    'animals'::text AS category,
    (s.currency)::text AS currency,
    sum(s.price) AS amount,
    count(*) AS entries
   FROM public.animal_sales s
  GROUP BY s.tenant_id, s.farm_id, ((date_trunc('month'::text, (s.sold_on)::timestamp with time zone))::date), 'revenue'::text, 'animals'::text, ((s.currency)::text)
UNION ALL
 SELECT s.tenant_id,
    s.farm_id,
    (date_trunc('month'::text, (s.sold_on)::timestamp with time zone))::date AS month,
    'revenue'::text AS kind,
    s.product AS category,
    (s.currency)::text AS currency,
    sum(s.total) AS amount,
    count(*) AS entries
   FROM public.product_sales s
  GROUP BY s.tenant_id, s.farm_id, ((date_trunc('month'::text, (s.sold_on)::timestamp with time zone))::date), 'revenue'::text, s.product, ((s.currency)::text)
  WITH NO DATA;


--
-- Name: animal_groups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animal_groups (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    location_id uuid,
    name text NOT NULL,
    species text NOT NULL,
    purpose text,
    started_on date NOT NULL,
    female_count integer DEFAULT 0 NOT NULL,
    male_count integer DEFAULT 0 NOT NULL,
    unknown_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT animal_groups_female_count_check CHECK ((female_count >= 0)),
    CONSTRAINT animal_groups_male_count_check CHECK ((male_count >= 0)),
    CONSTRAINT animal_groups_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 100))),
    CONSTRAINT animal_groups_purpose_check CHECK ((length(purpose) <= 100)),
    CONSTRAINT animal_groups_unknown_count_check CHECK ((unknown_count >= 0))
);

ALTER TABLE ONLY public.animal_groups FORCE ROW LEVEL SECURITY;


--
-- Name: group_count_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.group_count_events (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    group_id uuid NOT NULL,
    event_type text NOT NULL,
    occurred_on date NOT NULL,
    female_delta integer DEFAULT 0 NOT NULL,
    male_delta integer DEFAULT 0 NOT NULL,
    unknown_delta integer DEFAULT 0 NOT NULL,
    note text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT group_count_events_check CHECK (((female_delta <> 0) OR (male_delta <> 0) OR (unknown_delta <> 0))),
    CONSTRAINT group_count_events_check1 CHECK (
CASE
    WHEN (event_type = ANY (ARRAY['addition'::text, 'birth'::text, 'hatch'::text, 'transfer_in'::text])) THEN ((female_delta >= 0) AND (male_delta >= 0) AND (unknown_delta >= 0))
    ELSE ((female_delta <= 0) AND (male_delta <= 0) AND (unknown_delta <= 0))
END),
    CONSTRAINT group_count_events_event_type_check CHECK ((event_type = ANY (ARRAY['addition'::text, 'birth'::text, 'hatch'::text, 'death'::text, 'cull'::text, 'sale'::text, 'transfer_in'::text, 'transfer_out'::text]))),
    CONSTRAINT group_count_events_note_check CHECK ((length(note) <= 500))
);

ALTER TABLE ONLY public.group_count_events FORCE ROW LEVEL SECURITY;


--
-- Name: dashboard_herd_daily; Type: MATERIALIZED VIEW; Schema: private; Owner: -
--

CREATE MATERIALIZED VIEW private.dashboard_herd_daily AS
 SELECT tenant_id,
    farm_id,
    day,
    sum(entries) AS entries,
    sum(exits) AS exits,
    sum(deaths) AS deaths
   FROM ( SELECT a.tenant_id,
            a.farm_id,
            COALESCE(a.acquired_on, a.birth_date, (a.created_at)::date) AS day,
            1 AS entries,
            0 AS exits,
            0 AS deaths
           FROM public.animals a
          WHERE (a.deleted_at IS NULL)
        UNION ALL
         SELECT a.tenant_id,
            a.farm_id,
            a.exit_date,
            0,
            1,
            ((a.status = 'deceased'::text))::integer AS int4
           FROM public.animals a
          WHERE ((a.deleted_at IS NULL) AND (a.exit_date IS NOT NULL))
        UNION ALL
         SELECT e.tenant_id,
            g.farm_id,
            e.occurred_on,
            GREATEST(((e.female_delta + e.male_delta) + e.unknown_delta), 0) AS "greatest",
            GREATEST((- ((e.female_delta + e.male_delta) + e.unknown_delta)), 0) AS "greatest",
                CASE
                    WHEN (e.event_type = 'death'::text) THEN (- ((e.female_delta + e.male_delta) + e.unknown_delta))
                    ELSE 0
                END AS "case"
           FROM (public.group_count_events e
             JOIN public.animal_groups g ON (((g.tenant_id = e.tenant_id) AND (g.id = e.group_id))))
          WHERE (g.deleted_at IS NULL)) x
  WHERE (day > (private.today() - 401))
  GROUP BY tenant_id, farm_id, day
  WITH NO DATA;


--
-- Name: dashboard_refreshes; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.dashboard_refreshes (
    view_name text NOT NULL,
    refreshed_at timestamp with time zone NOT NULL
);


--
-- Name: deployed_sql_files; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.deployed_sql_files (
    path text NOT NULL,
    checksum text NOT NULL,
    deployed_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: job_runs; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.job_runs (
    id bigint NOT NULL,
    job text NOT NULL,
    scheduled_for timestamp with time zone NOT NULL,
    started_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    finished_at timestamp with time zone,
    status text DEFAULT 'running'::text NOT NULL,
    rows_affected bigint,
    error text,
    runner text NOT NULL,
    CONSTRAINT job_runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text])))
);


--
-- Name: job_last_runs; Type: VIEW; Schema: private; Owner: -
--

CREATE VIEW private.job_last_runs AS
 SELECT DISTINCT ON (job) job,
    scheduled_for,
    started_at,
    finished_at,
    status,
    rows_affected,
    error
   FROM private.job_runs r
  ORDER BY job, started_at DESC;


--
-- Name: job_runs_id_seq; Type: SEQUENCE; Schema: private; Owner: -
--

ALTER TABLE private.job_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME private.job_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: login_attempts; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.login_attempts (
    id bigint NOT NULL,
    email text NOT NULL,
    ip inet,
    succeeded boolean NOT NULL,
    attempted_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: login_attempts_id_seq; Type: SEQUENCE; Schema: private; Owner: -
--

ALTER TABLE private.login_attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME private.login_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: node_state; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.node_state (
    singleton boolean DEFAULT true NOT NULL,
    role text DEFAULT 'active'::text NOT NULL,
    epoch bigint DEFAULT 0 NOT NULL,
    side text,
    replication_name text,
    mode text DEFAULT 'async'::text NOT NULL,
    reason text,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT node_state_epoch_check CHECK ((epoch >= 0)),
    CONSTRAINT node_state_mode_check CHECK ((mode = ANY (ARRAY['async'::text, 'sync'::text]))),
    CONSTRAINT node_state_replication_name_check CHECK ((replication_name ~ '^[a-z_][a-z0-9_]*$'::text)),
    CONSTRAINT node_state_role_check CHECK ((role = ANY (ARRAY['active'::text, 'standby'::text, 'fenced'::text]))),
    CONSTRAINT node_state_side_check CHECK ((side = ANY (ARRAY['primary'::text, 'backup'::text]))),
    CONSTRAINT node_state_singleton_check CHECK (singleton)
);


--
-- Name: payment_events; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.payment_events (
    provider text NOT NULL,
    event_id text NOT NULL,
    type text NOT NULL,
    tenant_id uuid NOT NULL,
    invoice_id uuid NOT NULL,
    signed_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    payload jsonb NOT NULL,
    CONSTRAINT payment_events_event_id_check CHECK (((length(event_id) >= 1) AND (length(event_id) <= 200))),
    CONSTRAINT payment_events_type_check CHECK ((type = ANY (ARRAY['payment_succeeded'::text, 'payment_failed'::text])))
);


--
-- Name: refresh_tokens; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.refresh_tokens (
    id uuid DEFAULT private.uuid7() NOT NULL,
    token_hash bytea NOT NULL,
    user_id uuid NOT NULL,
    session_id uuid NOT NULL,
    parent_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    rotated_at timestamp with time zone,
    revoked_at timestamp with time zone
);


--
-- Name: replication_beats; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.replication_beats (
    source text NOT NULL,
    token uuid NOT NULL,
    beat_at timestamp with time zone NOT NULL,
    CONSTRAINT replication_beats_source_check CHECK ((source = ANY (ARRAY['primary'::text, 'backup'::text])))
);


--
-- Name: replication_incidents; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.replication_incidents (
    id uuid DEFAULT private.uuid7() NOT NULL,
    kind text NOT NULL,
    opened_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    closed_at timestamp with time zone,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT replication_incidents_kind_check CHECK ((kind ~ '^[a-z_]+$'::text))
);


--
-- Name: replication_switches; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.replication_switches (
    id uuid DEFAULT private.uuid7() NOT NULL,
    switched_at timestamp with time zone DEFAULT now() NOT NULL,
    kind text NOT NULL,
    epoch bigint NOT NULL,
    active_side text NOT NULL,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT replication_switches_active_side_check CHECK ((active_side = ANY (ARRAY['primary'::text, 'backup'::text]))),
    CONSTRAINT replication_switches_kind_check CHECK ((kind = ANY (ARRAY['setup'::text, 'failover'::text, 'switchover'::text, 'resync'::text, 'failback'::text])))
);


--
-- Name: activities; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.activities (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    activity_type text NOT NULL,
    performed_at timestamp with time zone DEFAULT now() NOT NULL,
    performed_by uuid,
    duration_minutes integer,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT activities_activity_type_check CHECK ((activity_type = ANY (ARRAY['feeding'::text, 'cleaning'::text, 'weighing'::text, 'milking'::text, 'deworming'::text, 'vaccination'::text, 'treatment'::text, 'moving'::text, 'shearing'::text, 'hoof_trimming'::text, 'other'::text]))),
    CONSTRAINT activities_check CHECK (((animal_id IS NULL) OR (group_id IS NULL))),
    CONSTRAINT activities_duration_minutes_check CHECK (((duration_minutes >= 0) AND (duration_minutes <= 1440))),
    CONSTRAINT activities_notes_check CHECK ((length(notes) <= 1000))
);

ALTER TABLE ONLY public.activities FORCE ROW LEVEL SECURITY;


--
-- Name: animal_counts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animal_counts (
    tenant_id uuid NOT NULL,
    farm_id uuid NOT NULL,
    species text NOT NULL,
    status text NOT NULL,
    head integer DEFAULT 0 NOT NULL,
    valued integer DEFAULT 0 NOT NULL,
    value numeric(18,2) DEFAULT 0 NOT NULL
);

ALTER TABLE ONLY public.animal_counts FORCE ROW LEVEL SECURITY;


--
-- Name: animal_movements; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animal_movements (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    animal_id uuid NOT NULL,
    from_farm_id uuid,
    from_location_id uuid,
    to_farm_id uuid NOT NULL,
    to_location_id uuid,
    moved_at timestamp with time zone DEFAULT now() NOT NULL,
    reason text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT animal_movements_reason_check CHECK ((length(reason) <= 500))
);

ALTER TABLE ONLY public.animal_movements FORCE ROW LEVEL SECURITY;


--
-- Name: animal_tags; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animal_tags (
    tenant_id uuid NOT NULL,
    animal_id uuid NOT NULL,
    kind text NOT NULL,
    value text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT animal_tags_kind_check CHECK ((kind = ANY (ARRAY['ear_tag'::text, 'eid'::text, 'rfid'::text, 'tattoo'::text, 'brand'::text, 'leg_band'::text]))),
    CONSTRAINT animal_tags_value_check CHECK (((length(btrim(value)) >= 1) AND (length(btrim(value)) <= 64)))
);

ALTER TABLE ONLY public.animal_tags FORCE ROW LEVEL SECURITY;


--
-- Name: approval_limits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.approval_limits (
    tenant_id uuid NOT NULL,
    role text NOT NULL,
    max_amount numeric(14,2),
    CONSTRAINT approval_limits_max_amount_check CHECK ((max_amount >= (0)::numeric))
);

ALTER TABLE ONLY public.approval_limits FORCE ROW LEVEL SECURITY;


--
-- Name: breeds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.breeds (
    id uuid DEFAULT private.uuid7() NOT NULL,
    species text NOT NULL,
    name text NOT NULL,
    gestation_days integer,
    CONSTRAINT breeds_gestation_days_check CHECK ((gestation_days > 0))
);

ALTER TABLE ONLY public.breeds FORCE ROW LEVEL SECURITY;


--
-- Name: cascade_withdrawal_minimums; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.cascade_withdrawal_minimums (
    product text NOT NULL,
    min_days integer NOT NULL,
    source text NOT NULL,
    CONSTRAINT cascade_withdrawal_minimums_min_days_check CHECK ((min_days >= 0)),
    CONSTRAINT cascade_withdrawal_minimums_product_check CHECK ((product = ANY (ARRAY['milk'::text, 'eggs'::text, 'meat'::text]))),
    CONSTRAINT cascade_withdrawal_minimums_source_check CHECK ((length(source) <= 200))
);

ALTER TABLE ONLY public.cascade_withdrawal_minimums FORCE ROW LEVEL SECURITY;


--
-- Name: counterparties; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.counterparties (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    kind text NOT NULL,
    name text NOT NULL,
    phone text,
    email text,
    tax_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT counterparties_email_check CHECK ((length(email) <= 200)),
    CONSTRAINT counterparties_kind_check CHECK ((kind = ANY (ARRAY['vendor'::text, 'customer'::text, 'both'::text]))),
    CONSTRAINT counterparties_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
    CONSTRAINT counterparties_phone_check CHECK ((length(phone) <= 40)),
    CONSTRAINT counterparties_tax_id_check CHECK ((length(tax_id) <= 50))
);

ALTER TABLE ONLY public.counterparties FORCE ROW LEVEL SECURITY;


--
-- Name: expense_allocations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.expense_allocations (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    expense_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    heads integer NOT NULL,
    amount numeric(14,2) NOT NULL,
    CONSTRAINT expense_allocations_check CHECK ((num_nonnulls(animal_id, group_id) = 1)),
    CONSTRAINT expense_allocations_heads_check CHECK ((heads > 0))
);

ALTER TABLE ONLY public.expense_allocations FORCE ROW LEVEL SECURITY;


--
-- Name: farm_access; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.farm_access (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    farm_id uuid NOT NULL,
    granted_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.farm_access FORCE ROW LEVEL SECURITY;


--
-- Name: invitations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invitations (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    email text NOT NULL,
    role text NOT NULL,
    token_hash bytea NOT NULL,
    invited_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    accepted_at timestamp with time zone,
    accepted_by uuid,
    CONSTRAINT invitations_email_check CHECK (((email ~ '^[^@\s]+@[^@\s]+$'::text) AND (email = lower(email)))),
    CONSTRAINT invitations_token_hash_check CHECK ((length(token_hash) = 32))
);

ALTER TABLE ONLY public.invitations FORCE ROW LEVEL SECURITY;


--
-- Name: invoice_counters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invoice_counters (
    tenant_id uuid NOT NULL,
    year integer NOT NULL,
    last_number integer DEFAULT 0 NOT NULL,
    CONSTRAINT invoice_counters_last_number_check CHECK ((last_number >= 0)),
    CONSTRAINT invoice_counters_year_check CHECK (((year >= 2000) AND (year <= 2999)))
);

ALTER TABLE ONLY public.invoice_counters FORCE ROW LEVEL SECURITY;


--
-- Name: invoice_lines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invoice_lines (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    invoice_id uuid NOT NULL,
    "position" integer NOT NULL,
    description text NOT NULL,
    quantity numeric(12,3) NOT NULL,
    unit_price numeric(14,4) NOT NULL,
    tax_rate numeric(6,4) DEFAULT 0 NOT NULL,
    line_total numeric(14,2) NOT NULL,
    tax numeric(14,2) NOT NULL,
    animal_sale_id uuid,
    product_sale_id uuid,
    CONSTRAINT invoice_lines_description_check CHECK (((length(btrim(description)) >= 1) AND (length(btrim(description)) <= 300))),
    CONSTRAINT invoice_lines_quantity_check CHECK ((quantity > (0)::numeric)),
    CONSTRAINT invoice_lines_tax_rate_check CHECK (((tax_rate >= (0)::numeric) AND (tax_rate <= (1)::numeric))),
    CONSTRAINT invoice_lines_unit_price_check CHECK ((unit_price >= (0)::numeric))
);

ALTER TABLE ONLY public.invoice_lines FORCE ROW LEVEL SECURITY;


--
-- Name: lactations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.lactations (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    animal_id uuid NOT NULL,
    number integer NOT NULL,
    started_on date NOT NULL,
    dried_off_on date,
    birth_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT lactations_check CHECK (((dried_off_on IS NULL) OR (dried_off_on >= started_on))),
    CONSTRAINT lactations_number_check CHECK ((number > 0))
);

ALTER TABLE ONLY public.lactations FORCE ROW LEVEL SECURITY;


--
-- Name: locations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.locations (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    name text NOT NULL,
    kind text DEFAULT 'other'::text NOT NULL,
    capacity integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT locations_capacity_check CHECK ((capacity > 0)),
    CONSTRAINT locations_kind_check CHECK ((kind = ANY (ARRAY['barn'::text, 'pen'::text, 'paddock'::text, 'pasture'::text, 'coop'::text, 'shed'::text, 'parlour'::text, 'other'::text]))),
    CONSTRAINT locations_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 100)))
);

ALTER TABLE ONLY public.locations FORCE ROW LEVEL SECURITY;


--
-- Name: notifications; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notifications (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    user_id uuid NOT NULL,
    channel text DEFAULT 'email'::text NOT NULL,
    kind text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    dedupe_key text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    sent_at timestamp with time zone,
    CONSTRAINT notifications_body_check CHECK ((length(body) <= 5000)),
    CONSTRAINT notifications_channel_check CHECK ((channel = ANY (ARRAY['email'::text, 'sms'::text, 'in_app'::text]))),
    CONSTRAINT notifications_kind_check CHECK ((kind ~ '^[a-z_]+$'::text)),
    CONSTRAINT notifications_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sent'::text, 'failed'::text]))),
    CONSTRAINT notifications_subject_check CHECK ((length(subject) <= 200))
);

ALTER TABLE ONLY public.notifications FORCE ROW LEVEL SECURITY;


--
-- Name: open_lactation_counts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.open_lactation_counts (
    tenant_id uuid NOT NULL,
    farm_id uuid NOT NULL,
    species text NOT NULL,
    open integer DEFAULT 0 NOT NULL
);

ALTER TABLE ONLY public.open_lactation_counts FORCE ROW LEVEL SECURITY;


--
-- Name: payment_attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payment_attempts (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    invoice_id uuid NOT NULL,
    provider text DEFAULT 'manual'::text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    external_id text,
    error text,
    attempted_at timestamp with time zone DEFAULT now() NOT NULL,
    attempt_no integer DEFAULT 1 NOT NULL,
    amount numeric(14,2) DEFAULT 0 NOT NULL,
    completed_at timestamp with time zone,
    event_id text,
    CONSTRAINT payment_attempts_amount_check CHECK ((amount >= (0)::numeric)),
    CONSTRAINT payment_attempts_attempt_no_check CHECK ((attempt_no >= 1)),
    CONSTRAINT payment_attempts_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'succeeded'::text, 'failed'::text])))
);

ALTER TABLE ONLY public.payment_attempts FORCE ROW LEVEL SECURITY;


--
-- Name: payments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payments (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    invoice_id uuid NOT NULL,
    amount numeric(14,2) NOT NULL,
    paid_on date NOT NULL,
    method text DEFAULT 'cash'::text NOT NULL,
    reference text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payments_amount_check CHECK ((amount > (0)::numeric)),
    CONSTRAINT payments_method_check CHECK ((method = ANY (ARRAY['cash'::text, 'bank_transfer'::text, 'mobile_money'::text, 'card'::text, 'cheque'::text, 'other'::text]))),
    CONSTRAINT payments_reference_check CHECK ((length(reference) <= 100))
);

ALTER TABLE ONLY public.payments FORCE ROW LEVEL SECURITY;


--
-- Name: production_daily_totals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.production_daily_totals (
    tenant_id uuid NOT NULL,
    farm_id uuid NOT NULL,
    recorded_on date NOT NULL,
    product text NOT NULL,
    unit text NOT NULL,
    species text NOT NULL,
    quantity numeric(18,3) DEFAULT 0 NOT NULL,
    withheld numeric(18,3) DEFAULT 0 NOT NULL,
    records integer DEFAULT 0 NOT NULL
);

ALTER TABLE ONLY public.production_daily_totals FORCE ROW LEVEL SECURITY;


--
-- Name: production_record_revisions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.production_record_revisions (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    record_id uuid NOT NULL,
    farm_id uuid NOT NULL,
    old_quantity numeric(12,3) NOT NULL,
    new_quantity numeric(12,3) NOT NULL,
    unit text NOT NULL,
    reason text,
    corrected_by uuid,
    corrected_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT production_record_revisions_reason_check CHECK ((length(reason) <= 500))
);

ALTER TABLE ONLY public.production_record_revisions FORCE ROW LEVEL SECURITY;


--
-- Name: profiles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.profiles (
    id uuid NOT NULL,
    email text,
    full_name text,
    phone text,
    avatar_url text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT profiles_avatar_url_check CHECK ((length(avatar_url) <= 2000)),
    CONSTRAINT profiles_email_check CHECK ((email = lower(email))),
    CONSTRAINT profiles_full_name_check CHECK ((length(full_name) <= 200)),
    CONSTRAINT profiles_phone_check CHECK ((length(phone) <= 40))
);

ALTER TABLE ONLY public.profiles FORCE ROW LEVEL SECURITY;


--
-- Name: role_permissions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.role_permissions (
    role text NOT NULL,
    permission text NOT NULL,
    CONSTRAINT role_permissions_permission_check CHECK ((permission ~ '^[a-z_]+\.[a-z_]+$'::text))
);

ALTER TABLE ONLY public.role_permissions FORCE ROW LEVEL SECURITY;


--
-- Name: roles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.roles (
    role text NOT NULL,
    rank smallint NOT NULL,
    description text NOT NULL,
    CONSTRAINT roles_role_check CHECK ((role ~ '^[a-z_]{2,30}$'::text))
);

ALTER TABLE ONLY public.roles FORCE ROW LEVEL SECURITY;


--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    version bigint NOT NULL,
    description text NOT NULL,
    type public.schema_version_type DEFAULT 'auto'::public.schema_version_type NOT NULL,
    installed_by text NOT NULL,
    installed_on timestamp without time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.schema_version FORCE ROW LEVEL SECURITY;


--
-- Name: species_products; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.species_products (
    species text NOT NULL,
    product text NOT NULL,
    unit text NOT NULL,
    CONSTRAINT species_products_product_check CHECK ((product = ANY (ARRAY['milk'::text, 'eggs'::text, 'wool'::text, 'weight_gain'::text, 'honey'::text, 'meat'::text]))),
    CONSTRAINT species_products_unit_check CHECK ((unit = ANY (ARRAY['l'::text, 'kg'::text, 'count'::text, 'g'::text])))
);

ALTER TABLE ONLY public.species_products FORCE ROW LEVEL SECURITY;


--
-- Name: subscription_invoices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscription_invoices (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    subscription_id uuid NOT NULL,
    plan_code text NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    amount numeric(14,2) NOT NULL,
    currency character(3) NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    paid_at timestamp with time zone,
    kind text DEFAULT 'recurring'::text NOT NULL,
    due_on date NOT NULL,
    CONSTRAINT subscription_invoices_amount_check CHECK ((amount >= (0)::numeric)),
    CONSTRAINT subscription_invoices_kind_check CHECK ((kind = ANY (ARRAY['recurring'::text, 'proration'::text]))),
    CONSTRAINT subscription_invoices_status_check CHECK ((status = ANY (ARRAY['open'::text, 'paid'::text, 'failed'::text, 'void'::text])))
);

ALTER TABLE ONLY public.subscription_invoices FORCE ROW LEVEL SECURITY;


--
-- Name: tenant_breeds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenant_breeds (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    species text NOT NULL,
    name text NOT NULL,
    gestation_days integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_breeds_gestation_days_check CHECK ((gestation_days > 0)),
    CONSTRAINT tenant_breeds_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 100)))
);

ALTER TABLE ONLY public.tenant_breeds FORCE ROW LEVEL SECURITY;


--
-- Name: tenant_members; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenant_members (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.tenant_members FORCE ROW LEVEL SECURITY;


--
-- Name: usage_metrics; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.usage_metrics (
    tenant_id uuid NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    animals integer DEFAULT 0 NOT NULL,
    peak_animals integer DEFAULT 0 NOT NULL,
    farms integer DEFAULT 0 NOT NULL,
    members integer DEFAULT 0 NOT NULL,
    devices integer DEFAULT 0 NOT NULL,
    api_calls bigint DEFAULT 0 NOT NULL,
    measured_at timestamp with time zone NOT NULL,
    CONSTRAINT usage_metrics_animals_check CHECK ((animals >= 0)),
    CONSTRAINT usage_metrics_api_calls_check CHECK ((api_calls >= 0)),
    CONSTRAINT usage_metrics_check CHECK ((period_end > period_start)),
    CONSTRAINT usage_metrics_devices_check CHECK ((devices >= 0)),
    CONSTRAINT usage_metrics_farms_check CHECK ((farms >= 0)),
    CONSTRAINT usage_metrics_members_check CHECK ((members >= 0)),
    CONSTRAINT usage_metrics_peak_animals_check CHECK ((peak_animals >= 0))
);

ALTER TABLE ONLY public.usage_metrics FORCE ROW LEVEL SECURITY;


--
-- Name: buckets; Type: TABLE; Schema: storage; Owner: -
--

CREATE TABLE storage.buckets (
    id text NOT NULL,
    name text NOT NULL,
    owner uuid,
    owner_id text,
    public boolean DEFAULT false NOT NULL,
    avif_autodetection boolean DEFAULT false,
    file_size_limit bigint,
    allowed_mime_types text[],
    type text DEFAULT 'STANDARD'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now()
);

ALTER TABLE ONLY storage.buckets FORCE ROW LEVEL SECURITY;


--
-- Name: log_default; Type: TABLE ATTACH; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.log ATTACH PARTITION audit.log_default DEFAULT;


--
-- Name: log log_pkey; Type: CONSTRAINT; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.log
    ADD CONSTRAINT log_pkey PRIMARY KEY (occurred_at, id);


--
-- Name: log_default log_default_pkey; Type: CONSTRAINT; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.log_default
    ADD CONSTRAINT log_default_pkey PRIMARY KEY (occurred_at, id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: consumer_lag consumer_lag_pkey; Type: CONSTRAINT; Schema: outbox; Owner: -
--

ALTER TABLE ONLY outbox.consumer_lag
    ADD CONSTRAINT consumer_lag_pkey PRIMARY KEY (group_id, topic, kafka_partition);


--
-- Name: dead_letters dead_letters_pkey; Type: CONSTRAINT; Schema: outbox; Owner: -
--

ALTER TABLE ONLY outbox.dead_letters
    ADD CONSTRAINT dead_letters_pkey PRIMARY KEY (consumer, event_id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: outbox; Owner: -
--

ALTER TABLE ONLY outbox.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: inbox inbox_pkey; Type: CONSTRAINT; Schema: outbox; Owner: -
--

ALTER TABLE ONLY outbox.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (consumer, event_id);


--
-- Name: api_calls api_calls_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.api_calls
    ADD CONSTRAINT api_calls_pkey PRIMARY KEY (tenant_id, day);


--
-- Name: dashboard_refreshes dashboard_refreshes_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.dashboard_refreshes
    ADD CONSTRAINT dashboard_refreshes_pkey PRIMARY KEY (view_name);


--
-- Name: deployed_sql_files deployed_sql_files_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.deployed_sql_files
    ADD CONSTRAINT deployed_sql_files_pkey PRIMARY KEY (path);


--
-- Name: job_runs job_runs_job_scheduled_for_key; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.job_runs
    ADD CONSTRAINT job_runs_job_scheduled_for_key UNIQUE (job, scheduled_for);


--
-- Name: job_runs job_runs_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.job_runs
    ADD CONSTRAINT job_runs_pkey PRIMARY KEY (id);


--
-- Name: login_attempts login_attempts_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.login_attempts
    ADD CONSTRAINT login_attempts_pkey PRIMARY KEY (id);


--
-- Name: node_state node_state_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.node_state
    ADD CONSTRAINT node_state_pkey PRIMARY KEY (singleton);


--
-- Name: payment_events payment_events_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.payment_events
    ADD CONSTRAINT payment_events_pkey PRIMARY KEY (provider, event_id);


--
-- Name: refresh_tokens refresh_tokens_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.refresh_tokens
    ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id);


--
-- Name: refresh_tokens refresh_tokens_token_hash_key; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.refresh_tokens
    ADD CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash);


--
-- Name: replication_beats replication_beats_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.replication_beats
    ADD CONSTRAINT replication_beats_pkey PRIMARY KEY (source);


--
-- Name: replication_incidents replication_incidents_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.replication_incidents
    ADD CONSTRAINT replication_incidents_pkey PRIMARY KEY (id);


--
-- Name: replication_switches replication_switches_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.replication_switches
    ADD CONSTRAINT replication_switches_pkey PRIMARY KEY (id);


--
-- Name: activities activities_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: animal_counts animal_counts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_counts
    ADD CONSTRAINT animal_counts_pkey PRIMARY KEY (tenant_id, farm_id, species, status);


--
-- Name: animal_groups animal_groups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_groups
    ADD CONSTRAINT animal_groups_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: animal_movements animal_movements_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: animal_sales animal_sales_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_sales
    ADD CONSTRAINT animal_sales_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: animal_tags animal_tags_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_tags
    ADD CONSTRAINT animal_tags_pkey PRIMARY KEY (tenant_id, kind, value);


--
-- Name: animal_weights animal_weights_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_weights
    ADD CONSTRAINT animal_weights_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: animal_weights animal_weights_tenant_id_animal_id_weighed_on_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_weights
    ADD CONSTRAINT animal_weights_tenant_id_animal_id_weighed_on_key UNIQUE (tenant_id, animal_id, weighed_on);


--
-- Name: animals animals_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: approval_limits approval_limits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.approval_limits
    ADD CONSTRAINT approval_limits_pkey PRIMARY KEY (tenant_id, role);


--
-- Name: births births_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.births
    ADD CONSTRAINT births_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: breeding_services breeding_services_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.breeding_services
    ADD CONSTRAINT breeding_services_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: breeds breeds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.breeds
    ADD CONSTRAINT breeds_pkey PRIMARY KEY (id);


--
-- Name: breeds breeds_species_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.breeds
    ADD CONSTRAINT breeds_species_name_key UNIQUE (species, name);


--
-- Name: cascade_withdrawal_minimums cascade_withdrawal_minimums_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cascade_withdrawal_minimums
    ADD CONSTRAINT cascade_withdrawal_minimums_pkey PRIMARY KEY (product);


--
-- Name: counterparties counterparties_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.counterparties
    ADD CONSTRAINT counterparties_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: expense_allocations expense_allocations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expense_allocations
    ADD CONSTRAINT expense_allocations_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: expense_categories expense_categories_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expense_categories
    ADD CONSTRAINT expense_categories_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: expense_categories expense_categories_tenant_id_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expense_categories
    ADD CONSTRAINT expense_categories_tenant_id_code_key UNIQUE (tenant_id, code);


--
-- Name: expenses expenses_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expenses
    ADD CONSTRAINT expenses_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: farm_access farm_access_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.farm_access
    ADD CONSTRAINT farm_access_pkey PRIMARY KEY (tenant_id, user_id, farm_id);


--
-- Name: farms farms_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.farms
    ADD CONSTRAINT farms_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: group_count_events group_count_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.group_count_events
    ADD CONSTRAINT group_count_events_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: health_checks health_checks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.health_checks
    ADD CONSTRAINT health_checks_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: invitations invitations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: invoice_counters invoice_counters_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_counters
    ADD CONSTRAINT invoice_counters_pkey PRIMARY KEY (tenant_id, year);


--
-- Name: invoice_lines invoice_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: invoice_lines invoice_lines_tenant_id_invoice_id_position_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_tenant_id_invoice_id_position_key UNIQUE (tenant_id, invoice_id, "position");


--
-- Name: invoices invoices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: invoices invoices_tenant_id_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_tenant_id_number_key UNIQUE (tenant_id, number);


--
-- Name: invoices invoices_tenant_id_year_sequence_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_tenant_id_year_sequence_key UNIQUE (tenant_id, year, sequence);


--
-- Name: lactations lactations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lactations
    ADD CONSTRAINT lactations_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: lactations lactations_tenant_id_animal_id_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lactations
    ADD CONSTRAINT lactations_tenant_id_animal_id_number_key UNIQUE (tenant_id, animal_id, number);


--
-- Name: locations locations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: media_files media_files_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_files
    ADD CONSTRAINT media_files_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: notifications notifications_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: notifications notifications_tenant_id_dedupe_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_tenant_id_dedupe_key_key UNIQUE (tenant_id, dedupe_key);


--
-- Name: open_lactation_counts open_lactation_counts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.open_lactation_counts
    ADD CONSTRAINT open_lactation_counts_pkey PRIMARY KEY (tenant_id, farm_id, species);


--
-- Name: payment_attempts payment_attempts_attempt_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_attempts
    ADD CONSTRAINT payment_attempts_attempt_key UNIQUE (tenant_id, invoice_id, attempt_no);


--
-- Name: payment_attempts payment_attempts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_attempts
    ADD CONSTRAINT payment_attempts_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: plans plans_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_pkey PRIMARY KEY (code);


--
-- Name: pregnancy_checks pregnancy_checks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pregnancy_checks
    ADD CONSTRAINT pregnancy_checks_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: product_sales product_sales_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_sales
    ADD CONSTRAINT product_sales_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: production_daily_totals production_daily_totals_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_daily_totals
    ADD CONSTRAINT production_daily_totals_pkey PRIMARY KEY (tenant_id, recorded_on, farm_id, product, unit, species);


--
-- Name: production_record_revisions production_record_revisions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_record_revisions
    ADD CONSTRAINT production_record_revisions_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: production_records production_records_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_records
    ADD CONSTRAINT production_records_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: profiles profiles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_pkey PRIMARY KEY (id);


--
-- Name: role_permissions role_permissions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT role_permissions_pkey PRIMARY KEY (role, permission);


--
-- Name: roles roles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roles
    ADD CONSTRAINT roles_pkey PRIMARY KEY (role);


--
-- Name: roles roles_rank_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roles
    ADD CONSTRAINT roles_rank_key UNIQUE (rank);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: species species_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.species
    ADD CONSTRAINT species_pkey PRIMARY KEY (code);


--
-- Name: species_products species_products_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.species_products
    ADD CONSTRAINT species_products_pkey PRIMARY KEY (species, product, unit);


--
-- Name: subscription_invoices subscription_invoices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscription_invoices
    ADD CONSTRAINT subscription_invoices_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: subscriptions subscriptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: tenant_breeds tenant_breeds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_breeds
    ADD CONSTRAINT tenant_breeds_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: tenant_breeds tenant_breeds_tenant_id_species_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_breeds
    ADD CONSTRAINT tenant_breeds_tenant_id_species_name_key UNIQUE (tenant_id, species, name);


--
-- Name: tenant_members tenant_members_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_pkey PRIMARY KEY (tenant_id, user_id);


--
-- Name: tenants tenants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);


--
-- Name: tenants tenants_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_slug_key UNIQUE (slug);


--
-- Name: treatments treatments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.treatments
    ADD CONSTRAINT treatments_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: usage_metrics usage_metrics_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.usage_metrics
    ADD CONSTRAINT usage_metrics_pkey PRIMARY KEY (tenant_id, period_start);


--
-- Name: vaccinations vaccinations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vaccinations
    ADD CONSTRAINT vaccinations_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: buckets buckets_name_key; Type: CONSTRAINT; Schema: storage; Owner: -
--

ALTER TABLE ONLY storage.buckets
    ADD CONSTRAINT buckets_name_key UNIQUE (name);


--
-- Name: buckets buckets_pkey; Type: CONSTRAINT; Schema: storage; Owner: -
--

ALTER TABLE ONLY storage.buckets
    ADD CONSTRAINT buckets_pkey PRIMARY KEY (id);


--
-- Name: objects objects_pkey; Type: CONSTRAINT; Schema: storage; Owner: -
--

ALTER TABLE ONLY storage.objects
    ADD CONSTRAINT objects_pkey PRIMARY KEY (id);


--
-- Name: log_tenant_row_idx; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX log_tenant_row_idx ON ONLY audit.log USING btree (tenant_id, ((row_key ->> 'id'::text)));


--
-- Name: log_default_tenant_id_expr_idx; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX log_default_tenant_id_expr_idx ON audit.log_default USING btree (tenant_id, ((row_key ->> 'id'::text)));


--
-- Name: log_tenant_time_idx; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX log_tenant_time_idx ON ONLY audit.log USING btree (tenant_id, occurred_at DESC, id DESC);


--
-- Name: log_default_tenant_id_occurred_at_id_idx; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX log_default_tenant_id_occurred_at_id_idx ON audit.log_default USING btree (tenant_id, occurred_at DESC, id DESC);


--
-- Name: users_email_key; Type: INDEX; Schema: auth; Owner: -
--

CREATE UNIQUE INDEX users_email_key ON auth.users USING btree (lower((email)::text));


--
-- Name: events_event_id_key; Type: INDEX; Schema: outbox; Owner: -
--

CREATE UNIQUE INDEX events_event_id_key ON outbox.events USING btree (event_id);


--
-- Name: events_published_at_idx; Type: INDEX; Schema: outbox; Owner: -
--

CREATE INDEX events_published_at_idx ON outbox.events USING btree (published_at) WHERE (published_at IS NOT NULL);


--
-- Name: events_unpublished_idx; Type: INDEX; Schema: outbox; Owner: -
--

CREATE INDEX events_unpublished_idx ON outbox.events USING btree (id) WHERE (published_at IS NULL);


--
-- Name: inbox_processed_at_idx; Type: INDEX; Schema: outbox; Owner: -
--

CREATE INDEX inbox_processed_at_idx ON outbox.inbox USING btree (processed_at);


--
-- Name: dashboard_adg_key; Type: INDEX; Schema: private; Owner: -
--

CREATE UNIQUE INDEX dashboard_adg_key ON private.dashboard_adg USING btree (tenant_id, farm_id, species, window_days);


--
-- Name: dashboard_breeding_key; Type: INDEX; Schema: private; Owner: -
--

CREATE UNIQUE INDEX dashboard_breeding_key ON private.dashboard_breeding USING btree (tenant_id, farm_id, species);


--
-- Name: dashboard_finance_monthly_key; Type: INDEX; Schema: private; Owner: -
--

CREATE UNIQUE INDEX dashboard_finance_monthly_key ON private.dashboard_finance_monthly USING btree (tenant_id, farm_id, month, kind, category, currency);


--
-- Name: dashboard_herd_daily_key; Type: INDEX; Schema: private; Owner: -
--

CREATE UNIQUE INDEX dashboard_herd_daily_key ON private.dashboard_herd_daily USING btree (tenant_id, farm_id, day);


--
-- Name: job_runs_job_started_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX job_runs_job_started_idx ON private.job_runs USING btree (job, started_at DESC);


--
-- Name: login_attempts_email_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX login_attempts_email_idx ON private.login_attempts USING btree (email, attempted_at) WHERE (NOT succeeded);


--
-- Name: login_attempts_ip_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX login_attempts_ip_idx ON private.login_attempts USING btree (ip, attempted_at) WHERE (NOT succeeded);


--
-- Name: refresh_tokens_expires_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX refresh_tokens_expires_idx ON private.refresh_tokens USING btree (expires_at);


--
-- Name: refresh_tokens_session_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX refresh_tokens_session_idx ON private.refresh_tokens USING btree (session_id);


--
-- Name: refresh_tokens_user_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX refresh_tokens_user_idx ON private.refresh_tokens USING btree (user_id);


--
-- Name: replication_incidents_open_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE UNIQUE INDEX replication_incidents_open_idx ON private.replication_incidents USING btree (kind) WHERE (closed_at IS NULL);


--
-- Name: replication_incidents_opened_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX replication_incidents_opened_idx ON private.replication_incidents USING btree (opened_at DESC);


--
-- Name: replication_switches_at_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX replication_switches_at_idx ON private.replication_switches USING btree (switched_at DESC);


--
-- Name: activities_farm_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_farm_idx ON public.activities USING btree (tenant_id, farm_id, performed_at DESC);


--
-- Name: animal_groups_farm_name_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX animal_groups_farm_name_key ON public.animal_groups USING btree (tenant_id, farm_id, lower(name)) WHERE (deleted_at IS NULL);


--
-- Name: animal_movements_animal_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animal_movements_animal_idx ON public.animal_movements USING btree (tenant_id, animal_id, moved_at DESC);


--
-- Name: animal_sales_sold_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animal_sales_sold_idx ON public.animal_sales USING btree (tenant_id, farm_id, sold_on);


--
-- Name: animal_tags_animal_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animal_tags_animal_idx ON public.animal_tags USING btree (tenant_id, animal_id);


--
-- Name: animals_dam_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animals_dam_idx ON public.animals USING btree (tenant_id, dam_id) WHERE (dam_id IS NOT NULL);


--
-- Name: animals_farm_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animals_farm_idx ON public.animals USING btree (tenant_id, farm_id, status) WHERE (deleted_at IS NULL);


--
-- Name: animals_live_tag_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX animals_live_tag_key ON public.animals USING btree (tenant_id, lower(tag_number)) WHERE (deleted_at IS NULL);


--
-- Name: animals_sire_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animals_sire_idx ON public.animals USING btree (tenant_id, sire_id) WHERE (sire_id IS NOT NULL);


--
-- Name: births_dam_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX births_dam_idx ON public.births USING btree (tenant_id, dam_id, born_on DESC);


--
-- Name: breeding_services_dam_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX breeding_services_dam_idx ON public.breeding_services USING btree (tenant_id, dam_id, served_on DESC);


--
-- Name: breeding_services_due_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX breeding_services_due_idx ON public.breeding_services USING btree (tenant_id, expected_due_on) WHERE (status = ANY (ARRAY['served'::text, 'confirmed'::text]));


--
-- Name: counterparties_name_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX counterparties_name_key ON public.counterparties USING btree (tenant_id, lower(name));


--
-- Name: expense_allocations_expense_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX expense_allocations_expense_idx ON public.expense_allocations USING btree (tenant_id, expense_id);


--
-- Name: expenses_creator_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX expenses_creator_idx ON public.expenses USING btree (tenant_id, created_by);


--
-- Name: expenses_farm_spent_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX expenses_farm_spent_idx ON public.expenses USING btree (tenant_id, farm_id, spent_on);


--
-- Name: expenses_status_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX expenses_status_idx ON public.expenses USING btree (tenant_id, status, spent_on);


--
-- Name: farm_access_farm_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX farm_access_farm_idx ON public.farm_access USING btree (tenant_id, farm_id);


--
-- Name: farm_access_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX farm_access_user_id_idx ON public.farm_access USING btree (user_id, tenant_id, farm_id);


--
-- Name: farms_tenant_id_name_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX farms_tenant_id_name_key ON public.farms USING btree (tenant_id, lower(name)) WHERE (deleted_at IS NULL);


--
-- Name: group_count_events_group_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX group_count_events_group_idx ON public.group_count_events USING btree (tenant_id, group_id, occurred_on);


--
-- Name: health_checks_animal_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX health_checks_animal_idx ON public.health_checks USING btree (tenant_id, animal_id, checked_on DESC) WHERE (animal_id IS NOT NULL);


--
-- Name: health_checks_farm_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX health_checks_farm_idx ON public.health_checks USING btree (tenant_id, farm_id, checked_on);


--
-- Name: health_checks_group_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX health_checks_group_idx ON public.health_checks USING btree (tenant_id, group_id, checked_on DESC) WHERE (group_id IS NOT NULL);


--
-- Name: invitations_open_email_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX invitations_open_email_key ON public.invitations USING btree (tenant_id, email) WHERE (accepted_at IS NULL);


--
-- Name: invitations_token_hash_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invitations_token_hash_idx ON public.invitations USING btree (token_hash);


--
-- Name: invoices_open_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invoices_open_idx ON public.invoices USING btree (tenant_id, due_on) WHERE (status = ANY (ARRAY['issued'::text, 'overdue'::text]));


--
-- Name: lactations_dried_off_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX lactations_dried_off_idx ON public.lactations USING btree (tenant_id, dried_off_on) WHERE (dried_off_on IS NOT NULL);


--
-- Name: lactations_open_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX lactations_open_key ON public.lactations USING btree (tenant_id, animal_id) WHERE (dried_off_on IS NULL);


--
-- Name: locations_farm_name_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX locations_farm_name_key ON public.locations USING btree (tenant_id, farm_id, lower(name)) WHERE (deleted_at IS NULL);


--
-- Name: media_files_animal_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX media_files_animal_idx ON public.media_files USING btree (tenant_id, animal_id, created_at) WHERE (animal_id IS NOT NULL);


--
-- Name: media_files_expense_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX media_files_expense_idx ON public.media_files USING btree (tenant_id, expense_id, created_at) WHERE (expense_id IS NOT NULL);


--
-- Name: media_files_farm_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX media_files_farm_idx ON public.media_files USING btree (tenant_id, farm_id, created_at) WHERE (farm_id IS NOT NULL);


--
-- Name: media_files_invoice_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX media_files_invoice_idx ON public.media_files USING btree (tenant_id, invoice_id, created_at) WHERE (invoice_id IS NOT NULL);


--
-- Name: media_files_object_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX media_files_object_idx ON public.media_files USING btree (bucket_id, object_name);


--
-- Name: media_files_uploader_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX media_files_uploader_idx ON public.media_files USING btree (tenant_id, uploaded_by) WHERE (uploaded_by IS NOT NULL);


--
-- Name: media_files_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX media_files_user_idx ON public.media_files USING btree (tenant_id, user_id, created_at) WHERE (user_id IS NOT NULL);


--
-- Name: notifications_pending_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notifications_pending_idx ON public.notifications USING btree (created_at) WHERE (status = 'pending'::text);


--
-- Name: notifications_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notifications_user_idx ON public.notifications USING btree (user_id, created_at DESC);


--
-- Name: payments_invoice_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_invoice_idx ON public.payments USING btree (tenant_id, invoice_id);


--
-- Name: pregnancy_checks_service_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX pregnancy_checks_service_idx ON public.pregnancy_checks USING btree (tenant_id, service_id);


--
-- Name: product_sales_sold_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX product_sales_sold_idx ON public.product_sales USING btree (tenant_id, farm_id, sold_on);


--
-- Name: product_sales_stock_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX product_sales_stock_idx ON public.product_sales USING btree (tenant_id, farm_id, product, unit);


--
-- Name: production_record_revisions_record_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX production_record_revisions_record_idx ON public.production_record_revisions USING btree (tenant_id, record_id);


--
-- Name: production_records_animal_date_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX production_records_animal_date_idx ON public.production_records USING btree (tenant_id, animal_id, recorded_on DESC) WHERE (animal_id IS NOT NULL);


--
-- Name: production_records_animal_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX production_records_animal_key ON public.production_records USING btree (tenant_id, animal_id, product, recorded_on, COALESCE(session, 'day'::text)) WHERE (animal_id IS NOT NULL);


--
-- Name: production_records_farm_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX production_records_farm_idx ON public.production_records USING btree (tenant_id, farm_id, recorded_on);


--
-- Name: production_records_group_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX production_records_group_key ON public.production_records USING btree (tenant_id, group_id, product, recorded_on, COALESCE(session, 'day'::text)) WHERE (group_id IS NOT NULL);


--
-- Name: production_records_treatment_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX production_records_treatment_idx ON public.production_records USING btree (tenant_id, withheld_treatment_id) WHERE (withheld_treatment_id IS NOT NULL);


--
-- Name: subscription_invoices_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX subscription_invoices_id_idx ON public.subscription_invoices USING btree (id);


--
-- Name: subscription_invoices_open_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX subscription_invoices_open_idx ON public.subscription_invoices USING btree (tenant_id, subscription_id) WHERE (status = 'open'::text);


--
-- Name: subscription_invoices_period_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX subscription_invoices_period_key ON public.subscription_invoices USING btree (tenant_id, subscription_id, period_start) WHERE (kind = 'recurring'::text);


--
-- Name: subscriptions_due_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX subscriptions_due_idx ON public.subscriptions USING btree (next_billing_on) WHERE (status = ANY (ARRAY['active'::text, 'past_due'::text]));


--
-- Name: subscriptions_tenant_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX subscriptions_tenant_key ON public.subscriptions USING btree (tenant_id);


--
-- Name: tenant_members_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tenant_members_user_id_idx ON public.tenant_members USING btree (user_id, tenant_id);


--
-- Name: treatments_animal_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX treatments_animal_idx ON public.treatments USING btree (tenant_id, animal_id, course_start) WHERE (animal_id IS NOT NULL);


--
-- Name: treatments_clearance_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX treatments_clearance_idx ON public.treatments USING btree (tenant_id, GREATEST(meat_clear_on, milk_clear_on, eggs_clear_on)) WHERE (GREATEST(meat_clear_on, milk_clear_on, eggs_clear_on) IS NOT NULL);


--
-- Name: treatments_farm_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX treatments_farm_idx ON public.treatments USING btree (tenant_id, farm_id, course_start);


--
-- Name: treatments_group_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX treatments_group_idx ON public.treatments USING btree (tenant_id, group_id, course_start) WHERE (group_id IS NOT NULL);


--
-- Name: vaccinations_animal_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vaccinations_animal_idx ON public.vaccinations USING btree (tenant_id, animal_id, given_on DESC) WHERE (animal_id IS NOT NULL);


--
-- Name: vaccinations_farm_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vaccinations_farm_idx ON public.vaccinations USING btree (tenant_id, farm_id, given_on);


--
-- Name: vaccinations_group_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vaccinations_group_idx ON public.vaccinations USING btree (tenant_id, group_id, given_on DESC) WHERE (group_id IS NOT NULL);


--
-- Name: bucketid_objname; Type: INDEX; Schema: storage; Owner: -
--

CREATE UNIQUE INDEX bucketid_objname ON storage.objects USING btree (bucket_id, name);


--
-- Name: name_prefix_search; Type: INDEX; Schema: storage; Owner: -
--

CREATE INDEX name_prefix_search ON storage.objects USING btree (name text_pattern_ops);


--
-- Name: log_default_pkey; Type: INDEX ATTACH; Schema: audit; Owner: -
--

ALTER INDEX audit.log_pkey ATTACH PARTITION audit.log_default_pkey;


--
-- Name: log_default_tenant_id_expr_idx; Type: INDEX ATTACH; Schema: audit; Owner: -
--

ALTER INDEX audit.log_tenant_row_idx ATTACH PARTITION audit.log_default_tenant_id_expr_idx;


--
-- Name: log_default_tenant_id_occurred_at_id_idx; Type: INDEX ATTACH; Schema: audit; Owner: -
--

ALTER INDEX audit.log_tenant_time_idx ATTACH PARTITION audit.log_default_tenant_id_occurred_at_id_idx;


--
-- Name: log refuse_change; Type: TRIGGER; Schema: audit; Owner: -
--

CREATE TRIGGER refuse_change BEFORE DELETE OR UPDATE ON audit.log FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();


--
-- Name: log refuse_truncate; Type: TRIGGER; Schema: audit; Owner: -
--

CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON audit.log FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();


--
-- Name: log_default refuse_truncate; Type: TRIGGER; Schema: audit; Owner: -
--

CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON audit.log_default FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();


--
-- Name: log refuse_writes_unless_active; Type: TRIGGER; Schema: audit; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON audit.log FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: users refuse_writes_unless_active; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON auth.users FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: consumer_lag refuse_writes_unless_active; Type: TRIGGER; Schema: outbox; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON outbox.consumer_lag FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: dead_letters refuse_writes_unless_active; Type: TRIGGER; Schema: outbox; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON outbox.dead_letters FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: inbox refuse_writes_unless_active; Type: TRIGGER; Schema: outbox; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON outbox.inbox FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: api_calls refuse_writes_unless_active; Type: TRIGGER; Schema: private; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON private.api_calls FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: payment_events refuse_writes_unless_active; Type: TRIGGER; Schema: private; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON private.payment_events FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: refresh_tokens refuse_writes_unless_active; Type: TRIGGER; Schema: private; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON private.refresh_tokens FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: replication_beats refuse_writes_unless_active; Type: TRIGGER; Schema: private; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON private.replication_beats FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: replication_incidents refuse_writes_unless_active; Type: TRIGGER; Schema: private; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON private.replication_incidents FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: replication_switches refuse_writes_unless_active; Type: TRIGGER; Schema: private; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON private.replication_switches FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: activities a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.activities FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'activity', 'activity', 'id', 'none', 'activity_recorded', '');


--
-- Name: animal_groups a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.animal_groups FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'animal_group', 'animal_group', 'id', 'none', '', '');


--
-- Name: animal_movements a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.animal_movements FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'animal_movement', 'animal', 'animal_id', 'none', 'animal_moved', '');


--
-- Name: animal_sales a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.animal_sales FOR EACH ROW EXECUTE FUNCTION outbox.capture('payment.events', 'animal_sale', 'animal_sale', 'id', 'none', 'animal_sale_recorded', '');


--
-- Name: animal_tags a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.animal_tags FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'animal_tag', 'animal', 'animal_id', 'none', '', '');


--
-- Name: animal_weights a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.animal_weights FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'weight', 'animal_weight', 'id', 'none', 'weight_recorded', '');


--
-- Name: animals a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.animals FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'animal', 'animal', 'id', 'changed', '', '');


--
-- Name: approval_limits a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.approval_limits FOR EACH ROW EXECUTE FUNCTION outbox.capture('expense.events', 'approval_limit', 'approval_limit', 'role', 'none', '', '');


--
-- Name: births a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.births FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'birth', 'animal', 'dam_id', 'none', 'birth_recorded', '');


--
-- Name: breeding_services a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.breeding_services FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'breeding_service', 'breeding_service', 'id', 'named', 'breeding_service_recorded', '');


--
-- Name: counterparties a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.counterparties FOR EACH ROW EXECUTE FUNCTION outbox.capture('expense.events', 'counterparty', 'counterparty', 'id', 'none', '', '');


--
-- Name: expense_categories a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.expense_categories FOR EACH ROW EXECUTE FUNCTION outbox.capture('expense.events', 'expense_category', 'expense_category', 'id', 'none', '', '');


--
-- Name: expenses a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.expenses FOR EACH ROW EXECUTE FUNCTION outbox.capture('expense.events', 'expense', 'expense', 'id', 'named', '', '');


--
-- Name: farm_access a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.farm_access FOR EACH ROW EXECUTE FUNCTION outbox.capture('user.events', 'farm_access', 'member', 'user_id', 'none', 'farm_access_granted', 'farm_access_revoked');


--
-- Name: farms a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.farms FOR EACH ROW EXECUTE FUNCTION outbox.capture('tenant.events', 'farm', 'farm', 'id', 'none', '', '');


--
-- Name: group_count_events a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.group_count_events FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'group_count', 'animal_group', 'group_id', 'none', 'group_count_changed', '');


--
-- Name: health_checks a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.health_checks FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'health_check', 'health_check', 'id', 'none', 'health_check_recorded', '');


--
-- Name: invitations a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.invitations FOR EACH ROW EXECUTE FUNCTION outbox.capture('user.events', 'invitation', 'invitation', 'id', 'none', 'invitation_sent', '');


--
-- Name: invoices a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.invoices FOR EACH ROW EXECUTE FUNCTION outbox.capture('payment.events', 'invoice', 'invoice', 'id', 'named', '', '');


--
-- Name: lactations a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.lactations FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'lactation', 'lactation', 'id', 'none', 'lactation_started', '');


--
-- Name: locations a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.locations FOR EACH ROW EXECUTE FUNCTION outbox.capture('tenant.events', 'location', 'location', 'id', 'none', '', '');


--
-- Name: media_files a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.media_files FOR EACH ROW EXECUTE FUNCTION outbox.capture('tenant.events', 'media', 'media', 'id', 'named', 'media_added', 'media_removed');


--
-- Name: payment_attempts a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.payment_attempts FOR EACH ROW EXECUTE FUNCTION outbox.capture('payment.events', 'payment', 'subscription_invoice', 'invoice_id', 'named', 'payment_attempted', '');


--
-- Name: payments a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.payments FOR EACH ROW EXECUTE FUNCTION outbox.capture('payment.events', 'invoice_payment', 'invoice', 'invoice_id', 'none', 'invoice_payment_recorded', '');


--
-- Name: pregnancy_checks a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.pregnancy_checks FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'pregnancy_check', 'breeding_service', 'service_id', 'none', 'pregnancy_check_recorded', '');


--
-- Name: product_sales a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.product_sales FOR EACH ROW EXECUTE FUNCTION outbox.capture('payment.events', 'product_sale', 'product_sale', 'id', 'none', 'product_sale_recorded', '');


--
-- Name: production_records a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER DELETE OR UPDATE ON public.production_records FOR EACH ROW EXECUTE FUNCTION outbox.capture('production.events', 'production_record', 'production_record', 'id', 'none', 'production_recorded', '');


--
-- Name: profiles a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION outbox.capture('user.events', 'profile', 'user', 'id', 'none', '', '');


--
-- Name: subscription_invoices a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.subscription_invoices FOR EACH ROW EXECUTE FUNCTION outbox.capture('payment.events', 'subscription_invoice', 'subscription_invoice', 'id', 'named', '', '');


--
-- Name: subscriptions a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION outbox.capture('payment.events', 'subscription', 'subscription', 'id', 'named', '', '');


--
-- Name: tenant_breeds a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.tenant_breeds FOR EACH ROW EXECUTE FUNCTION outbox.capture('tenant.events', 'breed', 'breed', 'id', 'none', '', '');


--
-- Name: tenant_members a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.tenant_members FOR EACH ROW EXECUTE FUNCTION outbox.capture('user.events', 'member', 'member', 'user_id', 'none', 'member_added', 'member_removed');


--
-- Name: tenants a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.tenants FOR EACH ROW EXECUTE FUNCTION outbox.capture('tenant.events', 'tenant', 'tenant', 'id', 'named', '', '');


--
-- Name: treatments a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.treatments FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'treatment', 'treatment', 'id', 'none', 'treatment_recorded', '');


--
-- Name: vaccinations a_outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.vaccinations FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events', 'vaccination', 'vaccination', 'id', 'none', 'vaccination_recorded', '');


--
-- Name: production_records a_outbox_capture_rows; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_outbox_capture_rows AFTER INSERT ON public.production_records REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outbox.capture_rows('production.events', 'production_recorded', 'production_record');


--
-- Name: activities a_stamp_farm; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_stamp_farm BEFORE INSERT ON public.activities FOR EACH ROW EXECUTE FUNCTION private.stamp_record_farm();


--
-- Name: animal_weights a_stamp_farm; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_stamp_farm BEFORE INSERT ON public.animal_weights FOR EACH ROW EXECUTE FUNCTION private.stamp_record_farm();


--
-- Name: births a_stamp_farm; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_stamp_farm BEFORE INSERT ON public.births FOR EACH ROW EXECUTE FUNCTION private.stamp_record_farm();


--
-- Name: breeding_services a_stamp_farm; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_stamp_farm BEFORE INSERT ON public.breeding_services FOR EACH ROW EXECUTE FUNCTION private.stamp_record_farm();


--
-- Name: pregnancy_checks a_stamp_farm; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER a_stamp_farm BEFORE INSERT ON public.pregnancy_checks FOR EACH ROW EXECUTE FUNCTION private.stamp_record_farm();


--
-- Name: animal_sales apply_animal_sale; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER apply_animal_sale AFTER INSERT ON public.animal_sales FOR EACH ROW EXECUTE FUNCTION private.apply_animal_sale();


--
-- Name: group_count_events apply_group_count_event; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER apply_group_count_event BEFORE INSERT ON public.group_count_events FOR EACH ROW EXECUTE FUNCTION private.apply_group_count_event();


--
-- Name: animal_movements apply_movement; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER apply_movement BEFORE INSERT ON public.animal_movements FOR EACH ROW EXECUTE FUNCTION private.apply_movement();


--
-- Name: payments apply_payment; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER apply_payment AFTER INSERT ON public.payments FOR EACH ROW EXECUTE FUNCTION private.apply_payment();


--
-- Name: activities audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.activities REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: animal_groups audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.animal_groups REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: animal_movements audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.animal_movements REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: animal_sales audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.animal_sales REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: animal_tags audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.animal_tags REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'kind', 'value');


--
-- Name: animal_weights audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.animal_weights REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: animals audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.animals REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: approval_limits audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.approval_limits REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'role');


--
-- Name: births audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.births REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: breeding_services audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.breeding_services REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: counterparties audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.counterparties REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: expense_allocations audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.expense_allocations REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: expense_categories audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.expense_categories REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: expenses audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.expenses REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'id');


--
-- Name: farm_access audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.farm_access REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'user_id', 'farm_id');


--
-- Name: farms audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.farms REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: group_count_events audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.group_count_events REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: health_checks audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.health_checks REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: invitations audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.invitations REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security,secrets', 'id');


--
-- Name: invoice_lines audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.invoice_lines REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: invoices audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.invoices REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: lactations audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.lactations REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: locations audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.locations REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: media_files audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.media_files REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: payment_attempts audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.payment_attempts REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'id');


--
-- Name: payments audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.payments REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'id');


--
-- Name: pregnancy_checks audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.pregnancy_checks REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: product_sales audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.product_sales REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: production_records audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.production_records REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: profiles audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.profiles REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('', '', 'id');


--
-- Name: subscription_invoices audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.subscription_invoices REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: subscriptions audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.subscriptions REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'id');


--
-- Name: tenant_breeds audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.tenant_breeds REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: tenant_members audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.tenant_members REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'user_id');


--
-- Name: tenants audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.tenants REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('id', 'security', 'id');


--
-- Name: treatments audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.treatments REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: vaccinations audit_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_delete AFTER DELETE ON public.vaccinations REFERENCING OLD TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: activities audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.activities REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: animal_groups audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.animal_groups REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: animal_movements audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.animal_movements REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: animal_sales audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.animal_sales REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: animal_tags audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.animal_tags REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'kind', 'value');


--
-- Name: animal_weights audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.animal_weights REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: animals audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.animals REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: approval_limits audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.approval_limits REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'role');


--
-- Name: births audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.births REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: breeding_services audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.breeding_services REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: counterparties audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.counterparties REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: expense_allocations audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.expense_allocations REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: expense_categories audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.expense_categories REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: expenses audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.expenses REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'id');


--
-- Name: farm_access audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.farm_access REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'user_id', 'farm_id');


--
-- Name: farms audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.farms REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: group_count_events audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.group_count_events REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: health_checks audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.health_checks REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: invitations audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.invitations REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security,secrets', 'id');


--
-- Name: invoice_lines audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.invoice_lines REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: invoices audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.invoices REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: lactations audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.lactations REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: locations audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.locations REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: media_files audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.media_files REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: payment_attempts audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.payment_attempts REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'id');


--
-- Name: payments audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.payments REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'id');


--
-- Name: pregnancy_checks audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.pregnancy_checks REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: product_sales audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.product_sales REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: production_records audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.production_records REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: profiles audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.profiles REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('', '', 'id');


--
-- Name: subscription_invoices audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.subscription_invoices REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: subscriptions audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.subscriptions REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'id');


--
-- Name: tenant_breeds audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.tenant_breeds REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: tenant_members audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.tenant_members REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', 'security', 'user_id');


--
-- Name: tenants audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.tenants REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('id', 'security', 'id');


--
-- Name: treatments audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.treatments REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: vaccinations audit_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_insert AFTER INSERT ON public.vaccinations REFERENCING NEW TABLE AS audit_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows('tenant_id', '', 'id');


--
-- Name: activities audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.activities FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: animal_groups audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.animal_groups FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: animal_movements audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.animal_movements FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: animal_sales audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.animal_sales FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: animal_tags audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.animal_tags FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'kind', 'value');


--
-- Name: animal_weights audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.animal_weights FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: animals audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.animals FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: approval_limits audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.approval_limits FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'role');


--
-- Name: births audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.births FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: breeding_services audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.breeding_services FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: counterparties audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.counterparties FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: expense_allocations audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.expense_allocations FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: expense_categories audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.expense_categories FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: expenses audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.expenses FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', 'security', 'id');


--
-- Name: farm_access audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.farm_access FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', 'security', 'user_id', 'farm_id');


--
-- Name: farms audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.farms FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: group_count_events audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.group_count_events FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: health_checks audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.health_checks FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: invitations audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.invitations FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', 'security,secrets', 'id');


--
-- Name: invoice_lines audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.invoice_lines FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: invoices audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.invoices FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: lactations audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.lactations FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: locations audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.locations FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: media_files audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.media_files FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: payment_attempts audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.payment_attempts FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', 'security', 'id');


--
-- Name: payments audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.payments FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', 'security', 'id');


--
-- Name: pregnancy_checks audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.pregnancy_checks FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: product_sales audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.product_sales FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: production_records audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.production_records FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: profiles audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION audit.capture_update('', '', 'id');


--
-- Name: subscription_invoices audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.subscription_invoices FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: subscriptions audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', 'security', 'id');


--
-- Name: tenant_breeds audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.tenant_breeds FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: tenant_members audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.tenant_members FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', 'security', 'user_id');


--
-- Name: tenants audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.tenants FOR EACH ROW EXECUTE FUNCTION audit.capture_update('id', 'security', 'id');


--
-- Name: treatments audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.treatments FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: vaccinations audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_update AFTER UPDATE ON public.vaccinations FOR EACH ROW EXECUTE FUNCTION audit.capture_update('tenant_id', '', 'id');


--
-- Name: births b_apply_birth; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER b_apply_birth BEFORE INSERT ON public.births FOR EACH ROW EXECUTE FUNCTION private.apply_birth();


--
-- Name: pregnancy_checks b_apply_pregnancy_check; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER b_apply_pregnancy_check BEFORE INSERT ON public.pregnancy_checks FOR EACH ROW EXECUTE FUNCTION private.apply_pregnancy_check();


--
-- Name: breeding_services b_check_service; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER b_check_service BEFORE INSERT ON public.breeding_services FOR EACH ROW EXECUTE FUNCTION private.check_service();


--
-- Name: animal_weights b_check_weight; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER b_check_weight BEFORE INSERT ON public.animal_weights FOR EACH ROW EXECUTE FUNCTION private.check_weight();


--
-- Name: animals check_animal; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_animal BEFORE INSERT OR UPDATE ON public.animals FOR EACH ROW EXECUTE FUNCTION private.check_animal();


--
-- Name: tenants check_tenant; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_tenant BEFORE INSERT OR UPDATE OF timezone ON public.tenants FOR EACH ROW EXECUTE FUNCTION private.check_tenant();


--
-- Name: animals count_animals_deleted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER count_animals_deleted AFTER DELETE ON public.animals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_animals();


--
-- Name: animals count_animals_inserted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER count_animals_inserted AFTER INSERT ON public.animals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_animals();


--
-- Name: animals count_animals_updated; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER count_animals_updated AFTER UPDATE ON public.animals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_animals();


--
-- Name: lactations count_open_lactations_deleted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER count_open_lactations_deleted AFTER DELETE ON public.lactations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_open_lactations();


--
-- Name: lactations count_open_lactations_inserted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER count_open_lactations_inserted AFTER INSERT ON public.lactations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_open_lactations();


--
-- Name: lactations count_open_lactations_updated; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER count_open_lactations_updated AFTER UPDATE ON public.lactations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_open_lactations();


--
-- Name: animal_groups default_group_start; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER default_group_start BEFORE INSERT ON public.animal_groups FOR EACH ROW EXECUTE FUNCTION private.default_group_start();


--
-- Name: animals enforce_plan_limits; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enforce_plan_limits AFTER INSERT ON public.animals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.enforce_plan_limits('animals');


--
-- Name: farms enforce_plan_limits; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enforce_plan_limits AFTER INSERT ON public.farms REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.enforce_plan_limits('farms');


--
-- Name: tenant_members enforce_plan_limits; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enforce_plan_limits AFTER INSERT ON public.tenant_members REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.enforce_plan_limits('members');


--
-- Name: tenants finance_defaults; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER finance_defaults AFTER INSERT ON public.tenants FOR EACH ROW EXECUTE FUNCTION private.finance_defaults_for_new_tenant();


--
-- Name: farms grant_farm_to_creator; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grant_farm_to_creator AFTER INSERT ON public.farms FOR EACH ROW EXECUTE FUNCTION private.grant_farm_to_creator();


--
-- Name: animals guard_animal_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_animal_change BEFORE UPDATE ON public.animals FOR EACH ROW EXECUTE FUNCTION private.guard_animal_change();


--
-- Name: expenses guard_expense; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_expense BEFORE DELETE OR UPDATE ON public.expenses FOR EACH ROW EXECUTE FUNCTION private.guard_expense();


--
-- Name: invitations guard_invitations; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_invitations BEFORE INSERT ON public.invitations FOR EACH ROW EXECUTE FUNCTION private.guard_invitations();


--
-- Name: invoices guard_invoice; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_invoice BEFORE DELETE OR UPDATE ON public.invoices FOR EACH ROW EXECUTE FUNCTION private.guard_invoice();


--
-- Name: tenant_members guard_tenant_members; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_tenant_members BEFORE DELETE OR UPDATE ON public.tenant_members FOR EACH ROW EXECUTE FUNCTION private.guard_tenant_members();


--
-- Name: production_records keep_production_revision; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER keep_production_revision AFTER UPDATE OF quantity ON public.production_records FOR EACH ROW WHEN ((old.quantity IS DISTINCT FROM new.quantity)) EXECUTE FUNCTION private.keep_production_revision();


--
-- Name: animal_sales prepare_animal_sale; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prepare_animal_sale BEFORE INSERT ON public.animal_sales FOR EACH ROW EXECUTE FUNCTION private.prepare_animal_sale();


--
-- Name: expenses prepare_expense; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prepare_expense BEFORE INSERT ON public.expenses FOR EACH ROW EXECUTE FUNCTION private.prepare_expense();


--
-- Name: health_checks prepare_health_record; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prepare_health_record BEFORE INSERT OR UPDATE ON public.health_checks FOR EACH ROW EXECUTE FUNCTION private.prepare_health_record();


--
-- Name: invoices prepare_invoice; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prepare_invoice BEFORE INSERT ON public.invoices FOR EACH ROW EXECUTE FUNCTION private.prepare_invoice();


--
-- Name: invoice_lines prepare_invoice_line; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prepare_invoice_line BEFORE INSERT OR DELETE ON public.invoice_lines FOR EACH ROW EXECUTE FUNCTION private.prepare_invoice_line();


--
-- Name: payments prepare_payment; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prepare_payment BEFORE INSERT ON public.payments FOR EACH ROW EXECUTE FUNCTION private.prepare_payment();


--
-- Name: product_sales prepare_product_sale; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prepare_product_sale BEFORE INSERT ON public.product_sales FOR EACH ROW EXECUTE FUNCTION private.prepare_product_sale();


--
-- Name: production_records prepare_production; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prepare_production BEFORE INSERT OR UPDATE ON public.production_records FOR EACH ROW EXECUTE FUNCTION private.prepare_production();


--
-- Name: treatments prepare_treatment; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prepare_treatment BEFORE INSERT OR UPDATE ON public.treatments FOR EACH ROW EXECUTE FUNCTION private.prepare_treatment();


--
-- Name: vaccinations prepare_vaccination; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prepare_vaccination BEFORE INSERT OR UPDATE ON public.vaccinations FOR EACH ROW EXECUTE FUNCTION private.prepare_vaccination();


--
-- Name: activities refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.activities REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_counts refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.animal_counts REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_groups refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.animal_groups REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_movements refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.animal_movements REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_sales refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.animal_sales REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_tags refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.animal_tags REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_weights refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.animal_weights REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animals refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.animals REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: approval_limits refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.approval_limits REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: births refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.births REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: breeding_services refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.breeding_services REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: counterparties refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.counterparties REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: expense_allocations refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.expense_allocations REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: expense_categories refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.expense_categories REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: expenses refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.expenses REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: farm_access refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.farm_access REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: farms refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.farms REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: group_count_events refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.group_count_events REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: health_checks refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.health_checks REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invitations refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.invitations REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invoice_counters refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.invoice_counters REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invoice_lines refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.invoice_lines REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invoices refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.invoices REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: lactations refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.lactations REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: locations refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.locations REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: media_files refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.media_files REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: open_lactation_counts refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.open_lactation_counts REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: payments refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.payments REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: pregnancy_checks refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.pregnancy_checks REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: product_sales refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.product_sales REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: production_daily_totals refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.production_daily_totals REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: production_record_revisions refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.production_record_revisions REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: production_records refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.production_records REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: tenant_breeds refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.tenant_breeds REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: tenant_members refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.tenant_members REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: treatments refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.treatments REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: vaccinations refuse_deletes_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.vaccinations REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: activities refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.activities REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_counts refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.animal_counts REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_groups refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.animal_groups REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_movements refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.animal_movements REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_sales refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.animal_sales REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_tags refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.animal_tags REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_weights refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.animal_weights REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animals refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.animals REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: approval_limits refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.approval_limits REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: births refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.births REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: breeding_services refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.breeding_services REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: counterparties refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.counterparties REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: expense_allocations refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.expense_allocations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: expense_categories refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.expense_categories REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: expenses refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.expenses REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: farm_access refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.farm_access REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: farms refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.farms REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: group_count_events refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.group_count_events REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: health_checks refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.health_checks REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invitations refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.invitations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invoice_counters refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.invoice_counters REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invoice_lines refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.invoice_lines REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invoices refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.invoices REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: lactations refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.lactations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: locations refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.locations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: media_files refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.media_files REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: open_lactation_counts refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.open_lactation_counts REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: payments refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.payments REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: pregnancy_checks refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.pregnancy_checks REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: product_sales refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.product_sales REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: production_daily_totals refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.production_daily_totals REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: production_record_revisions refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.production_record_revisions REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: production_records refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.production_records REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: tenant_breeds refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.tenant_breeds REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: tenant_members refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.tenant_members REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: treatments refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.treatments REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: vaccinations refuse_inserts_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.vaccinations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: activities refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.activities REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_counts refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.animal_counts REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_groups refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.animal_groups REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_movements refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.animal_movements REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_sales refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.animal_sales REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_tags refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.animal_tags REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animal_weights refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.animal_weights REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: animals refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.animals REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: approval_limits refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.approval_limits REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: births refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.births REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: breeding_services refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.breeding_services REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: counterparties refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.counterparties REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: expense_allocations refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.expense_allocations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: expense_categories refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.expense_categories REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: expenses refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.expenses REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: farm_access refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.farm_access REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: farms refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.farms REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: group_count_events refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.group_count_events REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: health_checks refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.health_checks REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invitations refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.invitations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invoice_counters refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.invoice_counters REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invoice_lines refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.invoice_lines REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: invoices refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.invoices REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: lactations refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.lactations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: locations refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.locations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: media_files refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.media_files REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: open_lactation_counts refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.open_lactation_counts REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: payments refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.payments REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: pregnancy_checks refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.pregnancy_checks REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: product_sales refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.product_sales REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: production_daily_totals refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.production_daily_totals REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: production_record_revisions refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.production_record_revisions REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: production_records refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.production_records REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: tenant_breeds refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.tenant_breeds REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: tenant_members refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.tenant_members REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: treatments refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.treatments REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: vaccinations refuse_updates_when_inactive; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.vaccinations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_when_inactive();


--
-- Name: activities refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.activities FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: animal_counts refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.animal_counts FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: animal_groups refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.animal_groups FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: animal_movements refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.animal_movements FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: animal_sales refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.animal_sales FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: animal_tags refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.animal_tags FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: animal_weights refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.animal_weights FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: animals refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.animals FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: approval_limits refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.approval_limits FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: births refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.births FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: breeding_services refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.breeding_services FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: counterparties refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.counterparties FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: expense_allocations refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.expense_allocations FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: expense_categories refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.expense_categories FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: expenses refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.expenses FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: farm_access refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.farm_access FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: farms refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.farms FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: group_count_events refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.group_count_events FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: health_checks refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.health_checks FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: invitations refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.invitations FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: invoice_counters refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.invoice_counters FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: invoice_lines refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.invoice_lines FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: invoices refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.invoices FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: lactations refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.lactations FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: locations refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.locations FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: media_files refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.media_files FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: notifications refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.notifications FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: open_lactation_counts refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.open_lactation_counts FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: payment_attempts refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.payment_attempts FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: payments refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.payments FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: pregnancy_checks refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.pregnancy_checks FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: product_sales refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.product_sales FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: production_daily_totals refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.production_daily_totals FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: production_record_revisions refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.production_record_revisions FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: production_records refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.production_records FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: profiles refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.profiles FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: subscription_invoices refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.subscription_invoices FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: subscriptions refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.subscriptions FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: tenant_breeds refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.tenant_breeds FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: tenant_members refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.tenant_members FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: tenants refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.tenants FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: treatments refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.treatments FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: usage_metrics refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.usage_metrics FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: vaccinations refuse_writes_unless_active; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.vaccinations FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: animals remove_photos_of_deleted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER remove_photos_of_deleted AFTER UPDATE OF deleted_at ON public.animals FOR EACH ROW WHEN (((old.deleted_at IS NULL) AND (new.deleted_at IS NOT NULL))) EXECUTE FUNCTION private.remove_photos_of_deleted();


--
-- Name: farms remove_photos_of_deleted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER remove_photos_of_deleted AFTER UPDATE OF deleted_at ON public.farms FOR EACH ROW WHEN (((old.deleted_at IS NULL) AND (new.deleted_at IS NOT NULL))) EXECUTE FUNCTION private.remove_photos_of_deleted();


--
-- Name: births start_lactation; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER start_lactation AFTER INSERT ON public.births FOR EACH ROW EXECUTE FUNCTION private.start_lactation();


--
-- Name: tenants start_trial; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER start_trial AFTER INSERT ON public.tenants FOR EACH ROW EXECUTE FUNCTION private.start_trial();


--
-- Name: invoice_lines total_invoice; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER total_invoice AFTER INSERT OR DELETE ON public.invoice_lines FOR EACH ROW EXECUTE FUNCTION private.total_invoice();


--
-- Name: production_records total_production_deleted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER total_production_deleted AFTER DELETE ON public.production_records REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.total_production();


--
-- Name: production_records total_production_inserted; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER total_production_inserted AFTER INSERT ON public.production_records REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.total_production();


--
-- Name: production_records total_production_updated; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER total_production_updated AFTER UPDATE ON public.production_records REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.total_production();


--
-- Name: animal_groups touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.animal_groups FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: animals touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.animals FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: expenses touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.expenses FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: farms touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.farms FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: invoices touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.invoices FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: locations touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.locations FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: profiles touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: subscriptions touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: tenant_members touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.tenant_members FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: tenants touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.tenants FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: treatments treatment_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER treatment_changed AFTER INSERT OR DELETE OR UPDATE ON public.treatments FOR EACH ROW EXECUTE FUNCTION private.treatment_changed();


--
-- Name: objects ifarm_check_media_object; Type: TRIGGER; Schema: storage; Owner: -
--

CREATE TRIGGER ifarm_check_media_object BEFORE INSERT OR UPDATE ON storage.objects FOR EACH ROW EXECUTE FUNCTION private.check_media_object();


--
-- Name: objects ifarm_media_object_removed; Type: TRIGGER; Schema: storage; Owner: -
--

CREATE TRIGGER ifarm_media_object_removed AFTER DELETE ON storage.objects FOR EACH ROW EXECUTE FUNCTION private.media_object_removed();


--
-- Name: objects ifarm_media_object_stored; Type: TRIGGER; Schema: storage; Owner: -
--

CREATE TRIGGER ifarm_media_object_stored AFTER INSERT OR UPDATE ON storage.objects FOR EACH ROW EXECUTE FUNCTION private.media_object_stored();


--
-- Name: objects refuse_writes_unless_active; Type: TRIGGER; Schema: storage; Owner: -
--

CREATE TRIGGER refuse_writes_unless_active BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON storage.objects FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active();


--
-- Name: api_calls api_calls_tenant_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.api_calls
    ADD CONSTRAINT api_calls_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: payment_events payment_events_tenant_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.payment_events
    ADD CONSTRAINT payment_events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: refresh_tokens refresh_tokens_parent_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.refresh_tokens
    ADD CONSTRAINT refresh_tokens_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES private.refresh_tokens(id) ON DELETE SET NULL;


--
-- Name: refresh_tokens refresh_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.refresh_tokens
    ADD CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: activities activities_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: activities activities_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: activities activities_tenant_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_tenant_id_group_id_fkey FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups(tenant_id, id) ON DELETE CASCADE;


--
-- Name: activities activities_tenant_id_performed_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT activities_tenant_id_performed_by_fkey FOREIGN KEY (tenant_id, performed_by) REFERENCES public.tenant_members(tenant_id, user_id) ON DELETE SET NULL (performed_by);


--
-- Name: animal_counts animal_counts_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_counts
    ADD CONSTRAINT animal_counts_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_counts animal_counts_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_counts
    ADD CONSTRAINT animal_counts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: animal_groups animal_groups_species_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_groups
    ADD CONSTRAINT animal_groups_species_fkey FOREIGN KEY (species) REFERENCES public.species(code);


--
-- Name: animal_groups animal_groups_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_groups
    ADD CONSTRAINT animal_groups_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_groups animal_groups_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_groups
    ADD CONSTRAINT animal_groups_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: animal_groups animal_groups_tenant_id_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_groups
    ADD CONSTRAINT animal_groups_tenant_id_location_id_fkey FOREIGN KEY (tenant_id, location_id) REFERENCES public.locations(tenant_id, id) ON DELETE SET NULL (location_id);


--
-- Name: animal_movements animal_movements_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_movements animal_movements_tenant_id_from_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_tenant_id_from_farm_id_fkey FOREIGN KEY (tenant_id, from_farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_movements animal_movements_tenant_id_from_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_tenant_id_from_location_id_fkey FOREIGN KEY (tenant_id, from_location_id) REFERENCES public.locations(tenant_id, id) ON DELETE SET NULL (from_location_id);


--
-- Name: animal_movements animal_movements_tenant_id_to_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_tenant_id_to_farm_id_fkey FOREIGN KEY (tenant_id, to_farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_movements animal_movements_tenant_id_to_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_tenant_id_to_location_id_fkey FOREIGN KEY (tenant_id, to_location_id) REFERENCES public.locations(tenant_id, id) ON DELETE SET NULL (to_location_id);


--
-- Name: animal_sales animal_sales_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_sales
    ADD CONSTRAINT animal_sales_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_sales animal_sales_tenant_id_buyer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_sales
    ADD CONSTRAINT animal_sales_tenant_id_buyer_id_fkey FOREIGN KEY (tenant_id, buyer_id) REFERENCES public.counterparties(tenant_id, id) ON DELETE SET NULL (buyer_id);


--
-- Name: animal_sales animal_sales_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_sales
    ADD CONSTRAINT animal_sales_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_sales animal_sales_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_sales
    ADD CONSTRAINT animal_sales_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: animal_sales animal_sales_tenant_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_sales
    ADD CONSTRAINT animal_sales_tenant_id_group_id_fkey FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_sales animal_sales_tenant_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_sales
    ADD CONSTRAINT animal_sales_tenant_id_invoice_id_fkey FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.invoices(tenant_id, id) ON DELETE SET NULL (invoice_id);


--
-- Name: animal_tags animal_tags_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_tags
    ADD CONSTRAINT animal_tags_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_weights animal_weights_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_weights
    ADD CONSTRAINT animal_weights_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_weights animal_weights_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_weights
    ADD CONSTRAINT animal_weights_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animals animals_breed_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_breed_id_fkey FOREIGN KEY (breed_id) REFERENCES public.breeds(id);


--
-- Name: animals animals_species_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_species_fkey FOREIGN KEY (species) REFERENCES public.species(code);


--
-- Name: animals animals_tenant_id_dam_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_dam_id_fkey FOREIGN KEY (tenant_id, dam_id) REFERENCES public.animals(tenant_id, id) ON DELETE SET NULL (dam_id);


--
-- Name: animals animals_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animals animals_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: animals animals_tenant_id_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_location_id_fkey FOREIGN KEY (tenant_id, location_id) REFERENCES public.locations(tenant_id, id) ON DELETE SET NULL (location_id);


--
-- Name: animals animals_tenant_id_sire_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_sire_id_fkey FOREIGN KEY (tenant_id, sire_id) REFERENCES public.animals(tenant_id, id) ON DELETE SET NULL (sire_id);


--
-- Name: animals animals_tenant_id_tenant_breed_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_tenant_breed_id_fkey FOREIGN KEY (tenant_id, tenant_breed_id) REFERENCES public.tenant_breeds(tenant_id, id) ON DELETE SET NULL (tenant_breed_id);


--
-- Name: approval_limits approval_limits_role_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.approval_limits
    ADD CONSTRAINT approval_limits_role_fkey FOREIGN KEY (role) REFERENCES public.roles(role);


--
-- Name: approval_limits approval_limits_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.approval_limits
    ADD CONSTRAINT approval_limits_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: births births_tenant_id_dam_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.births
    ADD CONSTRAINT births_tenant_id_dam_id_fkey FOREIGN KEY (tenant_id, dam_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: births births_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.births
    ADD CONSTRAINT births_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: births births_tenant_id_service_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.births
    ADD CONSTRAINT births_tenant_id_service_id_fkey FOREIGN KEY (tenant_id, service_id) REFERENCES public.breeding_services(tenant_id, id) ON DELETE SET NULL (service_id);


--
-- Name: births births_tenant_id_sire_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.births
    ADD CONSTRAINT births_tenant_id_sire_id_fkey FOREIGN KEY (tenant_id, sire_id) REFERENCES public.animals(tenant_id, id) ON DELETE SET NULL (sire_id);


--
-- Name: breeding_services breeding_services_tenant_id_dam_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.breeding_services
    ADD CONSTRAINT breeding_services_tenant_id_dam_id_fkey FOREIGN KEY (tenant_id, dam_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: breeding_services breeding_services_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.breeding_services
    ADD CONSTRAINT breeding_services_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: breeding_services breeding_services_tenant_id_sire_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.breeding_services
    ADD CONSTRAINT breeding_services_tenant_id_sire_id_fkey FOREIGN KEY (tenant_id, sire_id) REFERENCES public.animals(tenant_id, id) ON DELETE SET NULL (sire_id);


--
-- Name: breeds breeds_species_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.breeds
    ADD CONSTRAINT breeds_species_fkey FOREIGN KEY (species) REFERENCES public.species(code);


--
-- Name: counterparties counterparties_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.counterparties
    ADD CONSTRAINT counterparties_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: expense_allocations expense_allocations_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expense_allocations
    ADD CONSTRAINT expense_allocations_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: expense_allocations expense_allocations_tenant_id_expense_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expense_allocations
    ADD CONSTRAINT expense_allocations_tenant_id_expense_id_fkey FOREIGN KEY (tenant_id, expense_id) REFERENCES public.expenses(tenant_id, id) ON DELETE CASCADE;


--
-- Name: expense_allocations expense_allocations_tenant_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expense_allocations
    ADD CONSTRAINT expense_allocations_tenant_id_group_id_fkey FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups(tenant_id, id) ON DELETE CASCADE;


--
-- Name: expense_categories expense_categories_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expense_categories
    ADD CONSTRAINT expense_categories_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: expenses expenses_tenant_id_category_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expenses
    ADD CONSTRAINT expenses_tenant_id_category_id_fkey FOREIGN KEY (tenant_id, category_id) REFERENCES public.expense_categories(tenant_id, id);


--
-- Name: expenses expenses_tenant_id_corrects_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expenses
    ADD CONSTRAINT expenses_tenant_id_corrects_id_fkey FOREIGN KEY (tenant_id, corrects_id) REFERENCES public.expenses(tenant_id, id);


--
-- Name: expenses expenses_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expenses
    ADD CONSTRAINT expenses_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: expenses expenses_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expenses
    ADD CONSTRAINT expenses_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: expenses expenses_tenant_id_vendor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.expenses
    ADD CONSTRAINT expenses_tenant_id_vendor_id_fkey FOREIGN KEY (tenant_id, vendor_id) REFERENCES public.counterparties(tenant_id, id) ON DELETE SET NULL (vendor_id);


--
-- Name: farm_access farm_access_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.farm_access
    ADD CONSTRAINT farm_access_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: farm_access farm_access_tenant_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.farm_access
    ADD CONSTRAINT farm_access_tenant_id_user_id_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES public.tenant_members(tenant_id, user_id) ON DELETE CASCADE;


--
-- Name: farms farms_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.farms
    ADD CONSTRAINT farms_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: group_count_events group_count_events_tenant_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.group_count_events
    ADD CONSTRAINT group_count_events_tenant_id_group_id_fkey FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups(tenant_id, id) ON DELETE CASCADE;


--
-- Name: health_checks health_checks_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.health_checks
    ADD CONSTRAINT health_checks_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: health_checks health_checks_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.health_checks
    ADD CONSTRAINT health_checks_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: health_checks health_checks_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.health_checks
    ADD CONSTRAINT health_checks_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: health_checks health_checks_tenant_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.health_checks
    ADD CONSTRAINT health_checks_tenant_id_group_id_fkey FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups(tenant_id, id) ON DELETE CASCADE;


--
-- Name: invitations invitations_role_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_role_fkey FOREIGN KEY (role) REFERENCES public.roles(role);


--
-- Name: invitations invitations_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: invitations invitations_tenant_id_invited_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_tenant_id_invited_by_fkey FOREIGN KEY (tenant_id, invited_by) REFERENCES public.tenant_members(tenant_id, user_id) ON DELETE SET NULL (invited_by);


--
-- Name: invoice_counters invoice_counters_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_counters
    ADD CONSTRAINT invoice_counters_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: invoice_lines invoice_lines_tenant_id_animal_sale_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_tenant_id_animal_sale_id_fkey FOREIGN KEY (tenant_id, animal_sale_id) REFERENCES public.animal_sales(tenant_id, id) ON DELETE SET NULL (animal_sale_id);


--
-- Name: invoice_lines invoice_lines_tenant_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_tenant_id_invoice_id_fkey FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.invoices(tenant_id, id) ON DELETE CASCADE;


--
-- Name: invoice_lines invoice_lines_tenant_id_product_sale_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_tenant_id_product_sale_id_fkey FOREIGN KEY (tenant_id, product_sale_id) REFERENCES public.product_sales(tenant_id, id) ON DELETE SET NULL (product_sale_id);


--
-- Name: invoices invoices_tenant_id_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_tenant_id_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES public.counterparties(tenant_id, id) ON DELETE SET NULL (customer_id);


--
-- Name: invoices invoices_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: lactations lactations_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lactations
    ADD CONSTRAINT lactations_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: lactations lactations_tenant_id_birth_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lactations
    ADD CONSTRAINT lactations_tenant_id_birth_id_fkey FOREIGN KEY (tenant_id, birth_id) REFERENCES public.births(tenant_id, id) ON DELETE SET NULL (birth_id);


--
-- Name: lactations lactations_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lactations
    ADD CONSTRAINT lactations_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: locations locations_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: locations locations_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: media_files media_files_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_files
    ADD CONSTRAINT media_files_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: media_files media_files_tenant_id_expense_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_files
    ADD CONSTRAINT media_files_tenant_id_expense_id_fkey FOREIGN KEY (tenant_id, expense_id) REFERENCES public.expenses(tenant_id, id) ON DELETE CASCADE;


--
-- Name: media_files media_files_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_files
    ADD CONSTRAINT media_files_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: media_files media_files_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_files
    ADD CONSTRAINT media_files_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: media_files media_files_tenant_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_files
    ADD CONSTRAINT media_files_tenant_id_invoice_id_fkey FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.invoices(tenant_id, id) ON DELETE CASCADE;


--
-- Name: media_files media_files_tenant_id_uploaded_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_files
    ADD CONSTRAINT media_files_tenant_id_uploaded_by_fkey FOREIGN KEY (tenant_id, uploaded_by) REFERENCES public.tenant_members(tenant_id, user_id) ON DELETE SET NULL (uploaded_by);


--
-- Name: media_files media_files_tenant_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.media_files
    ADD CONSTRAINT media_files_tenant_id_user_id_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES public.tenant_members(tenant_id, user_id) ON DELETE CASCADE;


--
-- Name: notifications notifications_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: notifications notifications_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: open_lactation_counts open_lactation_counts_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.open_lactation_counts
    ADD CONSTRAINT open_lactation_counts_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: open_lactation_counts open_lactation_counts_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.open_lactation_counts
    ADD CONSTRAINT open_lactation_counts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: payment_attempts payment_attempts_tenant_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_attempts
    ADD CONSTRAINT payment_attempts_tenant_id_invoice_id_fkey FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.subscription_invoices(tenant_id, id) ON DELETE CASCADE;


--
-- Name: payments payments_tenant_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_tenant_id_invoice_id_fkey FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.invoices(tenant_id, id) ON DELETE CASCADE;


--
-- Name: pregnancy_checks pregnancy_checks_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pregnancy_checks
    ADD CONSTRAINT pregnancy_checks_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: pregnancy_checks pregnancy_checks_tenant_id_service_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pregnancy_checks
    ADD CONSTRAINT pregnancy_checks_tenant_id_service_id_fkey FOREIGN KEY (tenant_id, service_id) REFERENCES public.breeding_services(tenant_id, id) ON DELETE CASCADE;


--
-- Name: product_sales product_sales_tenant_id_buyer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_sales
    ADD CONSTRAINT product_sales_tenant_id_buyer_id_fkey FOREIGN KEY (tenant_id, buyer_id) REFERENCES public.counterparties(tenant_id, id) ON DELETE SET NULL (buyer_id);


--
-- Name: product_sales product_sales_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_sales
    ADD CONSTRAINT product_sales_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: product_sales product_sales_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_sales
    ADD CONSTRAINT product_sales_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: product_sales product_sales_tenant_id_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.product_sales
    ADD CONSTRAINT product_sales_tenant_id_invoice_id_fkey FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.invoices(tenant_id, id) ON DELETE SET NULL (invoice_id);


--
-- Name: production_daily_totals production_daily_totals_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_daily_totals
    ADD CONSTRAINT production_daily_totals_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: production_daily_totals production_daily_totals_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_daily_totals
    ADD CONSTRAINT production_daily_totals_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: production_record_revisions production_record_revisions_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_record_revisions
    ADD CONSTRAINT production_record_revisions_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: production_record_revisions production_record_revisions_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_record_revisions
    ADD CONSTRAINT production_record_revisions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: production_record_revisions production_record_revisions_tenant_id_record_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_record_revisions
    ADD CONSTRAINT production_record_revisions_tenant_id_record_id_fkey FOREIGN KEY (tenant_id, record_id) REFERENCES public.production_records(tenant_id, id) ON DELETE CASCADE;


--
-- Name: production_records production_records_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_records
    ADD CONSTRAINT production_records_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: production_records production_records_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_records
    ADD CONSTRAINT production_records_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: production_records production_records_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_records
    ADD CONSTRAINT production_records_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: production_records production_records_tenant_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_records
    ADD CONSTRAINT production_records_tenant_id_group_id_fkey FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups(tenant_id, id) ON DELETE CASCADE;


--
-- Name: production_records production_records_tenant_id_withheld_treatment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.production_records
    ADD CONSTRAINT production_records_tenant_id_withheld_treatment_id_fkey FOREIGN KEY (tenant_id, withheld_treatment_id) REFERENCES public.treatments(tenant_id, id) ON DELETE SET NULL (withheld_treatment_id);


--
-- Name: profiles profiles_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_id_fkey FOREIGN KEY (id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: role_permissions role_permissions_role_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT role_permissions_role_fkey FOREIGN KEY (role) REFERENCES public.roles(role) ON DELETE CASCADE;


--
-- Name: species_products species_products_species_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.species_products
    ADD CONSTRAINT species_products_species_fkey FOREIGN KEY (species) REFERENCES public.species(code) ON DELETE CASCADE;


--
-- Name: subscription_invoices subscription_invoices_plan_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscription_invoices
    ADD CONSTRAINT subscription_invoices_plan_code_fkey FOREIGN KEY (plan_code) REFERENCES public.plans(code);


--
-- Name: subscription_invoices subscription_invoices_tenant_id_subscription_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscription_invoices
    ADD CONSTRAINT subscription_invoices_tenant_id_subscription_id_fkey FOREIGN KEY (tenant_id, subscription_id) REFERENCES public.subscriptions(tenant_id, id) ON DELETE CASCADE;


--
-- Name: subscriptions subscriptions_pending_plan_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_pending_plan_code_fkey FOREIGN KEY (pending_plan_code) REFERENCES public.plans(code);


--
-- Name: subscriptions subscriptions_plan_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_plan_code_fkey FOREIGN KEY (plan_code) REFERENCES public.plans(code);


--
-- Name: subscriptions subscriptions_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: tenant_breeds tenant_breeds_species_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_breeds
    ADD CONSTRAINT tenant_breeds_species_fkey FOREIGN KEY (species) REFERENCES public.species(code);


--
-- Name: tenant_breeds tenant_breeds_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_breeds
    ADD CONSTRAINT tenant_breeds_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: tenant_members tenant_members_role_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_role_fkey FOREIGN KEY (role) REFERENCES public.roles(role);


--
-- Name: tenant_members tenant_members_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: tenant_members tenant_members_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: tenants tenants_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;


--
-- Name: treatments treatments_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.treatments
    ADD CONSTRAINT treatments_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: treatments treatments_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.treatments
    ADD CONSTRAINT treatments_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: treatments treatments_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.treatments
    ADD CONSTRAINT treatments_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: treatments treatments_tenant_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.treatments
    ADD CONSTRAINT treatments_tenant_id_group_id_fkey FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups(tenant_id, id) ON DELETE CASCADE;


--
-- Name: usage_metrics usage_metrics_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.usage_metrics
    ADD CONSTRAINT usage_metrics_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: vaccinations vaccinations_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vaccinations
    ADD CONSTRAINT vaccinations_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: vaccinations vaccinations_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vaccinations
    ADD CONSTRAINT vaccinations_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: vaccinations vaccinations_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vaccinations
    ADD CONSTRAINT vaccinations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: vaccinations vaccinations_tenant_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vaccinations
    ADD CONSTRAINT vaccinations_tenant_id_group_id_fkey FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups(tenant_id, id) ON DELETE CASCADE;


--
-- Name: objects objects_bucket_id_fkey; Type: FK CONSTRAINT; Schema: storage; Owner: -
--

ALTER TABLE ONLY storage.objects
    ADD CONSTRAINT objects_bucket_id_fkey FOREIGN KEY (bucket_id) REFERENCES storage.buckets(id);


--
-- Name: log auditors read their tenant's trail; Type: POLICY; Schema: audit; Owner: -
--

CREATE POLICY "auditors read their tenant's trail" ON audit.log FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('audit.read'::text) AS my_tenant_ids_with)));


--
-- Name: log; Type: ROW SECURITY; Schema: audit; Owner: -
--

ALTER TABLE audit.log ENABLE ROW LEVEL SECURITY;

--
-- Name: activities; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.activities ENABLE ROW LEVEL SECURITY;

--
-- Name: animal_counts; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animal_counts ENABLE ROW LEVEL SECURITY;

--
-- Name: animal_groups; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animal_groups ENABLE ROW LEVEL SECURITY;

--
-- Name: animal_movements; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animal_movements ENABLE ROW LEVEL SECURITY;

--
-- Name: animal_sales; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animal_sales ENABLE ROW LEVEL SECURITY;

--
-- Name: animal_tags; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animal_tags ENABLE ROW LEVEL SECURITY;

--
-- Name: animal_weights; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animal_weights ENABLE ROW LEVEL SECURITY;

--
-- Name: animals; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animals ENABLE ROW LEVEL SECURITY;

--
-- Name: species_products anyone reads species products; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads species products" ON public.species_products FOR SELECT TO anon, authenticated USING (true);


--
-- Name: cascade_withdrawal_minimums anyone reads the cascade withdrawal minimums; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads the cascade withdrawal minimums" ON public.cascade_withdrawal_minimums FOR SELECT TO anon, authenticated USING (true);


--
-- Name: plans anyone reads the plans; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads the plans" ON public.plans FOR SELECT TO anon, authenticated USING (true);


--
-- Name: roles anyone reads the roles; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads the roles" ON public.roles FOR SELECT TO anon, authenticated USING (true);


--
-- Name: breeds anyone reads the shared breeds; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads the shared breeds" ON public.breeds FOR SELECT TO anon, authenticated USING (true);


--
-- Name: species anyone reads the species; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads the species" ON public.species FOR SELECT TO anon, authenticated USING (true);


--
-- Name: role_permissions anyone reads what each role may do; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads what each role may do" ON public.role_permissions FOR SELECT TO anon, authenticated USING (true);


--
-- Name: approval_limits; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.approval_limits ENABLE ROW LEVEL SECURITY;

--
-- Name: payment_attempts billing managers read payment attempts; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "billing managers read payment attempts" ON public.payment_attempts FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('billing.manage'::text) AS my_tenant_ids_with)));


--
-- Name: subscription_invoices billing managers read subscription invoices; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "billing managers read subscription invoices" ON public.subscription_invoices FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('billing.manage'::text) AS my_tenant_ids_with)));


--
-- Name: births; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.births ENABLE ROW LEVEL SECURITY;

--
-- Name: lactations breeders dry off lactations on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "breeders dry off lactations on their farms" ON public.lactations FOR UPDATE TO authenticated USING ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('breeding.write'::text) AS my_tenant_ids_with)))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('breeding.write'::text) AS my_tenant_ids_with)));


--
-- Name: births breeders record births on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "breeders record births on their farms" ON public.births FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('breeding.write'::text) AS my_tenant_ids_with))));


--
-- Name: pregnancy_checks breeders record pregnancy checks on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "breeders record pregnancy checks on their farms" ON public.pregnancy_checks FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('breeding.write'::text) AS my_tenant_ids_with))));


--
-- Name: breeding_services breeders record services on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "breeders record services on their farms" ON public.breeding_services FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('breeding.write'::text) AS my_tenant_ids_with))));


--
-- Name: breeding_services; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.breeding_services ENABLE ROW LEVEL SECURITY;

--
-- Name: breeds; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.breeds ENABLE ROW LEVEL SECURITY;

--
-- Name: cascade_withdrawal_minimums; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.cascade_withdrawal_minimums ENABLE ROW LEVEL SECURITY;

--
-- Name: counterparties; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.counterparties ENABLE ROW LEVEL SECURITY;

--
-- Name: expenses creators and finance managers move expenses; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "creators and finance managers move expenses" ON public.expenses FOR UPDATE TO authenticated USING ((((created_by = ( SELECT auth.uid() AS uid)) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('finance.submit'::text) AS my_tenant_ids_with))) OR ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.approve'::text) AS my_tenant_ids_with)) AND ((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id)))))) WITH CHECK (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: expenses creators delete their draft expenses; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "creators delete their draft expenses" ON public.expenses FOR DELETE TO authenticated USING (((created_by = ( SELECT auth.uid() AS uid)) AND (tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids))));


--
-- Name: counterparties expense submitters read vendors and customers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "expense submitters read vendors and customers" ON public.counterparties FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.submit'::text) AS my_tenant_ids_with)));


--
-- Name: expense_allocations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.expense_allocations ENABLE ROW LEVEL SECURITY;

--
-- Name: expense_categories; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.expense_categories ENABLE ROW LEVEL SECURITY;

--
-- Name: expenses; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.expenses ENABLE ROW LEVEL SECURITY;

--
-- Name: locations farm managers add locations on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "farm managers add locations on their farms" ON public.locations FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with))));


--
-- Name: locations farm managers change locations on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "farm managers change locations on their farms" ON public.locations FOR UPDATE TO authenticated USING ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with)))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with)));


--
-- Name: farms farm managers create farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "farm managers create farms" ON public.farms FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with)));


--
-- Name: farms farm managers update the farms they can access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "farm managers update the farms they can access" ON public.farms FOR UPDATE TO authenticated USING ((((tenant_id, id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with)))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with)));


--
-- Name: farm_access; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.farm_access ENABLE ROW LEVEL SECURITY;

--
-- Name: farms; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.farms ENABLE ROW LEVEL SECURITY;

--
-- Name: expense_categories finance managers add expense categories; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance managers add expense categories" ON public.expense_categories FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with)));


--
-- Name: counterparties finance managers add vendors and customers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance managers add vendors and customers" ON public.counterparties FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with)));


--
-- Name: counterparties finance managers change vendors and customers; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance managers change vendors and customers" ON public.counterparties FOR UPDATE TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with)));


--
-- Name: expenses finance readers read expenses on their farms and submitters the; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance readers read expenses on their farms and submitters the" ON public.expenses FOR SELECT TO authenticated USING ((((created_by = ( SELECT auth.uid() AS uid)) AND (tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.read'::text) AS my_tenant_ids_with)) AND ((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))))));


--
-- Name: invoice_counters finance readers read invoice counters; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance readers read invoice counters" ON public.invoice_counters FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.read'::text) AS my_tenant_ids_with)));


--
-- Name: invoice_lines finance readers read invoice lines; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance readers read invoice lines" ON public.invoice_lines FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.read'::text) AS my_tenant_ids_with)));


--
-- Name: invoices finance readers read invoices; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance readers read invoices" ON public.invoices FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.read'::text) AS my_tenant_ids_with)));


--
-- Name: payments finance readers read payments; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance readers read payments" ON public.payments FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.read'::text) AS my_tenant_ids_with)));


--
-- Name: product_sales finance readers read product sales on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance readers read product sales on their farms" ON public.product_sales FOR SELECT TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.read'::text) AS my_tenant_ids_with)) AND ((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id)))));


--
-- Name: animal_sales finance readers read sales on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance readers read sales on their farms" ON public.animal_sales FOR SELECT TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.read'::text) AS my_tenant_ids_with)) AND ((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id)))));


--
-- Name: payments finance writers record payments; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance writers record payments" ON public.payments FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with)));


--
-- Name: animal_sales finance writers sell animals on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance writers sell animals on their farms" ON public.animal_sales FOR INSERT TO authenticated WITH CHECK (((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with)) AND ((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id)))));


--
-- Name: product_sales finance writers sell produce of their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance writers sell produce of their farms" ON public.product_sales FOR INSERT TO authenticated WITH CHECK (((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with)) AND ((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id)))));


--
-- Name: invoice_lines finance writers write invoice lines; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance writers write invoice lines" ON public.invoice_lines TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with)));


--
-- Name: invoices finance writers write invoices; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "finance writers write invoices" ON public.invoices TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.write'::text) AS my_tenant_ids_with)));


--
-- Name: group_count_events; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.group_count_events ENABLE ROW LEVEL SECURITY;

--
-- Name: health_checks health recorders check animals on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "health recorders check animals on their farms" ON public.health_checks FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('health.write'::text) AS my_tenant_ids_with))));


--
-- Name: treatments health recorders treat animals on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "health recorders treat animals on their farms" ON public.treatments FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('health.write'::text) AS my_tenant_ids_with))));


--
-- Name: vaccinations health recorders vaccinate animals on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "health recorders vaccinate animals on their farms" ON public.vaccinations FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('health.write'::text) AS my_tenant_ids_with))));


--
-- Name: health_checks; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.health_checks ENABLE ROW LEVEL SECURITY;

--
-- Name: invitations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.invitations ENABLE ROW LEVEL SECURITY;

--
-- Name: invoice_counters; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.invoice_counters ENABLE ROW LEVEL SECURITY;

--
-- Name: invoice_lines; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.invoice_lines ENABLE ROW LEVEL SECURITY;

--
-- Name: invoices; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;

--
-- Name: lactations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.lactations ENABLE ROW LEVEL SECURITY;

--
-- Name: animals livestock managers add animals on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers add animals on their farms" ON public.animals FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with))));


--
-- Name: tenant_breeds livestock managers add breeds; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers add breeds" ON public.tenant_breeds FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)));


--
-- Name: animal_groups livestock managers add groups on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers add groups on their farms" ON public.animal_groups FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with))));


--
-- Name: animal_groups livestock managers change groups on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers change groups on their farms" ON public.animal_groups FOR UPDATE TO authenticated USING ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)));


--
-- Name: animal_weights livestock managers delete weights on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers delete weights on their farms" ON public.animal_weights FOR DELETE TO authenticated USING ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with))));


--
-- Name: animal_tags livestock managers tag animals they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers tag animals they see" ON public.animal_tags FOR INSERT TO authenticated WITH CHECK (((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)) AND ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR private.can_see_animal(tenant_id, animal_id))));


--
-- Name: animal_tags livestock managers untag animals they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers untag animals they see" ON public.animal_tags FOR DELETE TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)) AND ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR private.can_see_animal(tenant_id, animal_id))));


--
-- Name: locations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.locations ENABLE ROW LEVEL SECURITY;

--
-- Name: media_files managers and uploaders remove media; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "managers and uploaders remove media" ON public.media_files FOR DELETE TO authenticated USING (private.media_allowed(tenant_id, animal_id, farm_id, user_id, invoice_id, expense_id, uploaded_by, 'delete'::text));


--
-- Name: media_files; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.media_files ENABLE ROW LEVEL SECURITY;

--
-- Name: tenant_members member managers change roles; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers change roles" ON public.tenant_members FOR UPDATE TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: farm_access member managers grant farm access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers grant farm access" ON public.farm_access FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: invitations member managers invite; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers invite" ON public.invitations FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: invitations member managers read invitations; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers read invitations" ON public.invitations FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: tenant_members member managers remove members and members leave; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers remove members and members leave" ON public.tenant_members FOR DELETE TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)) OR (user_id = ( SELECT auth.uid() AS uid))));


--
-- Name: farm_access member managers revoke farm access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers revoke farm access" ON public.farm_access FOR DELETE TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: invitations member managers withdraw invitations; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers withdraw invitations" ON public.invitations FOR DELETE TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: media_files members add media to what they may change; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members add media to what they may change" ON public.media_files FOR INSERT TO authenticated WITH CHECK (((uploaded_by = ( SELECT auth.uid() AS uid)) AND private.media_allowed(tenant_id, animal_id, farm_id, user_id, invoice_id, expense_id, uploaded_by, 'write'::text)));


--
-- Name: expense_allocations members allocate expenses they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members allocate expenses they see" ON public.expense_allocations FOR INSERT TO authenticated WITH CHECK (((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.submit'::text) AS my_tenant_ids_with)) AND private.can_see_expense(tenant_id, expense_id)));


--
-- Name: activities members read activities on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read activities on their farms" ON public.activities FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: expense_allocations members read allocations of expenses they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read allocations of expenses they see" ON public.expense_allocations FOR SELECT TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)) AND private.can_see_expense(tenant_id, expense_id)));


--
-- Name: animal_counts members read animal counts of their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read animal counts of their farms" ON public.animal_counts FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: animals members read animals on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read animals on their farms" ON public.animals FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: births members read births on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read births on their farms" ON public.births FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: group_count_events members read count events of groups they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read count events of groups they see" ON public.group_count_events FOR SELECT TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)) AND private.can_see_group(tenant_id, group_id))));


--
-- Name: animal_groups members read groups on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read groups on their farms" ON public.animal_groups FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: health_checks members read health checks on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read health checks on their farms" ON public.health_checks FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: open_lactation_counts members read lactation counts of their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read lactation counts of their farms" ON public.open_lactation_counts FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: lactations members read lactations on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read lactations on their farms" ON public.lactations FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: locations members read locations on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read locations on their farms" ON public.locations FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: animal_movements members read movements of animals they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read movements of animals they see" ON public.animal_movements FOR SELECT TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)) AND private.can_see_animal(tenant_id, animal_id))));


--
-- Name: pregnancy_checks members read pregnancy checks on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read pregnancy checks on their farms" ON public.pregnancy_checks FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: production_record_revisions members read production corrections on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read production corrections on their farms" ON public.production_record_revisions FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: production_records members read production on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read production on their farms" ON public.production_records FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: production_daily_totals members read production totals of their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read production totals of their farms" ON public.production_daily_totals FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: breeding_services members read services on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read services on their farms" ON public.breeding_services FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: animal_tags members read tags of animals they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read tags of animals they see" ON public.animal_tags FOR SELECT TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)) AND private.can_see_animal(tenant_id, animal_id))));


--
-- Name: farms members read the farms they can access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read the farms they can access" ON public.farms FOR SELECT TO authenticated USING (((tenant_id, id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: media_files members read the media of what they may see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read the media of what they may see" ON public.media_files FOR SELECT TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)) AND private.media_allowed(tenant_id, animal_id, farm_id, user_id, invoice_id, expense_id, uploaded_by, 'read'::text)));


--
-- Name: farm_access members read their own farm access and managers all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their own farm access and managers all" ON public.farm_access FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR (tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with))));


--
-- Name: approval_limits members read their tenant's approval limits; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenant's approval limits" ON public.approval_limits FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: tenant_breeds members read their tenant's breeds; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenant's breeds" ON public.tenant_breeds FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: expense_categories members read their tenant's expense categories; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenant's expense categories" ON public.expense_categories FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: tenant_members members read their tenant's members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenant's members" ON public.tenant_members FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: subscriptions members read their tenant's subscription; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenant's subscription" ON public.subscriptions FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: usage_metrics members read their tenant's usage; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenant's usage" ON public.usage_metrics FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: tenants members read their tenants; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenants" ON public.tenants FOR SELECT TO authenticated USING ((id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: treatments members read treatments on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read treatments on their farms" ON public.treatments FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: vaccinations members read vaccinations on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read vaccinations on their farms" ON public.vaccinations FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: animal_weights members read weights on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read weights on their farms" ON public.animal_weights FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: activities members record activities on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members record activities on their farms" ON public.activities FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('activities.write'::text) AS my_tenant_ids_with))));


--
-- Name: group_count_events members record count events on groups they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members record count events on groups they see" ON public.group_count_events FOR INSERT TO authenticated WITH CHECK ((((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR private.can_see_group(tenant_id, group_id)) AND
CASE
    WHEN (event_type = 'death'::text) THEN (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.death'::text) AS my_tenant_ids_with))
    WHEN (event_type = ANY (ARRAY['sale'::text, 'cull'::text])) THEN (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.exit'::text) AS my_tenant_ids_with))
    ELSE (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with))
END));


--
-- Name: expense_allocations members remove allocations of expenses they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members remove allocations of expenses they see" ON public.expense_allocations FOR DELETE TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.submit'::text) AS my_tenant_ids_with)) AND private.can_see_expense(tenant_id, expense_id)));


--
-- Name: media_files members retitle media of what they may change; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members retitle media of what they may change" ON public.media_files FOR UPDATE TO authenticated USING (private.media_allowed(tenant_id, animal_id, farm_id, user_id, invoice_id, expense_id, uploaded_by, 'write'::text)) WITH CHECK (private.media_allowed(tenant_id, animal_id, farm_id, user_id, invoice_id, expense_id, uploaded_by, 'write'::text));


--
-- Name: expenses members submit expenses on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members submit expenses on their farms" ON public.expenses FOR INSERT TO authenticated WITH CHECK (((tenant_id IN ( SELECT private.my_tenant_ids_with('finance.submit'::text) AS my_tenant_ids_with)) AND ((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id)))));


--
-- Name: animals members with livestock rights change animals on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members with livestock rights change animals on their farms" ON public.animals FOR UPDATE TO authenticated USING ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND ((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)) OR (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.death'::text) AS my_tenant_ids_with))))) WITH CHECK (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: notifications; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.notifications ENABLE ROW LEVEL SECURITY;

--
-- Name: open_lactation_counts; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.open_lactation_counts ENABLE ROW LEVEL SECURITY;

--
-- Name: approval_limits owners and admins set approval limits; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "owners and admins set approval limits" ON public.approval_limits TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: tenants owners and admins update their tenant; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "owners and admins update their tenant" ON public.tenants FOR UPDATE TO authenticated USING ((id IN ( SELECT private.my_tenant_ids_with('tenant.update'::text) AS my_tenant_ids_with))) WITH CHECK ((id IN ( SELECT private.my_tenant_ids_with('tenant.update'::text) AS my_tenant_ids_with)));


--
-- Name: tenants owners delete their tenant; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "owners delete their tenant" ON public.tenants FOR DELETE TO authenticated USING ((id IN ( SELECT private.my_tenant_ids_with('tenant.delete'::text) AS my_tenant_ids_with)));


--
-- Name: payment_attempts; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.payment_attempts ENABLE ROW LEVEL SECURITY;

--
-- Name: payments; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.payments ENABLE ROW LEVEL SECURITY;

--
-- Name: plans; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.plans ENABLE ROW LEVEL SECURITY;

--
-- Name: pregnancy_checks; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.pregnancy_checks ENABLE ROW LEVEL SECURITY;

--
-- Name: product_sales; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.product_sales ENABLE ROW LEVEL SECURITY;

--
-- Name: production_daily_totals; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.production_daily_totals ENABLE ROW LEVEL SECURITY;

--
-- Name: production_record_revisions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.production_record_revisions ENABLE ROW LEVEL SECURITY;

--
-- Name: production_records; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.production_records ENABLE ROW LEVEL SECURITY;

--
-- Name: profiles; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;

--
-- Name: role_permissions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.role_permissions ENABLE ROW LEVEL SECURITY;

--
-- Name: roles; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.roles ENABLE ROW LEVEL SECURITY;

--
-- Name: schema_version; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.schema_version ENABLE ROW LEVEL SECURITY;

--
-- Name: species; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.species ENABLE ROW LEVEL SECURITY;

--
-- Name: species_products; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.species_products ENABLE ROW LEVEL SECURITY;

--
-- Name: subscription_invoices; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.subscription_invoices ENABLE ROW LEVEL SECURITY;

--
-- Name: subscriptions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.subscriptions ENABLE ROW LEVEL SECURITY;

--
-- Name: tenant_breeds; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tenant_breeds ENABLE ROW LEVEL SECURITY;

--
-- Name: tenant_members; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tenant_members ENABLE ROW LEVEL SECURITY;

--
-- Name: tenants; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tenants ENABLE ROW LEVEL SECURITY;

--
-- Name: schema_version the migrating role keeps its migration log; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "the migrating role keeps its migration log" ON public.schema_version TO postgres USING (true) WITH CHECK (true);


--
-- Name: treatments; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.treatments ENABLE ROW LEVEL SECURITY;

--
-- Name: usage_metrics; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.usage_metrics ENABLE ROW LEVEL SECURITY;

--
-- Name: profiles users create their own profile; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "users create their own profile" ON public.profiles FOR INSERT TO authenticated WITH CHECK ((id = ( SELECT auth.uid() AS uid)));


--
-- Name: profiles users edit their own profile; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "users edit their own profile" ON public.profiles FOR UPDATE TO authenticated USING ((id = ( SELECT auth.uid() AS uid))) WITH CHECK ((id = ( SELECT auth.uid() AS uid)));


--
-- Name: profiles users read their own and their colleagues' profiles; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "users read their own and their colleagues' profiles" ON public.profiles FOR SELECT TO authenticated USING (((id = ( SELECT auth.uid() AS uid)) OR (id IN ( SELECT private.my_colleague_ids() AS my_colleague_ids))));


--
-- Name: notifications users read their own notifications; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "users read their own notifications" ON public.notifications FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) AND (tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids))));


--
-- Name: vaccinations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.vaccinations ENABLE ROW LEVEL SECURITY;

--
-- Name: animal_weights weighers record weights on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "weighers record weights on their farms" ON public.animal_weights FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('weights.write'::text) AS my_tenant_ids_with))));


--
-- Name: production_records workers correct production on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "workers correct production on their farms" ON public.production_records FOR UPDATE TO authenticated USING ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('production.write'::text) AS my_tenant_ids_with)))) WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('production.write'::text) AS my_tenant_ids_with))));


--
-- Name: animal_movements workers move animals between farms they can access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "workers move animals between farms they can access" ON public.animal_movements FOR INSERT TO authenticated WITH CHECK (((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.move'::text) AS my_tenant_ids_with)) AND ((tenant_id, to_farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR private.can_see_animal(tenant_id, animal_id))));


--
-- Name: production_records workers record production on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "workers record production on their farms" ON public.production_records FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('production.write'::text) AS my_tenant_ids_with))));


--
-- Name: buckets; Type: ROW SECURITY; Schema: storage; Owner: -
--

ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;

--
-- Name: objects ifarm managers and uploaders remove media; Type: POLICY; Schema: storage; Owner: -
--

CREATE POLICY "ifarm managers and uploaders remove media" ON storage.objects FOR DELETE TO authenticated USING (((bucket_id = ANY (private.media_buckets())) AND ((storage.foldername(name))[1] IN ( SELECT (t.t)::text AS t
   FROM private.my_tenant_ids() t(t))) AND private.object_allowed(bucket_id, name, 'delete'::text)));


--
-- Name: objects ifarm members overwrite the media they may change; Type: POLICY; Schema: storage; Owner: -
--

CREATE POLICY "ifarm members overwrite the media they may change" ON storage.objects FOR UPDATE TO authenticated USING (((bucket_id = ANY (private.media_buckets())) AND ((storage.foldername(name))[1] IN ( SELECT (t.t)::text AS t
   FROM private.my_tenant_ids() t(t))) AND private.object_allowed(bucket_id, name, 'write'::text))) WITH CHECK (((bucket_id = ANY (private.media_buckets())) AND private.object_allowed(bucket_id, name, 'write'::text)));


--
-- Name: objects ifarm members read the media they may see; Type: POLICY; Schema: storage; Owner: -
--

CREATE POLICY "ifarm members read the media they may see" ON storage.objects FOR SELECT TO authenticated USING (((bucket_id = ANY (private.media_buckets())) AND ((storage.foldername(name))[1] IN ( SELECT (t.t)::text AS t
   FROM private.my_tenant_ids() t(t))) AND private.object_allowed(bucket_id, name, 'read'::text)));


--
-- Name: objects ifarm members upload the media they added; Type: POLICY; Schema: storage; Owner: -
--

CREATE POLICY "ifarm members upload the media they added" ON storage.objects FOR INSERT TO authenticated WITH CHECK (((bucket_id = ANY (private.media_buckets())) AND ((storage.foldername(name))[1] IN ( SELECT (t.t)::text AS t
   FROM private.my_tenant_ids() t(t))) AND private.object_allowed(bucket_id, name, 'write'::text)));


--
-- Name: objects; Type: ROW SECURITY; Schema: storage; Owner: -
--

ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;

--
-- Name: buckets signed-in users read ifarm's buckets; Type: POLICY; Schema: storage; Owner: -
--

CREATE POLICY "signed-in users read ifarm's buckets" ON storage.buckets FOR SELECT TO authenticated USING ((id = ANY (private.media_buckets())));


--
-- Name: SCHEMA api; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA api TO anon;
GRANT USAGE ON SCHEMA api TO authenticated;
GRANT USAGE ON SCHEMA api TO service_role;


--
-- Name: SCHEMA audit; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA audit TO authenticated;
GRANT USAGE ON SCHEMA audit TO service_role;


--
-- Name: SCHEMA auth; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA auth TO anon;
GRANT USAGE ON SCHEMA auth TO authenticated;
GRANT USAGE ON SCHEMA auth TO service_role;


--
-- Name: SCHEMA outbox; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA outbox TO authenticated;
GRANT USAGE ON SCHEMA outbox TO anon;
GRANT USAGE ON SCHEMA outbox TO service_role;


--
-- Name: SCHEMA private; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA private TO anon;
GRANT USAGE ON SCHEMA private TO authenticated;
GRANT USAGE ON SCHEMA private TO service_role;
GRANT USAGE ON SCHEMA private TO authenticator;


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA public TO anon;
GRANT USAGE ON SCHEMA public TO authenticated;
GRANT USAGE ON SCHEMA public TO service_role;


--
-- Name: SCHEMA storage; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA storage TO anon;
GRANT USAGE ON SCHEMA storage TO authenticated;
GRANT USAGE ON SCHEMA storage TO service_role;


--
-- Name: FUNCTION accept_invitation(token text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.accept_invitation(token text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.accept_invitation(token text) TO authenticated;
GRANT ALL ON FUNCTION api.accept_invitation(token text) TO service_role;


--
-- Name: FUNCTION animal_breeding_records(tenant_id uuid, animal_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.animal_breeding_records(tenant_id uuid, animal_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.animal_breeding_records(tenant_id uuid, animal_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.animal_breeding_records(tenant_id uuid, animal_id uuid) TO service_role;


--
-- Name: FUNCTION animal_growth(tenant_id uuid, animal_id uuid, from_date date, to_date date); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.animal_growth(tenant_id uuid, animal_id uuid, from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION api.animal_growth(tenant_id uuid, animal_id uuid, from_date date, to_date date) TO authenticated;
GRANT ALL ON FUNCTION api.animal_growth(tenant_id uuid, animal_id uuid, from_date date, to_date date) TO service_role;


--
-- Name: FUNCTION animal_health_records(tenant_id uuid, animal_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.animal_health_records(tenant_id uuid, animal_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.animal_health_records(tenant_id uuid, animal_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.animal_health_records(tenant_id uuid, animal_id uuid) TO service_role;


--
-- Name: FUNCTION animal_production_history(tenant_id uuid, animal_id uuid, "limit" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.animal_production_history(tenant_id uuid, animal_id uuid, "limit" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.animal_production_history(tenant_id uuid, animal_id uuid, "limit" integer) TO authenticated;
GRANT ALL ON FUNCTION api.animal_production_history(tenant_id uuid, animal_id uuid, "limit" integer) TO service_role;


--
-- Name: FUNCTION approve_expense(tenant_id uuid, expense_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.approve_expense(tenant_id uuid, expense_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.approve_expense(tenant_id uuid, expense_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.approve_expense(tenant_id uuid, expense_id uuid) TO service_role;


--
-- Name: FUNCTION average_daily_gain(tenant_id uuid, from_date date, to_date date, farm_id uuid, species text, location_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.average_daily_gain(tenant_id uuid, from_date date, to_date date, farm_id uuid, species text, location_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.average_daily_gain(tenant_id uuid, from_date date, to_date date, farm_id uuid, species text, location_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.average_daily_gain(tenant_id uuid, from_date date, to_date date, farm_id uuid, species text, location_id uuid) TO service_role;


--
-- Name: FUNCTION births_due(tenant_id uuid, within_days integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.births_due(tenant_id uuid, within_days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.births_due(tenant_id uuid, within_days integer) TO authenticated;
GRANT ALL ON FUNCTION api.births_due(tenant_id uuid, within_days integer) TO service_role;


--
-- Name: FUNCTION cancel_subscription(tenant_id uuid, at_period_end boolean); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.cancel_subscription(tenant_id uuid, at_period_end boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION api.cancel_subscription(tenant_id uuid, at_period_end boolean) TO authenticated;
GRANT ALL ON FUNCTION api.cancel_subscription(tenant_id uuid, at_period_end boolean) TO service_role;


--
-- Name: FUNCTION change_animal_status(tenant_id uuid, animal_id uuid, status text, exit_date date, exit_reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.change_animal_status(tenant_id uuid, animal_id uuid, status text, exit_date date, exit_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.change_animal_status(tenant_id uuid, animal_id uuid, status text, exit_date date, exit_reason text) TO authenticated;
GRANT ALL ON FUNCTION api.change_animal_status(tenant_id uuid, animal_id uuid, status text, exit_date date, exit_reason text) TO service_role;


--
-- Name: FUNCTION change_member_role(tenant_id uuid, user_id uuid, role text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) TO authenticated;
GRANT ALL ON FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) TO service_role;


--
-- Name: FUNCTION change_plan(tenant_id uuid, plan_code text, billing_cycle text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.change_plan(tenant_id uuid, plan_code text, billing_cycle text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.change_plan(tenant_id uuid, plan_code text, billing_cycle text) TO authenticated;
GRANT ALL ON FUNCTION api.change_plan(tenant_id uuid, plan_code text, billing_cycle text) TO service_role;


--
-- Name: FUNCTION correct_expense(tenant_id uuid, expense_id uuid, amount_change numeric, reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.correct_expense(tenant_id uuid, expense_id uuid, amount_change numeric, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.correct_expense(tenant_id uuid, expense_id uuid, amount_change numeric, reason text) TO authenticated;
GRANT ALL ON FUNCTION api.correct_expense(tenant_id uuid, expense_id uuid, amount_change numeric, reason text) TO service_role;


--
-- Name: FUNCTION correct_production(tenant_id uuid, record_id uuid, quantity numeric, reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.correct_production(tenant_id uuid, record_id uuid, quantity numeric, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.correct_production(tenant_id uuid, record_id uuid, quantity numeric, reason text) TO authenticated;
GRANT ALL ON FUNCTION api.correct_production(tenant_id uuid, record_id uuid, quantity numeric, reason text) TO service_role;


--
-- Name: FUNCTION create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text, name text, breed_id uuid, birth_date date, acquisition text, acquired_on date, acquisition_cost numeric, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text, tags jsonb); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text, name text, breed_id uuid, birth_date date, acquisition text, acquired_on date, acquisition_cost numeric, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text, tags jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text, name text, breed_id uuid, birth_date date, acquisition text, acquired_on date, acquisition_cost numeric, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text, tags jsonb) TO authenticated;
GRANT ALL ON FUNCTION api.create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text, name text, breed_id uuid, birth_date date, acquisition text, acquired_on date, acquisition_cost numeric, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text, tags jsonb) TO service_role;


--
-- Name: FUNCTION create_breed(tenant_id uuid, species text, name text, gestation_days integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_breed(tenant_id uuid, species text, name text, gestation_days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_breed(tenant_id uuid, species text, name text, gestation_days integer) TO authenticated;
GRANT ALL ON FUNCTION api.create_breed(tenant_id uuid, species text, name text, gestation_days integer) TO service_role;


--
-- Name: FUNCTION create_counterparty(tenant_id uuid, name text, kind text, phone text, email text, tax_id text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_counterparty(tenant_id uuid, name text, kind text, phone text, email text, tax_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_counterparty(tenant_id uuid, name text, kind text, phone text, email text, tax_id text) TO authenticated;
GRANT ALL ON FUNCTION api.create_counterparty(tenant_id uuid, name text, kind text, phone text, email text, tax_id text) TO service_role;


--
-- Name: FUNCTION create_expense(tenant_id uuid, farm_id uuid, category_id uuid, amount numeric, description text, spent_on date, vendor_id uuid, currency text, allocate_to jsonb, submit boolean); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_expense(tenant_id uuid, farm_id uuid, category_id uuid, amount numeric, description text, spent_on date, vendor_id uuid, currency text, allocate_to jsonb, submit boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_expense(tenant_id uuid, farm_id uuid, category_id uuid, amount numeric, description text, spent_on date, vendor_id uuid, currency text, allocate_to jsonb, submit boolean) TO authenticated;
GRANT ALL ON FUNCTION api.create_expense(tenant_id uuid, farm_id uuid, category_id uuid, amount numeric, description text, spent_on date, vendor_id uuid, currency text, allocate_to jsonb, submit boolean) TO service_role;


--
-- Name: FUNCTION create_expense_category(tenant_id uuid, code text, name text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_expense_category(tenant_id uuid, code text, name text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_expense_category(tenant_id uuid, code text, name text) TO authenticated;
GRANT ALL ON FUNCTION api.create_expense_category(tenant_id uuid, code text, name text) TO service_role;


--
-- Name: FUNCTION create_farm(tenant_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_farm(tenant_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_farm(tenant_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) TO authenticated;
GRANT ALL ON FUNCTION api.create_farm(tenant_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) TO service_role;


--
-- Name: FUNCTION create_group(tenant_id uuid, farm_id uuid, name text, species text, female_count integer, male_count integer, unknown_count integer, purpose text, location_id uuid, started_on date); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_group(tenant_id uuid, farm_id uuid, name text, species text, female_count integer, male_count integer, unknown_count integer, purpose text, location_id uuid, started_on date) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_group(tenant_id uuid, farm_id uuid, name text, species text, female_count integer, male_count integer, unknown_count integer, purpose text, location_id uuid, started_on date) TO authenticated;
GRANT ALL ON FUNCTION api.create_group(tenant_id uuid, farm_id uuid, name text, species text, female_count integer, male_count integer, unknown_count integer, purpose text, location_id uuid, started_on date) TO service_role;


--
-- Name: FUNCTION create_invoice(tenant_id uuid, customer_id uuid, lines jsonb, animal_sale_ids jsonb, product_sale_ids jsonb, tax_rate numeric, due_on date, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_invoice(tenant_id uuid, customer_id uuid, lines jsonb, animal_sale_ids jsonb, product_sale_ids jsonb, tax_rate numeric, due_on date, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_invoice(tenant_id uuid, customer_id uuid, lines jsonb, animal_sale_ids jsonb, product_sale_ids jsonb, tax_rate numeric, due_on date, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.create_invoice(tenant_id uuid, customer_id uuid, lines jsonb, animal_sale_ids jsonb, product_sale_ids jsonb, tax_rate numeric, due_on date, notes text) TO service_role;


--
-- Name: FUNCTION create_location(tenant_id uuid, farm_id uuid, name text, kind text, capacity integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_location(tenant_id uuid, farm_id uuid, name text, kind text, capacity integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_location(tenant_id uuid, farm_id uuid, name text, kind text, capacity integer) TO authenticated;
GRANT ALL ON FUNCTION api.create_location(tenant_id uuid, farm_id uuid, name text, kind text, capacity integer) TO service_role;


--
-- Name: FUNCTION create_media(tenant_id uuid, content_type text, animal_id uuid, farm_id uuid, user_id uuid, invoice_id uuid, expense_id uuid, document_type text, title text, file_name text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_media(tenant_id uuid, content_type text, animal_id uuid, farm_id uuid, user_id uuid, invoice_id uuid, expense_id uuid, document_type text, title text, file_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_media(tenant_id uuid, content_type text, animal_id uuid, farm_id uuid, user_id uuid, invoice_id uuid, expense_id uuid, document_type text, title text, file_name text) TO authenticated;
GRANT ALL ON FUNCTION api.create_media(tenant_id uuid, content_type text, animal_id uuid, farm_id uuid, user_id uuid, invoice_id uuid, expense_id uuid, document_type text, title text, file_name text) TO service_role;


--
-- Name: FUNCTION create_tenant(name text, slug text, country text, currency text, timezone text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_tenant(name text, slug text, country text, currency text, timezone text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_tenant(name text, slug text, country text, currency text, timezone text) TO authenticated;
GRANT ALL ON FUNCTION api.create_tenant(name text, slug text, country text, currency text, timezone text) TO service_role;


--
-- Name: FUNCTION dashboard_activities(tenant_id uuid, "limit" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.dashboard_activities(tenant_id uuid, "limit" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.dashboard_activities(tenant_id uuid, "limit" integer) TO authenticated;
GRANT ALL ON FUNCTION api.dashboard_activities(tenant_id uuid, "limit" integer) TO service_role;


--
-- Name: FUNCTION dashboard_analytics(tenant_id uuid, days integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.dashboard_analytics(tenant_id uuid, days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.dashboard_analytics(tenant_id uuid, days integer) TO authenticated;
GRANT ALL ON FUNCTION api.dashboard_analytics(tenant_id uuid, days integer) TO service_role;


--
-- Name: FUNCTION dashboard_animals(tenant_id uuid, page integer, page_size integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.dashboard_animals(tenant_id uuid, page integer, page_size integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.dashboard_animals(tenant_id uuid, page integer, page_size integer) TO authenticated;
GRANT ALL ON FUNCTION api.dashboard_animals(tenant_id uuid, page integer, page_size integer) TO service_role;


--
-- Name: FUNCTION dashboard_financial_summary(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.dashboard_financial_summary(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.dashboard_financial_summary(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.dashboard_financial_summary(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION dashboard_recent_sales(tenant_id uuid, "limit" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.dashboard_recent_sales(tenant_id uuid, "limit" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.dashboard_recent_sales(tenant_id uuid, "limit" integer) TO authenticated;
GRANT ALL ON FUNCTION api.dashboard_recent_sales(tenant_id uuid, "limit" integer) TO service_role;


--
-- Name: FUNCTION dashboard_stats(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.dashboard_stats(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.dashboard_stats(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.dashboard_stats(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION delete_animal(tenant_id uuid, animal_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_animal(tenant_id uuid, animal_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_animal(tenant_id uuid, animal_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.delete_animal(tenant_id uuid, animal_id uuid) TO service_role;


--
-- Name: FUNCTION delete_expense(tenant_id uuid, expense_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_expense(tenant_id uuid, expense_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_expense(tenant_id uuid, expense_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.delete_expense(tenant_id uuid, expense_id uuid) TO service_role;


--
-- Name: FUNCTION delete_farm(tenant_id uuid, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_farm(tenant_id uuid, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_farm(tenant_id uuid, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.delete_farm(tenant_id uuid, farm_id uuid) TO service_role;


--
-- Name: FUNCTION delete_location(tenant_id uuid, location_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_location(tenant_id uuid, location_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_location(tenant_id uuid, location_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.delete_location(tenant_id uuid, location_id uuid) TO service_role;


--
-- Name: FUNCTION delete_media(tenant_id uuid, media_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_media(tenant_id uuid, media_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_media(tenant_id uuid, media_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.delete_media(tenant_id uuid, media_id uuid) TO service_role;


--
-- Name: FUNCTION dry_off(tenant_id uuid, animal_id uuid, dried_off_on date); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.dry_off(tenant_id uuid, animal_id uuid, dried_off_on date) FROM PUBLIC;
GRANT ALL ON FUNCTION api.dry_off(tenant_id uuid, animal_id uuid, dried_off_on date) TO authenticated;
GRANT ALL ON FUNCTION api.dry_off(tenant_id uuid, animal_id uuid, dried_off_on date) TO service_role;


--
-- Name: FUNCTION expense_summary(tenant_id uuid, from_date date, to_date date, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.expense_summary(tenant_id uuid, from_date date, to_date date, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.expense_summary(tenant_id uuid, from_date date, to_date date, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.expense_summary(tenant_id uuid, from_date date, to_date date, farm_id uuid) TO service_role;


--
-- Name: FUNCTION get_animal(tenant_id uuid, animal_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.get_animal(tenant_id uuid, animal_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.get_animal(tenant_id uuid, animal_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.get_animal(tenant_id uuid, animal_id uuid) TO service_role;


--
-- Name: FUNCTION get_expense(tenant_id uuid, expense_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.get_expense(tenant_id uuid, expense_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.get_expense(tenant_id uuid, expense_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.get_expense(tenant_id uuid, expense_id uuid) TO service_role;


--
-- Name: FUNCTION get_invoice(tenant_id uuid, invoice_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.get_invoice(tenant_id uuid, invoice_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.get_invoice(tenant_id uuid, invoice_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.get_invoice(tenant_id uuid, invoice_id uuid) TO service_role;


--
-- Name: FUNCTION get_media(tenant_id uuid, media_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.get_media(tenant_id uuid, media_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.get_media(tenant_id uuid, media_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.get_media(tenant_id uuid, media_id uuid) TO service_role;


--
-- Name: FUNCTION get_my_profile(); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.get_my_profile() FROM PUBLIC;
GRANT ALL ON FUNCTION api.get_my_profile() TO authenticated;
GRANT ALL ON FUNCTION api.get_my_profile() TO service_role;


--
-- Name: FUNCTION get_subscription(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.get_subscription(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.get_subscription(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.get_subscription(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION get_tenant(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.get_tenant(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.get_tenant(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.get_tenant(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) TO service_role;


--
-- Name: FUNCTION invite_member(tenant_id uuid, email text, role text, valid_days integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.invite_member(tenant_id uuid, email text, role text, valid_days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.invite_member(tenant_id uuid, email text, role text, valid_days integer) TO authenticated;
GRANT ALL ON FUNCTION api.invite_member(tenant_id uuid, email text, role text, valid_days integer) TO service_role;


--
-- Name: FUNCTION issue_invoice(tenant_id uuid, invoice_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.issue_invoice(tenant_id uuid, invoice_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.issue_invoice(tenant_id uuid, invoice_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.issue_invoice(tenant_id uuid, invoice_id uuid) TO service_role;


--
-- Name: FUNCTION list_activities(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_activities(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_activities(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_activities(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_animals(tenant_id uuid, farm_id uuid, species text, status text, sex text, search text, born_from date, born_to date, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_animals(tenant_id uuid, farm_id uuid, species text, status text, sex text, search text, born_from date, born_to date, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_animals(tenant_id uuid, farm_id uuid, species text, status text, sex text, search text, born_from date, born_to date, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_animals(tenant_id uuid, farm_id uuid, species text, status text, sex text, search text, born_from date, born_to date, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_approval_limits(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_approval_limits(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_approval_limits(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_approval_limits(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION list_audit_log(tenant_id uuid, table_name text, row_id text, user_id uuid, from_at timestamp with time zone, to_at timestamp with time zone, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_audit_log(tenant_id uuid, table_name text, row_id text, user_id uuid, from_at timestamp with time zone, to_at timestamp with time zone, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_audit_log(tenant_id uuid, table_name text, row_id text, user_id uuid, from_at timestamp with time zone, to_at timestamp with time zone, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_audit_log(tenant_id uuid, table_name text, row_id text, user_id uuid, from_at timestamp with time zone, to_at timestamp with time zone, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_breeds(tenant_id uuid, species text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_breeds(tenant_id uuid, species text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_breeds(tenant_id uuid, species text) TO authenticated;
GRANT ALL ON FUNCTION api.list_breeds(tenant_id uuid, species text) TO service_role;


--
-- Name: FUNCTION list_counterparties(tenant_id uuid, kind text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_counterparties(tenant_id uuid, kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_counterparties(tenant_id uuid, kind text) TO authenticated;
GRANT ALL ON FUNCTION api.list_counterparties(tenant_id uuid, kind text) TO service_role;


--
-- Name: FUNCTION list_expense_categories(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_expense_categories(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_expense_categories(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_expense_categories(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION list_expenses(tenant_id uuid, status text, farm_id uuid, category_id uuid, from_date date, to_date date, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_expenses(tenant_id uuid, status text, farm_id uuid, category_id uuid, from_date date, to_date date, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_expenses(tenant_id uuid, status text, farm_id uuid, category_id uuid, from_date date, to_date date, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_expenses(tenant_id uuid, status text, farm_id uuid, category_id uuid, from_date date, to_date date, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_farms(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_farms(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_farms(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_farms(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION list_group_events(tenant_id uuid, group_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_group_events(tenant_id uuid, group_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_group_events(tenant_id uuid, group_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_group_events(tenant_id uuid, group_id uuid) TO service_role;


--
-- Name: FUNCTION list_groups(tenant_id uuid, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_groups(tenant_id uuid, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_groups(tenant_id uuid, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_groups(tenant_id uuid, farm_id uuid) TO service_role;


--
-- Name: FUNCTION list_health_checks(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_health_checks(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_health_checks(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_health_checks(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_health_events(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, kind text, "from" date, "to" date, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_health_events(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, kind text, "from" date, "to" date, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_health_events(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, kind text, "from" date, "to" date, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_health_events(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, kind text, "from" date, "to" date, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_invitations(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_invitations(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_invitations(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_invitations(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION list_invoices(tenant_id uuid, status text, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_invoices(tenant_id uuid, status text, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_invoices(tenant_id uuid, status text, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_invoices(tenant_id uuid, status text, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_locations(tenant_id uuid, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_locations(tenant_id uuid, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_locations(tenant_id uuid, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_locations(tenant_id uuid, farm_id uuid) TO service_role;


--
-- Name: FUNCTION list_media(tenant_id uuid, animal_id uuid, farm_id uuid, user_id uuid, invoice_id uuid, expense_id uuid, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_media(tenant_id uuid, animal_id uuid, farm_id uuid, user_id uuid, invoice_id uuid, expense_id uuid, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_media(tenant_id uuid, animal_id uuid, farm_id uuid, user_id uuid, invoice_id uuid, expense_id uuid, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_media(tenant_id uuid, animal_id uuid, farm_id uuid, user_id uuid, invoice_id uuid, expense_id uuid, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_members(tenant_id uuid, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_members(tenant_id uuid, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_members(tenant_id uuid, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_members(tenant_id uuid, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_movements(tenant_id uuid, animal_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_movements(tenant_id uuid, animal_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_movements(tenant_id uuid, animal_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_movements(tenant_id uuid, animal_id uuid) TO service_role;


--
-- Name: FUNCTION list_my_tenants(); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_my_tenants() FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_my_tenants() TO authenticated;
GRANT ALL ON FUNCTION api.list_my_tenants() TO service_role;


--
-- Name: FUNCTION list_production(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, product text, "from" date, "to" date, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_production(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, product text, "from" date, "to" date, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_production(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, product text, "from" date, "to" date, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_production(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, product text, "from" date, "to" date, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_sales(tenant_id uuid, from_date date, to_date date, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_sales(tenant_id uuid, from_date date, to_date date, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_sales(tenant_id uuid, from_date date, to_date date, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_sales(tenant_id uuid, from_date date, to_date date, farm_id uuid) TO service_role;


--
-- Name: FUNCTION list_treatments(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_treatments(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_treatments(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_treatments(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_vaccinations(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_vaccinations(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_vaccinations(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_vaccinations(tenant_id uuid, farm_id uuid, animal_id uuid, group_id uuid, "from" date, "to" date, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION mark_expense_paid(tenant_id uuid, expense_id uuid, payment_reference text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.mark_expense_paid(tenant_id uuid, expense_id uuid, payment_reference text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.mark_expense_paid(tenant_id uuid, expense_id uuid, payment_reference text) TO authenticated;
GRANT ALL ON FUNCTION api.mark_expense_paid(tenant_id uuid, expense_id uuid, payment_reference text) TO service_role;


--
-- Name: FUNCTION move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid, to_location_id uuid, moved_at timestamp with time zone, reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid, to_location_id uuid, moved_at timestamp with time zone, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid, to_location_id uuid, moved_at timestamp with time zone, reason text) TO authenticated;
GRANT ALL ON FUNCTION api.move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid, to_location_id uuid, moved_at timestamp with time zone, reason text) TO service_role;


--
-- Name: FUNCTION my_permissions(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.my_permissions(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.my_permissions(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.my_permissions(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION record_activity(tenant_id uuid, activity_type text, animal_id uuid, group_id uuid, performed_at timestamp with time zone, performed_by uuid, duration_minutes integer, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_activity(tenant_id uuid, activity_type text, animal_id uuid, group_id uuid, performed_at timestamp with time zone, performed_by uuid, duration_minutes integer, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_activity(tenant_id uuid, activity_type text, animal_id uuid, group_id uuid, performed_at timestamp with time zone, performed_by uuid, duration_minutes integer, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.record_activity(tenant_id uuid, activity_type text, animal_id uuid, group_id uuid, performed_at timestamp with time zone, performed_by uuid, duration_minutes integer, notes text) TO service_role;


--
-- Name: FUNCTION record_animal_sale(tenant_id uuid, price numeric, animal_id uuid, group_id uuid, female integer, male integer, unknown integer, sold_on date, buyer_id uuid, weight_kg numeric, for_slaughter boolean); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_animal_sale(tenant_id uuid, price numeric, animal_id uuid, group_id uuid, female integer, male integer, unknown integer, sold_on date, buyer_id uuid, weight_kg numeric, for_slaughter boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_animal_sale(tenant_id uuid, price numeric, animal_id uuid, group_id uuid, female integer, male integer, unknown integer, sold_on date, buyer_id uuid, weight_kg numeric, for_slaughter boolean) TO authenticated;
GRANT ALL ON FUNCTION api.record_animal_sale(tenant_id uuid, price numeric, animal_id uuid, group_id uuid, female integer, male integer, unknown integer, sold_on date, buyer_id uuid, weight_kg numeric, for_slaughter boolean) TO service_role;


--
-- Name: FUNCTION record_birth(tenant_id uuid, dam_id uuid, born_on date, offspring jsonb, sire_id uuid, service_id uuid, stillborn_count integer, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_birth(tenant_id uuid, dam_id uuid, born_on date, offspring jsonb, sire_id uuid, service_id uuid, stillborn_count integer, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_birth(tenant_id uuid, dam_id uuid, born_on date, offspring jsonb, sire_id uuid, service_id uuid, stillborn_count integer, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.record_birth(tenant_id uuid, dam_id uuid, born_on date, offspring jsonb, sire_id uuid, service_id uuid, stillborn_count integer, notes text) TO service_role;


--
-- Name: FUNCTION record_group_event(tenant_id uuid, group_id uuid, event_type text, female integer, male integer, unknown integer, occurred_on date, note text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_group_event(tenant_id uuid, group_id uuid, event_type text, female integer, male integer, unknown integer, occurred_on date, note text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_group_event(tenant_id uuid, group_id uuid, event_type text, female integer, male integer, unknown integer, occurred_on date, note text) TO authenticated;
GRANT ALL ON FUNCTION api.record_group_event(tenant_id uuid, group_id uuid, event_type text, female integer, male integer, unknown integer, occurred_on date, note text) TO service_role;


--
-- Name: FUNCTION record_health_check(tenant_id uuid, animal_id uuid, group_id uuid, checked_on date, temperature_c numeric, body_condition_score numeric, diagnosis text, is_sick boolean, vet_name text, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_health_check(tenant_id uuid, animal_id uuid, group_id uuid, checked_on date, temperature_c numeric, body_condition_score numeric, diagnosis text, is_sick boolean, vet_name text, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_health_check(tenant_id uuid, animal_id uuid, group_id uuid, checked_on date, temperature_c numeric, body_condition_score numeric, diagnosis text, is_sick boolean, vet_name text, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.record_health_check(tenant_id uuid, animal_id uuid, group_id uuid, checked_on date, temperature_c numeric, body_condition_score numeric, diagnosis text, is_sick boolean, vet_name text, notes text) TO service_role;


--
-- Name: FUNCTION record_payment(tenant_id uuid, invoice_id uuid, amount numeric, paid_on date, method text, reference text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_payment(tenant_id uuid, invoice_id uuid, amount numeric, paid_on date, method text, reference text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_payment(tenant_id uuid, invoice_id uuid, amount numeric, paid_on date, method text, reference text) TO authenticated;
GRANT ALL ON FUNCTION api.record_payment(tenant_id uuid, invoice_id uuid, amount numeric, paid_on date, method text, reference text) TO service_role;


--
-- Name: FUNCTION record_pregnancy_check(tenant_id uuid, service_id uuid, checked_on date, result text, method text, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_pregnancy_check(tenant_id uuid, service_id uuid, checked_on date, result text, method text, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_pregnancy_check(tenant_id uuid, service_id uuid, checked_on date, result text, method text, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.record_pregnancy_check(tenant_id uuid, service_id uuid, checked_on date, result text, method text, notes text) TO service_role;


--
-- Name: FUNCTION record_product_sale(tenant_id uuid, farm_id uuid, product text, quantity numeric, unit text, unit_price numeric, sold_on date, buyer_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_product_sale(tenant_id uuid, farm_id uuid, product text, quantity numeric, unit text, unit_price numeric, sold_on date, buyer_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_product_sale(tenant_id uuid, farm_id uuid, product text, quantity numeric, unit text, unit_price numeric, sold_on date, buyer_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.record_product_sale(tenant_id uuid, farm_id uuid, product text, quantity numeric, unit text, unit_price numeric, sold_on date, buyer_id uuid) TO service_role;


--
-- Name: FUNCTION record_production(tenant_id uuid, product text, quantity numeric, unit text, animal_id uuid, group_id uuid, recorded_on date, session text, fat_pct numeric, protein_pct numeric, somatic_cell_count integer, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_production(tenant_id uuid, product text, quantity numeric, unit text, animal_id uuid, group_id uuid, recorded_on date, session text, fat_pct numeric, protein_pct numeric, somatic_cell_count integer, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_production(tenant_id uuid, product text, quantity numeric, unit text, animal_id uuid, group_id uuid, recorded_on date, session text, fat_pct numeric, protein_pct numeric, somatic_cell_count integer, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.record_production(tenant_id uuid, product text, quantity numeric, unit text, animal_id uuid, group_id uuid, recorded_on date, session text, fat_pct numeric, protein_pct numeric, somatic_cell_count integer, notes text) TO service_role;


--
-- Name: FUNCTION record_production_bulk(tenant_id uuid, records jsonb); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_production_bulk(tenant_id uuid, records jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_production_bulk(tenant_id uuid, records jsonb) TO authenticated;
GRANT ALL ON FUNCTION api.record_production_bulk(tenant_id uuid, records jsonb) TO service_role;


--
-- Name: FUNCTION record_service(tenant_id uuid, dam_id uuid, served_on date, method text, sire_id uuid, semen_straw_id text, technician text, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_service(tenant_id uuid, dam_id uuid, served_on date, method text, sire_id uuid, semen_straw_id text, technician text, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_service(tenant_id uuid, dam_id uuid, served_on date, method text, sire_id uuid, semen_straw_id text, technician text, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.record_service(tenant_id uuid, dam_id uuid, served_on date, method text, sire_id uuid, semen_straw_id text, technician text, notes text) TO service_role;


--
-- Name: FUNCTION record_subscription_payment(invoice_id uuid, succeeded boolean, reference text, error text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_subscription_payment(invoice_id uuid, succeeded boolean, reference text, error text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_subscription_payment(invoice_id uuid, succeeded boolean, reference text, error text) TO service_role;


--
-- Name: FUNCTION record_treatment(tenant_id uuid, medicine text, course_start date, animal_id uuid, group_id uuid, course_end date, dose text, route text, diagnosis text, is_cascade boolean, meat_withdrawal_days integer, milk_withdrawal_days integer, eggs_withdrawal_days integer, meat_withdrawal_hours integer, milk_withdrawal_hours integer, eggs_withdrawal_hours integer, vet_name text, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_treatment(tenant_id uuid, medicine text, course_start date, animal_id uuid, group_id uuid, course_end date, dose text, route text, diagnosis text, is_cascade boolean, meat_withdrawal_days integer, milk_withdrawal_days integer, eggs_withdrawal_days integer, meat_withdrawal_hours integer, milk_withdrawal_hours integer, eggs_withdrawal_hours integer, vet_name text, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_treatment(tenant_id uuid, medicine text, course_start date, animal_id uuid, group_id uuid, course_end date, dose text, route text, diagnosis text, is_cascade boolean, meat_withdrawal_days integer, milk_withdrawal_days integer, eggs_withdrawal_days integer, meat_withdrawal_hours integer, milk_withdrawal_hours integer, eggs_withdrawal_hours integer, vet_name text, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.record_treatment(tenant_id uuid, medicine text, course_start date, animal_id uuid, group_id uuid, course_end date, dose text, route text, diagnosis text, is_cascade boolean, meat_withdrawal_days integer, milk_withdrawal_days integer, eggs_withdrawal_days integer, meat_withdrawal_hours integer, milk_withdrawal_hours integer, eggs_withdrawal_hours integer, vet_name text, notes text) TO service_role;


--
-- Name: FUNCTION record_vaccination(tenant_id uuid, vaccine text, animal_id uuid, group_id uuid, given_on date, dose text, batch_number text, next_due_on date, vet_name text, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_vaccination(tenant_id uuid, vaccine text, animal_id uuid, group_id uuid, given_on date, dose text, batch_number text, next_due_on date, vet_name text, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_vaccination(tenant_id uuid, vaccine text, animal_id uuid, group_id uuid, given_on date, dose text, batch_number text, next_due_on date, vet_name text, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.record_vaccination(tenant_id uuid, vaccine text, animal_id uuid, group_id uuid, given_on date, dose text, batch_number text, next_due_on date, vet_name text, notes text) TO service_role;


--
-- Name: FUNCTION record_weight(tenant_id uuid, animal_id uuid, weight_kg numeric, weighed_on date, method text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_weight(tenant_id uuid, animal_id uuid, weight_kg numeric, weighed_on date, method text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_weight(tenant_id uuid, animal_id uuid, weight_kg numeric, weighed_on date, method text) TO authenticated;
GRANT ALL ON FUNCTION api.record_weight(tenant_id uuid, animal_id uuid, weight_kg numeric, weighed_on date, method text) TO service_role;


--
-- Name: FUNCTION reject_expense(tenant_id uuid, expense_id uuid, reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.reject_expense(tenant_id uuid, expense_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.reject_expense(tenant_id uuid, expense_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION api.reject_expense(tenant_id uuid, expense_id uuid, reason text) TO service_role;


--
-- Name: FUNCTION remove_member(tenant_id uuid, user_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.remove_member(tenant_id uuid, user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.remove_member(tenant_id uuid, user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.remove_member(tenant_id uuid, user_id uuid) TO service_role;


--
-- Name: FUNCTION repeat_heat_watch(tenant_id uuid, as_of date); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.repeat_heat_watch(tenant_id uuid, as_of date) FROM PUBLIC;
GRANT ALL ON FUNCTION api.repeat_heat_watch(tenant_id uuid, as_of date) TO authenticated;
GRANT ALL ON FUNCTION api.repeat_heat_watch(tenant_id uuid, as_of date) TO service_role;


--
-- Name: FUNCTION resume_subscription(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.resume_subscription(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.resume_subscription(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.resume_subscription(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) TO service_role;


--
-- Name: FUNCTION saleable_stock(tenant_id uuid, farm_id uuid, product text, unit text, as_of date); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.saleable_stock(tenant_id uuid, farm_id uuid, product text, unit text, as_of date) FROM PUBLIC;
GRANT ALL ON FUNCTION api.saleable_stock(tenant_id uuid, farm_id uuid, product text, unit text, as_of date) TO authenticated;
GRANT ALL ON FUNCTION api.saleable_stock(tenant_id uuid, farm_id uuid, product text, unit text, as_of date) TO service_role;


--
-- Name: FUNCTION set_approval_limit(tenant_id uuid, role text, max_amount numeric, allowed boolean); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.set_approval_limit(tenant_id uuid, role text, max_amount numeric, allowed boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION api.set_approval_limit(tenant_id uuid, role text, max_amount numeric, allowed boolean) TO authenticated;
GRANT ALL ON FUNCTION api.set_approval_limit(tenant_id uuid, role text, max_amount numeric, allowed boolean) TO service_role;


--
-- Name: FUNCTION submit_expense(tenant_id uuid, expense_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.submit_expense(tenant_id uuid, expense_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.submit_expense(tenant_id uuid, expense_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.submit_expense(tenant_id uuid, expense_id uuid) TO service_role;


--
-- Name: FUNCTION update_animal(tenant_id uuid, animal_id uuid, tag_number text, name text, breed_id uuid, sex text, birth_date date, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_animal(tenant_id uuid, animal_id uuid, tag_number text, name text, breed_id uuid, sex text, birth_date date, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_animal(tenant_id uuid, animal_id uuid, tag_number text, name text, breed_id uuid, sex text, birth_date date, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.update_animal(tenant_id uuid, animal_id uuid, tag_number text, name text, breed_id uuid, sex text, birth_date date, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text) TO service_role;


--
-- Name: FUNCTION update_expense(tenant_id uuid, expense_id uuid, amount numeric, description text, category_id uuid, vendor_id uuid, spent_on date, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_expense(tenant_id uuid, expense_id uuid, amount numeric, description text, category_id uuid, vendor_id uuid, spent_on date, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_expense(tenant_id uuid, expense_id uuid, amount numeric, description text, category_id uuid, vendor_id uuid, spent_on date, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.update_expense(tenant_id uuid, expense_id uuid, amount numeric, description text, category_id uuid, vendor_id uuid, spent_on date, farm_id uuid) TO service_role;


--
-- Name: FUNCTION update_farm(tenant_id uuid, farm_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_farm(tenant_id uuid, farm_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_farm(tenant_id uuid, farm_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) TO authenticated;
GRANT ALL ON FUNCTION api.update_farm(tenant_id uuid, farm_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) TO service_role;


--
-- Name: FUNCTION update_location(tenant_id uuid, location_id uuid, name text, kind text, capacity integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_location(tenant_id uuid, location_id uuid, name text, kind text, capacity integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_location(tenant_id uuid, location_id uuid, name text, kind text, capacity integer) TO authenticated;
GRANT ALL ON FUNCTION api.update_location(tenant_id uuid, location_id uuid, name text, kind text, capacity integer) TO service_role;


--
-- Name: FUNCTION update_my_profile(full_name text, phone text, avatar_url text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_my_profile(full_name text, phone text, avatar_url text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_my_profile(full_name text, phone text, avatar_url text) TO authenticated;
GRANT ALL ON FUNCTION api.update_my_profile(full_name text, phone text, avatar_url text) TO service_role;


--
-- Name: FUNCTION update_tenant(tenant_id uuid, name text, country text, currency text, timezone text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_tenant(tenant_id uuid, name text, country text, currency text, timezone text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_tenant(tenant_id uuid, name text, country text, currency text, timezone text) TO authenticated;
GRANT ALL ON FUNCTION api.update_tenant(tenant_id uuid, name text, country text, currency text, timezone text) TO service_role;


--
-- Name: FUNCTION void_invoice(tenant_id uuid, invoice_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.void_invoice(tenant_id uuid, invoice_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.void_invoice(tenant_id uuid, invoice_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.void_invoice(tenant_id uuid, invoice_id uuid) TO service_role;


--
-- Name: FUNCTION whoami(); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.whoami() FROM PUBLIC;
GRANT ALL ON FUNCTION api.whoami() TO authenticated;
GRANT ALL ON FUNCTION api.whoami() TO service_role;
GRANT ALL ON FUNCTION api.whoami() TO anon;


--
-- Name: FUNCTION withdraw_expense(tenant_id uuid, expense_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.withdraw_expense(tenant_id uuid, expense_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.withdraw_expense(tenant_id uuid, expense_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.withdraw_expense(tenant_id uuid, expense_id uuid) TO service_role;


--
-- Name: FUNCTION actor(OUT actor_id uuid, OUT actor_role text, OUT session_id text, OUT request_id text, OUT client_addr text); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.actor(OUT actor_id uuid, OUT actor_role text, OUT session_id text, OUT request_id text, OUT client_addr text) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.actor(OUT actor_id uuid, OUT actor_role text, OUT session_id text, OUT request_id text, OUT client_addr text) TO authenticated;
GRANT ALL ON FUNCTION audit.actor(OUT actor_id uuid, OUT actor_role text, OUT session_id text, OUT request_id text, OUT client_addr text) TO service_role;


--
-- Name: FUNCTION archive_partitions(p_as_of timestamp with time zone, p_retention_days integer); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.archive_partitions(p_as_of timestamp with time zone, p_retention_days integer) FROM PUBLIC;


--
-- Name: FUNCTION capture_rows(); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.capture_rows() FROM PUBLIC;


--
-- Name: FUNCTION capture_update(); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.capture_update() FROM PUBLIC;


--
-- Name: FUNCTION ensure_partitions(p_as_of timestamp with time zone, p_ahead integer); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.ensure_partitions(p_as_of timestamp with time zone, p_ahead integer) FROM PUBLIC;


--
-- Name: FUNCTION partition_name(p_month date); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.partition_name(p_month date) FROM PUBLIC;


--
-- Name: FUNCTION uuid7(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.uuid7() FROM PUBLIC;
GRANT ALL ON FUNCTION private.uuid7() TO anon;
GRANT ALL ON FUNCTION private.uuid7() TO authenticated;
GRANT ALL ON FUNCTION private.uuid7() TO service_role;


--
-- Name: TABLE log; Type: ACL; Schema: audit; Owner: -
--

GRANT SELECT ON TABLE audit.log TO authenticated;


--
-- Name: FUNCTION publish_security(p_entry audit.log, p_changed jsonb); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.publish_security(p_entry audit.log, p_changed jsonb) FROM PUBLIC;


--
-- Name: FUNCTION record(p_action text, p_actor_id uuid, p_client_addr text, p_details jsonb, p_session_id text); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.record(p_action text, p_actor_id uuid, p_client_addr text, p_details jsonb, p_session_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.record(p_action text, p_actor_id uuid, p_client_addr text, p_details jsonb, p_session_id text) TO service_role;


--
-- Name: FUNCTION refuse_change(); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.refuse_change() FROM PUBLIC;


--
-- Name: FUNCTION restore_partition(p_month date); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.restore_partition(p_month date) FROM PUBLIC;


--
-- Name: FUNCTION unaudited_tables(); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.unaudited_tables() FROM PUBLIC;


--
-- Name: FUNCTION email(); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.email() FROM PUBLIC;
GRANT ALL ON FUNCTION auth.email() TO anon;
GRANT ALL ON FUNCTION auth.email() TO authenticated;
GRANT ALL ON FUNCTION auth.email() TO service_role;


--
-- Name: FUNCTION jwt(); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.jwt() FROM PUBLIC;
GRANT ALL ON FUNCTION auth.jwt() TO anon;
GRANT ALL ON FUNCTION auth.jwt() TO authenticated;
GRANT ALL ON FUNCTION auth.jwt() TO service_role;


--
-- Name: FUNCTION role(); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.role() FROM PUBLIC;
GRANT ALL ON FUNCTION auth.role() TO anon;
GRANT ALL ON FUNCTION auth.role() TO authenticated;
GRANT ALL ON FUNCTION auth.role() TO service_role;


--
-- Name: FUNCTION uid(); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.uid() FROM PUBLIC;
GRANT ALL ON FUNCTION auth.uid() TO anon;
GRANT ALL ON FUNCTION auth.uid() TO authenticated;
GRANT ALL ON FUNCTION auth.uid() TO service_role;


--
-- Name: FUNCTION backlog(); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.backlog() FROM PUBLIC;
GRANT ALL ON FUNCTION outbox.backlog() TO anon;
GRANT ALL ON FUNCTION outbox.backlog() TO authenticated;
GRANT ALL ON FUNCTION outbox.backlog() TO service_role;


--
-- Name: FUNCTION begin_handling(p_consumer text, p_event_id uuid, p_type text, p_tenant_id uuid); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.begin_handling(p_consumer text, p_event_id uuid, p_type text, p_tenant_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION begin_handling_batch(p_consumer text, p_events jsonb); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.begin_handling_batch(p_consumer text, p_events jsonb) FROM PUBLIC;


--
-- Name: FUNCTION capture(); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.capture() FROM PUBLIC;


--
-- Name: FUNCTION capture_rows(); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.capture_rows() FROM PUBLIC;


--
-- Name: FUNCTION claim_batch(p_limit integer); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.claim_batch(p_limit integer) FROM PUBLIC;


--
-- Name: FUNCTION consumer_state(); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.consumer_state() FROM PUBLIC;
GRANT ALL ON FUNCTION outbox.consumer_state() TO anon;
GRANT ALL ON FUNCTION outbox.consumer_state() TO authenticated;
GRANT ALL ON FUNCTION outbox.consumer_state() TO service_role;


--
-- Name: FUNCTION event_types(); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.event_types() FROM PUBLIC;


--
-- Name: FUNCTION mark_failed(p_ids bigint[], p_error text); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.mark_failed(p_ids bigint[], p_error text) FROM PUBLIC;


--
-- Name: FUNCTION mark_published(p_ids bigint[]); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.mark_published(p_ids bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION publish(p_topic text, p_type text, p_tenant_id uuid, p_aggregate text, p_aggregate_id text, p_payload jsonb); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.publish(p_topic text, p_type text, p_tenant_id uuid, p_aggregate text, p_aggregate_id text, p_payload jsonb) FROM PUBLIC;


--
-- Name: FUNCTION record_dead_letter(p_consumer text, p_event_id uuid, p_topic text, p_partition integer, p_offset bigint, p_event jsonb, p_error text, p_attempts integer); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.record_dead_letter(p_consumer text, p_event_id uuid, p_topic text, p_partition integer, p_offset bigint, p_event jsonb, p_error text, p_attempts integer) FROM PUBLIC;


--
-- Name: FUNCTION record_lag(p_group text, p_partitions jsonb); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.record_lag(p_group text, p_partitions jsonb) FROM PUBLIC;


--
-- Name: FUNCTION security_events(); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.security_events() FROM PUBLIC;


--
-- Name: FUNCTION silent_tables(); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.silent_tables() FROM PUBLIC;


--
-- Name: FUNCTION sources(); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.sources() FROM PUBLIC;


--
-- Name: FUNCTION accessible_farm_ids(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.accessible_farm_ids(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.accessible_farm_ids(p_tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.accessible_farm_ids(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION add_finance_defaults(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.add_finance_defaults(p_tenant_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION aggregate_usage_metrics(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.aggregate_usage_metrics(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION animal_adg(p_tenant_id uuid, p_from date, p_to date); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.animal_adg(p_tenant_id uuid, p_from date, p_to date) FROM PUBLIC;
GRANT ALL ON FUNCTION private.animal_adg(p_tenant_id uuid, p_from date, p_to date) TO authenticated;
GRANT ALL ON FUNCTION private.animal_adg(p_tenant_id uuid, p_from date, p_to date) TO service_role;


--
-- Name: FUNCTION animal_health_status(p_tenant_id uuid, p_animal_id uuid, p_on date); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.animal_health_status(p_tenant_id uuid, p_animal_id uuid, p_on date) FROM PUBLIC;
GRANT ALL ON FUNCTION private.animal_health_status(p_tenant_id uuid, p_animal_id uuid, p_on date) TO authenticated;
GRANT ALL ON FUNCTION private.animal_health_status(p_tenant_id uuid, p_animal_id uuid, p_on date) TO service_role;


--
-- Name: TABLE animals; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.animals TO authenticated;
GRANT ALL ON TABLE public.animals TO service_role;


--
-- Name: COLUMN animals.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.location_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(location_id),UPDATE(location_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.tag_number; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tag_number),UPDATE(tag_number) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.species; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(species) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.breed_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(breed_id),UPDATE(breed_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.tenant_breed_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_breed_id),UPDATE(tenant_breed_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.sex; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(sex),UPDATE(sex) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.birth_date; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(birth_date),UPDATE(birth_date) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.status; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(status) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.exit_date; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(exit_date) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.exit_reason; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(exit_reason) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.acquisition; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(acquisition),UPDATE(acquisition) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.acquired_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(acquired_on),UPDATE(acquired_on) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.acquisition_cost; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(acquisition_cost),UPDATE(acquisition_cost) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.sire_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(sire_id),UPDATE(sire_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.dam_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(dam_id),UPDATE(dam_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.estimated_value; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(estimated_value),UPDATE(estimated_value) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.deleted_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE public.animals TO authenticated;


--
-- Name: FUNCTION animal_json(a public.animals); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.animal_json(a public.animals) FROM PUBLIC;
GRANT ALL ON FUNCTION private.animal_json(a public.animals) TO authenticated;
GRANT ALL ON FUNCTION private.animal_json(a public.animals) TO service_role;


--
-- Name: FUNCTION apply_animal_sale(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.apply_animal_sale() FROM PUBLIC;


--
-- Name: FUNCTION apply_birth(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.apply_birth() FROM PUBLIC;


--
-- Name: FUNCTION apply_group_count_event(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.apply_group_count_event() FROM PUBLIC;


--
-- Name: FUNCTION apply_movement(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.apply_movement() FROM PUBLIC;


--
-- Name: FUNCTION apply_payment(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.apply_payment() FROM PUBLIC;


--
-- Name: FUNCTION apply_payment_event(p_event jsonb); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.apply_payment_event(p_event jsonb) FROM PUBLIC;


--
-- Name: FUNCTION apply_pregnancy_check(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.apply_pregnancy_check() FROM PUBLIC;


--
-- Name: FUNCTION auth_logout(p_user_id uuid, p_session_id uuid, p_scope text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_logout(p_user_id uuid, p_session_id uuid, p_scope text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_logout(p_user_id uuid, p_session_id uuid, p_scope text) TO service_role;


--
-- Name: FUNCTION auth_password_login_begin(p_email text, p_ip inet); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_password_login_begin(p_email text, p_ip inet) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_password_login_begin(p_email text, p_ip inet) TO service_role;


--
-- Name: FUNCTION auth_password_login_finish(p_email text, p_ip inet, p_user_id uuid, p_succeeded boolean, p_ttl interval); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_password_login_finish(p_email text, p_ip inet, p_user_id uuid, p_succeeded boolean, p_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_password_login_finish(p_email text, p_ip inet, p_user_id uuid, p_succeeded boolean, p_ttl interval) TO service_role;


--
-- Name: FUNCTION auth_refresh(p_token text, p_ttl interval); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_refresh(p_token text, p_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_refresh(p_token text, p_ttl interval) TO service_role;


--
-- Name: FUNCTION auth_session_is_live(p_session_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_session_is_live(p_session_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_session_is_live(p_session_id uuid) TO service_role;


--
-- Name: FUNCTION auth_signup(p_email text, p_password_hash text, p_user_metadata jsonb); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_signup(p_email text, p_password_hash text, p_user_metadata jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_signup(p_email text, p_password_hash text, p_user_metadata jsonb) TO service_role;


--
-- Name: FUNCTION auth_start_session(p_user_id uuid, p_ttl interval); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_start_session(p_user_id uuid, p_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_start_session(p_user_id uuid, p_ttl interval) TO service_role;


--
-- Name: FUNCTION auth_user_json(p_user_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_user_json(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_user_json(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION beat(p_source text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.beat(p_source text) FROM PUBLIC;


--
-- Name: FUNCTION billing_anchor(p_anchor date, p_start date, p_cycle text, p_new_cycle text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.billing_anchor(p_anchor date, p_start date, p_cycle text, p_new_cycle text) FROM PUBLIC;


--
-- Name: FUNCTION cache_warm_targets(p_as_of timestamp with time zone, p_limit integer); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.cache_warm_targets(p_as_of timestamp with time zone, p_limit integer) FROM PUBLIC;


--
-- Name: FUNCTION can_see_animal(p_tenant_id uuid, p_animal_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.can_see_animal(p_tenant_id uuid, p_animal_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.can_see_animal(p_tenant_id uuid, p_animal_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.can_see_animal(p_tenant_id uuid, p_animal_id uuid) TO service_role;


--
-- Name: FUNCTION can_see_expense(p_tenant_id uuid, p_expense_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.can_see_expense(p_tenant_id uuid, p_expense_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.can_see_expense(p_tenant_id uuid, p_expense_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.can_see_expense(p_tenant_id uuid, p_expense_id uuid) TO service_role;


--
-- Name: FUNCTION can_see_group(p_tenant_id uuid, p_group_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.can_see_group(p_tenant_id uuid, p_group_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.can_see_group(p_tenant_id uuid, p_group_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.can_see_group(p_tenant_id uuid, p_group_id uuid) TO service_role;


--
-- Name: FUNCTION check_animal(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_animal() FROM PUBLIC;


--
-- Name: FUNCTION check_media_object(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_media_object() FROM PUBLIC;


--
-- Name: FUNCTION check_page(p_limit integer, p_offset integer); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) TO anon;
GRANT ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) TO authenticated;
GRANT ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) TO service_role;


--
-- Name: FUNCTION check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION private.check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint) TO authenticated;
GRANT ALL ON FUNCTION private.check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint) TO service_role;


--
-- Name: FUNCTION check_service(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_service() FROM PUBLIC;


--
-- Name: FUNCTION check_tenant(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_tenant() FROM PUBLIC;


--
-- Name: FUNCTION check_trial_expirations(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_trial_expirations(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION check_weight(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_weight() FROM PUBLIC;


--
-- Name: FUNCTION cleanup_expired_sessions(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.cleanup_expired_sessions(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION clearances(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.clearances(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.clearances(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.clearances(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid) TO service_role;


--
-- Name: FUNCTION count_animals(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.count_animals() FROM PUBLIC;


--
-- Name: FUNCTION count_open_lactations(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.count_open_lactations() FROM PUBLIC;


--
-- Name: FUNCTION create_offspring(p_tenant_id uuid, p_birth_id uuid, p_offspring jsonb); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.create_offspring(p_tenant_id uuid, p_birth_id uuid, p_offspring jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.create_offspring(p_tenant_id uuid, p_birth_id uuid, p_offspring jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.create_offspring(p_tenant_id uuid, p_birth_id uuid, p_offspring jsonb) TO service_role;


--
-- Name: FUNCTION dashboard_analytics(tenant_id uuid, days integer); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.dashboard_analytics(tenant_id uuid, days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.dashboard_analytics(tenant_id uuid, days integer) TO authenticated;
GRANT ALL ON FUNCTION private.dashboard_analytics(tenant_id uuid, days integer) TO service_role;


--
-- Name: FUNCTION dashboard_animals(tenant_id uuid, page integer, page_size integer); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.dashboard_animals(tenant_id uuid, page integer, page_size integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.dashboard_animals(tenant_id uuid, page integer, page_size integer) TO authenticated;
GRANT ALL ON FUNCTION private.dashboard_animals(tenant_id uuid, page integer, page_size integer) TO service_role;


--
-- Name: FUNCTION dashboard_as_of(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.dashboard_as_of() FROM PUBLIC;
GRANT ALL ON FUNCTION private.dashboard_as_of() TO authenticated;
GRANT ALL ON FUNCTION private.dashboard_as_of() TO service_role;


--
-- Name: FUNCTION dashboard_finance(p_tenant_id uuid, p_from date); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.dashboard_finance(p_tenant_id uuid, p_from date) FROM PUBLIC;
GRANT ALL ON FUNCTION private.dashboard_finance(p_tenant_id uuid, p_from date) TO authenticated;
GRANT ALL ON FUNCTION private.dashboard_finance(p_tenant_id uuid, p_from date) TO service_role;


--
-- Name: FUNCTION dashboard_herd(p_tenant_id uuid, p_today date, p_days integer); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.dashboard_herd(p_tenant_id uuid, p_today date, p_days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.dashboard_herd(p_tenant_id uuid, p_today date, p_days integer) TO authenticated;
GRANT ALL ON FUNCTION private.dashboard_herd(p_tenant_id uuid, p_today date, p_days integer) TO service_role;


--
-- Name: FUNCTION dashboard_money(p_tenant_id uuid, p_from date, p_to date); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.dashboard_money(p_tenant_id uuid, p_from date, p_to date) FROM PUBLIC;
GRANT ALL ON FUNCTION private.dashboard_money(p_tenant_id uuid, p_from date, p_to date) TO authenticated;
GRANT ALL ON FUNCTION private.dashboard_money(p_tenant_id uuid, p_from date, p_to date) TO service_role;


--
-- Name: FUNCTION dashboard_stats(tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.dashboard_stats(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.dashboard_stats(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.dashboard_stats(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION default_group_start(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.default_group_start() FROM PUBLIC;


--
-- Name: FUNCTION empty_for_resync(p_tables text[]); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.empty_for_resync(p_tables text[]) FROM PUBLIC;


--
-- Name: FUNCTION enforce_plan_limits(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.enforce_plan_limits() FROM PUBLIC;


--
-- Name: FUNCTION ensure_profile(p_user_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.ensure_profile(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.ensure_profile(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.ensure_profile(p_user_id uuid) TO service_role;


--
-- Name: TABLE expenses; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.expenses TO authenticated;
GRANT ALL ON TABLE public.expenses TO service_role;


--
-- Name: COLUMN expenses.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id),UPDATE(farm_id) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.category_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(category_id),UPDATE(category_id) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.vendor_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(vendor_id),UPDATE(vendor_id) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.amount; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(amount),UPDATE(amount) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.currency; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(currency),UPDATE(currency) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.spent_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(spent_on),UPDATE(spent_on) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.description; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(description),UPDATE(description) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.receipt_media_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(receipt_media_id),UPDATE(receipt_media_id) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.corrects_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(corrects_id) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.status; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(status) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.rejection_reason; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(rejection_reason) ON TABLE public.expenses TO authenticated;


--
-- Name: COLUMN expenses.payment_reference; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(payment_reference) ON TABLE public.expenses TO authenticated;


--
-- Name: FUNCTION expense_json(e public.expenses); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.expense_json(e public.expenses) FROM PUBLIC;
GRANT ALL ON FUNCTION private.expense_json(e public.expenses) TO authenticated;
GRANT ALL ON FUNCTION private.expense_json(e public.expenses) TO service_role;


--
-- Name: FUNCTION expire_pending_media(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.expire_pending_media(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: TABLE farms; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.farms TO authenticated;
GRANT ALL ON TABLE public.farms TO service_role;


--
-- Name: COLUMN farms.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.deleted_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.farm_type; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_type),UPDATE(farm_type) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.latitude; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(latitude),UPDATE(latitude) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.longitude; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(longitude),UPDATE(longitude) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.area_hectares; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(area_hectares),UPDATE(area_hectares) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.timezone; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(timezone),UPDATE(timezone) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.is_organic; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(is_organic),UPDATE(is_organic) ON TABLE public.farms TO authenticated;


--
-- Name: FUNCTION farm_json(f public.farms); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.farm_json(f public.farms) FROM PUBLIC;
GRANT ALL ON FUNCTION private.farm_json(f public.farms) TO authenticated;
GRANT ALL ON FUNCTION private.farm_json(f public.farms) TO service_role;


--
-- Name: FUNCTION fence(p_active_epoch bigint, p_reason text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.fence(p_active_epoch bigint, p_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.fence(p_active_epoch bigint, p_reason text) TO service_role;


--
-- Name: FUNCTION finance_defaults_for_new_tenant(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.finance_defaults_for_new_tenant() FROM PUBLIC;


--
-- Name: FUNCTION forget_media_objects(p_bucket_id text, p_names text[]); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.forget_media_objects(p_bucket_id text, p_names text[]) FROM PUBLIC;


--
-- Name: FUNCTION gestation_days(p_tenant_id uuid, p_animal_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.gestation_days(p_tenant_id uuid, p_animal_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION grant_farm_to_creator(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.grant_farm_to_creator() FROM PUBLIC;


--
-- Name: FUNCTION guard_animal_change(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.guard_animal_change() FROM PUBLIC;


--
-- Name: FUNCTION guard_expense(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.guard_expense() FROM PUBLIC;


--
-- Name: FUNCTION guard_invitations(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.guard_invitations() FROM PUBLIC;


--
-- Name: FUNCTION guard_invoice(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.guard_invoice() FROM PUBLIC;


--
-- Name: FUNCTION guard_tenant_members(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.guard_tenant_members() FROM PUBLIC;


--
-- Name: FUNCTION has_permission(p_tenant_id uuid, p_permission text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.has_permission(p_tenant_id uuid, p_permission text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.has_permission(p_tenant_id uuid, p_permission text) TO authenticated;
GRANT ALL ON FUNCTION private.has_permission(p_tenant_id uuid, p_permission text) TO service_role;


--
-- Name: TABLE health_checks; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.health_checks TO authenticated;
GRANT ALL ON TABLE public.health_checks TO service_role;


--
-- Name: COLUMN health_checks.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.health_checks TO authenticated;


--
-- Name: COLUMN health_checks.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.health_checks TO authenticated;


--
-- Name: COLUMN health_checks.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.health_checks TO authenticated;


--
-- Name: COLUMN health_checks.group_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(group_id) ON TABLE public.health_checks TO authenticated;


--
-- Name: COLUMN health_checks.checked_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(checked_on) ON TABLE public.health_checks TO authenticated;


--
-- Name: COLUMN health_checks.temperature_c; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(temperature_c) ON TABLE public.health_checks TO authenticated;


--
-- Name: COLUMN health_checks.body_condition_score; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(body_condition_score) ON TABLE public.health_checks TO authenticated;


--
-- Name: COLUMN health_checks.is_sick; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(is_sick) ON TABLE public.health_checks TO authenticated;


--
-- Name: COLUMN health_checks.diagnosis; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(diagnosis) ON TABLE public.health_checks TO authenticated;


--
-- Name: COLUMN health_checks.vet_name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(vet_name) ON TABLE public.health_checks TO authenticated;


--
-- Name: COLUMN health_checks.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes) ON TABLE public.health_checks TO authenticated;


--
-- Name: FUNCTION health_check_json(h public.health_checks); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.health_check_json(h public.health_checks) FROM PUBLIC;
GRANT ALL ON FUNCTION private.health_check_json(h public.health_checks) TO authenticated;
GRANT ALL ON FUNCTION private.health_check_json(h public.health_checks) TO service_role;


--
-- Name: FUNCTION health_events_of_kind(p_page jsonb); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.health_events_of_kind(p_page jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.health_events_of_kind(p_page jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.health_events_of_kind(p_page jsonb) TO service_role;


--
-- Name: TABLE invoices; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.invoices TO authenticated;
GRANT ALL ON TABLE public.invoices TO service_role;


--
-- Name: COLUMN invoices.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.invoices TO authenticated;


--
-- Name: COLUMN invoices.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.invoices TO authenticated;


--
-- Name: COLUMN invoices.customer_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(customer_id),UPDATE(customer_id) ON TABLE public.invoices TO authenticated;


--
-- Name: COLUMN invoices.status; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(status) ON TABLE public.invoices TO authenticated;


--
-- Name: COLUMN invoices.currency; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(currency) ON TABLE public.invoices TO authenticated;


--
-- Name: COLUMN invoices.due_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(due_on),UPDATE(due_on) ON TABLE public.invoices TO authenticated;


--
-- Name: COLUMN invoices.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE public.invoices TO authenticated;


--
-- Name: FUNCTION invoice_json(i public.invoices); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.invoice_json(i public.invoices) FROM PUBLIC;
GRANT ALL ON FUNCTION private.invoice_json(i public.invoices) TO authenticated;
GRANT ALL ON FUNCTION private.invoice_json(i public.invoices) TO service_role;


--
-- Name: FUNCTION is_member(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.is_member(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_member(p_tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.is_member(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION is_outsider(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.is_outsider(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_outsider(p_tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.is_outsider(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION is_shared_breed(p_breed_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.is_shared_breed(p_breed_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_shared_breed(p_breed_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.is_shared_breed(p_breed_id uuid) TO service_role;


--
-- Name: FUNCTION is_time_zone(tz text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.is_time_zone(tz text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_time_zone(tz text) TO anon;
GRANT ALL ON FUNCTION private.is_time_zone(tz text) TO authenticated;
GRANT ALL ON FUNCTION private.is_time_zone(tz text) TO service_role;


--
-- Name: FUNCTION job_finished(p_run_id bigint, p_rows bigint, p_error text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.job_finished(p_run_id bigint, p_rows bigint, p_error text) FROM PUBLIC;


--
-- Name: FUNCTION job_started(p_job text, p_scheduled_for timestamp with time zone, p_runner text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.job_started(p_job text, p_scheduled_for timestamp with time zone, p_runner text) FROM PUBLIC;


--
-- Name: FUNCTION keep_production_revision(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.keep_production_revision() FROM PUBLIC;


--
-- Name: FUNCTION label_hours(p_product text, p_days integer, p_hours integer); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.label_hours(p_product text, p_days integer, p_hours integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.label_hours(p_product text, p_days integer, p_hours integer) TO authenticated;
GRANT ALL ON FUNCTION private.label_hours(p_product text, p_days integer, p_hours integer) TO service_role;


--
-- Name: TABLE subscriptions; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.subscriptions TO authenticated;
GRANT ALL ON TABLE public.subscriptions TO service_role;


--
-- Name: FUNCTION lock_subscription(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.lock_subscription(p_tenant_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION mark_overdue_invoices(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.mark_overdue_invoices(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION media_allowed(p_tenant_id uuid, p_animal_id uuid, p_farm_id uuid, p_user_id uuid, p_invoice_id uuid, p_expense_id uuid, p_uploaded_by uuid, p_action text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.media_allowed(p_tenant_id uuid, p_animal_id uuid, p_farm_id uuid, p_user_id uuid, p_invoice_id uuid, p_expense_id uuid, p_uploaded_by uuid, p_action text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.media_allowed(p_tenant_id uuid, p_animal_id uuid, p_farm_id uuid, p_user_id uuid, p_invoice_id uuid, p_expense_id uuid, p_uploaded_by uuid, p_action text) TO anon;
GRANT ALL ON FUNCTION private.media_allowed(p_tenant_id uuid, p_animal_id uuid, p_farm_id uuid, p_user_id uuid, p_invoice_id uuid, p_expense_id uuid, p_uploaded_by uuid, p_action text) TO authenticated;
GRANT ALL ON FUNCTION private.media_allowed(p_tenant_id uuid, p_animal_id uuid, p_farm_id uuid, p_user_id uuid, p_invoice_id uuid, p_expense_id uuid, p_uploaded_by uuid, p_action text) TO service_role;


--
-- Name: FUNCTION media_buckets(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.media_buckets() FROM PUBLIC;
GRANT ALL ON FUNCTION private.media_buckets() TO anon;
GRANT ALL ON FUNCTION private.media_buckets() TO authenticated;
GRANT ALL ON FUNCTION private.media_buckets() TO service_role;


--
-- Name: FUNCTION media_extension(p_content_type text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.media_extension(p_content_type text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.media_extension(p_content_type text) TO anon;
GRANT ALL ON FUNCTION private.media_extension(p_content_type text) TO authenticated;
GRANT ALL ON FUNCTION private.media_extension(p_content_type text) TO service_role;


--
-- Name: TABLE media_files; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.media_files TO authenticated;
GRANT ALL ON TABLE public.media_files TO service_role;


--
-- Name: COLUMN media_files.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.bucket_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(bucket_id) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.extension; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(extension) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.content_type; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(content_type) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.invoice_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(invoice_id) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.expense_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(expense_id) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.document_type; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(document_type) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.title; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(title),UPDATE(title) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.file_name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(file_name) ON TABLE public.media_files TO authenticated;


--
-- Name: COLUMN media_files.uploaded_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(uploaded_by) ON TABLE public.media_files TO authenticated;


--
-- Name: FUNCTION media_for_object(p_bucket_id text, p_name text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.media_for_object(p_bucket_id text, p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.media_for_object(p_bucket_id text, p_name text) TO anon;
GRANT ALL ON FUNCTION private.media_for_object(p_bucket_id text, p_name text) TO authenticated;
GRANT ALL ON FUNCTION private.media_for_object(p_bucket_id text, p_name text) TO service_role;


--
-- Name: FUNCTION media_json(m public.media_files); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.media_json(m public.media_files) FROM PUBLIC;
GRANT ALL ON FUNCTION private.media_json(m public.media_files) TO anon;
GRANT ALL ON FUNCTION private.media_json(m public.media_files) TO authenticated;
GRANT ALL ON FUNCTION private.media_json(m public.media_files) TO service_role;


--
-- Name: FUNCTION media_object_removed(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.media_object_removed() FROM PUBLIC;


--
-- Name: FUNCTION media_object_stored(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.media_object_stored() FROM PUBLIC;


--
-- Name: FUNCTION member_role(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.member_role(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.member_role(p_tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.member_role(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION move_expense(p_tenant_id uuid, p_expense_id uuid, p_status text, p_reason text, p_reference text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.move_expense(p_tenant_id uuid, p_expense_id uuid, p_status text, p_reason text, p_reference text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.move_expense(p_tenant_id uuid, p_expense_id uuid, p_status text, p_reason text, p_reference text) TO authenticated;
GRANT ALL ON FUNCTION private.move_expense(p_tenant_id uuid, p_expense_id uuid, p_status text, p_reason text, p_reference text) TO service_role;


--
-- Name: FUNCTION move_invoice(p_tenant_id uuid, p_invoice_id uuid, p_status text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.move_invoice(p_tenant_id uuid, p_invoice_id uuid, p_status text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.move_invoice(p_tenant_id uuid, p_invoice_id uuid, p_status text) TO authenticated;
GRANT ALL ON FUNCTION private.move_invoice(p_tenant_id uuid, p_invoice_id uuid, p_status text) TO service_role;


--
-- Name: FUNCTION my_colleague_ids(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.my_colleague_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_colleague_ids() TO authenticated;
GRANT ALL ON FUNCTION private.my_colleague_ids() TO service_role;


--
-- Name: FUNCTION my_farms(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.my_farms() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_farms() TO authenticated;
GRANT ALL ON FUNCTION private.my_farms() TO service_role;


--
-- Name: FUNCTION my_tenant_ids(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.my_tenant_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids() TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids() TO service_role;


--
-- Name: FUNCTION my_tenant_ids_with(p_permission text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.my_tenant_ids_with(p_permission text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids_with(p_permission text) TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids_with(p_permission text) TO service_role;


--
-- Name: FUNCTION next_attempt_no(p_tenant_id uuid, p_invoice_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.next_attempt_no(p_tenant_id uuid, p_invoice_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.next_attempt_no(p_tenant_id uuid, p_invoice_id uuid) TO service_role;


--
-- Name: FUNCTION now(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.now() FROM PUBLIC;
GRANT ALL ON FUNCTION private.now() TO authenticated;
GRANT ALL ON FUNCTION private.now() TO service_role;


--
-- Name: FUNCTION object_allowed(p_bucket_id text, p_name text, p_action text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.object_allowed(p_bucket_id text, p_name text, p_action text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.object_allowed(p_bucket_id text, p_name text, p_action text) TO anon;
GRANT ALL ON FUNCTION private.object_allowed(p_bucket_id text, p_name text, p_action text) TO authenticated;
GRANT ALL ON FUNCTION private.object_allowed(p_bucket_id text, p_name text, p_action text) TO service_role;


--
-- Name: FUNCTION orphaned_media_objects(p_limit integer); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.orphaned_media_objects(p_limit integer) FROM PUBLIC;


--
-- Name: FUNCTION parse_production(p_tenant_id uuid, p_records jsonb); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.parse_production(p_tenant_id uuid, p_records jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.parse_production(p_tenant_id uuid, p_records jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.parse_production(p_tenant_id uuid, p_records jsonb) TO service_role;


--
-- Name: FUNCTION period_end(p_anchor date, p_start date, p_cycle text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.period_end(p_anchor date, p_start date, p_cycle text) FROM PUBLIC;


--
-- Name: FUNCTION plan_limit(p_tenant_id uuid, p_resource text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.plan_limit(p_tenant_id uuid, p_resource text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.plan_limit(p_tenant_id uuid, p_resource text) TO authenticated;
GRANT ALL ON FUNCTION private.plan_limit(p_tenant_id uuid, p_resource text) TO service_role;


--
-- Name: FUNCTION plan_price(p_plan_code text, p_cycle text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.plan_price(p_plan_code text, p_cycle text) FROM PUBLIC;


--
-- Name: FUNCTION prepare_animal_sale(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.prepare_animal_sale() FROM PUBLIC;


--
-- Name: FUNCTION prepare_expense(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.prepare_expense() FROM PUBLIC;


--
-- Name: FUNCTION prepare_health_record(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.prepare_health_record() FROM PUBLIC;


--
-- Name: FUNCTION prepare_invoice(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.prepare_invoice() FROM PUBLIC;


--
-- Name: FUNCTION prepare_invoice_line(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.prepare_invoice_line() FROM PUBLIC;


--
-- Name: FUNCTION prepare_payment(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.prepare_payment() FROM PUBLIC;


--
-- Name: FUNCTION prepare_product_sale(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.prepare_product_sale() FROM PUBLIC;


--
-- Name: FUNCTION prepare_production(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.prepare_production() FROM PUBLIC;


--
-- Name: FUNCTION prepare_treatment(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.prepare_treatment() FROM PUBLIC;


--
-- Name: FUNCTION prepare_vaccination(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.prepare_vaccination() FROM PUBLIC;


--
-- Name: FUNCTION process_recurring_billing(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.process_recurring_billing(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: TABLE production_records; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.production_records TO authenticated;
GRANT ALL ON TABLE public.production_records TO service_role;


--
-- Name: COLUMN production_records.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.group_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(group_id) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.product; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(product) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.quantity; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(quantity),UPDATE(quantity) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.unit; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(unit) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.recorded_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(recorded_on) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.session; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(session) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.fat_pct; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(fat_pct),UPDATE(fat_pct) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.protein_pct; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(protein_pct),UPDATE(protein_pct) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.somatic_cell_count; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(somatic_cell_count),UPDATE(somatic_cell_count) ON TABLE public.production_records TO authenticated;


--
-- Name: COLUMN production_records.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE public.production_records TO authenticated;


--
-- Name: FUNCTION production_json(p public.production_records); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.production_json(p public.production_records) FROM PUBLIC;
GRANT ALL ON FUNCTION private.production_json(p public.production_records) TO authenticated;
GRANT ALL ON FUNCTION private.production_json(p public.production_records) TO service_role;


--
-- Name: FUNCTION production_unit_problem(p_species text, p_product text, p_unit text, OUT error text, OUT hint text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.production_unit_problem(p_species text, p_product text, p_unit text, OUT error text, OUT hint text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.production_unit_problem(p_species text, p_product text, p_unit text, OUT error text, OUT hint text) TO authenticated;
GRANT ALL ON FUNCTION private.production_unit_problem(p_species text, p_product text, p_unit text, OUT error text, OUT hint text) TO service_role;


--
-- Name: FUNCTION promote(p_expected_epoch bigint, p_reason text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.promote(p_expected_epoch bigint, p_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.promote(p_expected_epoch bigint, p_reason text) TO service_role;


--
-- Name: FUNCTION purge_published_events(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.purge_published_events(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION raise_subscription_invoice(p_sub public.subscriptions, p_kind text, p_start date, p_end date, p_amount numeric, p_due date); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.raise_subscription_invoice(p_sub public.subscriptions, p_kind text, p_start date, p_end date, p_amount numeric, p_due date) FROM PUBLIC;


--
-- Name: FUNCTION rebuild_dashboard_counters(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.rebuild_dashboard_counters(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.rebuild_dashboard_counters(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION reconcile_dashboard_counters(p_tenant_id uuid, p_from date, p_to date, p_production_only boolean); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.reconcile_dashboard_counters(p_tenant_id uuid, p_from date, p_to date, p_production_only boolean) FROM PUBLIC;


--
-- Name: FUNCTION record_api_calls(p_counts jsonb); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.record_api_calls(p_counts jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.record_api_calls(p_counts jsonb) TO service_role;


--
-- Name: FUNCTION record_payment_event(p_provider text, p_event jsonb, p_signed_at timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.record_payment_event(p_provider text, p_event jsonb, p_signed_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION private.record_payment_event(p_provider text, p_event jsonb, p_signed_at timestamp with time zone) TO service_role;


--
-- Name: FUNCTION record_replication_health(p_at timestamp with time zone, p_max_lag_seconds numeric, p_max_lag_bytes bigint); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.record_replication_health(p_at timestamp with time zone, p_max_lag_seconds numeric, p_max_lag_bytes bigint) FROM PUBLIC;


--
-- Name: FUNCTION record_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, OUT farm_id uuid, OUT species text, OUT is_organic boolean); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.record_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, OUT farm_id uuid, OUT species text, OUT is_organic boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION private.record_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, OUT farm_id uuid, OUT species text, OUT is_organic boolean) TO service_role;


--
-- Name: FUNCTION record_switch(p_kind text, p_epoch bigint, p_active_side text, p_detail jsonb); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.record_switch(p_kind text, p_epoch bigint, p_active_side text, p_detail jsonb) FROM PUBLIC;


--
-- Name: FUNCTION reflag_production(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, p_from date); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.reflag_production(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, p_from date) FROM PUBLIC;


--
-- Name: FUNCTION refresh_dashboard_views(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.refresh_dashboard_views() FROM PUBLIC;
GRANT ALL ON FUNCTION private.refresh_dashboard_views() TO service_role;


--
-- Name: FUNCTION refuse_writes_unless_active(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.refuse_writes_unless_active() FROM PUBLIC;


--
-- Name: FUNCTION refuse_writes_when_inactive(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.refuse_writes_when_inactive() FROM PUBLIC;


--
-- Name: FUNCTION remove_photos_of_deleted(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.remove_photos_of_deleted() FROM PUBLIC;


--
-- Name: FUNCTION replicated_schemas(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.replicated_schemas() FROM PUBLIC;


--
-- Name: FUNCTION replicated_tables(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.replicated_tables() FROM PUBLIC;


--
-- Name: FUNCTION replication_status(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.replication_status() FROM PUBLIC;
GRANT ALL ON FUNCTION private.replication_status() TO authenticator;
GRANT ALL ON FUNCTION private.replication_status() TO service_role;


--
-- Name: FUNCTION require_permission(p_tenant_id uuid, p_permission text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.require_permission(p_tenant_id uuid, p_permission text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.require_permission(p_tenant_id uuid, p_permission text) TO authenticated;
GRANT ALL ON FUNCTION private.require_permission(p_tenant_id uuid, p_permission text) TO service_role;


--
-- Name: FUNCTION require_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.require_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.require_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.require_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid) TO service_role;


--
-- Name: FUNCTION require_user(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.require_user() FROM PUBLIC;
GRANT ALL ON FUNCTION private.require_user() TO anon;
GRANT ALL ON FUNCTION private.require_user() TO authenticated;
GRANT ALL ON FUNCTION private.require_user() TO service_role;


--
-- Name: FUNCTION retry_failed_payments(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.retry_failed_payments(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION saleable_stock(p_tenant_id uuid, p_farm_id uuid, p_product text, p_unit text, p_on date, OUT produced numeric, OUT withheld numeric, OUT sold numeric, OUT available numeric); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.saleable_stock(p_tenant_id uuid, p_farm_id uuid, p_product text, p_unit text, p_on date, OUT produced numeric, OUT withheld numeric, OUT sold numeric, OUT available numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION private.saleable_stock(p_tenant_id uuid, p_farm_id uuid, p_product text, p_unit text, p_on date, OUT produced numeric, OUT withheld numeric, OUT sold numeric, OUT available numeric) TO authenticated;
GRANT ALL ON FUNCTION private.saleable_stock(p_tenant_id uuid, p_farm_id uuid, p_product text, p_unit text, p_on date, OUT produced numeric, OUT withheld numeric, OUT sold numeric, OUT available numeric) TO service_role;


--
-- Name: FUNCTION seed_demo(p_email text, p_password_hash text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.seed_demo(p_email text, p_password_hash text) FROM PUBLIC;


--
-- Name: FUNCTION seed_demo_finance(p_tenant_id uuid, p_farm_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.seed_demo_finance(p_tenant_id uuid, p_farm_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION seed_demo_livestock(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.seed_demo_livestock(p_tenant_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION set_node_role(p_role text, p_epoch bigint, p_side text, p_name text, p_mode text, p_reason text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.set_node_role(p_role text, p_epoch bigint, p_side text, p_name text, p_mode text, p_reason text) FROM PUBLIC;


--
-- Name: FUNCTION settle_subscription_payment(p_tenant_id uuid, p_invoice_id uuid, p_succeeded boolean, p_provider text, p_reference text, p_error text, p_event_id text, p_at timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.settle_subscription_payment(p_tenant_id uuid, p_invoice_id uuid, p_succeeded boolean, p_provider text, p_reference text, p_error text, p_event_id text, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION private.settle_subscription_payment(p_tenant_id uuid, p_invoice_id uuid, p_succeeded boolean, p_provider text, p_reference text, p_error text, p_event_id text, p_at timestamp with time zone) TO service_role;


--
-- Name: FUNCTION stamp_record_farm(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.stamp_record_farm() FROM PUBLIC;


--
-- Name: FUNCTION start_lactation(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.start_lactation() FROM PUBLIC;


--
-- Name: FUNCTION start_trial(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.start_trial() FROM PUBLIC;


--
-- Name: FUNCTION storage_bucket(p_bucket_id text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_bucket(p_bucket_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_bucket(p_bucket_id text) TO anon;
GRANT ALL ON FUNCTION private.storage_bucket(p_bucket_id text) TO authenticated;
GRANT ALL ON FUNCTION private.storage_bucket(p_bucket_id text) TO service_role;


--
-- Name: FUNCTION storage_bucket_types(p_bucket_id text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_bucket_types(p_bucket_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_bucket_types(p_bucket_id text) TO anon;
GRANT ALL ON FUNCTION private.storage_bucket_types(p_bucket_id text) TO authenticated;
GRANT ALL ON FUNCTION private.storage_bucket_types(p_bucket_id text) TO service_role;


--
-- Name: FUNCTION storage_can_upload(p_bucket_id text, p_name text, p_upsert boolean); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_can_upload(p_bucket_id text, p_name text, p_upsert boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_can_upload(p_bucket_id text, p_name text, p_upsert boolean) TO anon;
GRANT ALL ON FUNCTION private.storage_can_upload(p_bucket_id text, p_name text, p_upsert boolean) TO authenticated;
GRANT ALL ON FUNCTION private.storage_can_upload(p_bucket_id text, p_name text, p_upsert boolean) TO service_role;


--
-- Name: FUNCTION storage_list(p_bucket_id text, p_prefix text, p_limit integer, p_offset integer, p_search text, p_sort_column text, p_sort_order text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_list(p_bucket_id text, p_prefix text, p_limit integer, p_offset integer, p_search text, p_sort_column text, p_sort_order text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_list(p_bucket_id text, p_prefix text, p_limit integer, p_offset integer, p_search text, p_sort_column text, p_sort_order text) TO anon;
GRANT ALL ON FUNCTION private.storage_list(p_bucket_id text, p_prefix text, p_limit integer, p_offset integer, p_search text, p_sort_column text, p_sort_order text) TO authenticated;
GRANT ALL ON FUNCTION private.storage_list(p_bucket_id text, p_prefix text, p_limit integer, p_offset integer, p_search text, p_sort_column text, p_sort_order text) TO service_role;


--
-- Name: FUNCTION storage_list_buckets(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_list_buckets() FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_list_buckets() TO anon;
GRANT ALL ON FUNCTION private.storage_list_buckets() TO authenticated;
GRANT ALL ON FUNCTION private.storage_list_buckets() TO service_role;


--
-- Name: FUNCTION storage_object(p_bucket_id text, p_name text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_object(p_bucket_id text, p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_object(p_bucket_id text, p_name text) TO anon;
GRANT ALL ON FUNCTION private.storage_object(p_bucket_id text, p_name text) TO authenticated;
GRANT ALL ON FUNCTION private.storage_object(p_bucket_id text, p_name text) TO service_role;


--
-- Name: TABLE objects; Type: ACL; Schema: storage; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE storage.objects TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE storage.objects TO authenticated;
GRANT ALL ON TABLE storage.objects TO service_role;


--
-- Name: FUNCTION storage_object_json(o storage.objects); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_object_json(o storage.objects) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_object_json(o storage.objects) TO anon;
GRANT ALL ON FUNCTION private.storage_object_json(o storage.objects) TO authenticated;
GRANT ALL ON FUNCTION private.storage_object_json(o storage.objects) TO service_role;


--
-- Name: FUNCTION storage_public_object(p_bucket_id text, p_name text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_public_object(p_bucket_id text, p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_public_object(p_bucket_id text, p_name text) TO anon;
GRANT ALL ON FUNCTION private.storage_public_object(p_bucket_id text, p_name text) TO authenticated;
GRANT ALL ON FUNCTION private.storage_public_object(p_bucket_id text, p_name text) TO service_role;


--
-- Name: FUNCTION storage_put_object(p_bucket_id text, p_name text, p_upsert boolean, p_metadata jsonb, p_user_metadata jsonb); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_put_object(p_bucket_id text, p_name text, p_upsert boolean, p_metadata jsonb, p_user_metadata jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_put_object(p_bucket_id text, p_name text, p_upsert boolean, p_metadata jsonb, p_user_metadata jsonb) TO anon;
GRANT ALL ON FUNCTION private.storage_put_object(p_bucket_id text, p_name text, p_upsert boolean, p_metadata jsonb, p_user_metadata jsonb) TO authenticated;
GRANT ALL ON FUNCTION private.storage_put_object(p_bucket_id text, p_name text, p_upsert boolean, p_metadata jsonb, p_user_metadata jsonb) TO service_role;


--
-- Name: FUNCTION storage_readable_names(p_bucket_id text, p_names text[]); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_readable_names(p_bucket_id text, p_names text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_readable_names(p_bucket_id text, p_names text[]) TO anon;
GRANT ALL ON FUNCTION private.storage_readable_names(p_bucket_id text, p_names text[]) TO authenticated;
GRANT ALL ON FUNCTION private.storage_readable_names(p_bucket_id text, p_names text[]) TO service_role;


--
-- Name: FUNCTION storage_remove(p_bucket_id text, p_names text[]); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_remove(p_bucket_id text, p_names text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_remove(p_bucket_id text, p_names text[]) TO anon;
GRANT ALL ON FUNCTION private.storage_remove(p_bucket_id text, p_names text[]) TO authenticated;
GRANT ALL ON FUNCTION private.storage_remove(p_bucket_id text, p_names text[]) TO service_role;


--
-- Name: FUNCTION storage_signed_object(p_bucket_id text, p_name text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.storage_signed_object(p_bucket_id text, p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_signed_object(p_bucket_id text, p_name text) TO service_role;


--
-- Name: FUNCTION sync_publication(p_name text, p_tables text[], p_reader text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.sync_publication(p_name text, p_tables text[], p_reader text) FROM PUBLIC;


--
-- Name: FUNCTION tenant_is_going(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.tenant_is_going(p_tenant_id uuid) FROM PUBLIC;


--
-- Name: TABLE tenants; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.tenants TO authenticated;
GRANT ALL ON TABLE public.tenants TO service_role;


--
-- Name: COLUMN tenants.name; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(name) ON TABLE public.tenants TO authenticated;


--
-- Name: COLUMN tenants.country; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(country) ON TABLE public.tenants TO authenticated;


--
-- Name: COLUMN tenants.currency; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(currency) ON TABLE public.tenants TO authenticated;


--
-- Name: COLUMN tenants.timezone; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(timezone) ON TABLE public.tenants TO authenticated;


--
-- Name: COLUMN tenants.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE public.tenants TO authenticated;


--
-- Name: FUNCTION tenant_json(t public.tenants, p_role text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.tenant_json(t public.tenants, p_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_json(t public.tenants, p_role text) TO authenticated;
GRANT ALL ON FUNCTION private.tenant_json(t public.tenants, p_role text) TO service_role;


--
-- Name: TABLE plans; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.plans TO anon;
GRANT SELECT ON TABLE public.plans TO authenticated;
GRANT ALL ON TABLE public.plans TO service_role;


--
-- Name: FUNCTION tenant_plan(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.tenant_plan(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_plan(p_tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.tenant_plan(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION tenant_today(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.tenant_today(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_today(p_tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.tenant_today(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION tenant_usage(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.tenant_usage(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_usage(p_tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.tenant_usage(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION today(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.today() FROM PUBLIC;
GRANT ALL ON FUNCTION private.today() TO authenticated;
GRANT ALL ON FUNCTION private.today() TO service_role;


--
-- Name: FUNCTION total_invoice(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.total_invoice() FROM PUBLIC;


--
-- Name: FUNCTION total_production(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.total_production() FROM PUBLIC;


--
-- Name: FUNCTION touch_updated_at(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.touch_updated_at() FROM PUBLIC;
GRANT ALL ON FUNCTION private.touch_updated_at() TO anon;
GRANT ALL ON FUNCTION private.touch_updated_at() TO authenticated;
GRANT ALL ON FUNCTION private.touch_updated_at() TO service_role;


--
-- Name: FUNCTION transition_rows(p_op text, p_columns text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.transition_rows(p_op text, p_columns text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.transition_rows(p_op text, p_columns text) TO authenticated;
GRANT ALL ON FUNCTION private.transition_rows(p_op text, p_columns text) TO service_role;


--
-- Name: FUNCTION treatment_changed(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.treatment_changed() FROM PUBLIC;


--
-- Name: TABLE treatments; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.treatments TO authenticated;
GRANT ALL ON TABLE public.treatments TO service_role;


--
-- Name: COLUMN treatments.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.group_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(group_id) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.diagnosis; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(diagnosis) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.medicine; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(medicine) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.dose; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(dose) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.route; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(route) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.course_start; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(course_start) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.course_end; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(course_end) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.is_cascade; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(is_cascade) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.meat_withdrawal_hours; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(meat_withdrawal_hours) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.milk_withdrawal_hours; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(milk_withdrawal_hours) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.eggs_withdrawal_hours; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(eggs_withdrawal_hours) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.vet_name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(vet_name) ON TABLE public.treatments TO authenticated;


--
-- Name: COLUMN treatments.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes) ON TABLE public.treatments TO authenticated;


--
-- Name: FUNCTION treatment_json(t public.treatments); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.treatment_json(t public.treatments) FROM PUBLIC;
GRANT ALL ON FUNCTION private.treatment_json(t public.treatments) TO authenticated;
GRANT ALL ON FUNCTION private.treatment_json(t public.treatments) TO service_role;


--
-- Name: FUNCTION try_date(p text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.try_date(p text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.try_date(p text) TO authenticated;
GRANT ALL ON FUNCTION private.try_date(p text) TO service_role;


--
-- Name: FUNCTION try_integer(p text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.try_integer(p text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.try_integer(p text) TO authenticated;
GRANT ALL ON FUNCTION private.try_integer(p text) TO service_role;


--
-- Name: FUNCTION try_numeric(p text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.try_numeric(p text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.try_numeric(p text) TO authenticated;
GRANT ALL ON FUNCTION private.try_numeric(p text) TO service_role;


--
-- Name: FUNCTION try_uuid(p text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.try_uuid(p text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.try_uuid(p text) TO authenticated;
GRANT ALL ON FUNCTION private.try_uuid(p text) TO service_role;


--
-- Name: FUNCTION unreplicated_schemas(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.unreplicated_schemas() FROM PUBLIC;


--
-- Name: FUNCTION unreplicated_tables(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.unreplicated_tables() FROM PUBLIC;


--
-- Name: FUNCTION update_daily_summaries(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.update_daily_summaries(p_as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION private.update_daily_summaries(p_as_of timestamp with time zone) TO service_role;


--
-- Name: FUNCTION usage_count(p_tenant_id uuid, p_resource text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.usage_count(p_tenant_id uuid, p_resource text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.usage_count(p_tenant_id uuid, p_resource text) TO authenticated;
GRANT ALL ON FUNCTION private.usage_count(p_tenant_id uuid, p_resource text) TO service_role;


--
-- Name: FUNCTION usage_over_plan(p_tenant_id uuid, p_plan_code text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.usage_over_plan(p_tenant_id uuid, p_plan_code text) FROM PUBLIC;


--
-- Name: TABLE vaccinations; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.vaccinations TO authenticated;
GRANT ALL ON TABLE public.vaccinations TO service_role;


--
-- Name: COLUMN vaccinations.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.vaccinations TO authenticated;


--
-- Name: COLUMN vaccinations.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.vaccinations TO authenticated;


--
-- Name: COLUMN vaccinations.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.vaccinations TO authenticated;


--
-- Name: COLUMN vaccinations.group_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(group_id) ON TABLE public.vaccinations TO authenticated;


--
-- Name: COLUMN vaccinations.vaccine; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(vaccine) ON TABLE public.vaccinations TO authenticated;


--
-- Name: COLUMN vaccinations.dose; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(dose) ON TABLE public.vaccinations TO authenticated;


--
-- Name: COLUMN vaccinations.batch_number; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(batch_number) ON TABLE public.vaccinations TO authenticated;


--
-- Name: COLUMN vaccinations.given_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(given_on) ON TABLE public.vaccinations TO authenticated;


--
-- Name: COLUMN vaccinations.next_due_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(next_due_on) ON TABLE public.vaccinations TO authenticated;


--
-- Name: COLUMN vaccinations.vet_name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(vet_name) ON TABLE public.vaccinations TO authenticated;


--
-- Name: COLUMN vaccinations.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes) ON TABLE public.vaccinations TO authenticated;


--
-- Name: FUNCTION vaccination_json(v public.vaccinations); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.vaccination_json(v public.vaccinations) FROM PUBLIC;
GRANT ALL ON FUNCTION private.vaccination_json(v public.vaccinations) TO authenticated;
GRANT ALL ON FUNCTION private.vaccination_json(v public.vaccinations) TO service_role;


--
-- Name: FUNCTION withdrawal_days(p_product text, p_label_hours integer, p_is_cascade boolean, p_is_organic boolean); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.withdrawal_days(p_product text, p_label_hours integer, p_is_cascade boolean, p_is_organic boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION private.withdrawal_days(p_product text, p_label_hours integer, p_is_cascade boolean, p_is_organic boolean) TO authenticated;
GRANT ALL ON FUNCTION private.withdrawal_days(p_product text, p_label_hours integer, p_is_cascade boolean, p_is_organic boolean) TO service_role;


--
-- Name: FUNCTION withholding_treatment(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, p_product text, p_on date, OUT treatment_id uuid, OUT clear_on date); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.withholding_treatment(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, p_product text, p_on date, OUT treatment_id uuid, OUT clear_on date) FROM PUBLIC;
GRANT ALL ON FUNCTION private.withholding_treatment(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid, p_product text, p_on date, OUT treatment_id uuid, OUT clear_on date) TO service_role;


--
-- Name: FUNCTION writable_when_inactive(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.writable_when_inactive() FROM PUBLIC;


--
-- Name: FUNCTION extension(name text); Type: ACL; Schema: storage; Owner: -
--

REVOKE ALL ON FUNCTION storage.extension(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION storage.extension(name text) TO anon;
GRANT ALL ON FUNCTION storage.extension(name text) TO authenticated;
GRANT ALL ON FUNCTION storage.extension(name text) TO service_role;


--
-- Name: FUNCTION filename(name text); Type: ACL; Schema: storage; Owner: -
--

REVOKE ALL ON FUNCTION storage.filename(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION storage.filename(name text) TO anon;
GRANT ALL ON FUNCTION storage.filename(name text) TO authenticated;
GRANT ALL ON FUNCTION storage.filename(name text) TO service_role;


--
-- Name: FUNCTION foldername(name text); Type: ACL; Schema: storage; Owner: -
--

REVOKE ALL ON FUNCTION storage.foldername(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION storage.foldername(name text) TO anon;
GRANT ALL ON FUNCTION storage.foldername(name text) TO authenticated;
GRANT ALL ON FUNCTION storage.foldername(name text) TO service_role;


--
-- Name: FUNCTION search(prefix text, bucketname text, limits integer, levels integer, offsets integer, search text, sortcolumn text, sortorder text); Type: ACL; Schema: storage; Owner: -
--

REVOKE ALL ON FUNCTION storage.search(prefix text, bucketname text, limits integer, levels integer, offsets integer, search text, sortcolumn text, sortorder text) FROM PUBLIC;
GRANT ALL ON FUNCTION storage.search(prefix text, bucketname text, limits integer, levels integer, offsets integer, search text, sortcolumn text, sortorder text) TO anon;
GRANT ALL ON FUNCTION storage.search(prefix text, bucketname text, limits integer, levels integer, offsets integer, search text, sortcolumn text, sortorder text) TO authenticated;
GRANT ALL ON FUNCTION storage.search(prefix text, bucketname text, limits integer, levels integer, offsets integer, search text, sortcolumn text, sortorder text) TO service_role;


--
-- Name: TABLE animal_weights; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.animal_weights TO authenticated;
GRANT ALL ON TABLE public.animal_weights TO service_role;


--
-- Name: COLUMN animal_weights.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.animal_weights TO authenticated;


--
-- Name: COLUMN animal_weights.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.animal_weights TO authenticated;


--
-- Name: COLUMN animal_weights.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.animal_weights TO authenticated;


--
-- Name: COLUMN animal_weights.weighed_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(weighed_on) ON TABLE public.animal_weights TO authenticated;


--
-- Name: COLUMN animal_weights.weight_kg; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(weight_kg) ON TABLE public.animal_weights TO authenticated;


--
-- Name: COLUMN animal_weights.method; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(method) ON TABLE public.animal_weights TO authenticated;


--
-- Name: COLUMN animal_weights.recorded_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(recorded_by) ON TABLE public.animal_weights TO authenticated;


--
-- Name: TABLE births; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.births TO authenticated;
GRANT ALL ON TABLE public.births TO service_role;


--
-- Name: COLUMN births.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.births TO authenticated;


--
-- Name: COLUMN births.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.births TO authenticated;


--
-- Name: COLUMN births.dam_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(dam_id) ON TABLE public.births TO authenticated;


--
-- Name: COLUMN births.sire_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(sire_id) ON TABLE public.births TO authenticated;


--
-- Name: COLUMN births.service_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(service_id) ON TABLE public.births TO authenticated;


--
-- Name: COLUMN births.born_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(born_on) ON TABLE public.births TO authenticated;


--
-- Name: COLUMN births.offspring_count; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(offspring_count) ON TABLE public.births TO authenticated;


--
-- Name: COLUMN births.stillborn_count; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(stillborn_count) ON TABLE public.births TO authenticated;


--
-- Name: COLUMN births.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes) ON TABLE public.births TO authenticated;


--
-- Name: COLUMN births.recorded_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(recorded_by) ON TABLE public.births TO authenticated;


--
-- Name: TABLE breeding_services; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.breeding_services TO authenticated;
GRANT ALL ON TABLE public.breeding_services TO service_role;


--
-- Name: COLUMN breeding_services.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.breeding_services TO authenticated;


--
-- Name: COLUMN breeding_services.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.breeding_services TO authenticated;


--
-- Name: COLUMN breeding_services.dam_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(dam_id) ON TABLE public.breeding_services TO authenticated;


--
-- Name: COLUMN breeding_services.method; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(method) ON TABLE public.breeding_services TO authenticated;


--
-- Name: COLUMN breeding_services.sire_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(sire_id) ON TABLE public.breeding_services TO authenticated;


--
-- Name: COLUMN breeding_services.semen_straw_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(semen_straw_id) ON TABLE public.breeding_services TO authenticated;


--
-- Name: COLUMN breeding_services.technician; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(technician) ON TABLE public.breeding_services TO authenticated;


--
-- Name: COLUMN breeding_services.served_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(served_on) ON TABLE public.breeding_services TO authenticated;


--
-- Name: COLUMN breeding_services.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes) ON TABLE public.breeding_services TO authenticated;


--
-- Name: COLUMN breeding_services.recorded_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(recorded_by) ON TABLE public.breeding_services TO authenticated;


--
-- Name: TABLE pregnancy_checks; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.pregnancy_checks TO authenticated;
GRANT ALL ON TABLE public.pregnancy_checks TO service_role;


--
-- Name: COLUMN pregnancy_checks.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.pregnancy_checks TO authenticated;


--
-- Name: COLUMN pregnancy_checks.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.pregnancy_checks TO authenticated;


--
-- Name: COLUMN pregnancy_checks.service_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(service_id) ON TABLE public.pregnancy_checks TO authenticated;


--
-- Name: COLUMN pregnancy_checks.checked_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(checked_on) ON TABLE public.pregnancy_checks TO authenticated;


--
-- Name: COLUMN pregnancy_checks.result; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(result) ON TABLE public.pregnancy_checks TO authenticated;


--
-- Name: COLUMN pregnancy_checks.method; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(method) ON TABLE public.pregnancy_checks TO authenticated;


--
-- Name: COLUMN pregnancy_checks.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes) ON TABLE public.pregnancy_checks TO authenticated;


--
-- Name: COLUMN pregnancy_checks.recorded_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(recorded_by) ON TABLE public.pregnancy_checks TO authenticated;


--
-- Name: TABLE species; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.species TO anon;
GRANT SELECT ON TABLE public.species TO authenticated;
GRANT ALL ON TABLE public.species TO service_role;


--
-- Name: TABLE animal_sales; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.animal_sales TO authenticated;
GRANT ALL ON TABLE public.animal_sales TO service_role;


--
-- Name: COLUMN animal_sales.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.group_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(group_id) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.female; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(female) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.male; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(male) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.unknown; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(unknown) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.buyer_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(buyer_id) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.sold_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(sold_on) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.price; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(price) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.currency; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(currency) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.weight_kg; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(weight_kg) ON TABLE public.animal_sales TO authenticated;


--
-- Name: COLUMN animal_sales.for_slaughter; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(for_slaughter) ON TABLE public.animal_sales TO authenticated;


--
-- Name: TABLE expense_categories; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.expense_categories TO authenticated;
GRANT ALL ON TABLE public.expense_categories TO service_role;


--
-- Name: COLUMN expense_categories.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.expense_categories TO authenticated;


--
-- Name: COLUMN expense_categories.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.expense_categories TO authenticated;


--
-- Name: COLUMN expense_categories.code; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(code) ON TABLE public.expense_categories TO authenticated;


--
-- Name: COLUMN expense_categories.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name) ON TABLE public.expense_categories TO authenticated;


--
-- Name: TABLE product_sales; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.product_sales TO authenticated;
GRANT ALL ON TABLE public.product_sales TO service_role;


--
-- Name: COLUMN product_sales.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.product_sales TO authenticated;


--
-- Name: COLUMN product_sales.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.product_sales TO authenticated;


--
-- Name: COLUMN product_sales.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id) ON TABLE public.product_sales TO authenticated;


--
-- Name: COLUMN product_sales.product; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(product) ON TABLE public.product_sales TO authenticated;


--
-- Name: COLUMN product_sales.quantity; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(quantity) ON TABLE public.product_sales TO authenticated;


--
-- Name: COLUMN product_sales.unit; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(unit) ON TABLE public.product_sales TO authenticated;


--
-- Name: COLUMN product_sales.unit_price; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(unit_price) ON TABLE public.product_sales TO authenticated;


--
-- Name: COLUMN product_sales.currency; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(currency) ON TABLE public.product_sales TO authenticated;


--
-- Name: COLUMN product_sales.sold_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(sold_on) ON TABLE public.product_sales TO authenticated;


--
-- Name: COLUMN product_sales.buyer_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(buyer_id) ON TABLE public.product_sales TO authenticated;


--
-- Name: TABLE animal_groups; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.animal_groups TO authenticated;
GRANT ALL ON TABLE public.animal_groups TO service_role;


--
-- Name: COLUMN animal_groups.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.location_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(location_id),UPDATE(location_id) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.species; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(species) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.purpose; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(purpose),UPDATE(purpose) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.started_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(started_on) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.deleted_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE public.animal_groups TO authenticated;


--
-- Name: TABLE group_count_events; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.group_count_events TO authenticated;
GRANT ALL ON TABLE public.group_count_events TO service_role;


--
-- Name: COLUMN group_count_events.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.group_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(group_id) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.event_type; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(event_type) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.occurred_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(occurred_on) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.female_delta; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(female_delta) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.male_delta; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(male_delta) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.unknown_delta; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(unknown_delta) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.note; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(note) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.recorded_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(recorded_by) ON TABLE public.group_count_events TO authenticated;


--
-- Name: TABLE node_state; Type: ACL; Schema: private; Owner: -
--

GRANT SELECT ON TABLE private.node_state TO anon;
GRANT SELECT ON TABLE private.node_state TO authenticated;
GRANT SELECT ON TABLE private.node_state TO service_role;


--
-- Name: TABLE activities; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.activities TO authenticated;
GRANT ALL ON TABLE public.activities TO service_role;


--
-- Name: COLUMN activities.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.activities TO authenticated;


--
-- Name: COLUMN activities.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.activities TO authenticated;


--
-- Name: COLUMN activities.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.activities TO authenticated;


--
-- Name: COLUMN activities.group_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(group_id) ON TABLE public.activities TO authenticated;


--
-- Name: COLUMN activities.activity_type; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(activity_type) ON TABLE public.activities TO authenticated;


--
-- Name: COLUMN activities.performed_at; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(performed_at) ON TABLE public.activities TO authenticated;


--
-- Name: COLUMN activities.performed_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(performed_by) ON TABLE public.activities TO authenticated;


--
-- Name: COLUMN activities.duration_minutes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(duration_minutes) ON TABLE public.activities TO authenticated;


--
-- Name: COLUMN activities.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes) ON TABLE public.activities TO authenticated;


--
-- Name: TABLE animal_counts; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.animal_counts TO authenticated;
GRANT ALL ON TABLE public.animal_counts TO service_role;


--
-- Name: TABLE animal_movements; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.animal_movements TO authenticated;
GRANT ALL ON TABLE public.animal_movements TO service_role;


--
-- Name: COLUMN animal_movements.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.to_farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(to_farm_id) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.to_location_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(to_location_id) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.moved_at; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(moved_at) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.reason; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(reason) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.recorded_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(recorded_by) ON TABLE public.animal_movements TO authenticated;


--
-- Name: TABLE animal_tags; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.animal_tags TO authenticated;
GRANT ALL ON TABLE public.animal_tags TO service_role;


--
-- Name: COLUMN animal_tags.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.animal_tags TO authenticated;


--
-- Name: COLUMN animal_tags.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.animal_tags TO authenticated;


--
-- Name: COLUMN animal_tags.kind; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(kind) ON TABLE public.animal_tags TO authenticated;


--
-- Name: COLUMN animal_tags.value; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(value) ON TABLE public.animal_tags TO authenticated;


--
-- Name: TABLE approval_limits; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.approval_limits TO authenticated;
GRANT ALL ON TABLE public.approval_limits TO service_role;


--
-- Name: COLUMN approval_limits.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.approval_limits TO authenticated;


--
-- Name: COLUMN approval_limits.role; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(role) ON TABLE public.approval_limits TO authenticated;


--
-- Name: COLUMN approval_limits.max_amount; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(max_amount),UPDATE(max_amount) ON TABLE public.approval_limits TO authenticated;


--
-- Name: TABLE breeds; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.breeds TO anon;
GRANT SELECT ON TABLE public.breeds TO authenticated;
GRANT ALL ON TABLE public.breeds TO service_role;


--
-- Name: TABLE cascade_withdrawal_minimums; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.cascade_withdrawal_minimums TO anon;
GRANT SELECT ON TABLE public.cascade_withdrawal_minimums TO authenticated;
GRANT ALL ON TABLE public.cascade_withdrawal_minimums TO service_role;


--
-- Name: TABLE counterparties; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.counterparties TO authenticated;
GRANT ALL ON TABLE public.counterparties TO service_role;


--
-- Name: COLUMN counterparties.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.counterparties TO authenticated;


--
-- Name: COLUMN counterparties.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.counterparties TO authenticated;


--
-- Name: COLUMN counterparties.kind; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(kind),UPDATE(kind) ON TABLE public.counterparties TO authenticated;


--
-- Name: COLUMN counterparties.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.counterparties TO authenticated;


--
-- Name: COLUMN counterparties.phone; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(phone),UPDATE(phone) ON TABLE public.counterparties TO authenticated;


--
-- Name: COLUMN counterparties.email; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(email),UPDATE(email) ON TABLE public.counterparties TO authenticated;


--
-- Name: COLUMN counterparties.tax_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tax_id),UPDATE(tax_id) ON TABLE public.counterparties TO authenticated;


--
-- Name: TABLE expense_allocations; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.expense_allocations TO authenticated;
GRANT ALL ON TABLE public.expense_allocations TO service_role;


--
-- Name: COLUMN expense_allocations.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.expense_allocations TO authenticated;


--
-- Name: COLUMN expense_allocations.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.expense_allocations TO authenticated;


--
-- Name: COLUMN expense_allocations.expense_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(expense_id) ON TABLE public.expense_allocations TO authenticated;


--
-- Name: COLUMN expense_allocations.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.expense_allocations TO authenticated;


--
-- Name: COLUMN expense_allocations.group_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(group_id) ON TABLE public.expense_allocations TO authenticated;


--
-- Name: COLUMN expense_allocations.heads; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(heads) ON TABLE public.expense_allocations TO authenticated;


--
-- Name: COLUMN expense_allocations.amount; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(amount) ON TABLE public.expense_allocations TO authenticated;


--
-- Name: TABLE farm_access; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.farm_access TO authenticated;
GRANT ALL ON TABLE public.farm_access TO service_role;


--
-- Name: COLUMN farm_access.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.farm_access TO authenticated;


--
-- Name: COLUMN farm_access.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.farm_access TO authenticated;


--
-- Name: COLUMN farm_access.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id) ON TABLE public.farm_access TO authenticated;


--
-- Name: COLUMN farm_access.granted_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(granted_by) ON TABLE public.farm_access TO authenticated;


--
-- Name: TABLE invitations; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.invitations TO authenticated;
GRANT ALL ON TABLE public.invitations TO service_role;


--
-- Name: COLUMN invitations.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.email; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(email) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.role; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(role) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.token_hash; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(token_hash) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.invited_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(invited_by) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.expires_at; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(expires_at) ON TABLE public.invitations TO authenticated;


--
-- Name: TABLE invoice_counters; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.invoice_counters TO authenticated;
GRANT ALL ON TABLE public.invoice_counters TO service_role;


--
-- Name: TABLE invoice_lines; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.invoice_lines TO authenticated;
GRANT ALL ON TABLE public.invoice_lines TO service_role;


--
-- Name: COLUMN invoice_lines.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.invoice_lines TO authenticated;


--
-- Name: COLUMN invoice_lines.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.invoice_lines TO authenticated;


--
-- Name: COLUMN invoice_lines.invoice_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(invoice_id) ON TABLE public.invoice_lines TO authenticated;


--
-- Name: COLUMN invoice_lines."position"; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT("position") ON TABLE public.invoice_lines TO authenticated;


--
-- Name: COLUMN invoice_lines.description; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(description) ON TABLE public.invoice_lines TO authenticated;


--
-- Name: COLUMN invoice_lines.quantity; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(quantity) ON TABLE public.invoice_lines TO authenticated;


--
-- Name: COLUMN invoice_lines.unit_price; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(unit_price) ON TABLE public.invoice_lines TO authenticated;


--
-- Name: COLUMN invoice_lines.tax_rate; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tax_rate) ON TABLE public.invoice_lines TO authenticated;


--
-- Name: COLUMN invoice_lines.animal_sale_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_sale_id) ON TABLE public.invoice_lines TO authenticated;


--
-- Name: COLUMN invoice_lines.product_sale_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(product_sale_id) ON TABLE public.invoice_lines TO authenticated;


--
-- Name: TABLE lactations; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.lactations TO authenticated;
GRANT ALL ON TABLE public.lactations TO service_role;


--
-- Name: COLUMN lactations.dried_off_on; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(dried_off_on) ON TABLE public.lactations TO authenticated;


--
-- Name: TABLE locations; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.locations TO authenticated;
GRANT ALL ON TABLE public.locations TO service_role;


--
-- Name: COLUMN locations.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.kind; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(kind),UPDATE(kind) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.capacity; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(capacity),UPDATE(capacity) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.deleted_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE public.locations TO authenticated;


--
-- Name: TABLE notifications; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.notifications TO authenticated;
GRANT ALL ON TABLE public.notifications TO service_role;


--
-- Name: TABLE open_lactation_counts; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.open_lactation_counts TO authenticated;
GRANT ALL ON TABLE public.open_lactation_counts TO service_role;


--
-- Name: TABLE payment_attempts; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.payment_attempts TO authenticated;
GRANT ALL ON TABLE public.payment_attempts TO service_role;


--
-- Name: TABLE payments; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.payments TO authenticated;
GRANT ALL ON TABLE public.payments TO service_role;


--
-- Name: COLUMN payments.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.payments TO authenticated;


--
-- Name: COLUMN payments.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.payments TO authenticated;


--
-- Name: COLUMN payments.invoice_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(invoice_id) ON TABLE public.payments TO authenticated;


--
-- Name: COLUMN payments.amount; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(amount) ON TABLE public.payments TO authenticated;


--
-- Name: COLUMN payments.paid_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(paid_on) ON TABLE public.payments TO authenticated;


--
-- Name: COLUMN payments.method; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(method) ON TABLE public.payments TO authenticated;


--
-- Name: COLUMN payments.reference; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(reference) ON TABLE public.payments TO authenticated;


--
-- Name: TABLE production_daily_totals; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.production_daily_totals TO authenticated;
GRANT ALL ON TABLE public.production_daily_totals TO service_role;


--
-- Name: TABLE production_record_revisions; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.production_record_revisions TO authenticated;
GRANT ALL ON TABLE public.production_record_revisions TO service_role;


--
-- Name: TABLE profiles; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.profiles TO authenticated;
GRANT ALL ON TABLE public.profiles TO service_role;


--
-- Name: COLUMN profiles.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.full_name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(full_name),UPDATE(full_name) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.phone; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(phone),UPDATE(phone) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.avatar_url; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(avatar_url),UPDATE(avatar_url) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE public.profiles TO authenticated;


--
-- Name: TABLE role_permissions; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.role_permissions TO anon;
GRANT SELECT ON TABLE public.role_permissions TO authenticated;
GRANT ALL ON TABLE public.role_permissions TO service_role;


--
-- Name: TABLE roles; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.roles TO anon;
GRANT SELECT ON TABLE public.roles TO authenticated;
GRANT ALL ON TABLE public.roles TO service_role;


--
-- Name: TABLE species_products; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.species_products TO anon;
GRANT SELECT ON TABLE public.species_products TO authenticated;
GRANT ALL ON TABLE public.species_products TO service_role;


--
-- Name: TABLE subscription_invoices; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.subscription_invoices TO authenticated;
GRANT ALL ON TABLE public.subscription_invoices TO service_role;


--
-- Name: TABLE tenant_breeds; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.tenant_breeds TO authenticated;
GRANT ALL ON TABLE public.tenant_breeds TO service_role;


--
-- Name: COLUMN tenant_breeds.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.tenant_breeds TO authenticated;


--
-- Name: COLUMN tenant_breeds.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.tenant_breeds TO authenticated;


--
-- Name: COLUMN tenant_breeds.species; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(species) ON TABLE public.tenant_breeds TO authenticated;


--
-- Name: COLUMN tenant_breeds.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name) ON TABLE public.tenant_breeds TO authenticated;


--
-- Name: COLUMN tenant_breeds.gestation_days; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(gestation_days) ON TABLE public.tenant_breeds TO authenticated;


--
-- Name: TABLE tenant_members; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.tenant_members TO authenticated;
GRANT ALL ON TABLE public.tenant_members TO service_role;


--
-- Name: COLUMN tenant_members.role; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(role) ON TABLE public.tenant_members TO authenticated;


--
-- Name: COLUMN tenant_members.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE public.tenant_members TO authenticated;


--
-- Name: TABLE usage_metrics; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.usage_metrics TO authenticated;
GRANT ALL ON TABLE public.usage_metrics TO service_role;


--
-- Name: TABLE buckets; Type: ACL; Schema: storage; Owner: -
--

GRANT SELECT ON TABLE storage.buckets TO anon;
GRANT SELECT ON TABLE storage.buckets TO authenticated;
GRANT ALL ON TABLE storage.buckets TO service_role;


--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: -; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE ALL ON FUNCTIONS FROM PUBLIC;


--
-- PostgreSQL database dump complete
--

\unrestrict ifarm

