package io.iptvorigin.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The current time, as a bean so tests of time-dependent logic can fix it. */
@ApplicationScoped
public class Clock {
  public Instant now() {
    return Instant.now();
  }
}
