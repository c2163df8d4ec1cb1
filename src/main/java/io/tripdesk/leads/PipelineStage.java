package io.tripdesk.leads;

/** A stage of the sales pipeline, in order of {@code position}; won and lost stages close a lead. */
public record PipelineStage(String key, String label, int position, boolean won, boolean lost) {
}
