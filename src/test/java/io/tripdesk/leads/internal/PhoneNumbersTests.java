package io.tripdesk.leads.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTests {

	private final PhoneNumbers usNumbers = new PhoneNumbers(new LeadsProperties("US"));

	private final PhoneNumbers brazilianNumbers = new PhoneNumbers(new LeadsProperties("BR"));

	@Test
	void typedNumbersBecomeE164() {
		assertThat(usNumbers.normalise("(555) 000-9876")).contains("+15550009876");
		assertThat(usNumbers.normalise("+34 600 123 456")).contains("+34600123456");
		assertThat(usNumbers.normalise("0034 600 123 456")).contains("+34600123456");
		assertThat(brazilianNumbers.normalise("(11) 99999-8888")).contains("+5511999998888");
	}

	@Test
	void nonsenseIsNotANumber() {
		assertThat(usNumbers.normalise("call me maybe")).isEmpty();
		assertThat(usNumbers.normalise("12")).isEmpty();
		assertThat(usNumbers.normalise("'; DROP TABLE lead; --")).isEmpty();
		assertThat(usNumbers.fromWaId("US.13000000000000000001")).isEmpty();
	}

	@Test
	void whatsAppIdsMatchTheTypedNumber() {
		assertThat(usNumbers.fromWaId("15550009876")).isEqualTo(usNumbers.normalise("+1 555 000 9876"));
	}

	@Test
	void brazilianWhatsAppIdsWithoutTheNinthDigitAreTheSameCustomer() {
		assertThat(usNumbers.fromWaId("551199998888")).contains("+5511999998888");
		assertThat(usNumbers.fromWaId("5511999998888")).contains("+5511999998888");
		// Landlines (starting 2-5) have eight digits and get no ninth digit.
		assertThat(usNumbers.fromWaId("551133334444")).contains("+551133334444");
	}

	@Test
	void mexicanMobileIdsWithTheOldOneAreTheSameCustomer() {
		assertThat(usNumbers.fromWaId("5215512345678")).contains("+525512345678");
		assertThat(usNumbers.fromWaId("525512345678")).contains("+525512345678");
	}

}
