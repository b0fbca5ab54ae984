package com.storepulse.customers;

import java.util.List;

/** A page of customers and, unless it is the last page, where the next one starts. */
public record CustomerPage(List<CustomerListItem> items, KeysetPosition next) {
}
