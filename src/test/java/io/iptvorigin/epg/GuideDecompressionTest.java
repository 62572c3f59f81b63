package io.iptvorigin.epg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class GuideDecompressionTest {
  private static final byte[] XML = guideBytes();

  @Test
  void plainIsPassedThrough() throws IOException {
    assertArrayEquals(XML, readAll(XML));
    assertEquals("plain", detect(XML));
  }

  @Test
  void gzipIsInflated() throws IOException {
    byte[] gz = gzip(XML);
    assertEquals("gzip", detect(gz));
    assertArrayEquals(XML, readAll(gz));
  }

  @Test
  void xzIsDecompressed() throws IOException {
    byte[] xz = xz(XML);
    assertEquals("xz", detect(xz));
    assertArrayEquals(XML, readAll(xz));
  }

  @Test
  void concatenatedGzipMembersAreAllRead() throws IOException {
    int half = XML.length / 2;
    byte[] first = gzip(Arrays.copyOfRange(XML, 0, half));
    byte[] second = gzip(Arrays.copyOfRange(XML, half, XML.length));
    byte[] both = concat(first, second);
    try (InputStream in = GuideDecompression.open(new Trickle(both))) {
      assertArrayEquals(XML, in.readAllBytes());
    }
  }

  @Test
  void concatenatedXzStreamsAreAllRead() throws IOException {
    int half = XML.length / 2;
    byte[] both =
        concat(xz(Arrays.copyOfRange(XML, 0, half)), xz(Arrays.copyOfRange(XML, half, XML.length)));
    assertArrayEquals(XML, readAll(both));
  }

  @Test
  void tinyAndEmptyInputsArePlain() throws IOException {
    assertArrayEquals(new byte[0], readAll(new byte[0]));
    assertArrayEquals(new byte[] {0x1f}, readAll(new byte[] {0x1f}));
    assertEquals("plain", GuideDecompression.detect(new byte[] {0x1f, (byte) 0x8b}, 1));
    assertEquals("plain", GuideDecompression.detect(new byte[0], 0));
  }

  @Test
  void truncatedGzipFails() {
    byte[] gz = gzip(XML);
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    assertThrows(IOException.class, () -> readAll(cut));
  }

  @Test
  void truncatedXzFails() {
    byte[] xz = xz(XML);
    byte[] cut = Arrays.copyOf(xz, xz.length / 2);
    assertThrows(IOException.class, () -> readAll(cut));
  }

  private static String detect(byte[] bytes) {
    return GuideDecompression.detect(bytes, bytes.length);
  }

  private static byte[] readAll(byte[] bytes) throws IOException {
    try (InputStream in = GuideDecompression.open(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  private static byte[] guideBytes() {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<tv>\n");
    for (int i = 0; i < 5000; i++) {
      xml.append("<programme start=\"20240101000000\" channel=\"ch")
          .append(i)
          .append(".test\"><title>Ünïcødé ")
          .append(i)
          .append("</title></programme>\n");
    }
    return xml.append("</tv>\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  static byte[] xz(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
      xz.write(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** A network-like stream: a few bytes per read, and never says more are available. */
  private static final class Trickle extends FilterInputStream {
    Trickle(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 7));
    }

    @Override
    public int available() {
      return 0;
    }
  }
}
