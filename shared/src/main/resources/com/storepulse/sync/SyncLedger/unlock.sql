SELECT pg_advisory_unlock(21337, CAST(:sourceId AS integer))
