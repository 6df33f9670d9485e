package io.lockstep.app;

import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns whatever stopped the start into one sentence an operator can act on. */
final class StartupFailure {

    private StartupFailure() {
    }

    static String explain(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StartupException s) {
                return s.getMessage();
            }
            String m = String.valueOf(c.getMessage());
            if (m.contains("Database may be already in use") || m.contains("file is locked")
                    || m.contains("Locked by another process")) {
                return "The lab's database is in use by another Lockstep console (or service). Close it, or "
                        + "start this one with --scratch or --data-dir DIR.";
            }
            if (c instanceof BindException || m.contains("Address already in use") || m.contains("Failed to bind")) {
                return "The service could not listen on 127.0.0.1: " + m + ". Close whatever holds the port and "
                        + "try again.";
            }
            if (c instanceof AccessDeniedException) {
                return "Permission denied: " + m + ". Choose a folder you can write with --data-dir DIR.";
            }
            if (c instanceof NoSuchFileException) {
                return "File not found: " + m + ".";
            }
            if (c instanceof ConnectException) {
                return "Nothing answers at that address: " + m + ". Is the service running?";
            }
        }
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "The console could not start: " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
