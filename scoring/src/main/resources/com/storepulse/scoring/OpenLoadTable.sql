-- Empties the load table in the COPY's transaction (what allows COPY ... FREEZE) and lets this
-- transaction insert into it; CloseLoadTable.sql takes that back before it commits (V20).
SELECT storepulse_score_load_open(:storeId)::text AS opened
