package io.lockstep.backend.driver;

/** One access rule as the driver sees it in an {@code update_access} call. Immutable. */
public record AccessChange(String id, String accessType, String accessTo, String accessLevel) {

    /** What the storage made of one added rule: applied (with a key, for cephx), or refused and why. */
    public record Result(boolean applied, String accessKey, String reason) {
        public static Result applied(String accessKey) {
            return new Result(true, accessKey, null);
        }

        public static Result refused(String reason) {
            return new Result(false, null, reason);
        }
    }
}
