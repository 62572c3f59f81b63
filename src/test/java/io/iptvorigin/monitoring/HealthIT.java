package io.iptvorigin.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.OriginStack;
import java.net.http.HttpResponse;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /api/health answers without credentials while Redis is up. */
@ExtendWith(ArquillianExtension.class)
class HealthIT {
  @RegisterExtension static final OriginStack stack = OriginStack.deployed();

  @Test
  void healthIsOkWithoutAuthentication() throws Exception {
    HttpResponse<String> response = stack.app().get("/api/health");
    assertEquals(200, response.statusCode());
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertEquals("ok", body.get("status").asText());
    double now = System.currentTimeMillis() / 1000.0;
    assertTrue(Math.abs(body.get("timestamp").asDouble() - now) < 60, "timestamp is epoch seconds");
  }

  @Test
  void unknownApiPathIsAJsonError() {
    HttpResponse<String> response = stack.admin().get("/api/nothing-here");
    assertEquals(404, response.statusCode());
    assertTrue(response.body().contains("\"error\""));
  }
}
