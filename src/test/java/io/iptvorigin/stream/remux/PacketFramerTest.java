package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketFramerTest {
  private final PacketFramer framer = new PacketFramer();
  private final List<byte[]> out = new ArrayList<>();
  private final PacketFramer.PacketHandler collect =
      (bytes, offset) -> out.add(Arrays.copyOfRange(bytes, offset, offset + 188));

  private static byte[] stream(int packets) {
    TsBuilder ts = new TsBuilder();
    for (int i = 0; i < packets; i++) {
      byte[] payload = TsBuilder.filler(184);
      payload[0] = (byte) i; // tell packets apart
      ts.raw(TsBuilder.packet(0x100 + (i % 3), false, ts.nextCounter(0x100), null, payload));
    }
    return ts.bytes();
  }

  private void push(byte[] bytes, int... chunkSizes) {
    if (chunkSizes.length == 0) {
      chunkSizes = new int[] {bytes.length};
    }
    int at = 0;
    for (int i = 0; at < bytes.length; i++) {
      int n = Math.min(chunkSizes[i % chunkSizes.length], bytes.length - at);
      framer.push(ByteBuffer.wrap(bytes, at, n), collect);
      at += n;
    }
  }

  @Test
  void chunksOfAnySizeGiveTheSamePackets() {
    byte[] input = stream(40);
    for (int[] sizes : new int[][] {{1}, {187}, {188}, {189}, {7, 500, 3}, {input.length}}) {
      PacketFramer f = new PacketFramer();
      List<byte[]> got = new ArrayList<>();
      int at = 0;
      for (int i = 0; at < input.length; i++) {
        int n = Math.min(sizes[i % sizes.length], input.length - at);
        f.push(ByteBuffer.wrap(input, at, n), (b, o) -> got.add(Arrays.copyOfRange(b, o, o + 188)));
        at += n;
      }
      f.finish((b, o) -> got.add(Arrays.copyOfRange(b, o, o + 188)));
      assertArrayEquals(input, Packets.join(got), "chunks " + Arrays.toString(sizes));
    }
  }

  @Test
  void aPacketIsHandedOnOnceTheNextSyncByteConfirmsIt() {
    byte[] input = stream(3);
    push(Arrays.copyOf(input, 188 * 3));
    assertEquals(2, out.size(), "the third waits for a fourth sync byte");
    framer.push(ByteBuffer.wrap(new byte[] {0x47}), collect);
    assertEquals(3, out.size());
  }

  @Test
  void garbageBetweenPacketsIsDroppedAndSyncFoundAgain() {
    byte[] before = stream(5);
    byte[] garbage = TsBuilder.html(1000);
    garbage[100] = 0x47; // a lone sync byte in the garbage must not be trusted
    byte[] after = stream(5);
    push(TsBuilder.concat(before, garbage, after), 61);
    framer.finish(collect);
    // The last packet before the garbage cannot be told from a packet cut short: dropped too.
    assertArrayEquals(TsBuilder.concat(Arrays.copyOf(before, 188 * 4), after), Packets.join(out));
    assertEquals(188 + 1000, framer.droppedBytes());
    assertEquals(1, framer.syncLosses());
  }

  @Test
  void aPacketCutShortByANewStreamIsDropped() {
    byte[] first = stream(4);
    byte[] cut = Arrays.copyOf(first, 188 * 3 + 100);
    byte[] second = stream(4);
    push(TsBuilder.concat(cut, second), 1000);
    framer.finish(collect);
    assertEquals(3 + 4, out.size(), "only the packet cut short is lost");
    assertArrayEquals(TsBuilder.concat(Arrays.copyOf(first, 188 * 3), second), Packets.join(out));
    assertEquals(100, framer.droppedBytes());
  }

  @Test
  void syncIsOnlyTrustedAtThreeSyncBytesInARow() {
    byte[] fake = new byte[188 * 2 + 1];
    fake[0] = 0x47;
    fake[188] = 0x47; // two at packet spacing, the third missing
    push(TsBuilder.concat(fake, stream(4)), 50);
    framer.finish(collect);
    assertEquals(4, out.size());
    assertEquals(0, out.get(0)[4], "the first real packet");
  }

  @Test
  void garbageAloneKeepsTheCarryOverSmall() {
    Random random = new Random(7);
    byte[] noise = new byte[1 << 20];
    random.nextBytes(noise);
    int most = 0;
    for (int at = 0; at < noise.length; at += 4096) {
      framer.push(ByteBuffer.wrap(noise, at, 4096), collect);
      most = Math.max(most, framer.buffered());
    }
    assertTrue(most <= 2 * 188, "carried " + most);
    assertTrue(out.size() < 3, "random bytes rarely line up three sync bytes");
    assertTrue(framer.unsyncedRun() > noise.length - 188 * 4);
  }

  @Test
  void packetsInAChunkAreHandedOnWithoutWaitingForMore() {
    push(stream(100), 188 * 100);
    assertEquals(99, out.size());
    assertEquals(0, framer.droppedBytes());
  }
}
