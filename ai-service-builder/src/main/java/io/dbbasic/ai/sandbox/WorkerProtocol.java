package io.dbbasic.ai.sandbox;

/**
 * The frames between the builder and a hook worker JVM, over the worker's stdin and stdout
 * (Data streams: big-endian lengths, modified UTF-8 strings).
 * <pre>
 * worker → builder  'H'                                            ready (sent once, at start)
 * builder → worker  'D' key hookClass n (name len bytes)×n          define a service version
 * builder → worker  'I' key ticks wallNanos len json                run one call
 * worker → builder  'R' len json                                    the call's reply
 * </pre>
 * Reply JSON: {@code {"outcome":"continue","record":{…},"notifications":[…]}},
 * {@code {"outcome":"reject","message","errors"}}, or {@code {"outcome":"stopped"|"failed","message"}}.
 */
final class WorkerProtocol {
    static final int READY = 'H';
    static final int DEFINE = 'D';
    static final int INVOKE = 'I';
    static final int REPLY = 'R';
    /** Requests and replies larger than this are refused: the CRUD API's own body limit, with room for JSON. */
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private WorkerProtocol() {}
}
