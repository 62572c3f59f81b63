package io.iptvorigin.channel;

import io.iptvorigin.common.ApiException;
import io.iptvorigin.upstream.AddressPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Channel changes the panel asks for: validate, load, change, store, re-export channels.txt, log.
 * Compare-and-set conflicts (another write between our read and our write) retry on fresh data. A
 * channel disabled or deleted is announced as {@link ChannelRetired}, so it stops playing at once.
 */
@ApplicationScoped
public class ChannelService {
  private static final Logger LOG = Logger.getLogger(ChannelService.class.getName());
  private static final int ATTEMPTS = 5;

  @Inject ChannelRepository repository;
  @Inject ChannelsFile file;
  @Inject Event<ChannelRetired> retired;
  @Inject AddressPolicy upstreams;
  @Inject jakarta.enterprise.inject.Instance<ProviderDirectory> providers;

  public List<Channel> list() {
    return repository.snapshot().channels();
  }

  public Channel get(ChannelId id) {
    return repository.find(id).orElseThrow(() -> new UnknownChannelException(id)).channel();
  }

  public Channel create(ChannelPayload payload) {
    Channel channel = payload.toNewChannel();
    checkUpstreams(channel, null);
    checkProvider(payload);
    if (repository.create(channel) == ChannelRepository.Write.EXISTS) {
      throw new ChannelExistsException(channel.id());
    }
    LOG.info("channel created channel=" + channel.id());
    file.export();
    return channel;
  }

  public Channel update(ChannelId id, ChannelPayload payload) {
    Channel changed =
        retrying(
            () -> {
              ChannelRepository.Stored current =
                  repository.find(id).orElseThrow(() -> new UnknownChannelException(id));
              Channel next = payload.applyTo(current.channel());
              checkUpstreams(next, current.channel());
              checkProvider(payload);
              return repository.update(current, next) == ChannelRepository.Write.OK ? next : null;
            });
    LOG.info("channel updated channel=" + id + " active=" + changed.active());
    file.export();
    if (!changed.active()) {
      retired.fire(new ChannelRetired(id, ChannelRetired.Reason.DISABLED));
    }
    return changed;
  }

  public void delete(ChannelId id) {
    retrying(
        () -> {
          ChannelRepository.Stored current =
              repository.find(id).orElseThrow(() -> new UnknownChannelException(id));
          return repository.delete(current) == ChannelRepository.Write.OK
              ? current.channel()
              : null;
        });
    LOG.info("channel deleted channel=" + id);
    file.export();
    retired.fire(new ChannelRetired(id, ChannelRetired.Reason.DELETED));
  }

  /**
   * Refuses upstream URLs that point at loopback, private or link-local addresses (in any spelling,
   * or by a name resolving there). Only URLs the change sets are checked, so a channel stored
   * before a range was closed can still be disabled or renamed.
   */
  private void checkUpstreams(Channel next, Channel current) {
    if (current == null || !next.sourceUrl().equals(current.sourceUrl())) {
      upstreams.checkUrl(next.sourceUrl(), "source_url");
    }
    if (next.httpProxy() != null
        && (current == null || !Objects.equals(next.httpProxy(), current.httpProxy()))) {
      upstreams.checkUrl(next.httpProxy(), "http_proxy");
    }
    List<Source> backups = next.resilience().backups();
    List<Source> before = current == null ? List.of() : current.resilience().backups();
    for (int i = 0; i < backups.size(); i++) {
      Source backup = backups.get(i);
      if (before.contains(backup)) {
        continue;
      }
      upstreams.checkUrl(backup.url(), "backup_urls[" + i + "].url");
      if (backup.httpProxy() != null) {
        upstreams.checkUrl(backup.httpProxy(), "backup_urls[" + i + "].http_proxy");
      }
    }
  }

  /** A provider the body names must exist: a typo would otherwise silently lift the limit. */
  private void checkProvider(ChannelPayload payload) {
    payload
        .namedProvider()
        .ifPresent(
            provider -> {
              boolean known = providers.stream().anyMatch(d -> d.exists(provider));
              if (!known) {
                throw new ApiException(
                    400, "invalid field 'provider': no provider '" + provider + "' exists");
              }
            });
  }

  private static Channel retrying(Supplier<Channel> attempt) {
    for (int i = 0; i < ATTEMPTS; i++) {
      Channel done = attempt.get();
      if (done != null) {
        return done;
      }
    }
    throw new ApiException(409, "the channel changed concurrently, try again");
  }
}
