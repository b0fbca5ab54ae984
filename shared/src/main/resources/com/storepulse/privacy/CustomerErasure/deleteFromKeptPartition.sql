-- The customer's row in one kept former partition of the store (<partition> is made of numbers).
DELETE FROM <partition> WHERE customer_id = :customerId
