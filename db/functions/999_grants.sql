-- 999_grants: runs last. Every api function is callable by signed-in users and the service role;
-- anon gets only what is listed here. Functions elsewhere stay ungranted unless their file says so.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA api FROM PUBLIC, anon;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA api TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION api.whoami() TO anon;
-- Service role only: iFarm staff record manual payments of subscription invoices.
REVOKE EXECUTE ON FUNCTION api.record_subscription_payment(uuid, boolean, text, text) FROM authenticated;
