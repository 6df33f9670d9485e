package io.lockstep.api.coordination;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One leader election.
 *
 * @param leader null while nobody leads
 * @param term   grows by one with every new leader
 * @param since  when the current term began (ISO-8601), null before the first
 * @param duties what its leader does, in words (empty when the service does not say)
 */
public record ElectionView(
        @JsonProperty("name") String name,
        @JsonProperty("leader") HolderView leader,
        @JsonProperty("participants") List<HolderView> participants,
        @JsonProperty("term") long term,
        @JsonProperty("since") String since,
        @JsonProperty("duties") List<String> duties) {

    public ElectionView {
        duties = duties == null ? List.of() : List.copyOf(duties);
    }

    public ElectionView(String name, HolderView leader, List<HolderView> participants, long term, String since) {
        this(name, leader, participants, term, since, List.of());
    }
}
