//! One connection to SQLite or PostgreSQL, spoken to in one small vocabulary: statements with
//! numbered parameters (`?1` … in SQLite, `$1` … in PostgreSQL, written once as `?N`), values
//! in, rows of cells out, transactions by `BEGIN`/`COMMIT`.

use chrono::NaiveDate;

use crate::StoreError;

/// A value bound to a statement.
#[derive(Debug, Clone)]
pub enum Param<'a> {
    Text(Option<&'a str>),
    Int(Option<i64>),
    /// A 32-bit integer column of PostgreSQL (`integer`); an integer in SQLite.
    Int32(Option<i32>),
    Blob(&'a [u8]),
    Date(Option<NaiveDate>),
    /// PostgreSQL `text[]`; a JSON array in SQLite.
    List(&'a [Option<String>]),
}

/// A value read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    Blob(Vec<u8>),
}

impl Cell {
    pub fn text(self) -> Option<String> {
        match self {
            Cell::Text(t) => Some(t),
            Cell::Blob(b) => String::from_utf8(b).ok(),
            _ => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Cell::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn blob(self) -> Option<Vec<u8>> {
        match self {
            Cell::Blob(b) => Some(b),
            Cell::Text(t) => Some(t.into_bytes()),
            _ => None,
        }
    }
}

pub enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

/// `?N` placeholders as PostgreSQL writes them.
fn dollars(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

impl Conn {
    pub fn is_postgres(&self) -> bool {
        matches!(self, Conn::Postgres(_))
    }

    /// Run statements without parameters (a schema, `BEGIN`).
    pub fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(c) => c.execute_batch(sql)?,
            Conn::Postgres(c) => c.batch_execute(sql)?,
        }
        Ok(())
    }

    /// Run one statement; the number of rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError> {
        match self {
            Conn::Sqlite(c) => {
                let values: Vec<rusqlite::types::Value> = params.iter().map(sqlite_value).collect();
                let mut statement = c.prepare_cached(sql)?;
                Ok(statement.execute(rusqlite::params_from_iter(values))? as u64)
            }
            Conn::Postgres(c) => {
                let values = postgres_values(params);
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
                Ok(c.execute(dollars(sql).as_str(), &refs)?)
            }
        }
    }

    /// Run one query; its rows.
    pub fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Vec<Cell>>, StoreError> {
        match self {
            Conn::Sqlite(c) => {
                let values: Vec<rusqlite::types::Value> = params.iter().map(sqlite_value).collect();
                let mut statement = c.prepare_cached(sql)?;
                let width = statement.column_count();
                let rows = statement.query_map(rusqlite::params_from_iter(values), |row| {
                    (0..width)
                        .map(|i| {
                            Ok(match row.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => Cell::Null,
                                rusqlite::types::ValueRef::Integer(n) => Cell::Int(n),
                                rusqlite::types::ValueRef::Real(f) => Cell::Text(f.to_string()),
                                rusqlite::types::ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                                rusqlite::types::ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
                            })
                        })
                        .collect::<Result<Vec<Cell>, rusqlite::Error>>()
                })?;
                Ok(rows.collect::<Result<Vec<_>, _>>()?)
            }
            Conn::Postgres(c) => {
                let values = postgres_values(params);
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
                let rows = c.query(dollars(sql).as_str(), &refs)?;
                rows.iter().map(postgres_cells).collect()
            }
        }
    }
}

fn sqlite_value(param: &Param<'_>) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    match param {
        Param::Text(t) => t.map_or(Value::Null, |t| Value::Text(t.to_string())),
        Param::Int(n) => n.map_or(Value::Null, Value::Integer),
        Param::Int32(n) => n.map_or(Value::Null, |n| Value::Integer(i64::from(n))),
        Param::Blob(b) => Value::Blob(b.to_vec()),
        Param::Date(d) => d.map_or(Value::Null, |d| Value::Text(d.format("%Y-%m-%d").to_string())),
        Param::List(items) => Value::Text(serde_json::to_string(items).unwrap_or_else(|_| "[]".into())),
    }
}

type PgValue = Box<dyn postgres::types::ToSql + Sync>;

fn postgres_values(params: &[Param<'_>]) -> Vec<PgValue> {
    params
        .iter()
        .map(|p| -> PgValue {
            match p {
                Param::Text(t) => Box::new(t.map(str::to_string)),
                Param::Int(n) => Box::new(*n),
                Param::Int32(n) => Box::new(*n),
                Param::Blob(b) => Box::new(b.to_vec()),
                Param::Date(d) => Box::new(*d),
                Param::List(items) => Box::new(items.to_vec()),
            }
        })
        .collect()
}

fn postgres_cells(row: &postgres::Row) -> Result<Vec<Cell>, StoreError> {
    use postgres::types::Type;
    (0..row.len())
        .map(|i| {
            let ty = row.columns()[i].type_().clone();
            Ok(if ty == Type::INT8 {
                row.try_get::<_, Option<i64>>(i)?.map_or(Cell::Null, Cell::Int)
            } else if ty == Type::INT4 {
                row.try_get::<_, Option<i32>>(i)?.map_or(Cell::Null, |n| Cell::Int(i64::from(n)))
            } else if ty == Type::BYTEA {
                row.try_get::<_, Option<Vec<u8>>>(i)?.map_or(Cell::Null, Cell::Blob)
            } else if ty == Type::DATE {
                row.try_get::<_, Option<NaiveDate>>(i)?.map_or(Cell::Null, |d| Cell::Text(d.format("%Y-%m-%d").to_string()))
            } else {
                row.try_get::<_, Option<String>>(i)?.map_or(Cell::Null, Cell::Text)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_for_postgres() {
        assert_eq!(super::dollars("SELECT ?1, '?' WHERE a = ?12"), "SELECT $1, '?' WHERE a = $12");
    }
}
