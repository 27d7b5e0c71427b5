// Which data models this Cube serves (QUARRY_MODEL_DATABASES, a JSON object model -> SQLite file,
// set by `quarry up` or the compose file) and which one a request's security context names.
// Shared by cube.js (the model to compile and query) and server.js (a request naming a model
// that is not served is refused before Cube's gateway sees it).
const DEFAULT_MODEL = 'flights';

const databases = JSON.parse(process.env.QUARRY_MODEL_DATABASES || '{}');

function modelName(securityContext) {
  return String((securityContext && securityContext.model) || DEFAULT_MODEL);
}

function isServed(model) {
  return Object.prototype.hasOwnProperty.call(databases, model);
}

function modelOf(securityContext) {
  const model = modelName(securityContext);
  if (!isServed(model)) {
    throw new Error(`no data model named ${model}`);
  }
  return model;
}

module.exports = { databases, modelName, isServed, modelOf };
