package io.iptvorigin.user;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * At application start, adds the tokens of users stored before the token ownership index existed
 * (or by the reference system) to {@code tokens:owners}. Idempotent and never overwrites an entry;
 * never blocks deployment when Redis is down.
 */
@Singleton
@Startup
public class TokenIndexBuilder {
  private static final Logger LOG = Logger.getLogger(TokenIndexBuilder.class.getName());

  @Inject UserRepository repository;

  @PostConstruct
  void indexTokens() {
    try {
      long added = repository.indexTokens();
      if (added > 0) {
        LOG.info("token index built entries=" + added);
      }
    } catch (RuntimeException e) {
      LOG.warning("token index not built reason=\"" + e.getMessage() + "\"");
    }
  }
}
