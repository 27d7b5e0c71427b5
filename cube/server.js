// Quarry's Cube server: Cube 0.33 plus one route, POST /cubejs-api/v1/quarry/load-batch.
//
// Cube 0.33 reads an array `query` on /load as data blending (one shared time granularity), so it
// cannot run unrelated queries in one request. This route takes {queries: [...]}, runs each through
// Cube's own gateway (same JWT check, same security context, same query orchestrator) and answers
// {results: [{status, body}, ...]}: each query gets its own result, error or "Continue wait".
const CubejsServer = require('@cubejs-backend/server');
const config = require('./cube');

let server;

function gatewayLoad(query, context) {
  return new Promise((resolve) => {
    server.core.apiGateway().load({
      query,
      context,
      res: (body, { status } = {}) => resolve({ status: status || 200, body }),
    });
  });
}

async function loadBatch(req, res) {
  const queries = req.body && req.body.queries;
  if (!Array.isArray(queries) || queries.length === 0) {
    res.status(400).json({ error: 'queries must be a non-empty array' });
    return;
  }
  const results = await Promise.all(queries.map((query) => gatewayLoad(query, req.context)));
  res.json({ results });
}

function initApp(app) {
  const gateway = () => server.core.apiGateway();
  app.post(
    '/cubejs-api/v1/quarry/load-batch',
    (req, res, next) => gateway().checkAuthMiddleware(req, res, next),
    (req, res, next) => gateway().requestContextMiddleware(req, res, next),
    (req, res, next) => loadBatch(req, res).catch(next),
  );
}

server = new CubejsServer({ ...config, initApp });
server.listen().then(({ port, version }) => {
  console.log(`Cube API server (${version}) with Quarry's batch route is listening on ${port}`);
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
