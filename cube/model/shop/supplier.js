// Curated from cube/starter/shop/supplier.js: the nation is the supplier's (supplier_nation).
cube(`supplier`, {
  sql: `SELECT * FROM supplier`,
  title: `Suppliers`,

  joins: {
    supplier_nation: { relationship: `many_to_one`, sql: `${CUBE}.s_nationkey = ${supplier_nation}.n_nationkey` },
  },

  measures: {
    count: { type: `count`, title: `Number of suppliers`, meta: { synonyms: [`supplier`, `vendor`], verbs: [`supply`, `provide`], joins: [`supplier_nation`] } },
    sum_s_acctbal: { sql: `s_acctbal`, type: `sum`, title: `Total supplier account balance`, meta: { of: `supplier.s_acctbal` } },
    avg_s_acctbal: { sql: `s_acctbal`, type: `avg`, title: `Average supplier account balance`, meta: { of: `supplier.s_acctbal` } },
    min_s_acctbal: { sql: `s_acctbal`, type: `min`, title: `Minimum supplier account balance`, meta: { of: `supplier.s_acctbal` } },
    max_s_acctbal: { sql: `s_acctbal`, type: `max`, title: `Maximum supplier account balance`, meta: { of: `supplier.s_acctbal` } },
  },

  dimensions: {
    s_suppkey: { sql: `s_suppkey`, type: `number`, title: `Supplier key`, primary_key: true, shown: true },
    s_name: { sql: `s_name`, type: `string`, title: `Supplier name`, meta: { synonyms: [`supplier`, `supplier name`, `vendor`], sample_values: true } },
    s_address: { sql: `s_address`, type: `string`, title: `Supplier address` },
    s_nationkey: { sql: `s_nationkey`, type: `number`, title: `Supplier nation key` },
    s_phone: { sql: `s_phone`, type: `string`, title: `Supplier phone` },
    s_acctbal: { sql: `s_acctbal`, type: `number`, title: `Supplier account balance`, meta: { unit: `USD`, synonyms: [`supplier balance`, `supplier account balance`, `account balance`, `balance`] } },
    s_comment: { sql: `s_comment`, type: `string`, title: `Comment` },
  },
});
