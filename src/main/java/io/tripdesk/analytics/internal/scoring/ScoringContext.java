package io.tripdesk.analytics.internal.scoring;

import java.util.Optional;

import io.tripdesk.leads.LeadManagement;
import io.tripdesk.shared.AgencyProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** What scoring needs at the moment: the pipeline as it is now, and the model that scores (or the rules). */
@Component
class ScoringContext {

	private final LeadManagement leads;

	private final AgencyProperties agency;

	private final ModelStore models;

	private final ScoringProperties properties;

	ScoringContext(LeadManagement leads, AgencyProperties agency, ModelStore models, ScoringProperties properties) {
		this.leads = leads;
		this.agency = agency;
		this.models = models;
		this.properties = properties;
	}

	LeadFeatures features() {
		return new LeadFeatures(agency.responseTimeTarget(), agency.timeZone(), leads.pipeline());
	}

	/** The method that scores now, with the features it reads and the stored model behind it (null: rules). */
	record Current(ScoreMethod method, ModelStore.@Nullable StoredModel model, LeadFeatures features) {
	}

	Current current() {
		Optional<ModelStore.StoredModel> model = models.latestActive();
		ScoreMethod method = model.<ScoreMethod>map(stored -> ScoreModel.restore(stored.parameters()))
			.orElseGet(() -> new ScoringRules(properties.highBudget()));
		return new Current(method, model.orElse(null), features());
	}

	ScoringProperties properties() {
		return properties;
	}

}
