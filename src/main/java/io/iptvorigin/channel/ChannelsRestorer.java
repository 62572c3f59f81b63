package io.iptvorigin.channel;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * At application start, refills Redis from channels.txt when Redis holds no channel (a Redis that
 * lost its data). Never overwrites existing channels; never blocks deployment when Redis is down.
 */
@Singleton
@Startup
public class ChannelsRestorer {
  private static final Logger LOG = Logger.getLogger(ChannelsRestorer.class.getName());

  @Inject ChannelsFile file;
  @Inject ChannelRepository repository;

  @PostConstruct
  void restoreIfEmpty() {
    try {
      if (!file.exists() || repository.count() > 0) {
        return;
      }
      List<Channel> channels =
          ChannelsFileFormat.read(
              file.read(), problem -> LOG.warning("channels.txt restore skipped " + problem));
      if (channels.isEmpty()) {
        return;
      }
      ChannelRepository.Write outcome = repository.restoreIfEmpty(channels);
      LOG.info(
          "channels.txt restore path="
              + file.location()
              + " channels="
              + channels.size()
              + " outcome="
              + outcome);
    } catch (IOException | RuntimeException e) {
      LOG.warning("channels.txt restore not done reason=\"" + e.getMessage() + "\"");
    }
  }
}
