package io.dbbasic.ai.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.hooks.Hook;
import io.dbbasic.hooks.HookContext;
import io.dbbasic.hooks.HookResult;
import io.dbbasic.hooks.Row;
import io.dbbasic.hooks.User;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs hook calls inside a worker JVM: defines each service version in its own class loader, builds
 * the {@link HookContext} from the request JSON, runs a fresh hook instance under a {@link Budget},
 * and turns whatever happens into reply JSON. Used by one thread at a time (the worker's main loop).
 */
final class HookRunner {
    /** Versions kept loaded; older ones are dropped (and their classes collected) beyond this. */
    private static final int MAX_LOADED = 256;
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> REQUEST = new com.fasterxml.jackson.core.type.TypeReference<>() {};

    /**
     * A loaded version. Instances are made through a method handle, not reflection: after a few calls
     * reflection generates accessor classes whose loader delegates to the service's, which (rightly)
     * does not show the JDK's internals.
     */
    private record Loaded(ServiceClassLoader loader, MethodHandle constructor, List<String> classNames) {}

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final LinkedHashMap<String, Loaded> loaded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
            return size() > MAX_LOADED;
        }
    };

    boolean has(String key) {
        return loaded.containsKey(key);
    }

    /** Defines a service version; {@code classes} by internal name (slashes), as the gate produced them. */
    void define(String key, String hookClass, Map<String, byte[]> classes) throws ClassNotFoundException {
        var binary = new LinkedHashMap<String, byte[]>();
        classes.forEach((name, bytes) -> binary.put(name.replace('/', '.'), bytes));
        var loader = new ServiceClassLoader(key, binary, HookRunner.class.getClassLoader());
        var type = Class.forName(hookClass, false, loader).asSubclass(Hook.class);
        MethodHandle constructor;
        try {
            constructor = MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                    .findConstructor(type, MethodType.methodType(void.class)).asType(MethodType.methodType(Hook.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ClassNotFoundException(hookClass + " has no constructor without arguments", e);
        }
        loaded.put(key, new Loaded(loader, constructor, List.copyOf(binary.keySet())));
    }

    /** Runs one call and returns the reply JSON (see {@code WorkerProtocol}). */
    byte[] invoke(String key, long ticks, long wallNanos, byte[] request) throws IOException {
        var service = loaded.get(key);
        if (service == null) {
            return reply(Map.of("outcome", "failed", "message", "the worker does not have version " + key));
        }
        HookContext context;
        try {
            context = context(json.readValue(request, REQUEST));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            return reply(Map.of("outcome", "failed", "message", "bad call: " + e.getMessage()));
        }
        try (var meter = Budget.start(ticks, wallNanos)) {
            try {
                var result = ((Hook) service.constructor().invokeExact()).handle(context);
                if (meter.exceeded() != null) {
                    return stopped(meter);
                }
                return reply(result, meter.used());
            } catch (BudgetExceeded e) {
                return stopped(meter);
            } catch (ExceptionInInitializerError e) {
                return meter.exceeded() != null ? stopped(meter) : failure(e.getCause(), service);
            } catch (StackOverflowError e) {
                return reply(Map.of("outcome", "stopped", "message", "stopped: the hook recursed too deeply"));
            } catch (RuntimeException | LinkageError e) {
                return meter.exceeded() != null ? stopped(meter) : failure(e, service);
            } catch (Throwable e) {
                // invokeExact declares Throwable; what is left here is an Error other than the above
                return reply(Map.of("outcome", "failed", "message", e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    private byte[] stopped(Budget.Meter meter) throws IOException {
        return reply(Map.of("outcome", "stopped", "message", meter.exceeded()));
    }

    private byte[] failure(Throwable e, Loaded service) throws IOException {
        if (e instanceof BudgetExceeded stop) {
            return reply(Map.of("outcome", "stopped", "message", stop.getMessage()));
        }
        var where = "";
        for (var frame : e.getStackTrace()) {
            if (service.classNames().contains(frame.getClassName()) && frame.getLineNumber() > 0) {
                where = " at line " + frame.getLineNumber();
                break;
            }
        }
        var message = e.getClass().getSimpleName() + where + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return reply(Map.of("outcome", "failed", "message", message));
    }

    private byte[] reply(HookResult result, long ticks) throws IOException {
        var body = new LinkedHashMap<String, Object>();
        if (result instanceof HookResult.Continue go) {
            body.put("outcome", "continue");
            body.put("record", go.record().toMap());
            var notes = new ArrayList<Map<String, String>>();
            go.notifications().forEach(n -> notes.add(Map.of("to", n.to(), "subject", n.subject(), "body", n.body())));
            body.put("notifications", notes);
        } else if (result instanceof HookResult.Reject no) {
            body.put("outcome", "reject");
            body.put("message", no.message());
            body.put("errors", no.errors());
        } else {
            body.put("outcome", "failed");
            body.put("message", "the hook returned null instead of a HookResult");
        }
        body.put("ticks", ticks);
        return reply(body);
    }

    private byte[] reply(Map<String, ?> body) throws IOException {
        return json.writeValueAsBytes(body);
    }

    @SuppressWarnings("unchecked")
    private static HookContext context(Map<String, Object> request) {
        var record = request.get("record") instanceof Map<?, ?> map ? new Row((Map<String, ?>) map) : new Row();
        var previous = request.get("previous") instanceof Map<?, ?> map ? new Row((Map<String, ?>) map) : null;
        User user = null;
        if (request.get("user") instanceof Map<?, ?> u) {
            var id = u.get("id") instanceof Number n ? n.longValue() : 0L;
            var roles = new ArrayList<String>();
            if (u.get("roles") instanceof List<?> list) {
                list.forEach(role -> roles.add(String.valueOf(role)));
            }
            user = new User(id, u.get("username") == null ? "" : String.valueOf(u.get("username")), roles);
        }
        var now = request.get("now") instanceof String text ? Instant.parse(text) : Instant.now();
        return new HookContext(str(request.get("event")), str(request.get("resource")), record, previous, user, now);
    }

    private static String str(Object value) {
        return value == null ? "" : value.toString();
    }
}
