package com.storepulse.snapstart;

import java.util.List;

/**
 * What a priming run did: how many primers ran, how each failure read ("name: message"), and
 * which of those failures were a class the deployment package lacks or cannot link
 * ({@link SnapStartResources#prime}: those are not "less warm", they are a broken jar).
 */
public record PrimingReport(int primersRun, List<String> failures, List<String> missingClasses) {

    public PrimingReport {
        failures = List.copyOf(failures);
        missingClasses = List.copyOf(missingClasses);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
