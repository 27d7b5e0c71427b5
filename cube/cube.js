// Cube configuration for Quarry's embedded stack. Connection details come from the environment
// that `quarry up` sets (CUBEJS_DB_TYPE=sqlite, CUBEJS_DB_NAME, CUBEJS_API_SECRET, ...).
module.exports = {
  schemaPath: 'model',
  // One compiled-schema cache per tenant: the JWT's security context carries the tenant.
  contextToAppId: ({ securityContext }) => `quarry_${(securityContext && securityContext.tenant) || 'default'}`,
};
