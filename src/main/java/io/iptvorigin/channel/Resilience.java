package io.iptvorigin.channel;

import java.util.List;

/**
 * How a channel rides out failures and limits: its backup sources in order of preference, the
 * provider whose connection limit it counts against (null: none), whether it runs with no viewers
 * ({@code always_on}), and whether viewers see the "channel unavailable" slate while no source
 * works ({@code slate}, on unless switched off).
 */
public record Resilience(List<Source> backups, String provider, boolean alwaysOn, boolean slate) {
  /** No backups, no provider, started on demand, slate on: what a channel without these has. */
  public static final Resilience DEFAULT = new Resilience(List.of(), null, false, true);

  public Resilience {
    backups = List.copyOf(backups);
  }
}
