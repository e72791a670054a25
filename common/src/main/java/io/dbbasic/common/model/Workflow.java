package io.dbbasic.common.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code workflow:} block: which values of {@code field} a record may move between. A new record
 * starts in one of {@code initial}; each state lists the states it may move to and the hooks run on entering it.
 */
public record Workflow(String field, List<String> initial, Map<String, State> states) {
    public static final String DEFAULT_FIELD = "status";

    public Workflow {
        initial = List.copyOf(initial);
        states = Map.copyOf(states);
    }

    public record State(List<String> transitions, List<String> actions) {
        public State {
            transitions = List.copyOf(transitions);
            actions = List.copyOf(actions);
        }
    }

    public Optional<State> state(String name) {
        return Optional.ofNullable(states.get(name));
    }

    public boolean allows(String from, String to) {
        return from.equals(to) || state(from).map(s -> s.transitions().contains(to)).orElse(false);
    }
}
