import { InitialSchema1764345600000 } from './1764345600000-InitialSchema';
import { ModelGateway1795881600000 } from './1795881600000-ModelGateway';
import { AuditLog1796000000000 } from './1796000000000-AuditLog';
import { OrganizationTree1796100000000 } from './1796100000000-OrganizationTree';
import { PiiPolicy1796200000000 } from './1796200000000-PiiPolicy';
import { Retention1796300000000 } from './1796300000000-Retention';
import { UseCases1796400000000 } from './1796400000000-UseCases';
import { EvaluationFeedbackBattles1796500000000 } from './1796500000000-EvaluationFeedbackBattles';
import { LeaderboardSnapshots1796500000001 } from './1796500000001-LeaderboardSnapshots';
import { Surveys1796500000002 } from './1796500000002-Surveys';
import { AnalyticsRollups1796500000003 } from './1796500000003-AnalyticsRollups';
import { VendorAccounts1796500000004 } from './1796500000004-VendorAccounts';
import { EvaluationReports1796500000005 } from './1796500000005-EvaluationReports';
import { AnalyticsUserActivityYearly1796500000006 } from './1796500000006-AnalyticsUserActivityYearly';

/** Every migration in order. Never edit one that has landed: add a new one (expand, then contract). */
export const MIGRATIONS = [InitialSchema1764345600000, ModelGateway1795881600000, AuditLog1796000000000, OrganizationTree1796100000000, PiiPolicy1796200000000, Retention1796300000000, UseCases1796400000000, EvaluationFeedbackBattles1796500000000, LeaderboardSnapshots1796500000001, Surveys1796500000002, AnalyticsRollups1796500000003, VendorAccounts1796500000004, EvaluationReports1796500000005, AnalyticsUserActivityYearly1796500000006];
