package io.iptvorigin.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body as one JSON object, refusing anything over {@link #MAX_BYTES} before it is
 * parsed, so a huge or endless body costs neither memory nor a hung request thread.
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
    return object;
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
