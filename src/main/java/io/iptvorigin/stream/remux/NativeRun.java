package io.iptvorigin.stream.remux;

import io.iptvorigin.stream.RunEnd;
import io.iptvorigin.stream.RunHandle;
import io.iptvorigin.stream.remux.http.UpstreamEnd;
import io.iptvorigin.stream.remux.http.UpstreamListener;
import io.iptvorigin.stream.remux.http.UpstreamReader;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A run done inside this JVM: an {@link UpstreamReader} hands the upstream's bytes to a {@link
 * TsRemuxer}, which writes the run's segments and playlist. Everything but {@link #stop}, {@link
 * #kill}, {@link #terminate} and {@link #mediaTime} happens on the loop thread, so the remuxer,
 * which is not thread-safe, is only ever used there.
 */
public final class NativeRun implements RunHandle, UpstreamListener {
  private final TsRemuxer remuxer;
  private final Consumer<String> note;
  private final CompletableFuture<RunEnd> ended = new CompletableFuture<>();
  private volatile UpstreamReader reader;
  private volatile boolean shuttingDown;
  private volatile boolean closing;
  private volatile double mediaSeconds = -1;
  private boolean announced;

  /**
   * @param note where the run says what it found and how it ended: the channel's run log, which the
   *     admin API and the failure line read
   */
  NativeRun(TsRemuxer remuxer, Consumer<String> note) {
    this.remuxer = remuxer;
    this.note = note;
  }

  void reading(UpstreamReader reader) {
    this.reader = reader;
    if (closing) {
      reader.close(); // asked to end before the reader was known
    }
  }

  /** The application goes away: the run ends with it, and nobody should recover it here. */
  void shutDown() {
    shuttingDown = true;
    close();
  }

  @Override
  public void data(ByteBuffer chunk) {
    remuxer.push(chunk);
    if (!announced && remuxer.state() == TsRemuxer.State.REMUXING) {
      announced = true;
      note.accept("native remux streams: " + remuxer.streams());
    }
    if (remuxer.state() == TsRemuxer.State.FAILED) {
      close();
      return;
    }
    double media = remuxer.mediaSeconds();
    if (media > 0) {
      mediaSeconds = media;
    }
  }

  @Override
  public void ended(UpstreamEnd end) {
    if (remuxer.state() != TsRemuxer.State.FAILED) {
      remuxer.finish();
    }
    RunEnd result = outcome(end);
    note.accept("native remux ended: " + result.text() + " " + remuxer.stats());
    ended.complete(result);
  }

  private RunEnd outcome(UpstreamEnd end) {
    if (shuttingDown) {
      return new RunEnd("native: application stopping", false, true);
    }
    FailureReason failure = remuxer.failure();
    if (failure != null) {
      // What the remuxer cannot carry, FFmpeg can: a write failure is the disk's, not the stream's.
      boolean ffmpegCan = failure != FailureReason.OUTPUT_ERROR;
      return new RunEnd("native: remux " + failure.word(), ffmpegCan, false);
    }
    String detail = end.detail().isEmpty() ? "" : " (" + end.detail() + ")";
    return switch (end.reason()) {
      case UNSUPPORTED -> new RunEnd("native: upstream unsupported" + detail, true, false);
      // FFmpeg does not check certificates (tls_verify 0): it can read what failed here.
      case TLS_FAILED -> new RunEnd("native: upstream tls_failed" + detail, true, false);
      case HTTP_STATUS -> RunEnd.exited("native: upstream status " + end.status());
      default ->
          RunEnd.exited(
              "native: upstream "
                  + end.reason().name().toLowerCase(java.util.Locale.ROOT)
                  + detail);
    };
  }

  private void close() {
    closing = true;
    UpstreamReader r = reader;
    if (r != null) {
      r.close();
    }
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.empty();
  }

  /** Nothing to flush that a player could use: a segment in flight ends with the run. */
  @Override
  public void stop() {
    close();
  }

  @Override
  public void kill() {
    close();
  }

  @Override
  public void terminate() {
    close();
    try {
      ended.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The loop is gone (the application stops): nothing reads any more either way.
    }
  }

  @Override
  public CompletableFuture<RunEnd> ended() {
    return ended;
  }

  @Override
  public Optional<Double> mediaTime() {
    double media = mediaSeconds;
    return media < 0 ? Optional.empty() : Optional.of(media);
  }
}
