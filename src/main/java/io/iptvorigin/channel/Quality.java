package io.iptvorigin.channel;

import java.util.Locale;
import java.util.Optional;

/** The transcode preset a channel falls back to when stream copy fails. */
public enum Quality {
  LOW,
  MEDIUM,
  HIGH;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Quality> fromWire(String value) {
    for (Quality q : values()) {
      if (q.wireName().equals(value)) {
        return Optional.of(q);
      }
    }
    return Optional.empty();
  }
}
