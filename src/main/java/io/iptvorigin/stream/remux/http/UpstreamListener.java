package io.iptvorigin.stream.remux.http;

import java.nio.ByteBuffer;

/** Where an {@link UpstreamReader} hands what it reads; called on the loop thread, serially. */
public interface UpstreamListener {
  /**
   * The next body bytes (position to limit), lent for the call only. Must not block: every channel
   * of the loop waits meanwhile ({@code TsRemuxer.push} never does).
   */
  void data(ByteBuffer chunk);

  /** The read ended; called once, and no {@link #data} follows. */
  void ended(UpstreamEnd end);
}
