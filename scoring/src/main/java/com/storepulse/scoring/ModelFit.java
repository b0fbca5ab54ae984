package com.storepulse.scoring;

/**
 * One fit of both models. Parameters are always usable (finite, positive), whatever the status;
 * the status and note say how much to trust them.
 *
 * @param bgNbdLogLikelihood       NaN when BG/NBD used default parameters
 * @param gammaGammaLogLikelihood  NaN when Gamma-Gamma used default parameters
 */
public record ModelFit(
        FitStatus status,
        String note,
        int customers,
        int repeatCustomers,
        BgNbd bgNbd,
        double bgNbdLogLikelihood,
        GammaGamma gammaGamma,
        double gammaGammaLogLikelihood,
        double l2Penalty) {

    /**
     * Defaults when a store (and its tenant) has too little data: the CDNOW estimates of Fader,
     * Hardie and Lee, a typical retail customer base (time in weeks).
     */
    public static final BgNbd DEFAULT_BG_NBD = new BgNbd(0.243, 4.414, 0.793, 2.426);
    /** CDNOW's Gamma-Gamma shape parameters; gamma is rescaled to the store's own average spend. */
    public static final GammaGamma DEFAULT_GAMMA_GAMMA = new GammaGamma(6.25, 3.74, 15.44);

    public ModelFit withStatus(FitStatus newStatus, String newNote) {
        return new ModelFit(
                newStatus,
                newNote,
                customers,
                repeatCustomers,
                bgNbd,
                bgNbdLogLikelihood,
                gammaGamma,
                gammaGammaLogLikelihood,
                l2Penalty);
    }

    public boolean usedDefaults() {
        return Double.isNaN(bgNbdLogLikelihood) || Double.isNaN(gammaGammaLogLikelihood);
    }
}
