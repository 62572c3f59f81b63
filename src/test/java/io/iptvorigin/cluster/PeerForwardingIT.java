package io.iptvorigin.cluster;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.MediaTools;
import io.iptvorigin.support.NginxProcess;
import io.iptvorigin.support.OriginStack;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A channel another node runs, asked of this node (the front tier's ring changed, or a client
 * bypassed it): this node authorises the viewer, starts no run, and serves the playlist and
 * segments from the owner. The other node is real nginx from the same templates over its own HLS
 * directory, written by a real FFmpeg; Redis says it holds the channel's lease and beats.
 */
@ExtendWith(ArquillianExtension.class)
class PeerForwardingIT {
  private static final String PEER = "peer-node";

  @RegisterExtension static final OriginStack stack = OriginStack.deployed().withNginx();

  private final AdminApi admin = stack.admin();
  private Process owner;

  @AfterEach
  void stopTheOwnersFfmpeg() throws Exception {
    if (owner != null) {
      owner.destroy();
      owner.waitFor();
    }
    try (Jedis redis = ItEnvironment.redis()) {
      redis.del("node:" + PEER);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The other node: its nginx over its own HLS directory, a live FFmpeg writing the channel. */
  private NginxProcess ownerNode(String channel, Path hls) throws Exception {
    Files.createDirectories(hls);
    owner =
        new ProcessBuilder(
                List.of(
                    "ffmpeg",
                    "-nostdin",
                    "-loglevel",
                    "error",
                    "-re",
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=320x240:rate=25",
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=440:sample_rate=48000",
                    "-c:v",
                    "libx264",
                    "-preset",
                    "ultrafast",
                    "-g",
                    "25",
                    "-c:a",
                    "aac",
                    "-f",
                    "hls",
                    "-hls_time",
                    "1",
                    "-hls_list_size",
                    "6",
                    "-hls_flags",
                    "delete_segments+temp_file",
                    "-hls_segment_filename",
                    hls.resolve("stream_" + channel + "_0a1b2c3d_%d.ts").toString(),
                    hls.resolve("stream_" + channel + ".m3u8").toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    int port = freePort();
    NginxProcess nginx =
        stack.nginx(
            "nginx-peer",
            Map.of(
                "IPTV_HTTP_PORT", Integer.toString(port),
                "IPTV_APP_ADDR", "127.0.0.1:" + ItEnvironment.property("it.wildfly.http.port"),
                "IPTV_HLS_DIR", hls.toString()));
    Instant end = Instant.now().plusSeconds(15);
    while (!Files.exists(hls.resolve("stream_" + channel + ".m3u8"))
        && Instant.now().isBefore(end)) {
      Thread.sleep(200);
    }
    try (Jedis redis = ItEnvironment.redis()) {
      redis.setex("node:" + PEER, 60, "127.0.0.1:" + port);
      redis.setex("stream:" + channel + ":owner", 60, PEER);
    }
    return nginx;
  }

  @Test
  void aChannelAnotherNodeRunsIsServedFromThereAndStartsNothingHere() throws Exception {
    String id = admin.create(aChannel());
    String token = admin.create(aUser().withMaxConnections(10)).token();
    NginxProcess peer = ownerNode(id, ItEnvironment.workDir().resolve("peer-hls"));
    String url = stack.edge().hlsUrl(token, id);

    HttpResponse<String> playlist = Http.of("").get(url);
    assertEquals(200, playlist.statusCode(), playlist.body());
    assertTrue(playlist.body().contains("stream_" + id + "_0a1b2c3d_"), playlist.body());
    MediaTools.Result read = MediaTools.read(url, 6);
    assertEquals(0, read.exit(), "plays from the owner through this node: " + read.output());
    assertEquals(0, ItEnvironment.ffmpegCountFor(id), "no FFmpeg of this node's own");
    assertFalse(admin.running(id), "no run of this node's own, native or FFmpeg");

    // The owner's files are for nodes only: without the nodes' secret, nothing.
    String segment =
        playlist.body().lines().filter(l -> l.startsWith("stream_")).findFirst().orElseThrow();
    assertEquals(
        404, Curl.from("127.0.0.1").get(peer.baseUrl() + "/_peer_hls/" + segment).status());
    assertEquals(
        404,
        Curl.from("127.0.0.1")
            .get(stack.edge().baseUrl() + "/_peer/" + peer.baseUrl().substring(7) + "/" + segment)
            .status(),
        "the internal location is not reachable from outside");

    // The owner stops beating: nobody sends viewers its way; its lease expires within 10 s.
    try (Jedis redis = ItEnvironment.redis()) {
      redis.del("node:" + PEER);
    }
    HttpResponse<String> gone = Http.of("").get(url);
    assertEquals(503, gone.statusCode(), gone.body());
    assertTrue(gone.headers().firstValue("Retry-After").isPresent());
    try (Jedis redis = ItEnvironment.redis()) {
      redis.del("stream:" + id + ":owner");
    }
  }
}
