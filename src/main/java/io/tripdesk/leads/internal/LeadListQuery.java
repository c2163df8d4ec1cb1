package io.tripdesk.leads.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.database.Like;
import io.tripdesk.shared.web.FieldMessage;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.ProblemException;
import org.jspecify.annotations.Nullable;

/**
 * The lead list's filters, parsed and checked, turned into SQL with bound parameters only. Every value
 * the client sends is a parameter; only whitelisted column names reach the SQL text.
 */
final class LeadListQuery {

	/**
	 * Counting rows stops here (the tallies count the common filters at any size): past it the list says
	 * "more than" rather than scan every matching row.
	 */
	static final int COUNT_LIMIT = 10_000;

	/**
	 * A search stops counting sooner: it is for finding someone, and past a couple of thousand matches the
	 * list says "more than" and the agent types more. Counting a common name's 23,000 matches to 10,001
	 * was two thirds of its request. It counts as far as {@link #SORT_MATCHES_BELOW} needs.
	 */
	static final int SEARCH_COUNT_LIMIT = 2_000;

	/**
	 * A search matching at most this many leads is read from lead_search's trigram indexes and then sorted;
	 * one matching more walks the ordering's index instead, matching each lead row as it comes, where
	 * matches are dense enough to fill a page soon. PostgreSQL cannot tell the two apart from its
	 * statistics (a rare phone fragment looked like thousands of rows and took seconds), so the count decides.
	 * At a million leads the two cost the same near here: sorting reads each match's row (9 µs), the walk
	 * reads a million / matches rows (1.5 µs each) for every one it keeps.
	 */
	static final int SORT_MATCHES_BELOW = SEARCH_COUNT_LIMIT;

	/** The filters other than the search, which each query adds in the form it reads best. */
	private final List<String> conditions = new ArrayList<>();

	/** The same filters over lead_tally's columns, while every filter is one it counts. */
	private final List<String> tallyConditions = new ArrayList<>();

	private boolean tallied = true;

	/** The creation range, while it is the only filter: then lead_created_tally counts the list. */
	private @Nullable Instant createdFrom;

	private @Nullable Instant createdUntil;

	private boolean onlyCreated = true;

	private final Map<String, Object> params = new HashMap<>();

	/** The filters lead_search can check as well as lead: on the assignee. */
	private final Set<String> onSearchTable = new HashSet<>();

	private final LeadOrdering.Direction order;

	private @Nullable LeadCursor cursor;

	/** The search's condition over lead_search's columns (V29); null without a search. */
	private @Nullable String searchMatch;

	/**
	 * The same search over the lead row, through the functions that fill lead_search: walking an ordering's
	 * index, a look at the row in hand costs less than a lookup in lead_search for each. The patterns are
	 * subqueries so that PostgreSQL plans without them: from its statistics it took some common names
	 * ("maria", 6,700 leads) for rare ones, and read the whole table and sorted it instead of walking.
	 */
	private @Nullable String searchMatchOnRow;

	private LeadListQuery(LeadOrdering.Direction order) {
		this.order = order;
	}

	record Filters(@Nullable String stage, @Nullable String source, @Nullable Boolean isWhatsapp,
			@Nullable String assignedTo, @Nullable String createdAfter, @Nullable String createdBefore,
			@Nullable String search, @Nullable String tags, @Nullable String ordering, @Nullable String cursor) {
	}

