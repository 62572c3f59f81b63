package io.iptvorigin.stream.remux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A live HLS playlist read as a player polls it, once a second for a while, with every segment it
 * lists downloaded once: what a viewer of that interval was offered, segment by segment, with the
 * {@code #EXT-X-DISCONTINUITY} marks before them.
 */
final class PlaylistFollower {
  /** One listed segment: its media sequence number, name, file, and whether a mark preceded it. */
  record Segment(long sequence, String uri, Path file, boolean discontinuity) {}

  /**
   * What was seen: the segments by media sequence number, and every playlist text fetched.
   *
   * @param failures requests that did not answer 200, as "status url"
   */
  record Followed(List<Segment> segments, List<String> playlists, List<String> failures) {
    /** The sequence numbers missing between the first and the last segment seen. */
    List<Long> gaps() {
      List<Long> missing = new ArrayList<>();
      for (int i = 1; i < segments.size(); i++) {
        for (long s = segments.get(i - 1).sequence() + 1; s < segments.get(i).sequence(); s++) {
          missing.add(s);
        }
      }
      return missing;
    }

    /** The segments' bytes one after the other, as a player's demuxer reads them. */
    Path concatenated(Path file) throws IOException {
      Files.deleteIfExists(file);
      Files.createFile(file);
      for (Segment segment : segments) {
        Files.write(
            file, Files.readAllBytes(segment.file()), java.nio.file.StandardOpenOption.APPEND);
      }
      return file;
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PlaylistFollower() {}

  /** Follows {@code playlistUrl} for {@code duration}, keeping segments in {@code dir}. */
  static Followed follow(String playlistUrl, Duration duration, Path dir) {
    URI base = URI.create(playlistUrl);
    TreeMap<Long, Segment> segments = new TreeMap<>();
    List<String> playlists = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Instant end = Instant.now().plus(duration);
    try {
      Files.createDirectories(dir);
      while (Instant.now().isBefore(end)) {
        HttpResponse<String> playlist = HTTP.send(get(base), HttpResponse.BodyHandlers.ofString());
        if (playlist.statusCode() != 200) {
          failures.add(playlist.statusCode() + " " + base);
        } else {
          playlists.add(playlist.body());
          for (Segment listed : listed(playlist.body(), dir)) {
            if (!segments.containsKey(listed.sequence())) {
              HttpResponse<Path> fetched =
                  HTTP.send(
                      get(base.resolve(listed.uri())),
                      HttpResponse.BodyHandlers.ofFile(listed.file()));
              if (fetched.statusCode() == 200) {
                segments.put(listed.sequence(), listed);
              } else {
                failures.add(fetched.statusCode() + " " + listed.uri());
              }
            }
          }
        }
        Thread.sleep(1000);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new Followed(List.copyOf(segments.values()), playlists, failures);
  }

  /** The segments a media playlist lists, numbered from its {@code #EXT-X-MEDIA-SEQUENCE}. */
  static List<Segment> listed(String playlist, Path dir) {
    List<Segment> out = new ArrayList<>();
    long sequence = 0;
    boolean mark = false;
    for (String line : playlist.split("\n")) {
      line = line.strip();
      if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        sequence = Long.parseLong(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()));
      } else if (line.equals("#EXT-X-DISCONTINUITY")) {
        mark = true;
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        String name = line.replaceAll("[^A-Za-z0-9_.-]", "_");
        out.add(new Segment(sequence, line, dir.resolve(sequence + "-" + name), mark));
        sequence++;
        mark = false;
      }
    }
    return out;
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
  }
}
