package io.netdrift.cdk;

import io.netdrift.rules.RulesLoader;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Maps the retention days written in rules/ onto CloudWatch Logs' fixed choices. */
final class Retention {
  /** In the order of {@link RulesLoader#RETENTION_DAYS}. */
  private static final RetentionDays[] VALUES = {
    RetentionDays.ONE_DAY,
    RetentionDays.THREE_DAYS,
    RetentionDays.FIVE_DAYS,
    RetentionDays.ONE_WEEK,
    RetentionDays.TWO_WEEKS,
    RetentionDays.ONE_MONTH,
    RetentionDays.TWO_MONTHS,
    RetentionDays.THREE_MONTHS,
    RetentionDays.FOUR_MONTHS,
    RetentionDays.FIVE_MONTHS,
    RetentionDays.SIX_MONTHS,
    RetentionDays.ONE_YEAR,
    RetentionDays.THIRTEEN_MONTHS,
    RetentionDays.EIGHTEEN_MONTHS,
    RetentionDays.TWO_YEARS,
    RetentionDays.THREE_YEARS,
    RetentionDays.FIVE_YEARS,
    RetentionDays.SIX_YEARS,
    RetentionDays.SEVEN_YEARS,
    RetentionDays.EIGHT_YEARS,
    RetentionDays.NINE_YEARS,
    RetentionDays.TEN_YEARS
  };

  private Retention() {}

  /** The CloudWatch choice for {@code days}; the rules loader only lets valid values through. */
  static RetentionDays of(int days) {
    int i = RulesLoader.RETENTION_DAYS.indexOf(days);
    if (i < 0) {
      throw new IllegalArgumentException(days + " is not a CloudWatch Logs retention period");
    }
    return VALUES[i];
  }
}
