package org.registro.insight;

import java.util.List;
import java.util.Random;

/**
 * k-means with k-means++ seeding over standardized features. A missing value (NaN) is taken as the feature's
 * mean, so it pulls towards no cluster. Deterministic for a seed.
 */
final class KMeans {

    /** Which cluster each row is in, the centres in the original units, and each cluster's size. */
    record Fit(int[] assignment, double[][] centres, long[] sizes) {
    }

    private KMeans() {
    }

    static Fit fit(List<double[]> rows, int k, long seed) {
        int n = rows.size();
        int d = rows.get(0).length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        int[] present = new int[d];
        for (double[] r : rows) {
            for (int f = 0; f < d; f++) {
                if (!Double.isNaN(r[f])) {
                    mean[f] += r[f];
                    present[f]++;
                }
            }
        }
        for (int f = 0; f < d; f++) {
            mean[f] = present[f] == 0 ? 0 : mean[f] / present[f];
        }
        for (double[] r : rows) {
            for (int f = 0; f < d; f++) {
                double v = Double.isNaN(r[f]) ? mean[f] : r[f];
                sd[f] += (v - mean[f]) * (v - mean[f]);
            }
        }
        for (int f = 0; f < d; f++) {
            sd[f] = Math.sqrt(sd[f] / n);
            if (sd[f] == 0) {
                sd[f] = 1;
            }
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < d; f++) {
                double v = rows.get(i)[f];
                x[i][f] = ((Double.isNaN(v) ? mean[f] : v) - mean[f]) / sd[f];
            }
        }
        Random random = new Random(seed);
        double[][] centres = new double[k][];
        centres[0] = x[random.nextInt(n)].clone();
        double[] nearest = new double[n];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Double.MAX_VALUE;
                for (int j = 0; j < c; j++) {
                    nearest[i] = Math.min(nearest[i], distance(x[i], centres[j]));
                }
                total += nearest[i];
            }
            double pick = random.nextDouble() * total;
            int chosen = 0;
            for (double acc = nearest[0]; acc < pick && chosen < n - 1; acc += nearest[++chosen]) {
                // walk to the chosen point
            }
            centres[c] = x[chosen].clone();
        }
        int[] assignment = new int[n];
        for (int iteration = 0; iteration < 50; iteration++) {
            boolean moved = false;
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (distance(x[i], centres[c]) < distance(x[i], centres[best])) {
                        best = c;
                    }
                }
                if (best != assignment[i] || iteration == 0) {
                    moved |= best != assignment[i];
                    assignment[i] = best;
                }
            }
            double[][] sums = new double[k][d];
            long[] counts = new long[k];
            for (int i = 0; i < n; i++) {
                counts[assignment[i]]++;
                for (int f = 0; f < d; f++) {
                    sums[assignment[i]][f] += x[i][f];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    for (int f = 0; f < d; f++) {
                        centres[c][f] = sums[c][f] / counts[c];
                    }
                }
            }
            if (!moved && iteration > 0) {
                break;
            }
        }
        long[] sizes = new long[k];
        for (int a : assignment) {
            sizes[a]++;
        }
        double[][] original = new double[k][d];
        for (int c = 0; c < k; c++) {
            for (int f = 0; f < d; f++) {
                original[c][f] = centres[c][f] * sd[f] + mean[f];
            }
        }
        return new Fit(assignment, original, sizes);
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int f = 0; f < a.length; f++) {
            double diff = a[f] - b[f];
            sum += diff * diff;
        }
        return sum;
    }
}
