// Starter data model written by `quarry model init` from tpch.sqlite; it compiles.
// Curate it in curation.toml beside this file, not here: `quarry model init --refresh` rewrites
// these files and applies the curation again. Guessed from names and values: titles, other
// names (`synonyms`), which values people name (`sample_values`), units, display names.

cube(`supplier`, {
  sql: `SELECT * FROM "supplier"`,
  title: `Suppliers`,

  joins: {
    nation: { relationship: `many_to_one`, sql: `${CUBE}."s_nationkey" = ${nation}."n_nationkey"` },
  },

  measures: {
    count: { type: `count`, title: `Number of suppliers`, meta: { synonyms: [`supplier`, `supplier line`, `supplier record`, `supplier row`, `supplier entry`, `vendor`], verbs: [`supply`], joins: [`nation`] } },
    distinct_nationkey: { sql: `${CUBE}."s_nationkey"`, type: `count_distinct`, title: `Number of different nations`, meta: { of: `supplier.nationkey` } },
    sum_acctbal: { sql: `${CUBE}."s_acctbal"`, type: `sum`, title: `Total acctbal`, meta: { of: `supplier.acctbal` } },
    avg_acctbal: { sql: `${CUBE}."s_acctbal"`, type: `avg`, title: `Average acctbal`, meta: { of: `supplier.acctbal` } },
    min_acctbal: { sql: `${CUBE}."s_acctbal"`, type: `min`, title: `Minimum acctbal`, meta: { of: `supplier.acctbal` } },
    max_acctbal: { sql: `${CUBE}."s_acctbal"`, type: `max`, title: `Maximum acctbal`, meta: { of: `supplier.acctbal` } },
  },

  dimensions: {
    suppkey: { sql: `${CUBE}."s_suppkey"`, type: `number`, title: `Suppkey`, primary_key: true, shown: true },
    name: { sql: `NULLIF(TRIM(${CUBE}."s_name"), '')`, type: `string`, title: `Supplier name`, meta: { synonyms: [`supplier`, `suppkey`, `suppkey`, `vendor`], sample_values: true } },
    address: { sql: `NULLIF(TRIM(${CUBE}."s_address"), '')`, type: `string`, title: `Address`, meta: { synonyms: [`supplier address`] } },
    phone: { sql: `NULLIF(TRIM(${CUBE}."s_phone"), '')`, type: `string`, title: `Phone`, meta: { synonyms: [`supplier phone`] } },
    acctbal: { sql: `${CUBE}."s_acctbal"`, type: `number`, title: `Acctbal`, meta: { synonyms: [`supplier acctbal`], default_agg: `avg` } },
    comment: { sql: `NULLIF(TRIM(${CUBE}."s_comment"), '')`, type: `string`, title: `Comment`, meta: { synonyms: [`supplier comment`] } },
  },
});
