// Curated from cube/starter/shop/part.js: parts are the products; brands, manufacturers, types
// and containers are sampled; no sums of sizes.
cube(`part`, {
  sql: `SELECT * FROM part`,
  title: `Parts`,

  measures: {
    count: { type: `count`, title: `Number of parts`, meta: { synonyms: [`part`, `product`, `item type`, `sku`, `merchandise`], scope: [`in the catalog`, `in the catalogue`] } },
    avg_p_size: { sql: `p_size`, type: `avg`, title: `Average part size`, meta: { of: `part.p_size` } },
    min_p_size: { sql: `p_size`, type: `min`, title: `Minimum part size`, meta: { of: `part.p_size` } },
    max_p_size: { sql: `p_size`, type: `max`, title: `Maximum part size`, meta: { of: `part.p_size` } },
    avg_p_retailprice: { sql: `p_retailprice`, type: `avg`, title: `Average retail price`, meta: { of: `part.p_retailprice` } },
    min_p_retailprice: { sql: `p_retailprice`, type: `min`, title: `Minimum retail price`, meta: { of: `part.p_retailprice` } },
    max_p_retailprice: { sql: `p_retailprice`, type: `max`, title: `Maximum retail price`, meta: { of: `part.p_retailprice` } },
    distinct_p_brand: { sql: `p_brand`, type: `count_distinct`, title: `Distinct brands`, meta: { of: `part.p_brand` } },
  },

  dimensions: {
    p_partkey: { sql: `p_partkey`, type: `number`, title: `Part key`, primary_key: true, shown: true },
    p_name: { sql: `p_name`, type: `string`, title: `Part name` },
    p_mfgr: { sql: `p_mfgr`, type: `string`, title: `Part manufacturer`, meta: { synonyms: [`manufacturer`, `maker`], sample_values: true } },
    p_brand: { sql: `p_brand`, type: `string`, title: `Brand`, meta: { synonyms: [`brand`], sample_values: true } },
    p_type: { sql: `p_type`, type: `string`, title: `Part type`, meta: { synonyms: [`part type`, `product type`, `type`], sample_values: true, common_words: true } },
    p_size: { sql: `p_size`, type: `number`, title: `Part size`, meta: { synonyms: [`size`] } },
    p_container: { sql: `p_container`, type: `string`, title: `Container`, meta: { synonyms: [`container`, `container type`, `packaging`], sample_values: true, common_words: true } },
    p_retailprice: { sql: `p_retailprice`, type: `number`, title: `Retail price`, meta: { unit: `USD`, synonyms: [`retail price`, `list price`], verbs: [`retail`], higher: [`expensive`, `costly`, `pricey`], lower: [`cheap`, `inexpensive`] } },
    p_comment: { sql: `p_comment`, type: `string`, title: `Comment` },
  },
});
