-- V0025: a tenant's production records newest first, read a page at a time along an index instead of
-- sorting all of the tenant's records for every page: api.list_production without a farm or animal
-- filter (ORDER BY recorded_on DESC, session DESC NULLS LAST, id DESC) and GET /rest/v1/production_records
-- ?order=recorded_on.desc... (the same order, or an incremental sort within one day for other tie-breaks).
-- Found by `ifarm bench soak`: its p95 rose from 16 to 115 ms over 30 minutes as the production table
-- grew. On the largest scale-L tenant (1,016,800 records) api.list_production went from 390 ms to 93 ms
-- (what is left is its exact count) and the /rest/v1 page from 280 ms to 0.4 ms.
-- CONCURRENTLY: the table stays writable while the index builds (hence no transaction).
CREATE INDEX CONCURRENTLY IF NOT EXISTS production_records_recent_idx
    ON public.production_records (tenant_id, recorded_on DESC, session DESC NULLS LAST, id DESC);
