package org.registro.journey;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which branch of a random split a person takes: a hash of the journey, the step and the person, so the same
 * person always takes the same branch (in every run, in the simulation, and after the journey is edited) while
 * across people the shares follow the percentages.
 */
public final class Branching {

    private Branching() {
    }

    /** A number from 0 to 99 that depends only on the journey, the step and the person. */
    public static int bucket(long journeyId, String stepKey, long contactId) {
        long h = journeyId * 0x9E3779B97F4A7C15L;
        for (byte b : stepKey.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ b);
        }
        h = mix(h ^ contactId);
        return (int) Long.remainderUnsigned(h, 100);
    }

    /** The branch for the bucket: branches take consecutive ranges of 0–99 by their percentages. */
    public static Step.Branch pick(List<Step.Branch> branches, int bucket) {
        int upTo = 0;
        for (Step.Branch b : branches) {
            upTo += JourneyCheck.nz(b.percent());
            if (bucket < upTo) {
                return b;
            }
        }
        return branches.get(branches.size() - 1);
    }

    /**
     * A number in [0, 1) that depends only on the seed, the person and what is being decided: the simulation's
     * dice, so that a person's opens and events do not depend on the order in which people are handled.
     */
    static double unit(long seed, long contactId, String what) {
        long h = mix(seed * 0x9E3779B97F4A7C15L ^ contactId);
        for (byte b : what.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ b);
        }
        return (mix(h) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
