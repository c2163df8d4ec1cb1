package io.tripdesk.trips;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class TripsIntegrationTests extends IntegrationTest {

	private static long created(ApiClient.ApiResponse response) {
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	private static Map<String, Object> trip(String code, int startInDays, int capacity) {
		Map<String, Object> trip = new HashMap<>();
		trip.put("code", code);
		trip.put("title", "Trip " + code);
		trip.put("destination", "Lisbon, Portugal");
		trip.put("start_date", LocalDate.now().plusDays(startInDays).toString());
		trip.put("end_date", LocalDate.now().plusDays(startInDays + 6).toString());
		trip.put("price", "1200.00");
		trip.put("currency", "EUR");
		trip.put("capacity", capacity);
		return trip;
	}

	private long lead(ApiClient client, String name, String phone) {
		return created(client.post("/api/leads/", Map.of("name", name, "phone", phone, "source", "website")));
	}

	@Test
	void adminsKeepTheCatalogueAndEveryoneReadsIt() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("catalogue.reader@test.local");
		long trip = created(admin.post("/api/trips/", trip("LIS-01", 30, 20)));

		JsonNode view = agent.get("/api/trips/" + trip + "/").json();
		assertThat(view.get("seats_left").asInt()).isEqualTo(20);
		assertThat(view.get("revenue").decimalValue()).isZero();
		assertThat(agent.post("/api/trips/", trip("LIS-02", 30, 20)).status()).isEqualTo(403);
		assertThat(agent.patch("/api/trips/" + trip + "/", Map.of("price", 1)).status()).isEqualTo(403);

		var duplicate = admin.post("/api/trips/", trip("lis-01", 40, 10));
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.json().get("existing_trip_id").asLong()).isEqualTo(trip);
	}

	@Test
	void invalidTripsAreRefusedFieldByField() {
		Map<String, Object> bad = trip("BAD 1", 10, -1);
		bad.put("end_date", LocalDate.now().toString());
		bad.put("currency", "euro");
		bad.remove("title");

		var response = admin().post("/api/trips/", bad);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").findValuesAsString("field")).contains("capacity", "code", "currency");
		var dates = admin().post("/api/trips/", Map.of("code", "DATES", "title", "T", "destination", "D", "start_date",
				"2030-05-10", "end_date", "2030-05-01", "price", 10, "capacity", 5));
		assertThat(dates.json().get("errors").findValuesAsString("field")).containsExactly("end_date");
	}

	@Test
	void filtersFindUpcomingTripsByDestination() {
		ApiClient admin = admin();
		created(admin.post("/api/trips/", trip("PAST-01", -40, 10)));
		Map<String, Object> upcoming = trip("FJORD-01", 60, 10);
		upcoming.put("destination", "Bergen, Norway");
		created(admin.post("/api/trips/", upcoming));

		JsonNode found = admin.get("/api/trips/?upcoming=true&destination=norway").json();
		assertThat(found.get("results").findValuesAsString("code")).containsExactly("FJORD-01");
		assertThat(admin.get("/api/trips/?upcoming=false&search=PAST").json().get("count").asLong()).isEqualTo(1);
		assertThat(admin.get("/api/trips/?ordering=seats").status()).isEqualTo(400);
	}

	@Test
	void confirmingABookingHoldsSeatsWinsTheLeadAndCountsAsRevenue() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("REV-01", 45, 10)));
		long lead = lead(admin, "Booker Bea", "+1 480 555 0101");

		JsonNode booking = admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 3)).json();
		assertThat(booking.get("status").asString()).isEqualTo("pending");
		assertThat(booking.get("amount").decimalValue()).isEqualByComparingTo("3600.00");

		JsonNode confirmed = admin.post("/api/bookings/" + booking.get("id").asLong() + "/confirm/", null).json();
		assertThat(confirmed.get("status").asString()).isEqualTo("confirmed");
		JsonNode tripView = admin.get("/api/trips/" + trip + "/").json();
		assertThat(tripView.get("seats_booked").asInt()).isEqualTo(3);
		assertThat(tripView.get("seats_left").asInt()).isEqualTo(7);
		assertThat(tripView.get("revenue").decimalValue()).isEqualByComparingTo("3600.00");
		assertThat(admin.get("/api/leads/" + lead + "/").json().get("stage").asString()).isEqualTo("won");
		assertThat(admin.get("/api/leads/" + lead + "/events/").json().get("results").findValuesAsString("type"))
			.contains("booking_created", "booking_confirmed", "stage_changed");
		String today = LocalDate.now().toString();
		JsonNode revenue = admin.get("/api/bookings/revenue/?from=" + today + "&to=" + today).json();
		assertThat(revenue.get(0).get("currency").asString()).isEqualTo("EUR");
		assertThat(revenue.get(0).get("total").decimalValue()).isGreaterThanOrEqualTo(new java.math.BigDecimal("3600"));

		JsonNode cancelled = admin.post("/api/bookings/" + booking.get("id").asLong() + "/cancel/", null).json();
		assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
		assertThat(admin.get("/api/trips/" + trip + "/").json().get("seats_left").asInt()).isEqualTo(10);
		assertThat(admin.post("/api/bookings/" + booking.get("id").asLong() + "/confirm/", null).status())
			.isEqualTo(409);
	}

	@Test
	void overbookingIsRefusedEvenWhenConfirmationsRace() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("FULL-01", 50, 4)));
		List<Long> bookings = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			long lead = lead(admin, "Racer " + i, "+1 480 555 02" + (10 + i));
			bookings.add(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 2)).json()
				.get("id").asLong());
		}

		List<CompletableFuture<Integer>> confirmations = bookings.stream()
			.map(id -> CompletableFuture.supplyAsync(() -> admin().post("/api/bookings/" + id + "/confirm/", null).status()))
			.toList();
		List<Integer> statuses = confirmations.stream().map(CompletableFuture::join).toList();

		assertThat(statuses).filteredOn(status -> status == 200).hasSize(2);
		assertThat(statuses).filteredOn(status -> status == 409).hasSize(2);
		JsonNode tripView = admin.get("/api/trips/" + trip + "/").json();
		assertThat(tripView.get("seats_booked").asInt()).isEqualTo(4);
		var refused = admin.post("/api/bookings/" + bookings.get(statuses.indexOf(409)) + "/confirm/", null);
		assertThat(refused.json().get("seats_left").asInt()).isZero();
		assertThat(refused.json().get("detail").asString()).contains("0 seats left");
	}

	@Test
	void agentsBookOnlyLeadsTheyMayWorkOn() {
		ApiClient admin = admin();
		ApiClient owner = newAgent("booking.owner@test.local");
		ApiClient other = newAgent("booking.other@test.local");
		long trip = created(admin.post("/api/trips/", trip("AGT-01", 30, 10)));
		long lead = created(admin.post("/api/leads/", Map.of("name", "Owned", "phone", "+1 480 555 0301", "source",
				"website", "assigned_to", userId(owner))));

		assertThat(other.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 1)).status())
			.isEqualTo(404);
		long booking = created(owner.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 1)));
		assertThat(other.post("/api/bookings/" + booking + "/confirm/", null).status()).isEqualTo(404);
		assertThat(owner.post("/api/bookings/" + booking + "/confirm/", null).status()).isEqualTo(200);
	}

	@Test
	void tripsWithBookingsAreNotDeletedAndCapacityStaysAboveSeatsBooked() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("KEEP-01", 30, 10)));
		long lead = lead(admin, "Keeper", "+1 480 555 0401");
		long booking = created(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 5)));
		admin.post("/api/bookings/" + booking + "/confirm/", null);

		assertThat(admin.patch("/api/trips/" + trip + "/", Map.of("capacity", 4)).status()).isEqualTo(409);
		assertThat(admin.delete("/api/trips/" + trip + "/").status()).isEqualTo(409);
		assertThat(admin.delete("/api/leads/" + lead + "/").status()).isEqualTo(409);
		assertThat(admin.get("/api/audit-log/?entity_type=booking&entity_id=" + booking).json().get("results")
			.findValuesAsString("action")).containsExactly("confirm", "create");
	}

}
