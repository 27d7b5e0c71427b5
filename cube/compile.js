// Compiles one data model folder the way the Cube server would, without starting it, and prints
// one JSON object: {"ok": true, "cubes": [...]} (the cubes as /v1/meta lists them) or
// {"ok": false, "error": "Cube's message"}. `quarry model init` calls it so that a model that
// does not compile is never written, and says why.
//
// With --sql it also reads a JSON array of Cube queries on stdin and adds "sql": the SQLite
// statement and parameters of each, as Cube would run them (`quarry model try` runs them itself).
//
//   node compile.js path/to/model/folder [--sql < queries.json]
const fs = require('fs');
const path = require('path');
const { FileRepository } = require('@cubejs-backend/shared');
const { prepareCompiler } = require('@cubejs-backend/schema-compiler');
const { QuarrySqliteQuery } = require('./sqlite-dialect');
const { normalizeQuery, remapToQueryAdapterFormat } = require('@cubejs-backend/api-gateway/dist/src/query');

async function main(folder, withSql) {
  const compilers = prepareCompiler(
    // FileRepository reads a folder relative to the working directory.
    new FileRepository(path.relative(process.cwd(), path.resolve(folder))),
    { allowNodeRequire: false },
  );
  try {
    await compilers.compiler.compile();
  } catch (error) {
    return { ok: false, error: String(error.message || error) };
  }
  const cubes = compilers.metaTransformer.cubes.map((entry) => entry.config);
  // Members written without a title: Cube makes one from the name ("Mngr no").
  const untitled = [];
  for (const cube of compilers.cubeEvaluator.cubeList) {
    for (const kind of ['measures', 'dimensions']) {
      for (const [name, member] of Object.entries(cube[kind] || {})) {
        if (!member.title && !member.primaryKey && member.public !== false && member.shown !== false) {
          untitled.push(`${cube.name}.${name}`);
        }
      }
    }
  }
  if (!withSql) {
    return { ok: true, cubes, untitled };
  }
  const queries = JSON.parse(fs.readFileSync(0, 'utf8') || '[]');
  const sql = queries.map((query) => {
    try {
      // As the API gateway turns a REST query into the query builder's form.
      const normalized = remapToQueryAdapterFormat(normalizeQuery(query));
      return new QuarrySqliteQuery(compilers, normalized).buildSqlAndParams();
    } catch (error) {
      return { error: String(error.message || error) };
    }
  });
  return { ok: true, cubes, untitled, sql };
}

main(process.argv[2], process.argv[3] === '--sql').then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error) => {
    process.stdout.write(`${JSON.stringify({ ok: false, error: String(error.message || error) })}\n`);
  },
);
