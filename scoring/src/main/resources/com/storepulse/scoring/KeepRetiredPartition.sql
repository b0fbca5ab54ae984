-- A full rescoring's swap keeps the detached old partition under a name of its own (a fixed name
-- from numbers, never caller text) instead of dropping it: walks pinned at a version it served read
-- it by that name until ScoreVersions.RETENTION has passed. No row is copied.
ALTER TABLE <partition> RENAME TO <kept>
