import io.iptvorigin.epg.GuideGenerator;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * The guide bench/epg/run ingests: the test suite's GuideGenerator with every feature on (as its
 * own main writes it: four time zones, missing stops, references, CDATA, skipped elements, two
 * channels nobody maps), but with programmes of a chosen length from a chosen start, so that they
 * fall in the app's window whenever the bench runs. Written gzipped, as providers publish guides.
 *
 * <p>Arguments: PATH CHANNELS DAYS PROGRAMME_MINUTES FROM (epoch seconds). Prints "xml_bytes
 * gzip_bytes channels programmes_per_channel programmes": channels and programmes count the
 * unmapped ones too.
 */
public final class Guide {
  private static final int UNMAPPED = 2;

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: Guide PATH CHANNELS DAYS PROGRAMME_MINUTES FROM");
      System.exit(2);
    }
    Path path = Path.of(args[0]);
    int channels = Integer.parseInt(args[1]);
    GuideGenerator guide =
        GuideGenerator.builder()
            .everything()
            .unmappedChannels(UNMAPPED)
            .channels(channels)
            .days(Integer.parseInt(args[2]))
            .programmeMinutes(Integer.parseInt(args[3]))
            .from(Long.parseLong(args[4]))
            .build();
    long xml;
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        GZIPOutputStream gzip = new GZIPOutputStream(file, 1 << 16);
        Counting counting = new Counting(gzip)) {
      guide.write(counting);
      xml = counting.count;
    }
    int perChannel = guide.programmesPerChannel();
    long all = (long) (channels + UNMAPPED) * perChannel;
    System.out.println(
        xml + " " + Files.size(path) + " " + (channels + UNMAPPED) + " " + perChannel + " " + all);
  }

  /** Counts the XML bytes on their way to the gzip stream. */
  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
