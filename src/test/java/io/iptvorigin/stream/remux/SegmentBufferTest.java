package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SegmentBufferTest {
  private static byte[] bytes(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static byte[] read(ByteBuffer view) {
    byte[] b = new byte[view.remaining()];
    view.get(b);
    return b;
  }

  @Test
  void replacingTheFrontKeepsWhatFollows() {
    SegmentBuffer buffer = new SegmentBuffer(1 << 20);
    buffer.append(bytes(10, 1), 0, 10);
    buffer.append(bytes(5, 2), 0, 5);
    assertTrue(buffer.replaceFront(10, bytes(3, 9)));
    assertArrayEquals(TsBuilder.concat(bytes(3, 9), bytes(5, 2)), read(buffer.view(8)));
    assertEquals(8, buffer.length());
  }

  @Test
  void nothingPassesTheCap() {
    SegmentBuffer buffer = new SegmentBuffer(100);
    assertTrue(buffer.append(bytes(60, 1), 0, 60));
    assertFalse(buffer.append(bytes(60, 1), 0, 60));
    assertEquals(60, buffer.length());
    assertFalse(buffer.replaceFront(0, bytes(50, 1)));
    assertTrue(buffer.capacity() <= 100);
  }

  @Test
  void itGrowsForALargeSegmentAndShrinksAfterIt() {
    SegmentBuffer buffer = new SegmentBuffer(16 << 20);
    byte[] packet = bytes(188, 1);
    for (int i = 0; i < 20_000; i++) {
      buffer.append(packet, 0, 188);
    }
    assertTrue(buffer.capacity() >= 20_000 * 188);
    buffer.discardFront(buffer.length());
    buffer.fit(10 * 188);
    assertTrue(buffer.capacity() < 1 << 20, "capacity " + buffer.capacity());
  }

  @Test
  void theViewIsReadOnly() {
    SegmentBuffer buffer = new SegmentBuffer(1000);
    buffer.append(bytes(10, 1), 0, 10);
    assertTrue(buffer.view(10).isReadOnly());
  }
}
