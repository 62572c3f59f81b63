package io.iptvorigin.stream.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iptvorigin.stream.StreamUnavailableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class StartOutcomeTest {
  @Test
  void aStartEndsInOneOfAFewWords() {
    assertEquals("ok", StartOutcome.of(null));
    assertEquals("timeout", StartOutcome.of(new CompletionException(new TimeoutException())));
    assertEquals(
        "upstream_error",
        StartOutcome.of(new StreamUnavailableException("1", "upstream failed", 2)));
    assertEquals("error", StartOutcome.of(new IllegalStateException("x")));
  }
}
