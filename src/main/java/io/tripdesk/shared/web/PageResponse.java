package io.tripdesk.shared.web;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A page of results shaped like Django REST framework's: {@code {count, next, previous, results}},
 * where {@code next} and {@code previous} are the current request's URL with another page number.
 */
public record PageResponse<T>(long count,
		@JsonInclude(JsonInclude.Include.NON_DEFAULT) @Schema(description = "Present and true when the list stopped "
				+ "counting: there are more than count results") boolean countCapped,
		@Nullable String next, @Nullable String previous, List<T> results) {

	public static <T> PageResponse<T> of(List<T> results, long count, PageQuery page) {
		boolean hasNext = (long) page.page() * page.pageSize() < count;
		return new PageResponse<>(count, false, hasNext ? linkTo(page.page() + 1) : null,
				page.page() > 1 ? linkTo(page.page() - 1) : null, results);
	}

	/**
	 * A page of a list read with keyset cursors: {@code next} and {@code previous} carry the cursor of the
	 * page after or before (and no page number), so that following them is as fast deep in the list as at
	 * its start. {@code countCapped}: the caller stopped counting at {@code count}, and there are more.
	 */
	public static <T> PageResponse<T> withCursors(List<T> results, long count, boolean countCapped,
			@Nullable String nextCursor, @Nullable String previousCursor) {
		return new PageResponse<>(count, countCapped, nextCursor == null ? null : cursorLink(nextCursor),
				previousCursor == null ? null : cursorLink(previousCursor), results);
	}

	public <R> PageResponse<R> map(Function<? super T, ? extends R> mapper) {
		return new PageResponse<>(count, countCapped, next, previous, results.stream().<R>map(mapper).toList());
	}

	private static String cursorLink(String cursor) {
		return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page").replaceQueryParam("cursor", cursor)
			.toUriString();
	}

	private static String linkTo(int page) {
		return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page).toUriString();
	}

}
