ALTER TABLE <load> RENAME TO <partition>
