package io.lockstep.backend.coordination;

/** One member of a group as any node sees it. */
public record MemberInfo(String group, String memberId, String payload) {
}
