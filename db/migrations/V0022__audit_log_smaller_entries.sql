-- V0022: smaller audit entries, cheaper to write. The audit log grows with every change, and a bulk
-- insert of 5,000 production records writes 5,000 entries; their indexes are a large share of that
-- cost. A row's history is found by its id alone (ids are UUIDs, unique across tables), so the
-- row index no longer carries the table name and the time: a row has few entries, sorted cheaply.
-- (The inserted and deleted rows' values also shrink: db/functions/110_audit.sql leaves out their
-- NULL columns and the tenant id, which the entry holds in its own column.)
DROP INDEX audit.log_tenant_row_idx;
CREATE INDEX log_tenant_row_idx ON audit.log (tenant_id, (row_key ->> 'id'));
