package dev.cofre.credential;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 9.1: fills {@code host_key} and {@code host_rev} (added by V9) for the credentials that existed
 * before, with the functions the repository writes them with. Java because H2 has no {@code REVERSE()}; runs once,
 * in Flyway's transaction, before the application serves anything.
 */
@Component
class VisibilityKeysBackfill implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("9.1");
    }

    @Override
    public String getDescription() {
        return "credential visibility keys backfill";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement select = context.getConnection().createStatement();
             ResultSet rs = select.executeQuery("SELECT id, host FROM credentials WHERE host IS NOT NULL");
             PreparedStatement update = context.getConnection()
                     .prepareStatement("UPDATE credentials SET host_key = ?, host_rev = ? WHERE id = ?")) {
            int batched = 0;
            while (rs.next()) {
                String key = HostKeys.key(rs.getString("host"));
                update.setString(1, key);
                update.setString(2, HostKeys.reversed(key));
                update.setObject(3, rs.getObject("id"));
                update.addBatch();
                if (++batched % 1000 == 0) {
                    update.executeBatch();
                }
            }
            update.executeBatch();
        }
    }
}
