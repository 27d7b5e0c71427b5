import { numerics, distinctCount } from './members';

// Words and phrases in `meta` describe the data (what a column holds, how people name it); the
// query agent composes questions from them, so nothing about flights lives in Python.

const DEPART = [`depart`, `leave`, `take off`];
const ARRIVE = [`arrive`, `land`, `get in`];
const DELAY_WORDS = { above_zero: [`late`, `delayed`, `behind schedule`, `held up`], below_zero: [`early`, `ahead of schedule`], higher: [`tardy`] };

const numeric = numerics(`flights`, {
  dep_delay: {
    column: `dep_delay`,
    title: `Departure delay`,
    unit: `minutes`,
    meta: { synonyms: [`departure delay`, `delay`, `lateness`], verbs: DEPART, primary: true, better: `lower`, ...DELAY_WORDS },
  },
  arr_delay: {
    column: `arr_delay`,
    title: `Arrival delay`,
    unit: `minutes`,
    meta: { synonyms: [`arrival delay`], verbs: ARRIVE, better: `lower`, ...DELAY_WORDS },
  },
  distance: {
    column: `distance`,
    title: `Distance`,
    unit: `miles`,
    meta: { synonyms: [`distance`, `flight distance`, `miles flown`, `mileage`, `how far`], verbs: [`fly`, `travel`], higher: [`long`, `far`], lower: [`short`] },
  },
  air_time: {
    column: `air_time`,
    title: `Air time`,
    unit: `minutes`,
    meta: { synonyms: [`air time`, `time in the air`, `in the air`, `airborne`, `flight time`, `flight duration`], higher: [`long`], lower: [`short`] },
  },
  // miles per hour in the air, flight by flight (no column has it; planes have a cruising speed)
  speed: {
    column: `distance * 60.0 / air_time`,
    title: `Flight speed`,
    unit: `mph`,
    aggs: [`avg`, `min`, `max`],
    meta: { synonyms: [`speed`, `flight speed`, `ground speed`, `average speed`, `miles per hour`], higher: [`fast`, `quick`], lower: [`slow`] },
  },
  dep_time: {
    column: `dep_time`,
    title: `Departure time`,
    unit: `clock`,
    aggs: [],
    meta: { synonyms: [`departure time`, `actual departure time`], verbs: DEPART },
  },
  sched_dep_time: {
    column: `sched_dep_time`,
    title: `Scheduled departure time`,
    unit: `clock`,
    aggs: [],
    meta: { synonyms: [`scheduled departure time`, `scheduled departure`], verbs: [`schedule to depart`, `schedule to leave`, `schedule`] },
  },
  arr_time: {
    column: `arr_time`,
    title: `Arrival time`,
    unit: `clock`,
    aggs: [],
    meta: { synonyms: [`arrival time`, `actual arrival time`], verbs: ARRIVE },
  },
  sched_arr_time: {
    column: `sched_arr_time`,
    title: `Scheduled arrival time`,
    unit: `clock`,
    aggs: [],
    meta: { synonyms: [`scheduled arrival time`, `scheduled arrival`], verbs: [`schedule to arrive`, `schedule to land`] },
  },
});

