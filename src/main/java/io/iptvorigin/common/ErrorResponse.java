package io.iptvorigin.common;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The one shape of every API error: {@code {"error": "..."}}. */
public final class ErrorResponse {
  private ErrorResponse() {}

  public static Response of(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Json.write(Map.of("error", message)))
        .build();
  }
}
