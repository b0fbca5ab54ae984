/**
 * Customers and their scores as the product reads them: keyset list pages, the detail view, the
 * archetype catalog. SQL sits beside the repository in {@code CustomerRepository/*.sql}.
 *
 * <p>In {@code shared/} rather than in the customer-api module because more than the API reads
 * customers this way: the local stack's CLI and the benchmarks use the repository directly, and
 * the webhook intake and sync will need the same look-up by the retailer's id. What is HTTP
 * specific (parameter parsing, cursors, routes) stays in customer-api.
 */
package com.storepulse.customers;
