package io.iptvorigin.provider;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Provider changes the panel asks for: validate, load, change, store, log. Compare-and-set
 * conflicts retry on fresh data. A provider that channels still name cannot be deleted: their
 * starts would no longer be counted against any limit.
 */
@ApplicationScoped
public class ProviderService {
  private static final Logger LOG = Logger.getLogger(ProviderService.class.getName());
  private static final int ATTEMPTS = 5;
  private static final int NAMED_IN_ERROR = 5;

  @Inject ProviderRepository repository;
  @Inject ChannelRepository channels;

  public List<Provider> list() {
    return repository.list();
  }

  public Provider get(String id) {
    ProviderPayload.checkId(id);
    return repository.find(id).orElseThrow(() -> unknown(id)).provider();
  }

  public Provider create(ProviderPayload payload) {
    Provider provider = payload.toNewProvider();
    if (repository.create(provider) == ProviderRepository.Write.EXISTS) {
      throw new ApiException(409, "provider '" + provider.id() + "' already exists");
    }
    LOG.info(
        "provider created provider="
            + provider.id()
            + " max_connections="
            + provider.maxConnections());
    return provider;
  }

  public Provider update(String id, ProviderPayload payload) {
    ProviderPayload.checkId(id);
    Provider changed =
        retrying(
            () -> {
              ProviderRepository.Stored current =
                  repository.find(id).orElseThrow(() -> unknown(id));
              Provider next = payload.applyTo(current.provider());
              return repository.update(current, next) == ProviderRepository.Write.OK ? next : null;
            });
    LOG.info("provider updated provider=" + id + " max_connections=" + changed.maxConnections());
    return changed;
  }

  public void delete(String id) {
    ProviderPayload.checkId(id);
    retrying(
        () -> {
          ProviderRepository.Stored current = repository.find(id).orElseThrow(() -> unknown(id));
          refuseWhileNamed(id);
          return repository.delete(current) == ProviderRepository.Write.OK
              ? current.provider()
              : null;
        });
    LOG.info("provider deleted provider=" + id);
  }

  private void refuseWhileNamed(String id) {
    List<String> naming =
        channels.snapshot().channels().stream()
            .filter(c -> id.equals(c.resilience().provider()))
            .map(Channel::id)
            .toList();
    if (!naming.isEmpty()) {
      String shown = String.join(", ", naming.subList(0, Math.min(NAMED_IN_ERROR, naming.size())));
      throw new ApiException(
          409,
          "provider '"
              + id
              + "' is still named by "
              + naming.size()
              + (naming.size() == 1 ? " channel" : " channels")
              + " ("
              + shown
              + (naming.size() > NAMED_IN_ERROR ? ", ..." : "")
              + "): change or remove their provider first");
    }
  }

  private static <T> T retrying(Supplier<T> attempt) {
    for (int i = 0; i < ATTEMPTS; i++) {
      T done = attempt.get();
      if (done != null) {
        return done;
      }
    }
    throw new ApiException(409, "the provider changed concurrently, try again");
  }

  private static ApiException unknown(String id) {
    return new ApiException(404, "provider '" + id + "' not found");
  }
}
