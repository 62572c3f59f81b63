package io.iptvorigin.stream.slate;

import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.stream.StreamSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The slates, one per profile: read from {@code iptv.stream.slate-dir} if made before (this or an
 * earlier run of the application), else made once by FFmpeg and written there atomically. Callers
 * asking for the same profile at once share one FFmpeg run. Nothing here runs on the caller's
 * thread: probing and making happen on the library's own threads, and each FFmpeg or ffprobe run is
 * bounded ({@link SlateMaker}). A profile that could not be made is not tried again for ten
 * minutes; the caller falls back to H.264/AAC of the same size, then to the default profile, which
 * is made when the application starts, so the first outage needs no FFmpeg run.
 */
@ApplicationScoped
public class SlateLibrary {
  private static final Logger LOG = Logger.getLogger(SlateLibrary.class.getName());

  /** Bump when {@link SlateMaker}'s recipe changes, so slates made by the old one are not used. */
  private static final String RECIPE = "v1";

  private static final long RETRY_NANOS = TimeUnit.MINUTES.toNanos(10);

  @Inject SlateSettings slateSettings;
  @Inject StreamSettings settings;

  private Path dir;
  private SlateMaker maker;
  private long targetMillis;
  private ExecutorService probes;
  private ExecutorService makers;
  private final Map<SlateProfile, Making> slates = new ConcurrentHashMap<>();

  private record Making(CompletableFuture<Slate> slate, long startedNanos) {
    boolean failedLongAgo(long now) {
      return slate.isCompletedExceptionally() && now - startedNanos > RETRY_NANOS;
    }
  }

  SlateLibrary() {}

  /** A library outside the container: {@code seconds} is the channels' segment length. */
  public SlateLibrary(Path dir, String ffmpeg, String ffprobe, int seconds) {
    init(dir, ffmpeg, ffprobe, seconds);
  }

  @PostConstruct
  void init() {
    init(
        slateSettings.dir(),
        settings.ffmpegPath(),
        slateSettings.ffprobePath(),
        settings.hls().segmentSeconds());
  }

  private void init(Path dir, String ffmpeg, String ffprobe, int seconds) {
    this.dir = dir;
    this.maker = new SlateMaker(ffmpeg, ffprobe, seconds);
    this.targetMillis = seconds * 1000L;
    // Two probes at once at most (a provider outage slates many channels together on few cores);
    // one FFmpeg making slates at a time.
    probes = Executors.newFixedThreadPool(2, DaemonThreads.named("iptv-slate-probe"));
    makers = Executors.newSingleThreadExecutor(DaemonThreads.named("iptv-slate-make"));
  }

  /** The default profile's slate is ready (read or made) before the first channel needs one. */
  void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
    forProfile(SlateProfile.DEFAULT);
  }

  @PreDestroy
  public void close() {
    probes.shutdownNow();
    makers.shutdownNow();
  }

  /** Where the slate of {@code profile} is kept. */
  Path file(SlateProfile profile) {
    return dir.resolve(RECIPE + "_" + profile.key() + "_" + targetMillis + "ms.ts");
  }

  /** The slate of {@code profile}, made if need be; fails if it cannot be made. */
  public CompletableFuture<Slate> forProfile(SlateProfile profile) {
    long now = System.nanoTime();
    return slates
        .compute(
            profile,
            (p, known) ->
                known == null || known.failedLongAgo(now)
                    ? new Making(CompletableFuture.supplyAsync(() -> load(p), makers), now)
                    : known)
        .slate();
  }

  /**
   * Copies of the slate for a channel whose latest segment is {@code segment}: of that segment's
   * profile if it can be made, else H.264/AAC of its size, else the default, their timestamps going
   * on from the segment's; fails only if no slate can be made.
   */
  public CompletableFuture<SlateCopies> forSegment(Path segment) {
    return CompletableFuture.supplyAsync(() -> probe(segment), probes)
        .thenCompose(
            probed -> {
              List<SlateProfile> choices = new ArrayList<>(List.of(probed.profile()));
              for (SlateProfile fallback :
                  List.of(probed.profile().withDefaultCodecs(), SlateProfile.DEFAULT)) {
                if (!choices.contains(fallback)) {
                  choices.add(fallback);
                }
              }
              return firstMade(choices, 0)
                  .thenApply(
                      slate -> probed.end() < 0 ? slate.copies() : slate.copiesFrom(probed.end()));
            });
  }

  private CompletableFuture<Slate> firstMade(List<SlateProfile> choices, int index) {
    CompletableFuture<Slate> slate = forProfile(choices.get(index));
    return index + 1 == choices.size()
        ? slate
        : slate.exceptionallyCompose(e -> firstMade(choices, index + 1));
  }

  private SlateMaker.Probed probe(Path segment) {
    try {
      return maker.probe(segment);
    } catch (IOException e) {
      LOG.fine("segment not probed file=" + segment + " reason=\"" + e.getMessage() + "\"");
      return new SlateMaker.Probed(SlateProfile.DEFAULT, -1);
    }
  }

  private Slate load(SlateProfile profile) {
    Path file = file(profile);
    if (Files.exists(file)) {
      try {
        return maker.read(profile, file);
      } catch (IOException e) {
        LOG.warning("slate remade file=" + file + " reason=\"" + e.getMessage() + "\"");
      }
    }
    long started = System.nanoTime();
    try {
      Slate slate = maker.make(profile, file);
      LOG.info(
          String.format(
              "slate made profile=%s seconds=%.3f bytes=%d ms=%d",
              profile.key(),
              slate.seconds(),
              slate.size(),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
      return slate;
    } catch (IOException e) {
      LOG.warning("slate not made profile=" + profile.key() + " reason=\"" + e.getMessage() + "\"");
      throw new CompletionException(e);
    }
  }
}
