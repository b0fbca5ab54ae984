package com.storepulse.customers;

/** An RFM archetype from dim_archetype; {@code code} is the stable API value. */
public record Archetype(int id, String code, String name, String description) {}
