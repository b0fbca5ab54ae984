-- The sync's app alert for such a run carried the same message into the alert history (operator
-- tables, not a tenant's: no store column). :rowName is matched as it is written inside JSON text.
WITH token AS (
    SELECT substr(to_json(CAST(:rowName AS text))::text, 2, length(to_json(CAST(:rowName AS text))::text) - 2) AS t
), notices AS (
    UPDATE alert_notice n
    SET notice = CAST(replace(n.notice::text, token.t, 'customers[erased]') AS jsonb)
    FROM token
    WHERE strpos(n.notice::text, token.t) > 0
    RETURNING 1
), batches AS (
    UPDATE alert_batch b
    SET payload = CAST(replace(b.payload::text, token.t, 'customers[erased]') AS jsonb)
    FROM token
    WHERE strpos(b.payload::text, token.t) > 0
    RETURNING 1
)
UPDATE alert_state s
SET last_payload = CAST(replace(s.last_payload::text, token.t, 'customers[erased]') AS jsonb)
FROM token
WHERE strpos(s.last_payload::text, token.t) > 0
