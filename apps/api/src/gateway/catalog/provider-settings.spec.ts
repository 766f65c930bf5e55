import { describe, expect, it } from 'vitest';
import { PROVIDER_ADAPTERS } from '../providers';
import { providerSettings } from './provider-settings';

const fieldsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { statusCode: number; details?: { field: string; kind: string }[] }).details;
  }
  throw new Error('expected a refusal');
};

describe('providerSettings', () => {
  it('keeps the settings an adapter knows', () => {
    expect(providerSettings(PROVIDER_ADAPTERS.bedrock, { region: 'ap-northeast-1' })).toEqual({ region: 'ap-northeast-1' });
    expect(providerSettings(PROVIDER_ADAPTERS['azure-openai'], { apiVersion: '2024-10-21', apiStyle: 'v1' })).toEqual({ apiVersion: '2024-10-21', apiStyle: 'v1' });
  });

  it('names a missing, malformed or unknown setting', () => {
    expect(fieldsOf(() => providerSettings(PROVIDER_ADAPTERS.bedrock, {}))).toEqual([{ field: 'settings.region', kind: 'required' }]);
    expect(fieldsOf(() => providerSettings(PROVIDER_ADAPTERS.bedrock, { region: 'Tokyo' }))).toEqual([{ field: 'settings.region', kind: 'invalid_format' }]);
    expect(fieldsOf(() => providerSettings(PROVIDER_ADAPTERS['openai-compatible'], { region: 'ap-northeast-1' }))).toEqual([
      { field: 'settings.region', kind: 'unknown_field' },
    ]);
  });

  it('accepts a number typed into a form as text, but not a word', () => {
    expect(providerSettings(PROVIDER_ADAPTERS.cotomi, { clientId: 'gennai-prod', streamNum: '20' })).toEqual({ clientId: 'gennai-prod', streamNum: 20 });
    expect(fieldsOf(() => providerSettings(PROVIDER_ADAPTERS.cotomi, { streamNum: 'many' }))).toEqual([{ field: 'settings.streamNum', kind: 'invalid_format' }]);
    expect(fieldsOf(() => providerSettings(PROVIDER_ADAPTERS.cotomi, { streamNum: '5000' }))).toEqual([{ field: 'settings.streamNum', kind: 'invalid_format' }]);
  });
});
