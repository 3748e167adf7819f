package opbx.webhooks;

import java.time.OffsetDateTime;
import org.jooq.JSONB;

/** One {@code session_updates} row as the webhooks write it (execution-plane spec §9.2, and §9.3's final row). */
record SessionUpdateRow(long sessionId, String eventId, String sessionToken, Long domainId, String domain,
                        Long subscriberId, Long outgoingSubscriberId, String callerId, String destination,
                        String direction, String status, String action, String reason, String lastError,
                        OffsetDateTime sessionCreatedAt, OffsetDateTime sessionModifiedAt, Long callStartTime,
                        OffsetDateTime startTime, Long callAnswerTime, Long callEndTime, OffsetDateTime answerTime,
                        Integer timeLimit, String vappServer, JSONB callIds, JSONB profile) {
}
