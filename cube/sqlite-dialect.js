// Cube's SQLite queries, with the one granularity its adapter lacks: a quarter ("revenue by
// quarter" failed in Cube with a TypeError, on every SQLite model). Used by the server
// (cube.js, dialectFactory) and by the compiler Quarry runs offline (compile.js) alike.
const { SqliteQuery } = require('@cubejs-backend/schema-compiler/dist/src/adapter/SqliteQuery');

class QuarrySqliteQuery extends SqliteQuery {
  timeGroupedColumn(granularity, dimension) {
    if (granularity !== 'quarter') {
      return super.timeGroupedColumn(granularity, dimension);
    }
    const month = `((CAST(strftime('%m', ${dimension}) AS INTEGER) + 2) / 3) * 3 - 2`;
    return `strftime('%Y-', ${dimension}) || printf('%02d', ${month}) || '-01T00:00:00.000'`;
  }
}

module.exports = { QuarrySqliteQuery };
