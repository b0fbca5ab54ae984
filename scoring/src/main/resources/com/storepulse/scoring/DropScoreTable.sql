-- A load table left by a failed run, or a kept former partition past the retention (ScoreVersions).
DROP TABLE IF EXISTS <table>
