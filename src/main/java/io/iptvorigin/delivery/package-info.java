/**
 * Big answers at nginx speed: the app renders a subscriber's M3U or the Xtream catalogue once into
 * a file, and nginx sends that file to every request the app has granted (a small answer nginx
 * caches for a few seconds), so the bytes never pass through WildFly again until the data changes.
 */
package io.iptvorigin.delivery;
