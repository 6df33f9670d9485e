package io.lockstep.backend.driver;

/** A shrink was refused because the share holds more data than the new size (Manila's ShareShrinkingPossibleDataLoss). */
public final class PossibleDataLossException extends DriverException {

    public PossibleDataLossException(String message) {
        super(message);
    }
}
