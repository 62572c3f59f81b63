package io.iptvorigin.stream.supervision;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.iptvorigin.stream.ffmpeg.FfmpegLauncher;
import io.iptvorigin.stream.hls.HlsPaths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

class StreamReconcilerTest {
  @Test
  void aPassThatRedisFailsIsReportedSoItIsTriedAgain() {
    StreamReconciler reconciler = new StreamReconciler();
    reconciler.state = mock(StreamState.class);
    reconciler.supervisor = mock(StreamSupervisor.class);
    reconciler.launcher = mock(FfmpegLauncher.class);
    reconciler.paths = new HlsPaths(Path.of("/nonexistent-hls-dir"));
    when(reconciler.state.snapshots())
        .thenThrow(new JedisConnectionException("Connection refused"))
        .thenReturn(List.of());
    assertFalse(reconciler.attempt(1), "Redis away: not done");
    assertTrue(reconciler.attempt(2), "Redis back: done");
  }
}
