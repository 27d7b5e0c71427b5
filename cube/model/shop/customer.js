// Curated from cube/starter/shop/customer.js: the nation is the customer's (customer_nation),
// market segments are sampled, account balances average by default.
cube(`customer`, {
  sql: `SELECT * FROM customer`,
  title: `Customers`,

  joins: {
    customer_nation: { relationship: `many_to_one`, sql: `${CUBE}.c_nationkey = ${customer_nation}.n_nationkey` },
  },

  measures: {
    count: { type: `count`, title: `Number of customers`, meta: { synonyms: [`customer`, `client`, `buyer`, `customer account`, `account`], verbs: [`buy`, `order`, `place`], joins: [`customer_nation`] } },
    sum_c_acctbal: { sql: `c_acctbal`, type: `sum`, title: `Total customer account balance`, meta: { of: `customer.c_acctbal` } },
    avg_c_acctbal: { sql: `c_acctbal`, type: `avg`, title: `Average customer account balance`, meta: { of: `customer.c_acctbal` } },
    min_c_acctbal: { sql: `c_acctbal`, type: `min`, title: `Minimum customer account balance`, meta: { of: `customer.c_acctbal` } },
    max_c_acctbal: { sql: `c_acctbal`, type: `max`, title: `Maximum customer account balance`, meta: { of: `customer.c_acctbal` } },
  },

  dimensions: {
    c_custkey: { sql: `c_custkey`, type: `number`, title: `Customer key`, primary_key: true, shown: true },
    c_name: { sql: `c_name`, type: `string`, title: `Customer name`, meta: { synonyms: [`customer`, `customer name`, `client`, `buyer`], sample_values: true } },
    c_address: { sql: `c_address`, type: `string`, title: `Customer address` },
    c_nationkey: { sql: `c_nationkey`, type: `number`, title: `Customer nation key` },
    c_phone: { sql: `c_phone`, type: `string`, title: `Customer phone` },
    c_acctbal: { sql: `c_acctbal`, type: `number`, title: `Customer account balance`, meta: { unit: `USD`, synonyms: [`account balance`, `balance`, `customer balance`] } },
    c_mktsegment: {
      sql: `c_mktsegment`,
      type: `string`,
      title: `Market segment`,
      meta: { synonyms: [`market segment`, `segment`, `market`], sample_values: true, common_words: true },
    },
    c_comment: { sql: `c_comment`, type: `string`, title: `Comment` },
  },
});
