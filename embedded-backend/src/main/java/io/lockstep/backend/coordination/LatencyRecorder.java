package io.lockstep.backend.coordination;

import java.util.Arrays;

/**
 * The last {@value #CAPACITY} samples of a duration, for percentiles, plus the all-time maximum.
 * Thread-safe (synchronized; recording is a few array stores).
 */
final class LatencyRecorder {

    static final int CAPACITY = 2048;

    private final long[] samples = new long[CAPACITY];
    private int count;
    private int next;
    private long max;
    private String maxLabel;

    synchronized void record(long micros, String label) {
        samples[next] = micros;
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
        if (micros >= max) {
            max = micros;
            maxLabel = label;
        }
    }

    synchronized long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long[] copy = Arrays.copyOf(samples, count);
        Arrays.sort(copy);
        int index = (int) Math.ceil(p * count) - 1;
        return copy[Math.max(0, Math.min(count - 1, index))];
    }

    synchronized long max() {
        return max;
    }

    synchronized String maxLabel() {
        return maxLabel;
    }
}
