cube(`weather`, {
  sql: `SELECT * FROM weather`,
  title: `Weather`,
  description: `Hourly weather at the three New York City airports in 2013.`,

  measures: {
    count: { type: `count`, title: `Weather observations` },
    avg_temp: {
      type: `avg`,
      sql: `temp`,
      title: `Average temperature (°F)`,
      meta: { synonyms: [`temperature`, `average temperature`, `mean temperature`, `how warm`] },
    },
    max_temp: { type: `max`, sql: `temp`, title: `Highest temperature (°F)`, meta: { synonyms: [`hottest`, `highest temperature`] } },
    min_temp: { type: `min`, sql: `temp`, title: `Lowest temperature (°F)`, meta: { synonyms: [`coldest`, `lowest temperature`] } },
    avg_wind_speed: { type: `avg`, sql: `wind_speed`, title: `Average wind speed (mph)`, meta: { synonyms: [`wind`, `wind speed`] } },
    total_precip: { type: `sum`, sql: `precip`, title: `Total precipitation (inches)`, meta: { synonyms: [`precipitation`, `rain`, `rainfall`] } },
    avg_visib: { type: `avg`, sql: `visib`, title: `Average visibility (miles)`, meta: { synonyms: [`visibility`] } },
    avg_humid: { type: `avg`, sql: `humid`, title: `Average relative humidity (%)`, meta: { synonyms: [`humidity`] } },
  },

  dimensions: {
    id: { sql: `id`, type: `number`, primary_key: true },
    origin: {
      sql: `origin`,
      type: `string`,
      title: `Airport`,
      description: `FAA code of the airport where the weather was observed.`,
      meta: { synonyms: [`airport`], sample_values: true },
    },
    month: { sql: `month`, type: `number`, title: `Month` },
    observed_at: { sql: `local_time`, type: `time`, title: `Observation time` },
  },
});
