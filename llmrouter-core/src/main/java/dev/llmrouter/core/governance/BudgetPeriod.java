package dev.llmrouter.core.governance;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/** How often a budget starts again: calendar-aligned in the governance's time zone, or never. */
public enum BudgetPeriod {
  DAILY,
  /** ISO weeks, from Monday. */
  WEEKLY,
  MONTHLY,
  LIFETIME;

  /** The first day of the period {@code now} falls in, or {@code null} for {@link #LIFETIME}. */
  LocalDate start(Instant now, ZoneId zone) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    switch (this) {
      case DAILY:
        return today;
      case WEEKLY:
        return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTHLY:
        return today.withDayOfMonth(1);
      default:
        return null;
    }
  }

  /** When the period {@code now} falls in began, or the epoch for {@link #LIFETIME}. */
  public Instant startOf(Instant now, ZoneId zone) {
    LocalDate start = start(now, zone);
    return start == null ? Instant.EPOCH : start.atStartOfDay(zone).toInstant();
  }

  /** The name of the period {@code now} falls in, part of the counters' names. */
  String key(Instant now, ZoneId zone) {
    LocalDate start = start(now, zone);
    return start == null ? "lifetime" : name().charAt(0) + start.toString();
  }

  /** When the period {@code now} falls in ends, or {@code null} for {@link #LIFETIME}. */
  Instant reset(Instant now, ZoneId zone) {
    LocalDate start = start(now, zone);
    if (start == null) {
      return null;
    }
    LocalDate next;
    switch (this) {
      case DAILY:
        next = start.plusDays(1);
        break;
      case WEEKLY:
        next = start.plusWeeks(1);
        break;
      default:
        next = start.plusMonths(1);
    }
    return next.atStartOfDay(zone).toInstant();
  }
}
