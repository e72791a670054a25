package io.dbbasic.common.service;

import java.util.List;

/** One source of trouble a service reports on {@code /health}; an empty list means all is well. */
@FunctionalInterface
public interface HealthCheck {
    List<String> problems();
}
