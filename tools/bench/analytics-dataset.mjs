// The synthetic dataset of `npm run bench -- analytics`: 10 million answered messages (one usage record each) from
// 60,000 registered staff in a 50-organisation tree over 180 days, with conversations (task categories), ratings and
// the skew of real use (docs/benchmarks/analytics.md). Generated inside PostgreSQL one day per statement — batches,
// each seeded with setseed(), so every run builds the same rows — which is faster than streaming 10M rows from Node
// and needs no COPY client library.
export const DATASET = {
  // GENNAI_BENCH_ANALYTICS_DAYS shortens the dataset for a smoke run of the script itself (the report says how many days).
  days: Number(process.env.GENNAI_BENCH_ANALYTICS_DAYS ?? 180),
  firstDay: '2026-04-01',
  messagesPerDay: 55_556,
  /** Messages per conversation: a conversation's messages share its user, day and category. */
  messagesPerConversation: 5,
  ministries: 10,
  agenciesPerMinistry: 4,
  users: 60_000,
  /**
   * The share of registered users who ever use it; the rest never do (the programme found half of section chiefs
   * never used it). Users who do are drawn with a cubic skew: a few heavy users make many requests, most a handful.
   */
  everActiveShare: 0.55,
  /** The share of chat answers that get a like or a dislike. */
  ratedShare: 0.05,
};

export const MODELS = ['plamo', 'llm-jp', 'cotomi', 'tsuzumi', 'sarashina', 'elyza', 'gpt-4o', 'claude'];
const CATEGORIES = ['document_drafting', 'summarization', 'translation', 'proofreading', 'research', 'planning', 'coding', 'data_analysis', 'qa', 'other'];
const ORGANIZATIONS = DATASET.ministries * (1 + DATASET.agenciesPerMinistry);

