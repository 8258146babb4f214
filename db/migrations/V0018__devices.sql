-- V0018: farm devices -- the registry, device keys, sensor readings partitioned by month with hourly
-- and daily rollups and the latest value per metric, thresholds and the alerts they open, and the
-- database role the ingest endpoint runs as. Rules, policies, jobs and the api functions:
-- db/functions/130_devices.sql (registry, keys, thresholds, reads) and 131_device_ingest.sql (the
-- ingest path and what a stored reading sets off).

-- ===================================================================== reference data

-- Kinds of device. Data, not code: a new kind is an INSERT here and its metrics below.
CREATE TABLE public.device_types (
    code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
    name text NOT NULL,
    description text NOT NULL
);

-- What each kind of device measures, in which unit, within which plausible range (a reading outside
-- it is refused as a sensor fault), and which farm record a reading tied to an animal creates:
-- 'weight' (public.animal_weights) or 'milk' (public.production_records). One unit per metric, so
-- a metric's rollups never mix units.
CREATE TABLE public.device_metrics (
    device_type text NOT NULL REFERENCES public.device_types (code) ON DELETE CASCADE,
    metric text NOT NULL CHECK (metric ~ '^[a-z_]{2,40}$'),
    unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 10),
    min_value numeric NOT NULL,
    max_value numeric NOT NULL,
    creates text CHECK (creates IN ('weight', 'milk')),
    description text NOT NULL,
    PRIMARY KEY (device_type, metric),
    CHECK (min_value <= max_value)
);

INSERT INTO public.device_types (code, name, description) VALUES
    ('milk_meter', 'Milk meter', 'Measures the milk of each milking at a stall or in the parlour'),
    ('weighing_scale', 'Weighing scale', 'Weighs animals (a walk-over or crush scale)'),
    ('temperature_humidity_sensor', 'Temperature and humidity sensor', 'Air temperature and humidity of a barn, '
        'coop or store'),
    ('water_meter', 'Water meter', 'Water drawn by a trough or a building'),
    ('gps_collar', 'GPS collar', 'Position and movement of an animal'),
    ('other', 'Other device', 'Any other sensor reporting the common metrics');

INSERT INTO public.device_metrics (device_type, metric, unit, min_value, max_value, creates, description) VALUES
    ('milk_meter', 'milk_yield', 'l', 0, 100, 'milk', 'Milk of one milking'),
    ('milk_meter', 'milk_conductivity', 'mS/cm', 0, 20, NULL, 'Electrical conductivity of the milk (mastitis sign)'),
    ('weighing_scale', 'body_weight', 'kg', 0.01, 4999.99, 'weight', 'Body weight of an animal'),
    ('temperature_humidity_sensor', 'temperature', 'degC', -60, 80, NULL, 'Air temperature'),
    ('temperature_humidity_sensor', 'humidity', '%', 0, 100, NULL, 'Relative humidity'),
    ('water_meter', 'water_volume', 'l', 0, 1000000, NULL, 'Water drawn since the previous reading'),
    ('water_meter', 'water_flow', 'l/min', 0, 10000, NULL, 'Flow rate'),
    ('gps_collar', 'latitude', 'deg', -90, 90, NULL, 'Latitude (WGS 84)'),
    ('gps_collar', 'longitude', 'deg', -180, 180, NULL, 'Longitude (WGS 84)'),
    ('gps_collar', 'speed', 'km/h', 0, 200, NULL, 'Ground speed'),
    ('other', 'temperature', 'degC', -60, 80, NULL, 'Temperature'),
    ('other', 'humidity', '%', 0, 100, NULL, 'Relative humidity');
-- Every kind of device may report its battery level.
INSERT INTO public.device_metrics (device_type, metric, unit, min_value, max_value, creates, description)
SELECT t.code, 'battery', '%', 0, 100, NULL, 'Battery level' FROM public.device_types t;

-- ===================================================================== the registry

