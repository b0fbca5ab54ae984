-- For one batch's transaction (set_config(..., true): this transaction only).
-- jit off: a batch's statements look a staged row's customer and earlier version up through
-- indexes (scalar subqueries); their estimated cost crosses jit_above_cost, and compiling them
-- took about 280 ms of a 10,000-order batch's 600 ms upsert, every batch, to save nothing.
-- synchronous_commit off: the commit does not wait for the WAL flush. A server crash may lose the
-- last batches committed, but each batch's rows, its cursor and its progress are one transaction,
-- so they are lost together and the next run reads those rows again: nothing is lost or doubled.
SELECT set_config('jit', 'off', true) AS jit,
       set_config('synchronous_commit', 'off', true) AS synchronous_commit
