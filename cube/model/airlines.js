cube(`airlines`, {
  sql: `SELECT * FROM airlines`,
  title: `Airlines`,
  description: `Airline names by carrier code.`,

  measures: {
    count: { type: `count`, title: `Number of airlines` },
  },

  dimensions: {
    carrier: {
      sql: `carrier`,
      type: `string`,
      primary_key: true,
      shown: true,
      title: `Carrier code`,
    },
    name: {
      sql: `name`,
      type: `string`,
      title: `Airline`,
      description: `Full airline name, e.g. United Air Lines Inc.`,
      meta: { synonyms: [`airline`, `airlines`, `airline name`, `airline names`, `carrier name`, `by name`], sample_values: true },
    },
  },
});
