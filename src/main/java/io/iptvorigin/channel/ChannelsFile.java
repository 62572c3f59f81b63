package io.iptvorigin.channel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The channels.txt file on disk ({@code iptv.channels.file}). Rewritten whole after every channel
 * change from what Redis holds then, through a temp file and a rename, so a reader (or a crash)
 * sees the old file or the new one, never half of one.
 */
@ApplicationScoped
public class ChannelsFile {
  private static final Logger LOG = Logger.getLogger(ChannelsFile.class.getName());

  @Inject
  @ConfigProperty(name = "iptv.channels.file", defaultValue = "/var/lib/iptv-origin/channels.txt")
  String location;

  @Inject ChannelRepository repository;

  /** Exports the current channel set. Serialised so two writes cannot interleave their renames. */
  public synchronized void export() {
    Path target = Path.of(location);
    try {
      List<Channel> channels = repository.snapshot().channels();
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".channels-", ".tmp");
      try {
        Files.writeString(temp, ChannelsFileFormat.write(channels), StandardCharsets.UTF_8);
        move(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      LOG.severe(
          "channels.txt export failed path=" + target + " reason=\"" + e.getMessage() + "\"");
    }
  }

  public boolean exists() {
    return Files.isRegularFile(Path.of(location));
  }

  public String read() throws IOException {
    return Files.readString(Path.of(location), StandardCharsets.UTF_8);
  }

  public String location() {
    return location;
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