cube(`flights`, {
  sql: `SELECT * FROM flights`,
  title: `Flights`,
  description: `Every flight that departed a New York City airport (EWR, JFK, LGA) in 2013.`,

  joins: {
    airlines: { relationship: `many_to_one`, sql: `${CUBE}.carrier = ${airlines}.carrier` },
    origin_airports: { relationship: `many_to_one`, sql: `${CUBE}.origin = ${origin_airports}.faa` },
    destination_airports: { relationship: `many_to_one`, sql: `${CUBE}.dest = ${destination_airports}.faa` },
    planes: { relationship: `many_to_one`, sql: `${CUBE}.tailnum = ${planes}.tailnum` },
    // the weather at the flight's airport in its scheduled hour
    weather: { relationship: `many_to_one`, sql: `${CUBE}.origin = ${weather}.origin AND ${CUBE}.time_hour = ${weather}.time_hour` },
  },

  measures: {
    count: {
      type: `count`,
      title: `Number of flights`,
      description: `How many flights, cancelled ones included.`,
      // What a row of this cube is called, what it does, and phrases that describe every row
      // ("flights that left New York City airports" are all of them). Cube 0.33 has no cube-level
      // meta, so the cube's count carries it; `joins` lists the cubes reachable from this one.
      meta: {
        synonyms: [`flight`, `departure`, `trip`],
        verbs: [`fly`, `operate`, `depart`, `leave`, `go`, `travel`, `head`, `serve`, `take off`, `land`, `arrive`, `schedule`, `use`, `run`, `take place`, `happen`],
        // every flight here is a nonstop flight from New York
        scope: [`new york city airport`, `new york city`, `nyc airport`, `nyc`, `new york airport`, `new york`, `new york area`, `nyc area`, `new york city area`, `the three airport`, `nonstop`, `non-stop`],
        // the column the scope is about: "to New York" names destinations, "from New York" is every row
        scope_of: `flights.origin`,
        joins: [`airlines`, `origin_airports`, `destination_airports`, `planes`, `weather`],
      },
    },
    cancellation_rate: {
      type: `number`,
      sql: `100.0 * SUM(CASE WHEN ${CUBE}.dep_time IS NULL THEN 1 ELSE 0 END) / COUNT(*)`,
      title: `Cancellation rate (%)`,
      description: `Share of flights cancelled (never departed), in percent.`,
      meta: { rate_of: { member: `flights.status`, value: `cancelled` } },
    },
    on_time_rate: {
      type: `number`,
      sql: `100.0 * SUM(CASE WHEN ${CUBE}.arr_delay <= 0 THEN 1 ELSE 0 END) / NULLIF(COUNT(${CUBE}.arr_delay), 0)`,
      title: `On-time arrival rate (%)`,
      description: `Share of flights with a recorded arrival that arrived on time (arrival delay zero or less), in percent.`,
      meta: { rate_of: { member: `flights.punctuality`, value: `arrived on time` }, synonyms: [`on-time arrival rate`, `arrival punctuality`] },
    },
    ...numeric.measures,
    ...distinctCount(`flights`, `dest`, `dest`, `Distinct destinations`),
    ...distinctCount(`flights`, `origin`, `origin`, `Distinct origins`),
    ...distinctCount(`flights`, `carrier`, `carrier`, `Distinct airlines`),
    distinct_route: { sql: `${CUBE}.origin || '-' || ${CUBE}.dest`, type: `count_distinct`, title: `Distinct routes`, meta: { of: `flights.route` } },
    ...distinctCount(`flights`, `tailnum`, `tailnum`, `Distinct planes`),
  },

  dimensions: {
    id: { sql: `id`, type: `number`, primary_key: true },
    origin: {
      sql: `origin`,
      type: `string`,
      title: `Origin airport`,
      description: `FAA code of the New York City airport the flight left from.`,
      meta: {
        synonyms: [`origin`, `origin airport`, `departure airport`, `airport`],
        sample_values: true,
        aliases: [`origin_airports.name`, `origin_airports.city`, `origin_airports.state`],
        value_cues: [`from`, `out of`, `leave`, `depart`, `at`, `in`],
        label_member: `origin_airports.name`,
      },
    },
    dest: {
      sql: `dest`,
      type: `string`,
      title: `Destination`,
      description: `FAA code of the airport the flight went to.`,
      meta: {
        synonyms: [`destination`, `destination airport`, `dest`, `arrival airport`, `airport`, `hub`],
        sample_values: true,
        aliases: [`destination_airports.name`, `destination_airports.city`, `destination_airports.state`],
        value_cues: [`to`, `into`, `bound for`, `arrive in`, `arrive at`, `land in`, `land at`],
        label_member: `destination_airports.name`,
      },
    },
    carrier: {
      sql: `carrier`,
      type: `string`,
      title: `Airline`,
      description: `Two-letter code of the airline that operated the flight.`,
      meta: {
        synonyms: [`carrier`, `airline`, `airline code`, `carrier code`, `operator`],
        sample_values: true,
        aliases: [`airlines.name`],
        value_cues: [`by`, `on`, `with`],
        label_member: `airlines.name`,
      },
    },
    tailnum: {
      sql: `tailnum`,
      type: `string`,
      title: `Plane (tail number)`,
      meta: { synonyms: [`tail number`, `tail`, `plane`, `aircraft`, `airplane`, `jet`], sample_values: true },
    },
    flight_number: { sql: `flight`, type: `number`, title: `Flight number`, meta: { synonyms: [`flight number`] } },
    status: {
      sql: `CASE WHEN ${CUBE}.dep_time IS NULL THEN 'cancelled' ELSE 'not cancelled' END`,
      type: `string`,
      title: `Status`,
      description: `A flight with no departure time was cancelled.`,
      meta: {
        synonyms: [`status`],
        sample_values: true,
        common_words: true,
        happened: `not cancelled`,
        happened_verbs: [`take off`, `get off the ground`, `flown`],
        value_synonyms: { cancelled: [`canceled`, `cancellation`, `cancel`], 'not cancelled': [`not canceled`, `completed`] },
      },
    },
    route: {
      sql: `${CUBE}.origin || '-' || ${CUBE}.dest`,
      type: `string`,
      title: `Route`,
      description: `Origin and destination codes: JFK-LAX.`,
      meta: { synonyms: [`route`, `leg`, `origin-destination pair`, `city pair`, `airport pair`], sample_values: true, whole_names: true },
    },
    punctuality: {
      sql: `CASE WHEN ${CUBE}.arr_delay IS NULL THEN NULL WHEN ${CUBE}.arr_delay <= 0 THEN 'arrived on time' ELSE 'arrived after schedule' END`,
      type: `string`,
      title: `Arrival punctuality`,
      description: `On time: arrived with an arrival delay of zero or less.`,
      meta: {
        synonyms: [`arrival punctuality`],
        sample_values: true,
        common_words: true,
        // "on time" alone may be a departure's: only arrivals are named here
        value_synonyms: { 'arrived on time': [`on-time arrival`, `on-time arrivals`, `arriving on time`, `arrived early or on time`, `arriving early or on time`, `arrived on time or early`] },
      },
    },
    month: {
      sql: `month`,
      type: `number`,
      title: `Month`,
      description: `Month of the scheduled departure, 1-12.`,
      meta: { synonyms: [`month`], time_part: `month` },
    },
    quarter: {
      sql: `'Q' || ((${CUBE}.month + 2) / 3)`,
      type: `string`,
      title: `Quarter`,
      meta: { synonyms: [`quarter`], time_part: `quarter` },
    },
    weekday: {
      sql: `CASE CAST(strftime('%w', ${CUBE}.local_time) AS INTEGER) WHEN 0 THEN 'Sunday' WHEN 1 THEN 'Monday' WHEN 2 THEN 'Tuesday' WHEN 3 THEN 'Wednesday' WHEN 4 THEN 'Thursday' WHEN 5 THEN 'Friday' ELSE 'Saturday' END`,
      type: `string`,
      title: `Day of the week`,
      meta: {
        synonyms: [`day of the week`, `day of week`, `weekday`],
        sample_values: true,
        common_words: true,
        value_groups: { weekend: [`Saturday`, `Sunday`], weekday: [`Monday`, `Tuesday`, `Wednesday`, `Thursday`, `Friday`] },
      },
    },
    hour: {
      sql: `hour`,
      type: `number`,
      title: `Scheduled departure hour`,
      meta: { synonyms: [`hour`, `hour of the day`, `hour of day`, `time of day`, `departure hour`, `scheduled hour`, `scheduled departure hour`], hour_of_day: true, time_part: `hour` },
    },
    ...numeric.dimensions,
    departed_at: {
      sql: `local_time`,
      type: `time`,
      title: `Departure date`,
      description: `Scheduled departure, New York local time.`,
      meta: { synonyms: [`departure date`] },
    },
  },
});
