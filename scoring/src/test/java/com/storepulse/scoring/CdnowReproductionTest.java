package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fits both models on the real CDNOW sample and compares with the published estimates. */
class CdnowReproductionTest {

    private static List<PurchaseSummary> customers;
    private static ModelFit fit;

    @BeforeAll
    static void fit() {
        customers = CdnowSample.load().summarize(CdnowSample.CALIBRATION_END);
        fit = ModelFitter.fit(customers, FitOptions.unpenalized());
    }

    /**
     * The published figure is the estimate rounded to {@code decimals} places (3 or 4 significant
     * digits), so the estimate must lie within half a unit of its last digit.
     */
    private static void assertPublished(double published, int decimals, double estimate, String name) {
        assertEquals(
                published,
                estimate,
                0.5 * Math.pow(10, -decimals),
                name + " = " + estimate + ", published " + published);
    }

    @Test
    void summarizesTheSampleInThePapersConventions() {
        assertEquals(2357, customers.size());
        assertEquals(
                946,
                customers.stream().filter(PurchaseSummary::isRepeatCustomer).count());
        assertEquals(FitStatus.OK, fit.status(), fit.note());
    }

    @Test
    void reproducesThePublishedBgNbdEstimates() {
        BgNbd m = fit.bgNbd();
        assertPublished(0.243, 3, m.r(), "r");
        assertPublished(4.414, 3, m.alpha(), "alpha");
        assertPublished(0.793, 3, m.a(), "a");
        assertPublished(2.426, 3, m.b(), "b");
        assertEquals(-9582.4, fit.bgNbdLogLikelihood(), 0.05);
    }

    @Test
    void reproducesThePublishedGammaGammaEstimates() {
        GammaGamma m = fit.gammaGamma();
        assertPublished(6.25, 2, m.p(), "p");
        assertPublished(3.74, 2, m.q(), "q");
        assertPublished(15.44, 2, m.gamma(), "gamma");
    }
}