/** Deterministic uuids from a text key (md5 is fine: these are benchmark ids, not secrets). */
const uuidOf = (sql) => `md5(${sql})::uuid`;
export const organizationId = (n) => `0193c000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** Organisations (ministries with agencies under them) and users, spread evenly over the organisations. */
export async function seedPeople(client) {
  const organizations = [];
  let n = 0;
  for (let m = 0; m < DATASET.ministries; m++) {
    const ministry = organizationId(++n);
    organizations.push({ id: ministry, parent: null, name: `府省 ${m + 1}` });
    for (let a = 0; a < DATASET.agenciesPerMinistry; a++) organizations.push({ id: organizationId(++n), parent: ministry, name: `府省 ${m + 1} 外局 ${a + 1}` });
  }
  await client.query(
    `INSERT INTO organizations (id, kind, slug, name, parent_id)
       SELECT id, 'organization', 'bench-' || ord, name, parent FROM unnest($1::uuid[], $2::uuid[], $3::text[]) WITH ORDINALITY AS t(id, parent, name, ord)`,
    [organizations.map((o) => o.id), organizations.map((o) => o.parent), organizations.map((o) => o.name)],
  );
  await client.query(
    `INSERT INTO users (id, subject, organization_id, username, display_name, created_at, last_seen_at)
       SELECT ${uuidOf(`'u' || i`)}, 'bench-' || i, (SELECT id FROM organizations WHERE slug = 'bench-' || (1 + i % ${ORGANIZATIONS})),
              'bench-' || i, 'ベンチ ' || i, $1::date - 30, $1::date - 30
         FROM generate_series(0, $2 - 1) AS i`,
    [DATASET.firstDay, DATASET.users],
  );
  return { organizations };
}

/**
 * One day of conversations, usage records, and the messages and ratings of rated answers. The user of conversation k
 * is user ⌊active · r³⌋ (r uniform): a cubic skew over the users who ever use Gennai; users above that never appear.
 */
export async function seedDay(client, dayIndex) {
  const conversations = Math.ceil(DATASET.messagesPerDay / DATASET.messagesPerConversation);
  const active = Math.floor(DATASET.users * DATASET.everActiveShare);
  await client.query(`SELECT setseed($1)`, [((dayIndex * 7919) % 10_000) / 10_000]);
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS bench_conversations (k int, id uuid, user_index int, category text, model text, started timestamptz) ON COMMIT DELETE ROWS`);
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO bench_conversations
       SELECT k, ${uuidOf(`'c' || $1 || '-' || k`)}, floor(${active} * random() ^ 3)::int,
              (ARRAY[${CATEGORIES.map((c) => `'${c}'`).join(', ')}])[1 + floor(random() * ${CATEGORIES.length})::int],
              (ARRAY[${MODELS.map((m) => `'${m}'`).join(', ')}])[1 + floor(${MODELS.length} * random() ^ 1.6)::int],
              ($2::date + $1::int)::timestamp AT TIME ZONE 'Asia/Tokyo' + make_interval(secs => 7 * 3600 + random() * 14 * 3600)
         FROM generate_series(0, $3 - 1) AS k`,
    [dayIndex, DATASET.firstDay, conversations],
  );
  await client.query(
    `INSERT INTO conversations (id, organization_id, user_id, title, model_id, task_category, task_category_source, created_at, updated_at)
       SELECT c.id, u.organization_id, u.id, 'ベンチ', c.model, c.category, 'rules', c.started, c.started
         FROM bench_conversations c JOIN users u ON u.id = ${uuidOf(`'u' || c.user_index`)}`,
  );
  // Each conversation's messages, a few minutes apart; 80% chat, 15% the /v1 API (no conversation), 5% arena.
  await client.query(
    `INSERT INTO usage_records (id, created_at, organization_id, user_id, app, requested_model_id, model_id, input_tokens, output_tokens, cost, currency,
         latency_ms, time_to_first_token_ms, outcome, conversation_id)
       SELECT ${uuidOf(`'r' || $1 || '-' || c.k || '-' || m`)}, c.started + make_interval(mins => m * 3), u.organization_id, u.id, x.app, c.model, c.model,
              x.input, CASE WHEN x.outcome = 'complete' THEN x.output ELSE 0 END, round(((x.input * 0.5 + x.output * 1.5) / 1000)::numeric, 6), 'JPY',
              x.latency, CASE WHEN x.outcome = 'complete' THEN least(x.latency, 200 + floor(random() * 1500)::int) END, x.outcome,
              CASE WHEN x.app = 'chat' THEN c.id END
         FROM bench_conversations c
         JOIN users u ON u.id = ${uuidOf(`'u' || c.user_index`)}
         CROSS JOIN generate_series(0, ${DATASET.messagesPerConversation} - 1) AS m
         CROSS JOIN LATERAL (SELECT random() AS a, random() AS o) AS r
         CROSS JOIN LATERAL (SELECT
             CASE WHEN r.a < 0.80 THEN 'chat' WHEN r.a < 0.95 THEN 'api' ELSE 'arena' END AS app,
             CASE WHEN r.o < 0.03 THEN 'failed' WHEN r.o < 0.04 THEN 'refused' ELSE 'complete' END AS outcome,
             50 + floor(random() * 3000)::int AS input,
             20 + floor(random() * 1200)::int AS output,
             300 + floor(exp(random() * 4.5) * 250)::int AS latency) AS x
        WHERE c.k * ${DATASET.messagesPerConversation} + m < $2`,
    [dayIndex, DATASET.messagesPerDay],
  );
  // A rated answer is a message with a rating (the rating's foreign key), for about DATASET.ratedShare of chat answers.
  await client.query(
    `WITH rated AS (
       SELECT r.id, r.conversation_id, r.organization_id, r.user_id, r.model_id, r.created_at, c.category, random() AS v
         FROM usage_records r JOIN bench_conversations c ON c.id = r.conversation_id
        WHERE r.created_at >= ($2::date + $1::int)::timestamp AT TIME ZONE 'Asia/Tokyo' AND r.created_at < ($2::date + $1::int + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'
          AND r.outcome = 'complete' AND random() < $3),
     messages AS (
       INSERT INTO messages (id, conversation_id, organization_id, user_id, role, content, status, model_id, created_at)
         SELECT id, conversation_id, organization_id, user_id, 'assistant', '', 'complete', model_id, created_at FROM rated)
     INSERT INTO answer_ratings (id, message_id, organization_id, user_id, model_id, value, app, task_category, created_at, updated_at)
       SELECT ${uuidOf(`'a' || id`)}, id, organization_id, user_id, model_id,
              CASE WHEN v < 0.55 + (SELECT array_position(ARRAY[${MODELS.map((m) => `'${m}'`).join(', ')}], model_id)) * 0.03 THEN 'like' ELSE 'dislike' END,
              'chat', category, created_at, created_at
         FROM rated`,
    [dayIndex, DATASET.firstDay, DATASET.ratedShare],
  );
  await client.query('COMMIT');
}
