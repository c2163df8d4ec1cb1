package io.tripdesk.trips;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tripdesk.leads.LeadUpdated;
import io.tripdesk.support.ApiClient;
import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import static org.assertj.core.api.Assertions.assertThat;

@Import(TripsIntegrationTests.PublishedEvents.class)
class TripsIntegrationTests extends IntegrationTest {

	private static final Object NULL = NullNode.getInstance();

	@Autowired
	PublishedEvents events;

	@Autowired
	TripCatalog catalog;

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
		assertThat(admin.get("/api/trips/?upcoming=false&search=PAST-01").json().get("count").asLong()).isEqualTo(1);
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
		assertThat(revenueIn(revenue, "EUR").get("total").decimalValue()).isGreaterThanOrEqualTo(new BigDecimal("3600"));

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


	@Test
	void listsPageLikeDjangoRestFrameworkAndRefuseHugePages() {
		ApiClient admin = admin();
		long first = 0;
		for (int i = 1; i <= 3; i++) {
			Map<String, Object> body = trip("PAGE-0" + i, 20 + i, 10);
			body.put("destination", "Pagetown " + i);
			long id = created(admin.post("/api/trips/", body));
			first = first == 0 ? id : first;
		}

		JsonNode page1 = admin.get("/api/trips/?search=pagetown&page_size=2&ordering=start_date").json();
		assertThat(page1.get("count").asLong()).isEqualTo(3);
		assertThat(page1.get("results").findValuesAsString("code")).containsExactly("PAGE-01", "PAGE-02");
		assertThat(page1.get("next").asString()).contains("page=2");
		assertThat(page1.get("previous").isNull()).isTrue();
		JsonNode page2 = admin.get("/api/trips/?search=pagetown&page_size=2&page=2&ordering=start_date").json();
		assertThat(page2.get("results").findValuesAsString("code")).containsExactly("PAGE-03");
		assertThat(page2.get("next").isNull()).isTrue();
		assertThat(page2.get("previous").asString()).contains("page=1");

		for (String path : List.of("/api/trips/?page_size=1000", "/api/bookings/?page_size=1000",
				"/api/trips/" + first + "/bookings/?page_size=1000", "/api/trips/?page=0")) {
			var refused = admin.get(path);
			assertThat(refused.status()).as(path).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("errors").findValuesAsString("field")).as(path).containsAnyOf("page_size", "page");
		}
	}

	@Test
	void tripsAreFilteredByStatusSearchAndOrdered() {
		ApiClient admin = admin();
		Map<String, Object> cheap = trip("ORD-CHEAP", 15, 10);
		cheap.put("title", "Zebra safari");
		cheap.put("destination", "Ordville");
		cheap.put("price", "100.00");
		Map<String, Object> dear = trip("ORD-DEAR", 10, 10);
		dear.put("title", "Alpine escape");
		dear.put("destination", "Ordville");
		dear.put("price", "900.00");
		Map<String, Object> closed = trip("ORD-CLOSED", 12, 10);
		closed.put("destination", "Ordville");
		closed.put("price", "500.00");
		closed.put("status", "closed");
		created(admin.post("/api/trips/", cheap));
		created(admin.post("/api/trips/", dear));
		created(admin.post("/api/trips/", closed));

		assertThat(codes(admin, "destination=ORDVILLE&ordering=price")).containsExactly("ORD-CHEAP", "ORD-CLOSED", "ORD-DEAR");
		assertThat(codes(admin, "destination=ordville&ordering=-price")).containsExactly("ORD-DEAR", "ORD-CLOSED", "ORD-CHEAP");
		assertThat(codes(admin, "destination=ordville&ordering=title")).containsExactly("ORD-DEAR", "ORD-CLOSED", "ORD-CHEAP");
		assertThat(codes(admin, "destination=ordville")).as("default: soonest first")
			.containsExactly("ORD-DEAR", "ORD-CLOSED", "ORD-CHEAP");
		assertThat(codes(admin, "destination=ordville&status=open&ordering=-start_date")).containsExactly("ORD-CHEAP", "ORD-DEAR");
		assertThat(codes(admin, "search=ord-cl")).containsExactly("ORD-CLOSED");
		assertThat(codes(admin, "search=zebra")).containsExactly("ORD-CHEAP");
		assertThat(codes(admin, "search=100%25")).as("LIKE wildcards are literal").isEmpty();

		var badOrdering = admin.get("/api/trips/?ordering=capacity");
		assertThat(badOrdering.status()).isEqualTo(400);
		assertThat(badOrdering.json().get("errors").get(0).get("field").asString()).isEqualTo("ordering");
		assertThat(badOrdering.json().get("errors").get(0).get("message").asString()).contains("start_date", "-price");
		assertThat(admin.get("/api/trips/?status=sold").json().get("errors").findValuesAsString("field"))
			.containsExactly("status");
		assertThat(admin.get("/api/trips/?upcoming=soon").status()).isEqualTo(400);
	}

	@Test
	void tripChangesAreValidatedAndAudited() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("AUD-01", 30, 10)));
		long other = created(admin.post("/api/trips/", trip("AUD-02", 30, 10)));

		var nulls = admin.post("/api/trips/", Map.of("code", "AUD-03", "title", NULL, "destination", NULL,
				"start_date", "2031-01-01", "end_date", "2031-01-05", "price", 10, "capacity", 5));
		assertThat(fields(nulls)).containsExactly("destination", "title");
		assertThat(fields(admin.post("/api/trips/", Map.of("code", "AUD-03", "title", "T", "destination", "D",
				"start_date", "2031-01-01", "end_date", "2031-01-05", "price", -1, "capacity", 5)))).containsExactly("price");
		assertThat(fields(admin.post("/api/trips/", Map.of("code", "AUD-03")))).contains("capacity", "title");
		assertThat(admin.get("/api/trips/?search=AUD-03").json().get("count").asLong()).isZero();

		assertThat(fields(admin.patch("/api/trips/" + trip + "/", Map.of("end_date", "2000-01-01")))).containsExactly("end_date");
		assertThat(fields(admin.patch("/api/trips/" + trip + "/", Map.of("currency", "usd", "price", -5))))
			.containsExactly("currency", "price");
		assertThat(fields(admin.patch("/api/trips/" + trip + "/", Map.of("capacity", -1)))).containsExactly("capacity");
		var duplicate = admin.patch("/api/trips/" + trip + "/", Map.of("code", "aud-02"));
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.json().get("existing_trip_id").asLong()).isEqualTo(other);
		assertThat(duplicate.json().get("detail").asString()).contains(String.valueOf(other));
		assertThat(admin.get("/api/trips/" + trip + "/").json().get("code").asString()).isEqualTo("AUD-01");

		JsonNode changed = admin.patch("/api/trips/" + trip + "/", Map.of("price", "1500.50", "title", "Lisbon lights")).json();
		assertThat(changed.get("price").decimalValue()).isEqualByComparingTo("1500.50");
		assertThat(changed.get("destination").asString()).as("untouched").isEqualTo("Lisbon, Portugal");
		assertThat(admin.delete("/api/trips/" + other + "/").status()).isEqualTo(204);
		assertThat(admin.get("/api/trips/" + other + "/").status()).isEqualTo(404);
		assertThat(admin.delete("/api/trips/" + other + "/").status()).isEqualTo(404);

		assertThat(auditActions(admin, "trip", trip)).containsExactly("update", "create");
		JsonNode update = admin.get("/api/audit-log/?entity_type=trip&entity_id=" + trip).json().get("results").get(0);
		assertThat(update.get("before").get("title").asString()).isEqualTo("Trip AUD-01");
		assertThat(update.get("after").get("title").asString()).isEqualTo("Lisbon lights");
		assertThat(auditActions(admin, "trip", other)).containsExactly("delete", "create");
	}

	@Test
	void bookingsAreFilteredByLeadTripAndStatus() {
		ApiClient admin = admin();
		long tripA = created(admin.post("/api/trips/", trip("FLT-A", 30, 10)));
		long tripB = created(admin.post("/api/trips/", trip("FLT-B", 40, 10)));
		long ann = lead(admin, "Filter Ann", "+1 480 555 0601");
		long bob = lead(admin, "Filter Bob", "+1 480 555 0602");
		long annA = created(admin.post("/api/bookings/", Map.of("lead_id", ann, "trip_id", tripA, "travelers", 1)));
		long annB = created(admin.post("/api/bookings/", Map.of("lead_id", ann, "trip_id", tripB, "travelers", 2)));
		long bobA = created(admin.post("/api/bookings/", Map.of("lead_id", bob, "trip_id", tripA, "travelers", 3)));
		assertThat(admin.post("/api/bookings/" + bobA + "/confirm/", null).status()).isEqualTo(200);

		assertThat(ids(admin.get("/api/bookings/?lead=" + ann))).containsExactly(annB, annA);
		assertThat(ids(admin.get("/api/bookings/?trip=" + tripA))).containsExactly(bobA, annA);
		assertThat(ids(admin.get("/api/bookings/?trip=" + tripA + "&status=confirmed"))).containsExactly(bobA);
		assertThat(ids(admin.get("/api/bookings/?lead=" + ann + "&status=confirmed"))).isEmpty();
		assertThat(ids(admin.get("/api/trips/" + tripA + "/bookings/?status=pending"))).containsExactly(annA);
		assertThat(ids(admin.get("/api/trips/" + tripB + "/bookings/"))).containsExactly(annB);
		JsonNode paged = admin.get("/api/trips/" + tripA + "/bookings/?page_size=1").json();
		assertThat(paged.get("count").asLong()).isEqualTo(2);
		assertThat(paged.get("results")).hasSize(1);

		assertThat(admin.get("/api/bookings/?status=paid").json().get("errors").findValuesAsString("field"))
			.containsExactly("status");
		assertThat(admin.get("/api/bookings/?lead=abc").status()).isEqualTo(400);
		assertThat(admin.get("/api/trips/987654321/bookings/").status()).isEqualTo(404);
	}

	@Test
	void badBookingsAreRefusedFieldByFieldAndChangeNothing() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("BADB-01", 30, 10)));
		long lead = lead(admin, "Bad Booker", "+1 480 555 0701");

		var invalid = admin.post("/api/bookings/", Map.of("trip_id", trip, "travelers", 0, "amount", -1));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(fields(invalid)).containsExactly("amount", "lead_id", "travelers");
		assertThat(fields(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", "two"))))
			.containsExactly("travelers");
		assertThat(fields(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", 987654321, "travelers", 1))))
			.containsExactly("trip_id");
		assertThat(admin.post("/api/bookings/", Map.of("lead_id", 987654321, "trip_id", trip, "travelers", 1)).status())
			.isEqualTo(404);
		Map<String, Object> pricey = trip("BADB-02", 30, 1000);
		pricey.put("price", "9999999999.00");
		long priceyTrip = created(admin.post("/api/trips/", pricey));
		assertThat(fields(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", priceyTrip, "travelers", 2))))
			.as("the default amount would not fit").containsExactly("amount");
		Map<String, Object> draft = trip("BADB-03", 30, 10);
		draft.put("status", "draft");
		long draftTrip = created(admin.post("/api/trips/", draft));
		var notOpen = admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", draftTrip, "travelers", 1));
		assertThat(notOpen.status()).isEqualTo(409);
		assertThat(notOpen.json().get("detail").asString()).contains("draft");
		assertThat(admin.get("/api/bookings/?lead=" + lead).json().get("count").asLong()).isZero();

		long booking = created(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 2,
				"notes", "window seats")));
		assertThat(fields(admin.patch("/api/bookings/" + booking + "/", Map.of("travelers", 0)))).containsExactly("travelers");
		Map<String, Object> nullAmount = new HashMap<>();
		nullAmount.put("amount", null);
		assertThat(fields(admin.patch("/api/bookings/" + booking + "/", nullAmount))).containsExactly("amount");
		JsonNode patched = admin.patch("/api/bookings/" + booking + "/", Map.of("travelers", 3, "amount", "3000.00")).json();
		assertThat(patched.get("travelers").asInt()).isEqualTo(3);
		assertThat(patched.get("amount").decimalValue()).isEqualByComparingTo("3000.00");
		assertThat(patched.get("notes").asString()).isEqualTo("window seats");
		assertThat(admin.post("/api/bookings/" + booking + "/confirm/", null).status()).isEqualTo(200);
		var late = admin.patch("/api/bookings/" + booking + "/", Map.of("travelers", 1));
		assertThat(late.status()).isEqualTo(409);
		assertThat(late.json().get("detail").asString()).contains("confirmed");
		assertThat(admin.get("/api/bookings/" + booking + "/").json().get("travelers").asInt()).isEqualTo(3);
		assertThat(auditActions(admin, "booking", booking)).containsExactly("confirm", "update", "create");
	}

	@Test
	void twoBookingsThatTogetherExceedCapacityCannotBothBeConfirmed() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("TWO-01", 30, 5)));
		long first = created(admin.post("/api/bookings/",
				Map.of("lead_id", lead(admin, "First Fay", "+1 480 555 0801"), "trip_id", trip, "travelers", 3)));
		long secondLead = lead(admin, "Second Sam", "+1 480 555 0802");
		long second = created(admin.post("/api/bookings/", Map.of("lead_id", secondLead, "trip_id", trip, "travelers", 3)));

		assertThat(admin.post("/api/bookings/" + first + "/confirm/", null).status()).isEqualTo(200);
		var refused = admin.post("/api/bookings/" + second + "/confirm/", null);

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("type").asString()).contains("overbooked");
		assertThat(refused.json().get("seats_left").asInt()).isEqualTo(2);
		assertThat(refused.json().get("detail").asString()).contains("2 seats left", "needs 3");
		assertThat(admin.get("/api/bookings/" + second + "/").json().get("status").asString()).isEqualTo("pending");
		assertThat(admin.get("/api/trips/" + trip + "/").json().get("seats_booked").asInt()).isEqualTo(3);
		assertThat(admin.get("/api/leads/" + secondLead + "/").json().get("stage").asString()).isNotEqualTo("won");
		assertThat(events.confirmed(second)).isEmpty();

		assertThat(admin.patch("/api/bookings/" + second + "/", Map.of("travelers", 2)).status()).isEqualTo(200);
		assertThat(admin.post("/api/bookings/" + second + "/confirm/", null).status()).isEqualTo(200);
		assertThat(admin.get("/api/trips/" + trip + "/").json().get("seats_left").asInt()).isZero();
	}

	@Test
	void confirmingTwiceChangesNothingAndPublishesOnce() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("TWICE-01", 30, 10)));
		long lead = lead(admin, "Twice Tina", "+1 480 555 0803");
		long booking = created(admin.post("/api/bookings/",
				Map.of("lead_id", lead, "trip_id", trip, "travelers", 2, "amount", "999.99")));

		var first = admin.post("/api/bookings/" + booking + "/confirm/", null);
		var second = admin.post("/api/bookings/" + booking + "/confirm/", null);

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().get("confirmed_at").asString()).isEqualTo(first.json().get("confirmed_at").asString());
		assertThat(admin.get("/api/trips/" + trip + "/").json().get("seats_booked").asInt()).isEqualTo(2);
		assertThat(admin.get("/api/leads/" + lead + "/events/").json().get("results").findValuesAsString("type"))
			.filteredOn("booking_confirmed"::equals).hasSize(1);
		assertThat(auditActions(admin, "booking", booking)).containsExactly("confirm", "create");
		assertThat(auditActions(admin, "trip", trip)).containsExactly("hold_seats", "create");
		List<BookingConfirmed> published = events.confirmed(booking);
		assertThat(published).hasSize(1);
		BookingConfirmed event = published.get(0);
		assertThat(event.leadId()).isEqualTo(lead);
		assertThat(event.tripId()).isEqualTo(trip);
		assertThat(event.travelers()).isEqualTo(2);
		assertThat(event.amount()).isEqualByComparingTo("999.99");
		assertThat(event.currency()).isEqualTo("EUR");
		assertThat(event.actorId()).isEqualTo(userId(admin));
		assertThat(event.at()).as("the stored confirmation time").isEqualTo(java.time.Instant.parse(first.json()
			.get("confirmed_at").asString()));
	}

	@Test
	void cancellingAConfirmedBookingReleasesItsSeatsAndRevenue() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("CXL-01", 30, 6)));
		long lead = lead(admin, "Cancel Carl", "+1 480 555 0804");
		long confirmed = created(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 4)));
		long pending = created(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 1)));
		admin.post("/api/bookings/" + confirmed + "/confirm/", null);
		assertThat(admin.get("/api/trips/" + trip + "/").json().get("revenue").decimalValue()).isEqualByComparingTo("4800");

		JsonNode cancelled = admin.post("/api/bookings/" + confirmed + "/cancel/", null).json();
		assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
		assertThat(cancelled.get("cancelled_at").isNull()).isFalse();
		assertThat(admin.post("/api/bookings/" + pending + "/cancel/", null).status()).isEqualTo(200);
		assertThat(admin.post("/api/bookings/" + confirmed + "/cancel/", null).status()).as("again: no change").isEqualTo(200);

		JsonNode tripView = admin.get("/api/trips/" + trip + "/").json();
		assertThat(tripView.get("seats_booked").asInt()).isZero();
		assertThat(tripView.get("seats_left").asInt()).isEqualTo(6);
		assertThat(tripView.get("revenue").decimalValue()).isZero();
		assertThat(tripView.get("confirmed_bookings").asInt()).isZero();
		assertThat(auditActions(admin, "trip", trip)).containsExactly("release_seats", "hold_seats", "create");
		assertThat(events.cancelled(confirmed)).singleElement().satisfies(event -> {
			assertThat(event.wasConfirmed()).isTrue();
			assertThat(event.travelers()).isEqualTo(4);
			assertThat(event.confirmedAt()).isNotNull();
		});
		assertThat(events.cancelled(pending)).singleElement().satisfies(event -> assertThat(event.wasConfirmed()).isFalse());
		var deleteRefused = admin.delete("/api/trips/" + trip + "/");
		assertThat(deleteRefused.status()).isEqualTo(409);
		assertThat(deleteRefused.json().get("detail").asString()).contains("cancelled");
	}

	@Test
	void revenueSumsConfirmedBookingsByCurrencyWithinTheDays() {
		ApiClient admin = admin();
		Map<String, Object> body = trip("SEK-01", 30, 20);
		body.put("currency", "SEK");
		long trip = created(admin.post("/api/trips/", body));
		long lead = lead(admin, "Revenue Rut", "+1 480 555 0805");
		long a = created(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 1, "amount", "100.50")));
		long b = created(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 2, "amount", "200.25")));
		long c = created(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 1, "amount", "50")));
		created(admin.post("/api/bookings/", Map.of("lead_id", lead, "trip_id", trip, "travelers", 1, "amount", "75")));
		for (long id : List.of(a, b, c)) {
			assertThat(admin.post("/api/bookings/" + id + "/confirm/", null).status()).isEqualTo(200);
		}
		admin.post("/api/bookings/" + c + "/cancel/", null);

		String today = LocalDate.now().toString();
		JsonNode sek = revenueIn(admin.get("/api/bookings/revenue/?from=" + today + "&to=" + today).json(), "SEK");
		assertThat(sek.get("total").decimalValue()).isEqualByComparingTo("300.75");
		assertThat(sek.get("bookings").asLong()).isEqualTo(2);
		assertThat(revenueIn(admin.get("/api/bookings/revenue/").json(), "SEK").get("total").decimalValue())
			.isEqualByComparingTo("300.75");
		String later = LocalDate.now().plusDays(2).toString();
		assertThat(admin.get("/api/bookings/revenue/?from=" + later).json().findValuesAsString("currency"))
			.doesNotContain("SEK");
		assertThat(fields(admin.get("/api/bookings/revenue/?from=" + today + "&to=2000-01-01"))).containsExactly("to");
		assertThat(admin.get("/api/bookings/revenue/?from=yesterday").status()).isEqualTo(400);
		assertThat(newAgent("revenue.reader@test.local").get("/api/bookings/revenue/").status()).isEqualTo(200);
	}

	@Test
	void agentsMayNotChangeTheCatalogueOrBookOthersLeads() {
		ApiClient admin = admin();
		ApiClient agent = newAgent("catalogue.agent@test.local");
		ApiClient rival = newAgent("catalogue.rival@test.local");
		long trip = created(admin.post("/api/trips/", trip("AGT-02", 30, 10)));
		long rivalsLead = created(admin.post("/api/leads/", Map.of("name", "Rival's", "phone", "+1 480 555 0901",
				"source", "website", "assigned_to", userId(rival))));
		long booking = created(rival.post("/api/bookings/", Map.of("lead_id", rivalsLead, "trip_id", trip, "travelers", 1)));

		assertThat(agent.delete("/api/trips/" + trip + "/").status()).isEqualTo(403);
		assertThat(agent.post("/api/bookings/", Map.of("lead_id", rivalsLead, "trip_id", trip, "travelers", 1)).status())
			.isEqualTo(404);
		assertThat(agent.patch("/api/bookings/" + booking + "/", Map.of("travelers", 5)).status()).isEqualTo(404);
		assertThat(agent.post("/api/bookings/" + booking + "/cancel/", null).status()).isEqualTo(404);
		assertThat(admin.get("/api/bookings/" + booking + "/").json().get("status").asString()).isEqualTo("pending");
		assertThat(admin.get("/api/trips/" + trip + "/").status()).isEqualTo(200);
		assertThat(anonymous().get("/api/trips/").status()).isEqualTo(401);
	}

	@Test
	void agentsSeeAndChangeOnlyTheBookingsOfLeadsTheyMaySee() {
		ApiClient admin = admin();
		ApiClient owner = newAgent("seer.owner@test.local");
		ApiClient other = newAgent("seer.other@test.local");
		long trip = created(admin.post("/api/trips/", trip("SEE-01", 30, 20)));
		long ownersLead = created(admin.post("/api/leads/", Map.of("name", "Seen by owner", "phone", "+1 480 555 1001",
				"source", "website", "assigned_to", userId(owner))));
		long othersLead = created(admin.post("/api/leads/", Map.of("name", "Seen by other", "phone", "+1 480 555 1002",
				"source", "website", "assigned_to", userId(other))));
		long freeLead = lead(admin, "Seen by all", "+1 480 555 1003");
		long ownersBooking = created(owner.post("/api/bookings/", Map.of("lead_id", ownersLead, "trip_id", trip,
				"travelers", 1, "notes", "Passport expires in May")));
		long othersBooking = created(other.post("/api/bookings/", Map.of("lead_id", othersLead, "trip_id", trip,
				"travelers", 1)));
		long freeBooking = created(admin.post("/api/bookings/", Map.of("lead_id", freeLead, "trip_id", trip, "travelers", 1)));

		var hidden = other.get("/api/bookings/" + ownersBooking + "/");
		assertThat(hidden.status()).isEqualTo(404);
		assertThat(hidden.text()).doesNotContain("Passport");
		assertThat(ids(other.get("/api/bookings/?trip=" + trip))).containsExactly(freeBooking, othersBooking);
		assertThat(ids(other.get("/api/bookings/"))).contains(freeBooking, othersBooking).doesNotContain(ownersBooking);
		assertThat(other.get("/api/bookings/?lead=" + ownersLead).json().get("count").asLong()).isZero();
		assertThat(ids(other.get("/api/trips/" + trip + "/bookings/"))).containsExactly(freeBooking, othersBooking);
		assertThat(other.get("/api/trips/" + trip + "/bookings/").json().get("count").asLong()).isEqualTo(2);
		assertThat(other.patch("/api/bookings/" + ownersBooking + "/", Map.of("notes", "mine now")).status()).isEqualTo(404);
		assertThat(other.post("/api/bookings/" + ownersBooking + "/confirm/", null).status()).isEqualTo(404);
		assertThat(other.post("/api/bookings/" + ownersBooking + "/cancel/", null).status()).isEqualTo(404);
		assertThat(other.post("/api/bookings/", Map.of("lead_id", ownersLead, "trip_id", trip, "travelers", 1)).status())
			.isEqualTo(404);
		assertThat(ids(owner.get("/api/trips/" + trip + "/bookings/"))).containsExactly(freeBooking, ownersBooking);
		assertThat(ids(owner.get("/api/bookings/?lead=" + ownersLead))).containsExactly(ownersBooking);
		assertThat(owner.get("/api/bookings/" + ownersBooking + "/").json().get("notes").asString())
			.isEqualTo("Passport expires in May");
		assertThat(owner.get("/api/bookings/" + othersBooking + "/").status()).isEqualTo(404);
		assertThat(ids(admin.get("/api/trips/" + trip + "/bookings/"))).containsExactly(freeBooking, othersBooking,
				ownersBooking);
		assertThat(admin.get("/api/bookings/" + ownersBooking + "/").status()).isEqualTo(200);

		// The bookings follow their lead to its new assignee, whichever way it is assigned.
		assertThat(admin.patch("/api/leads/" + ownersLead + "/", Map.of("assigned_to", userId(other))).status())
			.isEqualTo(200);
		assertThat(admin.post("/api/leads/bulk/", Map.of("ids", List.of(freeLead), "assigned_to", userId(owner))).status())
			.isEqualTo(200);
		assertThat(ids(other.get("/api/trips/" + trip + "/bookings/"))).containsExactly(othersBooking, ownersBooking);
		assertThat(other.get("/api/bookings/" + ownersBooking + "/").status()).isEqualTo(200);
		assertThat(ids(owner.get("/api/bookings/?trip=" + trip))).containsExactly(freeBooking);
		assertThat(owner.get("/api/bookings/" + ownersBooking + "/").status()).isEqualTo(404);
		Map<String, Object> unassign = new HashMap<>();
		unassign.put("assigned_to", null);
		assertThat(admin.patch("/api/leads/" + othersLead + "/", unassign).status()).isEqualTo(200);
		assertThat(ids(owner.get("/api/trips/" + trip + "/bookings/"))).containsExactly(freeBooking, othersBooking);
	}

	@Test
	void nullForARequiredFieldIsAFieldErrorAndChangesNothing() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("NULL-01", 30, 10)));
		JsonNode before = admin.get("/api/trips/" + trip + "/").json();

		for (String field : List.of("code", "title", "destination", "start_date", "end_date", "price", "currency",
				"capacity", "status")) {
			Map<String, Object> body = new HashMap<>();
			body.put(field, null);
			var refused = admin.patch("/api/trips/" + trip + "/", body);
			assertThat(refused.status()).as(field + ": " + refused.text()).isEqualTo(400);
			assertThat(fields(refused)).as(field).containsExactly(field);
		}
		Map<String, Object> allNull = new HashMap<>();
		List.of("code", "title", "capacity", "price").forEach(field -> allNull.put(field, null));
		assertThat(fields(admin.patch("/api/trips/" + trip + "/", allNull))).containsExactly("capacity", "code", "price",
				"title");
		assertThat(admin.get("/api/trips/" + trip + "/").json()).isEqualTo(before);
		assertThat(auditActions(admin, "trip", trip)).containsExactly("create");

		Map<String, Object> describe = new HashMap<>(Map.of("description", "Old town walks"));
		assertThat(admin.patch("/api/trips/" + trip + "/", describe).status()).isEqualTo(200);
		Map<String, Object> clear = new HashMap<>();
		clear.put("description", null);
		JsonNode cleared = admin.patch("/api/trips/" + trip + "/", clear).json();
		assertThat(cleared.get("description").isNull()).as("the one optional field is cleared").isTrue();

		long booking = created(admin.post("/api/bookings/", Map.of("lead_id", lead(admin, "Null Nora", "+1 480 555 1101"),
				"trip_id", trip, "travelers", 2, "notes", "aisle")));
		for (String field : List.of("travelers", "amount")) {
			Map<String, Object> body = new HashMap<>();
			body.put(field, null);
			assertThat(fields(admin.patch("/api/bookings/" + booking + "/", body))).as(field).containsExactly(field);
		}
		Map<String, Object> noNotes = new HashMap<>();
		noNotes.put("notes", null);
		JsonNode patched = admin.patch("/api/bookings/" + booking + "/", noNotes).json();
		assertThat(patched.get("notes").isNull()).isTrue();
		assertThat(patched.get("travelers").asInt()).isEqualTo(2);
		Map<String, Object> nullIds = new HashMap<>(Map.of("travelers", 1));
		nullIds.put("lead_id", null);
		nullIds.put("trip_id", null);
		assertThat(fields(admin.post("/api/bookings/", nullIds))).containsExactly("lead_id", "trip_id");
	}

	@Test
	void aListFilterWithAnEmptyElementIsAFieldError() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("EMPTY-01", 30, 10)));

		for (String status : List.of(",", "%20,%20", "open,", ",open", "open,,closed")) {
			var refused = admin.get("/api/trips/?status=" + status);
			assertThat(refused.status()).as(status + ": " + refused.text()).isEqualTo(400);
			assertThat(fields(refused)).as(status).containsExactly("status");
			assertThat(fields(admin.get("/api/bookings/?status=" + status))).as(status).containsExactly("status");
			assertThat(fields(admin.get("/api/trips/" + trip + "/bookings/?status=" + status))).as(status)
				.containsExactly("status");
		}
		assertThat(codes(admin, "search=EMPTY-01&status=open,%20closed")).containsExactly("EMPTY-01");
		assertThat(codes(admin, "search=EMPTY-01&status=%20")).as("a blank filter is no filter").containsExactly("EMPTY-01");
		assertThat(codes(admin, "search=EMPTY-01&status=&destination=&ordering=&upcoming=")).containsExactly("EMPTY-01");
		assertThat(ids(admin.get("/api/bookings/?lead=&status=&trip=" + trip))).isEmpty();
	}

	@Test
	void deletingATripClearsItFromItsLeadsOnTheRecord() {
		ApiClient admin = admin();
		long trip = created(admin.post("/api/trips/", trip("GONE-01", 30, 10)));
		long kept = created(admin.post("/api/trips/", trip("GONE-02", 30, 10)));
		long interested = created(admin.post("/api/leads/", Map.of("name", "Interested Ida", "phone", "+1 480 555 1201",
				"source", "website", "trip_id", trip)));
		long convinced = lead(admin, "Convinced Cy", "+1 480 555 1202");
		assertThat(admin.patch("/api/leads/" + convinced + "/", Map.of("trip_id", trip)).status()).isEqualTo(200);
		long elsewhere = created(admin.post("/api/leads/", Map.of("name", "Elsewhere Eli", "phone", "+1 480 555 1203",
				"source", "website", "trip_id", kept)));

		assertThat(admin.delete("/api/trips/" + trip + "/").status()).isEqualTo(204);

		for (long lead : List.of(interested, convinced)) {
			assertThat(admin.get("/api/leads/" + lead + "/").json().get("trip_id").isNull()).isTrue();
			JsonNode audit = admin.get("/api/audit-log/?entity_type=lead&entity_id=" + lead).json().get("results").get(0);
			assertThat(audit.get("action").asString()).isEqualTo("clear_trip");
			assertThat(audit.get("before").get("trip_id").asLong()).isEqualTo(trip);
			assertThat(audit.get("after").get("trip_id").isNull()).isTrue();
			JsonNode entry = admin.get("/api/leads/" + lead + "/events/").json().get("results").get(0);
			assertThat(entry.get("type").asString()).isEqualTo("updated");
			assertThat(entry.get("payload").get("reason").asString()).isEqualTo("trip_deleted");
			assertThat(entry.get("payload").get("trip_code").asString()).isEqualTo("GONE-01");
			assertThat(events.updated(lead)).as("after the lead's own changes").hasSize(lead == interested ? 1 : 2)
				.last().satisfies(event -> assertThat(event.fields()).containsExactly("trip_id"));
		}
		assertThat(admin.get("/api/leads/" + elsewhere + "/").json().get("trip_id").asLong()).isEqualTo(kept);
		assertThat(events.updated(elsewhere)).isEmpty();
		assertThat(auditActions(admin, "trip", trip)).containsExactly("delete", "create");
	}

	@Test
	void theCatalogueTellsOtherModulesAboutTrips() {
		ApiClient admin = admin();
		long soon = created(admin.post("/api/trips/", trip("CAT-SOON", 1, 12)));
		created(admin.post("/api/trips/", trip("CAT-GONE", -10, 12)));
		Map<String, Object> draft = trip("CAT-DRAFT", 2, 12);
		draft.put("status", "draft");
		created(admin.post("/api/trips/", draft));

		TripSummary summary = catalog.find(soon).orElseThrow();
		assertThat(summary.code()).isEqualTo("CAT-SOON");
		assertThat(summary.capacity()).isEqualTo(12);
		assertThat(summary.seatsLeft()).isEqualTo(12);
		assertThat(summary.startDate()).isEqualTo(LocalDate.now().plusDays(1));
		assertThat(catalog.find(987654321)).isEmpty();
		List<String> upcoming = catalog.upcoming(500).stream().map(TripSummary::code).toList();
		assertThat(upcoming).contains("CAT-SOON").doesNotContain("CAT-GONE", "CAT-DRAFT");
		assertThat(catalog.upcoming(500)).isSortedAccordingTo(java.util.Comparator.comparing(TripSummary::startDate));
	}

	private static List<String> codes(ApiClient client, String query) {
		var response = client.get("/api/trips/?page_size=200&" + query);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.json().get("results").findValuesAsString("code");
	}

	private static List<Long> ids(ApiClient.ApiResponse response) {
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.json().get("results").valueStream().map(node -> node.get("id").asLong()).toList();
	}

	private static List<String> fields(ApiClient.ApiResponse response) {
		assertThat(response.status()).as(response.text()).isEqualTo(400);
		return response.json().get("errors").findValuesAsString("field");
	}

	private static List<String> auditActions(ApiClient client, String entityType, long id) {
		return client.get("/api/audit-log/?entity_type=" + entityType + "&entity_id=" + id).json().get("results")
			.findValuesAsString("action");
	}

	private static JsonNode revenueIn(JsonNode revenue, String currency) {
		return revenue.valueStream().filter(row -> row.get("currency").asString().equals(currency)).findFirst()
			.orElseThrow(() -> new AssertionError("no " + currency + " revenue in " + revenue));
	}

	/** The trips module's events, and the leads' updates, as committed. */
	static class PublishedEvents {

		private final List<Object> events = new CopyOnWriteArrayList<>();

		@TransactionalEventListener
		public void on(BookingConfirmed event) {
			events.add(event);
		}

		@TransactionalEventListener
		public void on(BookingCancelled event) {
			events.add(event);
		}

		@TransactionalEventListener
		public void on(LeadUpdated event) {
			events.add(event);
		}

		List<BookingConfirmed> confirmed(long bookingId) {
			return events.stream().filter(BookingConfirmed.class::isInstance).map(BookingConfirmed.class::cast)
				.filter(event -> event.bookingId() == bookingId).toList();
		}

		List<LeadUpdated> updated(long leadId) {
			return events.stream().filter(LeadUpdated.class::isInstance).map(LeadUpdated.class::cast)
				.filter(event -> event.leadId() == leadId).toList();
		}

		List<BookingCancelled> cancelled(long bookingId) {
			return events.stream().filter(BookingCancelled.class::isInstance).map(BookingCancelled.class::cast)
				.filter(event -> event.bookingId() == bookingId).toList();
		}

	}

}
