-- 115_notifications: what produces notices, who receives them and by which channel, and how the
-- notifier (app/notifications.py, run by `ifarm scheduler`) claims, records and retries them.
--
--  * A kind of notice is a row of private.notification_kinds(): its rule, when the rule runs, whether
--    it is a security notice, who receives it. A rule is a function private.notices_<kind>(as_of)
--    returning (tenant_id, user_id, key, facts): facts are the jsonb the templates render, key (with
--    the user appended) is the dedupe key, so a rule run twice queues a notice once.
--  * private.queue_notifications(kind, as_of) runs a rule and queues one row per channel the user
--    wants (preferences; in_app and email by default; a security notice is always in the app).
--  * The notifier claims due rows with FOR UPDATE SKIP LOCKED and a lease, renders them (subject,
--    text, HTML from templates in the tenant's language) and sends the email ones by SMTP; each
--    result is recorded with the server's reply; a transient failure is retried with growing
--    back-off, at most 3 attempts; a permanent one (a 5xx reply) fails at once.
--  * Users read, count and mark read their own in-app notices; set their preferences; a signed
--    link in each non-security email unsubscribes them from that kind (private.unsubscribe).

-- ===================================================================== kinds and recipients

-- Every kind of notice: its rule, its cadence ('minute': the every-minute job; 'daily': the hourly
-- job, for each tenant from 06:00 its local time; 'trials': private.check_trial_expirations at
-- 06:00 UTC), whether it is a security notice (always in the app, no unsubscribe link) and who
-- receives it. A new kind is a row here, its rule function and its templates.
CREATE OR REPLACE FUNCTION private.notification_kinds()
RETURNS TABLE (kind text, rule text, cadence text, is_security boolean, title text, recipients text)
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
    VALUES
        ('trial_ending', 'notices_trial_ending', 'trials', false, 'Trial ending', 'owners'),
        ('payment_failed', 'notices_payment_failed', 'minute', true, 'Subscription payment failed',
         'billing managers (owners and admins)'),
        ('subscription_suspended', 'notices_subscription_suspended', 'minute', true, 'Subscription suspended',
         'billing managers (owners and admins)'),
        ('invoice_overdue', 'notices_invoice_overdue', 'daily', false, 'Invoice overdue',
         'finance writers (owners, admins, managers, accountants)'),
        ('expense_approval', 'notices_expense_approval', 'minute', false, 'Expense waiting for your approval',
         'members who may approve it: finance.approve, an approval limit covering the amount, access to its farm, '
         'not its submitter'),
        ('withdrawal_ending', 'notices_withdrawal_ending', 'daily', false, 'Withdrawal period ending',
         'members who record production or health on the farm (owners, admins, managers, workers, vets)'),
        ('birth_due', 'notices_birth_due', 'daily', false, 'Birth due',
         'members who record breeding on the farm (owners, admins, managers, vets)'),
        ('vaccination_due', 'notices_vaccination_due', 'daily', false, 'Vaccination due',
         'members who record health on the farm (owners, admins, managers, vets)'),
        ('device_alert', 'notices_device_alert', 'minute', false, 'Device alert',
         'the farm''s device managers (devices.manage: owners, admins, managers with access to the farm)')
$$;

-- At most this many attempts per notice (the plan's retry_count < 3).
CREATE OR REPLACE FUNCTION private.notification_max_attempts() RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT 3
$$;

-- The members of a tenant whose role grants any of the permissions and who may work on the farm
-- (every farm for farms.all, else those granted in farm_access; a null farm: no farm condition).
CREATE OR REPLACE FUNCTION private.members_with(p_tenant_id uuid, p_permissions text[], p_farm_id uuid)
RETURNS SETOF uuid
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT m.user_id
    FROM public.tenant_members m
    WHERE m.tenant_id = p_tenant_id
      AND EXISTS (SELECT 1 FROM public.role_permissions rp
                  WHERE rp.role = m.role AND rp.permission = ANY (p_permissions))
      AND (p_farm_id IS NULL
           OR EXISTS (SELECT 1 FROM public.role_permissions rp WHERE rp.role = m.role AND rp.permission = 'farms.all')
           OR EXISTS (SELECT 1 FROM public.farm_access a
                      WHERE a.tenant_id = m.tenant_id AND a.user_id = m.user_id AND a.farm_id = p_farm_id))
$$;

-- The channels a notice of a kind reaches a member by: their preference for the kind, else both; a
-- security notice is always in the app.
CREATE OR REPLACE FUNCTION private.notice_channels(p_tenant_id uuid, p_user_id uuid, p_kind text,
    p_is_security boolean) RETURNS SETOF text
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT c.channel
    FROM (VALUES ('in_app'), ('email')) c (channel)
    LEFT JOIN public.notification_preferences p
           ON p.tenant_id = p_tenant_id AND p.user_id = p_user_id AND p.kind = p_kind
    WHERE CASE c.channel WHEN 'in_app' THEN p_is_security OR coalesce(p.is_in_app_enabled, true)
                         ELSE coalesce(p.is_email_enabled, true) END
$$;

-- ===================================================================== queueing

-- Runs the rule of a kind as of an instant and queues what it finds: one row per channel the user
-- wants, unless a notice with the same key exists on any channel (so changing preferences later
-- does not re-send an old notice). Daily rules queue a tenant's notices only from 06:00 its local
-- time. Returns the number of notices queued (a notice on two channels counts once).
CREATE OR REPLACE FUNCTION private.queue_notifications(p_kind text, p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_kind record;
    v_count bigint;
BEGIN
    SELECT * INTO v_kind FROM private.notification_kinds() k WHERE k.kind = p_kind;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown notification kind %L', p_kind);
    END IF;
    EXECUTE format($q$
        WITH found AS (
            SELECT n.tenant_id, n.user_id, n.key || ':' || n.user_id AS dedupe_key, n.facts
            FROM private.%I($1) n
            JOIN public.tenants t ON t.id = n.tenant_id
            WHERE $3 <> 'daily' OR extract(hour FROM $1 AT TIME ZONE t.timezone) >= 6),
        queued AS (
            INSERT INTO public.notifications AS x (tenant_id, user_id, channel, kind, facts, dedupe_key)
            SELECT f.tenant_id, f.user_id, c.channel, $2, f.facts, f.dedupe_key
            FROM found f
            CROSS JOIN LATERAL private.notice_channels(f.tenant_id, f.user_id, $2, $4) c (channel)
            WHERE NOT EXISTS (SELECT 1 FROM public.notifications y
                              WHERE y.tenant_id = f.tenant_id AND y.dedupe_key = f.dedupe_key)
            ON CONFLICT DO NOTHING
            RETURNING x.tenant_id, x.dedupe_key)
        SELECT count(DISTINCT (q.tenant_id, q.dedupe_key)) FROM queued q
    $q$, v_kind.rule) INTO v_count USING p_as_of, p_kind, v_kind.cadence, v_kind.is_security;
    RETURN v_count;
END
$$;

-- Jobs: every kind of a cadence ('minute' every minute, 'daily' every hour; null: every kind, as
-- `ifarm up` does once for the demo). Returns the notices queued.
CREATE OR REPLACE FUNCTION private.produce_notifications(p_cadence text, p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_kind text;
    v_total bigint := 0;
BEGIN
    FOR v_kind IN SELECT k.kind FROM private.notification_kinds() k
                  WHERE p_cadence IS NULL OR k.cadence = p_cadence ORDER BY k.kind LOOP
        v_total := v_total + private.queue_notifications(v_kind, p_as_of);
    END LOOP;
    RETURN v_total;
END
$$;

-- Wakes the notifiers (LISTEN ifarm_notifications) when a statement queues notices, so a notice
-- leaves at once rather than at the next 5-minute run.
CREATE OR REPLACE FUNCTION private.wake_notifier() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM queued q WHERE q.status = 'pending') THEN
        PERFORM pg_notify('ifarm_notifications', '');
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS wake_notifier ON public.notifications;
CREATE TRIGGER wake_notifier AFTER INSERT ON public.notifications
    REFERENCING NEW TABLE AS queued FOR EACH STATEMENT EXECUTE FUNCTION private.wake_notifier();

-- ===================================================================== vaccine schedules

-- How many doses of a vaccine an animal or group has had up to a day (that day included).
CREATE OR REPLACE FUNCTION private.vaccine_doses_given(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid,
    p_vaccine text, p_on date) RETURNS integer
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT count(*)::integer FROM public.vaccinations v
    WHERE v.tenant_id = p_tenant_id AND (v.animal_id = p_animal_id OR v.group_id = p_group_id)
      AND lower(btrim(v.vaccine)) = lower(btrim(p_vaccine)) AND v.given_on <= p_on
$$;

-- A vaccination recorded without a next due date gets one from its vaccine's schedule: the next
-- dose of the primary course (primary_interval_days later) until the course is complete, then the
-- booster (booster_interval_days later; none when the schedule has no booster). Runs after
-- prepare_health_record (trigger names fire in order), so the date is set. SECURITY DEFINER: it
-- counts the subject's earlier doses whatever the recorder may read.
CREATE OR REPLACE FUNCTION private.set_vaccination_due() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_schedule public.vaccine_schedules;
    v_dose integer;
BEGIN
    IF NEW.next_due_on IS NOT NULL THEN
        RETURN NEW;
    END IF;
    SELECT * INTO v_schedule FROM public.vaccine_schedules s
    WHERE s.tenant_id = NEW.tenant_id AND lower(btrim(s.vaccine)) = lower(btrim(NEW.vaccine));
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    v_dose := private.vaccine_doses_given(NEW.tenant_id, NEW.animal_id, NEW.group_id, NEW.vaccine, NEW.given_on) + 1;
    NEW.next_due_on := NEW.given_on + CASE WHEN v_dose < v_schedule.primary_doses THEN v_schedule.primary_interval_days
                                           ELSE v_schedule.booster_interval_days END;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS set_vaccination_due ON public.vaccinations;
CREATE TRIGGER set_vaccination_due BEFORE INSERT ON public.vaccinations
    FOR EACH ROW EXECUTE FUNCTION private.set_vaccination_due();

DROP TRIGGER IF EXISTS touch_updated_at ON public.vaccine_schedules;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.vaccine_schedules
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();

-- ===================================================================== rules

-- trial_ending: the owners, 3 days before the trial ends (platform dates: UTC), once per trial end.
CREATE OR REPLACE FUNCTION private.notices_trial_ending(p_as_of timestamptz)
RETURNS TABLE (tenant_id uuid, user_id uuid, key text, facts jsonb)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT s.tenant_id, m.user_id, format('trial_ending:%s:%s', s.id, s.trial_ends_on),
           jsonb_build_object('trial_ends_on', s.trial_ends_on, 'days_left', s.trial_ends_on - d.day,
                              'plan', p.name, 'plan_code', s.plan_code)
    FROM (SELECT (p_as_of AT TIME ZONE 'UTC')::date AS day) d
    JOIN public.subscriptions s ON s.status = 'trial' AND s.trial_ends_on > d.day AND s.trial_ends_on <= d.day + 3
    JOIN public.plans p ON p.code = s.plan_code
    JOIN public.tenant_members m ON m.tenant_id = s.tenant_id AND m.role = 'owner'
$$;

-- payment_failed: billing managers, once per failed attempt while its invoice is still open and no
-- later attempt was made.
CREATE OR REPLACE FUNCTION private.notices_payment_failed(p_as_of timestamptz)
RETURNS TABLE (tenant_id uuid, user_id uuid, key text, facts jsonb)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT a.tenant_id, u.user_id, format('payment_failed:%s', a.id),
           jsonb_build_object('invoice_id', i.id, 'amount', i.amount, 'currency', i.currency,
                              'attempt_no', a.attempt_no, 'error', a.error, 'plan', p.name,
                              'period_start', i.period_start, 'period_end', i.period_end, 'due_on', i.due_on,
                              'next_retry_on', s.next_retry_on, 'subscription_status', s.status)
    FROM public.payment_attempts a
    JOIN public.subscription_invoices i ON i.tenant_id = a.tenant_id AND i.id = a.invoice_id AND i.status = 'open'
    JOIN public.subscriptions s ON s.tenant_id = i.tenant_id AND s.id = i.subscription_id
    JOIN public.plans p ON p.code = i.plan_code
    CROSS JOIN LATERAL private.members_with(a.tenant_id, '{billing.manage}', NULL) u (user_id)
    WHERE a.status = 'failed'
      AND NOT EXISTS (SELECT 1 FROM public.payment_attempts b
                      WHERE b.tenant_id = a.tenant_id AND b.invoice_id = a.invoice_id AND b.attempt_no > a.attempt_no)
$$;

-- subscription_suspended: billing managers, once per suspension.
CREATE OR REPLACE FUNCTION private.notices_subscription_suspended(p_as_of timestamptz)
RETURNS TABLE (tenant_id uuid, user_id uuid, key text, facts jsonb)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT s.tenant_id, u.user_id,
           format('subscription_suspended:%s:%s', s.id, floor(extract(epoch FROM s.suspended_at))::bigint),
           jsonb_build_object('plan', p.name, 'suspended_at', s.suspended_at, 'failed_attempts', s.failed_attempts,
                              'amount_due', o.amount, 'currency', o.currency, 'open_invoices', o.invoices)
    FROM public.subscriptions s
    JOIN public.plans p ON p.code = s.plan_code
    CROSS JOIN LATERAL (SELECT coalesce(sum(i.amount), 0) AS amount, max(i.currency) AS currency,
                               count(*) AS invoices
                        FROM public.subscription_invoices i
                        WHERE i.tenant_id = s.tenant_id AND i.subscription_id = s.id AND i.status = 'open') o
    CROSS JOIN LATERAL private.members_with(s.tenant_id, '{billing.manage}', NULL) u (user_id)
    WHERE s.status = 'suspended'
$$;

-- invoice_overdue: finance writers, once per invoice, from the tenant's day after its due date.
CREATE OR REPLACE FUNCTION private.notices_invoice_overdue(p_as_of timestamptz)
RETURNS TABLE (tenant_id uuid, user_id uuid, key text, facts jsonb)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT i.tenant_id, u.user_id, format('invoice_overdue:%s', i.id),
           jsonb_build_object('invoice_id', i.id, 'number', i.number, 'customer', c.name, 'issued_on', i.issued_on,
                              'due_on', i.due_on, 'days_overdue', d.day - i.due_on, 'total', i.total,
                              'amount_paid', i.amount_paid, 'outstanding', i.total - i.amount_paid,
                              'currency', i.currency)
    FROM public.invoices i
    JOIN public.tenants t ON t.id = i.tenant_id
    CROSS JOIN LATERAL (SELECT (p_as_of AT TIME ZONE t.timezone)::date AS day) d
    LEFT JOIN public.counterparties c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
    CROSS JOIN LATERAL private.members_with(i.tenant_id, '{finance.write}', NULL) u (user_id)
    WHERE i.status IN ('issued', 'overdue') AND i.due_on < d.day
$$;

-- expense_approval: each member who may approve a submitted expense (finance.approve, a limit row
-- for their role covering the amount, access to its farm), never its submitter; once per submission.
CREATE OR REPLACE FUNCTION private.notices_expense_approval(p_as_of timestamptz)
RETURNS TABLE (tenant_id uuid, user_id uuid, key text, facts jsonb)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT e.tenant_id, m.user_id,
           format('expense_approval:%s:%s', e.id, floor(extract(epoch FROM e.submitted_at) * 1000)::bigint),
           jsonb_build_object('expense_id', e.id, 'amount', e.amount, 'currency', e.currency,
                              'description', e.description, 'category', c.name, 'farm', f.name,
                              'spent_on', e.spent_on, 'submitted_by', coalesce(p.full_name, p.email),
                              'approval_limit', l.max_amount)
    FROM public.expenses e
    JOIN public.farms f ON f.tenant_id = e.tenant_id AND f.id = e.farm_id
    JOIN public.expense_categories c ON c.tenant_id = e.tenant_id AND c.id = e.category_id
    LEFT JOIN public.profiles p ON p.id = e.created_by
    JOIN public.tenant_members m ON m.tenant_id = e.tenant_id AND m.user_id IS DISTINCT FROM e.created_by
    JOIN public.approval_limits l ON l.tenant_id = e.tenant_id AND l.role = m.role
                                 AND (l.max_amount IS NULL OR abs(e.amount) <= l.max_amount)
    WHERE e.status = 'submitted'
      AND m.user_id IN (SELECT private.members_with(e.tenant_id, '{finance.approve}', e.farm_id))
$$;

-- withdrawal_ending: the day before a live animal's or group's product clears (the latest
-- clearance of that product wins; from tomorrow it may be sold), to the members who record
-- production or health on its farm; one notice per subject and day, listing the products.
CREATE OR REPLACE FUNCTION private.notices_withdrawal_ending(p_as_of timestamptz)
RETURNS TABLE (tenant_id uuid, user_id uuid, key text, facts jsonb)
LANGUAGE sql STABLE SET search_path = '' AS $$
    WITH clearing AS (
        SELECT t.tenant_id, t.animal_id, t.group_id, v.clear_on,
               jsonb_agg(jsonb_build_object('product', v.product, 'medicine', t.medicine)
                         ORDER BY v.product) AS products
        FROM public.treatments t
        JOIN public.tenants tn ON tn.id = t.tenant_id
        CROSS JOIN LATERAL (VALUES ('meat', t.meat_clear_on), ('milk', t.milk_clear_on), ('eggs', t.eggs_clear_on))
            AS v (product, clear_on)
        WHERE v.clear_on = (p_as_of AT TIME ZONE tn.timezone)::date + 1
          AND NOT EXISTS (
              SELECT 1 FROM public.treatments l
              WHERE l.tenant_id = t.tenant_id
                AND (l.animal_id = t.animal_id OR l.group_id = t.group_id)
                AND CASE v.product WHEN 'meat' THEN l.meat_clear_on WHEN 'milk' THEN l.milk_clear_on
                                   ELSE l.eggs_clear_on END > v.clear_on)
        GROUP BY t.tenant_id, t.animal_id, t.group_id, v.clear_on)
    SELECT c.tenant_id, u.user_id, format('withdrawal_ending:%s:%s', coalesce(c.animal_id, c.group_id), c.clear_on),
           jsonb_build_object('subject', CASE WHEN c.animal_id IS NOT NULL THEN 'animal' ELSE 'group' END,
                              'animal_id', c.animal_id, 'group_id', c.group_id, 'tag_number', a.tag_number,
                              'animal_name', a.name, 'group_name', g.name, 'farm', f.name,
                              'last_withheld_on', c.clear_on - 1, 'clear_on', c.clear_on, 'products', c.products)
    FROM clearing c
    LEFT JOIN public.animals a ON a.tenant_id = c.tenant_id AND a.id = c.animal_id
    LEFT JOIN public.animal_groups g ON g.tenant_id = c.tenant_id AND g.id = c.group_id
    JOIN public.farms f ON f.tenant_id = c.tenant_id AND f.id = coalesce(a.farm_id, g.farm_id)
    CROSS JOIN LATERAL private.members_with(c.tenant_id, '{production.write,health.write}', f.id) u (user_id)
    WHERE (a.id IS NOT NULL AND a.status = 'active' AND a.deleted_at IS NULL)
       OR (g.id IS NOT NULL AND g.deleted_at IS NULL)
$$;

-- birth_due: an open pregnancy (served or confirmed) of a live dam due within 7 days of the
-- tenant's today (due today included), to the members who record breeding on her farm; once.
CREATE OR REPLACE FUNCTION private.notices_birth_due(p_as_of timestamptz)
RETURNS TABLE (tenant_id uuid, user_id uuid, key text, facts jsonb)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT s.tenant_id, u.user_id, format('birth_due:%s', s.id),
           jsonb_build_object('service_id', s.id, 'dam_id', a.id, 'tag_number', a.tag_number, 'animal_name', a.name,
                              'species', a.species, 'farm', f.name, 'served_on', s.served_on,
                              'expected_due_on', s.expected_due_on, 'days_left', s.expected_due_on - d.day,
                              'is_confirmed', s.status = 'confirmed', 'sire_tag', sire.tag_number)
    FROM public.breeding_services s
    JOIN public.tenants t ON t.id = s.tenant_id
    CROSS JOIN LATERAL (SELECT (p_as_of AT TIME ZONE t.timezone)::date AS day) d
    JOIN public.animals a ON a.tenant_id = s.tenant_id AND a.id = s.dam_id
                         AND a.status = 'active' AND a.deleted_at IS NULL
    JOIN public.farms f ON f.tenant_id = a.tenant_id AND f.id = a.farm_id
    LEFT JOIN public.animals sire ON sire.tenant_id = s.tenant_id AND sire.id = s.sire_id
    CROSS JOIN LATERAL private.members_with(s.tenant_id, '{breeding.write}', a.farm_id) u (user_id)
    WHERE s.status IN ('served', 'confirmed') AND s.expected_due_on BETWEEN d.day AND d.day + 7
$$;

-- device_alert: a device's reading stayed outside a threshold for the threshold's time, so an alert
-- opened (db/functions/131_device_ingest.sql), to the farm's device managers; once per alert. The
-- ingest queues it at once; the minute job catches anything else. An alert that opened and closed
-- in one batch is still told (closed within the last day, on the readings' clock).
CREATE OR REPLACE FUNCTION private.notices_device_alert(p_as_of timestamptz)
RETURNS TABLE (tenant_id uuid, user_id uuid, key text, facts jsonb)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT a.tenant_id, u.user_id, format('device_alert:%s', a.id),
           jsonb_build_object('alert_id', a.id, 'device_id', d.id, 'device', coalesce(d.name, d.serial_number),
                              'serial_number', d.serial_number, 'device_type', t.name, 'farm', f.name,
                              'location', l.name, 'metric', a.metric, 'unit', m.unit, 'condition', a.condition,
                              'limit', CASE a.condition WHEN 'above' THEN a.max_value ELSE a.min_value END,
                              'value', a.opening_value, 'for_minutes', a.for_seconds / 60,
                              'breach_started_at', a.breach_started_at, 'opened_at', a.opened_at,
                              'is_open', a.status = 'open', 'closed_at', a.closed_at)
    FROM public.device_alerts a
    JOIN public.devices d ON d.tenant_id = a.tenant_id AND d.id = a.device_id
    JOIN public.device_types t ON t.code = d.device_type
    LEFT JOIN public.device_metrics m ON m.device_type = d.device_type AND m.metric = a.metric
    JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
    LEFT JOIN public.locations l ON l.tenant_id = d.tenant_id AND l.id = d.location_id
    CROSS JOIN LATERAL private.members_with(a.tenant_id, '{devices.manage}', d.farm_id) u (user_id)
    WHERE a.status = 'open' OR a.closed_at > p_as_of - interval '1 day'
$$;

-- vaccination_due: the next dose of a vaccine for a live animal or group (its latest vaccination's
-- next due date: given, or from the vaccine's schedule) falls within 7 days of the tenant's today,
-- to the members who record health on its farm; once per dose.
CREATE OR REPLACE FUNCTION private.notices_vaccination_due(p_as_of timestamptz)
RETURNS TABLE (tenant_id uuid, user_id uuid, key text, facts jsonb)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT v.tenant_id, u.user_id, format('vaccination_due:%s', v.id),
           jsonb_build_object('vaccination_id', v.id, 'vaccine', v.vaccine,
                              'subject', CASE WHEN v.animal_id IS NOT NULL THEN 'animal' ELSE 'group' END,
                              'animal_id', v.animal_id, 'group_id', v.group_id, 'tag_number', a.tag_number,
                              'animal_name', a.name, 'group_name', g.name, 'farm', f.name,
                              'last_given_on', v.given_on, 'due_on', v.next_due_on,
                              'days_left', v.next_due_on - d.day, 'doses_given', n.doses,
                              'is_booster', n.doses >= coalesce(vs.primary_doses, 1))
    FROM public.vaccinations v
    JOIN public.tenants t ON t.id = v.tenant_id
    CROSS JOIN LATERAL (SELECT (p_as_of AT TIME ZONE t.timezone)::date AS day) d
    LEFT JOIN public.animals a ON a.tenant_id = v.tenant_id AND a.id = v.animal_id
    LEFT JOIN public.animal_groups g ON g.tenant_id = v.tenant_id AND g.id = v.group_id
    JOIN public.farms f ON f.tenant_id = v.tenant_id AND f.id = coalesce(a.farm_id, g.farm_id)
    LEFT JOIN public.vaccine_schedules vs ON vs.tenant_id = v.tenant_id
                                         AND lower(btrim(vs.vaccine)) = lower(btrim(v.vaccine))
    CROSS JOIN LATERAL private.vaccine_doses_given(v.tenant_id, v.animal_id, v.group_id, v.vaccine, v.given_on)
        n (doses)
    CROSS JOIN LATERAL private.members_with(v.tenant_id, '{health.write}', f.id) u (user_id)
    WHERE v.next_due_on BETWEEN d.day AND d.day + 7
      AND ((a.id IS NOT NULL AND a.status = 'active' AND a.deleted_at IS NULL)
           OR (g.id IS NOT NULL AND g.deleted_at IS NULL))
      AND NOT EXISTS (SELECT 1 FROM public.vaccinations l
                      WHERE l.tenant_id = v.tenant_id
                        AND (l.animal_id = v.animal_id OR l.group_id = v.group_id)
                        AND lower(btrim(l.vaccine)) = lower(btrim(v.vaccine))
                        AND (l.given_on, l.id) > (v.given_on, v.id))
$$;

-- ===================================================================== delivery (the notifier)

-- Claims up to p_limit due notices on the given channels for a notifier: rows locked SKIP LOCKED (two notifiers never
-- take the same row), then leased until now() + p_lease and their attempt counted, in one short
-- transaction; the notifier sends after it commits. A lease that ran out makes the row claimable
-- again. Rows whose last attempt never reported back and that have no attempt left are failed
-- first. Returns what rendering needs: the facts, the recipient and the tenant's language.
CREATE OR REPLACE FUNCTION private.claim_notifications(p_worker text, p_limit integer, p_lease interval,
    p_channels text[])
RETURNS TABLE (tenant_id uuid, id uuid, user_id uuid, channel text, kind text, facts jsonb, subject text,
               body text, attempts integer, email text, full_name text, language text, tenant_name text,
               is_security boolean)
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
#variable_conflict use_column
BEGIN
    UPDATE public.notifications n
    SET status = 'failed', locked_until = NULL, locked_by = NULL,
        last_error = left(coalesce(n.last_error || '; ', '') || 'the last attempt never reported back', 2000)
    WHERE n.status = 'pending' AND n.attempts >= private.notification_max_attempts() AND n.locked_until < now();
    RETURN QUERY
    WITH due AS (
        SELECT n.tenant_id, n.id FROM public.notifications n
        WHERE n.status = 'pending' AND n.next_attempt_at <= now() AND n.channel = ANY (p_channels)
          AND (n.locked_until IS NULL OR n.locked_until < now())
          AND n.attempts < private.notification_max_attempts()
        ORDER BY n.next_attempt_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED),
    claimed AS (
        UPDATE public.notifications n
        SET locked_until = now() + p_lease, locked_by = p_worker, attempts = n.attempts + 1
        FROM due WHERE n.tenant_id = due.tenant_id AND n.id = due.id
        RETURNING n.*)
    SELECT c.tenant_id, c.id, c.user_id, c.channel, c.kind, c.facts, c.subject, c.body, c.attempts::integer,
           u.email::text, p.full_name, t.language, t.name, coalesce(k.is_security, false)
    FROM claimed c
    JOIN public.tenants t ON t.id = c.tenant_id
    LEFT JOIN auth.users u ON u.id = c.user_id
    LEFT JOIN public.profiles p ON p.id = c.user_id
    LEFT JOIN private.notification_kinds() k ON k.kind = c.kind
    ORDER BY c.next_attempt_at;
END
$$;

-- Records what a notifier did with the notices it holds (locked by it, still pending): p_results is
-- [{tenant_id, id, ok, subject, body, reply, error, permanent}]. Sent: the rendered subject and text
-- and the server's reply are kept. Failed: a permanent failure, or the last attempt, ends it as
-- failed with the error; otherwise it is due again after p_retry_base x 4^(attempts - 1) (1, 4
-- minutes with the default base). Returns the rows recorded.
CREATE OR REPLACE FUNCTION private.record_notification_results(p_worker text, p_results jsonb, p_retry_base interval)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_rows bigint;
BEGIN
    UPDATE public.notifications n
    SET status = CASE WHEN r.ok THEN 'sent'
                      WHEN coalesce(r.permanent, false) OR n.attempts >= private.notification_max_attempts()
                      THEN 'failed' ELSE 'pending' END,
        sent_at = CASE WHEN r.ok THEN now() END,
        subject = coalesce(left(r.subject, 200), n.subject),
        body = coalesce(left(r.body, 5000), n.body),
        smtp_reply = coalesce(left(r.reply, 1000), n.smtp_reply),
        last_error = CASE WHEN r.ok THEN n.last_error ELSE left(r.error, 2000) END,
        next_attempt_at = CASE WHEN r.ok OR coalesce(r.permanent, false) THEN n.next_attempt_at
                               ELSE now() + p_retry_base * power(4, greatest(n.attempts - 1, 0)) END,
        locked_until = NULL, locked_by = NULL
    FROM jsonb_to_recordset(p_results) AS r (tenant_id uuid, id uuid, ok boolean, subject text, body text,
                                             reply text, error text, permanent boolean)
    WHERE n.tenant_id = r.tenant_id AND n.id = r.id AND n.locked_by = p_worker AND n.status = 'pending';
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;

-- Gives back notices a notifier claimed but did not try (its lease would have run out before it
-- could): the attempt is not counted.
CREATE OR REPLACE FUNCTION private.release_notifications(p_worker text, p_notices jsonb) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_rows bigint;
BEGIN
    UPDATE public.notifications n
    SET locked_until = NULL, locked_by = NULL, attempts = greatest(n.attempts - 1, 0)
    FROM jsonb_to_recordset(p_notices) AS r (tenant_id uuid, id uuid)
    WHERE n.tenant_id = r.tenant_id AND n.id = r.id AND n.locked_by = p_worker AND n.status = 'pending';
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;

-- The notifications waiting and failed, for `ifarm status` and /metrics.
CREATE OR REPLACE FUNCTION private.notification_backlog() RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT jsonb_build_object(
        'pending', count(*) FILTER (WHERE n.status = 'pending'),
        'failed', count(*) FILTER (WHERE n.status = 'failed'),
        'oldest_pending_seconds', coalesce(extract(epoch FROM now() - min(n.created_at)
                                                   FILTER (WHERE n.status = 'pending')), 0))
    FROM public.notifications n
    WHERE n.status IN ('pending', 'failed')
$$;

-- ===================================================================== preferences and unsubscribe

-- A preference names a known kind, and a security notice stays in the app.
CREATE OR REPLACE FUNCTION private.check_notification_preference() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    v_is_security boolean;
BEGIN
    SELECT k.is_security INTO v_is_security FROM private.notification_kinds() k WHERE k.kind = NEW.kind;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = format('unknown notification kind %L', NEW.kind),
            DETAIL = (SELECT string_agg(k.kind, ', ' ORDER BY k.kind) FROM private.notification_kinds() k),
            HINT = 'unknown_notification_kind';
    END IF;
    IF v_is_security AND NOT NEW.is_in_app_enabled THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = format('%s is a security notice: it always shows in the app', NEW.kind),
            HINT = 'security_notice_in_app';
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS check_notification_preference ON public.notification_preferences;
CREATE TRIGGER check_notification_preference BEFORE INSERT OR UPDATE ON public.notification_preferences
    FOR EACH ROW EXECUTE FUNCTION private.check_notification_preference();

-- The unsubscribe link (GET shows, POST applies; the API checked the token's signature first):
-- the member's email for that kind is turned off when p_apply. Refused for security notices, which
-- carry no such link. Returns what the page shows. Called by the API as the service role.
CREATE OR REPLACE FUNCTION private.unsubscribe(p_tenant_id uuid, p_user_id uuid, p_kind text, p_apply boolean)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_kind record;
    v_tenant text;
BEGIN
    SELECT * INTO v_kind FROM private.notification_kinds() k WHERE k.kind = p_kind;
    IF NOT FOUND OR v_kind.is_security THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'this notice has no unsubscribe link',
            HINT = 'unsubscribe_not_allowed';
    END IF;
    SELECT t.name INTO v_tenant FROM public.tenants t
    JOIN public.tenant_members m ON m.tenant_id = t.id AND m.user_id = p_user_id
    WHERE t.id = p_tenant_id;
    IF v_tenant IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'you are no longer a member of this farm business',
            HINT = 'member_not_found';
    END IF;
    IF p_apply THEN
        INSERT INTO public.notification_preferences AS p (tenant_id, user_id, kind, is_email_enabled)
        VALUES (p_tenant_id, p_user_id, p_kind, false)
        ON CONFLICT (tenant_id, user_id, kind) DO UPDATE SET is_email_enabled = false;
    END IF;
    RETURN jsonb_build_object('tenant', v_tenant, 'kind', p_kind, 'title', v_kind.title,
        'is_email_enabled', coalesce((SELECT p.is_email_enabled FROM public.notification_preferences p
                                      WHERE p.tenant_id = p_tenant_id AND p.user_id = p_user_id
                                        AND p.kind = p_kind), true));
END
$$;

-- ===================================================================== policies

DROP POLICY IF EXISTS "users read their own notifications" ON public.notifications;
CREATE POLICY "users read their own notifications" ON public.notifications
    FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid()) AND tenant_id IN (SELECT private.my_tenant_ids()));
DROP POLICY IF EXISTS "users mark their own notifications read" ON public.notifications;
CREATE POLICY "users mark their own notifications read" ON public.notifications
    FOR UPDATE TO authenticated
    USING (user_id = (SELECT auth.uid()) AND tenant_id IN (SELECT private.my_tenant_ids()))
    WITH CHECK (user_id = (SELECT auth.uid()) AND tenant_id IN (SELECT private.my_tenant_ids()));

DROP POLICY IF EXISTS "users read their own notification preferences" ON public.notification_preferences;
CREATE POLICY "users read their own notification preferences" ON public.notification_preferences
    FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid()) AND tenant_id IN (SELECT private.my_tenant_ids()));
DROP POLICY IF EXISTS "users choose their own notification channels" ON public.notification_preferences;
CREATE POLICY "users choose their own notification channels" ON public.notification_preferences
    FOR ALL TO authenticated
    USING (user_id = (SELECT auth.uid()) AND tenant_id IN (SELECT private.my_tenant_ids()))
    WITH CHECK (user_id = (SELECT auth.uid()) AND tenant_id IN (SELECT private.my_tenant_ids()));

DROP POLICY IF EXISTS "members read their tenant's vaccine schedules" ON public.vaccine_schedules;
CREATE POLICY "members read their tenant's vaccine schedules" ON public.vaccine_schedules
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids()));
DROP POLICY IF EXISTS "health recorders set vaccine schedules" ON public.vaccine_schedules;
CREATE POLICY "health recorders set vaccine schedules" ON public.vaccine_schedules
    FOR ALL TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('health.write')))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('health.write')));

