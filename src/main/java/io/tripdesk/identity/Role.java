package io.tripdesk.identity;

/** ADMIN sees and manages everything; AGENT works the leads assigned to them and the unassigned ones. */
public enum Role {

	ADMIN, AGENT

}
