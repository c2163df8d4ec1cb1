package io.tripdesk.shared.web;

/** One entry of a problem's {@code errors}: the JSON field (or query parameter) and what is wrong with it. */
public record FieldMessage(String field, String message) {
}
