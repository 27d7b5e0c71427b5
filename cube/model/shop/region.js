// Curated from cube/starter/shop/region.js: a customer's region and a supplier's (see nation.js).
// Cube wants `sql` as a function; outside cube() a template literal would be a plain string.
const regionDimensions = (role, synonyms) => ({
  r_regionkey: { sql: () => `r_regionkey`, type: `number`, title: `${role} region key`, primary_key: true, shown: true },
  r_name: {
    sql: () => `r_name`,
    type: `string`,
    title: `${role} region`,
    meta: { synonyms, sample_values: true, value_cues: [`in`, `from`], primary: role === `Customer` },
  },
  r_comment: { sql: () => `r_comment`, type: `string`, title: `Comment` },
});

cube(`customer_region`, {
  sql: `SELECT * FROM region`,
  title: `Customer regions`,
  measures: {
    count: { type: `count`, title: `Number of customer regions`, meta: { synonyms: [`customer region`] } },
  },
  dimensions: regionDimensions(`Customer`, [`region`, `customer region`]),
});

cube(`supplier_region`, {
  sql: `SELECT * FROM region`,
  title: `Supplier regions`,
  measures: {
    count: { type: `count`, title: `Number of supplier regions`, meta: { synonyms: [`supplier region`] } },
  },
  dimensions: regionDimensions(`Supplier`, [`supplier region`, `region`]),
});
