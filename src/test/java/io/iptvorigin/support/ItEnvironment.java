package io.iptvorigin.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Jedis;

/** What the build set up for the integration tests: ports, admin token, work directory. */
public final class ItEnvironment {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

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
    return ffmpegPidsWriting(hlsDir(), channelId).size();
  }

  /**
   * The FFmpeg processes writing the channel's run playlist under the HLS directory {@code hls}.
   */
  public static List<Long> ffmpegPidsWriting(Path hls, String channelId) {
    String playlist = hls.resolve("runs").resolve("stream_" + channelId + ".m3u8").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(playlist)).orElse(false))
        .map(ProcessHandle::pid)
        .toList();
  }

  public static Path channelsFile() {
    return workDir().resolve("channels.txt");
  }

  /**
   * A loopback port free now, for a server a test starts itself: below the kernel's ephemeral
   * range, so no client connection (viewers, FFmpeg, the nodes' own) can take it between now and
   * the server's bind, and never one handed out before in this JVM.
   */
  public static int freeLoopbackPort() {
    int below = ephemeralLow();
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = 10_000 + RANDOM.nextInt(Math.max(1, below - 10_000));
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException e) {
        // Taken: another.
      }
    }
    throw new IllegalStateException("no free loopback port below " + below);
  }

  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
      int low = Integer.parseInt(range.split("\\s+")[0]);
      return low > 12_000 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
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
