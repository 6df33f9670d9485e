package io.lockstep.app;

import io.lockstep.views.action.Confirmation;
import io.lockstep.views.dialog.CreateShareForm;
import io.lockstep.views.dialog.DialogService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** An operator who confirms everything (typing the name asked for) and is asked nothing else; keeps what was asked. */
final class Agreeing implements DialogService {

    final List<Confirmation> asked = new ArrayList<>();

    @Override
    public boolean confirm(Confirmation confirmation) {
        asked.add(confirmation);
        return true;
    }

    @Override
    public Optional<String> askText(String title, String prompt, String initial, Function<String, String> validator) {
        return Optional.empty();
    }

    @Override
    public Optional<String> choose(String title, String prompt, List<String> choices) {
        return Optional.empty();
    }

    @Override
    public Optional<CreateShareForm.Values> createShare(CreateShareForm form) {
        return Optional.empty();
    }
}
