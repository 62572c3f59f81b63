package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PsiPacketsTest {
  private static List<byte[]> reassemble(byte[] packets) {
    SectionAssembler assembler = new SectionAssembler();
    TsPacket packet = new TsPacket();
    List<byte[]> sections = new ArrayList<>();
    for (int at = 0; at < packets.length; at += 188) {
      assertTrue(packet.load(packets, at));
      assembler.packet(
          packets,
          packet.payloadOffset(),
          packet.payloadLength(),
          packet.unitStart(),
          true,
          (s, n) -> sections.add(Arrays.copyOf(s, n)));
    }
    return sections;
  }

  @Test
  void aSectionInOnePacketCarriesTheLastCounterAndTheDiscontinuityIndicator() {
    byte[] pat = TsBuilder.patSection(1, 0, 1, 0x1000);
    byte[] out = new byte[188];
    assertEquals(188, PsiPackets.write(pat, 0, 9, out, 0));
    TsPacket packet = new TsPacket();
    assertTrue(packet.load(out, 0));
    assertEquals(0, packet.pid());
    assertTrue(packet.unitStart());
    assertEquals(9, packet.continuityCounter(), "the upstream's next PAT, 10, follows it");
    assertTrue(packet.discontinuity());
    assertArrayEquals(pat, reassemble(out).get(0));
  }

  @Test
  void aLongSectionTakesSeveralPacketsEndingOnTheLastCounter() {
    TsBuilder.Stream[] streams = new TsBuilder.Stream[40];
    for (int i = 0; i < streams.length; i++) {
      streams[i] = new TsBuilder.Stream(0x06, 0x200 + i, TsBuilder.descriptor(0x59, new byte[8]));
    }
    byte[] pmt = TsBuilder.pmtSection(1, 0, 0x200, streams);
    int count = PsiPackets.count(pmt);
    assertEquals(4, count, pmt.length + " bytes");
    byte[] out = new byte[count * 188];
    PsiPackets.write(pmt, 0x1000, 1, out, 0);
    List<byte[]> packets = Packets.of(out);
    assertEquals(List.of(14, 15, 0, 1), packets.stream().map(Packets::counter).toList());
    assertEquals(0x1000, Packets.pid(packets.get(3)));
    assertArrayEquals(pmt, reassemble(out).get(0));
  }

  @Test
  void theHeaderIsThePatThenThePmt() {
    byte[] pat = TsBuilder.patSection(1, 0, 1, 0x1000);
    byte[] pmt = TsBuilder.pmtSection(1, 0, 0x100, new TsBuilder.Stream(0x1B, 0x100));
    ProgramTables tables =
        new ProgramTables(
            pat,
            ProgramAssociation.parse(pat, pat.length),
            0x1000,
            pmt,
            ProgramMap.parse(pmt, pmt.length));
    List<byte[]> packets = Packets.of(PsiPackets.header(tables, 3, 7));
    assertEquals(2, packets.size());
    assertEquals(0, Packets.pid(packets.get(0)));
    assertEquals(3, Packets.counter(packets.get(0)));
    assertEquals(0x1000, Packets.pid(packets.get(1)));
    assertEquals(7, Packets.counter(packets.get(1)));
  }
}
