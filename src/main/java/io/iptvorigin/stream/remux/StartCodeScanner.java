package io.iptvorigin.stream.remux;

/**
 * Finds the start codes (00 00 01) that open each NAL unit of H.264 and HEVC (Annex B) and each
 * header of MPEG-2 video, in bytes that arrive in pieces: a start code may be split across two
 * transport packets. The bytes right after each start code go to {@link #onStartCode}, which
 * decides the verdict; scanning stops once it has, so only the headers before the first picture are
 * read, not the picture data.
 */
abstract class StartCodeScanner implements KeyframeDetector {
  private final int[] code;
  private int zeros;
  private int collected = -1;
  private Verdict verdict = Verdict.UNDECIDED;

  /** {@code codeBytes}: how many bytes after each start code {@link #onStartCode} needs. */
  StartCodeScanner(int codeBytes) {
    this.code = new int[codeBytes];
  }

  @Override
  public void reset() {
    zeros = 0;
    collected = -1;
    verdict = Verdict.UNDECIDED;
    onReset();
  }

  @Override
  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length && verdict == Verdict.UNDECIDED; i++) {
      int b = bytes[i] & 0xFF;
      if (collected >= 0) {
        code[collected++] = b;
        if (collected == code.length) {
          collected = -1;
          zeros = 0;
          verdict = onStartCode(code);
        }
      } else if (b == 0) {
        zeros++;
      } else {
        if (b == 1 && zeros >= 2) {
          collected = 0;
        }
        zeros = 0;
      }
    }
  }

  @Override
  public Verdict verdict() {
    return verdict;
  }

  /** The bytes after a start code; returns the verdict, or UNDECIDED to read on. */
  abstract Verdict onStartCode(int[] code);

  /** Forgets what was seen of the access unit before. */
  void onReset() {}
}
