SELECT EXISTS (SELECT 1
               FROM pg_inherits i
               JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = 'customer_score'::regclass AND c.relname = :partition)
