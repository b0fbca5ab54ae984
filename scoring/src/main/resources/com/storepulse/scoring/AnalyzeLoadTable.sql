-- Statistics before readers see the partition (autovacuum may not come by for a while).
ANALYZE <load>
