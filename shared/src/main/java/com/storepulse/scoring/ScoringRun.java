package com.storepulse.scoring;

import java.time.Duration;

/**
 * What one rescoring did.
 *
 * @param customersScored score rows written
 * @param scoresRemoved   score rows deleted (soft-deleted customers, customers without orders)
 * @param modelFitId      the fit the scores used
 * @param refitted        whether this run fitted the models anew
 * @param wholeStore      whether every customer of the store was rescored
 */
public record ScoringRun(long storeId, int customersScored, int scoresRemoved, long modelFitId, FitStatus fitStatus,
                         String fitNote, boolean refitted, boolean wholeStore, Duration duration) {
}
