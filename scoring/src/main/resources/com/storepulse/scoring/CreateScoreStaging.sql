-- Scores are COPYed here first, then upserted in one statement; dropped at commit.
CREATE TEMP TABLE customer_score_staging (LIKE customer_score INCLUDING DEFAULTS) ON COMMIT DROP
