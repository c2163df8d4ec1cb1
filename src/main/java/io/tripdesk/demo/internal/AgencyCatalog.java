package io.tripdesk.demo.internal;

import java.math.BigDecimal;
import java.util.List;

/** What a mid-sized travel agency sells, who writes to it, and how they find it. */
final class AgencyCatalog {

	private AgencyCatalog() {
	}

	record TripTemplate(String code, String title, String destination, int days, BigDecimal price, int capacity,
			String description) {
	}

	record Market(String region, List<String> firstNames, List<String> lastNames, int weight) {
	}

	record Ad(String id, String headline, String body, String tripCode) {
	}

	static final List<TripTemplate> TRIPS = List.of(
			trip("BAL", "Bali Temples & Beaches", "Bali, Indonesia", 10, "2450", 24,
					"Ubud's rice terraces, temple ceremonies and three days on the beaches of Uluwatu."),
			trip("PER", "Peru & Machu Picchu", "Cusco, Peru", 8, "2890", 16,
					"Lima's food scene, the Sacred Valley and a sunrise at Machu Picchu."),
			trip("JPN", "Japan Cherry Blossom", "Kyoto, Japan", 12, "3650", 20,
					"Tokyo, Hakone and Kyoto in sakura season, with a night in a ryokan."),
			trip("ICE", "Iceland Northern Lights", "Reykjavik, Iceland", 6, "1980", 18,
					"Glacier walks, hot springs and three nights hunting the aurora."),
			trip("MAR", "Morocco Desert Nights", "Marrakech, Morocco", 7, "1290", 22,
					"Marrakech's souks, the Atlas mountains and a camp in the Sahara."),
			trip("GRE", "Greek Island Hopping", "Santorini, Greece", 9, "1850", 26,
					"Athens, Naxos, Paros and Santorini by ferry."),
			trip("KEN", "Kenya Safari", "Maasai Mara, Kenya", 8, "3950", 12,
					"Game drives in the Maasai Mara and Amboseli, under Kilimanjaro."),
			trip("VIE", "Vietnam & Ha Long Bay", "Hanoi, Vietnam", 11, "2150", 20,
					"Hanoi, a night cruise on Ha Long Bay, Hoi An and the Mekong delta."),
			trip("POR", "Porto & Douro Wine", "Porto, Portugal", 5, "990", 16,
					"Port cellars, a river cruise and quintas of the Douro valley."),
			trip("NZL", "New Zealand Road Trip", "Queenstown, New Zealand", 14, "4250", 14,
					"Campervan from Christchurch to Milford Sound and Queenstown."),
			trip("MEX", "Yucatan Cenotes", "Tulum, Mexico", 7, "1590", 20,
					"Chichen Itza, swimming in cenotes and the beaches of Tulum."),
			trip("NOR", "Norwegian Fjords", "Bergen, Norway", 6, "2290", 18,
					"Bergen, the Flam railway and a cruise on the Naeroyfjord."));

	static final List<Market> MARKETS = List.of(
			new Market("US", List.of("Emily", "James", "Olivia", "Michael", "Ava", "Daniel", "Grace", "Ethan"),
					List.of("Johnson", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore"), 18),
			new Market("GB", List.of("Oliver", "Amelia", "Harry", "Isla", "George", "Poppy"),
					List.of("Smith", "Jones", "Evans", "Hughes", "Wright", "Walker"), 10),
			new Market("ES", List.of("Lucia", "Hugo", "Martina", "Pablo", "Carmen", "Javier"),
					List.of("Garcia", "Fernandez", "Lopez", "Martinez", "Sanchez", "Romero"), 14),
			new Market("BR", List.of("Ana", "Joao", "Beatriz", "Pedro", "Larissa", "Rafael"),
					List.of("Souza", "Silva", "Oliveira", "Santos", "Pereira", "Costa"), 14),
			new Market("MX", List.of("Sofia", "Diego", "Valentina", "Santiago", "Camila", "Emiliano"),
					List.of("Hernandez", "Gonzalez", "Ramirez", "Flores", "Torres", "Vargas"), 10),
			new Market("DE", List.of("Lena", "Lukas", "Mia", "Felix", "Hannah", "Jonas"),
					List.of("Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner"), 8),
			new Market("FR", List.of("Chloe", "Louis", "Camille", "Arthur", "Manon", "Jules"),
					List.of("Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Simon"), 7),
			new Market("IT", List.of("Giulia", "Marco", "Chiara", "Luca", "Sara", "Matteo"),
					List.of("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"), 7),
			new Market("AR", List.of("Martina", "Joaquin", "Catalina", "Tomas", "Delfina", "Bautista"),
					List.of("Gomez", "Diaz", "Alvarez", "Perez", "Acosta", "Benitez"), 5),
			new Market("PT", List.of("Ines", "Tiago", "Mariana", "Goncalo", "Leonor", "Duarte"),
					List.of("Ferreira", "Rodrigues", "Almeida", "Carvalho", "Ribeiro", "Pinto"), 4),
			new Market("NL", List.of("Emma", "Daan", "Julia", "Sem", "Tess", "Bram"),
					List.of("de Jong", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser"), 3));

	static final List<String> AGENTS = List.of("Sofia Martins", "Liam Carter", "Aiko Tanaka", "Mateo Ruiz",
			"Chloe Dubois", "Noah Becker", "Priya Shah", "Lucas Moreau");

	static final List<Ad> ADS = List.of(
			new Ad("120200000000010001", "Peru in 8 days", "Machu Picchu at sunrise. Ask us for dates!", "PER"),
			new Ad("120200000000010002", "Bali for two", "Temples, rice terraces and beaches. Chat with us.", "BAL"),
			new Ad("120200000000010003", "Safari of a lifetime", "The Maasai Mara with expert guides.", "KEN"),
			new Ad("120200000000010004", "Northern lights", "Six nights in Iceland, aurora guaranteed or rebook.", "ICE"),
			new Ad("120200000000010005", "Greek islands summer", "Four islands, one trip. Ask for prices.", "GRE"));

	/** Lead sources and how often leads come from each: WhatsApp and its ads lead. */
	static final List<String> SOURCES = List.of("whatsapp", "whatsapp_ad", "instagram", "website", "facebook",
			"referral", "google_ads", "phone", "email", "walk_in");

	static final int[] SOURCE_WEIGHTS = { 34, 20, 12, 12, 6, 6, 4, 3, 2, 1 };

	/** The open pipeline, in order; each lead walks it as far as it gets, then may be won or lost. */
	static final List<String> PIPELINE = List.of("new", "contacted", "qualified", "proposal_sent", "negotiation");

	static final List<String> LOST_REASONS = List.of("Too expensive", "Chose another agency", "Dates did not work",
			"Stopped answering", "Trip postponed to next year", "Travelling on their own");

	static final List<String> TAGS = List.of("honeymoon", "family", "group", "vip", "repeat customer", "solo",
			"anniversary", "adventure");

	static final List<String> NOTES = List.of("Prefers a window seat and a late check-out.",
			"Travelling with two kids (7 and 10).", "Asked for vegetarian meals.",
			"Wants to combine the trip with a few beach days.", "Budget is flexible for the right hotel.",
			"Celebrating a 10th anniversary.", "Needs travel insurance options.");

	private static TripTemplate trip(String code, String title, String destination, int days, String price,
			int capacity, String description) {
		return new TripTemplate(code, title, destination, days, new BigDecimal(price), capacity, description);
	}

}
