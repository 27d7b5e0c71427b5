// Starter data model written by `quarry model init` from tpch.sqlite; it compiles.
// Curate it in curation.toml beside this file, not here: `quarry model init --refresh` rewrites
// these files and applies the curation again. Guessed from names and values: titles, other
// names (`synonyms`), which values people name (`sample_values`), units, display names.

cube(`nation`, {
  sql: `SELECT * FROM "nation"`,
  title: `Nations`,

  joins: {
    region: { relationship: `many_to_one`, sql: `${CUBE}."n_regionkey" = ${region}."r_regionkey"` },
  },

  measures: {
    count: { type: `count`, title: `Number of nations`, meta: { synonyms: [`nation`, `nation line`, `nation record`, `nation row`, `nation entry`], joins: [`region`] } },
    distinct_regionkey: { sql: `${CUBE}."n_regionkey"`, type: `count_distinct`, title: `Number of different regions`, meta: { of: `nation.regionkey` } },
  },

  dimensions: {
    nationkey: { sql: `${CUBE}."n_nationkey"`, type: `number`, title: `Nationkey`, primary_key: true, shown: true },
    name: { sql: `NULLIF(TRIM(${CUBE}."n_name"), '')`, type: `string`, title: `Nation name`, meta: { synonyms: [`nation`, `nationkey`, `nationkey`], sample_values: true } },
    comment: { sql: `NULLIF(TRIM(${CUBE}."n_comment"), '')`, type: `string`, title: `Comment`, meta: { synonyms: [`nation comment`] } },
  },
});
