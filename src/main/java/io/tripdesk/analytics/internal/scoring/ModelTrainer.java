package io.tripdesk.analytics.internal.scoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.tripdesk.leads.LeadAnalysis;
import io.tripdesk.leads.LeadFacts;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import smile.validation.metric.AUC;

/**
 * Learns the scoring model from the agency's most recent won and lost leads. A stratified share of them
 * is held out: a model is fitted without them and measured on them (AUC), then the model that scores is
 * fitted on all of them. A model measured below the configured AUC is kept for the record, not used.
 */
@Component
class ModelTrainer {

	private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);

	/** A fixed seed, so that the same history gives the same split and the same model. */
	private static final long SEED = 20261124L;

	private final LeadAnalysis analysis;

	private final LeadInputReader reader;

	private final ModelStore store;

	private final ScoringContext context;

	private final ScoringProperties properties;

	ModelTrainer(LeadAnalysis analysis, LeadInputReader reader, ModelStore store, ScoringContext context,
			ScoringProperties properties) {
		this.analysis = analysis;
		this.reader = reader;
		this.store = store;
		this.context = context;
		this.properties = properties;
	}

	/** What a training run did; {@code model} is null when the rules keep scoring. */
	record Training(String method, LeadScorer.@Nullable ModelView model, int won, int lost,
			int requiredWon, int requiredLost, String explanation) {
	}

	synchronized Training train() {
		List<LeadFacts> decided = analysis.decided(properties.maxTrainingLeads());
		List<LeadInput> leads = new ArrayList<>();
		for (int from = 0; from < decided.size(); from += properties.batchSize()) {
			leads.addAll(reader.read(decided.subList(from, Math.min(decided.size(), from + properties.batchSize()))));
		}
		int[] outcome = leads.stream().mapToInt(lead -> lead.facts().won() ? 1 : 0).toArray();
		int won = IntStream.of(outcome).sum();
		int lost = outcome.length - won;
		if (won < properties.minWon() || lost < properties.minLost()) {
			store.deactivateAll();
			log.info("Lead scoring stays on rules won={} lost={}", won, lost);
			return new Training("rules", null, won, lost, properties.minWon(), properties.minLost(),
					"The agency has " + won + " won and " + lost + " lost leads; a model is learned from "
							+ properties.minWon() + " won and " + properties.minLost()
							+ " lost. Until then leads are scored by rules.");
		}
		LeadFeatures features = context.features();
		List<Integer> heldOut = heldOut(outcome);
		java.util.Set<Integer> held = new java.util.HashSet<>(heldOut);
		List<LeadInput> training = new ArrayList<>();
		List<Integer> trainingOutcome = new ArrayList<>();
		for (int i = 0; i < leads.size(); i++) {
			if (!held.contains(i)) {
				training.add(leads.get(i));
				trainingOutcome.add(outcome[i]);
			}
		}
		ScoreModel candidate = ScoreModel.fit(training, trainingOutcome.stream().mapToInt(Integer::intValue).toArray(),
				features, properties.regularization());
		int[] truth = heldOut.stream().mapToInt(i -> outcome[i]).toArray();
		double[] predicted = heldOut.stream().mapToDouble(i -> candidate.probability(leads.get(i), features)).toArray();
		double auc = AUC.of(truth, predicted);
		ScoreModel model = ScoreModel.fit(leads, outcome, features, properties.regularization());
		boolean active = auc >= properties.minAuc();
		long id = store.save(model, leads.size(), won, lost, truth.length, auc, active);
		log.info("Lead scoring model trained modelId={} leads={} auc={} active={}", id, leads.size(), auc, active);
		var stored = store.latestActive().filter(latest -> latest.id() == id);
		String measured = "Learned from " + leads.size() + " leads (" + won + " won, " + lost + " lost); on "
				+ truth.length + " leads held out of training it reached an AUC of " + String.format("%.2f", auc) + ".";
		if (stored.isEmpty()) {
			store.deactivateAll();
			return new Training("rules", null, won, lost, properties.minWon(), properties.minLost(), measured
					+ " That is below the required " + properties.minAuc() + ", so leads are scored by rules.");
		}
		return new Training("model", LeadScorer.ModelView.of(stored.get()), won, lost, properties.minWon(),
				properties.minLost(), measured);
	}

	/** A random share of the won and of the lost leads, the same share of each (stratified). */
	private List<Integer> heldOut(int[] outcome) {
		Random random = new Random(SEED);
		List<Integer> wonIndexes = new ArrayList<>();
		List<Integer> lostIndexes = new ArrayList<>();
		for (int i = 0; i < outcome.length; i++) {
			(outcome[i] == 1 ? wonIndexes : lostIndexes).add(i);
		}
		Collections.shuffle(wonIndexes, random);
		Collections.shuffle(lostIndexes, random);
		List<Integer> heldOut = new ArrayList<>();
		heldOut.addAll(wonIndexes.subList(0, (int) Math.ceil(wonIndexes.size() * properties.heldOutShare())));
		heldOut.addAll(lostIndexes.subList(0, (int) Math.ceil(lostIndexes.size() * properties.heldOutShare())));
		return heldOut;
	}

}
