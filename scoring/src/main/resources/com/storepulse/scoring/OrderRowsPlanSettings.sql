-- For the rest of the scoring transaction: JIT would compile the scan's expressions (~0.2 s) for
-- a query whose time is in moving rows, not in evaluating them.
SELECT set_config('jit', 'off', true) AS jit