-- ===================================================================== api: the in-app inbox

-- An in-app notice as clients see it.
CREATE OR REPLACE FUNCTION private.notification_json(n public.notifications) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT jsonb_build_object('id', n.id, 'kind', n.kind, 'subject', n.subject, 'body', n.body, 'facts', n.facts,
                              'created_at', n.created_at, 'read_at', n.read_at, 'is_read', n.read_at IS NOT NULL)
$$;

-- The caller's in-app notices in a tenant, unread first, then newest first, page by page.
CREATE OR REPLACE FUNCTION api.list_notifications(tenant_id uuid, unread_only boolean DEFAULT false,
    "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t uuid := list_notifications.tenant_id;
    v_uid uuid := private.require_user();
    v_unread_only boolean := coalesce(list_notifications.unread_only, false);
BEGIN
    PERFORM private.require_permission(t, 'tenant.read');
    PERFORM private.check_page(list_notifications."limit", list_notifications."offset");
    RETURN jsonb_build_object(
        'count', (SELECT count(*) FROM public.notifications n
                  WHERE n.tenant_id = t AND n.user_id = v_uid AND n.channel = 'in_app' AND n.status = 'sent'
                    AND (NOT v_unread_only OR n.read_at IS NULL)),
        'results', (SELECT coalesce(jsonb_agg(private.notification_json(n)
                                              ORDER BY n.read_at IS NULL DESC, n.created_at DESC, n.id DESC),
                                    '[]'::jsonb)
                    FROM (SELECT * FROM public.notifications n
                          WHERE n.tenant_id = t AND n.user_id = v_uid AND n.channel = 'in_app' AND n.status = 'sent'
                            AND (NOT v_unread_only OR n.read_at IS NULL)
                          ORDER BY n.read_at IS NULL DESC, n.created_at DESC, n.id DESC
                          LIMIT list_notifications."limit" OFFSET list_notifications."offset") n));
END
$$;
COMMENT ON FUNCTION api.list_notifications(uuid, boolean, integer, integer) IS
    'Your in-app notices in a tenant, unread first, newest first, page by page.';

-- How many of the caller's in-app notices in a tenant are unread.
CREATE OR REPLACE FUNCTION api.unread_notification_count(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_uid uuid := private.require_user();
BEGIN
    PERFORM private.require_permission(unread_notification_count.tenant_id, 'tenant.read');
    RETURN jsonb_build_object('unread', (
        SELECT count(*) FROM public.notifications n
        WHERE n.tenant_id = unread_notification_count.tenant_id AND n.user_id = v_uid AND n.channel = 'in_app'
          AND n.status = 'sent' AND n.read_at IS NULL));
END
$$;
COMMENT ON FUNCTION api.unread_notification_count(uuid) IS 'How many of your in-app notices are unread.';

-- Marks one of the caller's in-app notices read (again: no change); 404 for anyone else's.
CREATE OR REPLACE FUNCTION api.mark_notification_read(tenant_id uuid, notification_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.notifications;
BEGIN
    PERFORM private.require_permission(mark_notification_read.tenant_id, 'tenant.read');
    UPDATE public.notifications n SET read_at = coalesce(n.read_at, now())
    WHERE n.tenant_id = mark_notification_read.tenant_id AND n.id = mark_notification_read.notification_id
      AND n.user_id = auth.uid() AND n.channel = 'in_app' AND n.status = 'sent'
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'no such notification',
            DETAIL = format('notification_id=%s', mark_notification_read.notification_id),
            HINT = 'notification_not_found';
    END IF;
    RETURN private.notification_json(v_row);
END
$$;
COMMENT ON FUNCTION api.mark_notification_read(uuid, uuid) IS 'Mark one of your in-app notices read.';

-- Marks all of the caller's in-app notices in a tenant read.
CREATE OR REPLACE FUNCTION api.mark_all_notifications_read(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_rows bigint;
BEGIN
    PERFORM private.require_permission(mark_all_notifications_read.tenant_id, 'tenant.read');
    UPDATE public.notifications n SET read_at = now()
    WHERE n.tenant_id = mark_all_notifications_read.tenant_id AND n.user_id = auth.uid() AND n.channel = 'in_app'
      AND n.status = 'sent' AND n.read_at IS NULL;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN jsonb_build_object('marked', v_rows);
END
$$;
COMMENT ON FUNCTION api.mark_all_notifications_read(uuid) IS 'Mark all your in-app notices in a tenant read.';

-- ===================================================================== api: preferences

-- The caller's channels for every kind of notice in a tenant (no choice made: both).
CREATE OR REPLACE FUNCTION api.get_notification_preferences(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_uid uuid := private.require_user();
BEGIN
    PERFORM private.require_permission(get_notification_preferences.tenant_id, 'tenant.read');
    RETURN (SELECT jsonb_agg(jsonb_build_object('kind', k.kind, 'title', k.title, 'is_security', k.is_security,
                                                'email', coalesce(p.is_email_enabled, true),
                                                'in_app', k.is_security OR coalesce(p.is_in_app_enabled, true))
                             ORDER BY k.kind)
            FROM private.notification_kinds() k
            LEFT JOIN public.notification_preferences p
                   ON p.tenant_id = get_notification_preferences.tenant_id AND p.user_id = v_uid AND p.kind = k.kind);
END
$$;
COMMENT ON FUNCTION api.get_notification_preferences(uuid) IS
    'Your channels (email, in-app) for each kind of notice in a tenant.';

-- Chooses the caller's channels for one kind of notice (an omitted channel keeps its setting).
-- Security notices always show in the app (409 security_notice_in_app).
CREATE OR REPLACE FUNCTION api.set_notification_preference(tenant_id uuid, kind text, email boolean DEFAULT NULL,
    in_app boolean DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_uid uuid := private.require_user();
BEGIN
    PERFORM private.require_permission(set_notification_preference.tenant_id, 'tenant.read');
    INSERT INTO public.notification_preferences AS p (tenant_id, user_id, kind, is_email_enabled, is_in_app_enabled)
    VALUES (set_notification_preference.tenant_id, v_uid, set_notification_preference.kind,
            coalesce(set_notification_preference.email, true), coalesce(set_notification_preference.in_app, true))
    ON CONFLICT ON CONSTRAINT notification_preferences_pkey DO UPDATE
    SET is_email_enabled = coalesce(set_notification_preference.email, p.is_email_enabled),
        is_in_app_enabled = coalesce(set_notification_preference.in_app, p.is_in_app_enabled);
    RETURN (SELECT x FROM jsonb_array_elements(api.get_notification_preferences(set_notification_preference.tenant_id)) x
            WHERE x ->> 'kind' = set_notification_preference.kind);
END
$$;
COMMENT ON FUNCTION api.set_notification_preference(uuid, text, boolean, boolean) IS
    'Choose your channels (email, in-app) for one kind of notice in a tenant.';

-- ===================================================================== api: vaccine schedules

-- A tenant's vaccine schedules (primary course, booster interval).
CREATE OR REPLACE FUNCTION api.list_vaccine_schedules(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_vaccine_schedules.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(s) - 'tenant_id' ORDER BY lower(s.vaccine)), '[]'::jsonb)
            FROM public.vaccine_schedules s WHERE s.tenant_id = list_vaccine_schedules.tenant_id);
END
$$;
COMMENT ON FUNCTION api.list_vaccine_schedules(uuid) IS 'The vaccine schedules: primary course and booster interval.';

-- Sets a vaccine's schedule (by name, any case): n primary doses primary_interval_days apart, then
-- a booster every booster_interval_days (null: none). Vaccinations recorded later without a next
-- due date get one from it.
CREATE OR REPLACE FUNCTION api.set_vaccine_schedule(tenant_id uuid, vaccine text, primary_doses integer DEFAULT 1,
    primary_interval_days integer DEFAULT NULL, booster_interval_days integer DEFAULT NULL, notes text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.vaccine_schedules;
BEGIN
    PERFORM private.require_permission(set_vaccine_schedule.tenant_id, 'health.write');
    UPDATE public.vaccine_schedules s
    SET primary_doses = coalesce(set_vaccine_schedule.primary_doses, 1),
        primary_interval_days = set_vaccine_schedule.primary_interval_days,
        booster_interval_days = set_vaccine_schedule.booster_interval_days, notes = set_vaccine_schedule.notes
    WHERE s.tenant_id = set_vaccine_schedule.tenant_id
      AND lower(btrim(s.vaccine)) = lower(btrim(set_vaccine_schedule.vaccine))
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        INSERT INTO public.vaccine_schedules (tenant_id, vaccine, primary_doses, primary_interval_days,
            booster_interval_days, notes)
        VALUES (set_vaccine_schedule.tenant_id, btrim(set_vaccine_schedule.vaccine),
                coalesce(set_vaccine_schedule.primary_doses, 1), set_vaccine_schedule.primary_interval_days,
                set_vaccine_schedule.booster_interval_days, set_vaccine_schedule.notes)
        RETURNING * INTO v_row;
    END IF;
    RETURN to_jsonb(v_row) - 'tenant_id';
END
$$;
COMMENT ON FUNCTION api.set_vaccine_schedule(uuid, text, integer, integer, integer, text) IS
    'Set a vaccine''s schedule: primary doses and interval, booster interval.';

-- ===================================================================== grants

GRANT EXECUTE ON FUNCTION private.notification_kinds(), private.notification_json(public.notifications),
    private.check_notification_preference()
    TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.unsubscribe(uuid, uuid, text, boolean), private.notification_backlog()
    TO service_role;
