-- Its CHECK implies the partition bound and it has every index already: no scan, no build. (With
-- rows in the default partition PostgreSQL scans that one for the store; it is normally empty.)
ALTER TABLE customer_score ATTACH PARTITION <partition> FOR VALUES IN (<storeId>)
