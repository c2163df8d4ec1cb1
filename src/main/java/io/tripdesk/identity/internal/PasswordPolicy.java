package io.tripdesk.identity.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.matchers.Match;
import io.tripdesk.shared.web.ProblemException;
import org.springframework.stereotype.Component;

/**
 * What a new password must be (OWASP ASVS, passwords): 12 to 200 characters, and hard to guess by zxcvbn's
 * estimate, at least 10⁸ guesses. zxcvbn knows 30,000 common passwords, common words and names, keyboard
 * walks, sequences, repeats and dates, and tries the user's own email, its parts and name first; nor may
 * half of a password be made of those. No rules on character classes: length and guessability decide.
 */
@Component
class PasswordPolicy {

	static final int MIN_LENGTH = 12;

	static final int MAX_LENGTH = 200;

	/** zxcvbn's score 3: "safely unguessable", at least 10⁸ guesses. */
	private static final int MIN_SCORE = 3;

	/** zxcvbn takes seconds over hundreds of characters; a password is at least as strong as its start. */
	private static final int MEASURED_LENGTH = 64;

	private static final String USER_INPUTS = "user_inputs";

	static final String PERSONAL = "must not be made of your email or name (or Tripdesk's)";

	/** Words every Tripdesk user's password would be tried with first. */
	private static final List<String> PRODUCT_WORDS = List.of("tripdesk");

	private static final Pattern ACCENTS = Pattern.compile("\\p{M}+");

	private final Zxcvbn zxcvbn = new Zxcvbn();

	/** Refuses the password with a 400 naming {@code field}, unless this user may use it. */
	void require(String field, String password, String email, String name) {
		problem(password, email, name).ifPresent(message -> {
			throw ProblemException.invalid(field, message);
		});
	}

	/** Why this user may not use the password, if they may not. */
	Optional<String> problem(String password, String email, String name) {
		if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
			return Optional.of("must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
		}
		List<String> context = contextWords(email, name);
		if (isMostlyMadeOf(password, context)) {
			return Optional.of(PERSONAL);
		}
		String measured = password.substring(0, Math.min(password.length(), MEASURED_LENGTH));
		Strength strength = zxcvbn.measure(measured, context);
		if (strength.getScore() < MIN_SCORE && strength.getSequence().stream().anyMatch(PasswordPolicy::isPersonal)) {
			return Optional.of(PERSONAL);
		}
		if (strength.getScore() < MIN_SCORE) {
			String warning = strength.getFeedback().getWarning();
			return Optional.of(warning == null || warning.isBlank()
					? "is too easy to guess; add a few uncommon words"
					: "is too easy to guess: " + sentenceCase(warning));
		}
		return Optional.empty();
	}

	/** Whether half the password or more is the context's words, in any case, with or without accents. */
	private static boolean isMostlyMadeOf(String password, List<String> context) {
		String text = withoutAccents(password.toLowerCase(Locale.ROOT));
		boolean[] covered = new boolean[text.length()];
		for (String word : context) {
			if (word.length() < 3) {
				continue;
			}
			for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
				Arrays.fill(covered, at, at + word.length(), true);
			}
		}
		int count = 0;
		for (boolean personal : covered) {
			count += personal ? 1 : 0;
		}
		return count * 2 >= text.length();
	}

	private static boolean isPersonal(Match match) {
		return USER_INPUTS.equals(match.dictionaryName);
	}

	/**
	 * The email, its local part, the name, and each of their words of three letters or more, each also
	 * without accents (García, garcia).
	 */
	static List<String> contextWords(String email, String name) {
		String lowerEmail = email.trim().toLowerCase(Locale.ROOT);
		String lowerName = name.trim().toLowerCase(Locale.ROOT);
		List<String> words = new ArrayList<>(PRODUCT_WORDS);
		words.add(lowerEmail);
		int at = lowerEmail.lastIndexOf('@');
		if (at > 0) {
			words.add(lowerEmail.substring(0, at));
		}
		words.add(lowerName);
		for (String whole : List.of(lowerEmail, lowerName)) {
			for (String word : whole.split("[^\\p{L}\\p{N}]+")) {
				if (word.length() >= 3) {
					words.add(word);
				}
			}
		}
		return words.stream().flatMap(word -> Stream.of(word, withoutAccents(word)))
			.filter(word -> !word.isEmpty()).distinct().toList();
	}

	private static String withoutAccents(String word) {
		return ACCENTS.matcher(Normalizer.normalize(word, Normalizer.Form.NFD)).replaceAll("");
	}

	/** "This is a very common password." → "this is a very common password" */
	private static String sentenceCase(String warning) {
		String trimmed = warning.trim();
		if (trimmed.endsWith(".")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed.isEmpty() ? trimmed : Character.toLowerCase(trimmed.charAt(0)) + trimmed.substring(1);
	}

}
