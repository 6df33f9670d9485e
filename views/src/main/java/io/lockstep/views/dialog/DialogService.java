package io.lockstep.views.dialog;

import io.lockstep.views.action.Confirmation;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every question the console asks the operator goes through here, so friction is scaled to risk in
 * one place and tests can answer for the operator. Called on the FX thread.
 */
public interface DialogService {

    /** Shows the consequences; for a typed confirmation, OK is enabled only once the name is typed. */
    boolean confirm(Confirmation confirmation);

    /**
     * Asks for one value, validated as the operator types.
     *
     * @param validator the problem with the text, or null when it is acceptable
     */
    Optional<String> askText(String title, String prompt, String initial, Function<String, String> validator);

    Optional<String> choose(String title, String prompt, List<String> choices);

    Optional<CreateShareForm.Values> createShare(CreateShareForm form);
}