	static LeadListQuery of(Filters filters, CurrentUser viewer, List<Stage> stages, ZoneId zone) {
		List<FieldMessage> errors = new ArrayList<>();
		String ordering = filters.ordering() == null || filters.ordering().isBlank() ? "-created_at"
				: filters.ordering().trim();
		var direction = LeadOrdering.Direction.parse(ordering);
		if (direction.isEmpty()) {
			errors.add(new FieldMessage("ordering", "must be one of " + LeadOrdering.allValues()));
		}
		LeadListQuery query = new LeadListQuery(
				direction.orElse(new LeadOrdering.Direction(LeadOrdering.CREATED_AT, true)));
		if (filters.cursor() != null && !filters.cursor().isBlank()) {
			query.cursor(filters.cursor().trim(), errors);
		}
		if (!viewer.isAdmin()) {
			query.whereAssignee("(assigned_to = :viewer OR assigned_to IS NULL)", "viewer", viewer.id());
		}
		List<String> stageKeys = list(filters.stage());
		List<String> knownStages = stages.stream().map(Stage::key).toList();
		if (!stageKeys.isEmpty()) {
			stageKeys.stream().filter(key -> !knownStages.contains(key)).findFirst()
				.ifPresent(key -> errors.add(new FieldMessage("stage", "'" + key + "' is not a stage; stages are "
						+ String.join(", ", knownStages))));
			query.whereCounted("stage IN (:stages)", "stages", stageKeys);
		}
		List<String> sources = list(filters.source());
		if (!sources.isEmpty()) {
			sources.stream().filter(key -> LeadSource.fromKey(key).isEmpty()).findFirst()
				.ifPresent(key -> errors.add(new FieldMessage("source", "'" + key + "' is not a lead source")));
			query.whereCounted("source IN (:sources)", "sources", sources);
		}
		if (filters.isWhatsapp() != null) {
			query.filter(filters.isWhatsapp() ? "(wa_id IS NOT NULL OR wa_user_id IS NOT NULL)"
					: "(wa_id IS NULL AND wa_user_id IS NULL)", filters.isWhatsapp() ? "whatsapp" : "NOT whatsapp");
		}
		if (filters.assignedTo() != null && !filters.assignedTo().isBlank()) {
			String assignee = filters.assignedTo().trim();
			if (assignee.equals("none")) {
				query.whereAssignee("assigned_to IS NULL", null, null);
			}
			else if (assignee.equals("me") && !viewer.isSystem()) {
				query.whereAssignee("assigned_to = :assignee", "assignee", viewer.id());
			}
			else if (assignee.matches("\\d{1,18}")) {
				query.whereAssignee("assigned_to = :assignee", "assignee", Long.parseLong(assignee));
			}
			else {
				errors.add(new FieldMessage("assigned_to", "must be a user id, 'me' or 'none'"));
			}
		}
		Instant after = boundary("created_after", filters.createdAfter(), zone, false, errors);
		if (after != null) {
			query.whereCreated("created_at >= :createdAfter", "createdAfter", after);
			query.createdFrom = after;
		}
		Instant before = boundary("created_before", filters.createdBefore(), zone, true, errors);
		if (before != null) {
			query.whereCreated("created_at < :createdBefore", "createdBefore", before);
			query.createdUntil = before;
		}
		if (filters.search() != null && !filters.search().isBlank()) {
			query.search(filters.search().trim(), errors);
		}
		List<String> tags = list(filters.tags());
		if (!tags.isEmpty()) {
			query.where("tags @> CAST(ARRAY[:tags] AS text[])", "tags", tags);
		}
		if (!errors.isEmpty()) {
			throw ProblemException.invalid(errors);
		}
		return query;
	}

	/**
	 * One row more than the page, to know whether another follows. From a cursor the page starts at its
	 * row (keyset: as fast on page 40,000 as on page 1); otherwise at the page number's offset.
	 */
	String selectSql(String columns, PageQuery page, long matching) {
		params.put("limit", page.pageSize() + 1);
		String from = "lead";
		String where = whereClause();
		if (searchMatch != null && matching < SORT_MATCHES_BELOW) {
			from = "(WITH matching AS MATERIALIZED (SELECT " + columns + " FROM lead WHERE " + where
					+ ") SELECT * FROM matching) AS lead";
			where = "TRUE";
		}
		else if (searchMatch != null) {
			where = whereClause(searchMatchOnRow);
		}
		if (cursor != null) {
			return "SELECT " + columns + " FROM " + from + " WHERE " + where + " AND " + order.after(cursor.backwards())
					+ " ORDER BY " + order.orderBy(cursor.backwards()) + " LIMIT :limit";
		}
		params.put("offset", page.offset());
		return "SELECT " + columns + " FROM " + from + " WHERE " + where + " ORDER BY " + order.orderBy(false)
				+ " LIMIT :limit OFFSET :offset";
	}

