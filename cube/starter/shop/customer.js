// Starter data model written by `quarry model init` from tpch.sqlite; it compiles.
// Curate it in curation.toml beside this file, not here: `quarry model init --refresh` rewrites
// these files and applies the curation again. Guessed from names and values: titles, other
// names (`synonyms`), which values people name (`sample_values`), units, display names.

cube(`customer`, {
  sql: `SELECT * FROM "customer"`,
  title: `Customers`,

  joins: {
    nation: { relationship: `many_to_one`, sql: `${CUBE}."c_nationkey" = ${nation}."n_nationkey"` },
  },

  measures: {
    count: { type: `count`, title: `Number of customers`, meta: { synonyms: [`customer`, `customer line`, `customer record`, `customer row`, `customer entry`, `client`, `buyer`], verbs: [`buy`, `purchase`, `order`, `shop`], joins: [`nation`] } },
    distinct_nationkey: { sql: `${CUBE}."c_nationkey"`, type: `count_distinct`, title: `Number of different nations`, meta: { of: `customer.nationkey` } },
    sum_acctbal: { sql: `${CUBE}."c_acctbal"`, type: `sum`, title: `Total acctbal`, meta: { of: `customer.acctbal` } },
    avg_acctbal: { sql: `${CUBE}."c_acctbal"`, type: `avg`, title: `Average acctbal`, meta: { of: `customer.acctbal` } },
    min_acctbal: { sql: `${CUBE}."c_acctbal"`, type: `min`, title: `Minimum acctbal`, meta: { of: `customer.acctbal` } },
    max_acctbal: { sql: `${CUBE}."c_acctbal"`, type: `max`, title: `Maximum acctbal`, meta: { of: `customer.acctbal` } },
    distinct_mktsegment: { sql: `${CUBE}."c_mktsegment"`, type: `count_distinct`, title: `Number of different mktsegments`, meta: { of: `customer.mktsegment` } },
  },

  dimensions: {
    custkey: { sql: `${CUBE}."c_custkey"`, type: `number`, title: `Custkey`, primary_key: true, shown: true },
    name: { sql: `NULLIF(TRIM(${CUBE}."c_name"), '')`, type: `string`, title: `Customer name`, meta: { synonyms: [`customer`, `custkey`, `client`, `buyer`], sample_values: true } },
    address: { sql: `NULLIF(TRIM(${CUBE}."c_address"), '')`, type: `string`, title: `Address`, meta: { synonyms: [`customer address`] } },
    phone: { sql: `NULLIF(TRIM(${CUBE}."c_phone"), '')`, type: `string`, title: `Phone`, meta: { synonyms: [`customer phone`] } },
    acctbal: { sql: `${CUBE}."c_acctbal"`, type: `number`, title: `Acctbal`, meta: { synonyms: [`customer acctbal`], default_agg: `avg` } },
    mktsegment: { sql: `NULLIF(TRIM(${CUBE}."c_mktsegment"), '')`, type: `string`, title: `Mktsegment`, meta: { synonyms: [`customer mktsegment`], sample_values: true, common_words: true } },
    comment: { sql: `NULLIF(TRIM(${CUBE}."c_comment"), '')`, type: `string`, title: `Comment`, meta: { synonyms: [`customer comment`] } },
  },
});
