package io.tripdesk.shared.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.propertyeditors.CustomNumberEditor;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Numbers in paths and query parameters are plain ASCII decimals: {@code 16} or {@code -16}, and {@code 1.5}
 * where a fraction fits. Spring's own number editors, which it falls back to even when a converter refuses,
 * read {@code 0x10}, {@code #10}, Arabic-Indic digits and surrounding spaces as numbers. Anything else is a type
 * mismatch, which is a 400 naming the parameter.
 */
@ControllerAdvice
class PlainNumberBinding {

	private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,19}");

	private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");

	@InitBinder
	void plainNumbers(WebDataBinder binder) {
		register(binder, Short.class, short.class, WHOLE);
		register(binder, Integer.class, int.class, WHOLE);
		register(binder, Long.class, long.class, WHOLE);
		register(binder, BigInteger.class, null, WHOLE);
		register(binder, Float.class, float.class, DECIMAL);
		register(binder, Double.class, double.class, DECIMAL);
		register(binder, BigDecimal.class, null, DECIMAL);
	}

	private static void register(WebDataBinder binder, Class<? extends Number> type, @Nullable Class<?> primitive,
			Pattern format) {
		binder.registerCustomEditor(type, new PlainNumberEditor(type, true, format));
		if (primitive != null) {
			binder.registerCustomEditor(primitive, new PlainNumberEditor(type, false, format));
		}
	}

	private static final class PlainNumberEditor extends CustomNumberEditor {

		private final Pattern format;

		PlainNumberEditor(Class<? extends Number> type, boolean allowEmpty, Pattern format) {
			super(type, allowEmpty);
			this.format = format;
		}

		@Override
		public void setAsText(String text) {
			if (!text.isEmpty() && !format.matcher(text).matches()) {
				throw new IllegalArgumentException("not a plain decimal number");
			}
			super.setAsText(text);
		}

	}

}
