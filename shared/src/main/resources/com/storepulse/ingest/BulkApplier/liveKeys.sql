-- A chunk of the store's live customer or order ids after :after, in id order (the reconciliation
-- walks them chunk by chunk; <table> is dim_customer or fact_order, chosen in Java).
SELECT external_id
FROM <table>
WHERE store_id = :storeId AND deleted_at IS NULL AND external_id > :after
ORDER BY external_id
LIMIT :limit
