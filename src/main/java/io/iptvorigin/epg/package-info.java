/**
 * The programme guide (XMLTV) core: reading a guide of any size in one streaming pass, keeping the
 * programmes of the wanted channels and time window in bounded memory, storing them compactly, and
 * writing them back out as XMLTV. Plain classes, usable without CDI.
 */
package io.iptvorigin.epg;
