package com.storepulse.customers;

import java.util.List;

/**
 * A page of customers and, unless it is the last page, where the next one starts; {@code snapshot}
 * is the score version the page was read at, which the next page must read too.
 */
public record CustomerPage(List<CustomerListItem> items, KeysetPosition next, ScoreSnapshot snapshot) {}
