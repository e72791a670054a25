package io.dbbasic.hooks;

/**
 * A message a hook asks to be recorded for delivery. Hooks cannot reach the network, so they never
 * send anything themselves: the builder records each notification (see {@code docs/hooks.md}).
 */
public record Notification(String to, String subject, String body) {
    public Notification {
        to = to == null ? "" : to;
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
    }
}
