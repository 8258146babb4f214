-- V0014: dates follow one clock (private.now(), db/functions/000_base.sql) and the tenant's time
-- zone, and billing periods keep their day of the month.
--
-- A farm record's date defaulted to current_date: the server's date, which is not the tenant's
-- (a farm in UTC+3 recording at 01:00 got yesterday) and which no test can set. The defaults go;
-- each table's BEFORE INSERT trigger fills a missing date with private.tenant_today(tenant_id).
ALTER TABLE public.animal_groups ALTER COLUMN started_on DROP DEFAULT;
ALTER TABLE public.group_count_events ALTER COLUMN occurred_on DROP DEFAULT;
ALTER TABLE public.health_checks ALTER COLUMN checked_on DROP DEFAULT;
ALTER TABLE public.vaccinations ALTER COLUMN given_on DROP DEFAULT;
ALTER TABLE public.production_records ALTER COLUMN recorded_on DROP DEFAULT;

-- The day billing started (or restarted): period n ends on anchor + n cycles, clamped to the end of
-- a shorter month, so a subscription started on 31 January renews on 28 (29) February, 31 March,
-- 30 April -- not on the 28th for ever after. Existing subscriptions keep their next billing day.
ALTER TABLE public.subscriptions ADD COLUMN billing_anchor_on date;
UPDATE public.subscriptions SET billing_anchor_on = next_billing_on WHERE next_billing_on IS NOT NULL;
