package com.storepulse.snapstart;

import java.util.List;

/** What a priming run did: how many primers ran, and how each failure read ("name: message"). */
public record PrimingReport(int primersRun, List<String> failures) {

    public PrimingReport {
        failures = List.copyOf(failures);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
