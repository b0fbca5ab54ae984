-- Two tenants with a row in every tenant-owned table (written as the owner), for
-- RowLevelSecurityTest. Ids far above other fixtures', since the test database is shared per JVM.
INSERT INTO tenant (tenant_id, slug, name) VALUES (91001, 'rls-a', 'RLS A'), (91002, 'rls-b', 'RLS B');
INSERT INTO store (store_id, tenant_id, name, currency, timezone)
VALUES (910010, 91001, 'A main', 'USD', 'UTC'), (910020, 91002, 'B main', 'USD', 'UTC');
INSERT INTO dim_customer (customer_id, store_id, external_id, first_name, last_name, email,
                          first_order_at, last_order_at, order_count, total_spend)
VALUES (9100100, 910010, 'rls-a-1', 'Ada', 'A', 'ada@a.example', '2025-01-02', '2025-03-04', 1, 10),
       (9100200, 910020, 'rls-b-1', 'Bob', 'B', 'bob@b.example', '2025-01-02', '2025-03-04', 1, 10);
INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, amount, currency)
VALUES (910010, 'rls-a-o1', 9100100, 20250304, '2025-03-04', 10, 'USD'),
       (910020, 'rls-b-o1', 9100200, 20250304, '2025-03-04', 10, 'USD');
INSERT INTO model_fit (model_fit_id, store_id, status, calibration_end, customers, repeat_customers)
VALUES (9100101, 910010, 'ok', '2025-06-01', 1, 0), (9100201, 910020, 'ok', '2025-06-01', 1, 0);
INSERT INTO store_scoring_state (store_id, model_fit_id, rfm_breakpoints, as_of, customers_scored)
VALUES (910010, 9100101, '{}', '2025-06-01', 1), (910020, 9100201, '{}', '2025-06-01', 1);
INSERT INTO customer_score (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
                            total_spend, p_alive, churn_risk, expected_purchases, purchases_horizon_days,
                            predicted_ltv, ltv_horizon_months, archetype_id, r_score, f_score, m_score, scored_at)
VALUES (9100100, 910010, 1, 1, 10, 10, 10, 0.5, 0.5, 1, 365, 20, 12, 1, 3, 3, 3, '2025-06-01'),
       (9100200, 910020, 1, 1, 10, 10, 10, 0.5, 0.5, 1, 365, 20, 12, 1, 3, 3, 3, '2025-06-01');
INSERT INTO customer_score_retired (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
                                    total_spend, p_alive, churn_risk, expected_purchases, purchases_horizon_days,
                                    predicted_ltv, ltv_horizon_months, archetype_id, r_score, f_score, m_score,
                                    scored_at, score_version, retired_version)
VALUES (9100100, 910010, 1, 1, 10, 10, 10, 0.5, 0.5, 1, 365, 20, 12, 1, 3, 3, 3, '2025-05-01', 1, 2),
       (9100200, 910020, 1, 1, 10, 10, 10, 0.5, 0.5, 1, 365, 20, 12, 1, 3, 3, 3, '2025-05-01', 1, 2);
INSERT INTO customer_score_retired_partition (store_id, first_version, retired_version, has_table)
VALUES (910010, 1, 2, false), (910020, 1, 2, false);
INSERT INTO score_pending (store_id, customer_id) VALUES (910010, 9100100), (910020, 9100200);
INSERT INTO store_score_rollup (store_id, archetype_id, churn_decile, customers, total_ltv, sum_churn_risk,
                                at_risk_customers, at_risk_ltv)
VALUES (910010, 1, 5, 1, 20, 0.5, 0, 0), (910020, 1, 5, 1, 20, 0.5, 0, 0);
INSERT INTO store_last_order_rollup (store_id, last_order_day, customers)
VALUES (910010, '2025-03-04', 1), (910020, '2025-03-04', 1)
ON CONFLICT DO NOTHING;
INSERT INTO store_live_customers (store_id, customers) VALUES (910010, 1), (910020, 1)
ON CONFLICT (store_id) DO NOTHING;
INSERT INTO api_key (api_key_id, tenant_id, prefix, key_hash, name, scopes)
VALUES (9100102, 91001, 'sp_rlsa', '\x00', 'a', '{customers:read}'),
       (9100202, 91002, 'sp_rlsb', '\x00', 'b', '{customers:read}');
INSERT INTO api_key_usage_daily (api_key_id, usage_date, route, request_count)
VALUES (9100102, '2025-06-01', 'GET /v1/stores', 1), (9100202, '2025-06-01', 'GET /v1/stores', 1);
INSERT INTO webhook_source (source_id, tenant_id, store_id, scheme, name)
VALUES ('rls-a-src', 91001, 910010, 'standard-webhooks', 'a'), ('rls-b-src', 91002, 910020, 'standard-webhooks', 'b');
INSERT INTO webhook_secret (source_id, kind, sealed) VALUES ('rls-a-src', 'hmac', '\x00'), ('rls-b-src', 'hmac', '\x00');
INSERT INTO webhook_event (store_id, source, external_event_id, event_type, status, body)
VALUES (910010, 'rls-a-src', 'evt-a', 'customer.updated', 'applied', '{"id":"rls-a-1"}'),
       (910020, 'rls-b-src', 'evt-b', 'customer.updated', 'applied', '{"id":"rls-b-1"}');
INSERT INTO sync_source (sync_source_id, tenant_id, store_id, jdbc_url, cursor_kind)
VALUES (9100103, 91001, 910010, 'jdbc:h2:mem:a', 'modifiedAt'), (9100203, 91002, 910020, 'jdbc:h2:mem:b', 'modifiedAt');
INSERT INTO sync_cursor (sync_source_id, source_table, cursor_value, last_key)
VALUES (9100103, 'customers', '1', 'rls-a-1'), (9100203, 'customers', '1', 'rls-b-1');
INSERT INTO sync_run (sync_run_id, sync_source_id, store_id, mode, status, error)
VALUES (9100104, 9100103, 910010, 'full', 'failed', 'rls-a-1 failed'),
       (9100204, 9100203, 910020, 'full', 'failed', 'rls-b-1 failed');
INSERT INTO sync_run_table (sync_run_id, source_table, rows_read) VALUES (9100104, 'customers', 1), (9100204, 'customers', 1);
INSERT INTO customer_erasure (erasure_id, store_id, subject_hash, completed_at, customer_found)
VALUES ('00000000-0000-0000-0000-000009100105', 910010, decode(repeat('aa', 32), 'hex'), now(), true),
       ('00000000-0000-0000-0000-000009100205', 910020, decode(repeat('bb', 32), 'hex'), now(), true);
INSERT INTO customer_suppression (store_id, subject_hash, key_id, erasure_id)
VALUES (910010, decode(repeat('aa', 32), 'hex'), '\x01020304', '00000000-0000-0000-0000-000009100105'),
       (910020, decode(repeat('bb', 32), 'hex'), '\x01020304', '00000000-0000-0000-0000-000009100205');
INSERT INTO audit_log (actor_kind, actor_key_id, tenant_id, store_id, action, outcome)
VALUES ('api_key', 9100102, 91001, 910010, 'customer.export', '200'),
       ('api_key', 9100202, 91002, 910020, 'customer.export', '200');
-- A kept former partition of A's store (read by its name by pinned walks), as a rescoring leaves it.
CREATE TABLE customer_score_p910010_r2 (LIKE customer_score INCLUDING DEFAULTS);
INSERT INTO customer_score_p910010_r2 SELECT * FROM customer_score WHERE store_id = 910010;
