// Curated from cube/starter/shop/orders.js (`quarry model init`): titles, synonyms, sampled
// values with what their codes mean, the order date as the time dimension, no sum of priorities.
cube(`orders`, {
  sql: `SELECT * FROM orders`,
  title: `Orders`,
  description: `Orders placed by customers, 1992-1998.`,

  joins: {
    customer: { relationship: `many_to_one`, sql: `${CUBE}.o_custkey = ${customer}.c_custkey` },
  },

  measures: {
    count: {
      type: `count`,
      title: `Number of orders`,
      meta: {
        synonyms: [`order`, `purchase`],
        verbs: [`place`, `order`, `make`, `buy`, `purchase`, `book`],
        joins: [`customer`],
      },
    },
    distinct_o_custkey: { sql: `o_custkey`, type: `count_distinct`, title: `Distinct customers`, meta: { of: `orders.o_custkey` } },
    distinct_o_clerk: { sql: `o_clerk`, type: `count_distinct`, title: `Number of clerks`, meta: { of: `orders.o_clerk`, synonyms: [`clerk`, `distinct clerks`] } },
    sum_o_totalprice: { sql: `o_totalprice`, type: `sum`, title: `Total order price`, meta: { of: `orders.o_totalprice` } },
    avg_o_totalprice: { sql: `o_totalprice`, type: `avg`, title: `Average order price`, meta: { of: `orders.o_totalprice` } },
    min_o_totalprice: { sql: `o_totalprice`, type: `min`, title: `Minimum order price`, meta: { of: `orders.o_totalprice` } },
    max_o_totalprice: { sql: `o_totalprice`, type: `max`, title: `Maximum order price`, meta: { of: `orders.o_totalprice` } },
  },

  dimensions: {
    o_orderkey: { sql: `o_orderkey`, type: `number`, title: `Order key`, primary_key: true, shown: true, meta: { synonyms: [`order number`, `order id`] } },
    o_custkey: { sql: `o_custkey`, type: `number`, title: `Customer key` },
    o_orderstatus: {
      sql: `o_orderstatus`,
      type: `string`,
      title: `Order status`,
      description: `F: fulfilled (every item shipped), O: open (none shipped), P: partly shipped.`,
      meta: {
        synonyms: [`status`, `order status`],
        sample_values: true,
        value_synonyms: { F: [`fulfilled`, `finished`, `complete`, `completed`], O: [`open`], P: [`partial`, `partly shipped`, `partially shipped`, `partially`, `pending`] },
      },
    },
    o_totalprice: {
      sql: `o_totalprice`,
      type: `number`,
      title: `Order price`,
      meta: { unit: `USD`, synonyms: [`total price`, `order total`, `order total price`, `order value`, `price`, `order amount`], default_agg: `sum`, higher: [`expensive`, `costly`, `pricey`], lower: [`cheap`, `inexpensive`] },
    },
    o_orderdate: { sql: `o_orderdate`, type: `time`, title: `Order date`, meta: { synonyms: [`order date`, `date placed`], verbs: [`order`, `place`] } },
    o_weekday: {
      sql: `CASE CAST(strftime('%w', ${CUBE}.o_orderdate) AS INTEGER) WHEN 0 THEN 'Sunday' WHEN 1 THEN 'Monday' WHEN 2 THEN 'Tuesday' WHEN 3 THEN 'Wednesday' WHEN 4 THEN 'Thursday' WHEN 5 THEN 'Friday' ELSE 'Saturday' END`,
      type: `string`,
      title: `Order day of the week`,
      meta: {
        synonyms: [`day of the week`, `day of week`, `weekday`, `order weekday`],
        verbs: [`order`, `place`],
        sample_values: true,
        common_words: true,
        value_groups: { weekend: [`Saturday`, `Sunday`], weekday: [`Monday`, `Tuesday`, `Wednesday`, `Thursday`, `Friday`] },
      },
    },
    o_orderpriority: {
      sql: `o_orderpriority`,
      type: `string`,
      title: `Order priority`,
      meta: {
        synonyms: [`priority`, `order priority`],
        sample_values: true,
        value_synonyms: { '1-URGENT': [`urgent`], '2-HIGH': [`high priority`, `high`], '3-MEDIUM': [`medium priority`, `medium`], '4-NOT SPECIFIED': [`not specified`, `unspecified`], '5-LOW': [`low priority`, `low`] },
      },
    },
    o_clerk: { sql: `o_clerk`, type: `string`, title: `Clerk`, meta: { verbs: [`process`, `handle`, `take`] } },
    o_shippriority: { sql: `o_shippriority`, type: `number`, title: `Shipping priority` },
    o_comment: { sql: `o_comment`, type: `string`, title: `Comment` },
  },
});
