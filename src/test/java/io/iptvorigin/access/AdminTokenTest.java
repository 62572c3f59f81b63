package io.iptvorigin.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminTokenTest {
  private static final String SECRET = "it-admin-token-0123456789";

  private final AdminToken configured = new AdminToken(Optional.of(SECRET));

  @Test
  void exactBearerTokenIsAccepted() {
    assertTrue(configured.accepts("Bearer " + SECRET));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bearer ", "BEARER ", "bEaReR "})
  void bearerSchemeIsCaseInsensitive(String scheme) {
    assertTrue(configured.accepts(scheme + SECRET));
  }

  @Test
  void whitespaceAroundTheTokenIsIgnored() {
    assertTrue(configured.accepts("  Bearer   " + SECRET + "  "));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bearer wrong-token",
        "Bearer it-admin-token-012345678",
        "Bearer it-admin-token-0123456789x",
        "Bearer it-admin-token-0123456789 extra",
        "Bearer IT-ADMIN-TOKEN-0123456789",
        "it-admin-token-0123456789",
        "Bearerit-admin-token-0123456789",
        "Basic it-admin-token-0123456789",
        "Basic aXQtYWRtaW4tdG9rZW4tMDEyMzQ1Njc4OQ==",
        "Token it-admin-token-0123456789",
        "Bearer",
        "Bearer ",
        "Bearer    "
      })
  void anyOtherHeaderIsRefused(String header) {
    assertFalse(configured.accepts(header));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingHeaderIsRefused(String header) {
    assertFalse(configured.accepts(header));
  }

  @Test
  void configuredTokenIsReportedAsConfigured() {
    assertTrue(configured.isConfigured());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void blankConfiguredTokenCountsAsNotConfigured(String blank) {
    assertFalse(new AdminToken(Optional.of(blank)).isConfigured());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer ", "Bearer", "Bearer  ", "Bearer x", "bearer null", "Basic "})
  void withoutConfiguredTokenEveryHeaderIsRefused(String header) {
    assertFalse(new AdminToken(Optional.empty()).accepts(header));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer ", "Bearer", "Bearer  ", "Bearer x"})
  void withBlankConfiguredTokenEveryHeaderIsRefused(String header) {
    assertFalse(new AdminToken(Optional.of(" ")).accepts(header));
    assertFalse(new AdminToken(Optional.of("")).accepts(header));
  }

  @Test
  void withoutConfiguredTokenMissingHeaderIsRefused() {
    assertFalse(new AdminToken(Optional.empty()).accepts(null));
  }
}
