DELETE FROM usage_flush_batch WHERE flushed_at < now() - make_interval(days => :days)
