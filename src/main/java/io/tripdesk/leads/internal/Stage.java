package io.tripdesk.leads.internal;

/** A pipeline stage, as stored and as the API shows it. */
record Stage(String key, String label, int position, boolean isWon, boolean isLost) {
}
