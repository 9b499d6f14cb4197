package dev.sfautoscaler.wire;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known field name a misspelt one most likely meant ({@code dryrun} -> {@code dryRun}). */
final class FieldNames {

    private FieldNames() {
    }

    /**
     * The known name closest to {@code name}, ignoring case, when it is at most two edits away (one
     * for names of up to five letters); empty when none is that close.
     */
    static Optional<String> closest(String name, Collection<String> known) {
        String given = name.toLowerCase(Locale.ROOT);
        int allowed = given.length() <= 5 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(given, candidate.toLowerCase(Locale.ROOT));
            if (d <= allowed && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
