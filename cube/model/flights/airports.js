// One airports table, joined twice from flights: as the origin and as the destination.

// The time zones as people name them ("the Pacific time zone"), for the tz database's names.
const TIME_ZONE_NAMES = {
  'America/New_York': [`eastern time`, `eastern time zone`],
  'America/Chicago': [`central time`, `central time zone`],
  'America/Denver': [`mountain time`, `mountain time zone`],
  'America/Phoenix': [`arizona time`],
  'America/Los_Angeles': [`pacific time`, `pacific time zone`],
  'America/Anchorage': [`alaska time`, `alaska time zone`],
  'Pacific/Honolulu': [`hawaii time`, `hawaii time zone`, `hawaii-aleutian time`],
};
const airportCube = (name, role) => cube(name, {
  sql: `SELECT * FROM airports`,
  title: `${role} airports`,
  description: `Airports in their role as the flight's ${role.toLowerCase()}; the city comes from the airportsdata package.`,

  measures: {
    count: { type: `count`, title: `Number of ${role.toLowerCase()} airports`, meta: { synonyms: [`${role.toLowerCase()} airport`] } },
  },

  dimensions: {
    faa: { sql: `faa`, type: `string`, primary_key: true, shown: true, title: `${role} FAA code` },
    name: {
      sql: `name`,
      type: `string`,
      title: `${role} airport name`,
      meta: { synonyms: [`${role.toLowerCase()} airport name`, `${role.toLowerCase()} name`] },
    },
    city: {
      sql: `city`,
      type: `string`,
      title: `${role} city`,
      meta: { synonyms: [`${role.toLowerCase()} city`] },
    },
    state: {
      sql: `state`,
      type: `string`,
      title: `${role} state`,
      meta: { synonyms: role === `Destination` ? [`destination state`, `state`] : [`origin state`] },
    },
    tzone: {
      sql: `tzone`,
      type: `string`,
      title: `${role} time zone`,
      meta: {
        synonyms: [`${role.toLowerCase()} time zone`, ...(role === `Destination` ? [`time zone`, `timezone`] : [])],
        // every origin is in New York: only a destination's zone is worth naming; "America/Denver"
        // is no name of Denver, only of its zone
        ...(role === `Destination` ? { sample_values: true, value_synonyms: TIME_ZONE_NAMES, whole_names: true } : {}),
      },
    },
    altitude: {
      sql: `alt`,
      type: `number`,
      title: `${role} altitude (feet)`,
      meta: { unit: `feet`, synonyms: [`${role.toLowerCase()} altitude`, `${role.toLowerCase()} elevation`, ...(role === `Destination` ? [`altitude`, `elevation`] : [])], higher: [`high`], lower: [`low`] },
    },
    tz: {
      sql: `tz`,
      type: `number`,
      title: `${role} UTC offset (hours)`,
      meta: { unit: `hours`, synonyms: [`${role.toLowerCase()} utc offset`, ...(role === `Destination` ? [`utc offset`, `gmt offset`, `time zone offset`] : [])] },
    },
    lat: { sql: `lat`, type: `number`, title: `${role} latitude` },
    lon: { sql: `lon`, type: `number`, title: `${role} longitude` },
  },
});

airportCube(`origin_airports`, `Origin`);
airportCube(`destination_airports`, `Destination`);
