package io.tripdesk.analytics.internal.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import smile.classification.LogisticRegression;
import smile.util.IntSet;

/**
 * A logistic regression (Smile) of "won rather than lost" over standardised lead features. A feature's
 * contribution is how many score points the lead would lose (or gain) if that feature were average: the
 * coefficient times the standardised value, taken through the logistic function.
 */
final class ScoreModel implements ScoreMethod {

	static final String ALGORITHM = "Logistic regression (Smile 3.1.1, L2-regularised, standardised features)";

	/** Everything needed to score again: what the columns are, their standardisation, and the coefficients. */
	record Parameters(List<String> sources, double[] means, double[] sds, double[] coefficients,
			double logLikelihood, double lambda) {
	}

	private final Parameters parameters;

	private final LogisticRegression.Binomial model;

	private ScoreModel(Parameters parameters, LogisticRegression.Binomial model) {
		this.parameters = parameters;
		this.model = model;
	}

	/** Learns from leads and their outcome (1: won, 0: lost). */
	static ScoreModel fit(List<LeadInput> leads, int[] won, LeadFeatures features, double lambda) {
		List<String> sources = leads.stream().map(lead -> lead.facts().source()).distinct().sorted().toList();
		double[][] raw = leads.stream().map(lead -> row(lead, features, sources)).toArray(double[][]::new);
		int columns = Feature.NUMERIC.length + sources.size();
		double[] means = new double[columns];
		double[] sds = new double[columns];
		for (int j = 0; j < columns; j++) {
			double sum = 0;
			double squares = 0;
			int seen = 0;
			for (double[] row : raw) {
				if (!Double.isNaN(row[j])) {
					sum += row[j];
					squares += row[j] * row[j];
					seen++;
				}
			}
			means[j] = seen == 0 ? 0 : sum / seen;
			double variance = seen == 0 ? 0 : squares / seen - means[j] * means[j];
			sds[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
		}
		double[][] x = new double[raw.length][];
		for (int i = 0; i < raw.length; i++) {
			x[i] = standardise(raw[i], means, sds);
		}
		LogisticRegression.Binomial model = LogisticRegression.binomial(x, won, lambda, 1e-6, 1000);
		return new ScoreModel(new Parameters(sources, means, sds, model.coefficients(), model.loglikelihood(), lambda),
				model);
	}

	static ScoreModel restore(Parameters parameters) {
		return new ScoreModel(parameters, new LogisticRegression.Binomial(parameters.coefficients(),
				parameters.logLikelihood(), parameters.lambda(), new IntSet(new int[] { 0, 1 })));
	}

	Parameters parameters() {
		return parameters;
	}

	/** The probability that the lead is won. */
	double probability(LeadInput lead, LeadFeatures features) {
		return model.score(standardised(lead, features));
	}

	@Override
	public Scored score(LeadInput lead, LeadFeatures features) {
		double[] z = standardised(lead, features);
		double probability = model.score(z);
		double[] w = parameters.coefficients();
		double logit = w[w.length - 1];
		for (int j = 0; j < z.length; j++) {
			logit += w[j] * z[j];
		}
		List<Factor> factors = new ArrayList<>();
		int numeric = Feature.NUMERIC.length;
		for (int j = 0; j < numeric; j++) {
			Feature feature = Feature.NUMERIC[j];
			factors.add(new Factor(feature.key(), feature.label(), features.display(feature, lead),
					points(logit, w[j] * z[j])));
		}
		double sourcePart = 0;
		for (int j = numeric; j < z.length; j++) {
			sourcePart += w[j] * z[j];
		}
		factors.add(new Factor(Feature.SOURCE.key(), Feature.SOURCE.label(), features.display(Feature.SOURCE, lead),
				points(logit, sourcePart)));
		factors.sort(Comparator.comparingDouble((Factor factor) -> -Math.abs(factor.contribution())));
		return new Scored((int) Math.round(100 * probability), factors);
	}

	/** Score points this part of the logit adds against an average value of its feature. */
	private static double points(double logit, double part) {
		return Math.round(1000 * (sigmoid(logit) - sigmoid(logit - part))) / 10.0;
	}

	private static double sigmoid(double value) {
		return 1 / (1 + Math.exp(-value));
	}

	private double[] standardised(LeadInput lead, LeadFeatures features) {
		return standardise(row(lead, features, parameters.sources()), parameters.means(), parameters.sds());
	}

	private static double[] row(LeadInput lead, LeadFeatures features, List<String> sources) {
		double[] numeric = features.numeric(lead);
		double[] row = new double[numeric.length + sources.size()];
		System.arraycopy(numeric, 0, row, 0, numeric.length);
		int source = sources.indexOf(lead.facts().source());
		if (source >= 0) {
			row[numeric.length + source] = 1;
		}
		return row;
	}

	/** Standard scores; a missing value becomes the training mean, i.e. 0. */
	private static double[] standardise(double[] raw, double[] means, double[] sds) {
		double[] z = new double[raw.length];
		for (int j = 0; j < raw.length; j++) {
			z[j] = Double.isNaN(raw[j]) ? 0 : (raw[j] - means[j]) / sds[j];
		}
		return z;
	}

}
