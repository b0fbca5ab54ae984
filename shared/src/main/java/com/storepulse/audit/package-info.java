/**
 * The audit log (docs/privacy.md "Audit log"): an append-only record of admin actions, erasures and
 * exports. {@link com.storepulse.audit.AuditLog} writes it; nothing in the application reads or
 * changes it.
 */
package com.storepulse.audit;
