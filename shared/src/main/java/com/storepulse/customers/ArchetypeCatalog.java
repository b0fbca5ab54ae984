package com.storepulse.customers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The archetypes of dim_archetype, read once on first use and kept: they are reference data
 * that only a migration changes, and every list request validates its {@code archetype} codes
 * against them.
 */
public final class ArchetypeCatalog {

    private final Supplier<List<Archetype>> source;
    private volatile Loaded loaded;

    private record Loaded(List<Archetype> all, Map<String, Archetype> byCode, Map<Integer, Archetype> byId) {}

    public ArchetypeCatalog(Supplier<List<Archetype>> source) {
        this.source = source;
    }

    public List<Archetype> all() {
        return loaded().all();
    }

    public Optional<Archetype> byCode(String code) {
        return Optional.ofNullable(loaded().byCode().get(code));
    }

    /** The archetype of an id read from customer_score (a foreign key, so it exists). */
    public Archetype byId(int id) {
        Archetype archetype = loaded().byId().get(id);
        if (archetype == null) {
            throw new IllegalStateException("archetype " + id + " is not in dim_archetype");
        }
        return archetype;
    }

    private Loaded loaded() {
        Loaded current = loaded;
        if (current == null) {
            List<Archetype> all = List.copyOf(source.get());
            current = new Loaded(
                    all,
                    all.stream().collect(Collectors.toUnmodifiableMap(Archetype::code, Function.identity())),
                    all.stream().collect(Collectors.toUnmodifiableMap(Archetype::id, Function.identity())));
            loaded = current;
        }
        return current;
    }
}
