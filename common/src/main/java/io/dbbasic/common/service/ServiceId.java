package io.dbbasic.common.service;

import java.util.List;

/** The four DBBasic services: their names, default ports and the variables that move them (CONTRACT §1). */
public enum ServiceId {
    CRUD_ENGINE("crud-engine", "CRUD engine", 8005, "DBBASIC_CRUD_PORT"),
    AI_SERVICE_BUILDER("ai-service-builder", "AI service builder", 8003, "DBBASIC_AI_PORT"),
    REALTIME_MONITOR("realtime-monitor", "Monitor", 8004, "DBBASIC_MONITOR_PORT"),
    EVENT_STORE("event-store", "Event store", 8006, "DBBASIC_EVENTS_PORT");

    /** Order of the links in the shared top bar: the dashboard first. */
    public static final List<ServiceId> TOP_BAR = List.of(REALTIME_MONITOR, CRUD_ENGINE, AI_SERVICE_BUILDER, EVENT_STORE);

    private final String serviceName;
    private final String title;
    private final int defaultPort;
    private final String portVariable;

    ServiceId(String serviceName, String title, int defaultPort, String portVariable) {
        this.serviceName = serviceName;
        this.title = title;
        this.defaultPort = defaultPort;
        this.portVariable = portVariable;
    }

    public String serviceName() { return serviceName; }

    public String title() { return title; }

    public int defaultPort() { return defaultPort; }

    public String portVariable() { return portVariable; }
}
