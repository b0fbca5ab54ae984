INSERT INTO store_scoring_state (store_id, model_fit_id, rfm_breakpoints, as_of, customers_scored, updated_at)
VALUES (:storeId, :modelFitId, CAST(:rfmBreakpoints AS jsonb), :asOf, :customersScored, now())
ON CONFLICT (store_id) DO UPDATE SET
    model_fit_id = EXCLUDED.model_fit_id,
    rfm_breakpoints = EXCLUDED.rfm_breakpoints,
    as_of = EXCLUDED.as_of,
    customers_scored = EXCLUDED.customers_scored,
    updated_at = now()
