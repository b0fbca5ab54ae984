package com.storepulse.scoring;

/** How a model fit came about; {@link #code()} is what model_fit.status stores. */
public enum FitStatus {
    /** Fitted on the store's own customers and converged. */
    OK("ok"),
    /** The store had too little data; fitted on all the tenant's stores together. */
    POOLED("pooled"),
    /** Too little data even pooled: documented default parameters (see docs/scoring.md). */
    INSUFFICIENT_DATA("insufficient_data"),
    /** The optimizer stopped without meeting its convergence check; the best parameters found are used. */
    NOT_CONVERGED("not_converged");

    private final String code;

    FitStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static FitStatus ofCode(String code) {
        for (FitStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown fit status " + code);
    }

    /** The worse of two statuses, for a fit made of two models. */
    FitStatus worse(FitStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