-- A device of a farm. Its serial number names one live device per tenant; a retired device keeps its
-- readings (and frees its serial number for a replacement). It may be attached to an animal (a
-- collar, a meter at one cow's stall) or placed in a location (a barn sensor), both on its farm.
CREATE TABLE public.devices (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    device_type text NOT NULL REFERENCES public.device_types (code),
    serial_number text NOT NULL CHECK (length(btrim(serial_number)) BETWEEN 1 AND 100),
    name text CHECK (length(name) <= 200),
    animal_id uuid,
    location_id uuid,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    notes text CHECK (length(notes) <= 2000),
    registered_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE SET NULL (animal_id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES public.locations (tenant_id, id) ON DELETE SET NULL (location_id),
    CHECK ((status = 'retired') = (retired_at IS NOT NULL))
);
CREATE UNIQUE INDEX devices_live_serial_key ON public.devices (tenant_id, lower(btrim(serial_number)))
    WHERE status = 'active';
CREATE INDEX devices_farm_idx ON public.devices (tenant_id, farm_id, status);
CREATE INDEX devices_animal_idx ON public.devices (tenant_id, animal_id) WHERE animal_id IS NOT NULL;

-- A device's API keys. The key is shown once when issued; only its SHA-256 is kept (token_hash, left
-- out of the audit log and of events like every token hash) with its first characters (prefix) for
-- support. A key is live until revoked or, after a rotation, until its grace period ends.
CREATE TABLE public.device_keys (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    device_id uuid NOT NULL,
    prefix text NOT NULL CHECK (prefix ~ '^ifd_[0-9a-f]{8}$'),
    token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    revoked_at timestamptz,
    revoked_by uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES public.devices (tenant_id, id) ON DELETE CASCADE
);
-- The ingest path finds a key by its hash alone (the device does not say its tenant).
CREATE INDEX device_keys_token_hash_idx ON public.device_keys (token_hash);
CREATE INDEX device_keys_device_idx ON public.device_keys (tenant_id, device_id);

-- ===================================================================== readings

-- Readings live in monthly partitions (native range partitioning on measured_at) in their own
-- schema, so the exposed schema shows one table and no client reaches a partition around its RLS.
CREATE SCHEMA IF NOT EXISTS device_data;
REVOKE ALL ON SCHEMA device_data FROM PUBLIC;

-- One value a device measured. The primary key is the idempotency key (a gateway resending a batch
-- adds nothing) and the index every read uses: one device's metric over a time range. No foreign
-- key: the only writer is the ingest path, which checks the device, and a foreign key costs a row
-- trigger per reading; the devices' delete trigger takes a deleted device's readings along.
CREATE TABLE public.device_readings (
    tenant_id uuid NOT NULL,
    device_id uuid NOT NULL,
    metric text NOT NULL,
    measured_at timestamptz NOT NULL,
    value numeric NOT NULL,
    animal_id uuid,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, device_id, metric, measured_at)
) PARTITION BY RANGE (measured_at);
-- Writes never fail for want of a partition: the partition job keeps three months ahead and moves
-- anything that landed here into its month.
CREATE TABLE device_data.device_readings_default PARTITION OF public.device_readings DEFAULT;

-- Per device, metric and hour (UTC): count, sum, min and max of the readings, kept exact by the
-- readings' statement trigger. Charts read these, never the raw rows.
CREATE TABLE public.device_readings_hourly (
    tenant_id uuid NOT NULL,
    device_id uuid NOT NULL,
    metric text NOT NULL,
    hour timestamptz NOT NULL,
    readings integer NOT NULL CHECK (readings > 0),
    sum numeric NOT NULL,
    min numeric NOT NULL,
    max numeric NOT NULL,
    PRIMARY KEY (tenant_id, device_id, metric, hour),
    FOREIGN KEY (tenant_id, device_id) REFERENCES public.devices (tenant_id, id) ON DELETE CASCADE
);

