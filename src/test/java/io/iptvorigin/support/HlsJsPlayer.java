package io.iptvorigin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A web player: hls.js in headless Chromium ({@code test-player/play.mjs}, run with Node.js)
 * playing one HLS URL, muted, for a given time, from a page on another origin than the stream (so
 * the origin's CORS headers count). {@code scripts/dev test} installs what it needs (chromium,
 * nodejs, {@code npm ci} in test-player/).
 *
 * <pre>{@code
 * try (HlsJsPlayer player = HlsJsPlayer.start(url, Duration.ofSeconds(30))) {
 *   restartTheChannel();
 *   HlsJsPlayer.Result result = player.await();
 *   assertTrue(result.fatalErrors().isEmpty(), result.summary());
 * }
 * }</pre>
 *
 * Chromium runs without its sandbox as root (it refuses root otherwise). {@link #close()} stops the
 * run early: Node.js first (it closes Chromium), then whatever of its process tree is left. The
 * Node.js binary is {@code node} on PATH, or the system property {@code it.node}.
 */
public final class HlsJsPlayer implements AutoCloseable {
  /** Chromium's start and shutdown on a loaded machine, on top of the playing time. */
  private static final Duration OVERHEAD = Duration.ofSeconds(90);

  /** {@code --recover}: recover from fatal errors as production web players do. */
  public static final String RECOVER = "--recover";

  private final Process process;
  private final Duration duration;
  private final Path stdout;
  private final Path stderr;

  private HlsJsPlayer(Process process, Duration duration, Path stdout, Path stderr) {
    this.process = process;
    this.duration = duration;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts playing {@code url} for {@code duration} (whole seconds and fractions are both fine),
   * and returns at once. {@code flags} are play.mjs's options ({@link #RECOVER}, {@code
   * --hls-config JSON}, {@code --sample-ms MS}, ...).
   */
  public static HlsJsPlayer start(String url, Duration duration, String... flags) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("it.node", "node"));
    command.add(playerScript().toString());
    command.add(url);
    command.add(Double.toString(duration.toMillis() / 1000.0));
    command.addAll(List.of(flags));
    try {
      Path stdout = Files.createTempFile("hlsjs-player", ".json");
      Path stderr = Files.createTempFile("hlsjs-player", ".log");
      return new HlsJsPlayer(runNode(command, stdout, stderr), duration, stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command.subList(0, 2)), e);
    }
  }

  /** Plays {@code url} for {@code duration} and returns what the player saw. */
  public static Result play(String url, Duration duration, String... flags) {
    try (HlsJsPlayer player = start(url, duration, flags)) {
      return player.await();
    }
  }

  /**
   * Waits for the run to end and returns its result. Throws {@link IllegalStateException} if the
   * harness failed (no Chromium, no node_modules, ...: play.mjs's messages in the exception) or the
   * run did not end in time, in which case it is stopped.
   */
  public Result await() {
    try {
      if (!process.waitFor(duration.plus(OVERHEAD).toMillis(), TimeUnit.MILLISECONDS)) {
        String errors = errors();
        stop();
        throw new IllegalStateException(
            "the hls.js player did not finish within " + duration.plus(OVERHEAD) + "; " + errors);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "the hls.js player failed (exit " + process.exitValue() + "): " + errors());
      }
      return Result.parse(Files.readString(stdout, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new IllegalStateException("interrupted while the hls.js player ran", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteOutput();
    }
  }

  /** Stops the run if it still goes. */
  @Override
  public void close() {
    stop();
    deleteOutput();
  }

  /** SIGTERM to Node.js (it closes Chromium), then SIGKILL to whatever of its tree is left. */
  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    // Chromium is reparented once Node.js exits: its PIDs are taken now.
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  private String errors() {
    try {
      String text = Files.readString(stderr, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "(nothing on stderr)" : text;
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }

  private void deleteOutput() {
    try {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code test-player/play.mjs} of this checkout. */
  private static Path playerScript() {
    return testPlayerScript("play.mjs");
  }

  /** Runs a Node.js command with no input, its output and errors into the files given. */
  static Process runNode(List<String> command, Path stdout, Path stderr) throws IOException {
    return new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
  }

  /** A script of this checkout's {@code test-player/}, whose node_modules must be installed. */
  static Path testPlayerScript(String name) {
    String project = System.getProperty("it.project.dir", System.getProperty("user.dir"));
    Path script = Path.of(project, "test-player", name);
    if (!Files.isDirectory(script.resolveSibling("node_modules"))) {
      throw new IllegalStateException(
          "no "
              + script.resolveSibling("node_modules")
              + ": run `npm ci --prefix test-player` (scripts/dev test does)");
    }
    return script;
  }

  /**
   * What the player saw (play.mjs's JSON). Times are wall-clock, from the moment the URL was handed
   * to hls.js.
   *
   * @param endedBy {@code duration}, or {@code fatal}: a fatal error without {@link #RECOVER} ended
   *     it early
   * @param startup until the video first played; empty if it never did
   * @param playedSeconds media seconds played: currentTime's forward steps after startup, each at
   *     most the wall time it took (a seek is not playing)
   * @param progressed playedSeconds reached 1
   * @param longestStall the longest time currentTime stood still while the video should have been
   *     playing (after startup, not paused, not ended), to one sample interval
   * @param stalls how many times it stood still so
   * @param forwardJumps currentTime steps of more than half a second beyond the wall time (hls.js
   *     skipping a gap or seeking to the live edge)
   * @param fatalErrors hls.js's fatal errors in order (with {@link #RECOVER}, each one recovered)
   * @param nonFatalErrors hls.js's non-fatal errors, counted by {@code details}
   * @param firstNonFatalErrors the first 20 of them in full
   * @param recoveries recoveries attempted ({@link #RECOVER})
   * @param discontinuitiesSeen how many times the fragment playing changed discontinuity sequence
   *     ({@code frag.cc} in {@code FRAG_CHANGED}): one per EXT-X-DISCONTINUITY played through
   * @param ccSeen the discontinuity sequences played, in order
   * @param fragChanged {@code FRAG_CHANGED} events
   * @param fragmentsLoaded {@code FRAG_LOADED} events
   * @param levels variants in the playlist
   * @param levelLoads media playlist loads (live reloads)
   * @param waitingEvents the video's {@code waiting} events (buffer ran dry)
   * @param endList when hls.js got a playlist with EXT-X-ENDLIST (a live stream that ended)
   * @param ended when the video ended
   * @param playError why {@code video.play()} was refused, or null
   * @param videoFrames frames decoded ({@code getVideoPlaybackQuality})
   * @param videoWidth the decoded picture's width (0: nothing decoded)
   * @param pageErrors uncaught exceptions in the page
   * @param samples currentTime sampled every 250 ms (play.mjs's {@code --sample-ms})
   * @param json the whole result as play.mjs printed it
   */
  public record Result(
      String endedBy,
      String hlsVersion,
      String browserVersion,
      Optional<Duration> startup,
      double playedSeconds,
      boolean progressed,
      Duration longestStall,
      int stalls,
      int forwardJumps,
      int backwardJumps,
      List<PlayerError> fatalErrors,
      Map<String, Integer> nonFatalErrors,
      List<PlayerError> firstNonFatalErrors,
      int recoveries,
      int discontinuitiesSeen,
      List<Integer> ccSeen,
      int fragChanged,
      int fragmentsLoaded,
      int levels,
      int levelLoads,
      int waitingEvents,
      Optional<Duration> endList,
      Optional<Duration> ended,
      String playError,
      long videoFrames,
      long droppedFrames,
      int videoWidth,
      int videoHeight,
      List<String> pageErrors,
      Duration wall,
      List<Sample> samples,
      String json) {

    /** One hls.js error event. */
    public record PlayerError(
        long wallMs,
        String type,
        String details,
        Integer responseCode,
        String url,
        String message) {}

    /** The video's currentTime (seconds) at a wall time (ms). */
    public record Sample(long wallMs, double currentTime) {}

    /** The JSON without its samples: for assertion messages. */
    public String summary() {
      try {
        ObjectNode node = (ObjectNode) JSON.readTree(json);
        node.remove("samples");
        return node.toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Reads play.mjs's output; fails, naming the field, on anything it does not expect. */
    public static Result parse(String text) {
      JsonNode root;
      try {
        root = JSON.readTree(text);
      } catch (IOException e) {
        throw new IllegalStateException("the hls.js player printed no JSON: " + text, e);
      }
      if (root == null || !root.isObject()) {
        throw new IllegalStateException("the hls.js player printed no JSON object: " + text);
      }
      Fields f = new Fields(root);
      return new Result(
          f.text("endedBy"),
          f.text("hlsVersion"),
          f.text("browserVersion"),
          f.optionalMillis("startupMs"),
          f.number("playedSeconds"),
          f.bool("progressed"),
          Duration.ofMillis(f.integer("longestStallMs")),
          (int) f.integer("stalls"),
          (int) f.integer("forwardJumps"),
          (int) f.integer("backwardJumps"),
          f.errors("fatalErrors"),
          f.counts("nonFatalErrors"),
          f.errors("firstNonFatalErrors"),
          (int) f.integer("recoveries"),
          (int) f.integer("discontinuities"),
          f.list("ccSeen", n -> n.asInt()),
          (int) f.integer("fragChanged"),
          (int) f.integer("fragmentsLoaded"),
          (int) f.integer("levels"),
          (int) f.integer("levelLoads"),
          (int) f.integer("waitingEvents"),
          f.optionalMillis("endListAtMs"),
          f.optionalMillis("endedAtMs"),
          f.nullableText("playError"),
          f.integer("videoFrames"),
          f.integer("droppedFrames"),
          (int) f.integer("videoWidth"),
          (int) f.integer("videoHeight"),
          f.list("pageErrors", JsonNode::asText),
          Duration.ofMillis(f.integer("wallMs")),
          f.list(
              "samples",
              n -> new Sample(n.path("wallMs").asLong(), n.path("currentTime").asDouble())),
          text.strip());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Typed reads of the result's fields, each required to be there with its JSON type. */
  private record Fields(JsonNode root) {
    private JsonNode field(String name, Predicate<JsonNode> type, String what) {
      JsonNode node = root.get(name);
      if (node == null || !type.test(node)) {
        throw new IllegalStateException(
            "the hls.js player's result has no " + what + " " + name + ": " + root);
      }
      return node;
    }

    String text(String name) {
      return field(name, JsonNode::isTextual, "string").asText();
    }

    String nullableText(String name) {
      JsonNode node = field(name, n -> n.isTextual() || n.isNull(), "string or null");
      return node.isNull() ? null : node.asText();
    }

    boolean bool(String name) {
      return field(name, JsonNode::isBoolean, "boolean").asBoolean();
    }

    double number(String name) {
      return field(name, JsonNode::isNumber, "number").asDouble();
    }

    long integer(String name) {
      return field(name, JsonNode::canConvertToLong, "integer").asLong();
    }

    Optional<Duration> optionalMillis(String name) {
      JsonNode node = field(name, n -> n.canConvertToLong() || n.isNull(), "integer or null");
      return node.isNull() ? Optional.empty() : Optional.of(Duration.ofMillis(node.asLong()));
    }

    <T> List<T> list(String name, Function<JsonNode, T> element) {
      List<T> values = new ArrayList<>();
      field(name, JsonNode::isArray, "array").forEach(n -> values.add(element.apply(n)));
      return List.copyOf(values);
    }

    Map<String, Integer> counts(String name) {
      Map<String, Integer> counts = new TreeMap<>();
      field(name, JsonNode::isObject, "object")
          .fields()
          .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
      return Collections.unmodifiableMap(counts);
    }

    List<Result.PlayerError> errors(String name) {
      return list(
          name,
          n ->
              new Result.PlayerError(
                  n.path("wallMs").asLong(),
                  n.path("type").asText(),
                  n.path("details").asText(),
                  n.path("responseCode").isNumber() ? n.path("responseCode").asInt() : null,
                  n.path("url").isTextual() ? n.path("url").asText() : null,
                  n.path("message").isTextual() ? n.path("message").asText() : null));
    }
  }
}
