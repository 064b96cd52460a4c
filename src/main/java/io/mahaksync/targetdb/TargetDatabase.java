package io.mahaksync.targetdb;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.MySQLExceptionSorter;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.mahaksync.scrub.DatabaseReason;
import io.mahaksync.scrub.Scrubber;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The target database, chosen at run time by {@code mahak.target.jdbc-url} alone: one build serves
 * H2, PostgreSQL and MariaDB. The pool is built with Agroal's own API because Quarkus fixes a
 * datasource's kind at build time. The schema is migrated before the pool is handed out.
 */
@Singleton
public class TargetDatabase {

    private static final Logger LOG = Logger.getLogger(TargetDatabase.class);

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final int maxPoolSize;
    private final SqlDialect dialect;
    private final SchemaMigrator migrator;
    private final Duration retryRefusedAfter;
    private volatile AgroalDataSource dataSource;
    // The last refusal of our settings, answered again without a new connection attempt until
    // retryRefusedAfter has passed: a poller every few seconds must not hammer a database with bad logins.
    private volatile TargetConfigurationException refused;
    private volatile Instant refusedAt = Instant.MIN;

    TargetDatabase(@ConfigProperty(name = "mahak.target.jdbc-url") String jdbcUrl,
            @ConfigProperty(name = "mahak.target.username") Optional<String> username,
            @ConfigProperty(name = "mahak.target.password") Optional<String> password,
            @ConfigProperty(name = "mahak.target.max-pool-size", defaultValue = "8") int maxPoolSize,
            @ConfigProperty(name = "mahak.target.retry-refused-after", defaultValue = "PT1M") Duration retryRefusedAfter,
            SchemaMigrator migrator) {
        this.retryRefusedAfter = retryRefusedAfter;
        this.dialect = SqlDialect.fromJdbcUrl(jdbcUrl);
        this.jdbcUrl = dialect == SqlDialect.H2 ? withH2Defaults(jdbcUrl) : jdbcUrl;
        this.username = username.orElse("");
        this.password = password.orElse("");
        Scrubber.registerSecret(this.password);
        java.util.regex.Matcher inUrl = java.util.regex.Pattern.compile("(?i)password=([^;&]+)").matcher(jdbcUrl);
        while (inUrl.find()) {
            Scrubber.registerSecret(inUrl.group(1));
        }
        this.maxPoolSize = maxPoolSize;
        this.migrator = migrator;
    }

