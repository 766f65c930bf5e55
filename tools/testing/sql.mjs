import pg from 'pg';

/** Runs one statement on a connection of its own and returns the rows (test set-up and assertions). */
export async function query(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
