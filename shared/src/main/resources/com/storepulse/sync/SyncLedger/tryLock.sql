-- One run per source at a time: a session-level advisory lock (class 0x5359, "SY"), held by the
-- run's connection and released with it, so a run that dies lets go at once.
SELECT pg_try_advisory_lock(21337, CAST(:sourceId AS integer))
