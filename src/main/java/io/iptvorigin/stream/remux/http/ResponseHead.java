package io.iptvorigin.stream.remux.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an HTTP/1.x response head (status line and header fields, RFC 9112 §2-§5) from the bytes as
 * they arrive, up to the empty line; the body's first bytes stay in the input. At most {@value
 * #MAX_BYTES} bytes: an upstream cannot make the reader hold more.
 */
final class ResponseHead {
  static final int MAX_BYTES = 16 * 1024;

  private byte[] bytes = new byte[512];
  private int length;
  private int status = -1;
  private final Map<String, String> fields = new HashMap<>();

  /** Consumes {@code in} up to the end of the head; true once the head is complete. */
  boolean read(ByteBuffer in) throws BadResponseException {
    while (in.hasRemaining()) {
      byte b = in.get();
      if (length == bytes.length) {
        if (length == MAX_BYTES) {
          throw new BadResponseException("response head over " + MAX_BYTES + " bytes");
        }
        bytes = java.util.Arrays.copyOf(bytes, Math.min(MAX_BYTES, length * 2));
      }
      bytes[length++] = b;
      if (b == '\n' && endsWithEmptyLine()) {
        parse(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
        bytes = null;
        return true;
      }
    }
    return false;
  }

  private boolean endsWithEmptyLine() {
    return length >= 2 && bytes[length - 2] == '\n'
        || length >= 3 && bytes[length - 2] == '\r' && bytes[length - 3] == '\n';
  }

  private void parse(String text) throws BadResponseException {
    String[] lines = text.split("\r?\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2
        || !statusLine[0].startsWith("HTTP/1.")
        || !statusLine[1].matches("[0-9]{3}")) {
      throw new BadResponseException("not an HTTP/1.x status line");
    }
    status = Integer.parseInt(statusLine[1]);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue; // obsolete line folding or junk: nothing the reader needs
      }
      String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).strip();
      // Repeated fields are one comma-separated list (RFC 9110 §5.3).
      fields.merge(name, value, (a, b) -> a + ", " + b);
    }
  }

  int status() {
    return status;
  }

  /** The field's value (repeats joined by ", "), or null. */
  String field(String name) {
    return fields.get(name.toLowerCase(Locale.ROOT));
  }

  /** Whether chunked is the final transfer coding, which makes the body chunked. */
  boolean chunked() {
    String codings = field("transfer-encoding");
    if (codings == null) {
      return false;
    }
    String[] list = codings.split(",");
    return list[list.length - 1].strip().equalsIgnoreCase("chunked");
  }

  /**
   * The Content-Length, or -1 without one (a chunked body ignores it, RFC 9112 §6.3).
   *
   * @throws BadResponseException for a length that is not one number
   */
  long contentLength() throws BadResponseException {
    String value = field("content-length");
    if (value == null) {
      return -1;
    }
    String first = value.split(",")[0].strip();
    for (String repeat : value.split(",")) {
      if (!repeat.strip().equals(first)) {
        throw new BadResponseException("conflicting Content-Length");
      }
    }
    if (!first.matches("[0-9]{1,18}")) {
      throw new BadResponseException("malformed Content-Length");
    }
    return Long.parseLong(first);
  }
}