-- The same per day, the day taken in the tenant's time zone (a farm's day, as its records).
CREATE TABLE public.device_readings_daily (
    tenant_id uuid NOT NULL,
    device_id uuid NOT NULL,
    metric text NOT NULL,
    day date NOT NULL,
    readings integer NOT NULL CHECK (readings > 0),
    sum numeric NOT NULL,
    min numeric NOT NULL,
    max numeric NOT NULL,
    PRIMARY KEY (tenant_id, device_id, metric, day),
    FOREIGN KEY (tenant_id, device_id) REFERENCES public.devices (tenant_id, id) ON DELETE CASCADE
);

-- The newest reading of each device and metric, for the dashboard (and when the device was last
-- heard from).
CREATE TABLE public.device_latest_readings (
    tenant_id uuid NOT NULL,
    device_id uuid NOT NULL,
    metric text NOT NULL,
    measured_at timestamptz NOT NULL,
    value numeric NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, device_id, metric),
    FOREIGN KEY (tenant_id, device_id) REFERENCES public.devices (tenant_id, id) ON DELETE CASCADE
);

-- ===================================================================== thresholds and alerts

-- A limit on one metric of one device: values below min_value or above max_value for at least
-- for_seconds (0 = at once) open an alert.
CREATE TABLE public.device_thresholds (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    device_id uuid NOT NULL,
    metric text NOT NULL,
    min_value numeric,
    max_value numeric,
    for_seconds integer NOT NULL DEFAULT 0 CHECK (for_seconds BETWEEN 0 AND 604800),
    is_enabled boolean NOT NULL DEFAULT true,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, device_id, metric),
    FOREIGN KEY (tenant_id, device_id) REFERENCES public.devices (tenant_id, id) ON DELETE CASCADE,
    CHECK (min_value IS NOT NULL OR max_value IS NOT NULL),
    CHECK (min_value IS NULL OR max_value IS NULL OR min_value <= max_value)
);

-- Where each threshold's evaluation stands: the newest reading it has seen, and since when values
-- have been outside (a breach not yet long enough to alert). Rewritten by every batch, so kept apart
-- from the threshold itself (whose changes are audited and published).
CREATE TABLE public.device_threshold_states (
    tenant_id uuid NOT NULL,
    threshold_id uuid NOT NULL,
    device_id uuid NOT NULL,
    last_measured_at timestamptz NOT NULL,
    breach_started_at timestamptz,
    open_alert_id uuid,
    PRIMARY KEY (tenant_id, threshold_id),
    FOREIGN KEY (tenant_id, threshold_id) REFERENCES public.device_thresholds (tenant_id, id) ON DELETE CASCADE
);

-- An alert: values of a device's metric stayed outside its threshold for the threshold's duration.
-- It opens once, stays open while values stay outside, and closes at the first value back inside
-- (or when its threshold is changed or removed, or the device retired). Opening and closing publish
-- device_alert_opened / device_alert_closed.
CREATE TABLE public.device_alerts (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    device_id uuid NOT NULL,
    threshold_id uuid,
    metric text NOT NULL,
    condition text NOT NULL CHECK (condition IN ('above', 'below')),
    min_value numeric,
    max_value numeric,
    for_seconds integer NOT NULL,
    breach_started_at timestamptz NOT NULL,
    opened_at timestamptz NOT NULL,
    opening_value numeric NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_at timestamptz,
    closing_value numeric,
    close_reason text CHECK (close_reason IN ('recovered', 'threshold_changed', 'threshold_removed',
                                              'device_retired')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES public.devices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, threshold_id) REFERENCES public.device_thresholds (tenant_id, id)
        ON DELETE SET NULL (threshold_id),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL AND close_reason IS NOT NULL))
);
CREATE INDEX device_alerts_open_idx ON public.device_alerts (tenant_id, opened_at DESC) WHERE status = 'open';
CREATE INDEX device_alerts_device_idx ON public.device_alerts (tenant_id, device_id, opened_at DESC);

-- Records a device created: which device (provenance; the manual path leaves it null).
ALTER TABLE public.production_records ADD COLUMN device_id uuid;
ALTER TABLE public.production_records ADD FOREIGN KEY (tenant_id, device_id)
    REFERENCES public.devices (tenant_id, id) ON DELETE SET NULL (device_id);
