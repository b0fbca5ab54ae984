-- The staging tables of this session: emptied by every commit, so a batch never sees another's rows.
CREATE TEMP TABLE IF NOT EXISTS stage_customer (
    external_id       text,
    email             text,
    first_name        text,
    last_name         text,
    signed_up_at      timestamptz,
    source_updated_at timestamptz,
    is_deleted        boolean
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_order (
    external_id          text,
    customer_external_id text,
    ordered_at           timestamptz,
    amount               numeric,
    currency             text,
    kind                 text,
    source_updated_at    timestamptz,
    is_deleted           boolean
) ON COMMIT DELETE ROWS
