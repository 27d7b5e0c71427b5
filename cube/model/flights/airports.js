// One airports table, joined twice from flights: as the origin and as the destination.
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
    tzone: { sql: `tzone`, type: `string`, title: `${role} time zone`, meta: { synonyms: [`${role.toLowerCase()} time zone`] } },
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
