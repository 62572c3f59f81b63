package io.iptvorigin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.Jedis;

/** What the build set up for the integration tests: ports, admin token, work directory. */
public final class ItEnvironment {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ItEnvironment() {}

  public static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run through mvn verify");
    }
    return value;
  }

  public static String adminToken() {
    return property("it.admin.token");
  }

  /** The test WildFly, straight: {@code http://127.0.0.1:PORT}. */
  public static String appUrl() {
    return "http://127.0.0.1:" + property("it.wildfly.http.port");
  }

  public static Jedis redis() {
    return new Jedis("127.0.0.1", Integer.parseInt(property("it.redis.port")));
  }

  public static Path workDir() {
    return Path.of(property("it.work.dir"));
  }

  /** The HLS directory the test WildFly's FFmpeg writes and the test nginx serves. */
  public static Path hlsDir() {
    return workDir().resolve("hls");
  }

  /** The app's iptv.epg.dir, where it renders the guide nginx sends. */
  public static Path epgDir() {
    return workDir().resolve("epg");
  }

  /** How many FFmpeg processes write the channel's playlist now. */
  public static long ffmpegCountFor(String channelId) {
    String playlist = hlsDir().resolve("runs").resolve("stream_" + channelId + ".m3u8").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(playlist)).orElse(false))
        .count();
  }

  public static Path channelsFile() {
    return workDir().resolve("channels.txt");
  }

  /** A loopback port free now, for a server a test starts itself. */
  public static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh subscriber token: 64 lowercase hex characters. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A name no other test uses, so tests share one Redis without seeing each other's data. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
