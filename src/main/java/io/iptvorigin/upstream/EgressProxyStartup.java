package io.iptvorigin.upstream;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * Creates the egress proxy when the application starts rather than on first use: FFmpeg processes
 * adopted from a previous deployment reconnect to it before anything here calls it. Also reads the
 * allowed ranges now, so a malformed {@code iptv.upstream.allowed-private-ranges} fails the
 * deployment instead of every upstream fetch.
 */
@Singleton
@Startup
public class EgressProxyStartup {
  @Inject EgressProxy proxy;
  @Inject AddressPolicy policy;

  @PostConstruct
  void start() {
    policy.allowedRanges();
    proxy.port();
  }
}
