package io.dbbasic.ai.services;

import java.util.Map;

/** A test's outcome as CONTRACT §6 shows it: {@code {"name","passed","actual","expected"}}, with why it failed. */
public record TestResult(String name, boolean passed, Map<String, Object> actual, Map<String, Object> expected, String failure) {}
