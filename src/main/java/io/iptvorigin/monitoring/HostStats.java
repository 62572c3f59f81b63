package io.iptvorigin.monitoring;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU, memory, disk, network and uptime of the host, read from /proc (Linux), as the reference's
 * psutil figures. CPU is measured between two calls (the first call reports since boot).
 */
@ApplicationScoped
public class HostStats {
  private static final double GB = 1024.0 * 1024 * 1024;
  private long lastBusy;
  private long lastTotal;

  /** One reading of the host. */
  public record Sample(
      double cpuPercent,
      double memoryPercent,
      double memoryUsedGb,
      double diskPercent,
      double networkSentGb,
      double networkReceivedGb,
      double uptimeHours) {}

  public synchronized Sample sample(Path disk) {
    return new Sample(
        round(cpuPercent()),
        round(memoryPercent()),
        round(memoryUsedBytes() / GB),
        round(diskPercent(disk)),
        round(network(9) / GB),
        round(network(1) / GB),
        round(uptimeSeconds() / 3600));
  }

  private double cpuPercent() {
    List<String> lines = read("/proc/stat");
    if (lines.isEmpty()) {
      return 0;
    }
    String[] f = lines.get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    long busy = total - idle;
    long dBusy = busy - lastBusy;
    long dTotal = total - lastTotal;
    lastBusy = busy;
    lastTotal = total;
    return dTotal <= 0 ? 0 : 100.0 * dBusy / dTotal;
  }

  private double memoryPercent() {
    long total = meminfo("MemTotal:");
    return total == 0 ? 0 : 100.0 * memoryUsedBytes() / total;
  }

  private long memoryUsedBytes() {
    return meminfo("MemTotal:") - meminfo("MemAvailable:");
  }

  private long meminfo(String key) {
    for (String line : read("/proc/meminfo")) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
      }
    }
    return 0;
  }

  private static double diskPercent(Path path) {
    try {
      FileStore store = Files.getFileStore(Files.exists(path) ? path : Path.of("/"));
      long total = store.getTotalSpace();
      return total == 0 ? 0 : 100.0 * (total - store.getUsableSpace()) / total;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Bytes summed over interfaces except loopback; column 1 = received, 9 = sent. */
  private static double network(int column) {
    double bytes = 0;
    for (String line : read("/proc/net/dev")) {
      int colon = line.indexOf(':');
      if (colon < 0 || line.substring(0, colon).trim().equals("lo")) {
        continue;
      }
      String[] f = line.substring(colon + 1).trim().split("\\s+");
      bytes += Double.parseDouble(f[column - 1]);
    }
    return bytes;
  }

  private static double uptimeSeconds() {
    List<String> lines = read("/proc/uptime");
    return lines.isEmpty() ? 0 : Double.parseDouble(lines.get(0).split("\\s+")[0]);
  }

  private static List<String> read(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
