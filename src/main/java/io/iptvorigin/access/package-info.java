/** Who may do what: the panel's bearer admin token on the API. */
package io.iptvorigin.access;
