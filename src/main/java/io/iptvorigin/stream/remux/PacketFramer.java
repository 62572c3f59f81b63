package io.iptvorigin.stream.remux;

import java.nio.ByteBuffer;

/**
 * Cuts a byte stream that arrives in chunks of any size into 188-byte transport stream packets.
 *
 * <p>A position is trusted as a packet start only when sync bytes (0x47) stand there and 188 and
 * 376 bytes further: a lone 0x47 is common in payload, three at packet spacing are not. That rule
 * applies at the start and after every loss of sync (garbage between packets, a packet cut short by
 * a reconnect). While in sync, a packet is handed on once the sync byte of the packet after it has
 * arrived, so a packet that garbage cut short is dropped rather than passed on with foreign bytes
 * in it. Bytes that cannot belong to a trusted packet are counted and dropped.
 *
 * <p>Memory is one small fixed window: at most 376 bytes are carried from one chunk to the next.
 */
final class PacketFramer {
  /** Receives each packet; the bytes are the framer's and valid only during the call. */
  interface PacketHandler {
    void packet(byte[] bytes, int offset);
  }

  private static final int SIZE = TsPacket.SIZE;
  private static final int WINDOW = SIZE * 32;
  private static final int CONFIRM = 2 * SIZE;

  private final byte[] window = new byte[WINDOW];
  private int length;
  private boolean locked;
  private long packets;
  private long droppedBytes;
  private long syncLosses;
  private long unsyncedRun;

  /** Frames {@code chunk} (position to limit; consumed), handing each complete packet on. */
  void push(ByteBuffer chunk, PacketHandler handler) {
    while (chunk.hasRemaining()) {
      int n = Math.min(chunk.remaining(), WINDOW - length);
      chunk.get(window, length, n);
      length += n;
      int used = frame(handler);
      System.arraycopy(window, used, window, 0, length - used);
      length -= used;
    }
  }

  /** The input ended: hands on the last packet, which no following sync byte will confirm. */
  void finish(PacketHandler handler) {
    if (locked && length >= SIZE && window[0] == TsPacket.SYNC) {
      packets++;
      handler.packet(window, 0);
      dropped(length - SIZE);
    } else {
      dropped(length);
    }
    length = 0;
    locked = false;
  }

  /** Frames what the window holds; returns how many bytes of it are done with. */
  private int frame(PacketHandler handler) {
    int at = 0;
    while (true) {
      if (locked) {
        if (length - at <= SIZE) {
          return at;
        }
        if (window[at] == TsPacket.SYNC && window[at + SIZE] == TsPacket.SYNC) {
          packets++;
          unsyncedRun = 0;
          handler.packet(window, at);
          at += SIZE;
          continue;
        }
        locked = false;
        syncLosses++;
      }
      int start = findConfirmedSync(at);
      if (start < 0) {
        // Keep only the tail that could still begin three packets once more bytes arrive.
        int keep = Math.min(length - at, CONFIRM);
        dropped(length - at - keep);
        return length - keep;
      }
      dropped(start - at);
      at = start;
      locked = true;
    }
  }

  private int findConfirmedSync(int from) {
    for (int p = from; p + CONFIRM < length; p++) {
      if (window[p] == TsPacket.SYNC
          && window[p + SIZE] == TsPacket.SYNC
          && window[p + CONFIRM] == TsPacket.SYNC) {
        return p;
      }
    }
    return -1;
  }

  private void dropped(long n) {
    droppedBytes += n;
    unsyncedRun += n;
  }

  /** Packets handed on so far. */
  long packets() {
    return packets;
  }

  /** Bytes that were not part of any packet handed on. */
  long droppedBytes() {
    return droppedBytes;
  }

  /** How often sync was lost after having been found. */
  long syncLosses() {
    return syncLosses;
  }

  /** Bytes dropped since the last packet: how long the input has been unreadable. */
  long unsyncedRun() {
    return unsyncedRun;
  }

  /** Bytes carried over to the next chunk. */
  int buffered() {
    return length;
  }
}
