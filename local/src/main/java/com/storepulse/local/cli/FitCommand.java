package com.storepulse.local.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.storepulse.json.Json;
import com.storepulse.scoring.FitOptions;
import com.storepulse.scoring.FitStatus;
import com.storepulse.scoring.ModelFit;
import com.storepulse.scoring.ModelFitter;
import com.storepulse.scoring.PurchaseSummary;
import com.storepulse.scoring.TransactionLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fit --transactions FILE.csv --end YYYY-MM-DD}: fits BG/NBD and Gamma-Gamma to a CSV of
 * purchases, in the papers' conventions (weeks; same-day purchases are one transaction; frequency
 * counts repeat transactions; Gamma-Gamma on repeat customers' mean repeat spend; plain maximum
 * likelihood, no penalty), and prints one JSON object on stdout with exactly the keys customers,
 * timeUnit, bgnbd {r, alpha, a, b, logLikelihood} and gammaGamma {p, q, gamma, logLikelihood}.
 * Diagnostics (repeat customers, fit status and its note) go to stderr. Exit codes: 0 fitted; 2 bad
 * usage or input (message on stderr); 3 too little data to fit (nothing on stdout: the scorer's
 * fallback parameters are not an answer to "fit this file"); 4 printed, but the optimizer's
 * convergence check failed (the note on stderr says why: the estimates are the best found, not a
 * maximum the data pin down).
 */
public final class FitCommand {

    static final String USAGE = "usage: fit --transactions FILE.csv --end YYYY-MM-DD\n"
            + "  FILE.csv has the header " + TransactionsCsv.HEADER + " and one row per purchase;\n"
            + "  --end is the last day of the calibration period (purchases after it are ignored).";

    private FitCommand() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path transactions = null;
        LocalDate end = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                return 0;
            }
            if (i + 1 >= args.length || !(arg.equals("--transactions") || arg.equals("--end"))) {
                err.println("fit: unexpected argument '" + arg + "'\n" + USAGE);
                return 2;
            }
            String value = args[++i];
            if (arg.equals("--transactions")) {
                transactions = Path.of(value);
            } else {
                try {
                    end = LocalDate.parse(value);
                } catch (DateTimeParseException e) {
                    err.println("fit: --end must be a date YYYY-MM-DD, got '" + value + "'");
                    return 2;
                }
            }
        }
        if (transactions == null || end == null) {
            err.println("fit: --transactions and --end are both required\n" + USAGE);
            return 2;
        }
        TransactionLog log;
        try {
            log = TransactionsCsv.read(transactions);
        } catch (TransactionsCsv.InvalidCsvException e) {
            err.println("fit: " + e.getMessage());
            return 2;
        }
        List<PurchaseSummary> customers = log.summarize(end);
        ModelFit fit = ModelFitter.fit(customers, FitOptions.unpenalized());
        String diagnostics = "status " + fit.status().code() + ", " + fit.customers() + " customers, "
                + fit.repeatCustomers() + " repeat customers" + (fit.note() == null ? "" : ": " + fit.note());
        if (fit.status() == FitStatus.INSUFFICIENT_DATA) {
            err.println("fit: too little data to fit (purchases up to " + end + "); " + diagnostics);
            return 3;
        }
        out.println(write(result(fit)));
        err.println("fit: " + diagnostics);
        return fit.status() == FitStatus.OK ? 0 : 4;
    }

    /** Every key is printed, always with a number (a fit that kept defaults is not printed). */
    private static String write(Map<String, Object> result) {
        try {
            return Json.mapper()
                    .copy()
                    .setSerializationInclusion(JsonInclude.Include.ALWAYS)
                    .writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The printed object. */
    static Map<String, Object> result(ModelFit fit) {
        Map<String, Object> bgNbd = new LinkedHashMap<>();
        bgNbd.put("r", fit.bgNbd().r());
        bgNbd.put("alpha", fit.bgNbd().alpha());
        bgNbd.put("a", fit.bgNbd().a());
        bgNbd.put("b", fit.bgNbd().b());
        bgNbd.put("logLikelihood", finiteOrNull(fit.bgNbdLogLikelihood()));
        Map<String, Object> gammaGamma = new LinkedHashMap<>();
        gammaGamma.put("p", fit.gammaGamma().p());
        gammaGamma.put("q", fit.gammaGamma().q());
        gammaGamma.put("gamma", fit.gammaGamma().gamma());
        gammaGamma.put("logLikelihood", finiteOrNull(fit.gammaGammaLogLikelihood()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customers", fit.customers());
        out.put("timeUnit", "weeks");
        out.put("bgnbd", bgNbd);
        out.put("gammaGamma", gammaGamma);
        return out;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