ALTER TABLE public.animal_weights ADD COLUMN device_id uuid;
ALTER TABLE public.animal_weights ADD FOREIGN KEY (tenant_id, device_id)
    REFERENCES public.devices (tenant_id, id) ON DELETE SET NULL (device_id);

-- ===================================================================== the ingest role

-- The role the ingest endpoint switches to: it may execute the one ingest function and nothing
-- else (no table, no other function). No JWT can name it (the API accepts anon, authenticated and
-- service_role only).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'device_ingest') THEN
        CREATE ROLE device_ingest NOLOGIN NOINHERIT;
    END IF;
END
$$;
GRANT device_ingest TO authenticator;
ALTER ROLE device_ingest SET statement_timeout = '30s';

-- ===================================================================== permissions

-- Managers (and owners, admins) register, change and retire devices, manage their keys and
-- thresholds; every member reads the devices on the farms they can access.
INSERT INTO public.role_permissions (role, permission)
SELECT r.role, p.permission
FROM (VALUES
    ('devices.read', '{owner,admin,manager,worker,vet,accountant,viewer}'),
    ('devices.manage', '{owner,admin,manager}')
) AS p (permission, roles)
CROSS JOIN LATERAL unnest(p.roles::text[]) AS r (role);

-- ===================================================================== RLS and grants

ALTER TABLE public.device_types ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.device_types FORCE ROW LEVEL SECURITY;
ALTER TABLE public.device_metrics ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.device_metrics FORCE ROW LEVEL SECURITY;
ALTER TABLE public.devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.devices FORCE ROW LEVEL SECURITY;
ALTER TABLE public.device_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.device_keys FORCE ROW LEVEL SECURITY;
ALTER TABLE public.device_readings ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.device_readings FORCE ROW LEVEL SECURITY;
ALTER TABLE public.device_readings_hourly ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.device_readings_hourly FORCE ROW LEVEL SECURITY;
ALTER TABLE public.device_readings_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.device_readings_daily FORCE ROW LEVEL SECURITY;
ALTER TABLE public.device_latest_readings ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.device_latest_readings FORCE ROW LEVEL SECURITY;
ALTER TABLE public.device_thresholds ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.device_thresholds FORCE ROW LEVEL SECURITY;
ALTER TABLE public.device_threshold_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.device_threshold_states FORCE ROW LEVEL SECURITY;
ALTER TABLE public.device_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.device_alerts FORCE ROW LEVEL SECURITY;

-- Least privilege. Keys are issued by a SQL function only (clients cannot choose a key, nor read a
-- hash); readings, rollups, states and alerts are written by the ingest path only.
GRANT SELECT ON public.device_types, public.device_metrics TO anon, authenticated;
GRANT SELECT, INSERT (tenant_id, id, farm_id, device_type, serial_number, name, animal_id, location_id, notes),
      UPDATE (farm_id, name, animal_id, location_id, notes, status, retired_at)
      ON public.devices TO authenticated;
GRANT SELECT (tenant_id, id, device_id, prefix, created_by, created_at, expires_at, revoked_at, revoked_by),
      UPDATE (revoked_at, revoked_by)
      ON public.device_keys TO authenticated;
GRANT SELECT ON public.device_readings, public.device_readings_hourly, public.device_readings_daily,
    public.device_latest_readings, public.device_threshold_states, public.device_alerts TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, device_id, metric, min_value, max_value, for_seconds, is_enabled),
      UPDATE (min_value, max_value, for_seconds, is_enabled), DELETE
      ON public.device_thresholds TO authenticated;
GRANT ALL ON public.device_types, public.device_metrics, public.devices, public.device_keys, public.device_readings,
    public.device_readings_hourly, public.device_readings_daily, public.device_latest_readings,
    public.device_thresholds, public.device_threshold_states, public.device_alerts TO service_role;
