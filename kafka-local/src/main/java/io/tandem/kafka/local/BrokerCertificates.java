package io.tandem.kafka.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A private certificate authority and the broker's TLS key pair signed by it, made with the JDK's
 * own {@code keytool} (nothing downloaded): {@code ca.p12} (the authority, never given to clients),
 * {@code broker.p12} (the broker's keystore: its key, its certificate for {@code 127.0.0.1} and
 * {@code localhost}, the authority's certificate), {@code truststore.p12} (the authority's
 * certificate alone, which clients trust). Created once in the secure directory and reused.
 */
public final class BrokerCertificates {

    private static final String TYPE = "PKCS12";
    private static final String PASSWORDS = "tls.properties";

    private final Path dir;
    private final String keystorePassword;
    private final String truststorePassword;

    private BrokerCertificates(Path dir, String keystorePassword, String truststorePassword) {
        this.dir = dir;
        this.keystorePassword = keystorePassword;
        this.truststorePassword = truststorePassword;
    }

    /** The directory's authority and broker keystore, made now if missing. */
    static BrokerCertificates in(Path dir, String host) {
        try {
            Path passwords = dir.resolve(PASSWORDS);
            if (Files.exists(passwords) && Files.exists(dir.resolve("broker.p12"))) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(passwords)) {
                    p.load(in);
                }
                return new BrokerCertificates(
                        dir, p.getProperty("keystore"), p.getProperty("truststore"));
            }
            BrokerCertificates created = new BrokerCertificates(dir, secret(), secret());
            created.make(host);
            Properties p = new Properties();
            p.setProperty("keystore", created.keystorePassword);
            p.setProperty("truststore", created.truststorePassword);
            BrokerCredentials.writePrivate(passwords, out -> p.store(out, "keystore passwords"));
            return created;
        } catch (IOException e) {
            throw new LocalKafkaException(
                    "cannot make TLS certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void make(String host) throws IOException {
        for (String f :
                List.of(
                        "ca.p12",
                        "broker.p12",
                        "truststore.p12",
                        "broker.csr",
                        "broker.crt",
                        "ca.crt")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        String ks = keystorePassword;
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=Tandem local CA",
                "-ext",
                "bc:c",
                "-validity",
                "3650",
                "-keystore",
                "ca.p12",
                "-storetype",
                TYPE,
                "-storepass",
                ks);
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + host,
                "-validity",
                "3650",
                "-keystore",
                "broker.p12",
                "-storetype",
                TYPE,
                "-storepass",
                ks);
        keytool(
                "-certreq",
                "-alias",
                "broker",
                "-keystore",
                "broker.p12",
                "-storepass",
                ks,
                "-file",
                "broker.csr");
        keytool(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                ks,
                "-infile",
                "broker.csr",
                "-outfile",
                "broker.crt",
                "-rfc",
                "-validity",
                "3650",
                "-ext",
                "SAN=ip:" + host + ",dns:localhost");
        keytool(
                "-exportcert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                ks,
                "-rfc",
                "-file",
                "ca.crt");
        keytool(
                "-importcert",
                "-alias",
                "ca",
                "-file",
                "ca.crt",
                "-keystore",
                "broker.p12",
                "-storepass",
                ks,
                "-noprompt");
        keytool(
                "-importcert",
                "-alias",
                "broker",
                "-file",
                "broker.crt",
                "-keystore",
                "broker.p12",
                "-storepass",
                ks);
        keytool(
                "-importcert",
                "-alias",
                "ca",
                "-file",
                "ca.crt",
                "-keystore",
                "truststore.p12",
                "-storetype",
                TYPE,
                "-storepass",
                truststorePassword,
                "-noprompt");
        Files.deleteIfExists(dir.resolve("broker.csr"));
    }

    private void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted running keytool", e);
        }
    }

    /** What the broker's SASL_SSL listener sets. */
    void addBrokerSettings(Properties p) {
        p.setProperty("ssl.keystore.type", TYPE);
        p.setProperty("ssl.keystore.location", dir.resolve("broker.p12").toString());
        p.setProperty("ssl.keystore.password", keystorePassword);
        p.setProperty("ssl.key.password", keystorePassword);
        addClientSettings(p); // the broker trusts the same authority, for its own connections
    }

    /** What a client sets to trust the broker (and check it is the one the authority signed). */
    void addClientSettings(Properties p) {
        p.setProperty("ssl.truststore.type", TYPE);
        p.setProperty("ssl.truststore.location", dir.resolve("truststore.p12").toString());
        p.setProperty("ssl.truststore.password", truststorePassword);
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
