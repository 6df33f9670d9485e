package io.lockstep.views.action;

/**
 * What the confirmation dialog says before an action is sent.
 *
 * @param consequences what will happen, in the operator's terms
 * @param typedName    for {@link Friction#TYPE_NAME}: the text the operator must type
 */
public record Confirmation(String title, String consequences, String confirmLabel, Friction friction,
                           String typedName) {

    public static Confirmation plain(String title, String consequences, String confirmLabel) {
        return new Confirmation(title, consequences, confirmLabel, Friction.CONFIRM, null);
    }
}
