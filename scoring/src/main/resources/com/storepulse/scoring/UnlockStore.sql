SELECT pg_advisory_unlock(23566, hashtext(CAST(:storeId AS text)))
