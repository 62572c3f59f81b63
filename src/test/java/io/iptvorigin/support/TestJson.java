package io.iptvorigin.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The JSON bodies the test-data builders send. */
final class TestJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestJson() {}

  static String write(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
