// Quarry's Cube server: Cube 0.33 plus one route, POST /cubejs-api/v1/quarry/load-batch.
//
// Cube 0.33 reads an array `query` on /load as data blending (one shared time granularity), so it
// cannot run unrelated queries in one request. This route takes {queries: [...]}, runs each through
// Cube's own gateway (same JWT check, same security context, same query orchestrator) and answers
// {results: [{status, body}, ...]}: each query gets its own result, error or "Continue wait".
//
// Two more things Cube 0.33 does not do by itself:
// - it listens on every interface (its listen() calls http.Server#listen(PORT) and has no
//   address setting): here it listens on QUARRY_CUBE_HOST, loopback unless told otherwise (the
//   compose file says 0.0.0.0 inside its internal network, where only Quarry reaches it);
// - a signed token naming a data model that is not served made Cube answer 500 with a Node stack
//   trace: it is refused here with a 400 and one line.
const http = require('http');
const jwt = require('jsonwebtoken');
const CubejsServer = require('@cubejs-backend/server');
const config = require('./cube');
const { modelName, isServed } = require('./models');

const HOST = process.env.QUARRY_CUBE_HOST || '127.0.0.1';

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

// Only a token Cube itself would accept is looked at; any other is left to Cube's own check (403).
function rejectUnknownModel(req, res, next) {
  const token = String(req.headers.authorization || '').replace(/^Bearer /i, '');
  let context;
  try {
    context = jwt.verify(token, process.env.CUBEJS_API_SECRET);
  } catch (error) {
    next();
    return;
  }
  const model = modelName(context);
  if (!isServed(model)) {
    res.status(400).json({ error: `no data model named ${model.slice(0, 100)}` });
    return;
  }
  next();
}

function initApp(app) {
  const gateway = () => server.core.apiGateway();
  app.use('/cubejs-api', rejectUnknownModel);
  app.post(
    '/cubejs-api/v1/quarry/load-batch',
    (req, res, next) => gateway().checkAuthMiddleware(req, res, next),
    (req, res, next) => gateway().requestContextMiddleware(req, res, next),
    (req, res, next) => loadBatch(req, res).catch(next),
  );
}

// Cube creates its HTTP server inside listen(): while it does, a port is listened on at HOST.
function listenOnHost() {
  const createServer = http.createServer;
  http.createServer = (...args) => {
    const created = createServer(...args);
    const listen = created.listen.bind(created);
    created.listen = (port, ...rest) => (typeof port === 'number' ? listen(port, HOST, ...rest) : listen(port, ...rest));
    return created;
  };
  return server.listen().finally(() => {
    http.createServer = createServer;
  });
}

server = new CubejsServer({ ...config, initApp });
listenOnHost().then(({ port, version }) => {
  console.log(`Cube API server (${version}) with Quarry's batch route is listening on ${HOST}:${port}`);
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
