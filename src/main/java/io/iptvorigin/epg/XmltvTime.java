package io.iptvorigin.epg;

/**
 * XMLTV's times ({@code YYYYMMDDhhmmss +hhmm}) to and from epoch seconds. Parsed by hand: a guide
 * holds millions of them, and a formatter or a regular expression per value would cost more than
 * the rest of the reading.
 */
public final class XmltvTime {
  private static final int SECONDS_PER_DAY = 86_400;
  private static final int MAX_OFFSET_SECONDS = 18 * 3600;
  private static final int MAX_SHOWN = 40;

  private XmltvTime() {}

  /**
   * Epoch seconds of an XMLTV time: {@code YYYYMMDD}, optionally followed by {@code hh}, {@code
   * hhmm} or {@code hhmmss}, then optionally (with or without spaces before it) a zone: {@code
   * ±hhmm}, {@code ±hh:mm}, {@code UTC}, {@code GMT} or {@code Z}. No zone means UTC.
   *
   * @throws IllegalArgumentException for anything else, or a field out of range
   */
  public static long parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException("no time");
    }
    int begin = 0;
    int end = value.length();
    while (begin < end && value.charAt(begin) <= ' ') {
      begin++;
    }
    while (end > begin && value.charAt(end - 1) <= ' ') {
      end--;
    }
    int digits = 0;
    while (begin + digits < end && isDigit(value.charAt(begin + digits))) {
      digits++;
    }
    if (digits != 8 && digits != 10 && digits != 12 && digits != 14) {
      throw bad("not an XMLTV time", value);
    }
    int year = number(value, begin, 4);
    int month = number(value, begin + 4, 2);
    int day = number(value, begin + 6, 2);
    int hour = digits >= 10 ? number(value, begin + 8, 2) : 0;
    int minute = digits >= 12 ? number(value, begin + 10, 2) : 0;
    int second = digits >= 14 ? number(value, begin + 12, 2) : 0;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw bad("date out of range", value);
    }
    if (hour > 23 || minute > 59 || second > 59) {
      throw bad("time of day out of range", value);
    }
    int zone = begin + digits;
    while (zone < end && value.charAt(zone) == ' ') {
      zone++;
    }
    int offset = zone == end ? 0 : offsetSeconds(value, zone, end);
    long seconds = epochDay(year, month, day) * SECONDS_PER_DAY;
    return seconds + hour * 3600 + minute * 60 + second - offset;
  }

  /** {@code YYYYMMDDhhmmss +0000} for epoch seconds in the years 0 to 9999. */
  public static String format(long epochSecond) {
    long days = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
    // Days to a civil date: H. Hinnant's algorithm, eras of 400 years starting 0000-03-01.
    long shifted = days + 719_468;
    long era = Math.floorDiv(shifted, 146_097);
    int dayOfEra = (int) (shifted - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int monthFromMarch = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
    int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("year out of range: " + year);
    }
    char[] out = "00000000000000 +0000".toCharArray();
    put(out, 0, (int) year, 4);
    put(out, 4, month, 2);
    put(out, 6, day, 2);
    put(out, 8, secondOfDay / 3600, 2);
    put(out, 10, secondOfDay / 60 % 60, 2);
    put(out, 12, secondOfDay % 60, 2);
    return new String(out);
  }

  private static int offsetSeconds(String value, int from, int end) {
    int length = end - from;
    char sign = value.charAt(from);
    if (sign != '+' && sign != '-') {
      if (isNamedUtc(value, from, length)) {
        return 0;
      }
      throw bad("unknown time zone", value);
    }
    int hours;
    int minutes;
    if (length == 5 && allDigits(value, from + 1, end)) {
      hours = number(value, from + 1, 2);
      minutes = number(value, from + 3, 2);
    } else if (length == 6
        && value.charAt(from + 3) == ':'
        && allDigits(value, from + 1, from + 3)
        && allDigits(value, from + 4, end)) {
      hours = number(value, from + 1, 2);
      minutes = number(value, from + 4, 2);
    } else {
      throw bad("unknown time zone", value);
    }
    int offset = hours * 3600 + minutes * 60;
    if (minutes > 59 || offset > MAX_OFFSET_SECONDS) {
      throw bad("time zone out of range", value);
    }
    return sign == '-' ? -offset : offset;
  }

  private static boolean isNamedUtc(String value, int from, int length) {
    return (length == 1 && (value.charAt(from) == 'Z' || value.charAt(from) == 'z'))
        || (length == 3
            && (value.regionMatches(true, from, "UTC", 0, 3)
                || value.regionMatches(true, from, "GMT", 0, 3)));
  }

  /** Days since 1970-01-01 of a valid civil date (H. Hinnant's days_from_civil). */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean allDigits(String value, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The number in {@code width} characters already known to be digits. */
  private static int number(String value, int from, int width) {
    int n = 0;
    for (int i = from; i < from + width; i++) {
      n = n * 10 + (value.charAt(i) - '0');
    }
    return n;
  }

  private static void put(char[] out, int at, int n, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + n % 10);
      n /= 10;
    }
  }

  private static IllegalArgumentException bad(String what, String value) {
    String shown = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
    return new IllegalArgumentException(what + ": '" + shown + "'");
  }
}
