package io.tandem.kafka.local.junit;

import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.LocalKafkaSettings;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real local broker per test JVM, shared by every suite that registers the extension,
 * and stops it when JUnit closes its root store. Test methods and constructors can take the {@link
 * LocalKafkaBroker} as a parameter.
 */
public final class LocalKafkaExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalKafkaExtension.class);

    @Override
    public boolean supportsParameter(
            ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(
            ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext
                .getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "broker",
                        key ->
                                new StoredBroker(
                                        LocalKafkaBroker.start(LocalKafkaSettings.ephemeral())),
                        StoredBroker.class)
                .broker();
    }

    /** Lets JUnit close the broker with the root store, after the last suite. */
    private record StoredBroker(LocalKafkaBroker broker)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            broker.close();
        }
    }
}
