// One airports table, joined twice from flights: as the origin and as the destination.
const airportCube = (name, role) => cube(name, {
  sql: `SELECT * FROM airports`,
  title: `${role} airports`,
  description: `Airports in their role as the flight's ${role.toLowerCase()}.`,

  measures: {
    count: { type: `count`, title: `Number of ${role.toLowerCase()} airports` },
  },

  dimensions: {
    faa: { sql: `faa`, type: `string`, primary_key: true, shown: true, title: `${role} FAA code` },
    name: {
      sql: `name`,
      type: `string`,
      title: `${role} airport name`,
      meta: { synonyms: [`${role.toLowerCase()} airport name`, `${role.toLowerCase()} name`], sample_values: role === `Destination`, sample_measure: `flights.count`, value_cues: role === `Destination` ? [`to`, `into`, `went to`] : [`from`] },
    },
    tzone: { sql: `tzone`, type: `string`, title: `${role} time zone` },
    altitude: { sql: `alt`, type: `number`, title: `${role} altitude (feet)` },
    lat: { sql: `lat`, type: `number`, title: `${role} latitude` },
    lon: { sql: `lon`, type: `number`, title: `${role} longitude` },
  },
});

airportCube(`origin_airports`, `Origin`);
airportCube(`destination_airports`, `Destination`);
