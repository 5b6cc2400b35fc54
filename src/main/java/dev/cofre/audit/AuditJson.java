package dev.cofre.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** One audit record as a JSON object on one line (JSON Lines export and syslog forwarding). */
final class AuditJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditJson() {
    }

    static String line(AuditEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("at", e.at().toString());
        m.put("actor", e.actor());
        m.put("actorId", e.actorId() == null ? null : e.actorId().toString());
        m.put("via", e.via());
        m.put("action", e.action().name());
        m.put("credentialId", e.credentialId() == null ? null : e.credentialId().toString());
        m.put("target", e.target());
        m.put("outcome", e.outcome().name());
        m.put("ip", e.ip());
        m.put("userAgent", e.userAgent());
        m.put("detail", e.detail());
        return JSON.writeValueAsString(m);
    }
}
