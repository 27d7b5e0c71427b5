// Starter data model written by `quarry model init` from tpch.sqlite; it compiles.
// Curate it in curation.toml beside this file, not here: `quarry model init --refresh` rewrites
// these files and applies the curation again. Guessed from names and values: titles, other
// names (`synonyms`), which values people name (`sample_values`), units, display names.

cube(`partsupp`, {
  sql: `SELECT rowid, * FROM "partsupp"`,
  title: `Partsupps`,

  joins: {
    part: { relationship: `many_to_one`, sql: `${CUBE}."ps_partkey" = ${part}."p_partkey"` },
    supplier: { relationship: `many_to_one`, sql: `${CUBE}."ps_suppkey" = ${supplier}."s_suppkey"` },
  },

  measures: {
    count: { type: `count`, title: `Number of partsupps`, meta: { synonyms: [`partsupp`, `partsupp line`, `partsupp record`, `partsupp row`, `partsupp entry`], joins: [`part`, `supplier`] } },
    distinct_partkey: { sql: `${CUBE}."ps_partkey"`, type: `count_distinct`, title: `Number of different parts`, meta: { of: `partsupp.partkey` } },
    distinct_suppkey: { sql: `${CUBE}."ps_suppkey"`, type: `count_distinct`, title: `Number of different suppliers`, meta: { of: `partsupp.suppkey` } },
    sum_availqty: { sql: `${CUBE}."ps_availqty"`, type: `sum`, title: `Total availqty`, meta: { of: `partsupp.availqty` } },
    avg_availqty: { sql: `${CUBE}."ps_availqty"`, type: `avg`, title: `Average availqty`, meta: { of: `partsupp.availqty` } },
    min_availqty: { sql: `${CUBE}."ps_availqty"`, type: `min`, title: `Minimum availqty`, meta: { of: `partsupp.availqty` } },
    max_availqty: { sql: `${CUBE}."ps_availqty"`, type: `max`, title: `Maximum availqty`, meta: { of: `partsupp.availqty` } },
    sum_supplycost: { sql: `${CUBE}."ps_supplycost"`, type: `sum`, title: `Total supplycost`, meta: { of: `partsupp.supplycost` } },
    avg_supplycost: { sql: `${CUBE}."ps_supplycost"`, type: `avg`, title: `Average supplycost`, meta: { of: `partsupp.supplycost` } },
    min_supplycost: { sql: `${CUBE}."ps_supplycost"`, type: `min`, title: `Minimum supplycost`, meta: { of: `partsupp.supplycost` } },
    max_supplycost: { sql: `${CUBE}."ps_supplycost"`, type: `max`, title: `Maximum supplycost`, meta: { of: `partsupp.supplycost` } },
  },

  dimensions: {
    rowid: { sql: `${CUBE}.rowid`, type: `number`, primary_key: true },
    availqty: { sql: `${CUBE}."ps_availqty"`, type: `number`, title: `Availqty`, meta: { synonyms: [`partsupp availqty`], default_agg: `avg` } },
    supplycost: { sql: `${CUBE}."ps_supplycost"`, type: `number`, title: `Supplycost`, meta: { synonyms: [`partsupp supplycost`], default_agg: `avg` } },
    comment: { sql: `NULLIF(TRIM(${CUBE}."ps_comment"), '')`, type: `string`, title: `Comment`, meta: { synonyms: [`partsupp comment`] } },
  },
});
