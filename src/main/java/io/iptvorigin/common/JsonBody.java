package io.iptvorigin.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body as one JSON object, refusing anything over {@link #MAX_BYTES} before it is
 * parsed, so a huge or endless body costs neither memory nor a hung request thread. Duplicate keys
 * are refused (the mapper's strict duplicate detection), and so are strings with a lone UTF-16
 * surrogate ({@code "\ud800"}): Redis would store it as {@code ?}, silently changing the value.
 */
public final class JsonBody {
  public static final int MAX_BYTES = 64 * 1024;

  private JsonBody() {}

  public static ObjectNode read(InputStream in) {
    byte[] bytes = readLimited(in);
    if (bytes.length == 0) {
      throw new ApiException(400, "request body is empty: a JSON object is expected");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(400, "malformed JSON");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ApiException(400, "request body must be a JSON object");
    }
    checkText(object);
    return object;
  }

  private static void checkText(JsonNode node) {
    if (node.isTextual()) {
      requireWellFormed(node.textValue());
    }
    node.fieldNames().forEachRemaining(JsonBody::requireWellFormed);
    node.elements().forEachRemaining(JsonBody::checkText);
  }

  private static void requireWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new ApiException(
            400,
            "malformed JSON: a string holds a lone UTF-16 surrogate (\\u"
                + Integer.toHexString(c)
                + ")");
      }
    }
  }

  private static byte[] readLimited(InputStream in) {
    if (in == null) {
      return new byte[0];
    }
    try {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new ApiException(413, "request body is larger than " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new ApiException(400, "request body could not be read");
    }
  }
}