	/**
	 * Counts the matching leads: exactly from lead_tally when it counts every filter given, or from
	 * lead_created_tally when the creation date is the only filter; otherwise the matching rows up to one
	 * past {@link #countLimit}, that one saying there are more.
	 */
	String countSql() {
		if (countsByCreationDay()) {
			return createdCountSql();
		}
		if (tallied) {
			return "SELECT coalesce(sum(leads), 0) FROM (SELECT * FROM lead_tally UNION ALL SELECT * FROM "
					+ "lead_tally_change) AS tally WHERE " + (tallyConditions.isEmpty() ? "TRUE"
							: String.join(" AND ", tallyConditions));
		}
		if (searchMatch != null && onSearchTable.containsAll(conditions)) {
			return "SELECT count(*) FROM (SELECT 1 FROM lead_search WHERE " + whereClause(searchMatch) + " LIMIT "
					+ (countLimit() + 1) + ") AS matching";
		}
		return "SELECT count(*) FROM (SELECT 1 FROM lead WHERE " + whereClause() + " LIMIT " + (countLimit() + 1)
				+ ") AS matching";
	}

	/** Where {@link #countSql} stops counting, unless it {@link #countsExactly}. */
	int countLimit() {
		return searchMatch != null ? SEARCH_COUNT_LIMIT : COUNT_LIMIT;
	}

	/** Whether {@link #countSql} counts exactly at any size. */
	boolean countsExactly() {
		return tallied || countsByCreationDay();
	}

	private boolean countsByCreationDay() {
		return onlyCreated && (createdFrom != null || createdUntil != null);
	}

	/**
	 * The UTC days wholly inside the creation range from the tally, and the rows of the partial days at its
	 * edges; a range without a whole UTC day inside is counted from the rows alone.
	 */
	private String createdCountSql() {
		@Nullable LocalDate firstFullDay = createdFrom == null ? null : ceilingDay(createdFrom);
		@Nullable LocalDate endOfFullDays = createdUntil == null ? null : createdUntil.atZone(ZoneOffset.UTC).toLocalDate();
		if (firstFullDay != null && endOfFullDays != null && !firstFullDay.isBefore(endOfFullDays)) {
			return "SELECT count(*) FROM lead WHERE " + whereClause();
		}
		List<String> days = new ArrayList<>();
		List<String> edges = new ArrayList<>();
		if (firstFullDay != null) {
			days.add("day >= :firstFullDay");
			params.put("firstFullDay", firstFullDay);
			params.put("firstFullDayStart", Timestamp.from(firstFullDay.atStartOfDay(ZoneOffset.UTC).toInstant()));
			edges.add(" + (SELECT count(*) FROM lead WHERE created_at >= :createdAfter AND created_at < :firstFullDayStart)");
		}
		if (endOfFullDays != null) {
			days.add("day < :endOfFullDays");
			params.put("endOfFullDays", endOfFullDays);
			params.put("endOfFullDaysStart", Timestamp.from(endOfFullDays.atStartOfDay(ZoneOffset.UTC).toInstant()));
			edges.add(" + (SELECT count(*) FROM lead WHERE created_at >= :endOfFullDaysStart AND created_at < :createdBefore)");
		}
		return "SELECT (SELECT coalesce(sum(leads), 0) FROM (SELECT * FROM lead_created_tally UNION ALL SELECT * FROM "
				+ "lead_created_tally_change) AS tally WHERE " + String.join(" AND ", days) + ")" + String.join("", edges);
	}

	private static LocalDate ceilingDay(Instant instant) {
		LocalDate day = instant.atZone(ZoneOffset.UTC).toLocalDate();
		return day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(instant) ? day : day.plusDays(1);
	}

	/** Whether the rows were read backwards from a cursor (the caller puts them back in order). */
	boolean backwards() {
		return cursor != null && cursor.backwards();
	}

	boolean fromCursor() {
		return cursor != null;
	}

	/** The cursor of the page after {@code lead}, or before it when {@code backwards}. */
	String cursorAt(Lead lead, boolean backwards) {
		return new LeadCursor(order.value(), backwards, order.keyOf(lead), lead.id()).encode();
	}

	Map<String, Object> params() {
		return params;
	}

	/** The filters, the search among them as lead_search's ids. */
	private String whereClause() {
		return whereClause(searchMatch == null ? null : "id IN (SELECT lead_id FROM lead_search WHERE " + searchMatch + ")");
	}

	/** The filters and the search in the form a query reads best (null without a search). */
	private String whereClause(@Nullable String search) {
		List<String> all = new ArrayList<>(conditions);
		if (search != null) {
			all.add(search);
		}
		return all.isEmpty() ? "TRUE" : String.join(" AND ", all);
	}

