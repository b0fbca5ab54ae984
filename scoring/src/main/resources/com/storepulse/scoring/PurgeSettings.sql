-- The retention clean-up waits at most 2 s for a table lock (a reader still on a kept partition);
-- if it gives up, the store's next run tries again.
SELECT set_config('lock_timeout', '2s', true) AS lock_timeout
