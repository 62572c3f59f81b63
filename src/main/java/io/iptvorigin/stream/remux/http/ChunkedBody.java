package io.iptvorigin.stream.remux.http;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Decodes a {@code Transfer-Encoding: chunked} body (RFC 9112 §7.1) as its bytes arrive, in pieces
 * of any size: chunk data goes on as slices of the input, without a copy; extensions and trailers
 * are skipped. Bare LF line ends are taken, as most clients take them.
 */
final class ChunkedBody {
  private enum State {
    SIZE,
    EXTENSION,
    DATA,
    DATA_END,
    TRAILER_START,
    TRAILER,
    DONE
  }

  /** 15 hex digits: a size that cannot overflow a long. */
  private static final int MAX_DIGITS = 15;

  private State state = State.SIZE;
  private long remaining;
  private int digits;

  /** Consumes {@code in} up to the body's end; the data goes to {@code out}. */
  void decode(ByteBuffer in, Consumer<ByteBuffer> out) throws BadResponseException {
    while (in.hasRemaining() && state != State.DONE) {
      switch (state) {
        case SIZE -> size(in.get());
        case EXTENSION -> {
          if (in.get() == '\n') {
            endOfSizeLine();
          }
        }
        case DATA -> {
          int n = (int) Math.min(remaining, in.remaining());
          ByteBuffer slice = in.slice();
          slice.limit(n);
          in.position(in.position() + n);
          remaining -= n;
          if (remaining == 0) {
            state = State.DATA_END;
          }
          out.accept(slice);
        }
        case DATA_END -> {
          byte b = in.get();
          if (b == '\n') {
            state = State.SIZE;
            digits = 0;
          } else if (b != '\r') {
            throw new BadResponseException("chunk longer than its size");
          }
        }
        case TRAILER_START -> {
          byte b = in.get();
          if (b == '\n') {
            state = State.DONE;
          } else if (b != '\r') {
            state = State.TRAILER;
          }
        }
        case TRAILER -> {
          if (in.get() == '\n') {
            state = State.TRAILER_START;
          }
        }
        case DONE -> throw new IllegalStateException();
      }
    }
  }

  private void size(byte b) throws BadResponseException {
    int digit = Character.digit(b, 16);
    if (digit >= 0 && b < 0x80) {
      if (++digits > MAX_DIGITS) {
        throw new BadResponseException("chunk size too large");
      }
      remaining = remaining * 16 + digit;
    } else if (digits == 0) {
      throw new BadResponseException("chunk size missing");
    } else if (b == '\n') {
      endOfSizeLine();
    } else if (b == '\r' || b == ';' || b == ' ' || b == '\t') {
      state = State.EXTENSION;
    } else {
      throw new BadResponseException("chunk size malformed");
    }
  }

  private void endOfSizeLine() {
    state = remaining == 0 ? State.TRAILER_START : State.DATA;
  }

  /** The last chunk and the trailers are in. */
  boolean done() {
    return state == State.DONE;
  }
}
