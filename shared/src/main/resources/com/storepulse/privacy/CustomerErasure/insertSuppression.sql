-- From the commit on, the webhooks and the sync drop this customer's changes (Suppressions).
INSERT INTO customer_suppression (store_id, subject_hash, key_id, erasure_id)
VALUES (:storeId, decode(:subjectHash, 'hex'), :keyId, :erasureId)
