// Cube configuration for Quarry's embedded stack: one data model per data set, chosen per request.
//
// Quarry signs every request's JWT with the caller's tenant and the data model that tenant is
// mapped to (`model`); the model names a folder in model/ and, through QUARRY_MODEL_DATABASES (a
// JSON object model -> SQLite file, set by `quarry up`), its database. A tenant cannot reach
// another model: the JWT is signed by Quarry, and each model compiles and queries apart.
const path = require('path');
const { FileRepository } = require('@cubejs-backend/shared');
const SqliteDriver = require('@cubejs-backend/sqlite-driver');
const { databases, modelOf } = require('./models');
const { QuarrySqliteQuery } = require('./sqlite-dialect');

// Cube binds every filter value as text. SQLite compares an aggregate (which has no column
// affinity) with a text parameter as text, so a filter on a measure ("more than 10,000 flights":
// HAVING count(*) > '10000') never matched. Numbers are bound as numbers; a text column still
// compares them as text (its affinity converts them), and "007" stays text.
class NumberParamsSqliteDriver extends SqliteDriver {
  query(query, values) {
    return super.query(query, (values || []).map(asNumber));
  }
}

function asNumber(value) {
  return typeof value === 'string' && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(value) ? Number(value) : value;
}

module.exports = {
  // Compiled models and query orchestrators (with their database connections) per data model;
  // tenants sharing a model share them.
  contextToAppId: ({ securityContext }) => `quarry_${modelOf(securityContext)}`,
  contextToOrchestratorId: ({ securityContext }) => `quarry_${modelOf(securityContext)}`,
  repositoryFactory: ({ securityContext }) => new FileRepository(path.join('model', modelOf(securityContext))),
  driverFactory: ({ securityContext }) => new NumberParamsSqliteDriver({ database: databases[modelOf(securityContext)] }),
  dbType: 'sqlite',
  dialectFactory: () => QuarrySqliteQuery,
};
