-- The first staged order the star schema cannot hold, and why (nothing when all can). Checked
-- here so a bad row fails the batch with a message naming it, not with a constraint's name.
SELECT external_id, problem
FROM (SELECT s.external_id,
             CASE WHEN s.external_id IS NULL OR length(s.external_id) NOT BETWEEN 1 AND 128
                      THEN 'the order id must have 1 to 128 characters'
                  WHEN s.customer_external_id IS NULL OR length(s.customer_external_id) NOT BETWEEN 1 AND 128
                      THEN 'the customer id must have 1 to 128 characters'
                  WHEN s.kind IS NULL OR s.kind NOT IN ('order', 'return')
                      THEN 'the kind must be order or return'
                  WHEN s.currency IS DISTINCT FROM st.currency
                      THEN 'the currency must be the store''s currency ' || st.currency
                           || ' (StorePulse keeps no exchange rates)'
                  WHEN s.ordered_at IS NULL OR s.ordered_at < '2000-01-01T00:00:00Z'
                       OR s.ordered_at >= '2050-01-01T00:00:00Z'
                      THEN 'the order date must be in 2000 to 2049'
                  WHEN s.amount IS NULL OR abs(s.amount) >= 1000000000000
                      THEN 'the amount must be present and below 10^12'
                  WHEN s.kind = 'order' AND s.amount < 0
                      THEN 'an order''s amount must not be negative (returns have kind return)'
             END AS problem
      FROM stage_order s
      CROSS JOIN (SELECT currency FROM store WHERE store_id = :storeId) st) checked
WHERE problem IS NOT NULL
LIMIT 1
