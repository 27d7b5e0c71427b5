cube(`planes`, {
  sql: `SELECT * FROM planes`,
  title: `Planes`,
  description: `Aircraft by tail number: maker, model, seats, engines.`,

  measures: {
    count: {
      type: `count`,
      title: `Number of planes`,
      meta: { synonyms: [`planes`, `aircraft`, `number of planes`, `fleet size`] },
    },
    total_seats: {
      type: `sum`,
      sql: `seats`,
      title: `Total seats`,
      meta: { synonyms: [`seats`, `total seats`, `capacity`] },
    },
    avg_seats: {
      type: `avg`,
      sql: `seats`,
      title: `Average seats`,
      meta: { synonyms: [`average seats`, `seats per plane`] },
    },
    avg_year: { type: `avg`, sql: `year`, title: `Average year built` },
  },

  dimensions: {
    tailnum: { sql: `tailnum`, type: `string`, primary_key: true, shown: true, title: `Tail number` },
    manufacturer: {
      sql: `manufacturer`,
      type: `string`,
      title: `Manufacturer`,
      meta: { synonyms: [`manufacturer`, `manufacturers`, `maker`, `plane manufacturer`, `plane manufacturers`, `builder`], sample_values: true },
    },
    model: { sql: `model`, type: `string`, title: `Model`, meta: { synonyms: [`model`, `plane model`] } },
    type: { sql: `type`, type: `string`, title: `Aircraft type` },
    engine: { sql: `engine`, type: `string`, title: `Engine type` },
    engines: { sql: `engines`, type: `number`, title: `Number of engines` },
    seats: { sql: `seats`, type: `number`, title: `Seats` },
    year_built: { sql: `year`, type: `number`, title: `Year built` },
  },
});
