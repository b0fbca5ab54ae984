-- A load table left by a failed run, or a store's old partition once detached.
DROP TABLE IF EXISTS <table>
