package io.iptvorigin.common;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Last line of defence: whatever escapes is logged for the operator and answered without a stack
 * trace. Redis being away (unreachable, or between masters in a failover) is the one expected
 * failure and is a 503, so the panel retries.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Override
  public Response toResponse(Throwable e) {
    if (RedisOutage.explains(e)) {
      LOG.warning("storage unavailable: " + e.getMessage());
      return ErrorResponse.of(503, "storage unavailable, try again");
    }
    LOG.log(Level.SEVERE, "unexpected error", e);
    return ErrorResponse.of(500, "internal error");
  }
}
