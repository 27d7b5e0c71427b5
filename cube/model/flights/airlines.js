cube(`airlines`, {
  sql: `SELECT * FROM airlines`,
  title: `Airlines`,
  description: `Airline names by carrier code.`,

  measures: {
    count: { type: `count`, title: `Number of airlines`, meta: { synonyms: [`airline`, `carrier`] } },
  },

  dimensions: {
    carrier: { sql: `carrier`, type: `string`, primary_key: true, shown: true, title: `Carrier code` },
    name: {
      sql: `name`,
      type: `string`,
      title: `Airline name`,
      description: `Full airline name, e.g. United Air Lines Inc.`,
      meta: { synonyms: [`airline name`, `carrier name`] },
    },
  },
});
