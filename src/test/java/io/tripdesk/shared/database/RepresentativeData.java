package io.tripdesk.shared.database;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.tripdesk.leads.LeadEventType;
import io.tripdesk.whatsapp.internal.messages.MessageStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows valid for whatever schema a database is at, worked out from its catalogue, so that a new migration's
 * tables are filled without editing this class. Tables are filled parents first; each gets a row with every
 * column given an odd but valid value (Unicode, quotes, a leap day), a row with NULL or the default wherever
 * the schema allows one, and more rows until every value a CHECK lists (or the application gives a column,
 * {@link #APPLICATION_VALUES}) has been used once. Tables that the schema's own functions write (trigger-kept
 * search terms, counters, tallies) are left to those triggers. What the catalogue cannot tell is in the three
 * small maps below.
 */
final class RepresentativeData {

	/** Texts that have broken software before: accents, CJK, an emoji, right-to-left, quotes, control characters. */
	private static final List<String> ODD_TEXTS = List.of("Zoë O'Brien-Ñúñez 李小龍 🧳",
			"Ångström \"quoted\" back\\slash", "مرحبا שלום", "tab\there, new\nline");

	/** Values whose form the schema does not check but the application relies on. */
	private static final Map<String, IntFunction<String>> FORMATS = Map.of(
			// CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'): a pattern, which is not worked out here
			"pipeline_stage.key", row -> "agency_stage_" + row,
			"currency", row -> List.of("EUR", "USD", "JPY").get(row % 3),
			"email", row -> "zoë.o'brien+" + row + "@exämple.com",
			"phone_e164", row -> "+3460000000" + row,
			"wa_id", row -> "3460000000" + row);

	/** Columns whose values are one of an application enum's, though no CHECK lists them. */
	private static final Map<String, List<String>> APPLICATION_VALUES = Map.of(
			"lead.source", List.of("whatsapp", "whatsapp_ad", "website", "walk_in"),
			"lead_event.type", Arrays.stream(LeadEventType.values()).map(LeadEventType::key).toList(),
			"whatsapp_message.status", Arrays.stream(MessageStatus.values()).map(MessageStatus::key).toList());

	/** Columns holding another table's id without a foreign key (rollups, feeds, counters): column to table. */
	private static final Map<String, String> SOFT_REFERENCES = Map.ofEntries(Map.entry("lead_id", "lead"),
			Map.entry("task_id", "task"), Map.entry("trip_id", "trip"), Map.entry("message_id", "whatsapp_message"),
			Map.entry("last_message_id", "whatsapp_message"), Map.entry("user_id", "app_user"),
			Map.entry("assigned_to", "app_user"), Map.entry("previous_assignee", "app_user"),
			Map.entry("recipient_id", "app_user"), Map.entry("agents", "app_user"));

	private static final int SPARSE_ROW = 1;

	/** The column types {@link #ofType} has values for (udt_name). */
	private static final Set<String> TYPES = Set.of("text", "varchar", "bpchar", "int2", "int4", "int8", "numeric",
			"float4", "float8", "bool", "date", "timestamptz", "timestamp", "jsonb", "json", "bytea", "uuid", "_text",
			"_int8", "_int4");

	/** "status = ANY (ARRAY['a'::text, …])", as pg_get_constraintdef prints an IN list (with casts for varchar). */
	private static final Pattern LISTED_VALUES = Pattern.compile("(\\w+)\\)?(?:::[\\w ]+)? = ANY \\(+ARRAY\\[(.*?)\\]");

	private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'::");

	private static final Pattern WRITTEN_TABLE = Pattern.compile("(?i)\\b(?:insert\\s+into|update)\\s+(\\w+)");

	private final JdbcClient jdbc;

	private RepresentativeData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Fills every table of the public schema: directly, or through the triggers that keep it. */
	static void fill(JdbcClient jdbc) {
		new RepresentativeData(jdbc).fill();
	}

	private void fill() {
		Map<String, Table> tables = tables();
		Set<String> triggerKept = tablesWrittenByFunctions(tables.keySet());
		for (Table table : parentsFirst(tables)) {
			if (!triggerKept.contains(table.name())) {
				for (int row = 0; row < table.rows(); row++) {
					insert(table, row, tables);
				}
			}
		}
	}

	private void insert(Table table, int row, Map<String, Table> tables) {
		List<String> names = new ArrayList<>();
		List<String> values = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		Map<String, String> fromParents = fromParents(table, row);
		for (Column column : table.columns().values()) {
			boolean fromParent = fromParents.containsKey(column.name());
			if (!fromParent && leftToDefault(table, column, row)) {
				continue;
			}
			String value = fromParent ? fromParents.get(column.name()) : value(table, column, row, tables);
			names.add(quote(column.name()));
			if (value == null) {
				values.add("NULL");
			}
			else {
				values.add("CAST(? AS " + quote(column.type()) + ")");
				params.add(value);
			}
		}
		String sql = names.isEmpty() ? "INSERT INTO " + quote(table.name()) + " DEFAULT VALUES"
				: "INSERT INTO " + quote(table.name()) + " (" + String.join(", ", names) + ") VALUES ("
						+ String.join(", ", values) + ")";
		jdbc.sql(sql).params(params).update();
	}

	/** Foreign keys point at the parent's row of the same number (so a key that is also unique stays unique). */
	private Map<String, String> fromParents(Table table, int row) {
		Map<String, String> values = new LinkedHashMap<>();
		for (ForeignKey key : table.foreignKeys()) {
			boolean optional = key.columns().stream().allMatch(name -> table.columns().get(name).nullable());
			if (optional && row == SPARSE_ROW) {
				key.columns().forEach(name -> values.put(name, null));
				continue;
			}
			List<List<String>> parentRows = jdbc.sql("SELECT " + key.parentColumns().stream()
				.map(RepresentativeData::quote)
				.map(name -> name + "::text")
				.collect(Collectors.joining(", ")) + " FROM " + quote(key.parent()) + " ORDER BY 1")
				.query((rs, i) -> {
					List<String> keyValues = new ArrayList<>();
					for (int column = 1; column <= key.columns().size(); column++) {
						keyValues.add(rs.getString(column));
					}
					return keyValues;
				})
				.list();
			if (parentRows.isEmpty()) {
				throw new IllegalStateException(table.name() + " refers to " + key.parent() + ", which has no rows");
			}
			List<String> parentRow = parentRows.get(row % parentRows.size());
			for (int i = 0; i < key.columns().size(); i++) {
				values.put(key.columns().get(i), parentRow.get(i));
			}
		}
		return values;
	}

	/** Sequences number the rows; the sparse row takes every default; a type not known here takes its default. */
	private static boolean leftToDefault(Table table, Column column, int row) {
		return column.sequenced() || (column.hasDefault() && ((row == SPARSE_ROW && !column.nullable())
				|| !TYPES.contains(column.type()) && !table.listedValues().containsKey(column.name())));
	}

	/** A value for the column, null for NULL. */
	private String value(Table table, Column column, int row, Map<String, Table> tables) {
		if (row == SPARSE_ROW && column.nullable()) {
			return null;
		}
		List<String> listed = table.listedValues().get(column.name());
		if (listed != null) {
			return listed.get(row % listed.size());
		}
		IntFunction<String> format = FORMATS.getOrDefault(table.name() + "." + column.name(),
				FORMATS.get(column.name()));
		if (format != null) {
			return format.apply(row);
		}
		String referenced = SOFT_REFERENCES.get(column.name());
		if (referenced != null && tables.containsKey(referenced)) {
			List<String> ids = jdbc.sql("SELECT id::text FROM " + quote(referenced) + " ORDER BY id")
				.query(String.class)
				.list();
			if (!ids.isEmpty()) {
				return column.type().startsWith("_") ? "{" + String.join(",", ids) + "}" : ids.get(row % ids.size());
			}
		}
		return ofType(table, column, row);
	}

	private static String ofType(Table table, Column column, int row) {
		String text = row + " " + ODD_TEXTS.get(row % ODD_TEXTS.size());
		return switch (column.type()) {
			case "text", "varchar" -> column.maxLength() == null ? text
					: text.substring(0, Math.min(text.length(), column.maxLength()));
			case "bpchar" -> UUID.nameUUIDFromBytes((table.name() + column.name() + row).getBytes(StandardCharsets.UTF_8))
				.toString()
				.substring(0, column.maxLength() == null ? 1 : Math.min(36, column.maxLength()));
			case "int2", "int4", "int8" -> String.valueOf(2 + row);
			case "numeric" -> new BigDecimal("1234.56").add(BigDecimal.valueOf(row)).toPlainString();
			case "float4", "float8" -> String.valueOf(0.75 + row);
			// alternating, so that two flags of one row are never both set (pipeline_stage: won or lost)
			case "bool" -> String.valueOf((column.position() + row) % 2 == 0);
			case "date" -> LocalDate.of(2024, 2, 29).plusDays(row).toString();
			case "timestamptz", "timestamp" -> OffsetDateTime.parse("2024-02-29T23:30:00.123456Z").plusDays(row).toString();
			case "jsonb", "json" -> "{\"note\": \"Zoë ✈ 李\", \"row\": " + row + "}";
			case "bytea" -> String.format(Locale.ROOT, "\\x00ff%02x", row);
			case "uuid" -> UUID.nameUUIDFromBytes((table.name() + column.name() + row).getBytes(StandardCharsets.UTF_8))
				.toString();
			case "_text" -> "{\"vip\",\"zoë 🧳 " + row + "\"}";
			case "_int8", "_int4" -> "{" + (2 + row) + "," + (3 + row) + "}";
			default -> {
				if (column.nullable()) {
					yield null;
				}
				throw new IllegalStateException("No value for " + table.name() + "." + column.name() + " of type "
						+ column.type() + ": teach RepresentativeData.ofType this type");
			}
		};
	}

	private Map<String, Table> tables() {
		Map<String, Map<String, Column>> columns = new TreeMap<>();
		jdbc.sql("""
				SELECT table_name, column_name, ordinal_position, udt_name, is_nullable = 'YES' AS nullable,
				       column_default, character_maximum_length, is_identity = 'YES' OR is_generated = 'ALWAYS' AS identity
				  FROM information_schema.columns c
				 WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'
				   AND table_name IN (SELECT table_name FROM information_schema.tables
				                       WHERE table_schema = 'public' AND table_type = 'BASE TABLE')
				 ORDER BY table_name, ordinal_position
				""").query(rs -> {
			String defaultValue = rs.getString("column_default");
			boolean sequenced = rs.getBoolean("identity")
					|| (defaultValue != null && defaultValue.startsWith("nextval("));
			Integer maxLength = rs.getObject("character_maximum_length", Integer.class);
			columns.computeIfAbsent(rs.getString("table_name"), name -> new LinkedHashMap<>())
				.put(rs.getString("column_name"), new Column(rs.getString("column_name"), rs.getInt("ordinal_position"),
						rs.getString("udt_name"), rs.getBoolean("nullable"), defaultValue != null, sequenced, maxLength));
		});
		Map<String, List<ForeignKey>> foreignKeys = new TreeMap<>();
		Map<String, Map<String, List<String>>> listed = new TreeMap<>();
		jdbc.sql("""
				SELECT con.conrelid::regclass::text AS table_name, con.contype, pg_get_constraintdef(con.oid) AS definition,
				       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k (attnum, n)
				               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
				       con.confrelid::regclass::text AS parent,
				       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k (attnum, n)
				               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.n) AS parent_columns
				  FROM pg_constraint con JOIN pg_namespace ns ON ns.oid = con.connamespace
				 WHERE ns.nspname = 'public' AND con.contype IN ('f', 'c') AND con.conrelid <> 0
				 ORDER BY con.conname
				""").query(rs -> {
			String table = rs.getString("table_name");
			if (rs.getString("contype").equals("f")) {
				foreignKeys.computeIfAbsent(table, name -> new ArrayList<>())
					.add(new ForeignKey(List.of((String[]) rs.getArray("columns").getArray()), rs.getString("parent"),
							List.of((String[]) rs.getArray("parent_columns").getArray())));
				return;
			}
			Matcher matcher = LISTED_VALUES.matcher(rs.getString("definition"));
			while (matcher.find()) {
				List<String> values = new ArrayList<>();
				Matcher quoted = QUOTED.matcher(matcher.group(2));
				while (quoted.find()) {
					values.add(quoted.group(1).replace("''", "'"));
				}
				listed.computeIfAbsent(table, name -> new TreeMap<>()).put(matcher.group(1), values);
			}
		});
		Map<String, Table> tables = new TreeMap<>();
		columns.forEach((name, tableColumns) -> {
			Map<String, List<String>> values = new TreeMap<>(listed.getOrDefault(name, Map.of()));
			APPLICATION_VALUES.forEach((key, applicationValues) -> {
				String[] tableAndColumn = key.split("\\.");
				if (tableAndColumn[0].equals(name) && tableColumns.containsKey(tableAndColumn[1])) {
					values.put(tableAndColumn[1], applicationValues);
				}
			});
			tables.put(name, new Table(name, tableColumns, foreignKeys.getOrDefault(name, List.of()), values));
		});
		return tables;
	}

	/** Tables an SQL or PL/pgSQL function of the schema inserts into or updates: kept by triggers. */
	private Set<String> tablesWrittenByFunctions(Set<String> tables) {
		Set<String> written = new TreeSet<>();
		jdbc.sql("""
				SELECT p.prosrc FROM pg_proc p JOIN pg_namespace ns ON ns.oid = p.pronamespace
				  JOIN pg_language l ON l.oid = p.prolang
				 WHERE ns.nspname = 'public' AND l.lanname IN ('sql', 'plpgsql')
				""").query(String.class).list().forEach(source -> {
			Matcher matcher = WRITTEN_TABLE.matcher(source);
			while (matcher.find()) {
				if (tables.contains(matcher.group(1))) {
					written.add(matcher.group(1));
				}
			}
		});
		return written;
	}

	/** Kahn's order over foreign keys and soft references, ties by name; a table's own references do not count. */
	private static List<Table> parentsFirst(Map<String, Table> tables) {
		Map<String, Set<String>> parents = new TreeMap<>();
		tables.values().forEach(table -> {
			Set<String> own = new TreeSet<>();
			table.foreignKeys().forEach(key -> own.add(key.parent()));
			table.columns().keySet().stream().filter(SOFT_REFERENCES::containsKey).map(SOFT_REFERENCES::get).filter(tables::containsKey).forEach(own::add);
			own.remove(table.name());
			parents.put(table.name(), own);
		});
		List<Table> ordered = new ArrayList<>();
		Deque<String> ready = new ArrayDeque<>();
		parents.forEach((table, own) -> {
			if (own.isEmpty()) {
				ready.add(table);
			}
		});
		while (!ready.isEmpty()) {
			String table = ready.poll();
			ordered.add(tables.get(table));
			parents.forEach((child, own) -> {
				if (own.remove(table) && own.isEmpty()) {
					ready.add(child);
				}
			});
		}
		if (ordered.size() != tables.size()) {
			throw new IllegalStateException("Tables refer to each other in a cycle: "
					+ parents.entrySet().stream().filter(entry -> !entry.getValue().isEmpty()).toList());
		}
		return ordered;
	}

	static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	private record Column(String name, int position, String type, boolean nullable, boolean hasDefault,
			boolean sequenced, Integer maxLength) {
	}

	private record ForeignKey(List<String> columns, String parent, List<String> parentColumns) {
	}

	/** listedValues: per column, the values a CHECK or the application allows. */
	private record Table(String name, Map<String, Column> columns, List<ForeignKey> foreignKeys,
			Map<String, List<String>> listedValues) {

		/** The full row, the sparse row, and then enough for every listed value to appear. */
		int rows() {
			return Math.max(2, listedValues.values().stream().mapToInt(List::size).max().orElse(0));
		}

	}

}
