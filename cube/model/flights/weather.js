import { numerics } from './members';

// A sum of temperatures means nothing; precipitation adds up.
const NOT_ADDITIVE = [`avg`, `min`, `max`];

const numeric = numerics(`weather`, {
  temp: { column: `temp`, aggs: NOT_ADDITIVE, title: `Temperature`, unit: `°F`, meta: { primary: true, synonyms: [`temperature`, `temp`], higher: [`hot`, `warm`], lower: [`cold`, `cool`] } },
  dewp: { column: `dewp`, aggs: NOT_ADDITIVE, title: `Dew point`, unit: `°F`, meta: { synonyms: [`dew point`, `dewpoint`] } },
  humid: { column: `humid`, aggs: NOT_ADDITIVE, title: `Relative humidity`, unit: `%`, meta: { synonyms: [`humidity`, `relative humidity`], higher: [`humid`] } },
  wind_dir: { column: `wind_dir`, title: `Wind direction`, unit: `degrees`, aggs: [`avg`], meta: { synonyms: [`wind direction`] } },
  wind_speed: { column: `wind_speed`, aggs: NOT_ADDITIVE, title: `Wind speed`, unit: `mph`, meta: { synonyms: [`wind speed`, `wind`], higher: [`windy`, `strong`] } },
  wind_gust: { column: `wind_gust`, aggs: NOT_ADDITIVE, title: `Wind gust`, unit: `mph`, meta: { synonyms: [`wind gust`, `gust`], higher: [`strong`, `gusty`] } },
  precip: { column: `precip`, title: `Precipitation`, unit: `inches`, meta: { synonyms: [`precipitation`, `rain`, `rainfall`], default_agg: `sum`, higher: [`wet`, `rainy`], above_zero: [`rainy`, `raining`, `rained`, `wet`] } },
  pressure: { column: `pressure`, aggs: NOT_ADDITIVE, title: `Sea level pressure`, unit: `millibars`, meta: { synonyms: [`pressure`, `air pressure`, `sea level pressure`, `barometric pressure`] } },
  visib: { column: `visib`, aggs: NOT_ADDITIVE, title: `Visibility`, unit: `miles`, meta: { synonyms: [`visibility`] } },
});

cube(`weather`, {
  sql: `SELECT * FROM weather`,
  title: `Weather`,
  description: `Hourly weather at the three New York City airports in 2013.`,

  joins: {
    origin_airports: { relationship: `many_to_one`, sql: `${CUBE}.origin = ${origin_airports}.faa` },
  },

  measures: {
    count: { type: `count`, title: `Weather observations`, meta: { synonyms: [`weather observation`, `observation`, `weather record`, `weather reading`, `hour`], verbs: [`record`, `observe`, `measure`, `report`], scope: [`new york city airport`, `new york city`, `nyc airport`, `nyc`, `new york airport`, `new york`, `the three airport`], scope_of: `weather.origin`, joins: [`origin_airports`] } },
    ...numeric.measures,
  },

  dimensions: {
    id: { sql: `id`, type: `number`, primary_key: true },
    origin: {
      sql: `origin`,
      type: `string`,
      title: `Airport`,
      description: `FAA code of the airport where the weather was observed.`,
      meta: {
        synonyms: [`airport`, `station`, `weather station`],
        sample_values: true,
        aliases: [`origin_airports.name`, `origin_airports.city`],
        value_cues: [`at`, `in`, `for`],
        label_member: `origin_airports.name`,
      },
    },
    quarter: { sql: `'Q' || ((${CUBE}.month + 2) / 3)`, type: `string`, title: `Quarter`, meta: { synonyms: [`quarter`], time_part: `quarter` } },
    month: { sql: `month`, type: `number`, title: `Month`, meta: { synonyms: [`month`], time_part: `month` } },
    ...numeric.dimensions,
    observed_at: { sql: `local_time`, type: `time`, title: `Observation time`, meta: { synonyms: [`observation time`] } },
  },
});