    /** H2 folds unquoted names to upper case; lower case keeps one spelling of our tables everywhere. */
    static String withH2Defaults(String url) {
        return url.toUpperCase().contains("DATABASE_TO_LOWER") ? url : url + ";DATABASE_TO_LOWER=TRUE";
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * The pool, opened and migrated on first use. A database that cannot be reached fails with
     * {@link TargetUnavailableException} (retried later); a migration that fails is permanent.
     */
    public DataSource dataSource() {
        AgroalDataSource ds = dataSource;
        if (ds == null) {
            synchronized (this) {
                if (dataSource == null) {
                    TargetConfigurationException last = refused;
                    if (last != null && Instant.now().isBefore(refusedAt.plus(retryRefusedAfter))) {
                        throw last;
                    }
                    dataSource = open();
                    refused = null;
                }
                ds = dataSource;
            }
        }
        return ds;
    }

    /** Why the target refuses our settings (login, database, host), while it does; empty otherwise. */
    public Optional<String> configurationError() {
        TargetConfigurationException last = refused;
        return last == null ? Optional.empty() : Optional.of(last.getMessage());
    }

    /** The target pool for camel-jdbc endpoints ({@code jdbc:target}) and other beans. */
    @Produces
    @Named("target")
    DataSource targetDataSource() {
        return new LazyDataSource(this::dataSource);
    }

    /** A description of the target without credentials, for logs and health. */
    public String describe() {
        return dialect + " " + jdbcUrl.replaceAll("(?i)(password|user)=[^;&]*", "$1=***");
    }

    /** Which SQL errors mean the connection itself is broken, in the target's own codes. */
    private AgroalConnectionPoolConfiguration.ExceptionSorter exceptionSorter() {
        return switch (dialect) {
            case POSTGRESQL -> new PostgreSQLExceptionSorter();
            case MARIADB -> new MySQLExceptionSorter();
            case H2 -> AgroalConnectionPoolConfiguration.ExceptionSorter.fatalExceptionSorter();
        };
    }

    private AgroalDataSource open() {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .metricsEnabled(false)
                .connectionPoolConfiguration(pool -> pool
                        .maxSize(maxPoolSize)
                        .minSize(0)
                        .initialSize(0)
                        .acquisitionTimeout(Duration.ofSeconds(30))
                        .validationTimeout(Duration.ofSeconds(30))
                        // After a database restart every pooled connection is dead. Without a validator and an
                        // exception sorter the pool kept handing them out ("This connection has been closed")
                        // and the service never recovered: a failed connection is now discarded, and one that
                        // sat idle is checked before it is lent again.
                        .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidatorWithTimeout(5))
                        .idleValidationTimeout(Duration.ofSeconds(2))
                        .exceptionSorter(exceptionSorter())
                        .connectionFactoryConfiguration(factory -> {
                            factory.jdbcUrl(jdbcUrl)
                                    .connectionProviderClassName(driverClass())
                                    .autoCommit(true);
                            if (!username.isEmpty()) {
                                factory.principal(new NamePrincipal(username));
                            }
                            if (!password.isEmpty()) {
                                factory.credential(new SimplePassword(password));
                            }
                            // Batched upserts become multi-row statements on the wire.
                            if (dialect == SqlDialect.POSTGRESQL) {
                                factory.jdbcProperty("reWriteBatchedInserts", "true");
                                // No "Detail: Failing row contains (…)" and no statement with its values in errors.
                                factory.jdbcProperty("logServerErrorDetail", "false");
                            }
                            if (dialect == SqlDialect.MARIADB) {
                                factory.jdbcProperty("useBulkStmts", "true");
                            }
                            return factory;
                        }));
        AgroalDataSource ds;
        try {
            ds = AgroalDataSource.from(config);
        } catch (SQLException e) {
            throw new TargetUnavailableException("Cannot open a pool for the target database " + describe() + ": "
                    + e.getMessage(), e);
        }
        try {
            ds.getConnection().close();
        } catch (SQLException e) {
            ds.close();
            Optional<String> fault = TargetConfigurationException.settingAtFault(e);
            if (fault.isPresent()) {
                TargetConfigurationException refusal = new TargetConfigurationException("The target database "
                        + describe() + " refused the connection (" + fault.get() + "): " + e.getMessage(), e);
                if (refused == null || !refused.getMessage().equals(refusal.getMessage())) {
                    LOG.error(refusal.getMessage() + "; not retried before " + retryRefusedAfter);
                }
                refused = refusal;
                refusedAt = Instant.now();
                throw refusal;
            }
            throw new TargetUnavailableException("Cannot connect to the target database " + describe() + ": "
                    + DatabaseReason.of(e), e);
        }
        try {
            migrator.migrate(ds, dialect);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        LOG.infof("Target database ready: %s", describe());
        return ds;
    }

    private String driverClass() {
        return switch (dialect) {
            case H2 -> "org.h2.Driver";
            case POSTGRESQL -> "org.postgresql.Driver";
            case MARIADB -> "org.mariadb.jdbc.Driver";
        };
    }

    /**
     * Opens (and migrates) the target beside the rest of the start, on its own thread: readiness and the first
     * pull need it, and would otherwise begin the migration only when they first ask. Whoever asks meanwhile waits
     * for the same opening; a failure here is only noted, because the next use tries again and reports it. It
     * begins as Camel begins to build its routes (not at Quarkus' start event, which comes after them), so the
     * migration overlaps the route building; after {@link io.mahaksync.SettingsCheck}, whose one-line report of
     * wrong settings comes first.
     */
    void openAtStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) BeforeConfigure event) {
        Thread opening = new Thread(() -> {
            try {
                dataSource();
            } catch (RuntimeException e) {
                LOG.debugf("Opening the target database at start-up failed; it is tried again on use: %s",
                        Scrubber.scrub(e.getMessage()));
            }
        }, "mahak-target-open");
        opening.setDaemon(true);
        opening.start();
    }

    /**
     * Closed when the container ends, after Camel has stopped. Quarkus' ShutdownEvent comes before Camel's stop,
     * while the routes still end their in-flight work (a page commits or rolls back, a failure is kept as a dead
     * letter): a pool closed then turned a clean stop into "pool is closed" warnings.
     */
    @PreDestroy
    void close() {
        AgroalDataSource ds = dataSource;
        if (ds != null) {
            ds.close();
        }
    }
}
