// Curated from cube/starter/shop/nation.js and region.js: one nations table in two roles, an
// order's customer's and a supplier's, each joined to its own region. "Nation" and "region" alone
// mean the customer's (the business's convention), so those members are `primary`.
// Cube wants `sql` as a function; outside cube() a template literal would be a plain string.
const nationDimensions = (role, synonyms) => ({
  n_nationkey: { sql: () => `n_nationkey`, type: `number`, title: `${role} nation key`, primary_key: true, shown: true },
  n_name: {
    sql: () => `n_name`,
    type: `string`,
    title: `${role} nation`,
    meta: { synonyms, sample_values: true, value_cues: [`in`, `from`], primary: role === `Customer` },
  },
  n_comment: { sql: () => `n_comment`, type: `string`, title: `Comment` },
});

cube(`customer_nation`, {
  sql: `SELECT * FROM nation`,
  title: `Customer nations`,
  joins: {
    customer_region: { relationship: `many_to_one`, sql: `${CUBE}.n_regionkey = ${customer_region}.r_regionkey` },
  },
  measures: {
    count: { type: `count`, title: `Number of customer nations`, meta: { synonyms: [`customer nation`], joins: [`customer_region`] } },
  },
  dimensions: nationDimensions(`Customer`, [`nation`, `country`, `customer nation`, `customer country`]),
});

cube(`supplier_nation`, {
  sql: `SELECT * FROM nation`,
  title: `Supplier nations`,
  joins: {
    supplier_region: { relationship: `many_to_one`, sql: `${CUBE}.n_regionkey = ${supplier_region}.r_regionkey` },
  },
  measures: {
    count: { type: `count`, title: `Number of supplier nations`, meta: { synonyms: [`supplier nation`], joins: [`supplier_region`] } },
  },
  dimensions: nationDimensions(`Supplier`, [`supplier nation`, `supplier country`, `nation`, `country`]),
});
