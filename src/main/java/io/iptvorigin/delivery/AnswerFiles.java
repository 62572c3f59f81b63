package io.iptvorigin.delivery;

import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rendered answers nginx sends itself: {@code {iptv.hls.dir}/answers/NAME} and {@code NAME.gz}
 * beside it (nginx's {@code gzip_static}), written once per name, atomically (a reader sees the old
 * file or the whole new one), and deleted when unused for {@code iptv.answers.idle-seconds} or when
 * all of them together pass {@code iptv.answers.max-bytes} (least recently granted first). A name
 * is the digest of everything its bytes depend on, so a changed input is a new name and nothing is
 * ever rewritten in place.
 *
 * <p>The directory is on the HLS tmpfs in production (memory, not disk), readable by nginx but not
 * listable by other users; names are keyed digests nobody can derive without this process's key.
 * The files of a previous deployment are removed at start: this process does not know them.
 */
@ApplicationScoped
public class AnswerFiles {
  private static final Logger LOG = Logger.getLogger(AnswerFiles.class.getName());
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,95}\\.(m3u|json)");
  private static final long SWEEP_EVERY_MILLIS = 30_000;

  @Inject StreamSettings settings;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "iptv.answers.max-bytes", defaultValue = "268435456")
  long maxBytes;

  @Inject
  @ConfigProperty(name = "iptv.answers.idle-seconds", defaultValue = "600")
  long idleSeconds;

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong totalBytes = new AtomicLong();
  private volatile long nextSweep;
  private volatile long lastWarning;
  private Path dir;
  private SecretKeySpec nameKey;

  private static final class Entry {
    final long bytes;
    volatile long lastUsed;

    Entry(long bytes, long lastUsed) {
      this.bytes = bytes;
      this.lastUsed = lastUsed;
    }
  }

  @PostConstruct
  void init() {
    init(settings.hlsDir().resolve("answers"));
  }

  void init(Path directory) {
    dir = directory;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    nameKey = new SecretKeySpec(key, "HmacSHA256");
    try {
      Files.createDirectories(dir);
      // nginx's workers may open a file whose name they are told; nobody may list them.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
      try (DirectoryStream<Path> old = Files.newDirectoryStream(dir)) {
        for (Path file : old) {
          Files.deleteIfExists(file);
        }
      }
      LOG.info(
          "answer files directory="
              + dir
              + " max-bytes="
              + maxBytes
              + " idle="
              + idleSeconds
              + "s");
    } catch (IOException | UnsupportedOperationException e) {
      warn("answer files unavailable directory=" + dir, e);
    }
  }

  /**
   * A name for an answer of this kind (lowercase, such as {@code playlist}) and extension ({@code
   * m3u} or {@code json}) whose bytes depend on exactly these parts.
   */
  public String name(String kind, String extension, String... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(nameKey);
      for (String part : parts) {
        mac.update(part.getBytes(StandardCharsets.UTF_8));
        // A separator no part can hold, so ("ab","c") and ("a","bc") differ.
        mac.update((byte) 0);
      }
      return kind + "-" + HexFormat.of().formatHex(mac.doFinal(), 0, 20) + "." + extension;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * The file of this name, written from {@code body} if it is not there yet; empty when it cannot
   * be written (the caller then answers the request itself).
   */
  public Optional<String> publish(String name, PlainAndGzipFile.Body body) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not an answer file name: " + name);
    }
    long now = clock.now().toEpochMilli();
    sweepIfDue(now);
    Entry known = entries.get(name);
    if (known != null && Files.exists(dir.resolve(name))) {
      known.lastUsed = now;
      return Optional.of(name);
    }
    try {
      long bytes = PlainAndGzipFile.write(dir, name, body);
      Entry fresh = new Entry(bytes, now);
      Entry previous = entries.put(name, fresh);
      totalBytes.addAndGet(bytes - (previous == null ? 0 : previous.bytes));
      evictOverBudget();
      return Optional.of(name);
    } catch (IOException | RuntimeException e) {
      warn("answer file not written name=" + name, e);
      return Optional.empty();
    }
  }

  /** The bytes the files take now (plain and gzip). */
  long totalBytes() {
    return totalBytes.get();
  }

  Path directory() {
    return dir;
  }

  private void sweepIfDue(long now) {
    if (now < nextSweep) {
      return;
    }
    nextSweep = now + SWEEP_EVERY_MILLIS;
    long idleBefore = now - idleSeconds * 1000;
    entries.forEach(
        (name, entry) -> {
          if (entry.lastUsed < idleBefore) {
            delete(name, entry);
          }
        });
  }

  private void evictOverBudget() {
    if (totalBytes.get() <= maxBytes) {
      return;
    }
    List<Map.Entry<String, Entry>> oldestFirst = new ArrayList<>(entries.entrySet());
    oldestFirst.sort(Comparator.comparingLong(e -> e.getValue().lastUsed));
    for (Map.Entry<String, Entry> e : oldestFirst) {
      if (totalBytes.get() <= maxBytes) {
        return;
      }
      delete(e.getKey(), e.getValue());
    }
  }

  private void delete(String name, Entry entry) {
    if (!entries.remove(name, entry)) {
      return;
    }
    totalBytes.addAndGet(-entry.bytes);
    try {
      PlainAndGzipFile.delete(dir, name);
    } catch (IOException e) {
      warn("answer file not deleted name=" + name, e);
    }
  }

  /** At most one warning a minute: a full tmpfs would otherwise log every request. */
  private void warn(String what, Exception e) {
    long now = System.currentTimeMillis();
    if (now - lastWarning >= 60_000) {
      lastWarning = now;
      LOG.warning(what + " reason=\"" + e + "\" effect=the app answers these requests itself");
    }
  }
}
