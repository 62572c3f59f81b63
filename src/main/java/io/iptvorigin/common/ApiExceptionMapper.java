package io.iptvorigin.common;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns a refused request into its status and a JSON {@code {"error": ...}} body. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {
  @Override
  public Response toResponse(ApiException e) {
    return ErrorResponse.of(e.status(), e.getMessage());
  }
}
