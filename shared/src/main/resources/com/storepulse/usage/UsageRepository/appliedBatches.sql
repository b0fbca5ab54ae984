SELECT batch_id::text FROM usage_flush_batch WHERE batch_id = ANY(:batchIds::uuid[])
