package org.registro.bench;

/**
 * One benchmark row.
 *
 * @param name        what was measured
 * @param size        how much data ("1,000,000 rows")
 * @param millis      the median (or single) time in milliseconds
 * @param rate        throughput, or null when not meaningful
 * @param peakHeapMb  peak heap during the step, in MiB
 * @param target      the target from the issue, or "" when none
 * @param met         whether the target was met (null when there is none)
 */
public record BenchResult(String name, String size, double millis, String rate, long peakHeapMb, String target,
                          Boolean met) {
}
