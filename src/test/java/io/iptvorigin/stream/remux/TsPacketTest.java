package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TsPacketTest {
  private final TsPacket packet = new TsPacket();

  @Test
  void readsPidUnitStartCounterAndPayload() {
    byte[] p = TsBuilder.packet(0x1ABC, true, 9, null, TsBuilder.filler(184));
    assertTrue(packet.load(p, 0));
    assertEquals(0x1ABC, packet.pid());
    assertTrue(packet.unitStart());
    assertEquals(9, packet.continuityCounter());
    assertTrue(packet.hasPayload());
    assertEquals(4, packet.payloadOffset());
    assertEquals(184, packet.payloadLength());
    assertFalse(packet.scrambled());
    assertFalse(packet.transportError());
  }

  @Test
  void readsTheAdaptationField() {
    long pcr = ((1L << 33) - 5) * 300 + 299;
    TsBuilder.Adaptation field = new TsBuilder.Adaptation(true, true, pcr);
    byte[] p = TsBuilder.packet(0x100, false, 0, field, TsBuilder.filler(100));
    assertTrue(packet.load(p, 0));
    assertTrue(packet.discontinuity());
    assertTrue(packet.randomAccess());
    assertEquals(pcr, packet.pcr());
    assertEquals(188 - 100, packet.payloadOffset());
    assertEquals(100, packet.payloadLength());
  }

  @Test
  void anAdaptationFieldOnlyPacketHasNoPayload() {
    byte[] p = TsBuilder.adaptationOnly(0x100, 3, new TsBuilder.Adaptation(false, false, 27_000));
    assertTrue(packet.load(p, 0));
    assertFalse(packet.hasPayload());
    assertEquals(0, packet.payloadLength());
    assertEquals(27_000, packet.pcr());
  }

  @Test
  void readsAtAnOffsetInALargerBuffer() {
    byte[] p = TsBuilder.packet(0x42, false, 1, null, TsBuilder.filler(184));
    byte[] buffer = TsBuilder.concat(new byte[50], p);
    assertTrue(packet.load(buffer, 50));
    assertEquals(0x42, packet.pid());
    assertEquals(54, packet.payloadOffset());
  }

  @Test
  void scramblingAndTransportErrorAreRead() {
    byte[] p = TsBuilder.packet(0x100, false, 0, null, TsBuilder.filler(184));
    p[1] |= (byte) 0x80;
    p[3] |= (byte) 0x80; // scrambled with the even key
    assertTrue(packet.load(p, 0));
    assertTrue(packet.transportError());
    assertTrue(packet.scrambled());
  }

  @Test
  void refusesPacketsThatCannotBeRead() {
    byte[] noSync = TsBuilder.packet(0x100, false, 0, null, TsBuilder.filler(184));
    noSync[0] = 0x48;
    assertFalse(packet.load(noSync, 0));

    byte[] reserved = TsBuilder.packet(0x100, false, 0, null, TsBuilder.filler(184));
    reserved[3] &= 0x0F; // adaptation_field_control '00'
    assertFalse(packet.load(reserved, 0));

    byte[] longField = TsBuilder.packet(0x100, false, 0, null, TsBuilder.filler(100));
    longField[4] = (byte) 183; // with a payload the field can be 182 at most
    assertFalse(packet.load(longField, 0));
  }

  @Test
  void aNullPacketIsReadAsOne() {
    byte[] p = TsBuilder.packet(TsPacket.NULL_PID, false, 0, null, new byte[184]);
    assertTrue(packet.load(p, 0));
    assertEquals(TsPacket.NULL_PID, packet.pid());
  }
}
