package io.iptvorigin.provider;

import io.iptvorigin.channel.ProviderDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What channels check a provider name against: the providers stored in Redis. */
@ApplicationScoped
public class StoredProviders implements ProviderDirectory {
  @Inject ProviderRepository repository;

  @Override
  public boolean exists(String providerId) {
    return ProviderDirectory.ID.matcher(providerId).matches() && repository.exists(providerId);
  }
}
