package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SectionAssemblerTest {
  private final SectionAssembler assembler = new SectionAssembler();
  private final List<byte[]> sections = new ArrayList<>();

  private void payload(byte[] payload, boolean unitStart, boolean continuous) {
    assembler.packet(
        payload,
        0,
        payload.length,
        unitStart,
        continuous,
        (s, n) -> sections.add(Arrays.copyOf(s, n)));
  }

  /** A payload: pointer_field, then the bytes, then 0xFF up to 184. */
  private static byte[] start(int pointer, byte[]... parts) {
    byte[] p = new byte[184];
    Arrays.fill(p, (byte) 0xFF);
    p[0] = (byte) pointer;
    int at = 1;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, p, at, part.length);
      at += part.length;
    }
    return p;
  }

  private static byte[] pmtOf(int streams) {
    TsBuilder.Stream[] list = new TsBuilder.Stream[streams];
    for (int i = 0; i < streams; i++) {
      list[i] = new TsBuilder.Stream(0x06, 0x200 + i, TsBuilder.descriptor(0x0A, "eng".getBytes()));
    }
    return TsBuilder.pmtSection(1, 0, 0x100, list);
  }

  @Test
  void aSectionInOnePacket() {
    byte[] pat = TsBuilder.patSection(1, 0, 1, 0x1000);
    payload(start(0, pat), true, true);
    assertEquals(1, sections.size());
    assertArrayEquals(pat, sections.get(0));
  }

  @Test
  void aSectionOverSeveralPackets() {
    byte[] pmt = pmtOf(40); // 12 + 40 * 10 + 4 bytes
    byte[] payload = TsBuilder.concat(new byte[] {0}, pmt);
    for (int at = 0; at < payload.length; at += 184) {
      byte[] chunk = Arrays.copyOfRange(payload, at, Math.min(payload.length, at + 184));
      payload(chunk, at == 0, true);
    }
    assertEquals(1, sections.size());
    assertArrayEquals(pmt, sections.get(0));
  }

  @Test
  void thePointerFieldFinishesTheSectionBeforeAndStartsTheNext() {
    byte[] first = pmtOf(20);
    byte[] second = pmtOf(3);
    int inFirstPacket = 150;
    payload(TsBuilder.concat(new byte[] {0}, Arrays.copyOf(first, inFirstPacket)), true, true);
    byte[] rest = Arrays.copyOfRange(first, inFirstPacket, first.length);
    payload(start(rest.length, rest, second), true, true);
    assertEquals(2, sections.size());
    assertArrayEquals(first, sections.get(0));
    assertArrayEquals(second, sections.get(1));
  }

  @Test
  void twoSectionsInOnePacketThenStuffing() {
    byte[] pat = TsBuilder.patSection(1, 0, 1, 0x1000);
    byte[] pmt = pmtOf(2);
    payload(start(0, pat, pmt), true, true);
    assertEquals(2, sections.size());
  }

  @Test
  void aBadCrcDropsTheSection() {
    byte[] pat = TsBuilder.patSection(1, 0, 1, 0x1000);
    pat[pat.length - 1] ^= 0x55;
    payload(start(0, pat), true, true);
    assertEquals(0, sections.size());
    assertEquals(1, assembler.crcErrors());
  }

  @Test
  void lostPacketsDropTheSectionInProgress() {
    byte[] pmt = pmtOf(40);
    byte[] payload = TsBuilder.concat(new byte[] {0}, pmt);
    payload(Arrays.copyOf(payload, 184), true, true);
    payload(Arrays.copyOfRange(payload, 184, 368), false, false);
    payload(Arrays.copyOfRange(payload, 368, payload.length), false, true);
    assertEquals(0, sections.size());
    assertEquals(0, assembler.crcErrors(), "not even assembled");
  }

  @Test
  void aSectionLongerThanAnyProgramTableIsSkipped() {
    byte[] huge = {0x02, (byte) 0xBF, (byte) 0xFF}; // section_length 4095
    payload(start(0, huge), true, true);
    payload(TsBuilder.filler(184), false, true);
    byte[] pat = TsBuilder.patSection(1, 0, 1, 0x1000);
    payload(start(0, pat), true, true);
    assertEquals(1, sections.size());
    assertEquals(1, assembler.oversized());
  }

  @Test
  void aPointerPastThePayloadIsIgnored() {
    payload(start(200, TsBuilder.patSection(1, 0, 1, 0x1000)), true, true);
    assertEquals(0, sections.size());
  }

  @Test
  void packetsBeforeTheFirstUnitStartAreIgnored() {
    byte[] pat = TsBuilder.patSection(1, 0, 1, 0x1000);
    payload(Arrays.copyOfRange(start(0, pat), 5, 184), false, true);
    assertEquals(0, sections.size());
  }
}
