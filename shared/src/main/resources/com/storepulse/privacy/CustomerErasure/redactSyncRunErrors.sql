-- A failed run's message names the row it could not hold (customers[<id>]): the id goes.
UPDATE sync_run
SET error = replace(error, :rowName, 'customers[erased]')
WHERE store_id = :storeId AND strpos(error, :rowName) > 0
