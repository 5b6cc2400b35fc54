package dev.cofre.audit;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The stored trail walked from the genesis, as the tests check it: its length and where its links break. */
record StoredChain(long records, List<Long> broken) {

    static StoredChain walk(JdbcClient jdbc, AuditChain chain) {
        List<Long> broken = new ArrayList<>();
        long[] count = {0};
        byte[][] previous = {AuditChain.GENESIS};
        AuditChain.Linker linker = chain.linker();
        jdbc.sql("SELECT " + AuditChain.COLUMNS + " FROM audit_events ORDER BY seq").query(rs -> {
            count[0]++;
            if (rs.getLong("seq") != count[0] || !AuditChain.same(rs.getBytes("prev_hash"), previous[0])
                    || !AuditChain.same(linker.link(previous[0], rs), rs.getBytes("hash"))) {
                broken.add(rs.getLong("seq"));
            }
            previous[0] = rs.getBytes("hash");
        });
        return new StoredChain(count[0], broken);
    }
}
