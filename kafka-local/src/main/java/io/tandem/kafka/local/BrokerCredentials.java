package io.tandem.kafka.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The secured local broker's principals and their SCRAM-SHA-512 passwords (over TLS, {@link
 * BrokerCertificates}), kept in {@code credentials.properties} of the secure directory
 * (owner-only), with one Kafka client properties file per principal ({@code
 * <principal>.properties}) that any Tandem command takes as {@code --kafka-config}. Created with
 * random passwords on first use and reused afterwards, so a broker kept in a data directory keeps
 * accepting the same clients.
 */
public final class BrokerCredentials {

    public static final String MECHANISM = "SCRAM-SHA-512";

    /** The broker's own principal (inter-broker traffic, topic and ACL administration). */
    public static final String ADMIN = "admin";

    /** One principal per role; {@code TopicAcls} says what each may do. */
    public static final List<String> PRINCIPALS =
            List.of(ADMIN, "edge", "device", "dashboard", "publisher");

    private static final String FILE = "credentials.properties";

    private final Path dir;
    private final Map<String, String> passwords;
    private final BrokerCertificates certificates;

    private BrokerCredentials(
            Path dir, Map<String, String> passwords, BrokerCertificates certificates) {
        this.dir = dir;
        this.passwords = passwords;
        this.certificates = certificates;
    }

    /** Reads the directory's credentials and certificates, creating any that are missing. */
    public static BrokerCredentials in(Path dir, String host) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE);
            Properties stored = new Properties();
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    stored.load(in);
                }
            }
            Map<String, String> passwords = new LinkedHashMap<>();
            SecureRandom random = new SecureRandom();
            boolean changed = false;
            for (String principal : PRINCIPALS) {
                String password = stored.getProperty(principal);
                if (password == null) {
                    byte[] bytes = new byte[18];
                    random.nextBytes(bytes);
                    password = HexFormat.of().formatHex(bytes);
                    stored.setProperty(principal, password);
                    changed = true;
                }
                passwords.put(principal, password);
            }
            BrokerCredentials credentials =
                    new BrokerCredentials(dir, passwords, BrokerCertificates.in(dir, host));
            if (changed) {
                writePrivate(file, out -> stored.store(out, "SCRAM-SHA-512 passwords"));
            }
            for (String principal : PRINCIPALS) {
                writePrivate(
                        credentials.clientConfig(principal),
                        out -> credentials.clientProperties(principal).store(out, principal));
            }
            return credentials;
        } catch (IOException e) {
            throw new LocalKafkaException(
                    "cannot keep broker credentials in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The secure directory these credentials are kept in. */
    public Path dir() {
        return dir;
    }

    public String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no principal " + principal);
        }
        return password;
    }

    /** The client properties file of {@code principal}, for {@code --kafka-config}. */
    public Path clientConfig(String principal) {
        return dir.resolve(principal + ".properties");
    }

    /** What a client authenticating as {@code principal} sets. */
    public Properties clientProperties(String principal) {
        Properties p = new Properties();
        p.setProperty("security.protocol", "SASL_SSL");
        p.setProperty("sasl.mechanism", MECHANISM);
        p.setProperty("sasl.jaas.config", jaas(principal));
        certificates.addClientSettings(p);
        return p;
    }

    BrokerCertificates certificates() {
        return certificates;
    }

    String jaas(String principal) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + principal
                + "\" password=\""
                + password(principal)
                + "\";";
    }

    /** The storage tool's {@code --add-scram} arguments: every principal's credential. */
    List<String> formatArguments() {
        return PRINCIPALS.stream()
                .flatMap(
                        p ->
                                Stream.of(
                                        "--add-scram",
                                        MECHANISM
                                                + "=[name="
                                                + p
                                                + ",password="
                                                + password(p)
                                                + "]"))
                .toList();
    }

    interface Output {
        void write(OutputStream out) throws IOException;
    }

    static void writePrivate(Path file, Output content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            content.write(out);
        }
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions protect it.
        }
        Files.move(
                temporary,
                file,
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
