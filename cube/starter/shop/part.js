// Starter data model written by `quarry model init` from tpch.sqlite; it compiles.
// Curate it in curation.toml beside this file, not here: `quarry model init --refresh` rewrites
// these files and applies the curation again. Guessed from names and values: titles, other
// names (`synonyms`), which values people name (`sample_values`), units, display names.

cube(`part`, {
  sql: `SELECT * FROM "part"`,
  title: `Parts`,

  measures: {
    count: { type: `count`, title: `Number of parts`, meta: { synonyms: [`part`, `part line`, `part record`, `part row`, `part entry`] } },
    distinct_mfgr: { sql: `${CUBE}."p_mfgr"`, type: `count_distinct`, title: `Number of different mfgrs`, meta: { of: `part.mfgr` } },
    distinct_brand: { sql: `${CUBE}."p_brand"`, type: `count_distinct`, title: `Number of different brands`, meta: { of: `part.brand` } },
    distinct_type: { sql: `${CUBE}."p_type"`, type: `count_distinct`, title: `Number of different part types`, meta: { of: `part.type` } },
    sum_size: { sql: `${CUBE}."p_size"`, type: `sum`, title: `Total size`, meta: { of: `part.size` } },
    avg_size: { sql: `${CUBE}."p_size"`, type: `avg`, title: `Average size`, meta: { of: `part.size` } },
    min_size: { sql: `${CUBE}."p_size"`, type: `min`, title: `Minimum size`, meta: { of: `part.size` } },
    max_size: { sql: `${CUBE}."p_size"`, type: `max`, title: `Maximum size`, meta: { of: `part.size` } },
    distinct_container: { sql: `${CUBE}."p_container"`, type: `count_distinct`, title: `Number of different containers`, meta: { of: `part.container` } },
    sum_retailprice: { sql: `${CUBE}."p_retailprice"`, type: `sum`, title: `Total retailprice`, meta: { of: `part.retailprice` } },
    avg_retailprice: { sql: `${CUBE}."p_retailprice"`, type: `avg`, title: `Average retailprice`, meta: { of: `part.retailprice` } },
    min_retailprice: { sql: `${CUBE}."p_retailprice"`, type: `min`, title: `Minimum retailprice`, meta: { of: `part.retailprice` } },
    max_retailprice: { sql: `${CUBE}."p_retailprice"`, type: `max`, title: `Maximum retailprice`, meta: { of: `part.retailprice` } },
  },

  dimensions: {
    partkey: { sql: `${CUBE}."p_partkey"`, type: `number`, title: `Partkey`, primary_key: true, shown: true },
    name: { sql: `NULLIF(TRIM(${CUBE}."p_name"), '')`, type: `string`, title: `Part name`, meta: { synonyms: [`part`, `partkey`, `partkey`], sample_values: true } },
    mfgr: { sql: `NULLIF(TRIM(${CUBE}."p_mfgr"), '')`, type: `string`, title: `Mfgr`, meta: { synonyms: [`part mfgr`], sample_values: true } },
    brand: { sql: `NULLIF(TRIM(${CUBE}."p_brand"), '')`, type: `string`, title: `Brand`, meta: { synonyms: [`part brand`], sample_values: true } },
    type: { sql: `NULLIF(TRIM(${CUBE}."p_type"), '')`, type: `string`, title: `Part type`, meta: { synonyms: [`type`], sample_values: true } },
    size: { sql: `${CUBE}."p_size"`, type: `number`, title: `Size`, meta: { synonyms: [`part size`], higher: [`big`, `large`], lower: [`small`], default_agg: `avg` } },
    container: { sql: `NULLIF(TRIM(${CUBE}."p_container"), '')`, type: `string`, title: `Container`, meta: { synonyms: [`part container`], sample_values: true } },
    retailprice: { sql: `${CUBE}."p_retailprice"`, type: `number`, title: `Retailprice`, meta: { synonyms: [`part retailprice`], default_agg: `avg` } },
    comment: { sql: `NULLIF(TRIM(${CUBE}."p_comment"), '')`, type: `string`, title: `Comment`, meta: { synonyms: [`part comment`] } },
  },
});
