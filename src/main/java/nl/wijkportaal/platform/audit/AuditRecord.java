package nl.wijkportaal.platform.audit;

import java.time.Instant;

/** An audit entry as stored: the entry itself plus the number and time the log gave it. */
public record AuditRecord(long id, Instant occurredAt, AuditEntry entry) {}
