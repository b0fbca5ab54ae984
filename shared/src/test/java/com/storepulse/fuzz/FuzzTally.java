package com.storepulse.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One function's fuzz run, counted: cases, and the cases that broke each property. What issue 15's
 * table reports (docs/reliability.md, "Fuzzing").
 *
 * <p>In the build a broken property fails the case at once (jqwik then shrinks it to a small
 * input). With {@value #KEEP_GOING_PROPERTY} set (bench/fuzz/run.sh), every case runs, the broken
 * ones are counted and the first few kept, and the run fails at its end with the table line.
 */
public final class FuzzTally {

    /** The one seed of every fuzz property: a run is repeatable, and CI runs the same cases each time. */
    public static final String SEED = "20261207";

    public static final String KEEP_GOING_PROPERTY = "storepulse.fuzz.keepGoing";

    /** The mark a table line starts with in a test's output (bench/fuzz/run.sh collects them). */
    public static final String LINE_MARK = "FUZZ-TABLE";

    /** What a case can break. */
    public enum Kind {
        /** A 5xx (an HTTP function), or an exception no caller was promised (the other functions). */
        FAILURE,
        /** An error answered as anything but problem+json with a code and the correlation id. */
        NOT_PROBLEM,
        /** A stack trace, an exception class name, SQL or a secret in an answer; a secret in a log line. */
        LEAK,
        /** A refused request or event that wrote a row. */
        REFUSED_WRITE
    }

    /** One broken property of one case. */
    public record Violation(Kind kind, String what) {}

    private final String function;
    private final boolean keepGoing = Boolean.getBoolean(KEEP_GOING_PROPERTY);
    private final Map<Kind, Long> broken = new EnumMap<>(Kind.class);
    private final List<String> examples = new ArrayList<>();
    private long cases;
    private long refused;

    public FuzzTally(String function) {
        this.function = function;
        for (Kind kind : Kind.values()) {
            broken.put(kind, 0L);
        }
    }

    /**
     * Counts a case: {@code refusedCase} when the function refused it (a 4xx, a validation error).
     * Throws with the case and what broke, unless the run keeps going.
     */
    public synchronized void count(Object input, boolean refusedCase, List<Violation> violations) {
        cases++;
        if (refusedCase) {
            refused++;
        }
        if (violations.isEmpty()) {
            return;
        }
        violations.stream().map(Violation::kind).distinct().forEach(k -> broken.merge(k, 1L, Long::sum));
        String report = violations + " for " + input;
        if (!keepGoing) {
            throw new AssertionError(report);
        }
        if (examples.size() < 5) {
            examples.add(report);
        }
    }

    public synchronized long cases() {
        return cases;
    }

    public synchronized long refused() {
        return refused;
    }

    public synchronized long broken(Kind kind) {
        return broken.get(kind);
    }

    /** The table row: function, cases, refused, 5xx/uncaught, non-problem errors, leaks, writes on refusal. */
    public synchronized String row() {
        return "| " + function + " | " + cases + " | " + refused + " | " + broken.get(Kind.FAILURE) + " | "
                + broken.get(Kind.NOT_PROBLEM) + " | " + broken.get(Kind.LEAK) + " | " + broken.get(Kind.REFUSED_WRITE)
                + " |";
    }

    /** Prints the row (the bench collects it) and, in a run that kept going, fails if anything broke. */
    public synchronized void finish() {
        System.out.println(LINE_MARK + " " + row());
        long total = broken.values().stream().mapToLong(Long::longValue).sum();
        if (keepGoing && total > 0) {
            throw new AssertionError(function + ": " + row() + "; first cases: " + String.join("\n", examples));
        }
    }

    /**
     * Fails with every failure of a suite's end at once (the table row's, a coverage check's, a
     * second function's): the first one thrown must not hide the others.
     */
    public static void throwAll(List<Throwable> failures) {
        if (failures.isEmpty()) {
            return;
        }
        if (failures.size() == 1 && failures.getFirst() instanceof AssertionError only) {
            throw only;
        }
        StringBuilder message = new StringBuilder(failures.size() + " failures:");
        failures.forEach(f -> message.append("\n  ").append(f));
        AssertionError all = new AssertionError(message.toString());
        failures.forEach(all::addSuppressed);
        throw all;
    }
}
