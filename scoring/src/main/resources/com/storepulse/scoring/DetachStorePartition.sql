-- ACCESS EXCLUSIVE on customer_score until the swap commits: readers wait for the few catalog
-- changes of the swap and then see the new partition, never an empty store or a mix.
ALTER TABLE customer_score DETACH PARTITION <partition>
