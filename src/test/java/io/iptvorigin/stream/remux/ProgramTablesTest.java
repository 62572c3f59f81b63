package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramTablesTest {
  private static ProgramMap pmt(TsBuilder.Stream... streams) {
    byte[] s = TsBuilder.pmtSection(7, 3, 0x100, streams);
    return ProgramMap.parse(s, s.length);
  }

  private static Codec codec(int type, byte[] descriptors) {
    return pmt(new TsBuilder.Stream(type, 0x100, descriptors)).streams().get(0).codec();
  }

  private static Codec codec(int type) {
    return codec(type, new byte[0]);
  }

  @Test
  void readsThePat() {
    byte[] s = TsBuilder.patSection(0x22, 5, 0, 0x10, 3, 0x1000);
    ProgramAssociation pat = ProgramAssociation.parse(s, s.length);
    assertEquals(0x22, pat.transportStreamId());
    assertEquals(5, pat.version());
    assertEquals(List.of(new ProgramAssociation.Program(3, 0x1000)), pat.programs());
    assertEquals(new ProgramAssociation.Program(3, 0x1000), pat.program(), "NIT entry left out");
    assertNull(pat.unsupported());
  }

  @Test
  void aPatWithSeveralProgramsOrNoneIsUnsupported() {
    byte[] two = TsBuilder.patSection(1, 0, 1, 0x1000, 2, 0x1001);
    assertEquals(
        FailureReason.MULTIPLE_PROGRAMS, ProgramAssociation.parse(two, two.length).unsupported());
    byte[] none = TsBuilder.patSection(1, 0);
    assertEquals(
        FailureReason.NO_PROGRAM, ProgramAssociation.parse(none, none.length).unsupported());
    byte[] split = TsBuilder.longSection(0, 1, 0, 0, 1, new byte[] {0, 1, (byte) 0xF0, 0});
    assertEquals(
        FailureReason.MULTIPLE_PROGRAMS,
        ProgramAssociation.parse(split, split.length).unsupported());
  }

  @Test
  void aNextTableOrAnotherTableIsNotAPat() {
    byte[] s = TsBuilder.patSection(1, 0, 1, 0x1000);
    s[5] &= (byte) 0xFE; // current_next_indicator 0
    assertNull(ProgramAssociation.parse(s, s.length));
    byte[] pmt = TsBuilder.pmtSection(1, 0, 0x100);
    assertNull(ProgramAssociation.parse(pmt, pmt.length));
  }

  @Test
  void readsThePmt() {
    ProgramMap map =
        pmt(
            new TsBuilder.Stream(0x1B, 0x100),
            new TsBuilder.Stream(0x0F, 0x101),
            new TsBuilder.Stream(0x06, 0x102, TsBuilder.descriptor(0x6A, (byte) 0)));
    assertEquals(7, map.programNumber());
    assertEquals(3, map.version());
    assertEquals(0x100, map.pcrPid());
    assertEquals(3, map.streams().size());
    assertEquals(new ElementaryStream(0x102, 0x06, Codec.AC3), map.streams().get(2));
    assertEquals(0x100, map.video().pid());
    assertEquals("h264@0x100 aac@0x101 ac3@0x102", map.describe());
    assertNull(map.unsupported());
  }

  @Test
  void aPmtWhoseLengthsRunPastTheSectionIsRefused() {
    byte[] s = TsBuilder.pmtSection(1, 0, 0x100, new TsBuilder.Stream(0x1B, 0x100));
    s[16] = 0x30; // ES_info_length far past the end
    assertNull(ProgramMap.parse(TsBuilder.withCrc(Arrays.copyOf(s, s.length - 4)), s.length));
  }

  @Test
  void streamTypesAreClassified() {
    assertEquals(Codec.H264, codec(0x1B));
    assertEquals(Codec.HEVC, codec(0x24));
    assertEquals(Codec.MPEG2_VIDEO, codec(0x02));
    assertEquals(Codec.MPEG2_VIDEO, codec(0x01));
    assertEquals(Codec.AAC, codec(0x0F));
    assertEquals(Codec.AAC_LATM, codec(0x11));
    assertEquals(Codec.MPEG_AUDIO, codec(0x03));
    assertEquals(Codec.MPEG_AUDIO, codec(0x04));
    assertEquals(Codec.AC3, codec(0x81));
    assertEquals(Codec.EAC3, codec(0x87));
    assertEquals(Codec.OTHER_VIDEO, codec(0x10));
    assertEquals(Codec.OTHER_VIDEO, codec(0xEA));
    assertEquals(Codec.OTHER_AUDIO, codec(0x1C));
    assertEquals(Codec.DATA, codec(0x86), "SCTE-35 is passed through");
    assertEquals(Codec.DATA, codec(0x15), "ID3 metadata is passed through");
  }

  @Test
  void privateDataIsClassifiedByItsDescriptors() {
    byte[] language = TsBuilder.descriptor(0x0A, (byte) 'e', (byte) 'n', (byte) 'g', (byte) 0);
    assertEquals(
        Codec.AC3, codec(0x06, TsBuilder.concat(language, TsBuilder.descriptor(0x6A, (byte) 0))));
    assertEquals(Codec.EAC3, codec(0x06, TsBuilder.descriptor(0x7A, (byte) 0)));
    assertEquals(Codec.DVB_TELETEXT, codec(0x06, TsBuilder.descriptor(0x56, new byte[5])));
    assertEquals(Codec.DVB_SUBTITLE, codec(0x06, TsBuilder.descriptor(0x59, new byte[8])));
    assertEquals(Codec.OTHER_AUDIO, codec(0x06, TsBuilder.descriptor(0x7B, new byte[2])), "DTS");
    byte[] registration = TsBuilder.descriptor(0x05, "EAC3".getBytes(StandardCharsets.US_ASCII));
    assertEquals(Codec.EAC3, codec(0x06, registration));
    assertEquals(Codec.DATA, codec(0x06, language));
    assertEquals(Codec.DATA, codec(0x06));
  }

  @Test
  void programsTheNativePathCannotTake() {
    TsBuilder.Stream h264 = new TsBuilder.Stream(0x1B, 0x100);
    TsBuilder.Stream aac = new TsBuilder.Stream(0x0F, 0x101);
    assertEquals(FailureReason.NO_VIDEO, pmt(aac).unsupported());
    assertEquals(
        FailureReason.UNKNOWN_VIDEO, pmt(new TsBuilder.Stream(0x10, 0x100), aac).unsupported());
    assertEquals(
        FailureReason.MULTIPLE_VIDEO, pmt(h264, new TsBuilder.Stream(0x24, 0x102)).unsupported());
    assertEquals(
        FailureReason.UNKNOWN_AUDIO,
        pmt(h264, aac, new TsBuilder.Stream(0x1C, 0x102)).unsupported());
    assertNull(
        pmt(h264, aac, new TsBuilder.Stream(0x86, 0x103), new TsBuilder.Stream(0x06, 0x104))
            .unsupported(),
        "data streams do not stop the native path");
  }
}
