/**
 * The Xtream Codes player API that subscribers' apps log in to (TiviMate, IPTV Smarters, OTT
 * Navigator, Kodi): {@code player_api.php}, {@code get.php} and the XC stream URLs, on top of the
 * users, channels and HLS delivery the rest of the origin already has.
 */
package io.iptvorigin.xtream;
