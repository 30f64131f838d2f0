"""Bulk writes handed straight to the database driver. SQLAlchemy's
executemany builds and processes a dictionary of parameters per row, which
cost more than the inserts themselves in an ingest; here each column's own
bind processor (dates, JSON) is applied to its values and the rows go to
the driver's executemany as tuples — the stored values are the same."""
from sqlalchemy import Table

_statements: dict[tuple, tuple[str, tuple]] = {}  # → SQL, and (position, bind processor) of the columns that have one


def insert_rows(connection, table: Table, rows: list[dict]) -> None:
    """Insert rows that all have the keys of the first one."""
    if not rows:
        return
    columns = tuple(rows[0])
    sql, processors = _statement(connection.dialect, table, "insert", columns, ())
    connection.exec_driver_sql(sql, [_values(row, columns, processors) for row in rows])


def update_rows(connection, table: Table, rows: list[dict], key: tuple[str, ...]) -> None:
    """Set the other columns of each row where its `key` columns match."""
    if not rows:
        return
    columns = tuple(c for c in rows[0] if c not in key) + key
    sql, processors = _statement(connection.dialect, table, "update", columns, key)
    connection.exec_driver_sql(sql, [_values(row, columns, processors) for row in rows])


def add_rows(connection, table: Table, rows: list[dict], key: tuple[str, ...], counter: str) -> None:
    """Insert rows; a row whose `key` columns match a stored one adds its
    `counter` to the stored row's instead (an upsert, as SQLite and
    PostgreSQL both write it)."""
    if not rows:
        return
    columns = tuple(rows[0])
    sql, processors = _statement(connection.dialect, table, "add", columns, key, counter)
    connection.exec_driver_sql(sql, [_values(row, columns, processors) for row in rows])


def _values(row: dict, columns: tuple, processors: tuple) -> tuple:
    values = [row[c] for c in columns]
    for position, process in processors:
        values[position] = process(values[position])
    return tuple(values)


def _statement(dialect, table: Table, kind: str, columns: tuple, key: tuple,
               counter: str | None = None) -> tuple[str, tuple]:
    cache_key = (dialect.name, table.name, kind, columns)
    if cache_key not in _statements:
        quote = dialect.identifier_preparer.quote
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        if kind in ("insert", "add"):
            sql = (f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, columns))}) "
                   f"VALUES ({', '.join(mark for _ in columns)})")
            if kind == "add":
                sql += (f" ON CONFLICT ({', '.join(map(quote, key))}) DO UPDATE SET {quote(counter)} = "
                        f"{quote(table.name)}.{quote(counter)} + excluded.{quote(counter)}")
        else:
            assigned = ", ".join(f"{quote(c)} = {mark}" for c in columns if c not in key)
            where = " AND ".join(f"{quote(c)} = {mark}" for c in key)
            sql = f"UPDATE {quote(table.name)} SET {assigned} WHERE {where}"
        processors = tuple((position, process) for position, process in enumerate(
            table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns) if process is not None)
        _statements[cache_key] = (sql, processors)
    return _statements[cache_key]
