// Starter data model written by `quarry model init` from tpch.sqlite; it compiles.
// Curate it in curation.toml beside this file, not here: `quarry model init --refresh` rewrites
// these files and applies the curation again. Guessed from names and values: titles, other
// names (`synonyms`), which values people name (`sample_values`), units, display names.

cube(`region`, {
  sql: `SELECT * FROM "region"`,
  title: `Regions`,

  measures: {
    count: { type: `count`, title: `Number of regions`, meta: { synonyms: [`region`, `region line`, `region record`, `region row`, `region entry`] } },
  },

  dimensions: {
    regionkey: { sql: `${CUBE}."r_regionkey"`, type: `number`, title: `Regionkey`, primary_key: true, shown: true },
    name: { sql: `NULLIF(TRIM(${CUBE}."r_name"), '')`, type: `string`, title: `Region name`, meta: { synonyms: [`region`, `regionkey`], sample_values: true } },
    comment: { sql: `NULLIF(TRIM(${CUBE}."r_comment"), '')`, type: `string`, title: `Comment`, meta: { synonyms: [`region comment`] } },
  },
});
