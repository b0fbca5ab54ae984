package com.storepulse.scoring;

import java.time.Duration;

/**
 * What one rescoring did.
 *
 * @param customersScored score rows written
 * @param scoresRemoved   incremental run: the listed customers' rows deleted (soft-deleted, or no
 *                        order); full run: how many fewer score rows the store has than before (0
 *                        if it has more)
 * @param modelFitId      the fit the scores used
 * @param refitted        whether this run fitted the models anew
 * @param wholeStore      whether every customer of the store was rescored
 */
public record ScoringRun(
        long storeId,
        int customersScored,
        int scoresRemoved,
        long modelFitId,
        FitStatus fitStatus,
        String fitNote,
        boolean refitted,
        boolean wholeStore,
        Duration duration) {

    /** Whether the run wrote or removed any score row (a queued batch then invalidated the store). */
    public boolean changedScores() {
        return customersScored > 0 || scoresRemoved > 0;
    }
}
