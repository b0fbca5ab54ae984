-- The fit and breakpoints of the store's last full rescoring.
SELECT f.model_fit_id, f.status, f.note, f.calibration_end, f.customers, f.repeat_customers,
       f.bgnbd_r, f.bgnbd_alpha, f.bgnbd_a, f.bgnbd_b, f.bgnbd_log_likelihood,
       f.gg_p, f.gg_q, f.gg_gamma, f.gg_log_likelihood, coalesce(f.purchase_days, 0) AS purchase_days, f.l2_penalty,
       s.rfm_breakpoints::text AS rfm_breakpoints
FROM store_scoring_state s
JOIN model_fit f ON f.model_fit_id = s.model_fit_id
WHERE s.store_id = :storeId
