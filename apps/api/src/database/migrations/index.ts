import { InitialSchema1764345600000 } from './1764345600000-InitialSchema';
import { ModelGateway1795881600000 } from './1795881600000-ModelGateway';
import { AuditLog1796000000000 } from './1796000000000-AuditLog';
import { OrganizationTree1796100000000 } from './1796100000000-OrganizationTree';
import { PiiPolicy1796200000000 } from './1796200000000-PiiPolicy';
import { Retention1796300000000 } from './1796300000000-Retention';
import { UseCases1796400000000 } from './1796400000000-UseCases';
import { EvaluationFeedbackBattles1796500000000 } from './1796500000000-EvaluationFeedbackBattles';

/** Every migration in order. Never edit one that has landed: add a new one (expand, then contract). */
export const MIGRATIONS = [InitialSchema1764345600000, ModelGateway1795881600000, AuditLog1796000000000, OrganizationTree1796100000000, PiiPolicy1796200000000, Retention1796300000000, UseCases1796400000000, EvaluationFeedbackBattles1796500000000];
