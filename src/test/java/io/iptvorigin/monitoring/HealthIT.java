package io.iptvorigin.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.Deployments;
import io.iptvorigin.support.Http;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /api/health answers without credentials while Redis is up. */
@ExtendWith(ArquillianExtension.class)
class HealthIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.productionWar();
  }

  @Test
  void healthIsOkWithoutAuthentication() throws Exception {
    HttpResponse<String> response = Http.anonymous(base).get("/api/health");
    assertEquals(200, response.statusCode());
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertEquals("ok", body.get("status").asText());
    double now = System.currentTimeMillis() / 1000.0;
    assertTrue(Math.abs(body.get("timestamp").asDouble() - now) < 60, "timestamp is epoch seconds");
  }

  @Test
  void unknownApiPathIsAJsonError() {
    HttpResponse<String> response = Http.anonymous(base).withAdminToken().get("/api/nothing-here");
    assertEquals(404, response.statusCode());
    assertTrue(response.body().contains("\"error\""));
  }
}
