package io.dbbasic.ai.generate;

import java.util.List;

/** The offline generator could not read part of a description; says what it did understand. */
public final class NotUnderstood extends RuntimeException {
    private final List<String> understood;
    private final List<String> unclear;

    public NotUnderstood(List<String> understood, List<String> unclear) {
        super("not understood: " + String.join(" / ", unclear));
        this.understood = List.copyOf(understood);
        this.unclear = List.copyOf(unclear);
    }

    public List<String> understood() {
        return understood;
    }

    public List<String> unclear() {
        return unclear;
    }
}
