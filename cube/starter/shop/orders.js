// Starter data model written by `quarry model init` from tpch.sqlite; it compiles.
// Curate it in curation.toml beside this file, not here: `quarry model init --refresh` rewrites
// these files and applies the curation again. Guessed from names and values: titles, other
// names (`synonyms`), which values people name (`sample_values`), units, display names.

cube(`orders`, {
  sql: `SELECT * FROM "orders"`,
  title: `Orders`,

  joins: {
    customer: { relationship: `many_to_one`, sql: `${CUBE}."o_custkey" = ${customer}."c_custkey"` },
  },

  measures: {
    count: { type: `count`, title: `Number of orders`, meta: { synonyms: [`order`, `order line`, `order record`, `order row`, `order entry`, `purchase`], verbs: [`order`, `place`, `buy`, `purchase`], joins: [`customer`] } },
    distinct_custkey: { sql: `${CUBE}."o_custkey"`, type: `count_distinct`, title: `Number of different customers`, meta: { of: `orders.custkey` } },
    distinct_orderstatus: { sql: `${CUBE}."o_orderstatus"`, type: `count_distinct`, title: `Number of different orderstatus`, meta: { of: `orders.orderstatus` } },
    sum_totalprice: { sql: `${CUBE}."o_totalprice"`, type: `sum`, title: `Total totalprice`, meta: { of: `orders.totalprice` } },
    avg_totalprice: { sql: `${CUBE}."o_totalprice"`, type: `avg`, title: `Average totalprice`, meta: { of: `orders.totalprice` } },
    min_totalprice: { sql: `${CUBE}."o_totalprice"`, type: `min`, title: `Minimum totalprice`, meta: { of: `orders.totalprice` } },
    max_totalprice: { sql: `${CUBE}."o_totalprice"`, type: `max`, title: `Maximum totalprice`, meta: { of: `orders.totalprice` } },
    distinct_orderpriority: { sql: `${CUBE}."o_orderpriority"`, type: `count_distinct`, title: `Number of different orderpriorities`, meta: { of: `orders.orderpriority` } },
    distinct_clerk: { sql: `${CUBE}."o_clerk"`, type: `count_distinct`, title: `Number of different clerks`, meta: { of: `orders.clerk` } },
  },

  dimensions: {
    orderkey: { sql: `${CUBE}."o_orderkey"`, type: `number`, title: `Orderkey`, primary_key: true, shown: true },
    orderstatus: { sql: `NULLIF(TRIM(${CUBE}."o_orderstatus"), '')`, type: `string`, title: `Orderstatus`, meta: { sample_values: true } },
    totalprice: { sql: `${CUBE}."o_totalprice"`, type: `number`, title: `Totalprice`, meta: { synonyms: [`order totalprice`], default_agg: `avg` } },
    orderdate: { sql: `${CUBE}."o_orderdate"`, type: `time`, title: `Orderdate` },
    orderpriority: { sql: `NULLIF(TRIM(${CUBE}."o_orderpriority"), '')`, type: `string`, title: `Orderpriority`, meta: { sample_values: true } },
    clerk: { sql: `NULLIF(TRIM(${CUBE}."o_clerk"), '')`, type: `string`, title: `Clerk`, meta: { synonyms: [`order clerk`], sample_values: true } },
    shippriority: { sql: `CASE ${CUBE}."o_shippriority" WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END`, type: `string`, title: `Shippriority`, meta: { synonyms: [`order shippriority`], value_synonyms: { yes: [`shippriority`], no: [`not shippriority`] }, sample_values: true, common_words: true } },
    comment: { sql: `NULLIF(TRIM(${CUBE}."o_comment"), '')`, type: `string`, title: `Comment`, meta: { synonyms: [`order comment`] } },
  },
});
