package com.storepulse.customers;

/**
 * The score version a customer-list walk reads (the store's version when its first page was read)
 * and whether the store has been rescored since, so that its pages read retired rows too
 * ({@code retired}: the next page goes straight to the pinned statement). docs/scoring.md,
 * "Score versions".
 */
public record ScoreSnapshot(long version, boolean retired) {}
