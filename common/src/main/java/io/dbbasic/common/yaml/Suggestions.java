package io.dbbasic.common.yaml;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?": the closest known word within a small edit distance. */
final class Suggestions {
    private Suggestions() {}

    /**
     * The closest candidate within distance 2 (1 for words of three letters or fewer, where 2 edits
     * would turn most short words into each other), or empty when nothing is that close.
     */
    static Optional<String> closest(String word, Collection<String> candidates) {
        var limit = word.length() <= 3 ? 1 : 2;
        String best = null;
        var bestDistance = Integer.MAX_VALUE;
        for (var candidate : candidates) {
            var distance = distance(word, candidate);
            if (distance <= limit && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        var d = new int[a.length() + 1][b.length() + 1];
        for (var i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (var j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (var i = 1; i <= a.length(); i++) {
            for (var j = 1; j <= b.length(); j++) {
                var cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
