package io.tripdesk.demo.internal;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Loads tables the way a restore does: their foreign keys, unique constraints and plain indexes are
 * dropped before the rows go in and made again afterwards. Building an index once and checking a
 * foreign key with one join is many times faster than doing both row by row, and every rule is still
 * checked: a row that breaks one fails the rebuild, and with it the transaction. Primary keys stay.
 */
final class BulkLoad {

	/** Each constraint or index as the statement that drops it and the one that makes it again. */
	private record Definition(String drop, String create) {
	}

	private final JdbcClient jdbc;

	private final List<Definition> definitions;

	private BulkLoad(JdbcClient jdbc, List<Definition> definitions) {
		this.jdbc = jdbc;
		this.definitions = definitions;
	}

	/** Drops what the tables' rows are checked against, in the transaction that loads them. */
	static BulkLoad begin(JdbcClient jdbc, List<String> tables) {
		List<Definition> definitions = jdbc.sql("""
				SELECT drop_statement, create_statement FROM (
				    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop_statement,
				           format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
				                  pg_get_constraintdef(c.oid)) AS create_statement,
				           CASE c.contype WHEN 'f' THEN 1 ELSE 2 END AS step, c.oid AS id
				      FROM pg_constraint c
				     WHERE c.conrelid IN (SELECT oid FROM pg_class WHERE relname IN (:tables)
				                             AND relnamespace = current_schema()::regnamespace)
				       AND (c.contype = 'f' OR c.contype = 'u' AND NOT EXISTS (
				                SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid))
				    UNION ALL
				    SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid), 3, i.indexrelid
				      FROM pg_index i
				     WHERE i.indrelid IN (SELECT oid FROM pg_class WHERE relname IN (:tables)
				                             AND relnamespace = current_schema()::regnamespace)
				       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)) statements
				 ORDER BY step, id""")
			.param("tables", tables)
			.query((rs, row) -> new Definition(rs.getString("drop_statement"), rs.getString("create_statement")))
			.list();
		definitions.forEach(definition -> jdbc.sql(definition.drop()).update());
		return new BulkLoad(jdbc, definitions);
	}

	/** Builds the indexes, then the unique constraints, then checks the foreign keys. */
	void finish() {
		jdbc.sql("SET LOCAL maintenance_work_mem = '256MB'").update();
		for (int i = definitions.size() - 1; i >= 0; i--) {
			jdbc.sql(definitions.get(i).create()).update();
		}
	}

}
