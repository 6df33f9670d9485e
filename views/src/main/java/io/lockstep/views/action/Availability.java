package io.lockstep.views.action;

/** Whether an action may be offered now, and if not, why (the button's tooltip). */
public record Availability(boolean allowed, String reason) {

    public static Availability allowed(String note) {
        return new Availability(true, note);
    }

    public static Availability refused(String reason) {
        return new Availability(false, reason);
    }
}
