package io.iptvorigin.common;

/** A request field that is missing, of the wrong type or out of range: 400 naming the field. */
public class InvalidFieldException extends ApiException {
  public InvalidFieldException(String field, String problem) {
    super(400, "invalid field '" + field + "': " + problem);
  }
}
