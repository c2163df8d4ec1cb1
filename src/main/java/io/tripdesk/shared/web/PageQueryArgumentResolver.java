package io.tripdesk.shared.web;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Reads {@code page} and {@code page_size} into a {@link PageQuery}, refusing values out of range. */
class PageQueryArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == PageQuery.class;
	}

	@Override
	public PageQuery resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
		List<FieldMessage> errors = new ArrayList<>();
		Integer page = parse(request.getParameter("page"), "page", 1, Integer.MAX_VALUE, errors);
		Integer pageSize = parse(request.getParameter("page_size"), "page_size", 1, PageQuery.MAX_PAGE_SIZE, errors);
		if (!errors.isEmpty()) {
			throw ProblemException.invalid(errors);
		}
		return PageQuery.of(page, pageSize);
	}

	private static @Nullable Integer parse(@Nullable String raw, String name, int min, int max,
			List<FieldMessage> errors) {
		if (raw == null || raw.isEmpty()) {
			return null;
		}
		// Plain ASCII digits only: Integer.parseInt also reads other scripts' digits.
		if (raw.matches("[0-9]{1,9}")) {
			int value = Integer.parseInt(raw);
			if (value >= min && value <= max) {
				return value;
			}
		}
		errors.add(new FieldMessage(name, max == Integer.MAX_VALUE ? "must be a whole number of at least " + min
				: "must be a whole number from " + min + " to " + max));
		return null;
	}

}
