INSERT INTO model_fit (model_fit_id, store_id, status, note, calibration_end, time_unit, customers, repeat_customers,
                       bgnbd_r, bgnbd_alpha, bgnbd_a, bgnbd_b, bgnbd_log_likelihood,
                       gg_p, gg_q, gg_gamma, gg_log_likelihood, purchase_days, pooled_store_ids, l2_penalty)
VALUES (:modelFitId, :storeId, :status, :note, :calibrationEnd, 'weeks', :customers, :repeatCustomers,
        :r, :alpha, :a, :b, :bgnbdLogLikelihood,
        :p, :q, :gamma, :ggLogLikelihood, :purchaseDays, :pooledStoreIds, :l2Penalty)
