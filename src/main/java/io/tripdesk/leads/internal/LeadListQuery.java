package io.tripdesk.leads.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.FieldMessage;
import io.tripdesk.shared.web.PageQuery;
import io.tripdesk.shared.web.ProblemException;
import io.tripdesk.shared.web.TimeBoundary;
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
	 * list says "more than" and the agent types more.
	 */
	static final int SEARCH_COUNT_LIMIT = 2_000;

	/**
	 * A search with other filters, or in another order than by creation, checks its matches' lead rows.
	 * One matching fewer leads than this reads their rows and sorts them; one matching more walks
	 * the ordering's index instead, matching each lead row as it comes, where matches are dense enough to
	 * fill a page soon. PostgreSQL cannot tell the two apart from its statistics, so the count decides. At
	 * a million leads the two cost the same near here: sorting reads each match's row (5 µs), the walk
	 * reads a million / matches rows (3 µs each) for every one it keeps.
	 */
	static final int SORT_MATCHES_BELOW = SEARCH_COUNT_LIMIT;

	/**
	 * A search alone, in creation order (the list's default), is counted and paged from lead_search_term's
	 * index alone (V33) while it has at most {@link #SEARCH_COUNT_LIMIT} entries. One with more first walks
	 * the creation index for up to this many rows (4 ms): a page of a common name ("garcia", 2.4% of the
	 * leads) is found within 1,200. A search too rare for that is paged from the index while it has at most
	 * {@link #TERM_ENTRIES_SORTED} entries (10,000 sort in 4 ms); one with more, whose matches are few among
	 * the newest leads, walks on.
	 */
	static final int WALK_BUDGET = 2_500;

	/**
	 * A common one-word search whose word begins at most this many different terms ("garcia": one) is paged
	 * by merging the newest entries of each, read from its end of the index, before any walk.
	 */
	static final int TERMS_MERGED = 20;

	/** The most entries of a search alone sorted from the index when its walk found no page; see {@link #WALK_BUDGET}. */
	static final int TERM_ENTRIES_SORTED = COUNT_LIMIT;

	/** The highest code point: a word followed by it sorts after every term that begins with the word. */
	private static final String AFTER_EVERY_SUFFIX = Character.toString(Character.MAX_CODE_POINT);

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

	private final LeadOrdering.Direction order;

	private @Nullable LeadCursor cursor;

	/**
	 * The search's matches as lead_search_term entries (lead_id, created_at): for one word, every entry
	 * beginning with it, a lead twice where two of its terms do; for more, the leads every word finds.
	 * Null without a search.
	 */
	private @Nullable String searchEntries;

	/**
	 * The same search over the lead row, by regular expressions that find exactly what the terms do:
	 * walking an ordering's index, a look at the row in hand costs less than a lookup for each. The patterns
	 * are subqueries so that PostgreSQL plans without them: from its statistics it took some common names
	 * for rare ones, and read the whole table and sorted it instead of walking.
	 */
	private @Nullable String searchMatchOnRow;

	/** Whether the search is one word of letters: one range of lead_search_term, whose terms can be merged. */
	private boolean oneWordOfLetters;

	private LeadListQuery(LeadOrdering.Direction order) {
		this.order = order;
	}

	record Filters(@Nullable String stage, @Nullable String source, @Nullable Boolean isWhatsapp,
			@Nullable String assignedTo, @Nullable String createdAfter, @Nullable String createdBefore,
			@Nullable String search, @Nullable String tags, @Nullable String ordering, @Nullable String cursor) {
	}

	/** {@code wordsOf}: the search box's words, split as PostgreSQL splits a lead's name and email. */
	static LeadListQuery of(Filters filters, CurrentUser viewer, List<Stage> stages, ZoneId zone,
			Function<String, List<String>> wordsOf) {
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
		Instant after = TimeBoundary.parse("created_after", filters.createdAfter(), zone, false, errors);
		if (after != null) {
			query.whereCreated("created_at >= :createdAfter", "createdAfter", after);
			query.createdFrom = after;
		}
		Instant before = TimeBoundary.parse("created_before", filters.createdBefore(), zone, true, errors);
		if (before != null) {
			query.whereCreated("created_at < :createdBefore", "createdBefore", before);
			query.createdUntil = before;
		}
		if (filters.search() != null && !filters.search().isBlank()) {
			query.search(filters.search().trim(), errors, wordsOf);
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
	 * row (keyset: as fast on page 40,000 as on page 1); otherwise at the page number's offset. A search
	 * matching fewer than {@link #SORT_MATCHES_BELOW} leads ({@code matching}) sorts its matches' rows,
	 * one matching more walks the ordering's index.
	 */
	String selectSql(String columns, PageQuery page, long matching) {
		String from = "lead";
		String where = whereClause();
		if (searchEntries != null && matching < SORT_MATCHES_BELOW) {
			// The matches' ids come from matchesSql; the filters and the search are checked again on the rows,
			// which may have changed since.
			from = "(WITH matching AS MATERIALIZED (SELECT " + columns + " FROM lead WHERE id = ANY(CAST(:matchingIds AS "
					+ "bigint[])) AND " + whereClause(searchMatchOnRow) + ") SELECT * FROM matching) AS lead";
			where = "TRUE";
		}
		else if (searchEntries != null) {
			where = whereClause(searchMatchOnRow);
		}
		return "SELECT " + columns + " FROM " + from + " WHERE " + where + " AND " + afterCursor() + " "
				+ pageOrderAndLimit(page);
	}

	/**
	 * Counts the matching leads: exactly from lead_tally when it counts every filter given, or from
	 * lead_created_tally when the creation date is the only filter; otherwise the matching rows up to one
	 * past {@link #COUNT_LIMIT}, that one saying there are more. Not for a search: see {@link #matchesSql}.
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
		return "SELECT count(*) FROM (SELECT 1 FROM lead WHERE " + whereClause() + " LIMIT " + (COUNT_LIMIT + 1)
				+ ") AS matching";
	}

	/** Whether the list is searched: then {@link #matchesSql} counts it instead of {@link #countSql}. */
	boolean searches() {
		return searchEntries != null;
	}

	/**
	 * Whether the search is the only filter and the list is in creation order: then {@link #termCountSql}
	 * counts it in lead_search_term's index and {@link #termPageSql} finds its page there.
	 */
	boolean searchesTermsAlone() {
		return searchEntries != null && conditions.isEmpty() && order.ordering() == LeadOrdering.CREATED_AT;
	}

	/**
	 * How many of the search's entries there are, up to {@code limit}, and how many leads they are. A lead
	 * can be two entries of one search ("mar": "maria" and "martinez"), so entries past the limit do not
	 * tell by themselves that the leads are more than {@link #SEARCH_COUNT_LIMIT}.
	 */
	String termCountSql(long limit) {
		params.put("entriesCounted", limit);
		return "SELECT count(*) AS entries, count(DISTINCT lead_id) AS leads FROM (" + searchEntries
				+ " LIMIT :entriesCounted) AS entry";
	}

	/**
	 * The page of a search alone (one row past it), walked down the creation index matching each row: within
	 * {@link #WALK_BUDGET} rows when {@code budgeted}, where a page that is not full says nothing.
	 */
	String termWalkSql(String columns, PageQuery page, boolean budgeted) {
		String rows = "SELECT * FROM lead WHERE " + afterCursor() + " ORDER BY " + order.orderBy(backwards());
		if (budgeted) {
			params.put("walkBudget", WALK_BUDGET);
			rows += " LIMIT :walkBudget";
		}
		return "SELECT " + columns + " FROM (" + rows + ") AS lead WHERE " + searchMatchOnRow + " "
				+ pageOrderAndLimit(page);
	}

	/** Whether {@link #termMergeSql} may find the page. */
	boolean mergesTerms() {
		return oneWordOfLetters;
	}

	/**
	 * The ids of the page's leads (one past the page, in its order) from the newest entries of each term the
	 * word begins, when those are at most {@link #TERMS_MERGED}; else null. The terms are found one index
	 * descent each.
	 */
	String termMergeSql(PageQuery page) {
		params.put("termsMerged", TERMS_MERGED);
		params.put("perTerm", (cursor == null ? page.offset() : 0) + page.pageSize() + 1);
		return """
				WITH RECURSIVE term_in_range (term, n) AS (
				    SELECT min(term), 1 FROM lead_search_term WHERE term >= :searchWord0 AND term < :searchWord0End
				    UNION ALL
				    SELECT (SELECT min(term) FROM lead_search_term WHERE term > found.term AND term < :searchWord0End), n + 1
				      FROM term_in_range AS found WHERE found.term IS NOT NULL AND n <= :termsMerged)
				SELECT CASE WHEN (SELECT count(term) FROM term_in_range) <= :termsMerged THEN ARRAY(
				    SELECT id FROM (SELECT DISTINCT entry.id, entry.created_at FROM term_in_range AS found, LATERAL (
				        SELECT id, created_at FROM (SELECT lead_id AS id, created_at FROM lead_search_term WHERE term = found.term) AS lead
				         WHERE %1$s ORDER BY %2$s LIMIT :perTerm) AS entry) AS lead
				     WHERE %1$s %3$s) END""".formatted(afterCursor(), order.orderBy(backwards()), pageOrderAndLimit(page));
	}

	/** The ids of the page's leads among the search's entries, one past the page, in the page's order. */
	String termPageSql(PageQuery page) {
		return "SELECT ARRAY(SELECT id FROM (SELECT DISTINCT lead_id AS id, created_at FROM (" + searchEntries
				+ ") AS entry) AS lead WHERE " + afterCursor() + " " + pageOrderAndLimit(page) + ")";
	}

	/** The rows after the cursor's row in the order they are read (before it reading backwards); all without one. */
	private String afterCursor() {
		return cursor == null ? "TRUE" : order.after(cursor.backwards());
	}

	/**
	 * The page's ORDER BY and LIMIT, one row past the page to know whether another follows; from the page
	 * number's OFFSET unless the page starts at a cursor.
	 */
	private String pageOrderAndLimit(PageQuery page) {
		params.put("limit", page.pageSize() + 1);
		String sql = "ORDER BY " + order.orderBy(backwards()) + " LIMIT :limit";
		if (cursor == null) {
			params.put("offset", page.offset());
			sql += " OFFSET :offset";
		}
		return sql;
	}

	/**
	 * The leads of a page {@link #termPageSql} found, in the page's order, the search checked again on
	 * each row (which may have changed since).
	 */
	String pageOfSql(String columns, Long[] ids) {
		params.put("pageIds", ids);
		return "SELECT " + columns + " FROM lead WHERE id = ANY(CAST(:pageIds AS bigint[])) AND " + searchMatchOnRow
				+ " ORDER BY " + order.orderBy(backwards());
	}

	/**
	 * A search's matching leads, as an array of up to one past {@link #SEARCH_COUNT_LIMIT} ids: their number
	 * is the count, and a search matching fewer than {@link #SORT_MATCHES_BELOW} reads its page from them
	 * ({@link #matched}). Reading them again for the page cost as much as the count.
	 */
	String matchesSql() {
		return "SELECT coalesce(array_agg(id), '{}') FROM (SELECT id FROM lead WHERE " + whereClause() + " LIMIT "
				+ (SEARCH_COUNT_LIMIT + 1) + ") AS matching";
	}

	/** The ids {@link #matchesSql} found, for the page of a search that matches few leads. */
	void matched(Long[] ids) {
		params.put("matchingIds", ids);
	}

	/** Where {@link #countSql}, {@link #matchesSql} or {@link #termCountSql} stops counting, unless it {@link #countsExactly}. */
	int countLimit() {
		return searches() ? SEARCH_COUNT_LIMIT : COUNT_LIMIT;
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

	/** The filters, the search among them as lead_search_term's ids. */
	private String whereClause() {
		return whereClause(searchEntries == null ? null : "id IN (SELECT lead_id FROM (" + searchEntries + ") AS matching)");
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

	/** A filter on the assignee, which lead_tally counts by (an agent sees their own leads and the unassigned ones). */
	private void whereAssignee(String condition, @Nullable String name, @Nullable Object value) {
		filter(condition, condition);
		if (name != null) {
			params.put(name, value);
		}
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
	 * Every word of the search must begin a word of the lead's name or email, or be where its phone's digits
	 * begin (with or without a country code of up to three digits) or end; a search that is mostly digits
	 * ("+39 347 765 4321") is one number. Control characters are refused: nobody types them.
	 */
	private void search(String text, List<FieldMessage> errors, Function<String, List<String>> wordsOf) {
		if (text.length() > 100) {
			errors.add(new FieldMessage("search", "must be at most 100 characters"));
			return;
		}
		if (text.chars().anyMatch(Character::isISOControl)) {
			errors.add(new FieldMessage("search", "must not contain control characters"));
			return;
		}
		String digits = text.replaceAll("\\D", "");
		boolean number = digits.length() >= 3 && digits.length() * 2 >= text.replaceAll("[\\s()+.-]", "").length();
		List<String> words = number ? List.of(digits) : wordsOf.apply(text);
		List<String> entries = new ArrayList<>();
		List<String> onRow = new ArrayList<>();
		for (int i = 0; i < words.size(); i++) {
			// Terms keep 40 characters of a word.
			String word = words.get(i).length() > 40 ? words.get(i).substring(0, 40) : words.get(i);
			boolean ofDigits = digitsOnly(word);
			String range = termRange(word, "searchWord" + i);
			// A word is a run of letters or of digits only, so it is a regular expression as it is.
			params.put("searchWordPattern" + i, (ofDigits ? "(^|[^[:digit:]])" : "(^|[^[:alpha:]])") + word);
			String match = "lower(name || ' ' || coalesce(email, '')) ~ (SELECT CAST(:searchWordPattern" + i + " AS text))";
			if (ofDigits) {
				range += " UNION ALL " + termRange("~" + new StringBuilder(word).reverse(), "searchNumberEnd" + i);
				params.put("searchNumberPattern" + i, "^[0-9]{0,3}" + word + "|" + word + "$");
				match = "(" + match + " OR regexp_replace(coalesce(phone_e164, ''), '\\D', '', 'g') ~ (SELECT CAST(:searchNumberPattern"
						+ i + " AS text)))";
			}
			entries.add(range);
			onRow.add(match);
		}
		oneWordOfLetters = words.size() == 1 && !digitsOnly(words.get(0));
		if (words.isEmpty()) {
			entries.add("SELECT lead_id, created_at FROM lead_search_term WHERE FALSE");
			onRow.add("FALSE");
		}
		searchEntries = entries.size() == 1 ? entries.get(0)
				: String.join(" INTERSECT ", entries.stream().map(range -> "(" + range + ")").toList());
		searchMatchOnRow = String.join(" AND ", onRow);
		onlyCreated = false;
		tallied = false;
	}

	private static boolean digitsOnly(String word) {
		return word.chars().allMatch(c -> c >= '0' && c <= '9');
	}

	/** The entries of the terms beginning with {@code prefix}. */
	private String termRange(String prefix, String name) {
		params.put(name, prefix);
		params.put(name + "End", prefix + AFTER_EVERY_SUFFIX);
		return "SELECT lead_id, created_at FROM lead_search_term WHERE term >= :" + name + " AND term < :" + name + "End";
	}

	private static List<String> list(@Nullable String commaSeparated) {
		if (commaSeparated == null || commaSeparated.isBlank()) {
			return List.of();
		}
		return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct()
			.toList();
	}

}
