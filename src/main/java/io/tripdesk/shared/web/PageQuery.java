package io.tripdesk.shared.web;

import org.jspecify.annotations.Nullable;

/**
 * The {@code page} (from 1) and {@code page_size} query parameters. Declare it as a controller
 * method parameter; values out of range are a 400 naming the parameter.
 */
public record PageQuery(int page, int pageSize) {

	public static final int DEFAULT_PAGE_SIZE = 25;

	public static final int MAX_PAGE_SIZE = 200;

	public static PageQuery of(@Nullable Integer page, @Nullable Integer pageSize) {
		return new PageQuery(page == null ? 1 : page, pageSize == null ? DEFAULT_PAGE_SIZE : pageSize);
	}

	public long offset() {
		return (long) (page - 1) * pageSize;
	}

}
