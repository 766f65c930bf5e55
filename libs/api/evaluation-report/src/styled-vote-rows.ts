import { normalisedDifference, StyledRowsBuilder, type StyledRows } from '@gennai/arena-stats';
import type { VoteRecord } from './bundle-format';

/**
 * Votes → the rows of the style-controlled fit, exactly as `collapseStyledVotes` of @gennai/arena-stats builds them
 * (the same `StyledRowsBuilder`), but straight from bundle records: a quarter's million votes collapse without first
 * building a million vote objects.
 */
export function styledVoteRows(votes: readonly VoteRecord[], options: { bucketWidth: number; bothBad: 'tie' | 'exclude' }): StyledRows {
  const withStyle = votes.filter((vote) => vote.length_a !== null && vote.length_b !== null && vote.markdown_a !== null && vote.markdown_b !== null);
  const styled = options.bothBad === 'tie' ? withStyle : withStyle.filter((vote) => vote.winner !== 'both_bad');
  const builder = new StyledRowsBuilder([...new Set(styled.flatMap((vote) => [vote.model_a, vote.model_b]))].sort(), options.bucketWidth);
  for (const vote of styled) {
    const lengthDelta = normalisedDifference(vote.length_a as number, vote.length_b as number);
    const markdownDelta = normalisedDifference(vote.markdown_a as number, vote.markdown_b as number);
    builder.add(vote.model_a, vote.model_b, lengthDelta, markdownDelta, vote.winner);
  }
  return builder.rows(votes.length - withStyle.length);
}