	private void where(String condition, String name, @Nullable Object value) {
		filter(condition, null);
		params.put(name, value);
	}

	/** A bound of the creation range, which lead_created_tally counts when it is the only filter. */
	private void whereCreated(String condition, String name, Instant bound) {
		conditions.add(condition);
		tallied = false;
		params.put(name, Timestamp.from(bound));
	}

	/**
	 * A filter on the assignee: lead_tally counts by it, and lead_search (V29) has the column too, so a
	 * search's count can check it there (an agent sees their own leads and the unassigned ones).
	 */
	private void whereAssignee(String condition, @Nullable String name, @Nullable Object value) {
		filter(condition, condition);
		if (name != null) {
			params.put(name, value);
		}
		onSearchTable.add(condition);
	}

	/** A filter lead_tally counts by, with the same condition on both: these columns are in both tables. */
	private void whereCounted(String condition, String name, @Nullable Object value) {
		filter(condition, condition);
		params.put(name, value);
	}

	/** {@code tallyCondition}: the same filter over lead_tally's columns; null when the tally cannot count it. */
	private void filter(String condition, @Nullable String tallyCondition) {
		conditions.add(condition);
		onlyCreated = false;
		if (tallyCondition == null) {
			tallied = false;
		}
		else {
			tallyConditions.add(tallyCondition);
		}
	}

	private void cursor(String text, List<FieldMessage> errors) {
		LeadCursor decoded = LeadCursor.decode(text).filter(c -> c.ordering().equals(order.value())).orElse(null);
		Object key = null;
		if (decoded != null) {
			try {
				key = order.parseKey(decoded.key());
			}
			catch (RuntimeException ex) {
				decoded = null;
			}
		}
		if (decoded == null) {
			errors.add(new FieldMessage("cursor", "is not a cursor of this list and ordering; follow the next and "
					+ "previous links as they are"));
			return;
		}
		cursor = decoded;
		params.put("cursorKey", key);
		params.put("cursorId", decoded.id());
	}

	/**
	 * Substring match on name and email, and on the phone's digits when the search has enough of them, read
	 * from lead_search (V29). Control characters are refused: one separates the name from the email there.
	 */
	private void search(String text, List<FieldMessage> errors) {
		if (text.length() > 100) {
			errors.add(new FieldMessage("search", "must be at most 100 characters"));
			return;
		}
		if (text.chars().anyMatch(Character::isISOControl)) {
			errors.add(new FieldMessage("search", "must not contain control characters"));
			return;
		}
		String digits = text.replaceAll("\\D", "");
		params.put("search", Like.containing(text));
		String match = "name_and_email LIKE lower(:search)";
		String matchOnRow = "lead_search_name_and_email(name, email) LIKE (SELECT lower(:search))";
		if (digits.length() >= 3 && digits.length() * 2 >= text.replaceAll("[\\s()+.-]", "").length()) {
			params.put("searchDigits", "%" + digits + "%");
			match = "(" + match + " OR phone_digits LIKE :searchDigits)";
			matchOnRow = "(" + matchOnRow
					+ " OR lead_search_phone_digits(phone_e164) LIKE (SELECT CAST(:searchDigits AS text)))";
		}
		// Kept apart from the other conditions (whereClause puts it in), and counted by neither tally.
		searchMatch = match;
		searchMatchOnRow = matchOnRow;
		onlyCreated = false;
		tallied = false;
	}

	private static List<String> list(@Nullable String commaSeparated) {
		if (commaSeparated == null || commaSeparated.isBlank()) {
			return List.of();
		}
		return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct()
			.toList();
	}

	/**
	 * A date ({@code 2026-07-01}) is a whole day in the agency's time zone: {@code created_after} from its
	 * start, {@code created_before} up to its end. A date-time is taken as it is.
	 */
	private static @Nullable Instant boundary(String field, @Nullable String value, ZoneId zone, boolean endOfDay,
			List<FieldMessage> errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		try {
			if (text.length() == 10) {
				LocalDate date = LocalDate.parse(text);
				return (endOfDay ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
			}
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldMessage(field, "must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset"));
			return null;
		}
	}

}
