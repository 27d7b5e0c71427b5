// Starter data model written by `quarry model init` from tpch.sqlite; it compiles.
// Curate it in curation.toml beside this file, not here: `quarry model init --refresh` rewrites
// these files and applies the curation again. Guessed from names and values: titles, other
// names (`synonyms`), which values people name (`sample_values`), units, display names.

cube(`lineitem`, {
  sql: `SELECT rowid, * FROM "lineitem"`,
  title: `Lineitems`,

  joins: {
    orders: { relationship: `many_to_one`, sql: `${CUBE}."l_orderkey" = ${orders}."o_orderkey"` },
    part: { relationship: `many_to_one`, sql: `${CUBE}."l_partkey" = ${part}."p_partkey"` },
    supplier: { relationship: `many_to_one`, sql: `${CUBE}."l_suppkey" = ${supplier}."s_suppkey"` },
  },

  measures: {
    count: { type: `count`, title: `Number of lineitems`, meta: { synonyms: [`lineitem`, `lineitem line`, `lineitem record`, `lineitem row`, `lineitem entry`], joins: [`orders`, `part`, `supplier`] } },
    distinct_orderkey: { sql: `${CUBE}."l_orderkey"`, type: `count_distinct`, title: `Number of different orders`, meta: { of: `lineitem.orderkey` } },
    distinct_partkey: { sql: `${CUBE}."l_partkey"`, type: `count_distinct`, title: `Number of different parts`, meta: { of: `lineitem.partkey` } },
    distinct_suppkey: { sql: `${CUBE}."l_suppkey"`, type: `count_distinct`, title: `Number of different suppliers`, meta: { of: `lineitem.suppkey` } },
    sum_linenumber: { sql: `${CUBE}."l_linenumber"`, type: `sum`, title: `Total linenumber`, meta: { of: `lineitem.linenumber` } },
    avg_linenumber: { sql: `${CUBE}."l_linenumber"`, type: `avg`, title: `Average linenumber`, meta: { of: `lineitem.linenumber` } },
    min_linenumber: { sql: `${CUBE}."l_linenumber"`, type: `min`, title: `Minimum linenumber`, meta: { of: `lineitem.linenumber` } },
    max_linenumber: { sql: `${CUBE}."l_linenumber"`, type: `max`, title: `Maximum linenumber`, meta: { of: `lineitem.linenumber` } },
    sum_quantity: { sql: `${CUBE}."l_quantity"`, type: `sum`, title: `Total quantity`, meta: { of: `lineitem.quantity` } },
    avg_quantity: { sql: `${CUBE}."l_quantity"`, type: `avg`, title: `Average quantity`, meta: { of: `lineitem.quantity` } },
    min_quantity: { sql: `${CUBE}."l_quantity"`, type: `min`, title: `Minimum quantity`, meta: { of: `lineitem.quantity` } },
    max_quantity: { sql: `${CUBE}."l_quantity"`, type: `max`, title: `Maximum quantity`, meta: { of: `lineitem.quantity` } },
    sum_extendedprice: { sql: `${CUBE}."l_extendedprice"`, type: `sum`, title: `Total extendedprice`, meta: { of: `lineitem.extendedprice` } },
    avg_extendedprice: { sql: `${CUBE}."l_extendedprice"`, type: `avg`, title: `Average extendedprice`, meta: { of: `lineitem.extendedprice` } },
    min_extendedprice: { sql: `${CUBE}."l_extendedprice"`, type: `min`, title: `Minimum extendedprice`, meta: { of: `lineitem.extendedprice` } },
    max_extendedprice: { sql: `${CUBE}."l_extendedprice"`, type: `max`, title: `Maximum extendedprice`, meta: { of: `lineitem.extendedprice` } },
    sum_discount: { sql: `${CUBE}."l_discount"`, type: `sum`, title: `Total discount`, meta: { of: `lineitem.discount` } },
    avg_discount: { sql: `${CUBE}."l_discount"`, type: `avg`, title: `Average discount`, meta: { of: `lineitem.discount` } },
    min_discount: { sql: `${CUBE}."l_discount"`, type: `min`, title: `Minimum discount`, meta: { of: `lineitem.discount` } },
    max_discount: { sql: `${CUBE}."l_discount"`, type: `max`, title: `Maximum discount`, meta: { of: `lineitem.discount` } },
    sum_tax: { sql: `${CUBE}."l_tax"`, type: `sum`, title: `Total tax`, meta: { of: `lineitem.tax` } },
    avg_tax: { sql: `${CUBE}."l_tax"`, type: `avg`, title: `Average tax`, meta: { of: `lineitem.tax` } },
    min_tax: { sql: `${CUBE}."l_tax"`, type: `min`, title: `Minimum tax`, meta: { of: `lineitem.tax` } },
    max_tax: { sql: `${CUBE}."l_tax"`, type: `max`, title: `Maximum tax`, meta: { of: `lineitem.tax` } },
    distinct_returnflag: { sql: `${CUBE}."l_returnflag"`, type: `count_distinct`, title: `Number of different returnflags`, meta: { of: `lineitem.returnflag` } },
    distinct_linestatus: { sql: `${CUBE}."l_linestatus"`, type: `count_distinct`, title: `Number of different linestatus`, meta: { of: `lineitem.linestatus` } },
    distinct_shipinstruct: { sql: `${CUBE}."l_shipinstruct"`, type: `count_distinct`, title: `Number of different shipinstructs`, meta: { of: `lineitem.shipinstruct` } },
    distinct_shipmode: { sql: `${CUBE}."l_shipmode"`, type: `count_distinct`, title: `Number of different shipmodes`, meta: { of: `lineitem.shipmode` } },
  },

  dimensions: {
    rowid: { sql: `${CUBE}.rowid`, type: `number`, primary_key: true },
    linenumber: { sql: `${CUBE}."l_linenumber"`, type: `number`, title: `Linenumber`, meta: { synonyms: [`lineitem linenumber`], default_agg: `avg` } },
    quantity: { sql: `${CUBE}."l_quantity"`, type: `number`, title: `Quantity`, meta: { synonyms: [`units`, `number of units`, `lineitem quantity`], better: `higher`, default_agg: `sum` } },
    extendedprice: { sql: `${CUBE}."l_extendedprice"`, type: `number`, title: `Extendedprice`, meta: { synonyms: [`lineitem extendedprice`], default_agg: `avg` } },
    discount: { sql: `${CUBE}."l_discount"`, type: `number`, title: `Discount`, meta: { synonyms: [`lineitem discount`], default_agg: `avg` } },
    tax: { sql: `${CUBE}."l_tax"`, type: `number`, title: `Tax`, meta: { synonyms: [`lineitem tax`], default_agg: `avg` } },
    returnflag: { sql: `NULLIF(TRIM(${CUBE}."l_returnflag"), '')`, type: `string`, title: `Returnflag`, meta: { synonyms: [`lineitem returnflag`], sample_values: true } },
    linestatus: { sql: `NULLIF(TRIM(${CUBE}."l_linestatus"), '')`, type: `string`, title: `Linestatus`, meta: { synonyms: [`lineitem linestatus`], sample_values: true } },
    shipdate: { sql: `${CUBE}."l_shipdate"`, type: `time`, title: `Shipdate`, meta: { synonyms: [`lineitem shipdate`] } },
    commitdate: { sql: `${CUBE}."l_commitdate"`, type: `time`, title: `Commitdate`, meta: { synonyms: [`lineitem commitdate`] } },
    receiptdate: { sql: `${CUBE}."l_receiptdate"`, type: `time`, title: `Receiptdate`, meta: { synonyms: [`lineitem receiptdate`] } },
    shipinstruct: { sql: `NULLIF(TRIM(${CUBE}."l_shipinstruct"), '')`, type: `string`, title: `Shipinstruct`, meta: { synonyms: [`lineitem shipinstruct`], sample_values: true, common_words: true } },
    shipmode: { sql: `NULLIF(TRIM(${CUBE}."l_shipmode"), '')`, type: `string`, title: `Shipmode`, meta: { synonyms: [`lineitem shipmode`], sample_values: true, common_words: true } },
    comment: { sql: `NULLIF(TRIM(${CUBE}."l_comment"), '')`, type: `string`, title: `Comment`, meta: { synonyms: [`lineitem comment`] } },
    orderdate: { sql: `${CUBE}."l_orderdate"`, type: `time`, title: `Orderdate`, meta: { synonyms: [`lineitem orderdate`] } },
  },
});
