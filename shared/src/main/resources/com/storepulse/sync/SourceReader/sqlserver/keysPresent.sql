-- Which of a chunk of keys the table still has (the key reconciliation). <keys> is one "?" per key,
-- at most 1,000 (SQL Server takes 2,100 parameters per statement).
SELECT <key>
FROM <table>
WHERE <key> IN (<keys>)
