-- The store's raw events that may name a customer: the body holds the retailer's id, or one of the
-- customer's e-mails (:emails, lower case), as written, or has an escape (\) that could spell
-- either differently. SubjectEvents reads each candidate as JSON and keeps those that name the
-- customer. The store filter is the leading column of webhook_event_idempotency_uk.
SELECT webhook_event_id, source, external_event_id, event_type, received_at, sent_at, status,
       headers::text AS headers, body
FROM webhook_event
WHERE store_id = :storeId
  AND (strpos(body, :externalId) > 0
       OR strpos(body, chr(92)) > 0
       OR EXISTS (SELECT 1 FROM unnest(CAST(:emails AS text[])) AS e(email) WHERE strpos(lower(body), e.email) > 0))
ORDER BY received_at, webhook_event_id
