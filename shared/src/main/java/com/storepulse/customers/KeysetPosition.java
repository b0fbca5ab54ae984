package com.storepulse.customers;

/**
 * Where the previous page ended: the last row's sort key (text, see {@link CustomerSort#keyOf})
 * and its customer_id, which breaks ties so the order is total.
 */
public record KeysetPosition(String sortKey, long customerId) {}
