package io.tripdesk.leads.internal;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.springframework.stereotype.Component;

/**
 * Turns phone numbers as people type them, and WhatsApp ids, into one canonical E.164 form, so that
 * one customer is one lead. Two national quirks make a number look like two otherwise:
 * <ul>
 * <li>Brazil: WhatsApp ids of older mobile numbers lack the ninth digit ({@code 55 11 9999-8888} vs
 * {@code 55 11 99999-8888}); the canonical form has it.</li>
 * <li>Mexico: mobile numbers used to carry a {@code 1} after the country code ({@code 521…}); WhatsApp
 * still sends it; the canonical form drops it.</li>
 * </ul>
 */
@Component
class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private final String defaultRegion;

	PhoneNumbers(LeadsProperties properties) {
		this.defaultRegion = properties.defaultRegion();
	}

	/** The canonical E.164 form of a number a person typed, if it is a possible number. */
	Optional<String> normalise(String typed) {
		String trimmed = typed.trim();
		if (trimmed.isEmpty() || trimmed.length() > 40) {
			return Optional.empty();
		}
		try {
			PhoneNumber number = UTIL.parse(trimmed.startsWith("00") ? "+" + trimmed.substring(2) : trimmed,
					defaultRegion);
			return canonical(number);
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

	/** The canonical E.164 form of a WhatsApp id (the number's digits, no plus). */
	Optional<String> fromWaId(String waId) {
		if (!waId.matches("\\d{6,20}")) {
			return Optional.empty();
		}
		try {
			return canonical(UTIL.parse("+" + waId, "ZZ"));
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

	private static Optional<String> canonical(PhoneNumber number) {
		String national = String.valueOf(number.getNationalNumber());
		int countryCode = number.getCountryCode();
		if (countryCode == 55 && national.length() == 10 && "6789".indexOf(national.charAt(2)) >= 0) {
			// Brazilian mobile without the ninth digit: area code (2) + 8 digits starting 6-9.
			number = new PhoneNumber().setCountryCode(55).setNationalNumber(Long.parseLong(
					national.substring(0, 2) + "9" + national.substring(2)));
		}
		else if (countryCode == 52 && national.length() == 11 && national.startsWith("1")) {
			number = new PhoneNumber().setCountryCode(52).setNationalNumber(Long.parseLong(national.substring(1)));
		}
		if (!UTIL.isPossibleNumber(number)) {
			return Optional.empty();
		}
		return Optional.of(UTIL.format(number, PhoneNumberFormat.E164));
	}

}
