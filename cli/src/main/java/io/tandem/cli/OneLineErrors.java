package io.tandem.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every user-facing failure into one line on stderr and a non-zero exit code: 2 for a bad
 * command line, 1 for a command that failed. Stack traces only with TANDEM_DEBUG=1.
 */
final class OneLineErrors {

    static final int BAD_USAGE = 2;
    static final int FAILED = 1;

    private OneLineErrors() {}

    static int onBadParameters(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr()
                .println(
                        "tandem: "
                                + e.getMessage()
                                + " (see '"
                                + cmd.getCommandSpec().qualifiedName()
                                + " --help')");
        return BAD_USAGE;
    }

    static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
        if (System.getenv("TANDEM_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + describe(e));
        return FAILED;
    }

    private static String describe(Throwable e) {
        // The innermost message usually says what the user can act on; keep it to one line.
        Throwable t = e;
        while (t.getCause() != null
                && (t.getMessage() == null
                        || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        if (t instanceof java.nio.file.FileSystemException fs) {
            return "cannot use "
                    + fs.getFile()
                    + ": "
                    + (fs.getReason() != null ? fs.getReason() : t.getClass().getSimpleName());
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replace('\n', ' ').strip();
    }
}
