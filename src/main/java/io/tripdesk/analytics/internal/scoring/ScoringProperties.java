package io.tripdesk.analytics.internal.scoring;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Lead scoring.
 *
 * @param minWon won leads needed before a model is learned; until then transparent rules score
 * @param minLost lost leads needed likewise
 * @param maxTrainingLeads the most recent decided leads a model learns from
 * @param heldOutShare share of the decided leads kept out of training to measure the model (AUC)
 * @param minAuc a model measured below this on the held-out leads is not used: the rules score instead
 * @param regularization L2 penalty of the logistic regression (larger: smaller, steadier coefficients)
 * @param retrainEvery how often the model is learned again from the latest history (and every lead rescored)
 * @param scoreNewEvery how often leads without a score yet are scored
 * @param batchSize leads read and written per statement by the scoring job
 * @param highBudget the budget above which the rules add points (rules score while there is no model)
 */
@Validated
@ConfigurationProperties("tripdesk.insights.scoring")
record ScoringProperties(@DefaultValue("50") @Min(5) int minWon, @DefaultValue("50") @Min(5) int minLost,
		@DefaultValue("20000") @Min(100) int maxTrainingLeads,
		@DefaultValue("0.2") @DecimalMin("0.05") @DecimalMax("0.5") double heldOutShare,
		@DefaultValue("0.6") @DecimalMin("0.5") @DecimalMax("1") double minAuc,
		@DefaultValue("1.0") @DecimalMin("0") double regularization, @DefaultValue("24h") Duration retrainEvery,
		@DefaultValue("1m") Duration scoreNewEvery, @DefaultValue("1000") @Min(10) @Max(10000) int batchSize,
		@DefaultValue("3000") @DecimalMin("0") java.math.BigDecimal highBudget) {
}
