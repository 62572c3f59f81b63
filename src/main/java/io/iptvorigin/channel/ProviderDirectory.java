package io.iptvorigin.channel;

import java.util.regex.Pattern;

/**
 * The providers a channel may name: implemented where providers are kept, so channels can refuse a
 * provider nobody created without depending on that package.
 */
public interface ProviderDirectory {
  /** What a provider id may be: what fits in a Redis key and a metric label unescaped. */
  Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  boolean exists(String providerId);
}
