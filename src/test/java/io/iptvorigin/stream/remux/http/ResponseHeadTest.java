package io.iptvorigin.stream.remux.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {
  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void aHeadReadByteByByteLeavesTheBodyInTheInput() throws Exception {
    ByteBuffer in = bytes("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nX-A: 1\r\nx-a: 2\r\n\r\nbody");
    ResponseHead head = new ResponseHead();
    boolean done = false;
    ByteBuffer one = in.duplicate();
    while (!done) {
      one.limit(one.position() + 1);
      done = head.read(one);
    }
    assertEquals(200, head.status());
    assertEquals(4, head.contentLength());
    assertEquals("1, 2", head.field("X-A"));
    assertNull(head.field("location"));
    assertEquals(one.position(), in.limit() - 4);
  }

  @Test
  void chunkedIsTheLastCodingAndOverridesTheLength() throws Exception {
    ResponseHead head = new ResponseHead();
    assertTrue(
        head.read(
            bytes("HTTP/1.1 200 OK\nTransfer-Encoding: gzip, Chunked\nContent-Length: 9\n\n")));
    assertTrue(head.chunked());
    ResponseHead notLast = new ResponseHead();
    assertTrue(notLast.read(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n")));
    assertFalse(notLast.chunked());
    assertEquals(-1, notLast.contentLength());
  }

  @Test
  void badHeadsAreRefused() throws Exception {
    assertThrows(
        BadResponseException.class, () -> new ResponseHead().read(bytes("ICY 200 OK\r\n\r\n")));
    assertThrows(
        BadResponseException.class, () -> new ResponseHead().read(bytes("HTTP/1.1 20 OK\r\n\r\n")));
    ResponseHead twoLengths = new ResponseHead();
    twoLengths.read(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
    assertThrows(BadResponseException.class, twoLengths::contentLength);
    ResponseHead negative = new ResponseHead();
    negative.read(bytes("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"));
    assertThrows(BadResponseException.class, negative::contentLength);
  }

  @Test
  void aHeadNeverHoldsMoreThanItsLimit() throws Exception {
    ResponseHead head = new ResponseHead();
    assertFalse(head.read(bytes("HTTP/1.1 200 OK\r\n")));
    ByteBuffer endless = bytes("X-Pad: " + "a".repeat(ResponseHead.MAX_BYTES) + "\r\n");
    assertThrows(BadResponseException.class, () -> head.read(endless));
  }
}
