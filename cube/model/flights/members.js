// Builders shared by the data model. A question names a column and an aggregation ("highest wind
// speed", "average seats"), so every useful numeric column gets a dimension (for thresholds such
// as "more than 300 seats") and one measure per aggregation; `meta.of` tells the query agent which
// column a measure aggregates, so it can compose aggregation x column instead of matching titles.

const AGGREGATIONS = {
  avg: { type: `avg`, word: `Average` },
  sum: { type: `sum`, word: `Total` },
  min: { type: `min`, word: `Minimum` },
  max: { type: `max`, word: `Maximum` },
};

// Clock times (HHMM) and years are numbers without a unit worth printing.
const withUnit = (title, unit) => (unit && unit !== `clock` && unit !== `year` ? `${title} (${unit})` : title);

// A numeric column: its dimension plus measures `<agg>_<name>` for the aggregations given.
export const numeric = (cubeName, name, { column, title, unit, aggs = [`avg`, `sum`, `min`, `max`], meta = {} }) => {
  // Cube wants `sql` as a function; outside cube() a template literal would be a plain string.
  const sql = () => column;
  const dimension = { [name]: { sql, type: `number`, title: withUnit(title, unit), meta: { unit, ...meta } } };
  const measures = {};
  for (const agg of aggs) {
    const { type, word } = AGGREGATIONS[agg];
    measures[`${agg}_${name}`] = {
      sql,
      type,
      title: withUnit(`${word} ${title.toLowerCase()}`, unit),
      meta: { of: `${cubeName}.${name}` },
    };
  }
  return { dimension, measures };
};

// Many numeric columns at once: { dimensions, measures } to spread into a cube.
export const numerics = (cubeName, columns) => {
  const dimensions = {};
  const measures = {};
  for (const [name, spec] of Object.entries(columns)) {
    const built = numeric(cubeName, name, spec);
    Object.assign(dimensions, built.dimension);
    Object.assign(measures, built.measures);
  }
  return { dimensions, measures };
};

// "How many different destinations": a distinct count of a dimension, linked to it by `meta.of`.
export const distinctCount = (cubeName, name, column, title) => ({
  [`distinct_${name}`]: { sql: () => column, type: `count_distinct`, title, meta: { of: `${cubeName}.${name}` } },
});
