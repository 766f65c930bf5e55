import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { VendorModelsQuery, VendorModelsView } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { reportLabel, type CatalogEntry } from '../gateway/catalog/catalog-entry';
import { ModelCatalog } from '../gateway/catalog/model-catalog';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { RATING_COUNTS_BY_MODEL, VOTE_COUNTS_BY_MODEL } from './vendor-feedback.queries';

/** Whose staff a caller is, and which catalogue models that vendor's are. */
export interface VendorAccount {
  vendor: string;
  /** Every catalogue model of the vendor, enabled or not (a switched-off model keeps its feedback). */
  models: CatalogEntry[];
}

/** Counts without a period cover every day there can be feedback on. */
const ALL_TIME = { from: '1970-01-01', to: '9999-12-30' };

/**
 * The vendor side of an account: the caller's organisation names the catalogue vendor its members work for
 * (`organizations.vendor`, set by a platform_admin), and that vendor's models are the only ones the caller reads
 * feedback about. Everything a vendor asks for goes through `accountOf`, so no route can forget the restriction.
 */
@Injectable()
export class VendorAccounts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalog: ModelCatalog,
  ) {}

  /** The caller's vendor and its models; 403 when their organisation represents no vendor. */
  async accountOf(caller: Caller): Promise<VendorAccount> {
    const [row] = (await this.dataSource.query(`SELECT vendor FROM organizations WHERE id = $1`, [caller.organizationId])) as { vendor: string | null }[];
    if (!row?.vendor) throw new ApiException(403, 'vendor_not_linked');
    const vendor = row.vendor;
    return { vendor, models: this.catalog.entries().filter((entry) => entry.vendor === vendor) };
  }

  /** The models an export is about: all the vendor's, or the one asked for — 404 for any other, as if it did not exist. */
  modelsAsked(account: VendorAccount, modelId: string | undefined): CatalogEntry[] {
    if (modelId === undefined) return account.models;
    const model = account.models.find((entry) => entry.id === modelId);
    if (!model) throw ApiException.notFound('model');
    return [model];
  }

  /** Whether a model is domestic, as the catalogue says now; null for a model no longer in it. */
  catalogDomestic(modelId: string): boolean | null {
    return this.catalog.get(modelId)?.domestic ?? null;
  }

  /** The vendor's models with the feedback an export of the period would hold. */
  async models(caller: Caller, query: VendorModelsQuery): Promise<VendorModelsView> {
    const account = await this.accountOf(caller);
    const ids = account.models.map((model) => model.id);
    const { from, to } = query.from && query.to ? { from: query.from, to: query.to } : ALL_TIME;
    const params = [ids, from, to, this.config.gateway.quotaTimeZone];
    const [ratings, votes] = ids.length
      ? await Promise.all([
          this.dataSource.query(RATING_COUNTS_BY_MODEL, params) as Promise<{ model_id: string; likes: number; dislikes: number }[]>,
          this.dataSource.query(VOTE_COUNTS_BY_MODEL, params) as Promise<{ model_id: string; votes: number }[]>,
        ])
      : [[], []];
    const ratingsOf = new Map(ratings.map((row) => [row.model_id, row]));
    const votesOf = new Map(votes.map((row) => [row.model_id, row.votes]));
    return {
      vendor: account.vendor,
      exportAvailable: this.config.vendorExport.pseudonymKey !== undefined,
      models: account.models.map((model) => ({
        id: model.id,
        label: reportLabel(model),
        domestic: model.domestic,
        enabled: model.enabled,
        likes: ratingsOf.get(model.id)?.likes ?? 0,
        dislikes: ratingsOf.get(model.id)?.dislikes ?? 0,
        votes: votesOf.get(model.id) ?? 0,
      })),
    };
  }
}
