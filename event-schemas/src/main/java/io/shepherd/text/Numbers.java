package io.shepherd.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * How numbers read in a message an on-call engineer skims: three significant digits, thousands grouped, percentages
 * with at most one decimal, durations in the largest sensible units. Never NaN, never sixteen digits.
 */
public final class Numbers {

    private Numbers() {
    }

    /** Three significant digits, at least two decimals below 10 ({@code 0.20}, {@code 0.851}, {@code 1.99}, {@code 1,194}). */
    public static String value(double x) {
        if (!Double.isFinite(x)) {
            return "n/a";
        }
        if (Math.abs(x) >= 1000) {
            return count(Math.round(x));
        }
        if (x == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(3, RoundingMode.HALF_UP));
        int minScale = Math.abs(x) < 10 ? 2 : 0;
        BigDecimal plain = rounded.stripTrailingZeros();
        if (plain.scale() < minScale) {
            plain = plain.setScale(minScale, RoundingMode.UNNECESSARY);
        }
        return plain.toPlainString();
    }

    /** A metric value as accuracies and errors are read: three decimals below 10 ({@code 0.851}), then three digits ({@code 12.0}). */
    public static String metric(double x) {
        if (!Double.isFinite(x)) {
            return "n/a";
        }
        double abs = Math.abs(x);
        return abs < 10 ? String.format(Locale.ROOT, "%.3f", x) : abs < 100 ? String.format(Locale.ROOT, "%.1f", x)
                : abs < 1000 ? String.format(Locale.ROOT, "%.0f", x) : count(Math.round(x));
    }

    /** A whole number with thousands grouped: {@code 1,194}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A share as a percentage with at most one decimal: 0.075 is {@code 7.5 %}, 0.05 is {@code 5 %}. */
    public static String percent(double share) {
        return percentOf(share, false);
    }

    /** A signed change as a percentage: -0.075 is {@code -7.5 %}, 0.2 is {@code +20 %}. */
    public static String signedPercent(double change) {
        return percentOf(change, true);
    }

    private static String percentOf(double share, boolean signed) {
        if (!Double.isFinite(share)) {
            return "n/a";
        }
        double pct = share * 100;
        double abs = Math.abs(pct);
        String digits = abs >= 10 || abs == Math.rint(abs) ? String.format(Locale.ROOT, "%.0f", abs)
                : abs >= 0.1 ? String.format(Locale.ROOT, "%.1f", abs) : value(abs);
        if (digits.endsWith(".0")) {
            digits = digits.substring(0, digits.length() - 2);
        }
        String sign = pct < 0 && !digits.matches("0(\\.0*)?") ? "-" : signed && pct > 0 ? "+" : "";
        return sign + digits + " %";
    }

    /** A p-value: {@code 0.031}, {@code 0.0003}, below 0.0001 {@code < 0.0001}. */
    public static String pValue(double p) {
        if (!Double.isFinite(p)) {
            return "n/a";
        }
        if (p < 0.0001) {
            return "< 0.0001";
        }
        return new BigDecimal(p).round(new MathContext(2, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
    }

    /** A duration in its two largest units: {@code 45 s}, {@code 5 min 12 s}, {@code 3 h 20 min}, {@code 31 days}. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400 * 2) {
            long minutes = (s % 3600) / 60;
            return minutes == 0 ? s / 3600 + " h" : s / 3600 + " h " + minutes + " min";
        }
        return s / 86_400 + " days";
    }

    /** Milliseconds as a duration, or n/a when not finite. */
    public static String millis(double ms) {
        return Double.isFinite(ms) ? duration(Duration.ofMillis(Math.round(ms))) : "n/a";
    }
}
