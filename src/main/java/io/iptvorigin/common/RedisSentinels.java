package io.iptvorigin.common;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.HostAndPort;

/**
 * The Redis Sentinels that name the current master ({@value #SENTINELS_KEY}) and the name they know
 * it by ({@value #MASTER_NAME_KEY}). A setting that is not a list of host:port refuses to start the
 * application: a typo would otherwise look like a Redis outage.
 */
public record RedisSentinels(List<HostAndPort> addresses, String masterName) {
  static final String SENTINELS_KEY = "iptv.redis.sentinels";
  static final String MASTER_NAME_KEY = "iptv.redis.master-name";

  // A name, an IPv4 address, or an IPv6 address in brackets; then the port.
  private static final Pattern ENTRY =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})");
  private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  public RedisSentinels {
    addresses = List.copyOf(addresses);
  }

  /** Empty when {@code list} is blank (no Sentinel: {@code iptv.redis.url} names Redis itself). */
  public static Optional<RedisSentinels> parse(String list, String masterName) {
    if (list == null || list.isBlank()) {
      return Optional.empty();
    }
    if (masterName == null || !MASTER_NAME.matcher(masterName.trim()).matches()) {
      throw new IllegalArgumentException(
          MASTER_NAME_KEY + " is '" + masterName + "': letters, digits, '.', '_' or '-' expected");
    }
    LinkedHashSet<HostAndPort> addresses = new LinkedHashSet<>();
    for (String entry : list.split(",", -1)) {
      if (!addresses.add(address(entry.trim()))) {
        throw new IllegalArgumentException(SENTINELS_KEY + " names " + entry.trim() + " twice");
      }
    }
    return Optional.of(new RedisSentinels(new ArrayList<>(addresses), masterName.trim()));
  }

  private static HostAndPort address(String entry) {
    Matcher m = ENTRY.matcher(entry);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          SENTINELS_KEY + ": '" + entry + "' is not host:port (a comma-separated list expected)");
    }
    int port = Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          SENTINELS_KEY + ": '" + entry + "' has port " + port + ", 1 to 65535 expected");
    }
    String host = m.group(1);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return new HostAndPort(host, port);
  }

  /** The list as it would be configured, for log lines. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (HostAndPort a : addresses) {
      parts.add(a.getHost().contains(":") ? "[" + a.getHost() + "]:" + a.getPort() : a.toString());
    }
    return String.join(",", parts);
  }
}
