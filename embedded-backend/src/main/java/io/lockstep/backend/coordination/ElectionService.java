package io.lockstep.backend.coordination;

import java.util.List;

/** Leader elections and group membership, as each coordinator provides them. Thread-safe. */
public interface ElectionService {

    /** Joins the election {@code name} as {@code participant}; leadership may come at once or later. */
    Election join(String name, Holder participant);

    /** Every election with its leader, participants and term. */
    List<ElectionInfo> elections();

    /** Joins {@code group} as {@code memberId} with a payload; membership ends with the session. */
    Membership joinGroup(String group, String memberId, String payload);

    /** The members of {@code group} now. */
    List<MemberInfo> members(String group);

    /**
     * Makes whoever leads {@code name} in {@code term} give leadership up, from any node (an operator's
     * step-down). The next participant in line takes over; the old leader rejoins at the back.
     *
     * @return false when {@code term} is not the current term (leadership has moved on meanwhile)
     */
    boolean resign(String name, long term);
}
