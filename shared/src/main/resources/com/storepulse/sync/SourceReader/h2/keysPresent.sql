-- Which of a chunk of keys the table still has (the key reconciliation); <keys> is one "?" per key.
SELECT <key>
FROM <table>
WHERE <key> IN (<keys>)
