import { describeAuditTrail } from './audit-trail.cases';

describeAuditTrail('the audit trail on embedded SQLite', () => ({}));
