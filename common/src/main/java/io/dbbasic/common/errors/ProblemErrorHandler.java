package io.dbbasic.common.errors;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty refuses before they reach a route (an encoded NUL or an ambiguous path, say) get the same problem body as everything else instead of Jetty's
 * HTML page. The detail never repeats the request, so nothing the client sent is reflected back.
 */
public final class ProblemErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemMapper.CONTENT_TYPE);
        Content.Sink.write(response, true, body(code), callback);
    }

    private static String body(int status) {
        var title = HttpStatus.getMessage(status);
        var detail = status == 400
                ? "the request is malformed: its path, query or headers are not valid HTTP (an encoded control character, say)"
                : "the server refused the request before it reached the application: " + title;
        return "{\"type\":\"about:blank\",\"status\":%d,\"title\":\"%s\",\"detail\":\"%s\"}".formatted(status, title, detail);
    }
}
