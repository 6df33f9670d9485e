package io.lockstep.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.error.ErrorDetail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own refusals (a URI too long, headers too large, a request line it cannot parse), which
 * never reach the routes, answered in Manila's error shape instead of Jetty's HTML page.
 * Thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;

    JsonErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, message(status)));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.getOutputStream().write(body(code, message(code)));
    }

    private static String message(int status) {
        return switch (status) {
            case 414 -> "The request URI is too long (the limit is 8 KiB).";
            case 431 -> "The request headers are too large (the limit is 8 KiB in all).";
            case 413 -> "The request body is too large; the limit is " + Bodies.MAX_BYTES + " bytes.";
            case 400 -> "The request is not valid HTTP.";
            default -> "The request could not be served (HTTP " + status + ").";
        };
    }

    private byte[] body(int status, String message) {
        try {
            return mapper.writeValueAsString(Map.of(ErrorDetail.faultName(status), ErrorDetail.of(status, message)))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            return ("{\"computeFault\": {\"code\": " + status + ", \"message\": \"error\"}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
