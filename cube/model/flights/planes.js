import { distinctCount, numerics } from './members';

const numeric = numerics(`planes`, {
  seats: { column: `seats`, title: `Seats`, meta: { synonyms: [`seat`, `seats`, `capacity`, `seating capacity`] } },
  engines: { column: `engines`, title: `Engines`, meta: { synonyms: [`engine`, `engines`, `number of engines`] } },
  year_built: {
    column: `year`,
    title: `Year built`,
    unit: `year`,
    aggs: [`avg`, `min`, `max`],
    meta: { synonyms: [`year built`, `year of manufacture`, `build year`], verbs: [`build`, `manufacture`, `make`, `produce`], higher: [`new`, `recent`, `young`], lower: [`old`] },
  },
  // every flight here is of 2013: a plane's age is its age that year
  age: { column: `2013 - year`, title: `Plane age`, unit: `years`, aggs: [`avg`, `min`, `max`], meta: { synonyms: [`age`, `plane age`, `aircraft age`, `age in 2013`] } },
  speed: { column: `speed`, title: `Cruising speed`, unit: `mph`, aggs: [`avg`, `min`, `max`], meta: { synonyms: [`cruising speed`, `plane speed`, `aircraft speed`] } },
});

cube(`planes`, {
  sql: `SELECT * FROM planes`,
  title: `Planes`,
  description: `Aircraft by tail number: maker, model, seats, engines, year built.`,

  measures: {
    ...distinctCount(`planes`, `manufacturer`, `manufacturer`, `Distinct manufacturers`),
    ...distinctCount(`planes`, `model`, `model`, `Distinct models`),
    count: { type: `count`, title: `Number of planes`, meta: { synonyms: [`plane`, `aircraft`, `airplane`, `jet`, `fleet`], verbs: [`own`, `register`, `build`, `make`, `manufacture`] } },
    ...numeric.measures,
  },

  dimensions: {
    tailnum: { sql: `tailnum`, type: `string`, primary_key: true, shown: true, title: `Tail number`, meta: { synonyms: [`tail number`, `tail`, `plane`, `aircraft`, `airplane`] } },
    manufacturer: {
      sql: `manufacturer`,
      type: `string`,
      title: `Manufacturer`,
      meta: {
        synonyms: [`manufacturer`, `maker`, `builder`, `plane manufacturer`, `aircraft manufacturer`],
        sample_values: true,
        value_cues: [`by`, `from`],
      },
    },
    model: { sql: `model`, type: `string`, title: `Model`, meta: { synonyms: [`model`, `plane model`, `aircraft model`], sample_values: true } },
    type: {
      sql: `type`,
      type: `string`,
      title: `Aircraft type`,
      meta: { synonyms: [`aircraft type`, `plane type`, `type`], sample_values: true, common_words: true },
    },
    engine: {
      sql: `engine`,
      type: `string`,
      title: `Engine type`,
      meta: { synonyms: [`engine type`, `kind of engine`], sample_values: true, common_words: true },
    },
    ...numeric.dimensions,
  },
});
