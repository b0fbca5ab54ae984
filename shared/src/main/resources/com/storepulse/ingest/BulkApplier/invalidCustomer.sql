-- The first staged customer the star schema cannot hold, and why (nothing when all can).
SELECT external_id, problem
FROM (SELECT s.external_id,
             CASE WHEN s.external_id IS NULL OR length(s.external_id) NOT BETWEEN 1 AND 128
                      THEN 'the customer id must have 1 to 128 characters'
             END AS problem
      FROM stage_customer s) checked
WHERE problem IS NOT NULL
LIMIT 1
