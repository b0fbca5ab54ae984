SELECT count(*) FROM store
