package io.tandem.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest (set by Maven), or "dev" when run from classes. */
public final class TandemVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TandemVersion.class.getPackage().getImplementationVersion();
        return new String[] {"tandem " + (version == null ? "dev" : version)};
    }
}
