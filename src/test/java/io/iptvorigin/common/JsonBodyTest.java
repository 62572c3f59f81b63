package io.iptvorigin.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int statusOf(InputStream in) {
    return assertThrows(ApiException.class, () -> JsonBody.read(in)).status();
  }

  @Test
  void emptyBodyIsRefusedWith400() {
    assertEquals(400, statusOf(stream("")));
  }

  @Test
  void missingBodyIsRefusedWith400() {
    assertEquals(400, statusOf(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"a\":}", "not json", "{'a':1}", "{\"a\":NaN}", "{} {}"})
  void malformedJsonIsRefusedWith400(String text) {
    assertEquals(400, statusOf(stream(text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"a\":1}]", "\"text\"", "42", "null", "true"})
  void jsonThatIsNotAnObjectIsRefusedWith400(String text) {
    assertEquals(400, statusOf(stream(text)));
  }

  @Test
  void deeplyNestedJsonIsRefusedWith400() {
    String nested = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
    assertEquals(400, statusOf(stream(nested)));
  }

  @Test
  void bodyOneByteOver64KibIsRefusedWith413() {
    byte[] big = new byte[JsonBody.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[big.length - 1] = '}';
    assertEquals(413, statusOf(new ByteArrayInputStream(big)));
  }

  @Test
  void bodyOfExactly64KibIsParsed() {
    String padding = " ".repeat(JsonBody.MAX_BYTES - "{\"a\":1}".length());
    ObjectNode body = JsonBody.read(stream("{\"a\":1}" + padding));
    assertEquals(1, body.get("a").intValue());
  }

  @Test
  void validObjectIsParsed() {
    ObjectNode body =
        JsonBody.read(stream("{\"channel_id\":\"48681\",\"order\":2,\"is_active\":true}"));
    assertEquals("48681", body.get("channel_id").textValue());
    assertEquals(2, body.get("order").intValue());
    assertEquals(true, body.get("is_active").booleanValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1,\"a\":1000}", "{\"o\":{\"k\":1,\"k\":2}}"})
  void duplicateKeysAreRefusedWith400(String text) {
    assertEquals(400, statusOf(stream(text)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":\"x\\ud800\"}",
        "{\"a\":\"\\udc00x\"}",
        "{\"\\ud800\":1}",
        "{\"a\":[\"\\ud83d\"]}"
      })
  void loneSurrogatesAreRefusedWith400(String text) {
    assertEquals(400, statusOf(stream(text)));
  }

  @Test
  void aSurrogatePairIsAccepted() {
    assertEquals(
        "\ud83d\ude00", JsonBody.read(stream("{\"a\":\"\\ud83d\\ude00\"}")).get("a").textValue());
  }
}
