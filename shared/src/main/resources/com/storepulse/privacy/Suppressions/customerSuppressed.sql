-- Takes the store's ingest lock (shared) and answers whether any of :subjects (hex) is suppressed
-- there (:subjects NULL: whether the store has any suppression). V18's customer_suppressed.
SELECT customer_suppressed(
    :storeId,
    CASE WHEN CAST(:subjects AS text[]) IS NULL THEN NULL
         ELSE ARRAY(SELECT decode(x, 'hex') FROM unnest(CAST(:subjects AS text[])) AS x) END)
