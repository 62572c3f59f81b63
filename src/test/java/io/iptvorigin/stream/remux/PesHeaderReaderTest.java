package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PesHeaderReaderTest {
  private final PesHeaderReader reader = new PesHeaderReader();

  /** Feeds {@code pes} in pieces of {@code piece} bytes; returns where the data began. */
  private int read(byte[] pes, int piece) {
    reader.start();
    int dataAt = -1;
    for (int at = 0; at < pes.length; at += piece) {
      int n = Math.min(piece, pes.length - at);
      int data = reader.feed(pes, at, n);
      if (dataAt < 0 && data < at + n) {
        dataAt = data;
      }
    }
    return dataAt;
  }

  @Test
  void readsPtsAndDts() {
    byte[] pes = TsBuilder.pesPacket(0xE0, 900_000, 896_400, TsBuilder.filler(50));
    assertEquals(19, read(pes, pes.length));
    assertEquals(PesHeaderReader.State.PAYLOAD, reader.state());
    assertEquals(900_000, reader.pts());
    assertEquals(896_400, reader.dts());
  }

  @Test
  void withoutADtsTheDtsIsThePts() {
    byte[] pes = TsBuilder.pesPacket(0xC0, 12_345, -1, TsBuilder.filler(50));
    assertEquals(14, read(pes, pes.length));
    assertEquals(12_345, reader.pts());
    assertEquals(12_345, reader.dts());
  }

  @Test
  void timestampsUseAll33Bits() {
    long max = (1L << 33) - 1;
    byte[] pes = TsBuilder.pesPacket(0xE0, max, 1L << 32, TsBuilder.filler(10));
    read(pes, pes.length);
    assertEquals(max, reader.pts());
    assertEquals(1L << 32, reader.dts());
  }

  @Test
  void aHeaderSplitAcrossPacketsIsReadByteByByte() {
    byte[] pes = TsBuilder.pesPacket(0xE0, 900_000, 896_400, TsBuilder.filler(50));
    assertEquals(19, read(pes, 1));
    assertEquals(900_000, reader.pts());
    assertEquals(896_400, reader.dts());
  }

  @Test
  void extraHeaderBytesAreSkipped() {
    byte[] pes = TsBuilder.pesPacket(0xE0, 3600, -1, TsBuilder.filler(40));
    // Claim 20 more header bytes (stuffing, as some muxers write): the data starts later.
    pes[8] = 25;
    assertEquals(9 + 25, read(pes, 7));
    assertEquals(3600, reader.pts());
  }

  @Test
  void withoutTimestamps() {
    byte[] pes = TsBuilder.pesPacket(0xE0, -1, -1, TsBuilder.filler(40));
    assertEquals(9, read(pes, pes.length));
    assertEquals(PesHeaderReader.NO_TIMESTAMP, reader.pts());
  }

  @Test
  void streamsWithoutTheOptionalHeaderHaveDataAfterSixBytes() {
    byte[] padding = {0, 0, 1, (byte) 0xBE, 0, 10, 1, 2, 3};
    assertEquals(6, read(padding, padding.length));
    assertEquals(PesHeaderReader.NO_TIMESTAMP, reader.pts());
  }

  @Test
  void aWrongStartCodeOrImpossibleLengthsAreInvalid() {
    byte[] pes = TsBuilder.pesPacket(0xE0, 3600, -1, TsBuilder.filler(40));
    byte[] noPrefix = Arrays.copyOf(pes, pes.length);
    noPrefix[2] = 2;
    read(noPrefix, noPrefix.length);
    assertEquals(PesHeaderReader.State.INVALID, reader.state());

    byte[] short_ = Arrays.copyOf(pes, pes.length);
    short_[8] = 2; // PTS flagged, but only two header bytes for it
    read(short_, short_.length);
    assertEquals(PesHeaderReader.State.INVALID, reader.state());
  }
}
