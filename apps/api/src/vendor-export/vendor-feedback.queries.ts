/**
 * The SQL of the vendor export, in one place so the counts on the page, the counts in the audit entry and the lines
 * of the file always select the same feedback. Parameters, in order: $1 the model ids (text[]), $2 the period's first
 * day, $3 its last day (inclusive), $4 the platform's time zone. A day runs from midnight to midnight there, as in
 * usage reports and the audit export.
 *
 * The organisation's sharing policy is read at export time and applies to everything exported: an organisation
 * that switches to `none` is absent from the next export, whatever it shared before.
 */

const PERIOD = (column: string) =>
  `${column} >= ($2::date)::timestamp AT TIME ZONE $4 AND ${column} < ($3::date + 1)::timestamp AT TIME ZONE $4`;

const DAY = (column: string) => `to_char(${column} AT TIME ZONE $4, 'YYYY-MM-DD')`;

/** Ratings of the models in the period, from organisations that share feedback. */
const RATINGS_FROM = `FROM answer_ratings r
  JOIN organizations o ON o.id = r.organization_id AND o.vendor_feedback_sharing <> 'none'
  WHERE r.model_id = ANY($1::text[]) AND ${PERIOD('r.created_at')}`;

/** Votes on battles one of the models played, in the period (by the day of the vote). */
const BATTLES_FROM = `FROM battles b
  JOIN organizations o ON o.id = b.organization_id AND o.vendor_feedback_sharing <> 'none'
  WHERE b.winner IS NOT NULL AND (b.model_a = ANY($1::text[]) OR b.model_b = ANY($1::text[])) AND ${PERIOD('b.voted_at')}`;

/**
 * The ratings, oldest first. Text only where the organisation shares it: the answer rated and the user's message it
 * answered (the latest one before it in the conversation).
 */
export const RATINGS_EXPORT = `SELECT r.id, r.user_id, r.organization_id, r.model_id, r.value, r.tags, r.comment, r.app, r.task_category,
    ${DAY('r.created_at')} AS day, p.content AS prompt, a.content AS answer
  FROM answer_ratings r
  JOIN organizations o ON o.id = r.organization_id AND o.vendor_feedback_sharing <> 'none'
  LEFT JOIN messages a ON a.id = r.message_id AND o.vendor_feedback_sharing = 'with_text'
  LEFT JOIN LATERAL (
    SELECT q.content FROM messages q
     WHERE q.conversation_id = a.conversation_id AND q.role = 'user' AND q.created_at <= a.created_at
     ORDER BY q.created_at DESC, q.id DESC LIMIT 1
  ) p ON true
  WHERE r.model_id = ANY($1::text[]) AND ${PERIOD('r.created_at')}
  ORDER BY r.created_at, r.id`;

/** The votes, oldest first; the prompt and answers only where the organisation shares text. */
export const BATTLES_EXPORT = `SELECT b.id, b.user_id, b.organization_id, b.app, b.task_category, ${DAY('b.voted_at')} AS day,
    o.vendor_feedback_sharing AS sharing, b.model_a, b.model_b, b.winner,
    CASE WHEN o.vendor_feedback_sharing = 'with_text' THEN b.prompt END AS prompt,
    CASE WHEN o.vendor_feedback_sharing = 'with_text' THEN b.answer_a END AS answer_a,
    CASE WHEN o.vendor_feedback_sharing = 'with_text' THEN b.answer_b END AS answer_b
  ${BATTLES_FROM}
  ORDER BY b.voted_at, b.id`;

/** What an export of the period holds, for the audit entry. */
export const EXPORT_COUNTS = `SELECT
    (SELECT count(*) ${RATINGS_FROM})::int AS ratings,
    (SELECT count(*) ${RATINGS_FROM} AND o.vendor_feedback_sharing = 'with_text')::int AS ratings_with_text,
    (SELECT count(*) ${BATTLES_FROM})::int AS votes,
    (SELECT count(*) ${BATTLES_FROM} AND o.vendor_feedback_sharing = 'with_text')::int AS votes_with_text`;

/** Likes and dislikes per model (the vendor's page). */
export const RATING_COUNTS_BY_MODEL = `SELECT r.model_id, count(*) FILTER (WHERE r.value = 'like')::int AS likes,
    count(*) FILTER (WHERE r.value = 'dislike')::int AS dislikes
  ${RATINGS_FROM}
  GROUP BY r.model_id`;

/** Votes per model (a battle of two of the vendor's models counts for both). */
export const VOTE_COUNTS_BY_MODEL = `SELECT m.model_id, count(*)::int AS votes
  ${BATTLES_FROM.replace('FROM battles b', 'FROM battles b CROSS JOIN LATERAL (VALUES (b.model_a), (b.model_b)) m(model_id)')}
    AND m.model_id = ANY($1::text[])
  GROUP BY m.model_id`;

/** Depth of every organisation in the tree (0 = at the top), the only thing an export tells of an organisation. */
export const ORGANIZATION_LEVELS = `WITH RECURSIVE tree AS (
    SELECT id, 0 AS level FROM organizations WHERE kind = 'organization' AND parent_id IS NULL
    UNION ALL
    SELECT o.id, tree.level + 1 FROM organizations o JOIN tree ON o.parent_id = tree.id WHERE o.kind = 'organization'
  ) SELECT id, level FROM tree`;
