// Curated from cube/starter/shop/partsupp.js: which supplier offers which part, how many it has
// and at what cost.
cube(`partsupp`, {
  sql: `SELECT rowid, * FROM partsupp`,
  title: `Part offers`,

  joins: {
    part: { relationship: `many_to_one`, sql: `${CUBE}.ps_partkey = ${part}.p_partkey` },
    supplier: { relationship: `many_to_one`, sql: `${CUBE}.ps_suppkey = ${supplier}.s_suppkey` },
  },

  measures: {
    count: { type: `count`, title: `Number of part offers`, meta: { synonyms: [`part offer`, `offer`], verbs: [`carry`, `offer`, `sell`], joins: [`part`, `supplier`] } },
    distinct_ps_suppkey: { sql: `ps_suppkey`, type: `count_distinct`, title: `Distinct suppliers`, meta: { of: `partsupp.ps_suppkey` } },
    distinct_ps_partkey: { sql: `ps_partkey`, type: `count_distinct`, title: `Distinct parts`, meta: { of: `partsupp.ps_partkey` } },
    sum_ps_availqty: { sql: `ps_availqty`, type: `sum`, title: `Total available quantity`, meta: { of: `partsupp.ps_availqty` } },
    avg_ps_availqty: { sql: `ps_availqty`, type: `avg`, title: `Average available quantity`, meta: { of: `partsupp.ps_availqty` } },
    stock_value: {
      sql: `${CUBE}.ps_supplycost * ${CUBE}.ps_availqty`,
      type: `sum`,
      title: `Stock value`,
      description: `What the stock on hand cost: sum(ps_supplycost * ps_availqty).`,
      meta: { unit: `USD`, synonyms: [`stock value`, `inventory value`, `value of the stock`, `value of stock`, `value of the inventory`, `value of inventory`, `worth of the stock`, `stock worth`, `value of the parts in stock`] },
    },
    avg_ps_supplycost: { sql: `ps_supplycost`, type: `avg`, title: `Average supply cost`, meta: { of: `partsupp.ps_supplycost` } },
    min_ps_supplycost: { sql: `ps_supplycost`, type: `min`, title: `Minimum supply cost`, meta: { of: `partsupp.ps_supplycost` } },
    max_ps_supplycost: { sql: `ps_supplycost`, type: `max`, title: `Maximum supply cost`, meta: { of: `partsupp.ps_supplycost` } },
  },

  dimensions: {
    rowid: { sql: `rowid`, type: `number`, primary_key: true },
    ps_partkey: { sql: `ps_partkey`, type: `number`, title: `Part key` },
    ps_suppkey: { sql: `ps_suppkey`, type: `number`, title: `Supplier key` },
    ps_availqty: { sql: `ps_availqty`, type: `number`, title: `Available quantity`, meta: { synonyms: [`available quantity`, `stock`, `inventory`, `units available`, `available units`, `units in stock`], verbs: [`hold`, `stock`, `keep`, `have available`], default_agg: `sum` } },
    ps_supplycost: { sql: `ps_supplycost`, type: `number`, title: `Supply cost`, meta: { unit: `USD`, synonyms: [`supply cost`, `cost`] } },
    ps_comment: { sql: `ps_comment`, type: `string`, title: `Comment` },
  },
});
