package io.iptvorigin.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderPayloadTest {
  private static ProviderPayload parse(String json) {
    ObjectNode body = Json.readStored(json);
    return ProviderPayload.parse(body);
  }

  private static void assertRefused(String mention, String json) {
    ApiException e = assertThrows(ApiException.class, () -> parse(json).toNewProvider());
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains(mention), e.getMessage());
  }

  @Test
  void aNewProviderKeepsItsIdAndLimitThroughStorage() {
    Provider provider = parse("{\"id\":\"acme.tv_1-a\",\"max_connections\":1}").toNewProvider();
    assertEquals(new Provider("acme.tv_1-a", 1), provider);
    assertEquals(provider, Provider.fromStoredJson(provider.toStoredJson()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"a/b\"", "\"a b\"", "\".acme\"", "\"a:b\"", "7", "null"})
  void idsAreKeySafe(String id) {
    assertRefused("'id'", "{\"id\":" + id + ",\"max_connections\":1}");
  }

  @Test
  void anIdLongerThan64IsRefused() {
    assertRefused("'id'", "{\"id\":\"" + "a".repeat(65) + "\",\"max_connections\":1}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "10001", "1.5", "\"1\"", "true", "null", "1e3"})
  void maxConnectionsIsAnIntegerFrom1To10000(String value) {
    assertRefused("'max_connections'", "{\"id\":\"acme\",\"max_connections\":" + value + "}");
  }

  @Test
  void theBoundsThemselvesAreAllowed() {
    assertEquals(
        10_000, parse("{\"id\":\"a\",\"max_connections\":10000}").toNewProvider().maxConnections());
  }

  @Test
  void bothFieldsAreRequiredForANewProvider() {
    assertRefused("'id'", "{\"max_connections\":1}");
    assertRefused("'max_connections'", "{\"id\":\"acme\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"maxConnections", "connections", "channels", "name"})
  void unknownFieldsAreRefusedNotIgnored(String field) {
    assertRefused(
        "unknown field '" + field + "'",
        "{\"id\":\"acme\",\"max_connections\":1,\"" + field + "\":2}");
  }

  @Test
  void anUpdateChangesTheLimitAndKeepsTheId() {
    Provider current = new Provider("acme", 1);
    assertEquals(new Provider("acme", 3), parse("{\"max_connections\":3}").applyTo(current));
    assertEquals(
        new Provider("acme", 2), parse("{\"id\":\"acme\",\"max_connections\":2}").applyTo(current));
  }

  @Test
  void anUpdateCannotRenameOrLeaveTheLimitOut() {
    Provider current = new Provider("acme", 1);
    ApiException renamed =
        assertThrows(
            ApiException.class,
            () -> parse("{\"id\":\"other\",\"max_connections\":2}").applyTo(current));
    assertEquals(400, renamed.status());
    ApiException empty = assertThrows(ApiException.class, () -> parse("{}").applyTo(current));
    assertTrue(empty.getMessage().contains("'max_connections'"), empty.getMessage());
  }
}
