package io.iptvorigin.stream.remux.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedBodyTest {
  private static final String BODY =
      "5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\nNEXT";

  /** Decodes {@code text} fed {@code piece} bytes at a time; returns the data. */
  private static String decode(ChunkedBody body, String text, int piece) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int at = 0; at < bytes.length && !body.done(); at += piece) {
      ByteBuffer in = ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at));
      body.decode(
          in,
          chunk -> {
            byte[] data = new byte[chunk.remaining()];
            chunk.get(data);
            out.writeBytes(data);
          });
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void chunksExtensionsAndTrailersInAnyPieces() throws Exception {
    for (int piece : new int[] {1, 2, 3, 7, 1000}) {
      ChunkedBody body = new ChunkedBody();
      assertEquals("hello 0123456789", decode(body, BODY, piece), "pieces of " + piece);
      assertTrue(body.done());
    }
  }

  @Test
  void theBytesAfterTheLastChunkAreLeftInTheInput() throws Exception {
    ChunkedBody body = new ChunkedBody();
    ByteBuffer in = ByteBuffer.wrap(BODY.getBytes(StandardCharsets.ISO_8859_1));
    body.decode(in, chunk -> chunk.position(chunk.limit()));
    assertTrue(body.done());
    assertEquals("NEXT", StandardCharsets.ISO_8859_1.decode(in).toString());
  }

  @Test
  void bareLineFeedsAreTaken() throws Exception {
    ChunkedBody body = new ChunkedBody();
    assertEquals("abc", decode(body, "3\nabc\n0\n\n", 1));
    assertTrue(body.done());
  }

  @Test
  void anUnfinishedBodyIsNotDone() throws Exception {
    ChunkedBody body = new ChunkedBody();
    assertEquals("ab", decode(body, "5\r\nab", 100));
    assertFalse(body.done());
  }

  @Test
  void malformedSizesAndOverlongChunksAreRefused() {
    assertThrows(BadResponseException.class, () -> decode(new ChunkedBody(), "\r\n", 10));
    assertThrows(BadResponseException.class, () -> decode(new ChunkedBody(), "5x\r\n", 10));
    assertThrows(
        BadResponseException.class, () -> decode(new ChunkedBody(), "1000000000000000\r\n", 10));
    assertThrows(BadResponseException.class, () -> decode(new ChunkedBody(), "2\r\nabc\r\n", 10));
  }
}
