package io.iptvorigin.epg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class ProgrammeCodecTest {
  private static final long T0 = XmltvTime.parse("20240101000000");

  private static Programme programme(long start, long stop, String title, String icon) {
    return new Programme(
        start, stop, List.of(new ProgrammeText(TextKind.TITLE, null, title)), icon);
  }

  private static List<Programme> roundTrip(List<Programme> programmes) {
    List<Programme> decoded = ProgrammeCodec.decode(ProgrammeCodec.encode(programmes));
    assertEquals(programmes, decoded);
    return decoded;
  }

  @Test
  void everyFieldSurvives() {
    roundTrip(
        List.of(
            new Programme(
                T0,
                T0 + 1800,
                List.of(
                    new ProgrammeText(TextKind.TITLE, "en", "News & Weather"),
                    new ProgrammeText(TextKind.TITLE, "ja", "東京 ニュース"),
                    new ProgrammeText(TextKind.SUB_TITLE, null, "Ünïcødé ☺ \uD83D\uDCFA"),
                    new ProgrammeText(TextKind.DESC, "de", "Line one\nline two"),
                    new ProgrammeText(TextKind.CATEGORY, "en", "News")),
                "https://img.test/a.png"),
            programme(T0 + 1800, 0, "No stop, no icon", null),
            programme(T0 + 3600, T0 + 3600, "Zero length", null)));
  }

  @Test
  void emptyListSurvives() {
    assertEquals(List.of(), roundTrip(List.of()));
  }

  @Test
  void orderIsKeptEvenWhenUnsorted() {
    roundTrip(
        List.of(
            programme(T0 + 7200, 0, "later", null),
            programme(T0, T0 + 60, "earlier", null),
            programme(-5_000_000_000L, 0, "long ago", null),
            programme(T0, T0 - 10, "stop before start", null)));
  }

  @Test
  void aBigChannelStaysSmall() {
    List<Programme> programmes = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long start = T0 + i * 1800L;
      programmes.add(
          new Programme(
              start,
              start + 1800,
              List.of(
                  new ProgrammeText(TextKind.TITLE, "en", "Show " + (i % 50)),
                  new ProgrammeText(TextKind.DESC, "en", "Episode " + i + " of a long series.")),
              null));
    }
    byte[] blob = ProgrammeCodec.encode(programmes);
    assertTrue(blob.length < 20_000 * 12, "bytes: " + blob.length);
    assertEquals(programmes, ProgrammeCodec.decode(blob));
  }

  @Test
  void decodedListIsUnmodifiable() {
    List<Programme> decoded = ProgrammeCodec.decode(ProgrammeCodec.encode(List.of()));
    assertThrows(UnsupportedOperationException.class, () -> decoded.add(null));
  }

  @Test
  void emptyOrUnknownVersionIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ProgrammeCodec.decode(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> ProgrammeCodec.decode(null));
    byte[] blob = ProgrammeCodec.encode(List.of(programme(T0, 0, "t", null)));
    blob[0] = 2;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProgrammeCodec.decode(blob));
    assertTrue(e.getMessage().contains("version"), e.getMessage());
  }

  @Test
  void everyTruncationIsRefused() {
    byte[] blob =
        ProgrammeCodec.encode(
            List.of(
                programme(T0, T0 + 60, "A title", "http://i.test/x"),
                programme(T0 + 60, 0, "B", null)));
    for (int length = 0; length < blob.length; length++) {
      byte[] cut = Arrays.copyOf(blob, length);
      assertThrows(
          IllegalArgumentException.class, () -> ProgrammeCodec.decode(cut), "length " + length);
    }
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] blob = ProgrammeCodec.encode(List.of(programme(T0, 0, "t", null)));
    byte[] longer = Arrays.copyOf(blob, blob.length + 1);
    assertThrows(IllegalArgumentException.class, () -> ProgrammeCodec.decode(longer));
  }

  @Test
  void flippedBitsFailCleanly() {
    byte[] blob =
        ProgrammeCodec.encode(List.of(programme(T0, T0 + 60, "A title", "http://i.test/x")));
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] damaged = blob.clone();
      int at = 1 + random.nextInt(damaged.length - 1);
      damaged[at] ^= (byte) (1 << random.nextInt(8));
      try {
        ProgrammeCodec.decode(damaged);
      } catch (IllegalArgumentException expected) {
        // The only failure allowed.
      }
    }
  }

  @Test
  void hostileCountsAreRefusedWithoutAllocating() {
    ByteSink body = new ByteSink(16);
    body.writeVarLong(Integer.MAX_VALUE);
    assertThrows(IllegalArgumentException.class, () -> ProgrammeCodec.decode(blob(body)));

    ByteSink text = new ByteSink(16);
    text.writeVarLong(1);
    text.writeByte(0);
    text.writeSignedVarLong(T0);
    text.writeVarLong(1);
    text.writeByte(0);
    text.writeVarLong(Long.MAX_VALUE);
    assertThrows(IllegalArgumentException.class, () -> ProgrammeCodec.decode(blob(text)));
  }

  @Test
  void unknownFlagsOrKindsAreRefused() {
    ByteSink flags = new ByteSink(16);
    flags.writeVarLong(1);
    flags.writeByte(0x80);
    assertThrows(IllegalArgumentException.class, () -> ProgrammeCodec.decode(blob(flags)));

    ByteSink kind = new ByteSink(16);
    kind.writeVarLong(1);
    kind.writeByte(0);
    kind.writeSignedVarLong(T0);
    kind.writeVarLong(1);
    kind.writeByte(0x10);
    kind.writeString("t");
    assertThrows(IllegalArgumentException.class, () -> ProgrammeCodec.decode(blob(kind)));
  }

  @Test
  void aDecompressionBombIsRefused() {
    ByteSink body = new ByteSink(16);
    body.writeVarLong(0);
    byte[] zeros = new byte[ProgrammeCodec.MAX_DECODED_BYTES + 1];
    body.writeBytes(zeros, 0, zeros.length);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProgrammeCodec.decode(blob(body)));
    assertTrue(e.getMessage().contains("over"), e.getMessage());
  }

  @Test
  void tooManyProgrammesCannotBeEncoded() {
    List<Programme> many = new ArrayList<>();
    Programme p = programme(T0, 0, "t", null);
    for (int i = 0; i <= ProgrammeCodec.MAX_PROGRAMMES; i++) {
      many.add(p);
    }
    assertThrows(IllegalArgumentException.class, () -> ProgrammeCodec.encode(many));
  }

  /** A blob of version 1 around a body written by hand. */
  private static byte[] blob(ByteSink body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1);
    try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
      deflate.write(body.array(), 0, body.size());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }
}
