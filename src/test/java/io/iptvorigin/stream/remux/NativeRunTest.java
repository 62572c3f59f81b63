package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.stream.RunEnd;
import io.iptvorigin.stream.remux.http.UpstreamEnd;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a native run's end is told to supervision, and its media time. */
class NativeRunTest {
  private final List<String> notes = new ArrayList<>();
  private final CollectingSink sink = new CollectingSink();
  private final NativeRun run =
      new NativeRun(new TsRemuxer(RemuxOptions.defaults(4, 1, 1), sink), notes::add);

  private RunEnd end() {
    assertTrue(run.ended().isDone(), "ended");
    return run.ended().join();
  }

  @Test
  void aStreamTheRemuxerCannotTakeGoesToFfmpeg() {
    run.data(ByteBuffer.wrap(TsBuilder.html(100_000)));
    run.ended(new UpstreamEnd(UpstreamEnd.Reason.CLOSED, 0, ""));
    assertEquals(new RunEnd("native: remux not_ts", true, false), end());
    assertTrue(notes.get(notes.size() - 1).startsWith("native remux ended: native: remux not_ts"));
  }

  @Test
  void anUnsupportedUpstreamGoesToFfmpeg() {
    run.ended(new UpstreamEnd(UpstreamEnd.Reason.UNSUPPORTED, 0, "rtmp upstream"));
    assertEquals(new RunEnd("native: upstream unsupported (rtmp upstream)", true, false), end());
  }

  @Test
  void aFailedTlsHandshakeGoesToFfmpegWhichChecksNoCertificate() {
    run.ended(new UpstreamEnd(UpstreamEnd.Reason.TLS_FAILED, 0, "certificate expired"));
    assertEquals(
        new RunEnd("native: upstream tls_failed (certificate expired)", true, false), end());
  }

  @Test
  void upstreamFailuresAreTheSourcesNotTheRemuxers() {
    run.ended(new UpstreamEnd(UpstreamEnd.Reason.HTTP_STATUS, 404, ""));
    assertEquals(RunEnd.exited("native: upstream status 404"), end());
  }

  @Test
  void anUpstreamThatEndsEndsTheRunWithItsLastSegment() {
    TestStream stream = new TestStream(25);
    run.data(ByteBuffer.wrap(stream.frames(25 * 6).bytes()));
    assertEquals(Optional.of(6.0), run.mediaTime().map(t -> Math.round(t * 10) / 10.0));
    run.ended(new UpstreamEnd(UpstreamEnd.Reason.ENDED, 0, ""));
    assertEquals(RunEnd.exited("native: upstream ended"), end());
    assertFalse(sink.segments.isEmpty());
    assertEquals("native remux streams: h264@0x100 aac@0x101", notes.get(0));
  }

  @Test
  void noMediaTimeBeforeTheFirstVideo() {
    assertEquals(Optional.empty(), run.mediaTime());
  }

  @Test
  void theApplicationStoppingIsNoFailure() {
    run.shutDown();
    run.ended(new UpstreamEnd(UpstreamEnd.Reason.CLOSED, 0, "loop closed"));
    assertTrue(end().shutdown());
  }
}
