package io.iptvorigin.cluster.drain;

import io.iptvorigin.access.InternalCaller;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.cluster.HandoverTarget;
import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands one channel this node runs to another node without a gap: asks that node's nginx for the
 * channel's playlist on its nodes-only {@code /_peer_hls/} (with the nodes' secret and {@code
 * X-Handover-From}); there the miss starts the channel, taking its lease from this node, and
 * answers once the new run is playable. Only then does this node stop its own run ("handed-over":
 * its playlist goes at once, so its viewers' next request is sent to the new owner, and its last
 * segments stay for the viewers that still fetch them). The peer address comes from the other
 * node's heartbeat: an IPv4 literal on the cluster network, never a name.
 */
@ApplicationScoped
public class ChannelHandover {
  private static final Logger LOG = Logger.getLogger(ChannelHandover.class.getName());
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .proxy(HttpClient.Builder.NO_PROXY)
          .build();

  /** Longer than a cold start may take there (iptv.stream.start-timeout, 15 s). */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(25);

  @Inject Nodes nodes;
  @Inject StreamSupervisor supervisor;

  @Inject
  @ConfigProperty(name = "iptv.internal.secret")
  Optional<String> secret;

  /**
   * Hands the channel to another node: empty once it runs there (and no longer here), otherwise why
   * not (the caller logs it; it tries again).
   */
  public Optional<String> handOver(ChannelId channel) {
    String self = supervisor.node();
    Optional<Nodes.Peer> target = HandoverTarget.choose(channel.value(), nodes.peers(), self);
    if (target.isEmpty()) {
      return Optional.of("no other live node");
    }
    Nodes.Peer to = target.get();
    long started = System.nanoTime();
    String failure = ask(to, channel, self);
    if (failure != null) {
      return Optional.of(failure + " (to " + to.id() + ")");
    }
    supervisor.stop(channel, "handed-over").join();
    LOG.info(
        "stream handed over channel="
            + channel.value()
            + " to="
            + to.id()
            + " took_ms="
            + (System.nanoTime() - started) / 1_000_000);
    return Optional.empty();
  }

  /** Null once the other node answered with the channel's playable playlist; why not otherwise. */
  private String ask(Nodes.Peer to, ChannelId channel, String self) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://"
                        + to.address()
                        + "/_peer_hls/"
                        + HlsPaths.playlistName(channel.value())))
            .timeout(ANSWER_TIMEOUT)
            .header(InternalCaller.HEADER, secret.orElse(""))
            .header("X-Handover-From", self)
            .GET()
            .build();
    try {
      HttpResponse<String> answer = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200 || !answer.body().contains("#EXTINF")) {
        return "HTTP " + answer.statusCode() + " from " + to.address();
      }
      return null;
    } catch (IOException e) {
      return e.getClass().getSimpleName() + " from " + to.address();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
